/**
 * The evaluator interface: how code is evaluated inside a boundary (DESIGN.md §1). `plain` is the
 * boundary's own realm (runtime.ts); the others create a fresh evaluation environment per run and end
 * when their completion value settles — they have no timers or I/O of their own to wait for.
 */
import type { ConsoleLevel, Enforcer } from '../../../electron/common/run/result.ts';
import type { GuestOutcome } from '../../../electron/common/protocol/worker-protocol.ts';

export interface EvalOptions {
  readonly code: string;
  /** Deadline for the evaluator's own limit; the boundary's outside deadline still stands behind it. */
  readonly timeoutMs: number;
  readonly memoryMb?: number;
  readonly canaryPort: number;
  readonly console: (level: ConsoleLevel, text: string) => void;
  /**
   * Called once, as soon as the evaluator knows its own limit has ended the script and before it measures
   * anything: the stop counts from then (isolated-vm's heap statistics after a timeout are another
   * thread-pool round trip).
   */
  readonly stopped?: () => void;
}

/**
 * Evaluators whose guest runs in an engine of its own (an isolate), with no path to the bootstrap's realm:
 * only from these is an early `stopped` the evaluator's and not the guest's. A node:vm guest reaches the outer
 * realm (the matrix shows how), so its word would be worth nothing; its limit is synchronous anyway.
 */
export const EARLY_STOP_EVALUATORS: ReadonlySet<string> = new Set(['isolated-vm']);

/** What the evaluator itself measured, where it can. */
export interface EvalStats {
  readonly cpuMs?: number;
  readonly wallMs?: number;
  readonly heapUsedBytes?: number;
  readonly peakMemoryBytes?: number;
}

export type EvalOutcome =
  | { readonly ok: true; readonly result?: unknown; readonly stats?: EvalStats }
  | {
      readonly ok: false;
      readonly error: NonNullable<GuestOutcome['error']>;
      /** Set when the evaluator's own limit ended the script. */
      readonly limit?: { readonly status: 'timeout' | 'memory-limit'; readonly stoppedBy: Enforcer };
      readonly stats?: EvalStats;
    };

export type Evaluate = (options: EvalOptions) => Promise<EvalOutcome>;
