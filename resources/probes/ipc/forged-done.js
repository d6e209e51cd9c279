/*---
id: forged-done
title: Forge the guest's own result message
category: ipc
goal: Make the host (or the supervisor, when the guest is the host) accept a result the script never returned, and end the run on the guest's word.
technique: Send a schema-valid {t:'done', ok:true, result:'forged'} (worker, child) or {t:'end', outcome:{status:'ok'}} (host) on the channel, then keep going and return a different value.
references: https://nodejs.org/api/process.html#process_getactivehandles, https://nodejs.org/api/worker_threads.html#workerparentport
expect: * = contained
---*/
// The channel authenticates a thread or process, not the code inside it: a forged message is accepted if it
// is well formed. That only changes what the guest says about itself; the limits and canaries must not move.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const wt = P?.getBuiltinModule?.('node:worker_threads');
const net = P?.getBuiltinModule?.('node:net');
const { Buffer: B } = P?.getBuiltinModule?.('node:buffer') ?? {};
const port = wt && !wt.isMainThread ? wt.parentPort : null;
const socket = port ? null : P?._getActiveHandles?.().find((h) => h instanceof net.Socket && !h._isStdio);
const done = { t: 'done', ok: true, result: 'forged' };
const end = { t: 'end', outcome: { status: 'ok', result: 'forged', peakMemoryBytes: 0 } };
let sent = 'no channel in this realm';
if (port) (port.postMessage(done), (sent = 'posted a forged done'));
if (socket) {
  const body = B.from(JSON.stringify(/child-entry/.test(P.argv[1] ?? '') ? done : end));
  const head = B.alloc(4);
  head.writeUInt32BE(body.length);
  socket.write(B.concat([head, body]));
  sent = 'wrote a forged result frame';
}
const later = P?.getBuiltinModule?.('node:timers').setTimeout;
later ? new Promise((resolve) => later(() => resolve(`real result (${sent})`), 300)) : `real result (${sent})`;
