/*---
id: nexttick-flood
title: A process.nextTick flood
category: async
goal: Starve the event loop through Node's nextTick queue, which drains completely before anything else runs.
technique: Every nextTick callback queues two more (bounded at 10,000 outstanding, then one for one); the queue never empties. Under node:vm `process` comes from the realm outside.
references: https://nodejs.org/api/process.html#processnexttickcallback-args, https://nodejs.org/en/learn/asynchronous-work/understanding-processnexttick
limits: timeout=1000
expect: * = limit-enforced; *+isolated-vm = contained; *+quickjs = contained
---*/
// Doubling fills the queue fast; the cap keeps its memory small, so what stops it is the clock, not a memory limit.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
let queued = 0;
const tick = () => {
  P.nextTick(tick);
  if (queued < 10_000) (queued++, P.nextTick(tick));
};
if (P?.nextTick) tick();
P?.nextTick ? 'flood started' : 'no process.nextTick in this realm';
