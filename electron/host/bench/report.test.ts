import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRow } from './report.ts';

test('a ratio target is judged on the median of the round-by-round ratios', () => {
  const row = makeRow({
    group: 'cold',
    subject: 'worker',
    unit: 'ms',
    product: [130, 100, 260],
    floor: [100, 100, 100],
    target: { on: 'ratio', max: 1.2 },
  });
  assert.deepEqual(row.product, { median: 130, min: 100, max: 260, n: 3, samples: [130, 100, 260] });
  assert.deepEqual(row.ratio, { median: 1.3, min: 1, max: 2.6, n: 3 });
  assert.equal(row.result, 'miss');
  assert.equal(row.missBy, 0.1);
});

test('a product target is judged on the product median; at the target is a pass', () => {
  const row = makeRow({
    group: 'terminate',
    subject: 'process',
    unit: 'ms',
    product: [10, 2, 30],
    floor: [1, 1, 1],
    target: { on: 'product', max: 10 },
  });
  assert.equal(row.result, 'pass');
  assert.equal(row.missBy, undefined);
});

test('a failed round makes a miss even when the median is within the target', () => {
  const row = makeRow({
    group: 'memory',
    subject: 'worker · heap',
    unit: 'x',
    product: [1.1, Number.NaN, 1.2],
    target: { on: 'product', max: 1.25 },
    failed: true,
    notes: ['1 of 3 rounds: not stopped by its memory limit: status timeout'],
  });
  assert.equal(row.result, 'miss');
  assert.equal(row.product?.n, 2);
  assert.equal(row.missBy, undefined);
  const none = makeRow({
    group: 'memory',
    subject: 'x',
    unit: 'x',
    product: [Number.NaN],
    target: { on: 'product', max: 1 },
    failed: true,
  });
  assert.equal(none.result, 'miss');
  assert.equal(none.product, undefined);
});

test('no target, or nothing measured: n/a', () => {
  assert.equal(makeRow({ group: 'ipc', subject: 'host', unit: 'ms', product: [1], floor: [1] }).result, 'n/a');
  assert.equal(
    makeRow({ group: 'cold', subject: 'os-sandbox', unit: 'ms', product: [], target: { on: 'ratio', max: 1.3 } })
      .result,
    'n/a',
  );
});
