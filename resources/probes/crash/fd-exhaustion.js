/*---
id: fd-exhaustion
title: Exhaust file descriptors and hold them
category: crash
goal: Use up the process's file descriptors so that whatever shares the process can no longer open a file, socket or pipe.
technique: Open /dev/null until EMFILE (at most 100,000), then keep every descriptor open for 500 ms before returning; under node:vm `fs` and the timer come through the realm outside.
references: https://man7.org/linux/man-pages/man2/open.2.html, https://nodejs.org/api/fs.html#fsopensyncpath-flags-mode
expect: * = contained
---*/
// Descriptors are per process: under `host` or `worker` it is the host's table that runs dry, and the host
// must survive its own periodic work failing with EMFILE meanwhile. Isolates and QuickJS have no file API;
// under the Permission Model /dev/null is outside the allowed paths.
let P = typeof process === 'object' ? process : undefined;
try {
  P ??= this.constructor.constructor('return process')();
} catch {}
const fs = P?.getBuiltinModule?.('node:fs');
const { setTimeout: later } = P?.getBuiltinModule?.('node:timers') ?? {};
let opened = 0;
let stoppedBy = 'the 100,000 cap';
try {
  while (fs && opened < 100_000) (fs.openSync('/dev/null', 'r'), opened++);
} catch (error) {
  stoppedBy = error.code ?? String(error);
}
const report = `opened ${opened} descriptors, stopped by ${stoppedBy}`;
fs ? new Promise((resolve) => later(() => resolve(report), 500)) : 'no fs in this realm';
