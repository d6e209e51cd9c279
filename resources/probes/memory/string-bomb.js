/*---
id: string-bomb
title: Fill memory with large flat strings
category: memory
goal: Allocate strings far past the run's memory budget without being stopped.
technique: Build 16 MB strings with String.prototype.repeat and force V8 to flatten each rope into one contiguous copy; all are kept reachable.
references: https://nodejs.org/api/worker_threads.html#new-workerfilename-options, https://v8.dev/blog/fast-string-concatenation
limits: timeout=3000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed
---*/
// V8's repeat() and `+` only build ropes of pointers (megabytes that cost nothing); reading one character
// flattens the rope into a real 16 MB string. QuickJS strings are flat already. 96 x 16 MB = 1.5 GB is the
// cap for the `host` boundary, where no memory limit exists. Few loop iterations, each a long native call.
const keep = [];
for (let i = 0; i < 96; i++) {
  const s = 'x'.repeat(16 * 1024 * 1024 - 8) + String(i).padStart(8, '0');
  s.charCodeAt(s.length >> 1);
  keep.push(s);
}
`kept ${keep.length} strings of 16 MB`;
