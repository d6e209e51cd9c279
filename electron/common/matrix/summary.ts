/** Counting a matrix report: per driver and overall, for every output format. */
import type { MatrixReport } from './report.ts';
import { VERDICT_CLASSES, type VerdictClass } from '../probe-header.ts';

export interface MatrixSummary {
  readonly total: number;
  readonly byVerdict: Readonly<Record<VerdictClass, number>>;
  readonly byDriver: ReadonlyMap<string, Readonly<Record<VerdictClass, number>>>;
  /** Cells where the driver did worse than the probe expected. */
  readonly worse: number;
  readonly differs: number;
}

const zero = (): Record<VerdictClass, number> =>
  Object.fromEntries(VERDICT_CLASSES.map((v) => [v, 0])) as Record<VerdictClass, number>;

export function summarize(report: MatrixReport): MatrixSummary {
  const byVerdict = zero();
  const byDriver = new Map<string, Record<VerdictClass, number>>(report.drivers.map((d) => [d, zero()]));
  let worse = 0;
  let differs = 0;
  for (const c of report.cells) {
    byVerdict[c.verdict]++;
    const d = byDriver.get(c.driver);
    if (d) d[c.verdict]++;
    if (c.comparison === 'worse') worse++;
    if (c.comparison === 'differs' || c.comparison === 'better') differs++;
  }
  return { total: report.cells.length, byVerdict, byDriver, worse, differs };
}

/** Short labels for a terminal table. */
export const SHORT: Readonly<Record<VerdictClass, string>> = {
  contained: 'ok',
  escaped: 'ESC',
  'limit-enforced': 'lim',
  'limit-bypassed': 'BYP',
  'host-crashed': 'CRASH',
  error: 'err',
};
