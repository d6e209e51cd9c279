/** A stored run drawn as a live one: the RunState RunView and Charts take, and the list's words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryRun } from '../../../../electron/common/api/types.ts';
import type { RunResult, Sample } from '../../../../electron/common/run/result.ts';
import { defaultPolicy } from '../../../../electron/common/run/run-spec.ts';
import { toRows } from '../charts/series.ts';
import { durationText, storedLines, timeText, toRunState, verdictText } from './stored-run.ts';

const samples: Sample[] = [
  { worker: 'host', atMs: 0, rssBytes: 50 * 1048576, cpuPercent: 10 },
  { worker: 'host', atMs: 100, rssBytes: 60 * 1048576, cpuPercent: 20 },
  { worker: 'thread-1', atMs: 100, heapUsedBytes: 5 * 1048576 },
];

function result(over: Partial<RunResult> = {}): RunResult {
  return {
    id: 'r1',
    driver: 'worker',
    status: 'ok',
    result: 42,
    stdout: 'hello\nworld\n',
    stderr: 'careful\n',
    durationMs: 120,
    cpuMs: 30,
    peakMemoryBytes: 60 * 1048576,
    ipc: { bytesIn: 1, bytesOut: 2, messagesIn: 1, messagesOut: 1 },
    limits: {
      timeout: { enforced: true, mechanism: 'terminate', timeoutMs: 5000 },
      memory: { enforced: true, mechanism: 'resourceLimits', memoryMb: 64 },
      output: { enforced: true, mechanism: 'cap', maxOutputBytes: 1048576 },
    },
    verdict: { escaped: true, breaches: [{ canary: 'env', evidence: 'token in the result' }] },
    workers: [
      { id: 'host', kind: 'host', pid: 10, state: 'exited' },
      { id: 'thread-1', kind: 'thread', parent: 'host', pid: 10, tid: 1, state: 'exited' },
    ],
    samples,
    notes: [],
    ...over,
  };
}

function stored(r: RunResult | null, over: Partial<HistoryRun> = {}): HistoryRun {
  return {
    id: 'r1',
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_001_234,
    driver: 'worker',
    status: r?.status ?? 'interrupted',
    escaped: r?.verdict.escaped ?? false,
    breaches: r ? r.verdict.breaches.map((b) => b.canary) : [],
    language: 'js',
    title: 'process.env',
    code: 'process.env',
    request: {
      limits: { timeoutMs: 5000, memoryMb: 32, maxOutputBytes: 1048576, maxMessageBytes: 1048576 },
      policy: defaultPolicy(),
      sampleHz: 10,
    },
    result: r,
    ...over,
  };
}

test('a finished run: result, verdict, workers, the memory limit and the samples the charts draw', () => {
  const state = toRunState(stored(result()));
  assert.equal(state.id, 'r1');
  assert.equal(state.driver, 'worker');
  assert.equal(state.result?.status, 'ok');
  assert.equal(state.memoryMb, 64, "the result's own limit report first");
  assert.deepEqual(state.breaches, [{ canary: 'env', evidence: 'token in the result' }]);
  assert.deepEqual([...state.workers.keys()], ['host', 'thread-1']);
  assert.equal(state.samples, samples);
  // The chart rows are the same as they were live.
  assert.equal(toRows(state.samples).length, 2);
  assert.deepEqual(
    state.lines.map((l) => [l.level, l.text]),
    [
      ['stdout', 'hello'],
      ['stdout', 'world'],
      ['stderr', 'careful'],
    ],
  );
  assert.ok(
    state.lines.every((l) => Number.isNaN(l.atMs)),
    'stored output has no times',
  );
});

test('the memory limit comes from the request when the result has none; a run without a result has only what was asked', () => {
  const noMemory = result({
    limits: { ...result().limits, memory: { enforced: true, mechanism: 'resourceLimits' } },
  });
  assert.equal(toRunState(stored(noMemory)).memoryMb, 32);
  const interrupted = toRunState(stored(null));
  assert.equal(interrupted.result, undefined);
  assert.deepEqual(interrupted.lines, []);
  assert.deepEqual(interrupted.samples, []);
  assert.equal(interrupted.workers.size, 0);
  assert.equal(interrupted.memoryMb, 32);
});

test('output without a trailing newline, and empty output', () => {
  assert.deepEqual(
    storedLines({ stdout: 'a\n\nb', stderr: '' }).map((l) => l.text),
    ['a', '', 'b'],
  );
  assert.deepEqual(storedLines({ stdout: '', stderr: '' }), []);
});

test('list words: verdict, duration, time', () => {
  assert.equal(verdictText({ status: 'ok', escaped: true, breaches: ['env', 'global'] }), 'escaped: env, global');
  assert.equal(verdictText({ status: 'timeout', escaped: false, breaches: [] }), 'contained');
  assert.equal(verdictText({ status: 'running', escaped: false, breaches: [] }), '—');
  assert.equal(verdictText({ status: 'interrupted', escaped: false, breaches: [] }), '—');
  assert.equal(durationText({ startedAt: 1000, endedAt: 1850 }), '850 ms');
  assert.equal(durationText({ startedAt: 1000, endedAt: 2234 }), '1.23 s');
  assert.equal(durationText({ startedAt: 0, endedAt: 61_000 }), '61.0 s');
  assert.equal(durationText({ startedAt: 1000 }), '—');
  assert.match(timeText(1_700_000_000_000), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});
