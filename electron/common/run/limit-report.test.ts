import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLimitReports } from './limit-report.ts';
import { capabilitiesOf } from '../capabilities/capabilities.ts';

const limits = { timeoutMs: 500, memoryMb: 64, maxOutputBytes: 1000, maxMessageBytes: 1 << 20 };

test('a run that hit nothing reports declarations only', () => {
  const r = buildLimitReports({ limits, capabilities: capabilitiesOf('worker', 'plain'), decision: { status: 'ok' } });
  assert.equal(r.timeout.enforced, true);
  assert.equal(r.timeout.stoppedBy, undefined);
  assert.equal(r.timeout.overshoot, undefined);
  assert.equal(r.memory.enforced, true);
  assert.equal(r.memory.memoryMb, 64);
  assert.equal(r.memory.stoppedBy, undefined);
  assert.equal(r.output.stoppedBy, undefined);
});

test('a timeout reports who stopped it and the overshoot after the deadline', () => {
  const r = buildLimitReports({
    limits,
    capabilities: capabilitiesOf('process', 'plain'),
    decision: { status: 'timeout', stoppedBy: 'kill-child' },
    timeoutOvershootMs: 3.456,
  });
  assert.equal(r.timeout.stoppedBy, 'kill-child');
  assert.equal(r.timeout.overshoot, 3.46);
  assert.equal(r.memory.stoppedBy, undefined);
});

test('a memory limit reports the overshoot in bytes; the host driver declares memory not enforced', () => {
  const hit = buildLimitReports({
    limits,
    capabilities: capabilitiesOf('worker', 'plain'),
    decision: { status: 'memory-limit', stoppedBy: 'external-memory-watchdog' },
    memoryOvershootBytes: 1234,
  });
  assert.equal(hit.memory.stoppedBy, 'external-memory-watchdog');
  assert.equal(hit.memory.overshoot, 1234);
  const host = buildLimitReports({ limits, capabilities: capabilitiesOf('host', 'plain'), decision: { status: 'ok' } });
  assert.equal(host.memory.enforced, false);
  assert.match(host.memory.mechanism, /not enforceable/);
});

test('without a memory budget the memory limit is not enforced, whatever the driver', () => {
  const r = buildLimitReports({
    limits: { ...limits, memoryMb: undefined },
    capabilities: capabilitiesOf('process', 'plain'),
    decision: { status: 'ok' },
  });
  assert.equal(r.memory.enforced, false);
  assert.equal('memoryMb' in r.memory, false);
});

test('an output-limit run names the supervisor as the enforcer', () => {
  const r = buildLimitReports({
    limits,
    capabilities: capabilitiesOf('host', 'plain'),
    decision: { status: 'output-limit', stoppedBy: 'supervisor-output-cap' },
  });
  assert.equal(r.output.stoppedBy, 'supervisor-output-cap');
  assert.equal(r.timeout.stoppedBy, undefined);
});

const MB = 1024 * 1024;
const worker = { boundary: 'worker', evaluator: 'plain' } as const;

test('a worker budget the host RSS blew through reads not held, exceeded by N, even when the deadline ended it (issue 12)', () => {
  const r = buildLimitReports({
    limits: { ...limits, memoryMb: 128 },
    capabilities: capabilitiesOf('worker', 'plain'),
    decision: { status: 'timeout', stoppedBy: 'kill-host' },
    driver: worker,
    memory: { peakBytes: 414 * MB, sampledBytes: 414 * MB, hostBaselineBytes: 86 * MB },
  });
  assert.equal(r.memory.held, false);
  assert.equal(r.memory.exceededBytes, (414 - 128 - 48) * MB);
  assert.equal(r.memory.allowanceBytes, 48 * MB);
  assert.equal(r.memory.stoppedBy, undefined);
});

test('a timeout while just over budget + allowance (within tolerance) did not hold either', () => {
  const r = buildLimitReports({
    limits: { ...limits, memoryMb: 128 },
    capabilities: capabilitiesOf('worker', 'plain'),
    decision: { status: 'timeout', stoppedBy: 'terminate-worker' },
    driver: worker,
    memory: { peakBytes: (128 + 48 + 1) * MB, sampledBytes: 0 },
  });
  assert.equal(r.memory.held, false);
  assert.equal(r.memory.exceededBytes, 1 * MB);
});

test('a memory stop within tolerance held; its overshoot is measured on the same peak the header shows', () => {
  const r = buildLimitReports({
    limits: { ...limits, memoryMb: 128 },
    capabilities: capabilitiesOf('worker', 'plain'),
    decision: { status: 'memory-limit', stoppedBy: 'rss-watchdog' },
    driver: worker,
    memory: { peakBytes: (128 + 48 + 20) * MB, sampledBytes: 0 },
    memoryOvershootBytes: 68 * MB,
  });
  assert.equal(r.memory.held, true);
  assert.equal(r.memory.exceededBytes, undefined);
  assert.equal(r.memory.overshoot, 20 * MB);
  assert.equal(r.memory.toleranceBytes, 40 * MB);
});

test('a memory stop past tolerance did not hold', () => {
  const r = buildLimitReports({
    limits: { ...limits, memoryMb: 64 },
    capabilities: capabilitiesOf('process', 'plain'),
    decision: { status: 'memory-limit', stoppedBy: 'rss-watchdog' },
    driver: { boundary: 'process', evaluator: 'plain' },
    memory: { peakBytes: 274 * MB, sampledBytes: 274 * MB },
  });
  assert.equal(r.memory.held, false);
  assert.equal(r.memory.exceededBytes, (274 - 64 - 96) * MB);
});

test('an unenforced budget is never judged held', () => {
  const r = buildLimitReports({
    limits: { ...limits, memoryMb: 64 },
    capabilities: capabilitiesOf('host', 'plain'),
    decision: { status: 'ok' },
    driver: { boundary: 'host', evaluator: 'plain' },
    memory: { peakBytes: 900 * MB, sampledBytes: 900 * MB, hostBaselineBytes: 80 * MB },
  });
  assert.equal(r.memory.enforced, false);
  assert.equal(r.memory.held, undefined);
  assert.equal(r.memory.exceededBytes, undefined);
});
