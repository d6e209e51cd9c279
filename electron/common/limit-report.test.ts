import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLimitReports } from './limit-report.ts';
import { capabilitiesOf } from './capabilities.ts';

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
