import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResultConsistency, type CheckedResult } from './result-consistency.ts';
import type { Sample } from './result.ts';

const MB = 1024 * 1024;

/** A consistent worker run; each case changes one thing. */
function base(): CheckedResult {
  return {
    driver: 'worker',
    status: 'ok',
    peakMemoryBytes: 30 * MB,
    limits: {
      timeout: { timeoutMs: 1000, enforced: true, mechanism: 'terminate' },
      memory: {
        memoryMb: 128,
        enforced: true,
        mechanism: 'resourceLimits',
        allowanceBytes: 48 * MB,
        toleranceBytes: 40 * MB,
        held: true,
      },
      output: { maxOutputBytes: 1000, enforced: true, mechanism: 'cap' },
    },
    verdict: { escaped: false, breaches: [] },
    workers: [
      { id: 'host', kind: 'host', state: 'exited' },
      { id: 'thread-1', kind: 'thread', parent: 'host', state: 'exited' },
    ],
    samples: [
      { worker: 'host', atMs: 0, rssBytes: 80 * MB, cpuPercent: 150 },
      { worker: 'thread-1', atMs: 100, heapUsedBytes: 20 * MB, externalBytes: 5 * MB, cpuPercent: 99 },
      { worker: 'host', atMs: 100, rssBytes: 110 * MB },
    ],
  };
}

const cases: { name: string; change: (r: CheckedResult) => CheckedResult; expect: RegExp[] }[] = [
  { name: 'a consistent result has no contradiction', change: (r) => r, expect: [] },
  {
    name: 'peak below what the samples show (the header said 91 MB, the chart ~4 GB)',
    change: (r) => ({
      ...r,
      peakMemoryBytes: 91 * MB,
      samples: [...r.samples, { worker: 'host', atMs: 200, rssBytes: 4000 * MB } satisfies Sample],
      limits: { ...r.limits, memory: { ...r.limits.memory, held: false, exceededBytes: 1 } },
    }),
    expect: [/peak memory 91\.0 MB is below the 3920\.0 MB/],
  },
  {
    name: 'a limit read held with the peak past budget + allowance + tolerance',
    change: (r) => ({ ...r, peakMemoryBytes: 300 * MB }),
    expect: [/reads held, but the peak 300\.0 MB is 124\.0 MB past 128 MB \+ 48\.0 MB/],
  },
  {
    name: 'a limit read held after a timeout while over budget',
    change: (r) => ({
      ...r,
      status: 'timeout',
      peakMemoryBytes: 180 * MB,
      limits: { ...r.limits, timeout: { ...r.limits.timeout, stoppedBy: 'kill-host' } },
    }),
    expect: [/reads held/],
  },
  {
    name: 'not held without the bytes it was exceeded by',
    change: (r) => ({ ...r, limits: { ...r.limits, memory: { ...r.limits.memory, held: false } } }),
    expect: [/not held without saying by how much/],
  },
  {
    name: 'status timeout, but the timeout report names no enforcer',
    change: (r) => ({ ...r, status: 'timeout' }),
    expect: [/status timeout, but the timeout limit does not say/],
  },
  {
    name: 'a limit names an enforcer the status does not match',
    change: (r) => ({
      ...r,
      limits: { ...r.limits, memory: { ...r.limits.memory, stoppedBy: 'resource-limits' } },
    }),
    expect: [/memory limit says resource-limits stopped the run, but its status is ok/],
  },
  {
    name: 'escaped without a breach',
    change: (r) => ({ ...r, verdict: { escaped: true, breaches: [] } }),
    expect: [/escaped without a breach/],
  },
  {
    name: 'contained with a breach',
    change: (r) => ({ ...r, verdict: { escaped: false, breaches: [{ canary: 'env', evidence: 'x' }] } }),
    expect: [/says contained, but it lists 1 breach/],
  },
  {
    name: 'a process above cores × 100 % and a thread above one core',
    change: (r) => ({
      ...r,
      samples: [
        ...r.samples,
        { worker: 'host', atMs: 300, cpuPercent: 800 },
        { worker: 'thread-1', atMs: 300, cpuPercent: 180 },
      ],
    }),
    expect: [/CPU of host reads 800 %/, /CPU of thread-1 reads 180 %/],
  },
];

for (const c of cases) {
  test(`checkResultConsistency: ${c.name}`, () => {
    const got = checkResultConsistency(c.change(base()), { cores: 2 });
    assert.equal(got.length, c.expect.length, got.join('\n'));
    c.expect.forEach((re, i) => assert.match(got[i]!, re));
  });
}

test('a stored result without the newer fields is checked on what it has', () => {
  const r = base();
  const { held: _h, allowanceBytes: _a, toleranceBytes: _t, ...memory } = r.limits.memory;
  assert.deepEqual(checkResultConsistency({ ...r, limits: { ...r.limits, memory } }, { cores: 2 }), []);
});
