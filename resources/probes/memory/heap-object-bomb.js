/*---
id: heap-object-bomb
title: Fill the JS heap with small objects
category: memory
goal: Grow the garbage-collected heap far past the run's memory budget without being stopped.
technique: Keep every allocated object reachable from one array, so the collector can free nothing and the heap only grows.
references: https://nodejs.org/api/worker_threads.html#new-workerfilename-options, https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib
limits: timeout=6000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed
---*/
// ~64 bytes per object plus its slot: 24M objects is about 1.5 GB, the cap that keeps a `host` run (where
// nothing bounds the heap) from taking the machine down; past it the probe reports what it got. Near a heap
// limit the collector thrashes for seconds before giving up (3.3 s to an isolate's limit on a loaded 2-core
// machine), hence the long deadline: the memory limit, not the clock, should be what ends it.
const keep = [];
const CAP = 24_000_000;
for (let i = 0; i < CAP; i++) keep.push({ i, s: 'x', n: null });
`kept ${keep.length} objects`;
