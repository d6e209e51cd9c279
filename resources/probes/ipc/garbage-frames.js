/*---
id: garbage-frames
title: Garbage on the guest's channel to the host
category: ipc
goal: Crash or confuse the side that trusts the channel (the host, or the supervisor when the guest is the host) with malformed messages.
technique: A worker posts non-objects, unknown types and wrong field types on parentPort; a child or the host finds its socket with process._getActiveHandles() and writes a frame of non-JSON bytes.
references: https://nodejs.org/api/worker_threads.html#workerparentport, https://nodejs.org/api/process.html#process_getactivehandles
expect: * = contained
---*/
// The first bad message must end the run as a protocol error and nothing else. Under node:vm the Node APIs
// come from the realm outside; isolates and QuickJS have no channel to reach.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const wt = P?.getBuiltinModule?.('node:worker_threads');
const net = P?.getBuiltinModule?.('node:net');
const { Buffer: B } = P?.getBuiltinModule?.('node:buffer') ?? {};
const port = wt && !wt.isMainThread ? wt.parentPort : null;
const socket = port ? null : P?._getActiveHandles?.().find((h) => h instanceof net.Socket && !h._isStdio);
const junk = [
  'just a string',
  42,
  null,
  { t: 'bogus' },
  { t: 'console', level: 'log', text: 42 },
  { t: 'done', ok: 'yes' },
];
let sent = 'no channel in this realm';
if (port) (junk.forEach((m) => port.postMessage(m)), (sent = `posted ${junk.length} junk messages`));
if (socket) {
  const body = B.from('\u0000{not json at all]]', 'utf8');
  const head = B.alloc(4);
  head.writeUInt32BE(body.length);
  socket.write(B.concat([head, body, B.from([0xff, 0xfe, 0xfd, 0xfc])]));
  sent = 'wrote a non-JSON frame';
}
const later = P?.getBuiltinModule?.('node:timers').setTimeout;
later ? new Promise((resolve) => later(() => resolve(`${sent}; still running`), 300)) : sent;
