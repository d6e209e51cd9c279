/*---
id: never-settling-promise
title: A completion value that never settles, kept alive by a timer
category: async
goal: Hold the run open forever without using any CPU: a pending promise plus an interval that keeps the event loop from emptying.
technique: The script's completion value is a promise nobody resolves; an idle setInterval keeps the loop alive so the runtime cannot tell it never will.
references: https://nodejs.org/api/timers.html#setintervalcallback-delay-args, https://tc39.es/ecma262/#sec-promise-objects
limits: timeout=1000
expect: * = limit-enforced; *+quickjs = contained
---*/
// Idle waiting costs nothing, so CPU-based limits never fire; only the wall-clock deadline can end it.
// QuickJS sees a pending promise with no jobs left and reports it at once (an error, nothing reached).
let interval = typeof setInterval === 'function' ? setInterval : undefined;
try {
  interval ??= this.constructor.constructor('return setInterval')();
} catch {}
new Promise(() => interval?.(() => {}, 50));
