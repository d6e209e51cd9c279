/** The matrix as a plain-text table for a terminal: probes down, drivers across, one short mark a cell. */
import type { MatrixCell, MatrixReport } from './report.ts';
import { summarize } from './summary.ts';
import { VERDICT_MARKS, VERDICT_WORDS, verdictLegend } from '../verdict/verdict-words.ts';
import type { VerdictClass } from './probe-header.ts';

/** The flags after a cell's verdict: `!` worse, `?` differs, `~` unstable, `#` workbench error. */
export function cellFlags(c: MatrixCell): string {
  return (
    (c.comparison === 'worse' ? '!' : c.comparison === 'differs' || c.comparison === 'better' ? '?' : '') +
    (c.unstable === true ? '~' : '') +
    ((c.inconsistent?.length ?? 0) > 0 ? '#' : '')
  );
}

/** Details can carry attacker-influenced text: one line, control characters blanked, cut. */
const line = (text: string): string =>
  [...text.slice(0, 200)]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? ' ' : ch;
    })
    .join('')
    .trim();

export function formatMatrixTable(report: MatrixReport): string {
  const byKey = new Map(report.cells.map((c) => [`${c.probe}\u0000${c.driver}`, c]));
  const probeWidth = Math.max(5, ...report.probes.map((p) => p.id.length));
  const widths = report.drivers.map((d) => Math.max(d.length, 6));
  const lines = [['probe'.padEnd(probeWidth), ...report.drivers.map((d, i) => d.padEnd(widths[i]!))].join('  ')];
  for (const p of report.probes) {
    const row = report.drivers.map((d, i) => {
      const c = byKey.get(`${p.id}\u0000${d}`);
      return (c ? VERDICT_MARKS[c.verdict] + cellFlags(c) : '').padEnd(widths[i]!);
    });
    lines.push([p.id.padEnd(probeWidth), ...row].join('  '));
  }
  const s = summarize(report);
  const inconsistent = report.cells.filter((c) => (c.inconsistent?.length ?? 0) > 0);
  if (inconsistent.length > 0) {
    lines.push('', `WORKBENCH ERROR: ${inconsistent.length} cell(s) whose result contradicts itself (#):`);
    for (const c of inconsistent) {
      for (const problem of c.inconsistent ?? []) lines.push(`  ${c.probe} @ ${c.driver}: ${line(problem)}`);
    }
  }
  const unstable = report.cells.filter((c) => c.unstable === true);
  if (unstable.length > 0) {
    lines.push(
      '',
      `Unstable: ${unstable.length} cell(s) reached different classes in ${report.repeat ?? '?'} runs (~):`,
    );
    for (const c of unstable) {
      lines.push(`  ${c.probe} @ ${c.driver}: ${(c.runs ?? []).map((r) => r.verdict).join(', ')}`);
    }
  }
  lines.push(
    '',
    `${s.total} cells${(report.repeat ?? 1) > 1 ? ` × ${report.repeat} runs` : ''}: ${Object.entries(s.byVerdict)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${VERDICT_WORDS[v as VerdictClass].label}`)
      .join(
        ', ',
      )}; ${s.worse} worse than expected (!), ${s.differs} otherwise different (?), ${s.unstable} unstable (~), ${s.inconsistent} workbench error(s) (#).`,
    verdictLegend(VERDICT_MARKS),
  );
  return lines.join('\n');
}
