import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMemoryLimit, describeTimeoutLimit } from './limit-text.ts';
import type { RunResult } from './result.ts';

type Memory = RunResult['limits']['memory'];
const base: Memory = { enforced: true, mechanism: 'resourceLimits', memoryMb: 128 };

test('a budget that did not hold says so with the excess, even when a watchdog stopped the guest', () => {
  const text = describeMemoryLimit({ ...base, held: false, exceededBytes: 355 * 1024 * 1024, stoppedBy: 'kill-host' });
  assert.equal(text, 'memory 128 MB: NOT held — exceeded by 355.0 MB, stopped by kill-host');
  assert.doesNotMatch(text, /: held/);
});

test('held, stopped by its mechanism, with what got past before it acted', () => {
  assert.equal(
    describeMemoryLimit({ ...base, held: true, stoppedBy: 'resource-limits', overshoot: 1.1 * 1024 * 1024 }),
    'memory 128 MB: held — stopped by resource-limits, 1.1 MB past the budget before it acted',
  );
  assert.equal(describeMemoryLimit({ ...base, held: true }), 'memory 128 MB: held');
});

test('no budget, and a budget the driver cannot enforce', () => {
  assert.equal(describeMemoryLimit({ enforced: false, mechanism: 'x' }), 'memory: no budget set');
  assert.equal(
    describeMemoryLimit({ enforced: false, mechanism: 'shares the host heap', memoryMb: 64 }),
    'memory 64 MB: NOT enforced by this driver (shares the host heap)',
  );
});

test('timeout wording', () => {
  assert.equal(
    describeTimeoutLimit({ enforced: true, mechanism: 'm', timeoutMs: 1000 }),
    'timeout 1000 ms: not reached',
  );
  assert.equal(
    describeTimeoutLimit({ enforced: true, mechanism: 'm', timeoutMs: 1000, stoppedBy: 'kill-host', overshoot: 3.4 }),
    'timeout 1000 ms: hit — stopped by kill-host 3 ms after the deadline',
  );
});
