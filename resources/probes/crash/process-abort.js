/*---
id: process-abort
title: process.abort()
category: crash
goal: Abort the whole process with SIGABRT (no exit handlers, a core dump if enabled); from a thread that would take the host with it.
technique: Call process.abort; under node:vm `process` is taken from the realm outside the context.
references: https://nodejs.org/api/process.html#processabort, https://nodejs.org/api/worker_threads.html#worker-threads
expect: * = contained; host = host-crashed; host+vm = host-crashed
---*/
// Node documents process.abort as unavailable in worker threads; a child aborts alone. Isolates and
// QuickJS have no process object.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
P ? P.abort() : 'no process object in this realm';
