/**
 * Unstable cells and workbench errors (inconsistent results) in every format, the summary and --strict:
 * each visible where a reader looks, with what was seen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatrixCell, MatrixReport } from './report.ts';
import { combineRepetitions } from './repetitions.ts';
import { formatMatrixTable } from './format-table.ts';
import { formatMatrixMarkdown } from './format-md.ts';
import { formatMatrixHtml } from './format-html.ts';
import { renderMatrixReport } from './render.ts';
import { strictFailures, summarize } from './summary.ts';

const base = { canaries: [], comparison: 'no-expectation' as const, status: 'ok' as const };
const unstable = combineRepetitions([
  { ...base, probe: 'flaky', driver: 'worker', verdict: 'contained', detail: 'nothing reached' },
  { ...base, probe: 'flaky', driver: 'worker', verdict: 'escaped', detail: 'env: token', canaries: ['env'] },
]);
const inconsistent: MatrixCell = {
  ...base,
  probe: 'steady',
  driver: 'worker',
  verdict: 'contained',
  detail: 'nothing reached',
  inconsistent: ['peak memory 10.0 MB is below the 80.0 MB the run’s own samples show'],
};
const plain: MatrixCell = { ...base, probe: 'steady', driver: 'process', verdict: 'contained', detail: 'ok' };
const flakyProcess: MatrixCell = { ...base, probe: 'flaky', driver: 'process', verdict: 'contained', detail: 'ok' };

const report: MatrixReport = {
  generatedAt: '2026-03-04T05:06:07.000Z',
  node: 'v24',
  platform: 'linux x64',
  policy: 'hardened',
  probes: ['flaky', 'steady'].map((id) => ({
    id,
    title: id,
    category: 'env',
    goal: '',
    technique: '',
    references: [],
    attacks: 'none' as const,
    limits: {},
    expect: [],
    expectHardened: [],
    warnings: [],
    file: `/p/${id}.js`,
  })),
  drivers: ['worker', 'process'],
  cells: [unstable, flakyProcess, inconsistent, plain],
  repeat: 2,
  durationMs: 1000,
  cancelled: false,
};

interface FakeElement {
  tag: string;
  className?: string;
  textContent?: string;
  title?: string;
  [key: string]: unknown;
}

/** Runs the report's drawing script against a minimal DOM; returns every element it created. */
function drawHtml(html: string): FakeElement[] {
  const script = html.match(/<script>([\s\S]*?)<\/script>/)![1]!;
  const data = html.match(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/)![1]!;
  const created: FakeElement[] = [];
  const make = (tag: string): FakeElement => {
    const e: FakeElement = {
      tag,
      append: () => undefined,
      replaceChildren: () => undefined,
      addEventListener: () => undefined,
      classList: { add: () => undefined, remove: () => undefined },
    };
    created.push(e);
    return e;
  };
  const byId: Record<string, FakeElement> = { data: { tag: 'script', textContent: data } };
  const document = {
    createElement: make,
    getElementById: (id: string) => (byId[id] ??= make('div')),
    querySelectorAll: () => [],
  };
  new Function('document', script)(document);
  return created;
}

test('summary counts unstable cells and workbench errors; --strict fails on each', () => {
  const s = summarize(report);
  assert.equal(s.unstable, 1);
  assert.equal(s.inconsistent, 1);
  assert.deepEqual(strictFailures(s), ['1 unstable cell(s)', '1 cell(s) with a workbench error (inconsistent result)']);
  const clean = summarize({ ...report, cells: [flakyProcess, plain] });
  assert.deepEqual(strictFailures(clean), []);
  assert.deepEqual(strictFailures({ ...clean, worse: 2 }), ['2 cell(s) worse than expected']);
});

test('table: ~ on the unstable cell, # on the inconsistent one, each listed with what was seen', () => {
  const text = formatMatrixTable(report);
  const row = (id: string): string[] =>
    text
      .split('\n')
      .find((l) => l.startsWith(`${id} `))!
      .trim()
      .split(/\s+/);
  assert.deepEqual(row('flaky'), ['flaky', 'ESC~', 'ok']);
  assert.deepEqual(row('steady'), ['steady', 'ok#', 'ok']);
  assert.match(text, /WORKBENCH ERROR: 1 cell\(s\) whose result contradicts itself/);
  assert.match(text, /steady @ worker: peak memory 10\.0 MB is below/);
  assert.match(text, /Unstable: 1 cell\(s\) reached different classes in 2 runs/);
  assert.match(text, /flaky @ worker: contained, escaped/);
  assert.match(text, /4 cells × 2 runs: .*1 unstable \(~\), 1 workbench error\(s\) \(#\)/);
});

test('markdown: marks in the grid, per-driver counts, an alarm, and sections for both', () => {
  const md = formatMatrixMarkdown(report);
  assert.match(md, /each run 2 times/);
  assert.match(md, /> \*\*🚨 Workbench error: 1 cell\(s\) with an inconsistent result\*\*/);
  assert.match(md, /\| `flaky` \(env\) \| 🔴🔀 env \| ✅ \|/);
  assert.match(md, /\| `steady` \(env\) \| ✅🚨 \| ✅ \|/);
  assert.match(md, /\| `worker` \| 1 \| 1 \| 0 \| 0 \| 0 \| 0 \| 1 \| 1 \|/);
  assert.match(
    md,
    /## 🚨 Workbench errors: inconsistent results[\s\S]*\| `steady` \| `worker` \| peak memory 10\.0 MB/,
  );
  assert.match(
    md,
    /## 🔀 Unstable cells[\s\S]*\| `flaky` \| `worker` \| contained, escaped \| the escape is a race inside the run[^|]*\| 1: nothing reached · 2: env: token \|/,
  );
  const clean = formatMatrixMarkdown({ ...report, cells: [flakyProcess, plain], repeat: 1 });
  assert.doesNotMatch(clean, /## 🔀|## 🚨|> \*\*🚨|each run/);
});

test('html: classes, marks and tooltips in the embedded script; an alarm in the header', () => {
  const html = formatMatrixHtml(report);
  assert.match(html, /<div class="alarm">Workbench error: 1 cell\(s\) with an inconsistent result \(‼\)\.<\/div>/);
  assert.match(html, /1 unstable cell\(s\) \(~\)/);
  assert.match(html, /each cell run 2 times/);
  // The drawing code marks and explains both (the page is drawn by its script from the embedded data).
  assert.match(html, /' unstable' : ''/);
  assert.match(html, /' inconsistent' : ''/);
  assert.match(html, /unstable — classes seen: /);
  assert.match(html, /WORKBENCH ERROR — inconsistent result: /);
  assert.match(html, /td\.inconsistent \{/);
  // Draw the page with a minimal DOM: the unstable and inconsistent cells get their class, mark and tooltip.
  const drawn = drawHtml(html);
  const td = (text: string) => drawn.find((e) => e.tag === 'td' && String(e.textContent).startsWith(text));
  assert.equal(td('✗~')?.className, 'c escaped unstable');
  assert.match(String(td('✗~')?.title), /^escaped\nunstable — classes seen: contained, escaped$/);
  assert.equal(td('✓‼')?.className, 'c contained inconsistent');
  assert.match(String(td('✓‼')?.title), /\nWORKBENCH ERROR — inconsistent result: peak memory 10\.0 MB/);
  const data = JSON.parse(html.match(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/)![1]!) as {
    cells: MatrixCell[];
  };
  assert.deepEqual(
    data.cells[0]!.runs!.map((r) => r.verdict),
    ['contained', 'escaped'],
  );
  assert.equal(data.cells[0]!.unstable, true);
});

test('json keeps every repetition and the repeat count', () => {
  const back = JSON.parse(renderMatrixReport(report, 'json')) as MatrixReport;
  assert.equal(back.repeat, 2);
  assert.deepEqual(back.cells[0]!.runs, unstable.runs);
  assert.deepEqual(back.cells[2]!.inconsistent, inconsistent.inconsistent);
});
