/*---
id: net-address-spellings
title: Reach 127.0.0.1 through alternative address spellings
category: network
goal: Connect to the canary port with spellings of 127.0.0.1 a host-name filter would not recognise — what any future address allow-list must normalise.
technique: net.connect to '127.1', '2130706433', '0x7f000001' (inet_aton forms) and '::ffff:127.0.0.1' (IPv4-mapped IPv6), each with a 600 ms give-up.
references: https://man7.org/linux/man-pages/man3/inet_aton.3.html, https://datatracker.ietf.org/doc/html/rfc4291#section-2.5.5.2
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
const attempt = (host) =>
  new Promise((resolve) => {
    const socket = P.getBuiltinModule('node:net').connect({ host, port: CANARY_PORT });
    const done = (what) => {
      timers.clearTimeout(timer);
      socket.destroy();
      resolve(`${host}: ${what}`);
    };
    const timer = timers.setTimeout(() => done('gave up'), 600);
    socket.on('connect', () => done(`connected to ${socket.remoteAddress}`));
    socket.on('error', (e) => done(`error ${e.code}`));
  });
P
  ? Promise.all(['127.1', '2130706433', '0x7f000001', '::ffff:127.0.0.1'].map(attempt)).then((r) => {
      console.log(r.join('\n'));
      return r;
    })
  : (console.log('no process object'), 'no network API');
