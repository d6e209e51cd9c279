import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLabels } from './run-labels.ts';

test('a driver shown once is its name; several runs of one driver are numbered from the oldest', () => {
  const labels = runLabels([
    { id: 'd', driver: 'worker' },
    { id: 'c', driver: 'process' },
    { id: 'b', driver: 'worker' },
    { id: 'a', driver: 'worker' },
  ]);
  assert.deepEqual(Object.fromEntries(labels), { a: 'worker #1', b: 'worker #2', c: 'process', d: 'worker #3' });
});
