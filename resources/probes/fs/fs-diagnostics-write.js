/*---
id: fs-diagnostics-write
title: Diagnostics that write files: a report, a heap snapshot, a trace-events log
category: fs
goal: Create files outside the jail (in the run directory, next to canary.txt) through Node's diagnostics instead of the fs module.
technique: process.report.writeReport(path), v8.writeHeapSnapshot(path) and trace_events.createTracing().enable() (its log, node_trace.1.log, goes to the process's working directory) each write a file with native code; under the Permission Model report and heap snapshot need fs write permission, and trace events are their own module.
references: https://nodejs.org/api/report.html#usage, https://nodejs.org/api/v8.html#v8writeheapsnapshotfilenameoptions, https://nodejs.org/api/tracing.html, https://github.com/nodejs/node/pull/53731
limits: timeout=10000
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained; os-sandbox* = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
// Each file lands in the run directory, outside the jail: a write breach when the supervisor finds it. The
// heap snapshot is of the guest's own isolate (a worker's, under `worker`), a few MB.
const P =
  typeof process !== 'undefined'
    ? process
    : (() => {
        try {
          return this.constructor.constructor('return process')();
        } catch {
          return undefined;
        }
      })();
async function probe() {
  const jail = P.cwd().endsWith('/jail') ? P.cwd() : `${P.cwd()}/jail`;
  const runDir = jail.slice(0, -'/jail'.length);
  const out = {};
  const why = (e) => `${e.code || e.name}: ${e.message}`.slice(0, 120);
  try {
    out.report = P.report.writeReport(`${runDir}/diagnostic-report.json`);
  } catch (e) {
    out.report = why(e);
  }
  try {
    out.heapSnapshot = P.getBuiltinModule('node:v8').writeHeapSnapshot(`${runDir}/guest.heapsnapshot`);
  } catch (e) {
    out.heapSnapshot = why(e);
  }
  try {
    // Trace events write to the cwd of the process: the run directory under host and worker, the jail in a
    // child — so this one is a breach only where the guest shares its host's working directory.
    const tracing = P.getBuiltinModule('node:trace_events').createTracing({ categories: ['node.perf', 'v8'] });
    tracing.enable();
    await new Promise((r) => setTimeout(r, 300));
    tracing.disable();
    await new Promise((r) => setTimeout(r, 300));
    out.traceEvents = `enabled in ${P.cwd()}`;
  } catch (e) {
    out.traceEvents = why(e);
  }
  console.log('diagnostics wrote:', JSON.stringify(out));
  return out;
}
P ? probe() : 'no process object';
