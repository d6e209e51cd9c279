/**
 * The runs live in one supervisor, so that what one run does to another is charged to the one that did it
 * (DESIGN.md §8): a token of run A seen in run B's traffic is B's breach (B reached outside its own run) and a
 * note on A; a connection to A's CANARY_PORT made by one of B's processes is B's breach, not A's.
 */
import type { CanaryScanner } from '../common/verdict/canary-scan.ts';
import { descendants } from './process-tree.ts';
import type { CanaryConnection } from './canaries.ts';

export interface RegisteredRun {
  readonly id: string;
  readonly scanner: CanaryScanner;
  /** The run's CANARY_PORT (0 before it listens). */
  readonly port: number;
  /** From when (performance.now) to when the run held `port`; `portUntil` is set once the run has ended. */
  readonly portSince: number;
  readonly portUntil?: number;
  /**
   * Whether, by the trace, a process of the run tried to connect to TCP `port` (false when untraced) — between
   * `from` and `to` (performance.now) when given.
   */
  connectedTo(port: number, from?: number, to?: number): boolean;
  /** Every live process of the run (its host wrapper and everything under it), for attribution. */
  processes(): number[];
  /** Something another run did to this one: a note in its result, never a breach of its own. */
  touchedBy(note: string): void;
  /** One of this run's processes connected to another run's CANARY_PORT (`whose`): this run's network breach. */
  chargeConnection(c: CanaryConnection, whose: string): void;
}

/** Ended runs whose tokens are still looked for in other runs' traffic (a thief may print them later). */
export const RECENT_RUNS_KEPT = 32;

export class RunRegistry {
  readonly #runs = new Set<RegisteredRun>();
  readonly #recent: RegisteredRun[] = [];

  /** Register a live run; the returned function ends it (its tokens are kept among the recent ones). */
  add(run: RegisteredRun): () => void {
    this.#runs.add(run);
    return () => {
      if (!this.#runs.delete(run)) return;
      this.#recent.push({
        ...run,
        scanner: run.scanner,
        port: run.port,
        portSince: run.portSince,
        portUntil: performance.now(),
        processes: () => [],
      });
      if (this.#recent.length > RECENT_RUNS_KEPT) this.#recent.shift();
    };
  }

  /** Every other run, live or recently ended, whose tokens `run` must not carry. */
  others(run: RegisteredRun): RegisteredRun[] {
    return [...this.#runs, ...this.#recent].filter((r) => r !== run && r.id !== run.id);
  }

  /** The run one of whose processes is `pid`, if any. */
  ownerOf(pid: number): RegisteredRun | undefined {
    for (const r of this.#runs) if (r.processes().includes(pid)) return r;
    return undefined;
  }

  all(): RegisteredRun[] {
    return [...this.#runs];
  }
}

/** The live processes under a host's wrapper process, the wrapper included. */
export function processesUnder(rootPid: number | undefined): number[] {
  return rootPid === undefined || rootPid <= 0 ? [] : [rootPid, ...descendants(rootPid)];
}
