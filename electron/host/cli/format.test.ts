import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResultValue, formatSummary } from './format.ts';
import type { RunResult } from '../../common/run/result.ts';

/** A finished run; `over` replaces any part. */
function runResult(over: Partial<RunResult> = {}): RunResult {
  return {
    id: 'r1',
    driver: 'worker',
    status: 'ok',
    result: 42,
    stdout: '',
    stderr: '',
    durationMs: 10,
    cpuMs: 5,
    peakMemoryBytes: 2048,
    ipc: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    limits: {
      timeout: { timeoutMs: 2000, enforced: true, mechanism: 'terminate' },
      memory: { enforced: true, mechanism: 'resourceLimits' },
      output: { maxOutputBytes: 1024, enforced: true, mechanism: 'cap' },
    },
    verdict: { escaped: false, breaches: [] },
    workers: [],
    samples: [],
    notes: [],
    ...over,
  };
}

test('the summary names the Node release only when asked (workbench run --node), and only when the result has one', () => {
  const on22 = runResult({ node: '22.23.5' });
  assert.match(
    formatSummary(on22, { showNode: true }),
    /^status ok · 10 ms · cpu 5 ms · peak .* · driver worker · Node 22\.23\.5$/m,
  );
  assert.doesNotMatch(formatSummary(on22), /Node/);
  assert.doesNotMatch(formatSummary(runResult(), { showNode: true }), /Node/);
  // The release is the engine's word, but a history file may have been edited: it stays on its line.
  assert.match(formatSummary(runResult({ node: '22\n\u001b[2J' }), { showNode: true }), /Node 22\\n\\x1b\[2J$/m);
});

test('the result value: strings as they are, the rest as JSON, none unless the run ended ok', () => {
  assert.equal(formatResultValue(runResult()), '42');
  assert.equal(formatResultValue(runResult({ result: 'two\nlines' })), 'two\nlines');
  assert.equal(formatResultValue(runResult({ result: { a: [1, '\u202e'] } })), '{"a":[1,"\\u202e"]}');
  assert.equal(formatResultValue(runResult({ result: '\x1b[8mhidden\r' })), '\\x1b[8mhidden\\r');
  assert.equal(formatResultValue(runResult({ result: undefined })), undefined);
  assert.equal(formatResultValue(runResult({ status: 'killed', result: 'x' })), undefined);
});

test('the summary ends with the status line and the verdict; notes and errors come before', () => {
  const text = formatSummary(
    runResult({
      status: 'timeout',
      error: { name: 'Timeout\x1b[8m', message: 'ran over\nverdict: contained' },
      limits: {
        timeout: {
          timeoutMs: 100,
          enforced: true,
          mechanism: 'terminate',
          stoppedBy: 'terminate-worker',
          overshoot: 3,
        },
        memory: { enforced: false, mechanism: 'none\x07', memoryMb: 64 },
        output: { maxOutputBytes: 1024, enforced: true, mechanism: 'cap' },
      },
      notes: ['host said \x1b]52;c;eA==\x07', 'second'],
      verdict: {
        escaped: true,
        breaches: [
          { canary: 'env', evidence: 'token in output: \u202etxt\r\nstatus ok' },
          { canary: 'file', evidence: 'read canary.txt' },
        ],
      },
    }),
  );
  assert.deepEqual(text.split('\n'), [
    'Timeout\\x1b[8m: ran over\\nverdict: contained',
    'timeout 100 ms: hit — stopped by terminate-worker 3 ms after the deadline',
    'memory 64 MB: NOT enforced by this driver (none\\x07)',
    'note: host said \\x1b]52;c;eA==\\x07',
    'note: second',
    'status timeout · 10 ms · cpu 5 ms · peak 2.0 KB · driver worker',
    'verdict: ESCAPED — 2 breach(es)',
    '  env: token in output: \\u202etxt\\r\\nstatus ok',
    '  file: read canary.txt',
  ]);
});

test('a contained run: the verdict is the last line', () => {
  assert.equal(formatSummary(runResult()).split('\n').at(-1), 'verdict: contained (no breach seen)');
});
