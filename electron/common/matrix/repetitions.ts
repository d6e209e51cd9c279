/**
 * Repeatable verdicts (issue 12): a matrix may run each cell several times; the repetitions of one cell are
 * folded into one cell here. The cell shows its most severe repetition — a flaky escape is never hidden
 * behind a lucky run — keeps every repetition's class, and is marked unstable when the classes differ.
 * Pure, so the engine, the formats and tests share it.
 */
import type { VerdictClass } from './probe-header.ts';
import type { CellRepetition, MatrixCell } from './report.ts';

/** Most runs of one cell a matrix makes (`--repeat`, the UI's Repeat). */
export const MATRIX_MAX_REPEAT = 5;

/** Contradictions kept per cell, and characters per contradiction and per repetition's detail. */
const MAX_PROBLEMS = 10;
const MAX_TEXT_CHARS = 300;

/** Worst first: what the driver let through beats what the workbench could not judge beats what held. */
const SEVERITY: readonly VerdictClass[] = [
  'escaped',
  'host-crashed',
  'limit-bypassed',
  'error',
  'limit-enforced',
  'contained',
];

const cutText = (text: string): string => (text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}…` : text);

/** The distinct classes of a cell's repetitions, in the order first seen. */
export function classesSeen(cell: Pick<MatrixCell, 'verdict' | 'runs'>): VerdictClass[] {
  return [...new Set((cell.runs ?? [{ verdict: cell.verdict }]).map((r) => r.verdict))];
}

/** Bounded, de-duplicated contradiction lines (they come from result-consistency.ts, figures included). */
export function boundProblems(problems: Iterable<string>): string[] {
  return [...new Set([...problems].map(cutText))].slice(0, MAX_PROBLEMS);
}

/**
 * One cell from its repetitions (each judged on its own), in run order. One repetition is returned as it
 * is. More: the first of the most severe repetitions gives the verdict, evidence and figures; canaries and
 * contradictions are the union over all; `runs` keeps each one's class.
 */
export function combineRepetitions(repetitions: readonly MatrixCell[]): MatrixCell {
  const [first] = repetitions;
  if (!first) throw new Error('a cell needs at least one repetition');
  if (repetitions.length === 1) return first;
  const rank = (c: MatrixCell): number => SEVERITY.indexOf(c.verdict);
  const worst = repetitions.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  const runs: CellRepetition[] = repetitions.map((r) => ({
    verdict: r.verdict,
    canaries: r.canaries,
    ...(r.status !== undefined ? { status: r.status } : {}),
    detail: cutText(r.detail),
  }));
  const problems = boundProblems(repetitions.flatMap((r) => r.inconsistent ?? []));
  const { inconsistent: _ignored, ...rest } = worst;
  return {
    ...rest,
    canaries: [...new Set(repetitions.flatMap((r) => r.canaries))],
    runs,
    unstable: new Set(runs.map((r) => r.verdict)).size > 1,
    ...(problems.length > 0 ? { inconsistent: problems } : {}),
  };
}
