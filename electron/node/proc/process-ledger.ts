/**
 * Who started which process in a contained host, decided from the trace alone (exec-trace.ts) — never from what
 * the host or guest declares. The shape of a contained host is fixed by the supervisor:
 *
 *   wrapper (unshare, outside the run's PID namespace)
 *   └─ init (/bin/sh as PID 1 of the namespace)
 *      └─ host (Node)
 *         └─ the driver's child, for `process` and `os-sandbox` only: the host's first process after `start`
 *            (os-sandbox: bubblewrap, whose own forks are the sandbox's, until its one exec — the guest's Node)
 *
 * Everything else that is a process (not a thread) is foreign: started by the guest, however briefly it lived.
 * A guest running inside the host (`host`, `worker`) makes the host start it; a guest in a child makes the
 * child start it. The host's first child after `start` is the driver's because no guest code has run in the
 * host under those boundaries. Threads are followed only to know which process they belong to.
 */
import type { TraceEvent } from './exec-trace.ts';

export type LedgerBoundary = 'host' | 'worker' | 'process' | 'os-sandbox';

export interface LedgerProcess {
  readonly pid: number;
  /** The process that created it (its creator, not its parent after reparenting). */
  readonly parent: number;
  /** argv of its last exec, if it exec'd. */
  readonly argv?: readonly string[];
}

export type LedgerRole = 'wrapper' | 'init' | 'host' | 'sandbox' | 'guest-child' | 'foreign';

/** Tasks remembered per host at most: past this, new ones are counted but not kept (a fork bomb). */
export const MAX_LEDGER_TASKS = 20_000;
/** Foreign processes kept with their command line; past this they are only counted. */
export const MAX_FOREIGN_KEPT = 100;
/** Distinct TCP ports remembered as connected to, per run (enough to find a CANARY_PORT among them). */
export const MAX_PORTS_KEPT = 4096;

interface Entry {
  readonly pid: number;
  readonly parent: number;
  role: LedgerRole;
  argv?: readonly string[];
  /** How many times this task has exec'd: a sandbox task's first exec is bubblewrap's own; a later one is foreign. */
  execs: number;
}

export class ProcessLedger {
  readonly #tasks = new Map<number, number>(); // tid → pid of its process
  readonly #procs = new Map<number, Entry>();
  readonly #foreign: number[] = [];
  /** Per port, when the first and the last attempt on it were read from the trace (the clock's ms). */
  readonly #ports = new Map<number, { first: number; last: number }>();
  /** When an event is taken in: attempts are timed as they are read (a little after they happened). */
  readonly #clock: () => number;
  /**
   * Execs of tasks whose creation is not in the record yet: strace can print a child's exec before its parent's
   * clone returns (vfork, or two CPUs). Applied when the spawn arrives.
   */
  readonly #early = new Map<number, readonly string[]>();
  /** Spawns by a task whose own creation is not in the record yet (same reordering), by that task's id. */
  readonly #orphanSpawns = new Map<number, TraceEvent[]>();
  #foreignCount = 0;
  #dropped = 0;
  #rootPid: number | undefined;
  #initPid: number | undefined;
  #hostPid: number | undefined;
  /** Callers waiting for the host to appear in the trace (hostKnown). */
  #hostWaiters: Array<(pid: number) => void> = [];
  #boundary: LedgerBoundary = 'host';
  /** A run is in progress: the host's next process is the driver's (process, os-sandbox). */
  #armed = false;
  #driverRoot: number | undefined;
  #guestChild: number | undefined;

  /** `clock`: ms on the supervisor's clock (performance.now), the one other runs' canary ports are timed on. */
  constructor(clock: () => number = () => performance.now()) {
    this.#clock = clock;
  }

  /**
   * A new run in this host: the driver's child will be the host's next process. For a reused (pooled) host the
   * previous run's processes must all be gone before this is called.
   */
  beginRun(boundary: LedgerBoundary): void {
    this.#boundary = boundary;
    this.#armed = boundary === 'process' || boundary === 'os-sandbox';
    this.#driverRoot = undefined;
    this.#guestChild = undefined;
    this.#foreign.length = 0;
    this.#foreignCount = 0;
    this.#ports.clear();
  }

  /**
   * Whether a process of the run tried to connect to TCP `port` during the current run — between `from` and `to`
   * (the clock's ms) when given: a port number is another run's only while that run holds it. An attempt is
   * timed when its line is read, never before it happened, so one made inside the window is never missed; one
   * made just before it may be read inside it.
   */
  connectedTo(port: number, from = -Infinity, to = Infinity): boolean {
    const seen = this.#ports.get(port);
    return seen !== undefined && seen.last >= from && seen.first <= to;
  }

  /** The TCP ports the run's processes tried to connect to (bounded). */
  get ports(): ReadonlySet<number> {
    return new Set(this.#ports.keys());
  }

  get hostPid(): number | undefined {
    return this.#hostPid;
  }

  /**
   * The host's pid, once the trace has shown it. The host can authenticate on its socket before strace's line
   * about it has been read from the pipe (a loaded machine delays the trace), so a run waits for this rather
   * than take "not known yet" for an answer.
   */
  hostKnown(): Promise<number> {
    if (this.#hostPid !== undefined) return Promise.resolve(this.#hostPid);
    return new Promise((resolve) => this.#hostWaiters.push(resolve));
  }

  /** PID 1 of the run's namespace: processes that daemonise are reparented to it, never out of the run. */
  get initPid(): number | undefined {
    return this.#initPid;
  }

  /** The driver's guest process (the Node child of `process`/`os-sandbox`), once it has exec'd. */
  get guestChildPid(): number | undefined {
    return this.#guestChild;
  }

  /** Foreign processes started during the current run, most recent command line each (bounded). */
  foreign(): LedgerProcess[] {
    return this.#foreign.map((pid) => {
      const e = this.#procs.get(pid)!;
      return { pid, parent: e.parent, ...(e.argv ? { argv: e.argv } : {}) };
    });
  }

  /** All foreign processes of the current run, including those not kept. */
  get foreignCount(): number {
    return this.#foreignCount;
  }

  /** Tasks that could not be remembered (past {@link MAX_LEDGER_TASKS}). */
  get dropped(): number {
    return this.#dropped;
  }

  roleOf(pid: number): LedgerRole | undefined {
    return this.#procs.get(this.#tasks.get(pid) ?? pid)?.role;
  }

  /** Apply an event. Returns the process if it was just found to be foreign. */
  apply(event: TraceEvent): LedgerProcess | undefined {
    if (event.kind === 'exec') return this.#exec(event.pid, event.argv);
    if (event.kind === 'connect') {
      const now = this.#clock();
      const seen = this.#ports.get(event.port);
      if (seen) seen.last = now;
      else if (this.#ports.size < MAX_PORTS_KEPT) this.#ports.set(event.port, { first: now, last: now });
      return undefined;
    }
    if (!this.#tasks.has(event.parent) && !this.#procs.has(event.parent) && this.#rootPid !== undefined) {
      const waiting = this.#orphanSpawns.get(event.parent) ?? [];
      if (this.#orphanSpawns.size < MAX_FOREIGN_KEPT && waiting.length < MAX_FOREIGN_KEPT) {
        waiting.push(event);
        this.#orphanSpawns.set(event.parent, waiting);
        return undefined;
      }
    }
    const found = this.#spawn(event);
    // Spawns that were waiting for this task to be known.
    const waiting = this.#orphanSpawns.get(event.child);
    if (waiting) {
      this.#orphanSpawns.delete(event.child);
      for (const e of waiting) this.apply(e);
    }
    return found;
  }

  #spawn(event: Extract<TraceEvent, { kind: 'spawn' }>): LedgerProcess | undefined {
    const parentProc = this.#tasks.get(event.parent) ?? event.parent;
    if (this.#tasks.size >= MAX_LEDGER_TASKS) {
      this.#dropped++;
      // Still count what a known guest-side process starts, so a fork bomb shows as one.
      const parent = this.#procs.get(parentProc);
      if (!event.thread && parent && this.#startsForeign(parent)) this.#foreignCount++;
      return undefined;
    }
    if (event.thread) {
      this.#tasks.set(event.child, parentProc);
      return undefined;
    }
    this.#tasks.set(event.child, event.child);
    const parent = this.#procs.get(parentProc);
    const role = this.#roleOfNew(parent);
    const entry: Entry = { pid: event.child, parent: parentProc, role, execs: 0 };
    this.#procs.set(event.child, entry);
    if (role === 'init') this.#initPid = entry.pid;
    else if (role === 'host') {
      this.#hostPid = entry.pid;
      for (const resolve of this.#hostWaiters.splice(0)) resolve(entry.pid);
    } else if (parent?.role === 'host' && role !== 'foreign') {
      this.#driverRoot = entry.pid;
      if (role === 'guest-child') this.#guestChild = entry.pid;
    }
    const early = this.#early.get(event.child);
    if (early) {
      this.#early.delete(event.child);
      const late = this.#exec(event.child, early);
      if (role !== 'foreign') return late;
    }
    if (role !== 'foreign') return undefined;
    this.#foreignCount++;
    if (this.#foreign.length < MAX_FOREIGN_KEPT) this.#foreign.push(event.child);
    return { pid: entry.pid, parent: entry.parent };
  }

  #exec(pid: number, argv: readonly string[]): LedgerProcess | undefined {
    const proc = this.#tasks.get(pid) ?? pid;
    let entry = this.#procs.get(proc);
    if (!entry) {
      // The first process the tracer started: the wrapper.
      if (this.#rootPid !== undefined) {
        if (this.#early.size < MAX_FOREIGN_KEPT) this.#early.set(pid, argv);
        return undefined;
      }
      this.#rootPid = pid;
      this.#tasks.set(pid, pid);
      entry = { pid, parent: 0, role: 'wrapper', execs: 0 };
      this.#procs.set(pid, entry);
    }
    entry.argv = argv;
    entry.execs++;
    if (entry.role === 'sandbox' && entry.pid !== this.#driverRoot) {
      // Inside the sandbox, bubblewrap's one exec is the guest's Node; any other is foreign.
      if (this.#guestChild === undefined) {
        entry.role = 'guest-child';
        this.#guestChild = entry.pid;
      } else return this.#markForeign(entry);
    } else if (entry.role === 'sandbox' && entry.execs > 1) return this.#markForeign(entry);
    return undefined;
  }

  #markForeign(entry: Entry): LedgerProcess {
    entry.role = 'foreign';
    this.#foreignCount++;
    if (this.#foreign.length < MAX_FOREIGN_KEPT) this.#foreign.push(entry.pid);
    return { pid: entry.pid, parent: entry.parent, ...(entry.argv ? { argv: entry.argv } : {}) };
  }

  #roleOfNew(parent: Entry | undefined): LedgerRole {
    if (!parent) return 'foreign';
    switch (parent.role) {
      case 'wrapper':
        return this.#initPid === undefined ? 'init' : 'foreign';
      case 'init':
        return this.#hostPid === undefined ? 'host' : 'foreign';
      case 'host':
        if (!this.#armed) return 'foreign';
        this.#armed = false;
        return this.#boundary === 'process' ? 'guest-child' : 'sandbox';
      case 'sandbox':
        // bubblewrap's own forks (its PID 1 and the command's process) until the guest's Node is exec'd.
        return this.#guestChild === undefined ? 'sandbox' : 'foreign';
      case 'guest-child':
      case 'foreign':
        return 'foreign';
    }
  }

  #startsForeign(parent: Entry): boolean {
    return parent.role === 'foreign' || parent.role === 'guest-child' || parent.role === 'host';
  }
}
