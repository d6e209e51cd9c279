import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatrixCell, MatrixReport } from './report.ts';
import type { ProbeMeta } from './probe-header.ts';
import { formatMatrixTable } from './format-table.ts';
import { formatMatrixMarkdown } from './format-md.ts';
import { formatMatrixHtml } from './format-html.ts';
import { summarize } from './summary.ts';

const MB = 1024 * 1024;
/** Attacker-controlled probe output: tries to close the data script, inject markup, and break a Markdown table. */
const HOSTILE = 'secret|42\n</script><img src=x onerror=alert(1)><!--<script></ScRiPt >';

function probe(meta: Partial<ProbeMeta> & Pick<ProbeMeta, 'id' | 'category'>): ProbeMeta & { file: string } {
  return {
    title: meta.id,
    goal: '',
    technique: '',
    references: [],
    attacks: 'none',
    limits: {},
    expect: [],
    expectHardened: [],
    warnings: [],
    file: `/probes/${meta.category}/${meta.id}.js`,
    ...meta,
  };
}

const cells: MatrixCell[] = [
  {
    probe: 'env-canary-read',
    driver: 'host',
    verdict: 'escaped',
    detail: 'env: canary token in stdout',
    canaries: ['env'],
    expected: 'escaped',
    comparison: 'as-expected',
    status: 'ok',
    durationMs: 31,
    peakMemoryBytes: 40 * MB,
    cpuMs: 12,
    stdout: HOSTILE,
    stderr: '',
  },
  {
    probe: 'env-canary-read',
    driver: 'worker+quickjs',
    verdict: 'escaped',
    detail: `env: canary token in stdout: ${HOSTILE}`,
    canaries: ['env', 'file'],
    expected: 'contained',
    comparison: 'worse',
    status: 'ok',
    durationMs: 45,
    peakMemoryBytes: 30 * MB,
    cpuMs: 20,
    stdout: HOSTILE,
    stderr: 'warning | with a pipe',
  },
  {
    probe: 'memory-balloon',
    driver: 'host',
    verdict: 'limit-bypassed',
    detail: 'memory limit not enforced: peak 300.0 MB, 172.0 MB over 128 MB; the run finished',
    canaries: [],
    overshoot: 172 * MB,
    expected: 'any',
    comparison: 'as-expected',
    status: 'ok',
    durationMs: 900,
    peakMemoryBytes: 300 * MB,
    cpuMs: 850,
    stdout: '',
    stderr: '',
  },
  {
    probe: 'memory-balloon',
    driver: 'worker+quickjs',
    verdict: 'limit-enforced',
    detail: 'memory limit held (stopped by quickjs-memory-limit)',
    canaries: [],
    expected: 'limit-bypassed',
    comparison: 'better',
    status: 'memory-limit',
    durationMs: 120,
    peakMemoryBytes: 130 * MB,
    cpuMs: 100,
    stdout: '',
    stderr: '',
  },
  {
    probe: 'cpu-spin',
    driver: 'host',
    verdict: 'error',
    detail: 'the cell did not finish within 17000 ms',
    canaries: [],
    expected: 'limit-enforced',
    comparison: 'differs',
  },
  {
    probe: 'cpu-spin',
    driver: 'worker+quickjs',
    verdict: 'contained',
    detail: 'nothing reached',
    canaries: [],
    comparison: 'no-expectation',
    status: 'ok',
    durationMs: 5,
    peakMemoryBytes: 10 * MB,
    cpuMs: 2,
    stdout: '',
    stderr: '',
  },
];

const report: MatrixReport = {
  generatedAt: '2026-03-04T05:06:07.000Z',
  node: 'v24.21.0',
  platform: 'linux x64 <b>bold</b>',
  policy: 'default',
  probes: [
    probe({
      id: 'env-canary-read',
      title: 'Read the env | print it',
      category: 'env',
      technique: 'process.env is inherited.',
      references: ['https://nodejs.org/api/process.html#processenv'],
      expect: [
        { pattern: '*', outcome: 'escaped' },
        { pattern: '*+quickjs', outcome: 'contained' },
      ],
    }),
    probe({
      id: 'memory-balloon',
      title: 'Allocate past the budget',
      category: 'memory',
      attacks: 'memory',
      limits: { memoryMb: 128 },
      expect: [
        { pattern: 'host', outcome: 'any' },
        { pattern: '*', outcome: 'limit-bypassed' },
      ],
    }),
    probe({
      id: 'cpu-spin',
      title: 'Spin forever',
      category: 'cpu',
      attacks: 'timeout',
      expect: [{ pattern: 'host*', outcome: 'limit-enforced' }],
      warnings: ['unknown header line "author: x"'],
    }),
  ],
  drivers: ['host', 'worker+quickjs'],
  cells,
  durationMs: 4200,
  cancelled: false,
};

/** Split a Markdown table row on its unescaped pipes, dropping the outer empty ends. */
function mdCells(line: string): string[] {
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The lines of the Markdown table right under `heading`. */
function mdTable(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `heading ${heading}`);
  const out: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i]!.startsWith('|')) out.push(lines[i]!);
    else if (out.length > 0) break;
  }
  return out;
}

test('summarize counts cells overall, by verdict, by driver, worse and otherwise different', () => {
  const s = summarize(report);
  assert.equal(s.total, 6);
  assert.deepEqual(s.byVerdict, {
    contained: 1,
    escaped: 2,
    'limit-enforced': 1,
    'limit-bypassed': 1,
    'host-crashed': 0,
    error: 1,
  });
  assert.deepEqual([...s.byDriver.keys()], ['host', 'worker+quickjs']);
  assert.deepEqual(s.byDriver.get('host'), {
    contained: 0,
    escaped: 1,
    'limit-enforced': 0,
    'limit-bypassed': 1,
    'host-crashed': 0,
    error: 1,
  });
  assert.deepEqual(s.byDriver.get('worker+quickjs'), {
    contained: 1,
    escaped: 1,
    'limit-enforced': 1,
    'limit-bypassed': 0,
    'host-crashed': 0,
    error: 0,
  });
  assert.equal(s.worse, 1);
  assert.equal(s.differs, 2, 'one better, one differs');
});

test('summarize of an empty report is all zero, with a row per driver', () => {
  const s = summarize({ ...report, probes: [], cells: [] });
  assert.equal(s.total, 0);
  assert.equal(s.worse, 0);
  assert.equal(s.differs, 0);
  assert.ok(Object.values(s.byVerdict).every((n) => n === 0));
  assert.equal(s.byDriver.size, 2);
});

test('table: a row per probe, a column per driver, ! for worse and ? for differs or better', () => {
  const text = formatMatrixTable(report);
  const lines = text.split('\n');
  assert.deepEqual(lines[0]!.trim().split(/\s+/), ['probe', 'host', 'worker+quickjs']);
  const rows = new Map(
    lines.slice(1, 1 + report.probes.length).map((l) => {
      const [id, ...marks] = l.trim().split(/\s+/);
      return [id!, marks];
    }),
  );
  assert.deepEqual(
    [...rows.keys()],
    report.probes.map((p) => p.id),
  );
  assert.deepEqual(rows.get('env-canary-read'), ['ESC', 'ESC!']);
  assert.deepEqual(rows.get('memory-balloon'), ['BYP', 'lim?']);
  assert.deepEqual(rows.get('cpu-spin'), ['err?', 'ok']);
  // The columns line up: each mark starts under its driver's name.
  const columns = report.drivers.map((d) => lines[0]!.indexOf(d));
  for (const line of lines.slice(1, 4)) {
    for (const col of columns) assert.match(line.slice(col), /^\S/, `column ${col} in "${line}"`);
  }
  assert.match(text, /^6 cells: /m);
  assert.match(text, /\b2 escaped\b/);
  assert.match(text, /\b1 worse than expected \(!\)/);
  assert.match(text, /\b2 otherwise different \(\?\)/);
  assert.doesNotMatch(text, /host-crashed/, 'zero counts are left out');
  assert.match(text, /ESC escaped/, 'legend');
});

test('table: a missing cell is left blank', () => {
  const text = formatMatrixTable({ ...report, cells: cells.filter((c) => c.probe !== 'cpu-spin') });
  const row = text.split('\n').find((l) => l.startsWith('cpu-spin'))!;
  assert.equal(row.trim(), 'cpu-spin');
});

test('markdown: legend, and a by-driver table whose counts match the summary', () => {
  const md = formatMatrixMarkdown(report);
  assert.match(md, /^# Isolation matrix\n/);
  assert.match(md, /\*\*Legend\*\*/);
  for (const mark of ['✅', '🔴', '🟢', '🟠', '💥', '⚪', '⚠️', '❔']) assert.ok(md.includes(mark), mark);
  assert.match(md, /3 probes × 2 drivers = 6 cells/);

  const table = mdTable(md, '## By driver');
  assert.equal(table.length, 2 + report.drivers.length);
  const header = mdCells(table[0]!);
  assert.deepEqual(header, ['driver', '✅', '🔴', '🟢', '🟠', '💥', '⚪', '🔀', '🚨']);
  const order = ['contained', 'escaped', 'limit-enforced', 'limit-bypassed', 'host-crashed', 'error'] as const;
  const s = summarize(report);
  for (const [i, d] of report.drivers.entries()) {
    const row = mdCells(table[2 + i]!);
    assert.equal(row[0], `\`${d}\``);
    assert.deepEqual(row.slice(1).map(Number), [...order.map((v) => s.byDriver.get(d)![v]), 0, 0], d);
  }
});

test('markdown: a probes × drivers row per probe, with marks and flags', () => {
  const md = formatMatrixMarkdown(report);
  const table = mdTable(md, '## Probes × drivers');
  assert.deepEqual(mdCells(table[0]!), ['probe', '`host`', '`worker+quickjs`']);
  assert.equal(table.length, 2 + report.probes.length);
  const rows = table.slice(2).map(mdCells);
  assert.deepEqual(rows, [
    ['`env-canary-read` (env)', '🔴 env', '🔴⚠️ env,file'],
    ['`memory-balloon` (memory)', '🟠', '🟢❔'],
    ['`cpu-spin` (cpu)', '⚪❔', '✅'],
  ]);
});

test('markdown: every table row has as many cells as its header (pipes escaped, newlines flattened)', () => {
  const md = formatMatrixMarkdown(report);
  const lines = md.split('\n');
  let width: number | undefined;
  let tables = 0;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      width = undefined;
      continue;
    }
    if (width === undefined) {
      width = mdCells(line).length;
      tables++;
    } else {
      assert.equal(mdCells(line).length, width, line);
    }
  }
  assert.equal(tables, 3);
  // The probe output's newline did not end up starting a line of its own.
  assert.ok(!lines.some((l) => l.startsWith('</script>')));
});

test('markdown: the differ section lists worse, better and differing cells with their evidence', () => {
  const md = formatMatrixMarkdown(report);
  const table = mdTable(md, '## Where observation and expectation differ');
  assert.deepEqual(mdCells(table[0]!), ['probe', 'driver', 'expected', 'observed', 'evidence']);
  const rows = table.slice(2).map(mdCells);
  assert.equal(rows.length, 3);
  const worse = rows.find((r) => r[1] === '`worker+quickjs`' && r[0] === '`env-canary-read`');
  assert.ok(worse, 'the worse cell is listed');
  assert.equal(worse[2], 'contained');
  assert.equal(worse[3], 'escaped');
  // Attacker-controlled evidence: pipes escaped for the table, HTML escaped so a renderer shows it as text.
  assert.ok(worse[4]!.startsWith('env: canary token in stdout: secret\\|42 &lt;/script&gt;&lt;img'), worse[4]);
  assert.ok(!md.includes('<img'), 'no raw HTML from probe output in the Markdown');
  assert.deepEqual(rows.map((r) => `${r[0]} ${r[1]}`).sort(), [
    '`cpu-spin` `host`',
    '`env-canary-read` `worker+quickjs`',
    '`memory-balloon` `worker+quickjs`',
  ]);
  // As-expected and no-expectation cells are not findings.
  assert.ok(!rows.some((r) => r[0] === '`env-canary-read`' && r[1] === '`host`'));
});

test('markdown: no differ section when everything is as expected', () => {
  const md = formatMatrixMarkdown({ ...report, cells: cells.filter((c) => c.comparison === 'as-expected') });
  assert.ok(!md.includes('## Where observation and expectation differ'));
});

test('markdown: the probe list escapes pipes in titles', () => {
  const md = formatMatrixMarkdown(report);
  const line = md.split('\n').find((l) => l.startsWith('- **`env-canary-read`**'));
  assert.ok(line);
  assert.ok(line.includes('Read the env \\| print it'));
  assert.ok(line.includes('References: https://nodejs.org/api/process.html#processenv'));
  // The technique's sentence and the references are two sentences, a space apart.
  assert.match(line, /[^\s] References: /);
  assert.doesNotMatch(line, /\.References:/);
});

const DATA_OPEN = '<script type="application/json" id="data">';

/** The text of the data script as a browser's tokenizer ends it: at the first `</script` + space, `/` or `>`. */
function embeddedData(html: string): string {
  const start = html.indexOf(DATA_OPEN);
  assert.ok(start >= 0, 'data script present');
  const from = start + DATA_OPEN.length;
  const end = html.slice(from).search(/<\/script[\s/>]/i);
  assert.ok(end >= 0, 'data script closed');
  return html.slice(from, from + end);
}

test('html: one self-contained file with a CSP that forbids everything by default', () => {
  const html = formatMatrixHtml(report);
  assert.match(html, /^<!doctype html>/i);
  assert.equal(html.match(/<html[\s>]/gi)?.length, 1);
  assert.match(html, /<\/html>\s*$/);
  assert.doesNotMatch(html, /\b(src|href|action)\s*=\s*["']?\s*(https?:)?\/\//i, 'no external resource');
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /@import|url\(/i);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(csp, 'CSP meta');
  const directives = csp[1]!.split(';').map((d) => d.trim());
  assert.ok(directives.includes("default-src 'none'"), csp[1]);
  assert.doesNotMatch(csp[1]!, /https?:|\*|data:/, 'no source allowed from outside the document');
});

test('html: the hostile probe output cannot close the data script or inject markup', () => {
  const html = formatMatrixHtml(report);
  // Only the document's own two scripts open and close.
  assert.equal(html.match(/<script/gi)?.length, 2);
  assert.equal(html.match(/<\/script/gi)?.length, 2);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<!--/);
  assert.doesNotMatch(html, /<b>bold/, 'header text is escaped too');
  const data = embeddedData(html);
  assert.ok(!data.includes('<'), 'no < inside the data script');
  // The script after the data is the document's own code, not the rest of the payload.
  const after = html.slice(html.indexOf(data) + data.length);
  assert.match(after, /^<\/script>\n<script>\nconst R = JSON\.parse/);
});

test('html: the embedded JSON gives back the original report', () => {
  const html = formatMatrixHtml(report);
  const parsed = JSON.parse(embeddedData(html)) as MatrixReport;
  assert.deepEqual(parsed, report);
  assert.equal(parsed.cells[1]!.stdout, HOSTILE);
});
