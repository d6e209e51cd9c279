/*---
id: microtask-chain
title: An endless chain of promise reactions
category: async
goal: Starve the event loop with microtasks: no timer, I/O or message handler of the guest's thread runs again.
technique: Each reaction queues the next with Promise.resolve().then(loop); the queue never drains, and the completion value is a promise that waits on it forever.
references: https://nodejs.org/api/vm.html#timeout-interactions-with-asynchronous-tasks-and-promises, https://html.spec.whatwg.org/multipage/webappapis.html#perform-a-microtask-checkpoint
limits: timeout=1000
expect: * = limit-enforced
---*/
// Promises are built into every engine, so this works in isolates and QuickJS too (QuickJS only runs jobs
// while a completion promise is pending, hence the pending result). Each reaction's promise is dropped, so
// memory stays flat: only the clock can end it. A thread starved this way cannot answer a cooperative stop.
const loop = () => {
  Promise.resolve().then(loop);
};
new Promise(() => loop());
