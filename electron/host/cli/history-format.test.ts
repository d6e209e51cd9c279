import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHistoryRun, formatHistoryTable, formatTime } from './history-format.ts';
import type { HistoryRun, HistorySummary } from '../../common/api/types.ts';
import { defaultPolicy, defaultLimits } from '../../common/run/run-spec.ts';

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

test('table cells show control characters as escapes and cut long code', () => {
  const text = formatHistoryTable(
    {
      runs: [
        summary({ title: 'console.log("\u001b[2J\u0007 gone\u202e")', driver: 'worker\u001b[8m' }),
        summary({ id: 'ffffffff00', status: 'interrupted', title: 'x'.repeat(100) }),
        summary({ id: 'eeeeeeee00', escaped: true, breaches: ['env', 'file'] }),
      ],
      total: 9,
    },
    3,
    '/data/history.sqlite',
  );
  assert.doesNotMatch(text, /\p{Cc}(?<!\n)|\u202e/u);
  assert.match(text, /worker\\x1b\[8m {2}ok +contained +console\.log\("\\x1b\[2J\\x07 gone\\u202e"\)/);
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

test('a stored run shows every field with control characters made visible, the verdict last', () => {
  // A history file is writable by anything running as the user: every field may have been edited.
  const run: HistoryRun = {
    ...summary({ driver: 'host\u001b[8m', status: 'ok' }),
    code: 'console.log(1)\r// \u202e\n',
    request: {
      limits: defaultLimits(),
      policy: { ...defaultPolicy(), permission: true, fsRead: ['/a\u001b]52;c;eA==\u0007'] },
      sampleHz: 10,
    },
    result: {
      id: 'r',
      driver: 'host\u001b[8m',
      status: 'ok',
      result: 'v\u009b8m',
      stdout: 'out\u001b[1A\n',
      stderr: 'err\u2066\n',
      durationMs: 1,
      cpuMs: 1,
      peakMemoryBytes: 1,
      ipc: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
      limits: {
        timeout: { timeoutMs: 5000, enforced: true, mechanism: 'x' },
        memory: { enforced: true, mechanism: 'x' },
        output: { maxOutputBytes: 1, enforced: true, mechanism: 'x' },
      },
      verdict: { escaped: false, breaches: [] },
      workers: [],
      samples: [],
      notes: ['n\u001b[2J'],
    },
  };
  const text = formatHistoryRun(run);
  assert.doesNotMatch(text, /\p{Cc}(?<!\n)|[\u202a-\u202e\u2066-\u2069]/u);
  assert.match(text, /\ndriver host\\x1b\[8m · js · status ok\n/);
  assert.match(text, /· read \/a\\x1b\]52;c;eA==\\x07\n/);
  assert.match(text, /── code ──\nconsole\.log\(1\)\\r\/\/ \\u202e\n\n/);
  assert.match(
    text,
    /── stdout ──\nout\\x1b\[1A\n\n── stderr ──\nerr\\u2066\n\n── result ──\n→ v\\x9b8m\nnote: n\\x1b\[2J\n/,
  );
  assert.equal(text.split('\n').at(-1), 'verdict: contained (no breach seen)');
  assert.doesNotMatch(text, /Node/, 'a result stored without a release names none');
  const on20 = formatHistoryRun({ ...run, result: { ...run.result!, node: '20.20.2' } });
  assert.match(on20, /\ndriver host\\x1b\[8m · Node 20\.20\.2 · js · status ok\n/);
});
