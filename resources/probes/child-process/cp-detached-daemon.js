/*---
id: cp-detached-daemon
title: A detached, unref'd daemon that outlives the run
category: child-process
goal: Start a process that leaves the host's process group and keeps running after the guest ends — the shape of a persistence implant.
technique: spawn('sleep', ['2'], { detached: true, stdio: 'ignore' }).unref(): a new session and process group, nothing keeping the guest waiting; the supervisor must still find and end it.
references: https://nodejs.org/api/child_process.html#optionsdetached, https://man7.org/linux/man-pages/man2/setsid.2.html
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
let result = 'no process object';
if (P) {
  try {
    // A short sleep: harmless if it survives, long enough to be seen.
    const child = P.getBuiltinModule('node:child_process').spawn('sleep', ['2'], { detached: true, stdio: 'ignore' });
    child.on('error', (e) => console.log('spawn error:', e.code));
    child.unref();
    result = `daemon started: pid ${child.pid}`;
  } catch (e) {
    result = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
}
console.log(result);
result;
