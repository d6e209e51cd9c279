/** The matrix as Markdown: a legend, a per-driver summary, the probes × drivers table, and the findings. */
import type { MatrixReport } from './report.ts';
import type { VerdictClass } from '../probe-header.ts';
import { summarize } from './summary.ts';

const MARK: Readonly<Record<VerdictClass, string>> = {
  contained: '✅',
  escaped: '🔴',
  'limit-enforced': '🟢',
  'limit-bypassed': '🟠',
  'host-crashed': '💥',
  error: '⚪',
};

/**
 * Text from probes and their output is attacker-controlled: no pipes or newlines (they break the table) and
 * no raw HTML (Markdown renders it).
 */
function cell(text: string): string {
  return text
    .replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'))
    .replaceAll('|', '\\|')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An identifier in backticks: code spans render HTML literally, but a backtick or pipe would break out. */
function code(text: string): string {
  return `\`${text.replace(/[`|\s]/g, '_')}\``;
}

export function formatMatrixMarkdown(report: MatrixReport, title = 'Isolation matrix'): string {
  const s = summarize(report);
  const byKey = new Map(report.cells.map((c) => [`${c.probe}\u0000${c.driver}`, c]));
  const lines = [
    `# ${title}`,
    '',
    `Generated ${report.generatedAt.slice(0, 10)} with Node ${report.node} on ${report.platform}, policy \`${report.policy}\`:`,
    `${report.probes.length} probes × ${report.drivers.length} drivers = ${s.total} cells in ${(report.durationMs / 1000).toFixed(0)} s.`,
    '',
    '**Legend** — ✅ contained · 🔴 escaped (canaries reached) · 🟢 limit enforced · 🟠 limit bypassed · 💥 host crashed ·',
    '⚪ error. ⚠️ marks a cell where the driver did worse than the probe expects; ❔ one that differs otherwise.',
    '',
    '## By driver',
    '',
    '| driver | ✅ | 🔴 | 🟢 | 🟠 | 💥 | ⚪ |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const d of report.drivers) {
    const n = s.byDriver.get(d)!;
    lines.push(
      `| ${code(d)} | ${n.contained} | ${n.escaped} | ${n['limit-enforced']} | ${n['limit-bypassed']} | ${n['host-crashed']} | ${n.error} |`,
    );
  }
  lines.push('', '## Probes × drivers', '', `| probe | ${report.drivers.map(code).join(' | ')} |`);
  lines.push(`| --- | ${report.drivers.map(() => '---').join(' | ')} |`);
  for (const p of report.probes) {
    const row = report.drivers.map((d) => {
      const c = byKey.get(`${p.id}\u0000${d}`);
      if (!c) return '';
      const flag =
        c.comparison === 'worse' ? '⚠️' : c.comparison === 'differs' || c.comparison === 'better' ? '❔' : '';
      const what = c.verdict === 'escaped' ? ` ${c.canaries.join(',')}` : '';
      return `${MARK[c.verdict]}${flag}${what}`;
    });
    lines.push(`| ${code(p.id)} (${p.category}) | ${row.join(' | ')} |`);
  }
  const notable = report.cells.filter(
    (c) => c.comparison === 'worse' || c.comparison === 'differs' || c.comparison === 'better',
  );
  if (notable.length > 0) {
    lines.push(
      '',
      '## Where observation and expectation differ',
      '',
      '| probe | driver | expected | observed | evidence |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const c of notable) {
      lines.push(
        `| ${code(c.probe)} | ${code(c.driver)} | ${c.expected ?? ''} | ${c.verdict} | ${cell(c.detail.slice(0, 200))} |`,
      );
    }
  }
  lines.push('', '## Probes', '');
  for (const p of report.probes) {
    const refs = p.references.length ? ` References: ${p.references.join(', ')}.` : '';
    lines.push(`- **${code(p.id)}** (${p.category}) — ${cell(p.title)}. ${cell(p.technique)}${cell(refs)}`);
  }
  return `${lines.join('\n')}\n`;
}
