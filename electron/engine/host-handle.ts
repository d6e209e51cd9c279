/**
 * What starting a host gives the supervisor, whoever starts it (a child process, Electron's utility process):
 * the launch it asks for and the handle it gets back. Types only, in a module of their own so that
 * host-process.ts and node-runtime.ts (a runtime may carry its own launcher) need not import each other.
 */
import type { HostBootstrap } from '../common/protocol/worker-protocol.ts';
import type { ByteStream } from '../common/protocol/framed-peer.ts';
import type { ProcessLedger } from '../node/proc/process-ledger.ts';
import type { ContainmentLevel } from './containment.ts';

export interface HostLaunch {
  readonly entry: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Without `endpoint` the host gets an inherited channel (`handle.channel`) where the launcher can give one. */
  readonly bootstrap: Omit<HostBootstrap, 'endpoint'> & { readonly endpoint?: string };
  /** At most this much containment (containment.ts); the most the machine allows when absent. */
  readonly containment?: ContainmentLevel;
}

/** What a run needs of its host process, whoever started it. */
export interface HostHandle {
  /** The process the launcher started (the containment wrapper when contained); its group is the run's. */
  readonly pid: number | undefined;
  /** The supervisor's end of an inherited, already connected channel, when the launcher made one. */
  readonly channel?: ByteStream;
  /** Every process of the host's namespace, from the trace (contained and traced hosts only). */
  readonly ledger?: ProcessLedger;
  /** The host's PID namespace init: orphans are reparented to it (contained hosts only). */
  initPid?(): number | undefined;
  /** The Node process that runs the host code (resolved once it is up; the same as `pid` when not contained). */
  hostPid(): number | undefined;
  /**
   * The host's pid once it is known, waiting at most `timeoutMs` (a traced host is known from the trace, which
   * can lag behind its connection). Undefined if it is still not known then, or when `signal` aborts first.
   * Without it, `hostPid()` is final.
   */
  whenHostPid?(timeoutMs: number, signal?: AbortSignal): Promise<number | undefined>;
  /**
   * A pid the host reported, from inside its PID namespace, as the supervisor's pid of the same process — found
   * among the run's own processes by their `NSpid`, so a host cannot point the supervisor at anything outside its
   * run. Undefined if no process of the run has it. Uncontained hosts report real pids.
   */
  outerPid?(nsPid: number): number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** `how`: "code N" or "signal S" when known. */
  onExit(listener: (how: string | undefined) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Resolves once the process has exited and its output is drained (or after `timeoutMs`). */
  closed(timeoutMs: number): Promise<void>;
  /** Kill the host and everything it started; tolerant of it being gone already. */
  kill(): void;
}

export type HostLauncher = (launch: HostLaunch) => HostHandle;
