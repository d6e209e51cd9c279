/** Counting a matrix report: per driver and overall, for every output format. */
import type { MatrixReport } from './report.ts';
import { VERDICT_CLASSES, type VerdictClass } from './probe-header.ts';

export interface MatrixSummary {
  readonly total: number;
  readonly byVerdict: Readonly<Record<VerdictClass, number>>;
  readonly byDriver: ReadonlyMap<string, Readonly<Record<VerdictClass, number>>>;
  /** Cells where the driver did worse than the probe expected. */
  readonly worse: number;
  readonly differs: number;
  /** Cells whose repetitions reached different classes. */
  readonly unstable: number;
  /** Cells whose result contradicted itself: workbench errors. */
  readonly inconsistent: number;
}

const zero = (): Record<VerdictClass, number> =>
  Object.fromEntries(VERDICT_CLASSES.map((v) => [v, 0])) as Record<VerdictClass, number>;

export function summarize(report: MatrixReport): MatrixSummary {
  const byVerdict = zero();
  const byDriver = new Map<string, Record<VerdictClass, number>>(report.drivers.map((d) => [d, zero()]));
  let worse = 0;
  let differs = 0;
  let unstable = 0;
  let inconsistent = 0;
  for (const c of report.cells) {
    byVerdict[c.verdict]++;
    const d = byDriver.get(c.driver);
    if (d) d[c.verdict]++;
    if (c.comparison === 'worse') worse++;
    if (c.comparison === 'differs' || c.comparison === 'better') differs++;
    if (c.unstable === true) unstable++;
    if ((c.inconsistent?.length ?? 0) > 0) inconsistent++;
  }
  return { total: report.cells.length, byVerdict, byDriver, worse, differs, unstable, inconsistent };
}

/**
 * Why `--strict` fails a matrix, empty when it passes: a cell worse than its probe expects, a cell whose
 * repetitions disagree, a cell whose result contradicts itself.
 */
export function strictFailures(s: MatrixSummary): string[] {
  return [
    ...(s.worse > 0 ? [`${s.worse} cell(s) worse than expected`] : []),
    ...(s.unstable > 0 ? [`${s.unstable} unstable cell(s)`] : []),
    ...(s.inconsistent > 0 ? [`${s.inconsistent} cell(s) with a workbench error (inconsistent result)`] : []),
  ];
}

/** Short labels for a terminal table. */
