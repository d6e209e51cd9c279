import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_CPU_INTERVAL_MS, cpuPercentBetween } from './cpu-percent.ts';

test('one core busy for the whole interval is 100 %', () => {
  assert.equal(cpuPercentBetween({ atMs: 0, cpuMs: 0 }, { atMs: 100, cpuMs: 100 }, 2), 100);
  assert.equal(cpuPercentBetween({ atMs: 0, cpuMs: 0 }, { atMs: 200, cpuMs: 50 }, 2), 25);
});

test('a 10 ms clock tick a millisecond after the previous reading gives no figure, not 1000 %', () => {
  // The reading that used to give 500–1000 %: a final sample right after a regular one.
  assert.equal(cpuPercentBetween({ atMs: 100, cpuMs: 40 }, { atMs: 101, cpuMs: 50 }, 2), undefined);
  assert.equal(cpuPercentBetween({ atMs: 0, cpuMs: 0 }, { atMs: MIN_CPU_INTERVAL_MS - 0.1, cpuMs: 10 }, 2), undefined);
  assert.notEqual(cpuPercentBetween({ atMs: 0, cpuMs: 0 }, { atMs: MIN_CPU_INTERVAL_MS, cpuMs: 10 }, 2), undefined);
});

test('never above what the cores allow, never negative', () => {
  assert.equal(cpuPercentBetween({ atMs: 0, cpuMs: 0 }, { atMs: 60, cpuMs: 600 }, 2), 200);
  assert.equal(cpuPercentBetween({ atMs: 0, cpuMs: 0 }, { atMs: 60, cpuMs: 600 }, 1), 100);
  assert.equal(cpuPercentBetween({ atMs: 0, cpuMs: 50 }, { atMs: 60, cpuMs: 40 }, 2), 0);
});

test('a clock that went backwards or did not move gives no figure', () => {
  assert.equal(cpuPercentBetween({ atMs: 100, cpuMs: 0 }, { atMs: 50, cpuMs: 10 }, 2), undefined);
  assert.equal(cpuPercentBetween({ atMs: 100, cpuMs: 0 }, { atMs: Number.NaN, cpuMs: 10 }, 2), undefined);
});
