import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBench, formatStats, formatValue } from './format.ts';
import { makeRow, summarizeRows, type BenchReport } from './report.ts';

test('values get digits by size and their unit', () => {
  assert.equal(formatValue(0.0283, 'ms'), '0.028 ms');
  assert.equal(formatValue(1.345, 'ms'), '1.34 ms');
  assert.equal(formatValue(52.44, 'ms'), '52.4 ms');
  assert.equal(formatValue(339.4, 'ms'), '339 ms');
  assert.equal(formatValue(1.3, 'x'), '1.30×');
  assert.equal(formatValue(2.9, '%'), '2.90 %');
  assert.equal(formatValue(0, 'ms'), '0 ms');
  assert.equal(formatValue(184.2, 's'), '184 s');
});

test('stats: median with [min–max], or the median alone for one round', () => {
  assert.equal(formatStats({ median: 412, min: 380, max: 520, n: 7 }, 'ms'), '412 ms [380–520]');
  assert.equal(formatStats({ median: 1.3, min: 1.3, max: 1.3, n: 1 }, 'x'), '1.30×');
  assert.equal(formatStats(undefined, 'ms'), '—');
});

const REPORT_HEAD = {
  command: 'workbench bench --only cold,memory --rounds 3',
  rounds: 3,
  groups: ['cold', 'memory'],
  drivers: ['host', 'worker'],
  machine: {
    cpu: 'Test CPU',
    cores: 2,
    memoryBytes: 8 * 1024 ** 3,
    kernel: '6.1.0',
    platform: 'linux x64',
    node: 'v24.21.0',
    loadBefore: [1, 0.5, 0.25],
    loadAfter: [1.5, 0.75, 0.3],
  },
  startedAt: '2026-01-01T00:00:00.000Z',
  elapsedMs: 12_345,
} as const;

const ROWS = [
  makeRow({
    group: 'cold',
    subject: 'host',
    unit: 'ms',
    product: [60, 50, 70],
    floor: [50, 50, 50],
    floorIs: 'node -e: eval in its own thread',
    target: { on: 'ratio', max: 1.3 },
  }),
  makeRow({
    group: 'cold',
    subject: 'worker',
    unit: 'ms',
    product: [100],
    floor: [50],
    target: { on: 'ratio', max: 1.3 },
    notes: ['of which the guest: 40 ms'],
  }),
  makeRow({
    group: 'memory',
    subject: 'worker · heap',
    unit: 'x',
    product: [1.1, 1.2, 1.15],
    target: { on: 'product', max: 1.25 },
  }),
];
const REPORT: BenchReport = { ...REPORT_HEAD, groups: ['cold', 'memory'], rows: ROWS, summary: summarizeRows(ROWS) };

test('the summary counts rows with a target and lists the misses with their margin', () => {
  assert.deepEqual(REPORT.summary, {
    withTarget: 3,
    passed: 2,
    missed: [{ group: 'cold', subject: 'worker', missBy: 0.7 }],
  });
});

test('the table: header with the machine, one section per group, pass and miss with the margin', () => {
  assert.equal(
    formatBench(REPORT),
    [
      'workbench bench · 3 round(s) · Node v24.21.0 · linux x64 6.1.0',
      'Test CPU · 2 cores · 8.0 GB RAM · load 1.00 0.50 0.25 → 1.50 0.75 0.30',
      'Figures are medians of the rounds [min–max]; ratio = product ÷ floor, paired round by round.',
      '',
      'cold — Cold start to first result: startRun → result of `1 + 1`, no pool; floor: a fresh `node -e` doing the same mechanism by hand',
      '  subject  product              floor                ratio              target   result',
      '  host     60.0 ms [50.0–70.0]  50.0 ms [50.0–50.0]  1.20× [1.00–1.40]  ≤ 1.30×  pass',
      '      floor: node -e: eval in its own thread',
      '  worker   100 ms               50.0 ms              2.00×              ≤ 1.30×  MISS by 0.70×',
      '      note: of which the guest: 40 ms',
      '',
      'memory — Memory-limit overshoot: peak ÷ limit for bombs under the drivers that claim to enforce memory (no floor)',
      '  subject        product            floor  ratio  target   result',
      '  worker · heap  1.15× [1.10–1.20]  —      —      ≤ 1.25×  pass',
      '',
      '2 of 3 figures with a target pass; missed: cold worker. 12 s.',
    ].join('\n'),
  );
});
