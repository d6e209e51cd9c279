/*---
id: env-diagnostic-report
title: The diagnostic report lists the process environment
category: env
goal: Read WORKBENCH_CANARY from process.report.getReport(), which reads the OS-level environment of the process rather than the JS process.env.
technique: The report's environmentVariables section comes from the C environ of the process (uv_os_environ), so a worker thread whose process.env was replaced by the env option still sees the host's variables there.
references: https://nodejs.org/api/report.html, https://nodejs.org/api/process.html#processreportgetreporterr
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
const P =
  typeof process !== 'undefined'
    ? process
    : (() => {
        try {
          return this.constructor.constructor('return process')();
        } catch {
          return undefined;
        }
      })();
let found = 'no process object';
if (P) {
  try {
    const vars = P.report.getReport().environmentVariables || {};
    found = vars.WORKBENCH_CANARY
      ? `WORKBENCH_CANARY=${vars.WORKBENCH_CANARY}`
      : `not there (${Object.keys(vars).join(',')})`;
  } catch (e) {
    found = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log('report environment:', found);
found;
