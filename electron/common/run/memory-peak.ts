/**
 * One definition of a run's memory (docs/engine.md "What the figures mean"), used for the result's
 * `peakMemoryBytes`, the memory limit report, the matrix and the consistency check — so the header, the chart
 * and the limit report cannot disagree.
 *
 * Peak, per boundary — the most the guest's side held at once:
 * - `host`: the host process's RSS (the guest shares it);
 * - `worker`: the larger of the thread's heap + external memory and the host process's RSS growth over its
 *   first reading in the run (memory no per-thread figure sees — SharedArrayBuffers, nested workers, a heap
 *   the GC cannot keep up with — still grows the process);
 * - `process` / `os-sandbox`: the child's RSS.
 * It is the maximum of what the driver reported and what the run's own samples show, so it is never below
 * the chart.
 *
 * What a budget bounds: the guest's memory on top of what its boundary's runtime holds anyway (the
 * "allowance": the host's RSS before the guest for `host`, the thread's own runtime for `worker`, a child
 * Node's runtime for `process`). A budget held when `peak ≤ budget + allowance + tolerance`.
 */
import type { Boundary, Evaluator } from './driver-id.ts';
import type { Sample, WorkerInfo } from './result.ts';

const MB = 1024 * 1024;

/**
 * What a worker thread's own runtime adds to the host process before the guest allocates (measured about
 * 20 MB with the bootstrap; the host's RSS watchdog allows the same on top of the budget).
 */
export const WORKER_RUNTIME_ALLOWANCE_BYTES = 48 * MB;

/**
 * What a child Node holds before the guest allocates, per evaluator: its RSS after `console.log('hi')` was
 * 73 MB (`plain`, `vm`), 77 MB (`isolated-vm`), 80 MB (`quickjs`) on Node 24.21, Linux x64; about 20 MB of
 * margin on top. Its RSS watchdog counts growth over that baseline, so the budget does not include it.
 */
export const CHILD_RUNTIME_ALLOWANCE_BYTES: Readonly<Record<Evaluator, number>> = {
  plain: 96 * MB,
  vm: 96 * MB,
  'isolated-vm': 104 * MB,
  quickjs: 104 * MB,
  // Peak of a process+… run of console.log('hi') (issue 15): plain 51 MB, quickjs 61, ses 59, vm2 58, vm2 3.9.17
  // 55 — at most quickjs's, so quickjs's allowance.
  ses: 104 * MB,
  vm2: 104 * MB,
  'vm2-3.9.17': 104 * MB,
};

/**
 * How far past budget + allowance a peak may get and the budget still counts as held: watchdogs read every
 * 5–10 ms and V8 grants a heap a last allowance before it gives up (heap bombs end about 1.2× the budget).
 */
export function memoryToleranceBytes(budgetBytes: number): number {
  return Math.round(budgetBytes / 4) + 8 * MB;
}

/** The figures of one run's memory. */
export interface GuestMemory {
  /** The peak, as defined above (bytes). */
  readonly peakBytes: number;
  /** The part of it the samples show (0 without samples). */
  readonly sampledBytes: number;
  /** The host's RSS at its first reading in the run, when there was one. */
  readonly hostBaselineBytes?: number;
}

/** The supervisor's running maxima of RSS over the whole run (they outlive the ring of samples). */
export interface OutsideRssPeaks {
  readonly hostBytes: number;
  readonly childBytes: number;
}

/**
 * The guest's memory from the driver's report and the run's own samples (see the module comment). Of the
 * outside RSS maxima, the host's counts under `host`, a child's under `process` and `os-sandbox`; under
 * `worker` neither (the host's whole RSS is not the thread's).
 */
export function guestMemory(
  boundary: Boundary,
  samples: readonly Sample[],
  workers: readonly Pick<WorkerInfo, 'id' | 'kind'>[],
  reportedBytes: number | undefined,
  outside?: OutsideRssPeaks,
): GuestMemory {
  const kindOf = new Map(workers.map((w) => [w.id, w.kind]));
  let hostBaseline: number | undefined;
  let sampled = 0;
  for (const s of samples) {
    const kind = kindOf.get(s.worker) ?? (s.worker === 'host' ? 'host' : undefined);
    if (kind === 'host' && s.rssBytes !== undefined) {
      hostBaseline ??= s.rssBytes;
      if (boundary === 'host') sampled = Math.max(sampled, s.rssBytes);
      else if (boundary === 'worker') sampled = Math.max(sampled, s.rssBytes - hostBaseline);
    } else if (kind === 'thread' && boundary === 'worker') {
      sampled = Math.max(sampled, (s.heapUsedBytes ?? 0) + (s.externalBytes ?? 0));
    } else if (kind === 'child' && (boundary === 'process' || boundary === 'os-sandbox') && s.rssBytes !== undefined) {
      sampled = Math.max(sampled, s.rssBytes);
    }
  }
  const bytes = (n: number | undefined): number => (n !== undefined && Number.isFinite(n) ? Math.max(0, n) : 0);
  const outsidePeak = boundary === 'host' ? outside?.hostBytes : boundary === 'worker' ? 0 : outside?.childBytes;
  const reported = Math.max(bytes(reportedBytes), bytes(outsidePeak));
  return {
    peakBytes: Math.max(reported, sampled),
    sampledBytes: sampled,
    ...(hostBaseline !== undefined ? { hostBaselineBytes: hostBaseline } : {}),
  };
}

/** What the boundary's runtime holds that a budget does not count (see the module comment). */
export function memoryAllowanceBytes(boundary: Boundary, evaluator: Evaluator, hostBaselineBytes?: number): number {
  if (boundary === 'host') return hostBaselineBytes ?? 0;
  if (boundary === 'worker') return WORKER_RUNTIME_ALLOWANCE_BYTES;
  return CHILD_RUNTIME_ALLOWANCE_BYTES[evaluator];
}
