import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHistoryRun, formatHistoryTable, formatTime } from './history-format.ts';
import type { HistoryRun, HistorySummary } from '../../common/api/types.ts';
import { defaultPolicy, defaultLimits } from '../../common/run-spec.ts';

const summary = (over: Partial<HistorySummary>): HistorySummary => ({
  id: '0123456789abcdef',
  startedAt: Date.UTC(2025, 0, 31, 14, 5, 9),
  driver: 'worker',
  status: 'ok',
  escaped: false,
  breaches: [],
  language: 'js',
  title: '1 + 1',
  ...over,
});

test('table cells carry no control characters and cut long code', () => {
  const text = formatHistoryTable(
    {
      runs: [
        summary({ title: 'console.log("\u001b[2J\u0007 gone")' }),
        summary({ id: 'ffffffff00', status: 'interrupted', title: 'x'.repeat(100) }),
        summary({ id: 'eeeeeeee00', escaped: true, breaches: ['env', 'file'] }),
      ],
      total: 9,
    },
    3,
    '/data/history.sqlite',
  );
  assert.doesNotMatch(text, /\p{Cc}(?<!\n)/u);
  assert.match(text, /console\.log\("·\[2J· gone"\)/);
  const [header, first, second, third] = text.split('\n');
  assert.match(header ?? '', /^ID {8}STARTED/);
  assert.match(first ?? '', /^01234567 {2}\d/);
  assert.match(second ?? '', /interrupted\s+—\s+x{47}…$/);
  assert.match(third ?? '', /ESCAPED: env, file/);
  assert.match(text, /\n4–6 of 9 · workbench history show <ID> · \/data\/history\.sqlite$/);
});

test('empty pages say why', () => {
  assert.equal(formatHistoryTable({ runs: [], total: 0 }, 0, 'f'), 'No runs in the history (f).');
  assert.equal(formatHistoryTable({ runs: [], total: 3 }, 10, 'f'), 'No runs past 10 (3 in all).');
});

test('a run without a result says why it has none', () => {
  const run: HistoryRun = {
    ...summary({ status: 'interrupted' }),
    code: 'while (true) {}\n',
    request: {
      limits: defaultLimits(),
      policy: { ...defaultPolicy(), permission: true, fsRead: ['/a'] },
      sampleHz: 10,
    },
    result: null,
  };
  const text = formatHistoryRun(run);
  assert.match(text, /^run 0123456789abcdef\nstarted \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n/);
  assert.match(text, /policy Permission Model on · read \/a/);
  assert.match(
    text,
    /── code ──\nwhile \(true\) \{\}\n\nNo result: the process that ran it ended before the run did\.$/,
  );
});

test('times are local, to the second, zero-padded', () => {
  const d = new Date(2025, 0, 2, 3, 4, 5);
  assert.equal(formatTime(d.getTime()), '2025-01-02 03:04:05');
});
