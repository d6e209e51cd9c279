/*---
id: scope-globalthis-walk
title: Walk everything reachable from globalThis for the canaries
category: scope
goal: Find __hostSecret or an environment holding WORKBENCH_CANARY anywhere in the object graph reachable from the guest's global, by data properties only.
technique: Breadth-first walk of own property names and prototypes from globalThis (getters invoked on the global only), no constructor calls; reports the path of every hit.
references: https://tc39.es/ecma262/#sec-object.getownpropertynames, https://nodejs.org/api/globals.html
expect: * = contained; host = escaped; worker = escaped; process = escaped; os-sandbox = escaped
expect-hardened: * = contained; host = escaped
---*/
const seen = new Set();
const queue = [[globalThis, 'globalThis', 0]];
const hits = [];
while (queue.length && seen.size < 20000) {
  const [obj, path, depth] = queue.shift();
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || seen.has(obj)) continue;
  seen.add(obj);
  let names = [];
  try {
    names = Object.getOwnPropertyNames(obj);
  } catch {}
  for (const name of names) {
    let d, v;
    try {
      d = Object.getOwnPropertyDescriptor(obj, name);
    } catch {
      continue;
    }
    // Getters only on the global itself (e.g. `process` in Node), never deeper: no side effects.
    try {
      v = d && 'value' in d ? d.value : obj === globalThis && d && d.get ? d.get.call(obj) : undefined;
    } catch {
      continue;
    }
    if (typeof v === 'string' && (name === '__hostSecret' || name === 'WORKBENCH_CANARY'))
      hits.push(`${path}.${name} = ${v}`);
    if (depth < 4) queue.push([v, `${path}.${name}`, depth + 1]);
  }
  try {
    if (depth < 4) queue.push([Object.getPrototypeOf(obj), `${path}.__proto__`, depth + 1]);
  } catch {}
}
console.log(`walked ${seen.size} objects; hits:`, JSON.stringify(hits));
hits;
