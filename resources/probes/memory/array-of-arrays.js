/*---
id: array-of-arrays
title: An array of many 1,000-element arrays
category: memory
goal: Grow the heap past the budget with medium-sized arrays, the pattern that once left an isolated-vm run unsettled.
technique: Keep 1,000-element arrays of doubles reachable from one outer array until the heap limit is hit.
references: https://github.com/laverdet/isolated-vm#class-isolate, https://nodejs.org/api/worker_threads.html#new-workerfilename-options
limits: timeout=3000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed
---*/
// 8 KB per array: 190,000 arrays is about 1.5 GB, the cap for the `host` boundary.
const outer = [];
for (let i = 0; i < 190_000; i++) outer.push(new Array(1000).fill(i + 0.5));
`kept ${outer.length} arrays`;
