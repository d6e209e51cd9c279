/*---
id: wasm-memory-grow-bomb
title: Grow a WebAssembly.Memory
category: memory
goal: Grow WebAssembly linear memory past the budget; it is an ArrayBuffer outside the JS heap.
technique: WebAssembly.Memory.grow adds 64 KiB pages; every new 16 MB step is written so it is resident.
references: https://developer.mozilla.org/en-US/docs/WebAssembly/Reference/JavaScript_interface/Memory/grow, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
limits: timeout=3000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed; *+quickjs = contained
---*/
// QuickJS has no WebAssembly object: nothing to attack there. 24,576 pages = 1.5 GB caps the `host` run.
if (typeof WebAssembly !== 'object') 'no WebAssembly in this realm';
else {
  const STEP = 256; // pages of 64 KiB: 16 MB
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 24_577 });
  for (let i = 0; i < 96; i++) {
    const from = memory.grow(STEP) * 65536;
    new Uint8Array(memory.buffer, from, STEP * 65536).fill(1);
  }
  `grew to ${memory.buffer.byteLength / 1048576} MB`;
}
