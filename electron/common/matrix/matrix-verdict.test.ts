import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithExpected, judgeCell, withMeasurement } from './matrix-verdict.ts';
import type { CellVerdict, JudgedResult } from './matrix-verdict.ts';
import type { AttackedLimit, ExpectedOutcome, VerdictClass } from './probe-header.ts';
import type { Breach, RunStatus } from '../run/result.ts';

const MB = 1024 * 1024;

interface ResultOptions {
  status: RunStatus;
  breaches?: Breach[];
  peakMb?: number;
  memoryMb?: number;
  memoryEnforced?: boolean;
  memoryStoppedBy?: 'external-memory-watchdog' | 'resource-limits';
  memoryOvershoot?: number;
  /** The budget's judgement (limit-report.ts); absent as in results stored before it existed. */
  memoryHeld?: boolean;
  memoryExceededMb?: number;
  timeoutStoppedBy?: 'kill-host' | 'terminate-worker';
  timeoutOvershoot?: number;
  error?: { name: string; message: string };
}

function result(o: ResultOptions): JudgedResult {
  const breaches = o.breaches ?? [];
  return {
    status: o.status,
    verdict: { escaped: breaches.length > 0, breaches },
    limits: {
      timeout: {
        timeoutMs: 1000,
        enforced: true,
        mechanism: 'terminate the worker',
        ...(o.timeoutStoppedBy ? { stoppedBy: o.timeoutStoppedBy } : {}),
        ...(o.timeoutOvershoot !== undefined ? { overshoot: o.timeoutOvershoot } : {}),
      },
      memory: {
        ...(o.memoryMb !== undefined ? { memoryMb: o.memoryMb } : {}),
        enforced: o.memoryEnforced ?? true,
        mechanism: 'resourceLimits',
        ...(o.memoryStoppedBy ? { stoppedBy: o.memoryStoppedBy } : {}),
        ...(o.memoryOvershoot !== undefined ? { overshoot: o.memoryOvershoot } : {}),
        ...(o.memoryHeld !== undefined ? { held: o.memoryHeld, allowanceBytes: 48 * MB } : {}),
        ...(o.memoryExceededMb !== undefined ? { exceededBytes: o.memoryExceededMb * MB } : {}),
      },
      output: {
        maxOutputBytes: 1000,
        enforced: true,
        mechanism: 'the supervisor cuts output past the limit',
        ...(o.status === 'output-limit' ? { stoppedBy: 'supervisor-output-cap' as const, overshoot: 0 } : {}),
      },
    },
    peakMemoryBytes: (o.peakMb ?? 20) * MB,
    ...(o.error ? { error: o.error } : {}),
  };
}

interface Case {
  name: string;
  r: ResultOptions;
  attacks: AttackedLimit;
  verdict: VerdictClass;
  canaries?: string[];
  overshoot?: number;
  /** Every regex must match the detail. */
  detail: RegExp[];
}

const envBreach: Breach = { canary: 'env', evidence: 'WORKBENCH_CANARY token in stdout' };
const fileBreach: Breach = { canary: 'file', evidence: 'file canary token in the result' };
const hostCrash: Breach = { canary: 'host-crash', evidence: 'the host process died during the run' };

const cases: Case[] = [
  {
    name: 'host-crashed wins over breaches; the other canaries are still listed',
    r: {
      status: 'host-crashed',
      breaches: [envBreach, hostCrash],
      error: { name: 'HostCrashed', message: 'the host process ended before reporting a result' },
    },
    attacks: 'none',
    verdict: 'host-crashed',
    canaries: ['env'],
    detail: [/^the host process ended before reporting a result$/],
  },
  {
    name: 'host-crashed without an error message still says the host died',
    r: { status: 'host-crashed', breaches: [hostCrash] },
    attacks: 'memory',
    verdict: 'host-crashed',
    canaries: [],
    detail: [/host died/],
  },
  {
    name: 'a breach is an escape even when the run ended ok',
    r: { status: 'ok', breaches: [envBreach] },
    attacks: 'none',
    verdict: 'escaped',
    canaries: ['env'],
    detail: [/^env: WORKBENCH_CANARY token in stdout$/],
  },
  {
    name: 'every canary reached is listed with its evidence; a host-crash breach is not one of them',
    r: { status: 'error', breaches: [envBreach, hostCrash, fileBreach], error: { name: 'Error', message: 'boom' } },
    attacks: 'none',
    verdict: 'escaped',
    canaries: ['env', 'file'],
    detail: [/^env: WORKBENCH_CANARY token in stdout; file: file canary token in the result$/],
  },
  {
    name: 'a breach beats a limit: a memory attack that reached a canary and went over budget escaped',
    r: { status: 'memory-limit', breaches: [fileBreach], memoryMb: 64, peakMb: 200, memoryOvershoot: 5 * MB },
    attacks: 'memory',
    verdict: 'escaped',
    canaries: ['file'],
    detail: [/^file: /],
  },
  {
    name: 'memory-limit is the limit enforced, with its overshoot',
    r: {
      status: 'memory-limit',
      memoryMb: 64,
      peakMb: 70,
      memoryStoppedBy: 'external-memory-watchdog',
      memoryOvershoot: 3 * MB,
    },
    attacks: 'memory',
    verdict: 'limit-enforced',
    overshoot: 3 * MB,
    detail: [/memory/, /external-memory-watchdog/, /3\.0 MB over/],
  },
  {
    name: 'memory-limit without a measured overshoot has none',
    r: { status: 'memory-limit', memoryMb: 64, peakMb: 60, memoryStoppedBy: 'resource-limits' },
    attacks: 'memory',
    verdict: 'limit-enforced',
    detail: [/memory/, /resource-limits/],
  },
  {
    name: 'a memory attack that timed out past its budget bypassed the limit',
    r: { status: 'timeout', memoryMb: 64, peakMb: 100, timeoutStoppedBy: 'kill-host', timeoutOvershoot: 12 },
    attacks: 'memory',
    verdict: 'limit-bypassed',
    overshoot: 36 * MB,
    detail: [/peak 100\.0 MB/, /36\.0 MB over 64 MB/, /ended timeout/, /bypassed/],
  },
  {
    name: 'a memory attack that finished ok past its budget bypassed the limit',
    r: { status: 'ok', memoryMb: 64, peakMb: 64.5 },
    attacks: 'memory',
    verdict: 'limit-bypassed',
    overshoot: 0.5 * MB,
    detail: [/0\.5 MB over 64 MB/, /finished/],
  },
  {
    name: 'a driver that does not enforce memory says so when the attack gets past the budget',
    r: { status: 'ok', memoryMb: 64, peakMb: 256, memoryEnforced: false },
    attacks: 'memory',
    verdict: 'limit-bypassed',
    overshoot: 192 * MB,
    detail: [/not enforced/],
  },
  {
    name: 'a memory attack that timed out under its budget: the timeout held',
    r: { status: 'timeout', memoryMb: 64, peakMb: 50, timeoutStoppedBy: 'terminate-worker', timeoutOvershoot: 7 },
    attacks: 'memory',
    verdict: 'limit-enforced',
    overshoot: 7,
    detail: [/timeout/, /terminate-worker/, /7 ms/],
  },
  {
    name: 'a memory attack exactly at its budget is not over it',
    r: { status: 'ok', memoryMb: 64, peakMb: 64 },
    attacks: 'memory',
    verdict: 'contained',
    detail: [/nothing reached/],
  },
  {
    name: 'a memory attack that finished under its budget was contained',
    r: { status: 'ok', memoryMb: 64, peakMb: 10 },
    attacks: 'memory',
    verdict: 'contained',
    detail: [/nothing reached/],
  },
  {
    name: 'a memory attack with no memory budget cannot bypass it',
    r: { status: 'ok', peakMb: 4096 },
    attacks: 'memory',
    verdict: 'contained',
    detail: [/nothing reached/],
  },
  {
    name: 'a probe that does not attack memory is not "bypassed" for going over the budget',
    r: { status: 'ok', memoryMb: 64, peakMb: 500 },
    attacks: 'none',
    verdict: 'contained',
    detail: [/nothing reached/],
  },
  {
    name: 'a timeout attack over the memory budget is judged on its timeout',
    r: { status: 'timeout', memoryMb: 64, peakMb: 500, timeoutStoppedBy: 'kill-host', timeoutOvershoot: 40 },
    attacks: 'timeout',
    verdict: 'limit-enforced',
    overshoot: 40,
    detail: [/timeout held/, /kill-host/, /40 ms after the deadline/],
  },
  {
    name: 'a budget that did not hold is bypassed even when the run ended by its deadline (issue 12)',
    r: {
      status: 'timeout',
      memoryMb: 128,
      peakMb: 414,
      memoryHeld: false,
      memoryExceededMb: 238,
      timeoutStoppedBy: 'kill-host',
      timeoutOvershoot: 315,
    },
    attacks: 'memory',
    verdict: 'limit-bypassed',
    overshoot: 238 * MB,
    detail: [/bypassed/, /peak 414\.0 MB/, /exceeded by 238\.0 MB over 128 MB \+ 48 MB runtime/, /ended timeout/],
  },
  {
    name: 'a budget that did not hold is bypassed even when a watchdog stopped it, whatever the probe attacks',
    r: {
      status: 'memory-limit',
      memoryMb: 64,
      peakMb: 300,
      memoryHeld: false,
      memoryExceededMb: 188,
      memoryStoppedBy: 'external-memory-watchdog',
      memoryOvershoot: 188 * MB,
    },
    attacks: 'none',
    verdict: 'limit-bypassed',
    overshoot: 188 * MB,
    detail: [/exceeded by 188\.0 MB/, /stopped late by external-memory-watchdog/],
  },
  {
    name: 'a judged budget that held is not bypassed by a peak over the bare budget (the runtime is allowed)',
    r: { status: 'ok', memoryMb: 64, peakMb: 100, memoryHeld: true },
    attacks: 'memory',
    verdict: 'contained',
    detail: [/^nothing reached$/],
  },
  {
    name: 'a timeout without a measured overshoot has none',
    r: { status: 'timeout', timeoutStoppedBy: 'kill-host' },
    attacks: 'timeout',
    verdict: 'limit-enforced',
    detail: [/timeout held/, /kill-host/],
  },
  {
    name: 'output-limit is the output limit enforced',
    r: { status: 'output-limit' },
    attacks: 'output',
    verdict: 'limit-enforced',
    detail: [/output limit/],
  },
  {
    name: 'ok without a breach is contained',
    r: { status: 'ok' },
    attacks: 'none',
    verdict: 'contained',
    detail: [/^nothing reached$/],
  },
  {
    name: 'an error is contained, with the error in the detail (first line only)',
    r: { status: 'error', error: { name: 'TypeError', message: 'process is not defined\n    at probe.js:1:1' } },
    attacks: 'none',
    verdict: 'contained',
    detail: [/^error: TypeError: process is not defined$/],
  },
  {
    name: 'denied is contained, with the denial',
    r: { status: 'denied', error: { name: 'Error', message: 'Access to this API has been restricted' } },
    attacks: 'none',
    verdict: 'contained',
    detail: [/^denied: Error: Access to this API has been restricted$/],
  },
  {
    name: 'crashed without a breach is contained',
    r: { status: 'crashed' },
    attacks: 'none',
    verdict: 'contained',
    detail: [/^crashed$/],
  },
  {
    name: 'killed without a breach is contained',
    r: { status: 'killed' },
    attacks: 'timeout',
    verdict: 'contained',
    detail: [/^killed$/],
  },
];

for (const c of cases) {
  test(`judgeCell: ${c.name}`, () => {
    const got: CellVerdict = judgeCell(result(c.r), c.attacks);
    assert.equal(got.verdict, c.verdict);
    assert.deepEqual(got.canaries, c.canaries ?? []);
    assert.equal(got.overshoot, c.overshoot);
    assert.equal('overshoot' in got, c.overshoot !== undefined, 'no overshoot key unless there is one');
    for (const re of c.detail) assert.match(got.detail, re);
  });
}

test('judgeCell: a long error message is cut to one short line', () => {
  const got = judgeCell(result({ status: 'error', error: { name: 'Error', message: 'x'.repeat(1000) } }), 'none');
  assert.equal(got.verdict, 'contained');
  assert.ok(got.detail.length < 200, got.detail);
  assert.ok(!got.detail.includes('\n'));
});

const GOOD: VerdictClass[] = ['contained', 'limit-enforced'];
const BAD: VerdictClass[] = ['escaped', 'limit-bypassed', 'host-crashed'];
const ALL: VerdictClass[] = [...GOOD, ...BAD, 'error'];

test('compareWithExpected: the same class is as expected', () => {
  for (const v of ALL) assert.equal(compareWithExpected(v, v), 'as-expected', v);
});

test('compareWithExpected: "any" accepts every observation', () => {
  for (const v of ALL) assert.equal(compareWithExpected(v, 'any'), 'as-expected', v);
});

test('compareWithExpected: no expectation is no-expectation, whatever was observed', () => {
  for (const v of ALL) assert.equal(compareWithExpected(v, undefined), 'no-expectation', v);
});

test('compareWithExpected: expected to hold but did not is worse', () => {
  for (const expected of GOOD) {
    for (const observed of BAD)
      assert.equal(compareWithExpected(observed, expected), 'worse', `${expected} → ${observed}`);
  }
});

test('compareWithExpected: expected not to hold but did is better', () => {
  for (const expected of BAD) {
    for (const observed of GOOD) {
      assert.equal(compareWithExpected(observed, expected), 'better', `${expected} → ${observed}`);
    }
  }
});

test('compareWithExpected: an error on either side differs', () => {
  for (const v of [...GOOD, ...BAD]) {
    assert.equal(compareWithExpected('error', v), 'differs', `expected ${v}, observed error`);
    assert.equal(compareWithExpected(v, 'error'), 'differs', `expected error, observed ${v}`);
  }
});

test('compareWithExpected: two different good or two different bad classes differ', () => {
  const pairs: Array<[VerdictClass, ExpectedOutcome]> = [
    ['contained', 'limit-enforced'],
    ['limit-enforced', 'contained'],
    ['escaped', 'limit-bypassed'],
    ['limit-bypassed', 'escaped'],
    ['escaped', 'host-crashed'],
    ['host-crashed', 'escaped'],
    ['limit-bypassed', 'host-crashed'],
    ['host-crashed', 'limit-bypassed'],
  ];
  for (const [observed, expected] of pairs) {
    assert.equal(compareWithExpected(observed, expected), 'differs', `${expected} → ${observed}`);
  }
});

test('withMeasurement: a contained, finished timing cell shows what the guest measured; nothing else changes', () => {
  const contained: CellVerdict = { verdict: 'contained', detail: 'nothing reached', canaries: [] };
  assert.equal(
    withMeasurement(contained, 'timing', { status: 'ok', result: 'performance.now 40 ns' }).detail,
    'measured: performance.now 40 ns',
  );
  assert.equal(
    withMeasurement(contained, 'timing', { status: 'ok', result: { tick: 9 } }).detail,
    'measured: {"tick":9}',
  );
  assert.equal(withMeasurement(contained, 'timing', { status: 'ok', result: 'x'.repeat(500) }).detail.length, 210);
  // Not a timing probe, not finished, no result, or not contained: the cell is left as judged.
  assert.equal(withMeasurement(contained, 'scope', { status: 'ok', result: 'x' }), contained);
  assert.equal(withMeasurement(contained, 'timing', { status: 'error', result: 'x' }), contained);
  assert.equal(withMeasurement(contained, 'timing', { status: 'ok' }), contained);
  const escaped: CellVerdict = { verdict: 'escaped', detail: 'env: token', canaries: ['env'] };
  assert.equal(withMeasurement(escaped, 'timing', { status: 'ok', result: 'x' }), escaped);
});
