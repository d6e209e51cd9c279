/*---
id: env-child-printenv
title: Ask a child process for the environment (printenv, and its parent's environ)
category: env
goal: Read WORKBENCH_CANARY through a spawned shell: its own inherited environment, and /proc/$PPID/environ of the process that spawned it.
technique: execFileSync('/bin/sh', ['-c', 'printenv …; tr < /proc/$PPID/environ']) — the shell inherits process.env, and its parent is the real OS process (for a worker thread: the host itself, whose environ holds the canary).
references: https://nodejs.org/api/child_process.html#child_processexecfilesyncfile-args-options, https://nodejs.org/api/permissions.html#child-process-permissions
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
let out = 'no process object';
if (P) {
  try {
    const script =
      'echo "own: $(printenv WORKBENCH_CANARY)"; echo "parent: $(tr "\\0" "\\n" < /proc/$PPID/environ | grep ^WORKBENCH_CANARY=)"';
    out = P.getBuiltinModule('node:child_process').execFileSync('/bin/sh', ['-c', script], {
      encoding: 'utf8',
      timeout: 800,
    });
  } catch (e) {
    out = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log('child said:', out);
out;
