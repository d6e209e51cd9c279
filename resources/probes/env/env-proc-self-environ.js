/*---
id: env-proc-self-environ
title: Read the environment canary from /proc/self/environ
category: env
goal: Read the environment the kernel recorded at exec time for the guest's process, bypassing whatever process.env was replaced with.
technique: /proc/self/environ is the initial environment block of the whole process; a worker thread's `env` option only changes the JS copy, so a thread of the host still reads the host's environment there.
references: https://man7.org/linux/man-pages/man5/proc_pid_environ.5.html, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
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
    const entries = P.getBuiltinModule('node:fs').readFileSync('/proc/self/environ', 'latin1').split('\0');
    found = entries.find((e) => e.startsWith('WORKBENCH_CANARY=')) || `not there (${entries.length - 1} variables)`;
  } catch (e) {
    found = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log('/proc/self/environ:', found);
found;
