/*---
id: sab-counter-clock
title: A SharedArrayBuffer counter incremented by a worker, used as a clock
category: timing
goal: Build a clock finer than any the guest is given: a thread that increments a shared counter as fast as it can; reading the counter times events to a few nanoseconds even where performance.now() is coarsened or absent.
technique: new Worker(code, { eval: true }) spins on Atomics.add(counter, 0, 1) over a SharedArrayBuffer; the guest calibrates ticks against Date.now() over 50 ms and reports one tick's length. This is why browsers gate SharedArrayBuffer behind cross-origin isolation. A measurement, not an escape: the cell is contained and its note says what was measured.
references: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/SharedArrayBuffer#security_requirements, https://gruss.cc/files/fantastictimers.pdf, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
limits: timeout=5000
expect: * = contained
---*/
// Needs a thread: the Node boundaries have worker_threads (under vm through the outer realm's process, as
// the other probes climb), isolated-vm and QuickJS have none, and the hardened policy denies workers in a
// child process (the Permission Model's --allow-worker).
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
async function probe() {
  if (typeof SharedArrayBuffer !== 'function') return 'no SharedArrayBuffer';
  let Worker;
  try {
    ({ Worker } = P.getBuiltinModule('node:worker_threads'));
  } catch (e) {
    return `no threads (${e.message})`;
  }
  const { setTimeout } = P.getBuiltinModule('node:timers'); // a vm context has no timers
  const sab = new SharedArrayBuffer(8);
  const counter = new Int32Array(sab);
  let w;
  try {
    w = new Worker(
      "const { workerData } = require('node:worker_threads'); const c = new Int32Array(workerData); for (;;) Atomics.add(c, 0, 1);",
      { eval: true, workerData: sab, env: {} },
    );
  } catch (e) {
    return `no counter thread: ${e.code || e.name}`;
  }
  try {
    const started = Date.now();
    while (Atomics.load(counter, 0) === 0) {
      if (Date.now() - started > 2000) return 'the counter thread never started';
      await new Promise((r) => setTimeout(r, 1));
    }
    // Calibrate on Date.now() edges: from one millisecond edge to the edge 50 ms later.
    let edge = Date.now();
    while (Date.now() === edge);
    edge = Date.now();
    const c0 = Atomics.load(counter, 0);
    while (Date.now() < edge + 50);
    const ticks = Atomics.load(counter, 0) - c0;
    const ns = (50 * 1e6) / ticks;
    return `one tick ${ns < 1000 ? `${ns.toFixed(1)} ns` : `${(ns / 1000).toFixed(2)} µs`} (${ticks} ticks in 50 ms)`;
  } finally {
    await w.terminate();
  }
}
P
  ? probe().then((m) => {
      console.log('SharedArrayBuffer clock:', m);
      return m;
    })
  : 'no process object';
