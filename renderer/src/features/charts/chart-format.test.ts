import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatChartValue, formatTick } from './chart-format.ts';

test('tooltip values carry their unit and a sensible number of digits', () => {
  assert.equal(formatChartValue(12.345678, 'MB'), '12.3 MB');
  assert.equal(formatChartValue(1.23456, 'MB'), '1.23 MB');
  assert.equal(formatChartValue(45.678, '%'), '46 %');
  assert.equal(formatChartValue(3.14159, '%'), '3.1 %');
  assert.equal(formatChartValue(26000, 'bytes/s, messages/s', 'host:ipcBytes'), '26 kB/s');
  assert.equal(formatChartValue(1_500_000, 'bytes/s, messages/s', 'host:ipcBytes'), '1.5 MB/s');
  assert.equal(formatChartValue(12.3, 'bytes/s, messages/s', 'host:ipcMessages'), '12 msg/s');
  assert.equal(formatChartValue(undefined, 'MB'), '—');
  assert.equal(formatChartValue(Number.NaN, '%'), '—');
});

test('axis ticks fit a narrow axis', () => {
  assert.equal(formatTick(26000), '26 k');
  assert.equal(formatTick(6500), '6.5 k');
  assert.equal(formatTick(0), '0');
  assert.equal(formatTick(120), '120');
  assert.equal(formatTick(2_500_000_000), '2.5 G');
  for (const v of [1, 999, 1000, 99_999, 1e6, 123e6]) assert.ok(formatTick(v).length <= 5, formatTick(v));
});
