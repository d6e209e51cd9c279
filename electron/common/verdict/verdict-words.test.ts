/** One vocabulary: the CLI table, the Markdown and the HTML report say the same words for the same classes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VERDICT_ORDER, VERDICT_WORDS } from './verdict-words.ts';
import { formatMatrixTable } from '../matrix/format-table.ts';
import { formatMatrixMarkdown } from '../matrix/format-md.ts';
import { formatMatrixHtml } from '../matrix/format-html.ts';
import type { MatrixReport } from '../matrix/report.ts';

const report: MatrixReport = {
  generatedAt: '2026-12-03T00:00:00.000Z',
  node: 'v24.21.0',
  platform: 'linux x64',
  policy: 'default',
  durationMs: 1000,
  probes: [],
  drivers: [],
  cells: [],
} as unknown as MatrixReport;

test('every format names each verdict class with the one label, and none uses the old words', () => {
  const texts = { table: formatMatrixTable(report), md: formatMatrixMarkdown(report), html: formatMatrixHtml(report) };
  for (const [format, text] of Object.entries(texts)) {
    for (const v of VERDICT_ORDER)
      assert.ok(text.includes(VERDICT_WORDS[v].label), `${format} lacks "${VERDICT_WORDS[v].label}"`);
    assert.doesNotMatch(text, /limit enforced|host crash(?!ed)/, format);
  }
});
