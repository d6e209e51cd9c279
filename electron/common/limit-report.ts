/**
 * The `limits` part of a run's result: for each limit, whether the driver enforces it and how (its
 * declaration), and — when the limit was hit — what stopped the guest and how far past the limit it got.
 */
import type { DriverCapabilities } from './capabilities.ts';
import type { Limits } from './run-spec.ts';
import type { RunResult } from './result.ts';
import type { StatusDecision } from './verdict.ts';

export interface LimitInputs {
  readonly limits: Limits;
  readonly capabilities: DriverCapabilities | undefined;
  readonly decision: StatusDecision;
  /** Memory overshoot measured by the driver, in bytes. */
  readonly memoryOvershootBytes?: number;
  /** Milliseconds from the deadline to the guest being gone, when the deadline was hit. */
  readonly timeoutOvershootMs?: number;
}

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
    memory: {
      ...(memoryMb !== undefined ? { memoryMb } : {}),
      enforced: memoryMb !== undefined && (caps?.memory.enforced ?? false),
      mechanism: caps?.memory.how ?? 'unknown driver',
      ...(status === 'memory-limit' && stoppedBy ? { stoppedBy } : {}),
      ...(status === 'memory-limit' && i.memoryOvershootBytes !== undefined
        ? { overshoot: i.memoryOvershootBytes }
        : {}),
    },
    output: {
      maxOutputBytes,
      enforced: caps?.output.enforced ?? true,
      mechanism: caps?.output.how ?? 'the supervisor cuts output past the limit',
      ...(status === 'output-limit' ? { stoppedBy: 'supervisor-output-cap' as const, overshoot: 0 } : {}),
    },
  };
}
