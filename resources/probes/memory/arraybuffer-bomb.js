/*---
id: arraybuffer-bomb
title: Fill memory with ArrayBuffers outside the JS heap
category: memory
goal: Allocate backing stores far past the budget; resourceLimits and --max-old-space-size only bound the JS heap.
technique: 16 MB ArrayBuffers live outside the V8 heap; every page is written so the memory is really resident.
references: https://nodejs.org/api/worker_threads.html#new-workerfilename-options, https://github.com/nodejs/node/issues/23003
limits: timeout=3000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed; host+isolated-vm = contained; worker+isolated-vm = contained; process+isolated-vm = any; os-sandbox+isolated-vm = any
---*/
// A fresh ArrayBuffer is zero pages the kernel has not handed out yet: without the fill an RSS watchdog would
// see nothing. 96 x 16 MB = 1.5 GB caps the `host` boundary, where nothing bounds it.
// In the host's or a worker's thread an isolate refuses the allocation past its memoryLimit with a catchable
// RangeError: the budget holds and the run ends with the guest's own error. In a child that refusal races the
// RSS watchdog (either stops it), hence `any` there.
const keep = [];
for (let i = 0; i < 96; i++) {
  const buffer = new ArrayBuffer(16 * 1024 * 1024);
  new Uint8Array(buffer).fill(1);
  keep.push(buffer);
}
`kept ${keep.length} ArrayBuffers of 16 MB`;
