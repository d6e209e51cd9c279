/*---
id: thenable-getter-spin
title: A completion value whose `then` getter never returns
category: cpu
goal: Make the runtime run guest code after the evaluator's own deadline stopped covering it.
technique: The script finishes at once; its completion value has a `then` getter that spins, and the runtime reads `then` to learn whether to await it.
references: https://tc39.es/ecma262/#sec-promise-resolve-functions, https://nodejs.org/api/vm.html#scriptrunincontextcontextifiedobject-options
limits: timeout=1000
expect: * = limit-enforced
---*/
// node:vm's `timeout` covers runInContext only; the thenable check happens outside it, so the boundary's own
// stop (terminate, SIGKILL, killing the host) has to end it. Isolates and QuickJS resolve inside themselves.
({
  get then() {
    for (;;);
  },
});
