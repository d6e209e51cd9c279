/** The matrix as a plain-text table for a terminal: probes down, drivers across, one short mark a cell. */
import type { MatrixReport } from './report.ts';
import { SHORT, summarize } from './summary.ts';

export function formatMatrixTable(report: MatrixReport): string {
  const byKey = new Map(report.cells.map((c) => [`${c.probe}\u0000${c.driver}`, c]));
  const probeWidth = Math.max(5, ...report.probes.map((p) => p.id.length));
  const widths = report.drivers.map((d) => Math.max(d.length, 6));
  const lines = [['probe'.padEnd(probeWidth), ...report.drivers.map((d, i) => d.padEnd(widths[i]!))].join('  ')];
  for (const p of report.probes) {
    const row = report.drivers.map((d, i) => {
      const c = byKey.get(`${p.id}\u0000${d}`);
      const mark = c
        ? SHORT[c.verdict] +
          (c.comparison === 'worse' ? '!' : c.comparison === 'differs' || c.comparison === 'better' ? '?' : '')
        : '';
      return mark.padEnd(widths[i]!);
    });
    lines.push([p.id.padEnd(probeWidth), ...row].join('  '));
  }
  const s = summarize(report);
  lines.push(
    '',
    `${s.total} cells: ${Object.entries(s.byVerdict)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${v}`)
      .join(', ')}; ${s.worse} worse than expected (!), ${s.differs} otherwise different (?).`,
    'ok contained · ESC escaped · lim limit enforced · BYP limit bypassed · CRASH host crashed · err error',
  );
  return lines.join('\n');
}
