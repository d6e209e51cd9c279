/** The heat-map's text and tooltip for a cell: unstable and inconsistent cells carry a mark and say why. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatrixCell } from '../../../../electron/common/matrix/report.ts';
import { combineRepetitions } from '../../../../electron/common/matrix/repetitions.ts';
import { cellDescription, cellText, isInconsistent, isUnstable } from './verdicts.ts';

const base: MatrixCell = {
  probe: 'kill-own-host',
  driver: 'worker+vm',
  verdict: 'contained',
  detail: 'nothing reached',
  canaries: [],
  comparison: 'no-expectation',
};

test('a stable, consistent cell: its short verdict only', () => {
  assert.equal(cellText(base), 'ok');
  assert.equal(isUnstable(base), false);
  assert.equal(isInconsistent(base), false);
  assert.doesNotMatch(cellDescription(base), /Unstable|WORKBENCH ERROR/);
});

test('an unstable cell: ~ after the most severe verdict, and the classes seen in the tooltip', () => {
  const cell = combineRepetitions([
    base,
    { ...base, verdict: 'host-crashed', detail: 'the host died' },
    { ...base, verdict: 'error', detail: 'x' },
  ]);
  assert.equal(cellText(cell), 'CRASH~');
  assert.match(
    cellDescription(cell),
    /Unstable: its 3 runs reached contained, host crashed, error \(run by run: contained, host-crashed, error\)\. Why: one run ended in an error/,
  );
});

test('an inconsistent cell: ‼ and the contradictions, loudly', () => {
  const cell: MatrixCell = {
    ...base,
    verdict: 'escaped',
    comparison: 'worse',
    expected: 'contained',
    inconsistent: ['peak below samples'],
  };
  assert.equal(cellText(cell), 'ESC!‼');
  assert.match(cellDescription(cell), /WORKBENCH ERROR — the result contradicts itself: peak below samples\./);
});
