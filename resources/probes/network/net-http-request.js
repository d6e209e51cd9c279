/*---
id: net-http-request
title: http.request to the canary port, and a UDP datagram
category: network
goal: Reach 127.0.0.1:CANARY_PORT through node:http (a second client stack) and send a UDP datagram to the same port number.
technique: http.get({ host: '127.0.0.1', port: CANARY_PORT, timeout: 600 }); dgram.createSocket('udp4').send(…) — the TCP attempt is what the canary sees, the datagram shows whether UDP leaves at all.
references: https://nodejs.org/api/http.html#httpgetoptions-callback, https://nodejs.org/api/dgram.html#socketsendmsg-offset-length-port-address-callback
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
const udp = () =>
  new Promise((resolve) => {
    const s = P.getBuiltinModule('node:dgram').createSocket('udp4');
    s.on('error', (e) => {
      s.close();
      resolve(`udp error ${e.code}`);
    });
    s.send('probe', CANARY_PORT, '127.0.0.1', (e) => {
      s.close();
      resolve(e ? `udp error ${e.code}` : 'udp sent');
    });
  });
const http = () =>
  new Promise((resolve) => {
    const req = P.getBuiltinModule('node:http').get({
      host: '127.0.0.1',
      port: CANARY_PORT,
      timeout: 600,
      agent: false,
    });
    req.on('socket', (s) => s.on('connect', () => console.log('http: connected')));
    req.on('response', (res) => {
      res.resume();
      resolve(`http ${res.statusCode}`);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve('http: gave up');
    });
    req.on('error', (e) => resolve(`http error ${e.code}`));
  });
P
  ? Promise.all([http(), udp()]).then((r) => {
      console.log(r.join('; '));
      return r;
    })
  : (console.log('no process object'), 'no network API');
