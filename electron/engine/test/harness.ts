/**
 * Shared test plumbing for engine tests: a private TMPDIR per test file (so parallel files cannot see each
 * other's run directories), and a check — after every test — that nothing was left behind: no process
 * under this one, no run or socket directory, no open handle in this process beyond what was there before.
 */
import { after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { descendants } from '../process-tree.ts';
import { Supervisor } from '../supervisor.ts';
import type { RunResult } from '../../common/run/result.ts';
import { availableParallelism } from 'node:os';
import { checkResultConsistency } from '../../common/run/result-consistency.ts';

/** Give this test file its own temp root and check for leftovers after each test. */
export function useIsolatedEngine(): { supervisor: Supervisor; tmp: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'wb-test-'));
  process.env.TMPDIR = tmp;
  const supervisor = new Supervisor();
  const baseline = resourceCounts();
  afterEach(async () => {
    await assertNoLeftovers(tmp, baseline);
  });
  after(async () => {
    await supervisor.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });
  return { supervisor, tmp };
}

function resourceCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

async function eventually(check: () => string | undefined, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem = check();
  while (problem !== undefined && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    problem = check();
  }
  assert.equal(problem, undefined, problem);
}

export async function assertNoLeftovers(tmp: string, baseline: Map<string, number>): Promise<void> {
  await eventually(() => {
    const kids = descendants(process.pid);
    return kids.length ? `leftover processes: ${kids.join(', ')}` : undefined;
  });
  await eventually(() => {
    const left = readdirSync(tmp);
    return left.length ? `leftover temp entries: ${left.join(', ')}` : undefined;
  });
  await eventually(() => {
    const now = resourceCounts();
    const extra = [...now].filter(([name, n]) => n > (baseline.get(name) ?? 0) && name !== 'TTYWrap');
    return extra.length
      ? `leftover handles in the supervisor: ${extra.map(([n, c]) => `${n}×${c}`).join(', ')}`
      : undefined;
  });
}

export async function run(
  supervisor: Supervisor,
  input: Record<string, unknown>,
): Promise<RunResult & { wallMs: number }> {
  const t0 = performance.now();
  const result = await supervisor.startRun(input).result;
  return { ...result, wallMs: performance.now() - t0 };
}

export const DRIVERS = ['host', 'worker', 'process'] as const;

/** Whether a process exists (signal 0: nothing is sent). A zombie still exists until it is reaped. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Wait for a condition of the engine's state that no event announces (how many runs are active), checking every
 * 10 ms; fails with `what` after `timeoutMs`.
 */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    assert.ok(performance.now() < deadline, `waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * `process.kill` for a pid a run reported. Refuses anything but a real process's pid: `kill(0)` signals the
 * caller's whole process group (the test runner, npm and CI's shell with it), a negative pid a group, and 1 is
 * init. A run once announced its host as pid 0 while the trace lagged, and a test's SIGKILL to it ended CI.
 */
export function killReported(pid: number | undefined, signal: NodeJS.Signals): void {
  assert.ok(pid !== undefined && Number.isInteger(pid) && pid > 1, `refusing to signal pid ${pid}`);
  process.kill(pid, signal);
}

/**
 * A result must not contradict itself (result-consistency.ts): the engine's own check found nothing, and the
 * check run here on the returned result agrees (so a result built without the check fails too).
 */
export function assertConsistent(result: RunResult): void {
  assert.deepEqual(result.consistency, [], `the engine found contradictions:\n${result.consistency?.join('\n')}`);
  const found = checkResultConsistency(result, { cores: availableParallelism() });
  assert.deepEqual(found, [], `contradictions:\n${found.join('\n')}`);
}
