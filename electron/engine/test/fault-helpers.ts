/**
 * What the fault tests (faults.test.ts, faults-startup.test.ts) share: their bounds, a run with a fault
 * injected once its guest is running, and the checks every fault run ends with.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { RunResult, WorkerInfo } from '../../common/run/result.ts';
import type { Supervisor } from '../supervisor.ts';
import { run } from './harness.ts';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/**
 * How long past its deadline a faulty run may take to end: killing the host's group, draining its output,
 * the last process sweep and removing its directories take a few hundred ms here; 3 s keeps the bound
 * meaningful (the old handshake wait was 15 s) without flaking on a loaded 2-core machine.
 */
export const FAULT_GRACE_MS = 3000;
export const TIMEOUT_MS = 3000;
/**
 * The deadline of runs that a fault ends (a kill, garbage, a deleted directory). The fault, not the deadline,
 * must end them — a run the deadline ended reads `timeout` and fails the test —, so the deadline is long: on a
 * loaded machine an os-sandbox guest has taken over 3 s just to start.
 */
export const FAULT_RUN_TIMEOUT_MS = 30_000;
export const BOUNDARIES = ['host', 'worker', 'process', ...(process.platform === 'linux' ? ['os-sandbox'] : [])];
/** A guest that says it is running and then waits far past any deadline used here. */
export const WAITING_GUEST = `console.log('running'); new Promise((resolve) => setTimeout(resolve, 60_000))`;

export interface Observed extends RunResult {
  readonly wallMs: number;
}

/**
 * Start a run and call `meanwhile` once the guest has printed `running` (with the workers seen so far).
 * `meanwhile` runs inside the supervisor's message handling, so its errors are kept and rethrown here.
 */
export async function runWhile(
  s: Supervisor,
  input: Record<string, unknown>,
  meanwhile: (workers: ReadonlyMap<string, WorkerInfo>) => void,
): Promise<Observed> {
  const workers = new Map<string, WorkerInfo>();
  let fired = false;
  let failure: unknown;
  const t0 = performance.now();
  const handle = s.startRun(input, {
    onWorker: (w) => void workers.set(w.id, w),
    onOutput: (line) => {
      if (fired || !line.text.includes('running')) return;
      fired = true;
      try {
        meanwhile(workers);
      } catch (error) {
        failure = error;
      }
    },
  });
  const r = await handle.result;
  if (failure) throw failure;
  assert.ok(fired, `the guest never ran: ${r.status} ${r.error?.message ?? ''} ${r.notes.join('; ')}`);
  return { ...r, wallMs: performance.now() - t0 };
}

export function assertEndedInTime(r: Observed, deadlineMs: number): void {
  assert.ok(
    r.wallMs < deadlineMs + FAULT_GRACE_MS,
    `took ${Math.round(r.wallMs)} ms; deadline ${deadlineMs} ms + ${FAULT_GRACE_MS} ms grace`,
  );
}

export async function assertNextRunWorks(s: Supervisor): Promise<void> {
  const r = await run(s, { code: '1+1', driver: 'process' });
  assert.equal(r.status, 'ok', `${r.error?.message ?? ''} ${r.notes.join('; ')}`);
  assert.equal(r.result, 2);
}
