/** The matrix as Markdown: a legend, a per-driver summary, the probes × drivers table, and the findings. */
import { verdictLegend } from '../verdict/verdict-words.ts';
import { explainInstability } from './instability.ts';
import { classesSeen } from './repetitions.ts';
import { policyText, type MatrixReport } from './report.ts';
import type { VerdictClass } from './probe-header.ts';
import { summarize } from './summary.ts';

const MARK: Readonly<Record<VerdictClass, string>> = {
  contained: '✅',
  escaped: '🔴',
  'limit-enforced': '🟢',
  'limit-bypassed': '🟠',
  'host-crashed': '💥',
  error: '⚪',
};
const UNSTABLE = '🔀';
const INCONSISTENT = '🚨';

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
  const repeat = report.repeat ?? 1;
  const byKey = new Map(report.cells.map((c) => [`${c.probe}\u0000${c.driver}`, c]));
  const lines = [
    `# ${title}`,
    '',
    `Generated ${report.generatedAt.slice(0, 10)} with Node ${report.node} on ${report.platform}, policy \`${policyText(report)}\`:`,
    `${report.probes.length} probes × ${report.drivers.length} drivers = ${s.total} cells${repeat > 1 ? `, each run ${repeat} times,` : ''} in ${(report.durationMs / 1000).toFixed(0)} s.`,
    '',
    `**Legend** — ${verdictLegend(MARK)}. ⚠️ marks a cell where the driver did worse than the probe expects;`,
    '❔ one that differs otherwise;',
    `${UNSTABLE} one whose runs reached different classes (it shows the most severe); ${INCONSISTENT} a workbench error:`,
    "the run's result contradicts itself, so its figures cannot be trusted.",
    '',
  ];
  if (s.inconsistent > 0) {
    lines.push(
      `> **${INCONSISTENT} Workbench error: ${s.inconsistent} cell(s) with an inconsistent result** (listed below).`,
      '',
    );
  }
  lines.push(
    '## By driver',
    '',
    `| driver | ✅ | 🔴 | 🟢 | 🟠 | 💥 | ⚪ | ${UNSTABLE} | ${INCONSISTENT} |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const d of report.drivers) {
    const n = s.byDriver.get(d)!;
    const mine = report.cells.filter((c) => c.driver === d);
    const unstable = mine.filter((c) => c.unstable === true).length;
    const inconsistent = mine.filter((c) => (c.inconsistent?.length ?? 0) > 0).length;
    lines.push(
      `| ${code(d)} | ${n.contained} | ${n.escaped} | ${n['limit-enforced']} | ${n['limit-bypassed']} | ${n['host-crashed']} | ${n.error} | ${unstable} | ${inconsistent} |`,
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
      const marks = `${c.unstable === true ? UNSTABLE : ''}${(c.inconsistent?.length ?? 0) > 0 ? INCONSISTENT : ''}`;
      return `${MARK[c.verdict]}${flag}${marks}${what}`;
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
  const inconsistent = report.cells.filter((c) => (c.inconsistent?.length ?? 0) > 0);
  if (inconsistent.length > 0) {
    lines.push(
      '',
      `## ${INCONSISTENT} Workbench errors: inconsistent results`,
      '',
      '| probe | driver | contradiction |',
    );
    lines.push('| --- | --- | --- |');
    for (const c of inconsistent) {
      for (const problem of c.inconsistent ?? []) {
        lines.push(`| ${code(c.probe)} | ${code(c.driver)} | ${cell(problem)} |`);
      }
    }
  }
  const unstable = report.cells.filter((c) => c.unstable === true);
  if (unstable.length > 0) {
    lines.push(
      '',
      `## ${UNSTABLE} Unstable cells`,
      '',
      '| probe | driver | classes, run by run | why | evidence, run by run |',
    );
    lines.push('| --- | --- | --- | --- | --- |');
    for (const c of unstable) {
      const runs = c.runs ?? [];
      lines.push(
        `| ${code(c.probe)} | ${code(c.driver)} | ${runs.map((r) => r.verdict).join(', ')} | ${cell(explainInstability(classesSeen(c)))} | ${cell(runs.map((r, i) => `${i + 1}: ${r.detail.slice(0, 120)}`).join(' · '))} |`,
      );
    }
  }
  lines.push('', '## Probes', '');
  for (const p of report.probes) {
    // A space between the sentences whatever `cell` trims: the technique and "References:" never run together.
    const refs = p.references.length ? ` ${cell(`References: ${p.references.join(', ')}.`)}` : '';
    lines.push(`- **${code(p.id)}** (${p.category}) — ${cell(p.title)}. ${cell(p.technique)}${refs}`);
  }
  return `${lines.join('\n')}\n`;
}
