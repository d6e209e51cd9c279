/*---
id: result-proxy-spin
title: A completion value that is a Proxy whose traps never return
category: cpu
goal: Run guest code from inside the runtime's result serialisation, after the evaluator's deadline stopped covering it.
technique: Return a Proxy whose getPrototypeOf/ownKeys/get/getOwnPropertyDescriptor traps spin; copying or inspecting the result calls them.
references: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Proxy/Proxy, https://nodejs.org/api/util.html#utilinspectobject-options
limits: timeout=1000
expect: * = limit-enforced
---*/
// Every trap a serialiser might touch spins; `then` answers undefined so the value is not awaited.
const spin = () => {
  for (;;);
};
new Proxy(
  {},
  {
    get: (t, key) => (key === 'then' ? undefined : spin()),
    getPrototypeOf: spin,
    ownKeys: spin,
    getOwnPropertyDescriptor: spin,
    has: spin,
  },
);
