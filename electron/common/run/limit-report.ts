/**
 * The `limits` part of a run's result: for each limit, whether the driver enforces it and how (its
 * declaration), and — when the limit was hit — what stopped the guest and how far past the limit it got.
 * The memory limit is judged on the run's one peak (memory-peak.ts): a budget that did not hold says so,
 * with the bytes it was exceeded by, whatever stopped the run.
 */
import type { DriverCapabilities } from '../capabilities/capabilities.ts';
import type { Boundary, Evaluator } from './driver-id.ts';
import type { Limits } from './run-spec.ts';
import type { RunResult, RunStatus } from './result.ts';
import type { StatusDecision } from '../verdict/verdict.ts';
import { memoryAllowanceBytes, memoryToleranceBytes, type GuestMemory } from './memory-peak.ts';

const MB = 1024 * 1024;

export interface LimitInputs {
  readonly limits: Limits;
  readonly capabilities: DriverCapabilities | undefined;
  readonly decision: StatusDecision;
  /** The driver's boundary and evaluator, which decide what a memory budget leaves out. */
  readonly driver?: { readonly boundary: Boundary; readonly evaluator: Evaluator };
  /** The run's memory figures (memory-peak.ts); without them memory is reported as declared only. */
  readonly memory?: GuestMemory;
  /** Memory overshoot measured by the driver, in bytes (kept when no memory figures are given). */
  readonly memoryOvershootBytes?: number;
  /** Milliseconds from the deadline to the guest being gone, when the deadline was hit. */
  readonly timeoutOvershootMs?: number;
}

/** Statuses that mean the guest was still running when something outside ended it. */
const ENDED_FROM_OUTSIDE: ReadonlySet<RunStatus> = new Set(['timeout', 'host-crashed', 'killed']);

/**
 * Whether an enforced memory budget held, judged on the run's peak: not held past budget + allowance +
 * tolerance, nor when the run was ended from outside while over budget + allowance.
 */
export function judgeMemoryBudget(
  memoryMb: number,
  peakBytes: number,
  allowanceBytes: number,
  status: RunStatus,
): { held: boolean; overBytes: number; toleranceBytes: number } {
  const budgetBytes = memoryMb * MB;
  const toleranceBytes = memoryToleranceBytes(budgetBytes);
  const overBytes = Math.max(0, peakBytes - budgetBytes - allowanceBytes);
  const held = overBytes <= toleranceBytes && !(overBytes > 0 && ENDED_FROM_OUTSIDE.has(status));
  return { held, overBytes, toleranceBytes };
}

/** The `limits` part of a result. */
export function buildLimitReports(i: LimitInputs): RunResult['limits'] {
  const { timeoutMs, memoryMb, maxOutputBytes } = i.limits;
  const { status, stoppedBy } = i.decision;
  const caps = i.capabilities;
  return {
    timeout: {
      timeoutMs,
      enforced: caps?.timeout.enforced ?? false,
      mechanism: caps?.timeout.how ?? 'unknown driver',
      ...(status === 'timeout' && stoppedBy ? { stoppedBy } : {}),
      ...(status === 'timeout' && i.timeoutOvershootMs !== undefined
        ? { overshoot: Math.max(0, Math.round(i.timeoutOvershootMs * 100) / 100) }
        : {}),
    },
    memory: memoryReport(i, memoryMb !== undefined && (caps?.memory.enforced ?? false)),
    output: {
      maxOutputBytes,
      enforced: caps?.output.enforced ?? true,
      mechanism: caps?.output.how ?? 'the supervisor cuts output past the limit',
      ...(status === 'output-limit' ? { stoppedBy: 'supervisor-output-cap' as const, overshoot: 0 } : {}),
    },
  };
}

function memoryReport(i: LimitInputs, enforced: boolean): RunResult['limits']['memory'] {
  const { memoryMb } = i.limits;
  const { status, stoppedBy } = i.decision;
  const declared = {
    ...(memoryMb !== undefined ? { memoryMb } : {}),
    enforced,
    mechanism: i.capabilities?.memory.how ?? 'unknown driver',
    ...(status === 'memory-limit' && stoppedBy ? { stoppedBy } : {}),
  };
  if (memoryMb === undefined || i.memory === undefined || i.driver === undefined) {
    return {
      ...declared,
      ...(status === 'memory-limit' && i.memoryOvershootBytes !== undefined
        ? { overshoot: i.memoryOvershootBytes }
        : {}),
    };
  }
  const allowanceBytes = memoryAllowanceBytes(i.driver.boundary, i.driver.evaluator, i.memory.hostBaselineBytes);
  const judged = judgeMemoryBudget(memoryMb, i.memory.peakBytes, allowanceBytes, status);
  return {
    ...declared,
    // One overshoot, from the same peak the header shows: bytes past budget + allowance.
    ...(status === 'memory-limit' ? { overshoot: judged.overBytes } : {}),
    allowanceBytes,
    toleranceBytes: judged.toleranceBytes,
    ...(enforced ? { held: judged.held } : {}),
    ...(enforced && !judged.held ? { exceededBytes: judged.overBytes } : {}),
  };
}
