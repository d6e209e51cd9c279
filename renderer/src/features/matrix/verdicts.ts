/**
 * How a matrix verdict looks in the heat-map: a short text (so colour is never the only signal), a class
 * for its colour, and a sentence for screen readers and tooltips.
 */
import type { VerdictClass } from '../../../../electron/common/matrix/probe-header.ts';
import type { MatrixCell } from '../../../../electron/common/matrix/report.ts';
import { classesSeen } from '../../../../electron/common/matrix/repetitions.ts';
import { explainInstability } from '../../../../electron/common/matrix/instability.ts';
import { VERDICT_MARKS, VERDICT_ORDER, VERDICT_WORDS } from '../../../../electron/common/verdict/verdict-words.ts';

export interface VerdictLook {
  /** Text in the cell. */
  readonly short: string;
  /** Legend wording. */
  readonly label: string;
  readonly meaning: string;
}

/** The shared words and marks (electron/common/verdict/verdict-words.ts): the same as the CLI's and the reports'. */
export const VERDICT_LOOK: Readonly<Record<VerdictClass, VerdictLook>> = Object.fromEntries(
  VERDICT_ORDER.map((v) => [v, { short: VERDICT_MARKS[v], ...VERDICT_WORDS[v] }]),
) as Record<VerdictClass, VerdictLook>;

export { VERDICT_ORDER };

/** The cell did worse than its probe expects (the driver was expected to hold and did not). */
export const isWorse = (cell: MatrixCell): boolean => cell.comparison === 'worse';

/** The cell's runs reached different classes (it shows the most severe). */
export const isUnstable = (cell: MatrixCell): boolean => cell.unstable === true;

/** The cell's result contradicted itself: a workbench error, whatever the verdict says. */
export const isInconsistent = (cell: MatrixCell): boolean => (cell.inconsistent?.length ?? 0) > 0;

/** Marks after the verdict: `!` worse than expected, `~` unstable, `‼` workbench error. */
export function cellText(cell: MatrixCell): string {
  return `${VERDICT_LOOK[cell.verdict].short}${isWorse(cell) ? '!' : ''}${isUnstable(cell) ? '~' : ''}${isInconsistent(cell) ? '‼' : ''}`;
}

export function cellDescription(cell: MatrixCell): string {
  const look = VERDICT_LOOK[cell.verdict];
  const expected =
    cell.expected === undefined
      ? ''
      : isWorse(cell)
        ? ` — worse than expected (${cell.expected})`
        : cell.comparison === 'as-expected'
          ? ' — as expected'
          : ` — expected ${cell.expected}`;
  const unstable = isUnstable(cell)
    ? ` Unstable: its ${cell.runs?.length ?? 0} runs reached ${classesSeen(cell)
        .map((v) => VERDICT_LOOK[v].label)
        .join(
          ', ',
        )} (run by run: ${(cell.runs ?? []).map((r) => r.verdict).join(', ')}). Why: ${explainInstability(classesSeen(cell))}.`
    : '';
  const broken = isInconsistent(cell)
    ? ` WORKBENCH ERROR — the result contradicts itself: ${(cell.inconsistent ?? []).join('; ')}.`
    : '';
  return `${cell.probe} under ${cell.driver}: ${look.label}${expected}. ${cell.detail}${unstable}${broken}`;
}
