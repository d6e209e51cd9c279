/*---
id: message-flood
title: 100,000 valid messages to the host
category: ipc
goal: Swamp the receiver's event loop and queues with traffic that passes every check, so it falls behind or runs out of memory.
technique: Send 100,000 schema-valid `stats` messages (parentPort.postMessage in a worker; length-prefixed frames on the socket in a child or the host) as fast as possible.
references: https://nodejs.org/api/worker_threads.html#portpostmessagevalue-transferlist, https://nodejs.org/api/net.html#socketwritedata-encoding-callback
expect: * = contained
---*/
// Every message is legal, so nothing refuses it: only counting and back-pressure can. The supervisor must
// still finish the run and count the traffic. Under node:vm the Node APIs come from the realm outside.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const wt = P?.getBuiltinModule?.('node:worker_threads');
const net = P?.getBuiltinModule?.('node:net');
const { Buffer: B } = P?.getBuiltinModule?.('node:buffer') ?? {};
const port = wt && !wt.isMainThread ? wt.parentPort : null;
const socket = port ? null : P?._getActiveHandles?.().find((h) => h instanceof net.Socket && !h._isStdio);
const N = 100_000;
const stats = { t: 'stats', heapUsedBytes: 1, heapTotalBytes: 1, externalBytes: 1, arrayBuffersBytes: 1 };
// The host's own link to the supervisor carries `samples` instead; a stats frame there is itself a violation.
const hostStats = { t: 'samples', samples: [{ worker: 'host', heapUsedBytes: 1 }] };
let sent = 'no channel in this realm';
if (port) (Array.from({ length: N }, () => port.postMessage(stats)), (sent = `posted ${N} messages`));
if (socket) {
  const body = B.from(JSON.stringify(/child-entry/.test(P.argv[1] ?? '') ? stats : hostStats));
  const frame = B.concat([B.from([0, 0, body.length >> 8, body.length & 255]), body]);
  socket.write(B.concat(Array.from({ length: N }, () => frame)));
  sent = `wrote ${N} frames`;
}
const later = P?.getBuiltinModule?.('node:timers').setTimeout;
later ? new Promise((resolve) => later(() => resolve(`${sent}; still running`), 300)) : sent;
