/*---
id: setimmediate-chain
title: An endless chain of setImmediate callbacks
category: async
goal: Keep the event loop spinning at full speed after the script returned, each turn yielding only for an instant.
technique: Every setImmediate callback schedules the next one, so the loop never sleeps and never empties. Under node:vm the function comes from the realm outside.
references: https://nodejs.org/api/timers.html#setimmediatecallback-args, https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
limits: timeout=1000
expect: * = limit-enforced; *+isolated-vm = contained; *+quickjs = contained
---*/
// The loop still reaches its poll phase between turns, so messages to the thread (stop, terminate) get
// through; the run only ends by the deadline. Isolates and QuickJS have no setImmediate.
let immediate = typeof setImmediate === 'function' ? setImmediate : undefined;
try {
  immediate ??= this.constructor.constructor('return setImmediate')();
} catch {}
const next = () => immediate(next);
if (immediate) next();
immediate ? 'chain started' : 'no setImmediate in this realm';
