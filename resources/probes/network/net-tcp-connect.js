/*---
id: net-tcp-connect
title: Open a TCP connection to the canary port
category: network
goal: Connect to 127.0.0.1:CANARY_PORT — any connection is a network breach, the stand-in for reaching a local service or the internet.
technique: net.connect({ host: '127.0.0.1', port: CANARY_PORT }) with a 600 ms give-up; Node 24 has no network permission, so only a network namespace (or no API) stops it.
references: https://nodejs.org/api/net.html#netconnectoptions-connectlistener, https://nodejs.org/api/permissions.html
expect: * = escaped; os-sandbox* = contained; *+isolated-vm = contained; *+quickjs = contained
---*/
const P =
  typeof process !== 'undefined'
    ? process
    : (() => {
        try {
          return this.constructor.constructor('return process')();
        } catch {
          return undefined;
        }
      })();
const timers = P && P.getBuiltinModule('node:timers'); // a vm context has no timers of its own
const apis = `fetch: ${typeof fetch}, WebSocket: ${typeof WebSocket}, XMLHttpRequest: ${typeof XMLHttpRequest}`;
P
  ? new Promise((resolve) => {
      const socket = P.getBuiltinModule('node:net').connect({ host: '127.0.0.1', port: CANARY_PORT });
      const done = (what) => {
        timers.clearTimeout(timer);
        socket.destroy();
        console.log(`tcp ${CANARY_PORT}: ${what}`);
        resolve(what);
      };
      const timer = timers.setTimeout(() => done('gave up after 600 ms'), 600);
      socket.on('connect', () => done('connected'));
      socket.on('error', (e) => done(`error ${e.code}`));
    })
  : (console.log(`no process object; ${apis}`), 'no network API');
