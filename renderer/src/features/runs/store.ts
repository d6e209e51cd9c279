/**
 * Runs as the UI knows them, fed by the contract's events. Events can arrive before the startRun reply
 * that names their run, so they are kept per run id from the first one on. A small external store
 * (useSyncExternalStore) so every component reads the same state.
 */
import type { Breach, OutputLine, RunResult, Sample, WorkerInfo } from '../../../../electron/common/run/result.ts';
import { ExternalStore } from '../../lib/external-store.ts';

/** Samples kept per run for the charts. */
export const MAX_CHART_SAMPLES = 3000;

export interface RunState {
  readonly id: string;
  readonly driver: string;
  readonly startedAt: number;
  readonly memoryMb?: number;
  /** The Node release the run asked for (exact, as the app's select offers them); absent: the default. */
  readonly node?: string;
  readonly lines: readonly OutputLine[];
  readonly samples: readonly Sample[];
  readonly workers: ReadonlyMap<string, WorkerInfo>;
  readonly breaches: readonly Breach[];
  readonly result?: RunResult;
}

/**
 * Listeners hear about changes at most this often. Events arrive per run per sample tick (10 Hz × runs) and
 * per console line; re-rendering the workbench for each would keep the page busy with 16 live workers.
 */
export const NOTIFY_INTERVAL_MS = 50;

export class RunStore extends ExternalStore {
  #runs = new Map<string, RunState>();
  #order: string[] = [];
  /** `runs` as last read: the same array until something changes (components read it on every render). */
  #list: RunState[] | undefined;

  constructor() {
    super(NOTIFY_INTERVAL_MS);
  }

  get runs(): readonly RunState[] {
    return (this.#list ??= this.#order.map((id) => this.#runs.get(id)!).filter(Boolean));
  }

  get(id: string): RunState | undefined {
    return this.#runs.get(id);
  }

  #update(id: string, change: (r: RunState) => RunState): void {
    const current = this.#runs.get(id) ?? {
      id,
      driver: '?',
      startedAt: Date.now(),
      lines: [],
      samples: [],
      workers: new Map(),
      breaches: [],
    };
    if (!this.#runs.has(id)) this.#order.unshift(id);
    this.#runs.set(id, change(current));
    this.changed();
  }

  protected override changed(): void {
    this.#list = undefined;
    super.changed();
  }

  started(id: string, driver: string, memoryMb: number | undefined, node?: string): void {
    this.#update(id, (r) => ({
      ...r,
      driver,
      ...(memoryMb !== undefined ? { memoryMb } : {}),
      ...(node !== undefined ? { node } : {}),
    }));
  }
  output(id: string, line: OutputLine): void {
    this.#update(id, (r) => ({ ...r, lines: [...r.lines, line] }));
  }
  samples(id: string, samples: readonly Sample[]): void {
    this.#update(id, (r) => ({ ...r, samples: [...r.samples, ...samples].slice(-MAX_CHART_SAMPLES) }));
  }
  worker(id: string, worker: WorkerInfo): void {
    this.#update(id, (r) => ({ ...r, workers: new Map(r.workers).set(worker.id, worker) }));
  }
  breach(id: string, breach: Breach): void {
    this.#update(id, (r) => ({ ...r, breaches: [...r.breaches, breach] }));
  }
  ended(id: string, result: RunResult): void {
    this.#update(id, (r) => ({ ...r, result, driver: result.driver }));
  }
  clearOutput(id: string): void {
    this.#update(id, (r) => ({ ...r, lines: [] }));
  }
  remove(id: string): void {
    this.#runs.delete(id);
    this.#order = this.#order.filter((x) => x !== id);
    this.changed();
  }
}
