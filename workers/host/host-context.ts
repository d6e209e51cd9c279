/**
 * What a guest driver in the host gets from the host: where to report output, workers and samples, and the
 * run's spec. The host forwards all of it to the supervisor; output is capped here too, so a guest printing
 * in a loop cannot make the host buffer without bound while the supervisor decides to stop it.
 */
import type { ConsoleLevel, WorkerInfo } from '../../electron/common/run/result.ts';
import type {
  GuestOutcome,
  GuestToHost,
  HostSample,
  RunSpec,
  StopReason,
} from '../../electron/common/protocol/worker-protocol.ts';

export interface HostContext {
  readonly spec: RunSpec;
  output(worker: string, level: ConsoleLevel, text: string): void;
  worker(info: WorkerInfo): void;
  /** Samples the driver can take itself (threads, a child's own heap report), merged by the host. */
  setSampleSource(source: () => Promise<HostSample[]>): void;
  /**
   * Call at the moment the guest's code can first run: tells the supervisor the deadline starts now and
   * returns it (epoch ms) for evaluators with a limit of their own. Only the first call counts.
   */
  guestStarts(): number;
  /** Call once the guest runs no more code (evaluator limit, or its thread or child gone after a stop). */
  guestStopped(): void;
}

/** One boundary's way of running a guest. */
export interface GuestDriver {
  /** Runs the guest to its end: completion value settled and its own pending work drained. */
  run(): Promise<GuestOutcome>;
  /** Stop the guest now, for the given reason; `run()` then resolves with that status. */
  stop(reason: StopReason): void;
}

/** Map a thrown guest error to a status: a Permission Model refusal is `denied`. */
export function errorStatus(error: { code?: string } | undefined): 'error' | 'denied' {
  return error?.code === 'ERR_ACCESS_DENIED' ? 'denied' : 'error';
}

const MB = 1024 * 1024;

/**
 * The outcome of a guest whose evaluator's own limit ended it (isolate timeout, QuickJS memory watchdog…),
 * with the overshoot measured by that evaluator.
 */
export function limitOutcome(
  done: GuestToHost & { t: 'done' },
  memoryMb: number | undefined,
  boundaryPeakBytes: number,
): GuestOutcome | undefined {
  if (!done.limit) return undefined;
  const evaluatorPeak = done.stats?.peakMemoryBytes ?? 0;
  const overshoot =
    done.limit.status === 'memory-limit' && memoryMb !== undefined
      ? { overshootBytes: Math.max(0, evaluatorPeak - memoryMb * MB) }
      : {};
  return {
    status: done.limit.status,
    stoppedBy: done.limit.stoppedBy,
    peakMemoryBytes: Math.max(evaluatorPeak, boundaryPeakBytes),
    ...overshoot,
    ...(done.error ? { error: done.error } : {}),
    ...(done.stats ? { evaluator: done.stats } : {}),
  };
}
