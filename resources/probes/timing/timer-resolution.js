/*---
id: timer-resolution
title: The finest clock step the guest can observe
category: timing
goal: Measure the resolution of every clock the guest can read — performance.now(), process.hrtime.bigint(), Date.now() — the precision a timing side channel (cache attacks, Spectre gadgets, measuring the host's work) would start from.
technique: Read each clock back to back for up to 30 ms and keep the smallest non-zero step between two readings; browsers coarsen performance.now() to 5–100 µs for exactly this reason, Node does not. A measurement, not an escape: the cell is contained and its note says what was measured.
references: https://w3c.github.io/hr-time/#clock-resolution, https://developer.mozilla.org/en-US/docs/Web/API/Performance/now#security_requirements, https://nodejs.org/api/process.html#processhrtimebigint, https://v8.dev/blog/spectre
limits: timeout=5000
expect: * = contained
---*/
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
// Smallest non-zero difference between successive readings, in nanoseconds (`nsPerUnit`: of what `read`
// returns; differences are taken in the clock's own unit, where they are exact).
function finestStepNs(read, nsPerUnit) {
  const until = Date.now() + 30;
  let min = Infinity;
  let last = read();
  let n = 0;
  while ((++n & 1023) !== 0 || Date.now() < until) {
    const now = read();
    const d = now - last;
    if (d > 0 && d < min) min = d;
    last = now;
    if (n > 5e6) break;
  }
  return min * nsPerUnit;
}
function show(ns) {
  if (!Number.isFinite(ns)) return 'never moved';
  if (ns < 1000) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1000).toFixed(1)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}
const clocks = {};
if (typeof performance === 'object' && performance && typeof performance.now === 'function') {
  clocks['performance.now'] = show(finestStepNs(() => performance.now(), 1e6));
} else clocks['performance.now'] = 'absent';
// process.hrtime only where the guest has it itself (no climbing out for it: the question is what this
// evaluator offers).
if (typeof process === 'object' && process && process.hrtime && process.hrtime.bigint) {
  clocks['process.hrtime'] = show(finestStepNs(() => Number(process.hrtime.bigint()), 1));
} else
  clocks['process.hrtime'] =
    P && P !== (typeof process === 'object' ? process : undefined)
      ? 'absent (reachable by escaping the realm)'
      : 'absent';
clocks['Date.now'] = show(finestStepNs(() => Date.now(), 1e6));
const measured = Object.entries(clocks)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');
console.log('finest step:', measured);
measured;
