/**
 * The matrix as the UI knows it, fed by `matrixProgress` / `matrixEnd`: the grid's probes and drivers, and
 * each cell as it arrives. Events are kept per matrix id from the first one on (they could beat the
 * startMatrix reply). A small external store for useSyncExternalStore, like the run store.
 */
import type { EventPayloads, MethodResults } from '../../../../electron/common/api/types.ts';
import type { MatrixCell, PolicyPreset } from '../../../../electron/common/matrix/report.ts';
import { ExternalStore } from '../../lib/external-store.ts';

export type MatrixPhase = 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export interface MatrixState {
  readonly id: string;
  readonly probes: readonly string[];
  readonly drivers: readonly string[];
  readonly policy: PolicyPreset;
  /** Runs per cell. */
  readonly repeat: number;
  /** Node releases, one column group each (columns `driver@release`); absent: the default Node only. */
  readonly nodes?: readonly string[];
  readonly total: number;
  readonly done: number;
  readonly escapes: number;
  readonly etaMs?: number;
  readonly elapsedMs: number;
  /** Keyed by {@link cellKey}. */
  readonly cells: ReadonlyMap<string, MatrixCell>;
  readonly phase: MatrixPhase;
  readonly error?: string;
}

export const cellKey = (probe: string, driver: string): string => `${probe}\u0000${driver}`;

/** Matrices kept (the current one and a few events of older ones that may still trickle in). */
const KEPT = 4;

export class MatrixStore extends ExternalStore {
  #byId = new Map<string, MatrixState>();
  #currentId: string | undefined;

  get current(): MatrixState | undefined {
    return this.#currentId === undefined ? undefined : this.#byId.get(this.#currentId);
  }

  #update(id: string, change: (m: MatrixState) => MatrixState): void {
    const m = this.#byId.get(id) ?? {
      id,
      probes: [],
      drivers: [],
      policy: 'default' as const,
      repeat: 1,
      total: 0,
      done: 0,
      escapes: 0,
      elapsedMs: 0,
      cells: new Map(),
      phase: 'running' as const,
    };
    this.#byId.delete(id);
    this.#byId.set(id, change(m));
    while (this.#byId.size > KEPT) this.#byId.delete(this.#byId.keys().next().value!);
    this.changed();
  }

  started(s: MethodResults['startMatrix']): void {
    this.#currentId = s.id;
    this.#update(s.id, (m) => ({
      ...m,
      probes: s.probes,
      drivers: s.drivers,
      policy: s.policy,
      repeat: s.repeat,
      ...(s.nodes ? { nodes: s.nodes } : {}),
      total: s.total,
    }));
  }

  progress(e: EventPayloads['matrixProgress']): void {
    this.#update(e.matrixId, (m) => ({
      ...m,
      done: Math.max(m.done, e.done),
      total: e.total,
      escapes: e.escapes,
      elapsedMs: e.elapsedMs,
      ...(e.etaMs !== undefined ? { etaMs: e.etaMs } : {}),
      cells: new Map(m.cells).set(cellKey(e.cell.probe, e.cell.driver), e.cell),
    }));
  }

  cancelling(id: string): void {
    this.#update(id, (m) => (m.phase === 'running' ? { ...m, phase: 'cancelling' } : m));
  }

  ended(e: EventPayloads['matrixEnd']): void {
    this.#update(e.matrixId, (m) => ({
      ...m,
      done: e.done,
      total: e.total,
      elapsedMs: e.durationMs,
      phase: e.error ? 'failed' : e.cancelled ? 'cancelled' : 'done',
      ...(e.error ? { error: e.error.message } : {}),
    }));
  }
}
