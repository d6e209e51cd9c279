import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bisect, bisectCandidates, chooseLine, fixedInLine, type BisectOutcome } from './bisect.ts';
import type { VerdictClass } from '../matrix/probe-header.ts';

const LINE_24 = ['24.10.0', '24.11.0', '24.11.1', '24.12.0', '24.13.0', '24.13.1', '24.14.0', '24.14.1', '24.15.0'];
const MIXED = ['20.19.6', '20.20.0', '22.21.1', '22.22.0', ...LINE_24];

/** A fake Node: each version's class, 'fail' for an install that fails. */
function fake(table: Record<string, VerdictClass | 'fail'>) {
  const asked: string[] = [];
  const verdictAt = async (v: string): Promise<BisectOutcome> => {
    asked.push(v);
    const c = table[v];
    if (c === undefined) throw new Error(`not in the table: ${v}`);
    return c === 'fail' ? { kind: 'failed', reason: 'install failed' } : { kind: 'verdict', verdict: c };
  };
  return { asked, verdictAt };
}

/** escaped up to (not including) `fixed`, contained from it on. */
function stepAt(versions: readonly string[], fixed: string): Record<string, VerdictClass> {
  const i = versions.indexOf(fixed);
  return Object.fromEntries(versions.map((v, j) => [v, j < i ? 'escaped' : 'contained']));
}

test('a monotonic change is found at its first release, each tested once', async () => {
  for (const fixed of LINE_24.slice(1)) {
    const f = fake(stepAt(LINE_24, fixed));
    const r = await bisect({ versions: LINE_24, verdictAt: f.verdictAt });
    assert.equal(r.status, 'found', fixed);
    assert.equal(r.changedAt, fixed);
    assert.equal(r.before, 'escaped');
    assert.equal(r.after, 'contained');
    assert.equal(new Set(f.asked).size, f.asked.length, 'no release tested twice');
    // two ends + ceil(log2(n - 1)) at most
    assert.ok(f.asked.length <= 2 + Math.ceil(Math.log2(LINE_24.length - 1)), `${f.asked.length} tests`);
  }
});

test('a two-release range tests just the two', async () => {
  const f = fake({ '24.12.0': 'escaped', '24.13.0': 'contained' });
  const r = await bisect({ versions: LINE_24, from: '24.12.0', to: '24.13.0', verdictAt: f.verdictAt });
  assert.deepEqual(f.asked, ['24.12.0', '24.13.0']);
  assert.deepEqual([r.status, r.lastBefore, r.changedAt], ['found', '24.12.0', '24.13.0']);
});

test('the same class at both ends is no-change', async () => {
  const f = fake(Object.fromEntries(LINE_24.map((v) => [v, 'contained' as const])));
  const r = await bisect({ versions: LINE_24, verdictAt: f.verdictAt });
  assert.equal(r.status, 'no-change');
  assert.equal(r.changedAt, undefined);
  assert.deepEqual(f.asked, ['24.10.0', '24.15.0']);
});

test('non-monotonic verdicts still end on a real adjacent change, and a third class is a note', async () => {
  const tables: Record<string, VerdictClass>[] = [
    // escaped, contained, escaped again, contained
    Object.fromEntries(LINE_24.map((v, i) => [v, [0, 1, 4, 5].includes(i) ? 'escaped' : 'contained'])),
    { ...stepAt(LINE_24, '24.14.0'), '24.12.0': 'host-crashed' },
    { ...stepAt(LINE_24, '24.13.0'), '24.14.1': 'escaped' },
  ];
  for (const table of tables) {
    const f = fake(table);
    const r = await bisect({ versions: LINE_24, verdictAt: f.verdictAt });
    assert.equal(r.status, 'found');
    const i = LINE_24.indexOf(r.changedAt!);
    assert.equal(LINE_24[i - 1], r.lastBefore, 'adjacent');
    assert.equal(table[r.lastBefore!], r.before);
    assert.notEqual(table[r.changedAt!], r.before);
  }
  const crashed = await bisect({
    versions: LINE_24,
    verdictAt: fake({ ...stepAt(LINE_24, '24.14.0'), '24.13.0': 'host-crashed' }).verdictAt, // the first middle tested
  });
  assert.match(crashed.notes.join('\n'), /not monotonic/);
  // A change and a change back between the ends is invisible: the ends agree, and the result says only that.
  const alternating = Object.fromEntries(LINE_24.map((v, i) => [v, i % 2 === 0 ? 'escaped' : 'contained'] as const));
  const back = await bisect({ versions: LINE_24, verdictAt: fake(alternating).verdictAt });
  assert.equal(back.status, 'no-change');
  assert.match(back.notes.join('\n'), /unless it changed back/);
});

test('a failing install is skipped: the search moves to a neighbour', async () => {
  const table: Record<string, VerdictClass | 'fail'> = { ...stepAt(LINE_24, '24.13.0'), '24.12.0': 'fail' };
  const f = fake(table);
  const r = await bisect({ versions: LINE_24, verdictAt: f.verdictAt });
  // 24.12.0 gave nothing: the change is at 24.12.0 or 24.13.0, and the result says so
  assert.equal(r.status, 'ambiguous');
  assert.deepEqual([r.lastBefore, r.changedAt, r.skipped], ['24.11.1', '24.13.0', ['24.12.0']]);
  assert.ok(f.asked.includes('24.12.0'));

  const far = await bisect({
    versions: LINE_24,
    verdictAt: fake({ ...stepAt(LINE_24, '24.14.0'), '24.12.0': 'fail' }).verdictAt,
  });
  assert.deepEqual([far.status, far.changedAt, far.skipped], ['found', '24.14.0', []]);
});

test('failing ends move inward; nothing at all is failed', async () => {
  const r = await bisect({
    versions: LINE_24,
    verdictAt: fake({ ...stepAt(LINE_24, '24.13.0'), '24.10.0': 'fail', '24.15.0': 'fail' }).verdictAt,
  });
  assert.equal(r.status, 'found');
  assert.equal(r.changedAt, '24.13.0');
  assert.match(r.notes.join('\n'), /searching from 24\.11\.0: 24\.10\.0 gave no verdict/);
  const none = await bisect({
    versions: LINE_24,
    verdictAt: fake(Object.fromEntries(LINE_24.map((v) => [v, 'fail' as const]))).verdictAt,
  });
  assert.equal(none.status, 'failed');
  const thrown = await bisect({
    versions: ['24.12.0', '24.13.0'],
    verdictAt: async () => {
      throw new Error('registry unreachable');
    },
  });
  assert.equal(thrown.status, 'failed');
  assert.deepEqual(
    thrown.steps.map((s) => s.outcome),
    [
      { kind: 'failed', reason: 'registry unreachable' },
      { kind: 'failed', reason: 'registry unreachable' },
    ],
  );
});

test('a line restricts the search to one major', async () => {
  const f = fake(stepAt(MIXED, '24.13.0'));
  const r = await bisect({ versions: MIXED, line: 24, verdictAt: f.verdictAt });
  assert.equal(r.changedAt, '24.13.0');
  assert.ok(f.asked.every((v) => v.startsWith('24.')));
  assert.deepEqual(r.candidates, LINE_24);
});

test('bisectCandidates: bounds, lines and bad input', () => {
  assert.deepEqual(bisectCandidates({ versions: MIXED, from: '22.21.1', to: '24.10.0' }), [
    '22.21.1',
    '22.22.0',
    '24.10.0',
  ]);
  assert.match(String(bisectCandidates({ versions: MIXED, from: '24.13.0', to: '24.12.0' })), /must be older/);
  assert.match(String(bisectCandidates({ versions: MIXED, from: '24.x' })), /release version/);
  assert.match(String(bisectCandidates({ versions: MIXED, from: '24.12.5' })), /not a release the registry serves/);
  assert.match(String(bisectCandidates({ versions: MIXED, line: 22, from: '24.12.0' })), /not in the 22\.x line/);
  assert.match(String(bisectCandidates({ versions: MIXED, line: 21 })), /fewer than two/);
});

test('chooseLine: from/to decide, else the newest fixed line the registry serves', () => {
  const fixed = ['20.20.0', '22.22.0', '24.13.0', '25.3.0'];
  assert.equal(chooseLine(fixed, undefined, undefined, [20, 22, 24]), 24);
  assert.equal(chooseLine(fixed, undefined, undefined, [20, 22, 24, 25]), 25);
  assert.equal(chooseLine(fixed, '22.21.0', undefined, [20, 22, 24]), 22);
  assert.equal(chooseLine(fixed, '22.21.0', '22.22.0', [20, 22, 24]), 22);
  assert.match(String(chooseLine(fixed, '22.21.0', '24.13.0', [20, 22, 24])), /different release lines/);
  assert.match(String(chooseLine(['25.3.0'], undefined, undefined, [20, 22, 24])), /none of the fixed/);
  assert.equal(chooseLine(undefined, undefined, undefined, [24]), undefined);
  assert.equal(chooseLine(undefined, '24.1.0', '24.5.0', [24]), 24);
  assert.equal(fixedInLine(fixed, 22), '22.22.0');
  assert.equal(fixedInLine(fixed, 21), undefined);
  assert.equal(fixedInLine(['24.14.1'], undefined), '24.14.1');
});
