/**
 * The process tree of one host, watched from outside. Processes the driver declares (the host, a `process`
 * guest's child) are expected; anything else that appears under the host was started by the guest and is
 * a child-process breach. At the end every process of the run is killed, including ones that daemonised
 * but still carry the run's canary environment.
 */
import { descendants, describeProcess, processesWithEnvMarker } from './process-tree.ts';
import type { WorkerInfo } from '../common/result.ts';

export interface ForeignProcess {
  readonly pid: number;
  readonly command: string;
}

export class ProcessWatch {
  readonly #hostPid: number;
  readonly #declared = new Set<number>();
  /** pid → how many collections saw it undeclared, and its command. */
  readonly #undeclared = new Map<number, { seen: number; command: string }>();
  readonly #all = new Set<number>();

  constructor(hostPid: number) {
    this.#hostPid = hostPid;
  }

  declare(info: WorkerInfo): void {
    if (info.kind !== 'child') return;
    if (info.pid !== undefined) this.#declared.add(info.pid);
    for (const pid of info.helperPids ?? []) this.#declared.add(pid);
  }

  get declaredPids(): ReadonlySet<number> {
    return this.#declared;
  }

  /**
   * Look at the tree now. Returns processes that have been undeclared for two looks in a row (a driver's
   * own child may be seen an instant before the host declares it).
   */
  collect(): ForeignProcess[] {
    if (this.#hostPid <= 0) return [];
    const fresh: ForeignProcess[] = [];
    for (const pid of descendants(this.#hostPid)) {
      this.#all.add(pid);
      if (this.#declared.has(pid)) continue;
      const entry = this.#undeclared.get(pid) ?? { seen: 0, command: describeProcess(pid) };
      entry.seen++;
      this.#undeclared.set(pid, entry);
      if (entry.seen === 2) fresh.push({ pid, command: entry.command });
    }
    return fresh;
  }

  /** SIGKILL every process seen in the tree (the host's group is killed separately). */
  killAll(): void {
    for (const pid of this.#all) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }

  /**
   * Final look: also find processes that left the tree but carry `envMarker` in their environment, kill
   * them all, and return every process the driver did not start.
   */
  sweep(envMarker: string | undefined): ForeignProcess[] {
    if (envMarker !== undefined) {
      const exclude = new Set<number>([process.pid, this.#hostPid, ...this.#declared]);
      for (const pid of processesWithEnvMarker(`WORKBENCH_CANARY=${envMarker}`, exclude)) {
        this.#all.add(pid);
        if (!this.#undeclared.has(pid)) this.#undeclared.set(pid, { seen: 2, command: describeProcess(pid) });
      }
    }
    this.killAll();
    return [...this.#undeclared]
      .filter(([pid]) => !this.#declared.has(pid))
      .map(([pid, e]) => ({ pid, command: e.command }));
  }
}
