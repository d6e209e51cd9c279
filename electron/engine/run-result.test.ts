import { test } from 'node:test';
import assert from 'node:assert/strict';
import { internalErrorResult } from './run-result.ts';
import { defaultLimits, defaultPolicy, type RunRequest } from '../common/run/run-spec.ts';
import { checkResultConsistency } from '../common/run/result-consistency.ts';

const request: RunRequest = {
  code: '1',
  language: 'js',
  driver: { boundary: 'worker', evaluator: 'plain' },
  limits: { ...defaultLimits(), memoryMb: 64 },
  policy: defaultPolicy(),
  sampleHz: 10,
};

test('a run whose own code failed: an InternalError result that keeps what was seen until then', () => {
  const notes = ['internal error in the supervisor: Error: boom'];
  const r = internalErrorResult({
    id: 'r1',
    driver: 'worker',
    node: '24.21.0',
    request,
    message: 'internal error in the supervisor: Error: boom',
    stdout: 'hi\n',
    stderr: '',
    ipc: { bytesIn: 10, bytesOut: 20, messagesIn: 1, messagesOut: 2 },
    tokenHits: [{ canary: 'env', encoding: 'plain', where: 'stdout' }],
    canaryConnections: [],
    workers: [{ id: 'host', kind: 'host', pid: 42, state: 'running' }],
    notes,
  });
  assert.equal(r.status, 'error');
  assert.deepEqual(r.error, { name: 'InternalError', message: 'internal error in the supervisor: Error: boom' });
  assert.equal(r.node, '24.21.0');
  assert.equal(r.stdout, 'hi\n');
  assert.deepEqual(
    r.verdict.breaches.map((b) => b.canary),
    ['env'],
    'a token seen before the failure is still a breach',
  );
  assert.equal(r.limits.memory.memoryMb, 64);
  assert.equal(r.notes, notes, 'the run’s own notes array: cleanup problems added later are in the result');
  assert.deepEqual(checkResultConsistency(r, { cores: 2 }), []);
});
