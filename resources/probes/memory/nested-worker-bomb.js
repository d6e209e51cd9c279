/*---
id: nested-worker-bomb
title: A chain of worker threads, each allocating
category: memory
goal: Hold memory far past the budget in threads the guest starts itself, outside the limits placed on the guest's own thread.
technique: Each worker starts the next (5 deep), writes 200 MB (1 GB in all) and holds it until its child exits; resourceLimits are not inherited by nested workers.
references: https://nodejs.org/api/worker_threads.html#new-workerfilename-options, https://nodejs.org/api/permissions.html#permission-model
limits: timeout=4000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = contained; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = contained; *+isolated-vm = contained; *+quickjs = contained; process = contained; process+vm = contained; os-sandbox = contained; os-sandbox+vm = contained
---*/
// Under node:vm the outer realm's `process` is one constructor chain away; isolates and QuickJS have none.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const wt = P?.getBuiltinModule?.('node:worker_threads');
if (!wt) 'no worker_threads in this realm';
else {
  // The child starts before the parent writes its 200 MB, so the chain fills in parallel and ends well
  // before the deadline: whatever stops it (or fails to) is a memory mechanism, not the clock.
  const code = `const { Worker, workerData: d } = require('node:worker_threads');
    const child = d.depth < 5 ? new Worker(d.code, { eval: true, workerData: { ...d, depth: d.depth + 1 } }) : null;
    const held = new Uint8Array(200 * 1024 * 1024).fill(1);
    Atomics.add(d.count, 0, 1);
    child?.on('exit', () => held[0]);`;
  const count = new Int32Array(new SharedArrayBuffer(4));
  new Promise((resolve, reject) => {
    const top = new wt.Worker(code, { eval: true, workerData: { code, depth: 1, count } });
    top.on('error', reject).on('exit', () => resolve(`${Atomics.load(count, 0)} workers held 200 MB each`));
  });
}
