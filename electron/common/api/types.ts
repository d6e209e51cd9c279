/** Results and event payloads of the UI contract (produced by our engine, so typed rather than checked). */
import type { Lesson } from '../lesson/lesson.ts';
import type { DriverCapabilities } from '../capabilities/capabilities.ts';
import type { Boundary, Evaluator } from '../run/driver-id.ts';
import type { Breach, CanaryName, OutputLine, RunResult, RunStatus, Sample, WorkerInfo } from '../run/result.ts';
import type { Language, Limits, Policy } from '../run/run-spec.ts';
import type { MatrixCell, MatrixProgress, PolicyPreset } from '../matrix/report.ts';
import type { BlastResult, BlastSample } from '../blast/blast.ts';
import type { Expectation, ProbeMeta } from '../matrix/probe-header.ts';

/** One probe of the library as listed (no code). */
export type ProbeListing = Pick<ProbeMeta, 'id' | 'title' | 'category' | 'goal' | 'technique'>;

/** One probe in full: its header, its source, and the limits its matrix cells run with. */
export interface ProbeDetail extends ProbeMeta {
  /** Path inside the probe library. */
  readonly file: string;
  readonly code: string;
  readonly language: Language;
  /** What a matrix cell of this probe runs with (the probe's own `limits`, else the matrix defaults). */
  readonly runLimits: { readonly timeoutMs: number; readonly memoryMb: number };
  /** Expected outcomes under each preset (also in `expect`/`expectHardened`; here keyed for convenience). */
  readonly expectations: Readonly<Record<PolicyPreset, readonly Expectation[]>>;
}

/** One driver of this machine (`workbench drivers --json` lists these). */
export interface DriverListing {
  readonly id: string;
  readonly boundary: Boundary;
  readonly evaluator: Evaluator;
  readonly available: boolean;
  readonly reason?: string;
  /** What the driver enforces and protects (a declaration; shown for unavailable drivers too). */
  readonly capabilities: DriverCapabilities;
  /** Honest caveats that do not fit a single mechanism (untested platforms, warnings a run will print). */
  readonly notes: readonly string[];
}

export interface HostRuntimeInfo {
  readonly kind: 'node' | 'electron-utility';
  readonly label: string;
  readonly available: boolean;
  readonly selected: boolean;
  readonly version?: string;
  readonly path?: string;
  /** Why it cannot be chosen here. */
  readonly reason?: string;
}

/** One Node release a run can choose (listNodeReleases). */
export interface NodeReleaseListing {
  /** The exact release, `22.12.0`. */
  readonly version: string;
  /** In the per-user cache: runs on it start without a download. */
  readonly installed: boolean;
  /** The release hosts run on when a run names none (the pinned Node, or the chosen host runtime's). */
  readonly isDefault: boolean;
  /** isolated-vm has a prebuilt addon for it (node-features.ts); the other drivers run on every listed release. */
  readonly isolatedVm: boolean;
}

/** What listNodeReleases answers: the releases newest first, and whether the registry could be asked. */
export interface NodeReleases {
  /** The default release (exact), absent when no host runtime was found. */
  readonly defaultVersion?: string;
  /** Newest first; the default, every installed release and the registry's newest per major line (bounded). */
  readonly releases: readonly NodeReleaseListing[];
  /** The registry asked for releases not installed yet; `problem` says why it could not be used. */
  readonly registry: { readonly url: string; readonly reachable: boolean; readonly problem?: string };
  /** About how much a release not installed yet downloads (the platform package's tarball), in MB. */
  readonly downloadMb: number;
}

/** Where an install of a Node release stands (the `nodeInstall` event). */
export type NodeInstallPhase = 'metadata' | 'download' | 'verify' | 'extract' | 'check' | 'done' | 'failed';

export interface MethodResults {
  readonly startBlast: { readonly id: string };
  readonly stopBlast: { readonly stopped: boolean };
  readonly listDrivers: readonly DriverListing[];
  readonly listNodeReleases: NodeReleases;
  readonly startRun: { readonly id: string; readonly driver: string };
  readonly stopRun: { readonly stopped: boolean };
  readonly listProbes: readonly ProbeListing[];
  readonly getProbe: ProbeDetail;
  readonly startMatrix: {
    readonly id: string;
    /** Cells to run: probes × drivers. */
    readonly total: number;
    /** The probes and drivers of the grid, in the order cells are run. */
    readonly probes: readonly string[];
    readonly drivers: readonly string[];
    readonly policy: PolicyPreset;
    /** Runs per cell. */
    readonly repeat: number;
    /**
     * The Node releases (exact), one column group each, when some were asked for; `drivers` are then the
     * columns, `driver@release`, grouped by release in this order.
     */
    readonly nodes?: readonly string[];
  };
  readonly cancelMatrix: { readonly cancelled: boolean };
  readonly exportMatrix: { readonly text: string; readonly mime: string; readonly fileName: string };
  readonly info: {
    /** Version of the Node that runs hosts (isolated-vm needs a real Node ≥ 24). */
    readonly node: string;
    /** Where that Node is (the pinned node@24, WORKBENCH_NODE, or the running one). */
    readonly nodePath: string;
    readonly platform: string;
    readonly mode: 'electron' | 'browser' | 'test';
    /** The ways hosts can be started here ("Host runtime" setting) and which one new runs use. */
    readonly hostRuntimes: readonly HostRuntimeInfo[];
    /** The warm host pool: how many hosts are kept started, how many wait idle now. */
    readonly pool: { readonly size: number; readonly idle: number };
  };
  readonly setPoolSize: { readonly size: number; readonly idle: number };
  readonly setHostRuntime: { readonly kind: HostRuntimeInfo['kind']; readonly node: string; readonly nodePath: string };
  readonly listHistory: HistoryPage;
  readonly getHistoryRun: HistoryRun | null;
  readonly deleteHistoryRun: { readonly deleted: boolean };
  readonly listLessons: readonly LessonListing[];
  readonly getLesson: Lesson;
}

/** One lesson as the list shows it (resources/lessons/README.md). */
export type LessonListing = Pick<Lesson, 'id' | 'title' | 'summary'> & { readonly steps: number };

/**
 * Where a stored run stands: its result's status once it ended; `running` until then; `interrupted` when
 * the process that owned it died before the run ended (no result was ever written).
 */
export type HistoryStatus = RunStatus | 'running' | 'interrupted';

/** One run of the history as a list shows it: no code beyond its first line, no result. */
export interface HistorySummary {
  /** The run's id (the same as its {@link RunResult.id}). */
  readonly id: string;
  /** Wall-clock start, ms since the epoch. */
  readonly startedAt: number;
  /** Wall-clock end, ms since the epoch; absent while running and for interrupted runs. */
  readonly endedAt?: number;
  readonly driver: string;
  readonly status: HistoryStatus;
  /** The verdict's `escaped` (false until the run ended). */
  readonly escaped: boolean;
  /** Canaries the run breached, in {@link CanaryName} order. */
  readonly breaches: readonly CanaryName[];
  readonly language: Language;
  /**
   * What the list calls the run: `probe: <title>` when the code starts with a probe's header, else its first
   * non-blank line; at most 80 characters (history/query.ts titleOf), enough to recognise a run.
   */
  readonly title: string;
}

/** One stored run in full: what was asked and, once it ended, everything it produced. */
export interface HistoryRun extends HistorySummary {
  readonly code: string;
  /** Limits and policy as the engine normalised them (defaults filled in). */
  readonly request: { readonly limits: Limits; readonly policy: Policy; readonly sampleHz: number };
  /** The run's result (console output, verdict, samples, workers); null while running or interrupted. */
  readonly result: RunResult | null;
}

/** A page of the history, newest first, and how many runs match the filter in all. */
export interface HistoryPage {
  readonly runs: readonly HistorySummary[];
  readonly total: number;
}

/** What the desktop app's menu (and its accelerators) asks the workbench to do. */
export type MenuCommand = 'run' | 'stop' | 'compare';

export interface EventPayloads {
  /** A running blast-radius experiment as it stands (at most every 100 ms). */
  readonly blastUpdate: { readonly blastId: string; readonly result: BlastResult };
  /** Output of the experiment's culprit (the user's code). */
  readonly blastOutput: { readonly blastId: string; readonly text: string };
  readonly blastEnd: { readonly blastId: string; readonly result: BlastResult };
  /** Live chart points of a running experiment: each member's CPU and memory (Linux). */
  readonly blastSamples: { readonly blastId: string; readonly samples: readonly BlastSample[] };
  /** A menu item was chosen in the desktop app (Electron only). */
  readonly menuCommand: { readonly command: MenuCommand };
  readonly runOutput: { readonly runId: string; readonly line: OutputLine };
  readonly runSamples: { readonly runId: string; readonly samples: readonly Sample[] };
  readonly runWorker: { readonly runId: string; readonly worker: WorkerInfo };
  readonly runBreach: { readonly runId: string; readonly breach: Breach };
  readonly runEnd: { readonly runId: string; readonly result: RunResult };
  /** One finished cell, with the matrix's progress counted with it. */
  readonly matrixProgress: MatrixProgress & { readonly matrixId: string; readonly cell: MatrixCell };
  /**
   * An install of a Node release a run or matrix asked for: phases in order, `download` repeated (at most
   * ~10 a second) with the bytes so far. Only when a download is needed; `done` or `failed` ends it. A failure
   * also rejects the call that asked, with the same message.
   */
  readonly nodeInstall: {
    /** The spec as asked (`22`), and the exact release once known (`22.23.5`). */
    readonly spec: string;
    readonly version?: string;
    readonly phase: NodeInstallPhase;
    readonly receivedBytes?: number;
    readonly totalBytes?: number;
    /** For `failed`: what went wrong, naming the release. */
    readonly error?: { readonly code: string; readonly message: string };
  };
  /** The matrix finished, was cancelled (its running cells stopped), or failed to start its cells. */
  readonly matrixEnd: {
    readonly matrixId: string;
    readonly cancelled: boolean;
    readonly done: number;
    readonly total: number;
    readonly durationMs: number;
    readonly error?: { readonly code: string; readonly message: string };
  };
}
