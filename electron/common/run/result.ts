/**
 * The result object of a run (DESIGN.md §4) and the pieces it is made of. This is the shape the CLI
 * prints with `--json` and the UI receives; it only grows, fields are never repurposed.
 */

/** How a run ended. Closed: every run ends with exactly one of these. */
export const RUN_STATUSES = [
  'ok',
  'error',
  'timeout',
  'memory-limit',
  'output-limit',
  'crashed',
  'host-crashed',
  'killed',
  'denied',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * The canaries of DESIGN.md §6, by the name a breach reports; `integrity`: the host realm's built-ins
 * changed (issue 12).
 */
export const CANARY_NAMES = [
  'env',
  'global',
  'file',
  'network',
  'fs-write',
  'child-process',
  'host-crash',
  'integrity',
] as const;
export type CanaryName = (typeof CANARY_NAMES)[number];

export interface Breach {
  readonly canary: CanaryName;
  /** What the supervisor observed, in one line. */
  readonly evidence: string;
}

export interface Verdict {
  readonly escaped: boolean;
  readonly breaches: readonly Breach[];
}

export interface GuestError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** Who stopped a runaway guest, so the result can say which hammer was needed. */
export const ENFORCERS = [
  'terminate-worker',
  'kill-child',
  'kill-host',
  'resource-limits',
  'max-old-space-size',
  'external-memory-watchdog',
  'rss-watchdog',
  'supervisor-output-cap',
  'vm-timeout',
  'isolate-timeout',
  'isolate-memory-limit',
  'quickjs-interrupt',
  'quickjs-memory-limit',
  'quickjs-wasm-memory-watchdog',
] as const;
export type Enforcer = (typeof ENFORCERS)[number];

export interface LimitReport {
  /** Whether this driver enforces the limit at all. */
  readonly enforced: boolean;
  /** The mechanism the driver declares for it. */
  readonly mechanism: string;
  /** Set when the limit was hit: what actually stopped the guest. */
  readonly stoppedBy?: Enforcer;
  /** Set for limits with a budget that was hit: how far past the budget the guest got (ms or bytes). */
  readonly overshoot?: number;
}

/**
 * The memory limit's own figures (docs/engine.md "What the figures mean"): whether the budget held, judged
 * on the same peak the result reports. Results stored before these fields existed lack them.
 */
export interface MemoryLimitReport {
  readonly memoryMb?: number;
  /** What the boundary's runtime holds that the budget does not count (bytes). */
  readonly allowanceBytes?: number;
  /** How far past budget + allowance the peak may get and the budget still hold (bytes). */
  readonly toleranceBytes?: number;
  /**
   * With an enforced budget: whether it held. `false` when the peak got past budget + allowance +
   * tolerance, or the run ended by its deadline or a dead host while over budget + allowance.
   */
  readonly held?: boolean;
  /** When the budget did not hold: bytes past budget + allowance. */
  readonly exceededBytes?: number;
}

export interface IpcCounters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

export interface RunResult {
  readonly id: string;
  readonly driver: string;
  /**
   * The exact Node release the host (and a child guest) ran on, `22.12.0`: the pinned default or the one
   * asked for (`--node`). Absent in results stored before Node versions existed.
   */
  readonly node?: string;
  readonly status: RunStatus;
  readonly result?: unknown;
  readonly error?: GuestError;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly cpuMs: number;
  readonly peakMemoryBytes: number;
  /** Supervisor ⇄ host traffic, counted by the supervisor. */
  readonly ipc: IpcCounters;
  readonly limits: {
    readonly timeout: LimitReport & { readonly timeoutMs: number };
    readonly memory: LimitReport & MemoryLimitReport;
    readonly output: LimitReport & { readonly maxOutputBytes: number };
  };
  readonly verdict: Verdict;
  /** Every worker of the run (host, threads, children) with its final state. */
  readonly workers: readonly WorkerInfo[];
  /** Metric samples of the run (a ring buffer: the most recent ones when the run was long). */
  readonly samples: readonly Sample[];
  /** What the evaluator measured itself (isolate CPU and wall time, QuickJS memory), when it can. */
  readonly evaluator?: {
    readonly cpuMs?: number;
    readonly wallMs?: number;
    readonly heapUsedBytes?: number;
    readonly peakMemoryBytes?: number;
  };
  /** Protocol or engine problems seen during the run (e.g. a dropped connection and why). */
  readonly notes: readonly string[];
  /**
   * Contradictions the result's figures show against each other (result-consistency.ts): a workbench
   * error, never the guest's doing. Empty when the result is consistent; absent in older stored results.
   */
  readonly consistency?: readonly string[];
}

/** A captured line's level: console.* methods, and raw writes to stdout/stderr. */
export const CONSOLE_LEVELS = ['log', 'info', 'debug', 'warn', 'error', 'trace', 'stdout', 'stderr'] as const;
export type ConsoleLevel = (typeof CONSOLE_LEVELS)[number];

/** Levels that go to the result's `stderr`; everything else goes to `stdout`. */
export function isErrorLevel(level: ConsoleLevel): boolean {
  return level === 'warn' || level === 'error' || level === 'trace' || level === 'stderr';
}

export interface OutputLine {
  readonly level: ConsoleLevel;
  readonly text: string;
  /** Milliseconds since the run started. */
  readonly atMs: number;
  /** Worker that produced it (see {@link WorkerInfo.id}). */
  readonly worker: string;
}

export const WORKER_KINDS = ['host', 'thread', 'child'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];
export const WORKER_STATES = ['running', 'exited'] as const;

export interface WorkerInfo {
  /** Stable within a run: `host`, `thread-1`, `child-1`… */
  readonly id: string;
  readonly kind: WorkerKind;
  readonly parent?: string;
  readonly pid?: number;
  readonly tid?: number;
  /** Processes the driver started around this worker (the OS sandbox's own processes). */
  readonly helperPids?: number[];
  readonly state: (typeof WORKER_STATES)[number];
  readonly exitCode?: number | null;
}

/** One point of metrics for one worker (DESIGN.md §1 "sample"). Missing readings are undefined, not 0. */
export interface Sample {
  readonly worker: string;
  readonly atMs: number;
  readonly cpuPercent?: number;
  readonly rssBytes?: number;
  readonly heapUsedBytes?: number;
  readonly heapTotalBytes?: number;
  readonly externalBytes?: number;
  readonly arrayBuffersBytes?: number;
  readonly eventLoopUtilization?: number;
  readonly ipc?: IpcCounters;
}
