import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedRatios, round, summarize } from './stats.ts';

test('median of an odd count is the middle value; min and max whatever the order', () => {
  assert.deepEqual(summarize([5, 1, 3]), { median: 3, min: 1, max: 5, n: 3 });
});

test('median of an even count is the mean of the two middle values', () => {
  assert.deepEqual(summarize([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4, n: 4 });
});

test('one value is its own median, min and max', () => {
  assert.deepEqual(summarize([7]), { median: 7, min: 7, max: 7, n: 1 });
});

test('no finite values: no summary (NaN and Infinity are not measurements)', () => {
  assert.equal(summarize([]), undefined);
  assert.equal(summarize([Number.NaN, Number.POSITIVE_INFINITY]), undefined);
  assert.deepEqual(summarize([Number.NaN, 2]), { median: 2, min: 2, max: 2, n: 1 });
});

test('ratios pair rounds by index and skip rounds without a usable floor', () => {
  assert.deepEqual(pairedRatios([10, 20, 30, 40], [5, 0, 10]), [2, 3]);
  assert.deepEqual(pairedRatios([Number.NaN, 4], [1, 2]), [2]);
});

test('round keeps the asked digits', () => {
  assert.equal(round(1.23456), 1.235);
  assert.equal(round(0.1 + 0.2, 2), 0.3);
  assert.equal(round(12.5, 0), 13);
});
