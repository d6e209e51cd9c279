/**
 * How a guest's run ended, decided one way for a thread and a child (drivers/thread.ts, drivers/child.ts) from
 * what each observed. The order is the rule, most trustworthy evidence first:
 * 1. the host stopped it (its own timeout, kill, output or memory limit) — whatever the guest said after;
 * 2. V8 reported the guest's process out of heap (a child's stderr) — a limit, even if the guest said more;
 * 3. the guest broke the protocol — nothing it said can be believed, so not even a limit it claims;
 * 4. the evaluator's own limit ended the script (isolate timeout, QuickJS watchdog), as its `done` says;
 * 5. an error: one thrown at the boundary (a thread's error event, a child's late error) before the one the
 *    guest's `done` reports;
 * 6. `done` ok and a clean exit: ok, with the result;
 * 7. a Permission Model refusal seen only on stderr (the child died in its bootstrap): denied;
 * 8. otherwise it ended before its script finished: crashed, saying how.
 * Pure: a table test (guest-outcome.test.ts) holds every row.
 */
import type { GuestOutcome, GuestToHost, StopReason } from '../../electron/common/protocol/worker-protocol.ts';
import type { Enforcer } from '../../electron/common/run/result.ts';
import { errorStatus, limitOutcome } from './host-context.ts';

type GuestError = NonNullable<GuestOutcome['error']>;

export interface GuestEnd {
  readonly peakMemoryBytes: number;
  readonly memoryMb: number | undefined;
  /** The host stopped the guest; `overshootBytes` for a memory stop, `error` what the guest had thrown by then. */
  readonly stopped?: {
    readonly reason: StopReason;
    readonly by: Enforcer;
    readonly overshootBytes?: number;
    readonly error?: GuestError;
  };
  /** V8 ran out of heap in the guest's process (its last stderr line), and how far past the budget it got. */
  readonly outOfMemory?: { readonly message: string; readonly overshootBytes: number };
  readonly protocolError?: string;
  readonly done?: GuestToHost & { t: 'done' };
  /** An error from the boundary itself, not from `done`. */
  readonly thrown?: GuestError;
  /** The thread or process ended with exit code 0. */
  readonly cleanExit: boolean;
  /** A Permission Model refusal the guest's process printed as it died (a child). */
  readonly deniedOnStderr?: string;
  /** How it ended, for a crash: `ThreadExit` / `ChildExit` and the words after "the … ". */
  readonly crash: { readonly name: string; readonly message: string };
}

export function decideGuestOutcome(e: GuestEnd): GuestOutcome {
  const peakMemoryBytes = e.peakMemoryBytes;
  if (e.stopped) {
    return {
      status: e.stopped.reason,
      stoppedBy: e.stopped.by,
      peakMemoryBytes,
      ...(e.stopped.reason === 'memory-limit' ? { overshootBytes: e.stopped.overshootBytes ?? 0 } : {}),
      ...(e.stopped.error ? { error: e.stopped.error } : {}),
    };
  }
  if (e.outOfMemory) {
    return {
      status: 'memory-limit',
      stoppedBy: 'max-old-space-size',
      peakMemoryBytes,
      overshootBytes: e.outOfMemory.overshootBytes,
      error: { name: 'OutOfMemory', message: e.outOfMemory.message },
    };
  }
  if (e.protocolError)
    return { status: 'crashed', peakMemoryBytes, error: { name: 'ProtocolError', message: e.protocolError } };
  const byEvaluator = e.done ? limitOutcome(e.done, e.memoryMb, peakMemoryBytes) : undefined;
  if (byEvaluator) return byEvaluator;
  if (e.thrown) return { status: errorStatus(e.thrown), error: e.thrown, peakMemoryBytes };
  if (e.done && !e.done.ok)
    return { status: errorStatus(e.done.error), peakMemoryBytes, ...(e.done.error ? { error: e.done.error } : {}) };
  if (e.done?.ok && e.cleanExit) {
    const result = e.done.result !== undefined ? { result: e.done.result } : {};
    return { status: 'ok', peakMemoryBytes, ...result, ...(e.done.stats ? { evaluator: e.done.stats } : {}) };
  }
  if (e.deniedOnStderr !== undefined)
    return {
      status: 'denied',
      peakMemoryBytes,
      error: { name: 'Error', message: e.deniedOnStderr, code: 'ERR_ACCESS_DENIED' },
    };
  return { status: 'crashed', peakMemoryBytes, error: { ...e.crash } };
}
