/*---
id: deferred-spin
title: A busy loop deferred past the end of the script
category: async
goal: Run unbounded CPU work after the evaluator's synchronous timeout stopped watching (the "async operation limit" none of new Function, vm or plain workers give).
technique: The script returns at once; a timer callback it scheduled then spins forever. Under node:vm the timer comes from the realm outside, so the callback runs outside the context's timeout.
references: https://nodejs.org/api/vm.html#timeout-interactions-with-asynchronous-tasks-and-promises, https://nodejs.org/api/worker_threads.html#workerterminate
limits: timeout=1000
expect: * = limit-enforced; *+isolated-vm = contained; *+quickjs = contained
---*/
// The result is reported before the spin starts; what ends the run is the boundary's stop at the deadline
// (terminate, SIGKILL, or under `host` killing the whole host). Isolates and QuickJS have no timers.
let timer = typeof setTimeout === 'function' ? setTimeout : undefined;
try {
  timer ??= this.constructor.constructor('return setTimeout')();
} catch {}
timer?.(() => {
  for (;;);
}, 20);
timer ? 'spin scheduled' : 'no timers in this realm';
