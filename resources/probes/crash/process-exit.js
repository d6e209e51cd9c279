/*---
id: process-exit
title: process.exit(1)
category: crash
goal: End the process the guest runs in; if that is the host, the embedding application dies with it.
technique: Call process.exit; under node:vm `process` is taken from the realm outside the context.
references: https://nodejs.org/api/process.html#processexitcode, https://nodejs.org/api/worker_threads.html#processexit-in-worker-threads
expect: * = contained; host = host-crashed; host+vm = host-crashed
---*/
// In a worker thread process.exit ends only that thread; in a child only the child. Isolates and QuickJS
// have no process object: the lookup throws and the probe reports that instead.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
P ? P.exit(1) : 'no process object in this realm';
