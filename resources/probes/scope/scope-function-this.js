/*---
id: scope-function-this
title: Function('return this')() hands out the global object past shadowed names
category: scope
goal: Reach the realm's global object although the wrapper shadows globalThis/global/process, and leak the global canary (__hostSecret) and the env canary found on it.
technique: A function made by the Function constructor is sloppy and global-scoped, so `this` inside it is its realm's global object, whatever names the calling scope shadowed.
references: https://tc39.es/ecma262/#sec-createdynamicfunction, https://nodejs.org/api/vm.html
expect: * = contained; host = escaped; worker = escaped; process = escaped; os-sandbox = escaped
expect-hardened: * = contained; host = escaped
---*/
// A naive "sandbox" wrapper: shadow the dangerous names with undefined parameters.
(function (globalThis, global, self, process, require) {
  // The dynamic function is created in the realm of `Function` (the guest's own realm: in a vm context that
  // is the context, in isolated-vm/QuickJS their isolate) and does not see the parameters above.
  const g = Function('return this')();
  const found = {
    hostSecret: g.__hostSecret,
    env: g.process && g.process.env ? g.process.env.WORKBENCH_CANARY : undefined,
    globals: Object.getOwnPropertyNames(g).length,
  };
  console.log('Function("return this")() reached:', JSON.stringify(found));
  return found;
})();
