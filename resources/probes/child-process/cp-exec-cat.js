/*---
id: cp-exec-cat
title: execFileSync / execSync a shell that reads canary.txt
category: child-process
goal: Start a process (a child-process breach by itself) and have it read canary.txt next to the jail, outside any JavaScript-level check.
technique: execFileSync('cat', [runDir/canary.txt]) and execSync through /bin/sh; the shell lingers 300 ms (sleep) so the process tree sampling sees it.
references: https://nodejs.org/api/child_process.html#child_processexecsynccommand-options, https://nodejs.org/api/permissions.html#child-process-permissions
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
const results = {};
if (P) {
  const cp = P.getBuiltinModule('node:child_process');
  const runDir = P.cwd().endsWith('/jail') ? P.cwd().slice(0, -'/jail'.length) : P.cwd();
  const opts = { encoding: 'utf8', timeout: 900, stdio: ['ignore', 'pipe', 'pipe'] };
  try {
    results.execFile = cp.execFileSync('cat', [`${runDir}/canary.txt`], opts).trim();
  } catch (e) {
    results.execFile = e.code || String(e.stderr || e.message).trim();
  }
  try {
    results.shell = cp.execSync(`cat '${runDir}/canary.txt'; sleep 0.3`, opts).trim();
  } catch (e) {
    results.shell = e.code || String(e.stderr || e.message).trim();
  }
}
console.log('child processes said:', P ? JSON.stringify(results) : 'no process object');
results;
