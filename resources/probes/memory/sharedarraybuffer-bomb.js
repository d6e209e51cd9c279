/*---
id: sharedarraybuffer-bomb
title: Fill memory with SharedArrayBuffers
category: memory
goal: Allocate shared backing stores past the budget; they are reference-counted across threads, outside the JS heap.
technique: 16 MB SharedArrayBuffers, each filled so resident, kept reachable.
references: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/SharedArrayBuffer, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
limits: timeout=3000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed; host+isolated-vm = contained; worker+isolated-vm = contained; process+isolated-vm = any; os-sandbox+isolated-vm = any
---*/
// A shared backing store is accounted differently from a plain ArrayBuffer (it may outlive the isolate that
// made it): a watchdog that reads one number may not see it. 96 x 16 MB = 1.5 GB caps the `host` run.
// In the host's or a worker's thread an isolate refuses the allocation past its memoryLimit with a catchable
// RangeError: the budget holds and the run ends with the guest's own error. In a child that refusal races the
// RSS watchdog (either stops it), hence `any` there.
if (typeof SharedArrayBuffer !== 'function') 'no SharedArrayBuffer in this realm';
else {
  const keep = [];
  for (let i = 0; i < 96; i++) {
    const buffer = new SharedArrayBuffer(16 * 1024 * 1024);
    new Uint8Array(buffer).fill(1);
    keep.push(buffer);
  }
  `kept ${keep.length} SharedArrayBuffers of 16 MB`;
}
