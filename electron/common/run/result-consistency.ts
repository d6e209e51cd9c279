/**
 * Contradictions a result shows against itself (issue 12): a figure its own samples refute, a limit called
 * held past its tolerance, a status no limit report explains, a verdict its breaches do not support, a CPU
 * figure the machine cannot give. Pure, so the engine, the matrix and tests can run it on any result — a
 * non-empty answer is a workbench bug to show loudly, never something the guest did.
 */
import { parseDriverId } from './driver-id.ts';
import { judgeMemoryBudget } from './limit-report.ts';
import { guestMemory } from './memory-peak.ts';
import type { RunResult, RunStatus } from './result.ts';

const MB = 1024 * 1024;

export interface ConsistencyOptions {
  /** Cores of the machine the run was measured on: no process can use more than `cores × 100` %. */
  readonly cores: number;
}

/** What the check needs of a result (stored results lack `consistency` and may lack the newer fields). */
export type CheckedResult = Pick<
  RunResult,
  'driver' | 'status' | 'peakMemoryBytes' | 'limits' | 'verdict' | 'samples' | 'workers'
>;

/** The limit whose report must name what stopped a run with this status. */
const LIMIT_OF_STATUS: Partial<Record<RunStatus, 'timeout' | 'memory' | 'output'>> = {
  timeout: 'timeout',
  'memory-limit': 'memory',
  'output-limit': 'output',
};

const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** Every contradiction found, one line each; empty when the result is consistent. */
export function checkResultConsistency(r: CheckedResult, options: ConsistencyOptions): string[] {
  return [...memoryProblems(r), ...stopProblems(r), ...verdictProblems(r), ...cpuProblems(r, options.cores)];
}

function memoryProblems(r: CheckedResult): string[] {
  const problems: string[] = [];
  const driver = parseDriverId(r.driver);
  if (driver.ok) {
    const sampled = guestMemory(driver.id.boundary, r.samples, r.workers, 0).sampledBytes;
    if (sampled > r.peakMemoryBytes) {
      problems.push(`peak memory ${mb(r.peakMemoryBytes)} is below the ${mb(sampled)} the run's own samples show`);
    }
  }
  const m = r.limits.memory;
  if (m.held === true && m.memoryMb !== undefined && m.allowanceBytes !== undefined) {
    const judged = judgeMemoryBudget(m.memoryMb, r.peakMemoryBytes, m.allowanceBytes, r.status);
    if (!judged.held) {
      problems.push(
        `memory limit reads held, but the peak ${mb(r.peakMemoryBytes)} is ${mb(judged.overBytes)} past ${m.memoryMb} MB + ${mb(m.allowanceBytes)} (tolerance ${mb(judged.toleranceBytes)})`,
      );
    }
  }
  if (m.held === false && !(m.exceededBytes !== undefined && m.exceededBytes > 0)) {
    problems.push('memory limit reads not held without saying by how much');
  }
  if (m.held !== undefined && !m.enforced) problems.push('a memory limit that is not enforced is judged held or not');
  return problems;
}

function stopProblems(r: CheckedResult): string[] {
  const problems: string[] = [];
  const expected = LIMIT_OF_STATUS[r.status];
  for (const name of ['timeout', 'memory', 'output'] as const) {
    const report = r.limits[name];
    if (report.stoppedBy !== undefined && name !== expected) {
      problems.push(`the ${name} limit says ${report.stoppedBy} stopped the run, but its status is ${r.status}`);
    }
  }
  if (expected !== undefined && r.limits[expected].stoppedBy === undefined) {
    problems.push(`status ${r.status}, but the ${expected} limit does not say what stopped the run`);
  }
  return problems;
}

function verdictProblems(r: CheckedResult): string[] {
  const breached = r.verdict.breaches.length > 0;
  if (r.verdict.escaped === breached) return [];
  return [
    breached
      ? `the verdict says contained, but it lists ${r.verdict.breaches.length} breach(es)`
      : 'the verdict says escaped without a breach',
  ];
}

function cpuProblems(r: CheckedResult, cores: number): string[] {
  const kindOf = new Map(r.workers.map((w) => [w.id, w.kind]));
  const over = new Map<string, number>();
  for (const s of r.samples) {
    if (s.cpuPercent === undefined) continue;
    // A thread runs on one core at a time; a process on at most every core.
    const cap = (kindOf.get(s.worker) === 'thread' ? 1 : Math.max(1, cores)) * 100;
    if (s.cpuPercent > cap) over.set(s.worker, Math.max(over.get(s.worker) ?? 0, s.cpuPercent));
  }
  return [...over].map(
    ([worker, percent]) => `CPU of ${worker} reads ${percent} %, more than ${cores} core(s) can give`,
  );
}
