/*---
id: unhandled-rejection
title: An unhandled promise rejection
category: crash
goal: Crash the process through Node's default unhandled-rejection mode (throw), after the script has already returned.
technique: Reject a promise nobody handles; the script's own completion value is a plain string.
references: https://nodejs.org/api/cli.html#--unhandled-rejectionsmode, https://nodejs.org/api/process.html#event-unhandledrejection
expect: * = contained
---*/
// Node's default turns this into an uncaught exception, which ends a plain process; a host or child that
// registered its own handler survives and reports an error. Engines without Node semantics just drop it.
Promise.reject(new Error('nobody handles this rejection'));
`returned before the rejection was noticed`;
