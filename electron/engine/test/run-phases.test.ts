/**
 * One host lifecycle (issue 11): a run moves through its phases in order, whether its host is its own or a
 * warm one from the pool, and whatever way it ends; and once finished nothing of its host session is left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { RUN_PHASES, type RunPhase } from '../run.ts';
import { Supervisor } from '../supervisor.ts';
import { useIsolatedEngine } from './harness.ts';
import type { Run } from '../run.ts';
import type { RunResult } from '../../common/run/result.ts';

const { supervisor } = useIsolatedEngine();

/** Start a run and record its phase every millisecond and at every listener event, until its result. */
async function phasesOf(s: Supervisor, input: Record<string, unknown>): Promise<{ seen: RunPhase[]; r: RunResult }> {
  const seen: RunPhase[] = [];
  const note = (): void => {
    const p = run.phase;
    if (seen.at(-1) !== p) seen.push(p);
  };
  const run: Run = s.startRun(input, { onWorker: note, onOutput: note, onSamples: note });
  note();
  const poll = setInterval(note, 1);
  try {
    const r = await run.result;
    note();
    return { seen, r };
  } finally {
    clearInterval(poll);
  }
}

const inOrder = (seen: readonly RunPhase[]): boolean =>
  seen.every((p, i) => i === 0 || RUN_PHASES.indexOf(p) > RUN_PHASES.indexOf(seen[i - 1]!));

test('a run that ends by itself: preparing → … → running → ended → finished, never backwards', async () => {
  const { seen, r } = await phasesOf(supervisor, {
    code: 'console.log("a"); new Promise((r) => setTimeout(() => r(1), 300))',
    driver: 'process',
  });
  assert.equal(r.status, 'ok');
  assert.ok(inOrder(seen), seen.join(' → '));
  assert.equal(seen[0], 'preparing');
  assert.ok(seen.includes('running'), seen.join(' → '));
  assert.ok(!seen.includes('stopping'), seen.join(' → '));
  assert.equal(seen.at(-1), 'finished');
});

test('a run stopped at its deadline goes through stopping', async () => {
  const { seen, r } = await phasesOf(supervisor, {
    code: 'while (true) {}',
    driver: 'worker',
    limits: { timeoutMs: 300 },
  });
  assert.equal(r.status, 'timeout');
  assert.ok(inOrder(seen), seen.join(' → '));
  assert.ok(seen.includes('stopping'), seen.join(' → '));
  assert.equal(seen.at(-1), 'finished');
});

test('a warm host goes through the same phases', async () => {
  const pooled = new Supervisor({ poolSize: 1 });
  try {
    await pooled.warmUp();
    const { seen, r } = await phasesOf(pooled, { code: '1 + 1', driver: 'worker' });
    assert.equal(r.status, 'ok');
    assert.ok(
      r.notes.some((n) => n.startsWith('warm host')),
      r.notes.join('; '),
    );
    assert.ok(inOrder(seen), seen.join(' → '));
    assert.equal(seen.at(-1), 'finished');
  } finally {
    await pooled.dispose();
  }
});

test('a host that leaves during the run ends it, with a note; finished means its process is gone', async () => {
  const { seen, r } = await phasesOf(supervisor, { code: 'process.exit(3)', driver: 'host' });
  assert.ok(inOrder(seen), seen.join(' → '));
  assert.equal(seen.at(-1), 'finished');
  assert.ok(
    r.notes.some((n) => n.includes('exited on its own during the run')),
    r.notes.join('; '),
  );
  const host = r.workers.find((w) => w.id === 'host');
  assert.ok(host?.pid, JSON.stringify(r.workers));
  assert.equal(existsSync(`/proc/${host.pid}`), false, 'the host process is gone');
});
