/*---
id: settimeout-chain
title: An endless chain of setTimeout callbacks
category: async
goal: Keep running after the script itself returned, as a chain of timer callbacks no synchronous timeout sees.
technique: Every callback schedules the next one; the event loop never empties. Under node:vm the timers come from the realm outside the context.
references: https://nodejs.org/api/timers.html#settimeoutcallback-delay-args, https://nodejs.org/api/vm.html#timeout-interactions-with-asynchronous-tasks-and-promises
limits: timeout=1000
expect: * = limit-enforced; *+isolated-vm = contained; *+quickjs = contained
---*/
// node:vm hides setTimeout, but the context's constructor chain reaches the outer realm's Function and its
// globals. Isolates and QuickJS have no timers at all: the script has nothing to keep alive there.
let timer = typeof setTimeout === 'function' ? setTimeout : undefined;
try {
  timer ??= this.constructor.constructor('return setTimeout')();
} catch {}
let ticks = 0;
const next = () => timer(() => (++ticks, next()), 1);
if (timer) next();
timer ? 'chain started' : 'no timers in this realm';
