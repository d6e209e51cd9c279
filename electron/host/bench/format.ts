/** The bench report for people: one section per group, a fixed-width table, pass/miss with the margin. Pure. */
import { GROUP_TITLES, type BenchReport, type BenchRow, type BenchUnit, type Target } from './report.ts';
import type { Stats } from './stats.ts';

/** A number in its unit, with as many digits as its size deserves. */
export function formatValue(value: number, unit: BenchUnit): string {
  const abs = Math.abs(value);
  const digits = abs === 0 ? 0 : abs < 1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  const n = value.toFixed(unit === 'x' ? 2 : digits);
  if (unit === 'x') return `${n}×`;
  return `${n} ${unit}`;
}

function bare(value: number, unit: BenchUnit): string {
  return formatValue(value, unit).replace(/\s?(ms|%|s|×)$/, '');
}

/** `median unit [min–max]`, or just the median when there was one round. */
export function formatStats(s: Stats | undefined, unit: BenchUnit): string {
  if (!s) return '—';
  const head = formatValue(s.median, unit);
  return s.n > 1 ? `${head} [${bare(s.min, unit)}–${bare(s.max, unit)}]` : head;
}

export function formatTarget(target: Target | undefined, unit: BenchUnit): string {
  if (!target) return '—';
  return `≤ ${formatValue(target.max, target.on === 'ratio' ? 'x' : unit)}`;
}

export function formatResult(row: BenchRow): string {
  if (row.result !== 'miss') return row.result;
  if (row.missBy === undefined || !row.target) return 'MISS';
  const unit = row.target.on === 'ratio' ? 'x' : row.unit;
  return `MISS by ${formatValue(row.missBy, unit)}`;
}

const HEADERS = ['subject', 'product', 'floor', 'ratio', 'target', 'result'] as const;

function cells(row: BenchRow): string[] {
  return [
    row.subject,
    formatStats(row.product, row.unit),
    formatStats(row.floor, row.unit),
    formatStats(row.ratio, 'x'),
    formatTarget(row.target, row.unit),
    formatResult(row),
  ];
}

function table(rows: readonly BenchRow[]): string[] {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const out = [line(HEADERS)];
  rows.forEach((row, i) => {
    out.push(line(body[i]!));
    if (row.floorIs) out.push(`      floor: ${row.floorIs}`);
    for (const note of row.notes) out.push(`      note: ${note}`);
  });
  return out;
}

function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export function formatBench(report: BenchReport): string {
  const m = report.machine;
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  const lines = [
    `workbench bench · ${report.rounds} round(s) · Node ${m.node} · ${m.platform} ${m.kernel}`,
    `${m.cpu} · ${m.cores} cores · ${gb(m.memoryBytes)} RAM · load ${load(m.loadBefore)} → ${load(m.loadAfter)}`,
    'Figures are medians of the rounds [min–max]; ratio = product ÷ floor, paired round by round.',
  ];
  for (const group of report.groups) {
    const rows = report.rows.filter((r) => r.group === group);
    if (rows.length === 0) continue;
    lines.push('', `${group} — ${GROUP_TITLES[group]}`, ...table(rows));
  }
  const { withTarget, passed, missed } = report.summary;
  lines.push(
    '',
    `${passed} of ${withTarget} figures with a target pass` +
      (missed.length ? `; missed: ${missed.map((r) => `${r.group} ${r.subject}`).join(', ')}` : '') +
      `. ${(report.elapsedMs / 1000).toFixed(0)} s.`,
  );
  return lines.join('\n');
}
