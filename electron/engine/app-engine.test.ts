import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppEngine } from './app-engine.ts';
import { recordRun } from './history/record.ts';
import { normalizeRunRequest } from '../common/run/run-request.ts';

test('runs end and are recorded before the history closes; dispose twice is one dispose', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-app-engine-'));
  try {
    const engine = openAppEngine({}, () => dir);
    assert.ok(engine.history, engine.historyProblem);
    const code = 'new Promise(() => setInterval(() => {}, 1000))';
    const input = { code, driver: 'host' };
    const request = normalizeRunRequest(input);
    const live = engine.supervisor.startRun(input);
    const errors: Error[] = [];
    const recorded = recordRun(engine.history!, live, request, (e) => errors.push(e));
    await Promise.all([engine.dispose(), engine.dispose()]);
    const { result, saved } = await recorded;
    assert.equal(result.status, 'killed');
    assert.deepEqual(errors, [], 'the history was still open when the stopped run was recorded');
    assert.equal(saved, true);
    assert.throws(() => engine.history!.count(), 'the history is closed after');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a history that cannot be opened costs the history, not the engine', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-app-engine-'));
  try {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const engine = openAppEngine({}, () => file);
    assert.equal(engine.history, undefined);
    assert.match(engine.historyProblem ?? '', /./);
    const r = await engine.supervisor.startRun({ code: '1 + 1', driver: 'host' }).result;
    assert.equal(r.result, 2);
    await engine.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
