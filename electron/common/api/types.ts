/** Results and event payloads of the UI contract (produced by our engine, so typed rather than checked). */
import type { DriverCapabilities } from '../capabilities.ts';
import type { Boundary, Evaluator } from '../driver-id.ts';
import type { Breach, OutputLine, RunResult, Sample, WorkerInfo } from '../result.ts';

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

export interface MethodResults {
  readonly listDrivers: readonly DriverListing[];
  readonly startRun: { readonly id: string; readonly driver: string };
  readonly stopRun: { readonly stopped: boolean };
  readonly getRun: RunResult | null;
  readonly info: {
    /** Version of the Node that runs hosts (isolated-vm needs a real Node ≥ 24). */
    readonly node: string;
    /** Where that Node is (the pinned node@24, WORKBENCH_NODE, or the running one). */
    readonly nodePath: string;
    readonly platform: string;
    readonly mode: 'electron' | 'browser' | 'test';
  };
}

export interface EventPayloads {
  readonly runOutput: { readonly runId: string; readonly line: OutputLine };
  readonly runSamples: { readonly runId: string; readonly samples: readonly Sample[] };
  readonly runWorker: { readonly runId: string; readonly worker: WorkerInfo };
  readonly runBreach: { readonly runId: string; readonly breach: Breach };
  readonly runEnd: { readonly runId: string; readonly result: RunResult };
}
