/**
 * What a guest driver in the host gets from the host: where to report output, workers and samples, and the
 * run's spec. The host forwards all of it to the supervisor; output is capped here too, so a guest printing
 * in a loop cannot make the host buffer without bound while the supervisor decides to stop it.
 */
import type { ConsoleLevel, WorkerInfo } from '../../electron/common/result.ts';
import type { GuestOutcome, HostSample, RunSpec } from '../../electron/common/worker-protocol.ts';

export interface HostContext {
  readonly spec: RunSpec;
  output(worker: string, level: ConsoleLevel, text: string): void;
  worker(info: WorkerInfo): void;
  /** Samples the driver can take itself (threads, a child's own heap report), merged by the host. */
  setSampleSource(source: () => Promise<HostSample[]>): void;
}

/** One boundary's way of running a guest. */
export interface GuestDriver {
  /** Runs the guest to its end: completion value settled and its own pending work drained. */
  run(): Promise<GuestOutcome>;
  /** Stop the guest now, for the given reason; `run()` then resolves with that status. */
  stop(reason: 'timeout' | 'killed' | 'output-limit' | 'memory-limit'): void;
}

/** Map a thrown guest error to a status: a Permission Model refusal is `denied`. */
export function errorStatus(error: { code?: string } | undefined): 'error' | 'denied' {
  return error?.code === 'ERR_ACCESS_DENIED' ? 'denied' : 'error';
}
