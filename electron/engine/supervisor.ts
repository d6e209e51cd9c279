/**
 * The engine's front door: validates run requests, starts runs, tracks them until they end, and lists the
 * drivers of this machine. It never runs user code itself. `dispose()` stops every run and waits for each
 * to release its processes, sockets and directories.
 */
import { WorkbenchError } from '../common/errors.ts';
import { normalizeRunRequest } from '../common/run-request.ts';
import type { RunResult } from '../common/result.ts';
import { findNodeRuntime, type NodeRuntime } from './node-runtime.ts';
import { listDrivers, type DriverListing } from './drivers.ts';
import { Run, type RunListener } from './run.ts';

export interface SupervisorOptions {
  readonly runtime?: NodeRuntime;
  /** Override of the host entry (tests use misbehaving hosts). */
  readonly hostEntry?: string;
}

export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #runs = new Map<string, Run>();
  #runtime: NodeRuntime | undefined;
  #disposed = false;

  constructor(options: SupervisorOptions = {}) {
    this.#options = options;
    this.#runtime = options.runtime;
  }

  get runtime(): NodeRuntime {
    this.#runtime ??= findNodeRuntime();
    return this.#runtime;
  }

  listDrivers(): DriverListing[] {
    try {
      return listDrivers(this.runtime);
    } catch (error) {
      return listDrivers((error as Error).message);
    }
  }

  /** Start a run. Throws a {@link WorkbenchError} for a bad request or an unavailable driver. */
  startRun(raw: unknown, listener?: RunListener): Run {
    if (this.#disposed) throw new WorkbenchError('unavailable', 'the supervisor is shutting down');
    const request = normalizeRunRequest(raw);
    const id = `${request.driver.boundary}${request.driver.evaluator === 'plain' ? '' : `+${request.driver.evaluator}`}`;
    const listing = this.listDrivers().find((d) => d.id === id);
    if (!listing?.available)
      throw new WorkbenchError('unavailable', listing?.reason ?? `driver ${id} is not available`);
    const run = new Run(request, {
      runtime: this.runtime,
      ...(listener ? { listener } : {}),
      ...(this.#options.hostEntry ? { hostEntry: this.#options.hostEntry } : {}),
    });
    this.#runs.set(run.id, run);
    void run.result.finally(() => this.#runs.delete(run.id));
    return run;
  }

  stopRun(id: string): boolean {
    const run = this.#runs.get(id);
    run?.stop();
    return run !== undefined;
  }

  get activeRuns(): number {
    return this.#runs.size;
  }

  async dispose(): Promise<RunResult[]> {
    this.#disposed = true;
    const runs = [...this.#runs.values()];
    for (const run of runs) run.stop();
    return Promise.all(runs.map((r) => r.result));
  }
}
