import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blastMembers, blastRows } from './blast-rows.ts';

const samples = [
  { atMs: 200, id: 'culprit', rssBytes: 100 * 2 ** 20 },
  { atMs: 200, id: 'n1', rssBytes: 40 * 2 ** 20 },
  { atMs: 400, id: 'n1', cpuPercent: 3.25, rssBytes: 41 * 2 ** 20 },
  { atMs: 400, id: 'culprit', cpuPercent: 99.9, rssBytes: 300.04 * 2 ** 20 },
  { atMs: 600, id: 'n1', cpuPercent: 2, rssBytes: 41 * 2 ** 20 },
  { atMs: 600, id: 'n2', cpuPercent: 1 },
];

test('rows per reading time, memory in MB, a missing value has no key (the line ends, no zero)', () => {
  assert.deepEqual(blastRows(samples, 'memory'), [
    { t: 0.2, culprit: 100, n1: 40 },
    { t: 0.4, n1: 41, culprit: 300 },
    { t: 0.6, n1: 41 },
  ]);
  assert.deepEqual(blastRows(samples, 'cpu'), [
    { t: 0.4, n1: 3.3, culprit: 99.9 },
    { t: 0.6, n1: 2, n2: 1 },
  ]);
});

test('members with a value, neighbours in order, then the culprit and the process', () => {
  assert.deepEqual(blastMembers([...samples, { atMs: 800, id: 'process', cpuPercent: 5 }], 'cpu'), [
    'n1',
    'n2',
    'culprit',
    'process',
  ]);
  assert.deepEqual(blastMembers(samples, 'memory'), ['n1', 'culprit']);
});
