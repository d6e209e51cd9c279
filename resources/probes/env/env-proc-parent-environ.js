/*---
id: env-proc-parent-environ
title: Read the environment of the parent processes through /proc/<ppid>/environ
category: env
goal: Read WORKBENCH_CANARY from an ancestor's environment: a child process guest's parent is the host, which always carries the canary whatever env the child was given (inside bubblewrap the visible parent is bwrap, started with the child's env); under host and worker the host's parent is its PID namespace's init, started with the host's environment (measured in every full matrix since run containment).
technique: Walk the ppid chain through /proc/<pid>/stat and read each ancestor's /proc/<pid>/environ (readable for processes of the same user); the guest's own process is left out (see env-proc-self-environ).
references: https://man7.org/linux/man-pages/man5/proc_pid_environ.5.html, https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
expect: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped; process = escaped; process+vm = escaped; os-sandbox = escaped; os-sandbox+vm = escaped
expect-hardened: * = contained
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
const seen = [];
if (P) {
  const fs = P.getBuiltinModule('node:fs');
  let pid = P.ppid;
  for (let n = 0; pid > 0 && n < 6; n++) {
    let hit;
    try {
      hit = fs
        .readFileSync(`/proc/${pid}/environ`, 'latin1')
        .split('\0')
        .find((e) => e.startsWith('WORKBENCH_CANARY='));
    } catch (e) {
      hit = e.code;
    }
    seen.push(`${pid}: ${hit || 'no canary'}`);
    try {
      pid = Number(
        fs
          .readFileSync(`/proc/${pid}/stat`, 'latin1')
          .replace(/^.*\) /s, '')
          .split(' ')[1],
      );
    } catch {
      break;
    }
  }
}
console.log('ancestors:', P ? JSON.stringify(seen) : 'no process object');
seen;
