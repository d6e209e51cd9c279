/*---
id: throw-in-timer
title: Throw from inside a timer callback
category: crash
goal: Raise an uncaught exception outside any try/catch of the runtime, after the script returned, to crash the process it runs in.
technique: A setTimeout callback throws; under node:vm the timer comes from the realm outside, so the exception surfaces in that realm's event loop.
references: https://nodejs.org/api/process.html#event-uncaughtexception, https://nodejs.org/api/vm.html#timeout-interactions-with-asynchronous-tasks-and-promises
expect: * = contained
---*/
// Without an 'uncaughtException' handler this ends a Node process. Isolates and QuickJS have no timers.
let timer = typeof setTimeout === 'function' ? setTimeout : undefined;
try {
  timer ??= this.constructor.constructor('return setTimeout')();
} catch {}
timer?.(() => {
  throw new Error('thrown from a timer');
}, 20);
timer ? 'timer armed' : 'no timers in this realm';
