/**
 * The processes of one run, watched from outside. Three depths, by what the machine allows (containment.ts):
 *
 * - traced (Linux with unshare + strace): the ledger built from strace's record says which process is the
 *   driver's and which the guest started, from the process tree's shape alone; nothing declared is believed,
 *   and a process that lived a microsecond is still seen with its command line.
 * - contained, untraced: the run's PID namespace is sampled from its init, so a daemon that left the host's
 *   tree is still found; short-lived processes between two samples are missed, and the driver's own child is
 *   known only from the host's declaration.
 * - neither (macOS, Windows, no user namespaces): the host's tree is sampled and, at the end, processes that
 *   daemonised are searched for by the env canary (Linux only).
 */
import { descendants, describeProcess, processIdentity, processesWithEnvMarker } from './process-tree.ts';
import type { WorkerInfo } from '../common/run/result.ts';
import type { HostHandle } from './host-process.ts';
import type { LedgerBoundary } from '../node/proc/process-ledger.ts';

export interface ForeignProcess {
  readonly pid: number;
  readonly command: string;
}

/** What the final look found: the processes kept as evidence, and how many there were in all. */
export interface ForeignSweep {
  readonly processes: readonly ForeignProcess[];
  readonly total: number;
}

/** Characters of a command line kept as evidence. */
const MAX_COMMAND_CHARS = 300;

export class ProcessWatch {
  readonly #handle: HostHandle;
  readonly #hostPid: number;
  readonly #declared = new Set<number>();
  /** pid → how many collections saw it undeclared, and its command (sampling modes). */
  readonly #undeclared = new Map<number, { seen: number; command: string }>();
  /**
   * Every process seen in the sampling modes, by pid, with its identity when first seen: at the end only a pid
   * that still names the same process is killed. Pids wrap (32768 by default on Linux) and a busy machine reuses
   * one within seconds; a process that ended mid-run must not take a stranger down with it.
   */
  readonly #all = new Map<number, string | undefined>();
  /** Traced mode: how many of the ledger's foreign processes were reported live already. */
  #reported = 0;

  readonly #identity: (pid: number) => string | undefined;

  /** `identity`: how a process is told from a later one with the same pid (tests replace it to reuse a pid). */
  constructor(handle: HostHandle, boundary: LedgerBoundary, identity = processIdentity) {
    this.#handle = handle;
    this.#identity = identity;
    this.#hostPid = handle.hostPid() ?? -1;
    handle.ledger?.beginRun(boundary);
  }

  /** How processes are observed in this run, for the result's notes. */
  get mode(): 'traced' | 'contained' | 'sampled' {
    if (this.#handle.ledger) return 'traced';
    return this.#handle.initPid?.() !== undefined ? 'contained' : 'sampled';
  }

  /**
   * A child the host says its driver started. Traced runs ignore it (the ledger knows); sampling modes have no
   * other way to tell the driver's child from the guest's.
   */
  declare(info: WorkerInfo): void {
    if (this.#handle.ledger || info.kind !== 'child') return;
    if (info.pid !== undefined) this.#declared.add(info.pid);
    for (const pid of info.helperPids ?? []) this.#declared.add(pid);
  }

  /**
   * Look now. Returns processes newly found foreign: traced, every one the ledger recorded since the last look;
   * sampled, those undeclared for two looks in a row (a driver's own child may be seen an instant before the host
   * declares it).
   */
  collect(): ForeignProcess[] {
    const ledger = this.#handle.ledger;
    if (ledger) {
      const all = ledger.foreign();
      const fresh = all.slice(this.#reported).map(describe);
      this.#reported = all.length;
      return fresh;
    }
    const root = this.#handle.initPid?.() ?? this.#hostPid;
    if (root <= 0) return [];
    const fresh: ForeignProcess[] = [];
    for (const pid of descendants(root)) {
      if (!this.#all.has(pid)) this.#all.set(pid, this.#identity(pid));
      if (pid === this.#hostPid || this.#declared.has(pid)) continue;
      const entry = this.#undeclared.get(pid) ?? { seen: 0, command: describeProcess(pid) };
      entry.seen++;
      this.#undeclared.set(pid, entry);
      if (entry.seen === 2) fresh.push({ pid, command: entry.command });
    }
    return fresh;
  }

  /** SIGKILL every process seen that is still the same process (a contained host's namespace dies with its init anyway). */
  killAll(): void {
    for (const [pid, identity] of this.#all) {
      if (identity === undefined || this.#identity(pid) !== identity) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }

  /**
   * Final look, once the host is gone (so a traced record is complete): every process the driver did not start.
   * Uncontained, also processes that left the tree but carry `envMarker` in their environment, killed here.
   */
  sweep(envMarker: string | undefined): ForeignSweep {
    const ledger = this.#handle.ledger;
    if (ledger) {
      // The ledger keeps the first ones with their command lines and counts the rest.
      const processes = ledger.foreign().map(describe);
      return { processes, total: Math.max(ledger.foreignCount, processes.length) };
    }
    if (envMarker !== undefined && this.#handle.initPid?.() === undefined) {
      const exclude = new Set<number>([process.pid, this.#hostPid, ...this.#declared]);
      for (const pid of processesWithEnvMarker(`WORKBENCH_CANARY=${envMarker}`, exclude)) {
        this.#all.set(pid, this.#identity(pid));
        if (!this.#undeclared.has(pid)) this.#undeclared.set(pid, { seen: 2, command: describeProcess(pid) });
      }
    }
    this.killAll();
    const processes = [...this.#undeclared]
      .filter(([pid]) => !this.#declared.has(pid))
      .map(([pid, e]) => ({ pid, command: e.command }));
    return { processes, total: processes.length };
  }
}

function describe(p: { pid: number; argv?: readonly string[] }): ForeignProcess {
  const command = p.argv ? p.argv.join(' ') : 'a fork that did not exec';
  return { pid: p.pid, command: command.slice(0, MAX_COMMAND_CHARS) };
}
