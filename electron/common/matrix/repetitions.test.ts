/** Folding a cell's repetitions into one cell: the most severe wins, every class is kept, unstable when they differ. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatrixCell } from './report.ts';
import type { VerdictClass } from './probe-header.ts';
import { boundProblems, classesSeen, combineRepetitions } from './repetitions.ts';

function rep(verdict: VerdictClass, extra: Partial<MatrixCell> = {}): MatrixCell {
  return {
    probe: 'p',
    driver: 'worker',
    verdict,
    detail: `${verdict} detail`,
    canaries: verdict === 'escaped' ? ['env'] : [],
    comparison: 'no-expectation',
    status: verdict === 'host-crashed' ? 'host-crashed' : 'ok',
    durationMs: 10,
    ...extra,
  };
}

test('one repetition is the cell as it is: no runs, no unstable mark', () => {
  const only = rep('contained');
  assert.equal(combineRepetitions([only]), only);
  assert.throws(() => combineRepetitions([]), /at least one repetition/);
});

test('repetitions that agree: every class kept, stable', () => {
  const cell = combineRepetitions([rep('contained'), rep('contained')]);
  assert.equal(cell.unstable, false);
  assert.deepEqual(
    cell.runs?.map((r) => r.verdict),
    ['contained', 'contained'],
  );
  assert.deepEqual(classesSeen(cell), ['contained']);
});

test('repetitions that differ: unstable, the most severe shows, with its own evidence and figures', () => {
  const cell = combineRepetitions([
    rep('contained'),
    rep('escaped', { detail: 'env: token in stdout', durationMs: 77, comparison: 'worse', expected: 'contained' }),
    rep('limit-enforced'),
    rep('escaped', { detail: 'a later escape', canaries: ['file'] }),
  ]);
  assert.equal(cell.unstable, true);
  assert.equal(cell.verdict, 'escaped');
  assert.equal(cell.detail, 'env: token in stdout', 'the first of the most severe');
  assert.equal(cell.durationMs, 77);
  assert.equal(cell.comparison, 'worse');
  assert.deepEqual(cell.canaries, ['env', 'file'], 'canaries reached in any run');
  assert.deepEqual(
    cell.runs?.map((r) => r.verdict),
    ['contained', 'escaped', 'limit-enforced', 'escaped'],
  );
  assert.deepEqual(classesSeen(cell), ['contained', 'escaped', 'limit-enforced']);
});

test('severity: escaped > host-crashed > limit-bypassed > error > limit-enforced > contained', () => {
  const order: VerdictClass[] = ['contained', 'limit-enforced', 'error', 'limit-bypassed', 'host-crashed', 'escaped'];
  for (let i = 1; i < order.length; i++) {
    const worse = order[i]!;
    for (const better of order.slice(0, i)) {
      assert.equal(combineRepetitions([rep(better), rep(worse)]).verdict, worse, `${worse} over ${better}`);
      assert.equal(combineRepetitions([rep(worse), rep(better)]).verdict, worse, `${worse} over ${better}`);
    }
  }
});

test('contradictions of any repetition make the cell inconsistent, de-duplicated and bounded', () => {
  const cell = combineRepetitions([
    rep('contained', { inconsistent: ['peak below samples'] }),
    rep('contained'),
    rep('contained', { inconsistent: ['peak below samples', 'x'.repeat(5000)] }),
  ]);
  assert.equal(cell.unstable, false);
  assert.equal(cell.inconsistent?.length, 2);
  assert.equal(cell.inconsistent?.[0], 'peak below samples');
  assert.ok(cell.inconsistent![1]!.length <= 301);
  assert.equal(combineRepetitions([rep('contained'), rep('contained')]).inconsistent, undefined);
  assert.equal(boundProblems(Array.from({ length: 50 }, (_, i) => `p${i}`)).length, 10);
});

test('a repetition whose detail is huge is cut in runs', () => {
  const cell = combineRepetitions([rep('contained', { detail: 'y'.repeat(10_000) }), rep('contained')]);
  assert.ok(cell.runs![0]!.detail.length <= 301);
});
