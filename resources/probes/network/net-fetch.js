/*---
id: net-fetch
title: fetch() the canary port
category: network
goal: Reach 127.0.0.1:CANARY_PORT over HTTP with the global fetch (undici) — the API a script most likely uses.
technique: fetch('http://127.0.0.1:' + CANARY_PORT) with AbortSignal.timeout(700); under vm the outer realm's fetch is taken from its global object.
references: https://nodejs.org/api/globals.html#fetch, https://undici.nodejs.org/
expect: * = escaped; os-sandbox* = contained; *+isolated-vm = contained; *+quickjs = contained
---*/
// The fetch of the Node realm: global under plain, the outer global's under vm; none in isolated-vm/QuickJS.
const G =
  typeof process !== 'undefined'
    ? globalThis
    : (() => {
        try {
          return this.constructor.constructor('return globalThis')();
        } catch {
          return undefined;
        }
      })();
const f = G && typeof G.fetch === 'function' ? G.fetch : typeof fetch === 'function' ? fetch : undefined;
f
  ? f(`http://127.0.0.1:${CANARY_PORT}/`, { signal: G.AbortSignal.timeout(700) }).then(
      (res) => {
        console.log(`fetch: HTTP ${res.status}`);
        return `HTTP ${res.status}`;
      },
      (e) => {
        const why = `${e.name}: ${(e.cause && e.cause.code) || e.message}`;
        console.log(`fetch failed: ${why}`);
        return why;
      },
    )
  : (console.log('no fetch in this realm'), 'no fetch');
