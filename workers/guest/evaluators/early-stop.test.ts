/**
 * An evaluator whose stop is reported early (EARLY_STOP_EVALUATORS) says so before it measures: the run's
 * stop time is when the guest ran its last instruction, not after a heap-statistics round trip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateIsolatedVm } from './isolated-vm.ts';
import { EARLY_STOP_EVALUATORS } from './types.ts';

test('isolated-vm calls stopped() once, before its outcome is ready, when its timeout ends the script', async () => {
  const calls: number[] = [];
  let settledAt = 0;
  const outcome = await evaluateIsolatedVm({
    code: 'while (true) {}',
    timeoutMs: 100,
    canaryPort: 0,
    console: () => undefined,
    stopped: () => calls.push(performance.now()),
  }).finally(() => (settledAt = performance.now()));
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.limit?.stoppedBy, 'isolate-timeout');
  assert.equal(calls.length, 1);
  assert.ok(calls[0]! <= settledAt, 'stopped() came before the outcome');
});

test('isolated-vm does not call stopped() for a script that ends by itself or throws', async () => {
  let calls = 0;
  const options = { timeoutMs: 1000, canaryPort: 0, console: () => undefined, stopped: () => void calls++ };
  assert.equal((await evaluateIsolatedVm({ ...options, code: '1 + 1' })).ok, true);
  assert.equal((await evaluateIsolatedVm({ ...options, code: 'throw new Error("x")' })).ok, false);
  assert.equal(calls, 0);
});

test('only evaluators whose guest cannot reach the bootstrap realm may report an early stop', () => {
  assert.ok(EARLY_STOP_EVALUATORS.has('isolated-vm'));
  // A node:vm guest reaches the outer realm, and a plain guest is the bootstrap realm: their word is the guest's.
  assert.ok(!EARLY_STOP_EVALUATORS.has('vm'));
  assert.ok(!EARLY_STOP_EVALUATORS.has('plain'));
});
