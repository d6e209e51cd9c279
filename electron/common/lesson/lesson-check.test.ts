import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateExpectation,
  evaluateLessonCheck,
  evaluateStepRun,
  parseRunExpectation,
  type RunExpectation,
} from './lesson-check.ts';
import type { RunResult } from '../run/result.ts';

const MB = 1024 * 1024;

/** A finished run, as the engine reports it; `over` replaces any part. */
function runResult(over: Partial<RunResult> = {}): RunResult {
  return {
    id: 'r1',
    driver: 'worker',
    status: 'ok',
    result: 'done',
    stdout: 'hello\n',
    stderr: '',
    durationMs: 10,
    cpuMs: 5,
    peakMemoryBytes: 30 * MB,
    ipc: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    limits: {
      timeout: { timeoutMs: 2000, enforced: true, mechanism: 'terminate' },
      memory: { enforced: false, mechanism: 'resourceLimits' },
      output: { maxOutputBytes: 1024, enforced: true, mechanism: 'cap' },
    },
    verdict: { escaped: false, breaches: [] },
    workers: [{ id: 'host', kind: 'host', state: 'exited' }],
    samples: [],
    notes: [],
    ...over,
  };
}

const expectation = (value: unknown): RunExpectation => {
  const parsed = parseRunExpectation(value);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.value;
};
const judge = (expect: unknown, over: Partial<RunResult> = {}) =>
  evaluateExpectation(expectation(expect), runResult(over));

const escapedWith = (...canaries: Array<'env' | 'file' | 'network' | 'global'>): Partial<RunResult> => ({
  verdict: { escaped: canaries.length > 0, breaches: canaries.map((canary) => ({ canary, evidence: 'seen' })) },
});

describe('evaluateExpectation', () => {
  test('status: one or any of several, with the explanation the app shows', () => {
    assert.deepEqual(judge({ status: 'ok' }), {
      passed: true,
      explanation: 'status ok',
      items: [{ passed: true, message: 'status ok' }],
    });
    const failed = judge({ status: 'memory-limit' });
    assert.equal(failed.passed, false);
    assert.equal(failed.explanation, 'expected status memory-limit, got ok');
    assert.equal(judge({ status: ['ok', 'error'] }, { status: 'error' }).passed, true);
    assert.equal(judge({ status: ['timeout', 'killed'] }).explanation, 'expected status timeout or killed, got ok');
  });

  test('escaped and breaches: exact set, or at least some', () => {
    assert.equal(judge({ escaped: false }).passed, true);
    assert.equal(
      judge({ escaped: false }, escapedWith('env')).explanation,
      'expected the verdict contained, got escaped (breaches: env)',
    );
    assert.equal(
      judge({ breaches: ['global', 'env'] }, escapedWith('env', 'global')).passed,
      true,
      'order does not matter',
    );
    assert.equal(judge({ breaches: [] }).passed, true);
    assert.equal(
      judge({ breaches: ['env'] }, escapedWith('env', 'file')).explanation,
      'expected breaches env, got env, file',
    );
    assert.equal(judge({ breaches: ['env'] }).explanation, 'expected breaches env, got none');
    assert.equal(judge({ breachesInclude: ['env'] }, escapedWith('env', 'file')).passed, true);
    assert.equal(
      judge({ breachesInclude: ['env', 'network'] }, escapedWith('env')).explanation,
      'expected breaches to include network, got env',
    );
  });

  test('result: JSON equality regardless of key order; patterns on strings and on JSON', () => {
    assert.equal(judge({ result: { a: 1, b: [1, 2] } }, { result: { b: [1, 2], a: 1 } }).passed, true);
    assert.equal(judge({ result: [null, null] }, { result: [null, null] }).passed, true);
    assert.equal(judge({ result: 'done!' }).explanation, 'expected result "done!", got "done"');
    assert.equal(judge({ result: null }, { result: undefined }).explanation, 'expected result null, got undefined');
    assert.equal(judge({ resultMatches: '^do' }).passed, true);
    assert.equal(judge({ resultMatches: '"mayRead":false' }, { result: { mayRead: false, x: 1 } }).passed, true);
    assert.equal(judge({ resultMatches: '^x' }).explanation, 'expected the result to match /^x/, got "done"');
  });

  test('output and error', () => {
    assert.equal(judge({ stdoutMatches: 'hel+o' }).passed, true);
    assert.equal(judge({ stderrMatches: 'warn' }).explanation, 'expected stderr to match /warn/, got ""');
    const denied = {
      status: 'denied' as const,
      error: { name: 'Error', message: 'Access to this API has been restricted', code: 'ERR_ACCESS_DENIED' },
    };
    assert.equal(judge({ error: { code: 'ERR_ACCESS_DENIED', messageMatches: 'restricted' } }, denied).passed, true);
    assert.equal(judge({ error: {} }, denied).passed, true, 'an empty error object asks only for some error');
    assert.equal(
      judge({ error: { name: 'RangeError' } }, denied).explanation,
      'expected error RangeError, got Error: Access to this API has been restricted',
    );
    assert.equal(
      judge({ error: { code: 'ERR_ACCESS_DENIED' } }).explanation,
      'expected an error, got none (status ok)',
    );
  });

  test('stoppedBy and memory overshoot', () => {
    const stopped: Partial<RunResult> = {
      status: 'memory-limit',
      limits: {
        ...runResult().limits,
        memory: {
          enforced: true,
          mechanism: 'm',
          memoryMb: 64,
          stoppedBy: 'external-memory-watchdog',
          overshoot: 355 * MB,
        },
      },
    };
    assert.equal(
      judge({ stoppedBy: 'external-memory-watchdog', memoryOvershootMb: { min: 300 } }, stopped).passed,
      true,
    );
    assert.equal(
      judge({ stoppedBy: ['resource-limits', 'rss-watchdog'] }, stopped).explanation,
      'expected the guest to be stopped by resource-limits or rss-watchdog, got external-memory-watchdog (memory)',
    );
    assert.equal(
      judge({ stoppedBy: 'kill-child' }).explanation,
      'expected the guest to be stopped by kill-child, got nothing stopped it',
    );
    assert.equal(
      judge({ memoryOvershootMb: { max: 10 } }, stopped).explanation,
      'expected a memory overshoot at most 10 MB, got 355 MB',
    );
    assert.equal(
      judge({ memoryOvershootMb: { min: 1 } }).explanation,
      'expected a memory overshoot at least 1 MB, got none (the memory limit was not hit)',
    );
  });

  test('peak RSS per worker comes from the samples', () => {
    const samples: Partial<RunResult> = {
      samples: [
        { worker: 'host', atMs: 0, rssBytes: 90 * MB },
        { worker: 'host', atMs: 100, rssBytes: 370 * MB },
        { worker: 'thread-1', atMs: 100, heapUsedBytes: 5 * MB },
      ],
    };
    assert.equal(judge({ peakRssMb: { host: { min: 250, max: 400 } } }, samples).passed, true);
    assert.equal(
      judge({ peakRssMb: { host: { max: 200 } } }, samples).explanation,
      'expected the peak RSS of host at most 200 MB, got 370 MB',
    );
    assert.equal(
      judge({ peakRssMb: { 'thread-1': { min: 1 } } }, samples).explanation,
      'expected the peak RSS of thread-1 at least 1 MB, got no RSS sample of it',
    );
  });

  test('all fields must hold; a failure lists only what failed', () => {
    const outcome = judge({ status: 'ok', result: 'nope', breaches: ['env'] });
    assert.equal(outcome.passed, false);
    assert.equal(outcome.explanation, 'expected breaches env, got none; expected result "nope", got "done"');
    assert.equal(outcome.items.length, 3);
  });
});

describe('parseRunExpectation', () => {
  const reasons: Array<[unknown, RegExp]> = [
    [{}, /must say something/],
    [[], /expected an object/],
    [{ statsu: 'ok' }, /unexpected key "statsu"/],
    [{ status: 'fine' }, /status: expected one of ok, error/],
    [{ status: [] }, /status: give at least one value/],
    [{ escaped: 'no' }, /escaped: expected a boolean/],
    [{ stoppedBy: 'hammer' }, /stoppedBy: expected one of terminate-worker/],
    [{ resultMatches: '[' }, /resultMatches: not a valid regular expression/],
    [{ error: { kind: 'x' } }, /error: unexpected key "kind"/],
    [{ memoryOvershootMb: { min: -1 } }, /memoryOvershootMb.min: below 0/],
    [{ peakRssMb: { parent: { min: 1 } } }, /"parent" is not a worker id/],
  ];
  for (const [value, reason] of reasons) {
    test(`refuses ${JSON.stringify(value)}`, () => {
      const parsed = parseRunExpectation(value);
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.reason, reason);
    });
  }

  test('a forbidden key inside an expected result is refused', () => {
    const parsed = parseRunExpectation(JSON.parse('{ "result": { "__proto__": { "x": 1 } } }'));
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.reason, /forbidden key "__proto__"/);
  });
});

describe('evaluateStepRun and evaluateLessonCheck', () => {
  test('a run under another driver does not count, whatever it showed', () => {
    const outcome = evaluateStepRun('process', expectation({ status: 'ok' }), runResult({ driver: 'worker' }));
    assert.deepEqual(outcome.passed, false);
    assert.equal(outcome.explanation, 'this step runs under process, the run used worker');
  });

  test('driver aliases are compared in their canonical form', () => {
    assert.equal(evaluateStepRun('inline', expectation({ status: 'ok' }), runResult({ driver: 'host' })).passed, true);
    assert.equal(evaluateStepRun('worker+plain', expectation({ status: 'ok' }), runResult()).passed, true);
  });

  test("the lesson's check is judged against its step's driver", () => {
    const lesson = {
      steps: [
        { n: 1, request: { code: '', driver: 'process' } },
        { n: 2, request: { code: '', driver: 'worker' } },
      ],
      check: { step: 2, expect: expectation({ result: 'done' }) },
    } as unknown as Parameters<typeof evaluateLessonCheck>[0];
    assert.equal(evaluateLessonCheck(lesson, runResult()).passed, true);
    assert.equal(evaluateLessonCheck(lesson, runResult({ driver: 'process' })).passed, false);
    const broken = { ...lesson, check: { ...lesson.check, step: 9 } };
    assert.match(evaluateLessonCheck(broken, runResult()).explanation, /names step 9/);
  });
});
