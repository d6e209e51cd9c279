/**
 * The engine's front door: validates run requests, starts runs, tracks them until they end, and lists the
 * drivers of this machine. It never runs user code itself. `dispose()` stops every run and waits for each
 * to release its processes, sockets and directories.
 */
import type { HostRuntimeInfo } from '../common/api/types.ts';
import type { ContainmentLevel } from './containment.ts';
import { WorkbenchError } from '../common/protocol/errors.ts';
import { normalizeRunRequest } from '../common/run/run-request.ts';
import type { RunResult } from '../common/run/result.ts';
import { findNodeRuntime, type NodeRuntime } from './node-runtime.ts';
import { driverListing, listDrivers, type DriverListing } from './drivers.ts';
import type { Boundary, Evaluator } from '../common/run/driver-id.ts';
import { RunRegistry } from './run-registry.ts';
import { Run, type RunListener, type RunPhase } from './run.ts';
import { HostPool } from './host-pool.ts';
import { HOST_ENTRY } from './host-process.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../common/protocol/framing.ts';
import { NodeRuntimes } from './node-versions/runtimes.ts';
import type { InstallProgress } from './node-versions/options.ts';

/** One way to run hosts the user can choose between (the "Host runtime" setting). */
export interface RuntimeChoice {
  readonly kind: NonNullable<NodeRuntime['kind']>;
  readonly label: string;
  /** The runtime; throws a {@link WorkbenchError} saying why when it cannot be used here. */
  readonly resolve: () => NodeRuntime;
}

/** A host runtime as the UI lists it: the contract's type, the one definition. */
export type RuntimeChoiceInfo = HostRuntimeInfo;

/** Outside the desktop app only a real Node can run hosts; the Electron main passes its own choices. */
export const DEFAULT_RUNTIME_CHOICES: readonly RuntimeChoice[] = [
  { kind: 'node', label: 'System Node ≥ 24', resolve: findNodeRuntime },
  {
    kind: 'electron-utility',
    label: "Electron's utility process",
    resolve: () => {
      throw new WorkbenchError('unavailable', 'only in the desktop app (Electron)');
    },
  },
];

/** Warm hosts the app (desktop and browser mode) keeps by default; the CLI and tests start with none. */
export const DEFAULT_APP_POOL_SIZE = 2;

export interface SupervisorOptions {
  /** A fixed runtime (tests, the CLI's WORKBENCH_NODE); otherwise the first usable of `runtimes`. */
  readonly runtime?: NodeRuntime;
  readonly runtimes?: readonly RuntimeChoice[];
  /** Override of the host entry (tests use misbehaving hosts). */
  readonly hostEntry?: string;
  /** Hosts kept warm (0–8, default 0): a run takes one instead of starting a process (host-pool.ts). */
  readonly poolSize?: number;
  /**
   * At most this much containment for the hosts of runs (containment.ts; default: the most the machine
   * allows). Less exists for `workbench bench` to measure what containment costs; warm hosts are always full.
   */
  readonly containment?: ContainmentLevel;
}

export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #runs = new Map<string, Run>();
  /** Live runs, so that one run reaching another's canaries is charged to it (run-registry.ts). */
  readonly #registry = new RunRegistry();
  #runtime: NodeRuntime | undefined;
  #disposed = false;
  #pool: HostPool | undefined;
  /** Runs that ask for a Node release (`node` in the request) run on one of these (node-versions/). */
  readonly #nodes = new NodeRuntimes();

  constructor(options: SupervisorOptions = {}) {
    this.#options = options;
    this.#runtime = options.runtime;
    if (options.poolSize) this.setPoolSize(options.poolSize);
  }

  /** How many hosts are kept warm, and how many are idle now. */
  get pool(): { readonly size: number; readonly idle: number } {
    return { size: this.#pool?.size ?? 0, idle: this.#pool?.idle ?? 0 };
  }

  /** Keep `size` hosts warm (0 turns the pool off and stops its idle hosts). */
  setPoolSize(size: number): void {
    if (this.#disposed) return;
    this.#pool ??= new HostPool({
      size: 0,
      runtime: () => this.runtime,
      entry: this.#options.hostEntry ?? HOST_ENTRY,
      maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    });
    this.#pool.resize(size);
  }

  /** Wait until the pool's hosts are started (a benchmark or a test wants them ready). */
  async warmUp(): Promise<void> {
    await this.#pool?.warm();
  }

  get runtime(): NodeRuntime {
    if (this.#runtime) return this.#runtime;
    const choices = this.#options.runtimes ?? DEFAULT_RUNTIME_CHOICES;
    let first: unknown;
    for (const choice of choices) {
      try {
        return (this.#runtime = choice.resolve());
      } catch (error) {
        first ??= error;
      }
    }
    throw first instanceof Error ? first : new WorkbenchError('unavailable', 'no host runtime');
  }

  /** The host runtimes of this app, which one new runs use, and why the others cannot be used. */
  runtimeChoices(): RuntimeChoiceInfo[] {
    let current: NodeRuntime | undefined;
    try {
      current = this.runtime;
    } catch {
      current = undefined;
    }
    return (this.#options.runtimes ?? DEFAULT_RUNTIME_CHOICES).map((choice) => {
      try {
        const r = choice.resolve();
        return {
          kind: choice.kind,
          label: choice.label,
          available: true,
          selected: current?.kind === choice.kind,
          version: r.version,
          path: r.path,
        };
      } catch (error) {
        return {
          kind: choice.kind,
          label: choice.label,
          available: false,
          selected: false,
          reason: (error as Error).message,
        };
      }
    });
  }

  /** Choose how the next runs' hosts are started; runs already going keep theirs. */
  selectRuntime(kind: string): NodeRuntime {
    const choice = (this.#options.runtimes ?? DEFAULT_RUNTIME_CHOICES).find((c) => c.kind === kind);
    if (!choice) throw new WorkbenchError('bad-argument', `unknown host runtime: ${kind}`);
    this.#runtime = choice.resolve();
    // Idle hosts of the previous runtime go; the pool refills with the new one.
    if (this.#pool) {
      const size = this.#pool.size;
      this.#pool.resize(0);
      this.#pool.resize(size);
    }
    return this.#runtime;
  }

  /**
   * Resolve and install a Node release (`22`, `22.12.0`) for runs that ask for it (`node` in the request);
   * may download (electron/engine/node-versions). Throws a {@link WorkbenchError} saying why it cannot.
   */
  prepareNode(spec: string, onProgress?: (event: InstallProgress) => void): Promise<NodeRuntime> {
    return this.#nodes.prepare(spec, () => this.#defaultRuntime(), onProgress);
  }

  #defaultRuntime(): NodeRuntime | undefined {
    try {
      return this.runtime;
    } catch {
      return undefined;
    }
  }

  /** The runtime of a run asking for `node` (prepared before), or the default one. */
  #runtimeFor(node: string | undefined): NodeRuntime {
    return node === undefined ? this.runtime : this.#nodes.get(node, () => this.#defaultRuntime());
  }

  /** The drivers on the default runtime, or on a prepared Node release (`node`). */
  listDrivers(node?: string): DriverListing[] {
    try {
      return listDrivers(this.#runtimeFor(node));
    } catch (error) {
      return listDrivers((error as Error).message);
    }
  }

  #driverListing(boundary: Boundary, evaluator: Evaluator, node?: string): DriverListing {
    try {
      return driverListing(this.#runtimeFor(node), boundary, evaluator);
    } catch (error) {
      return driverListing((error as Error).message, boundary, evaluator);
    }
  }

  /** Start a run. Throws a {@link WorkbenchError} for a bad request or an unavailable driver. */
  startRun(raw: unknown, listener?: RunListener): Run {
    if (this.#disposed) throw new WorkbenchError('unavailable', 'the supervisor is shutting down');
    const request = normalizeRunRequest(raw);
    const id = `${request.driver.boundary}${request.driver.evaluator === 'plain' ? '' : `+${request.driver.evaluator}`}`;
    const listing = this.#driverListing(request.driver.boundary, request.driver.evaluator, request.node);
    if (!listing.available) {
      const reason = listing?.reason ?? `driver ${id} is not available`;
      throw new WorkbenchError(
        'unavailable',
        request.node === undefined ? reason : `${id} on Node ${request.node}: ${reason}`,
      );
    }
    const run = new Run(request, {
      runtime: this.#runtimeFor(request.node),
      ...(listener ? { listener } : {}),
      ...(this.#options.hostEntry ? { hostEntry: this.#options.hostEntry } : {}),
      ...(this.#options.containment ? { containment: this.#options.containment } : {}),
      ...(this.#pool ? { pool: this.#pool } : {}),
      registry: this.#registry,
    });
    this.#runs.set(run.id, run);
    // A run's result never rejects by design; if it ever did, the supervisor must not die of it.
    void run.result.catch(() => undefined).finally(() => this.#runs.delete(run.id));
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

  /** The phase of each live run (run.ts `RunPhase`): how many have a guest running, how many are still starting. */
  get runPhases(): RunPhase[] {
    return [...this.#runs.values()].map((run) => run.phase);
  }

  async dispose(): Promise<RunResult[]> {
    this.#disposed = true;
    const runs = [...this.#runs.values()];
    for (const run of runs) run.stop();
    const results = await Promise.all(runs.map((r) => r.result));
    await this.#pool?.dispose();
    return results;
  }
}
