/**
 * Metrics of one run (DESIGN.md §7): every tick, one sample per worker, combining what the supervisor reads
 * from outside (CPU and RSS of the host and child processes via /proc) with what the host reads through the
 * Worker API (threads) or a child's reporter (heap). A guest spinning in `while (true)` is still measured:
 * none of the outside readings need its cooperation.
 */
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { cpuPercentBetween, type CpuReading } from '../common/run/cpu-percent.ts';
import type { HostSample } from '../common/protocol/worker-protocol.ts';
import type { IpcCounters, Sample, WorkerInfo } from '../common/run/result.ts';
import { descendantsCpuMs, readProcess, type ProcessReading } from './process-tree.ts';
import type { ProcessWatch } from './process-watch.ts';

/** What one process can use at most: every core of the machine. */
const CORES = availableParallelism();

/**
 * How often the host's tree is walked for its CPU (from the namespace's init, every thread's children list):
 * at every 20 Hz tick it cost the supervisor 4 % of a core more with 16 workers. Between walks the last sum
 * stands; the guest's start and the final reading always walk, and the host is still there at the final
 * reading, so the run's figure is exact at both ends. A child's tree is walked at every reading while it is
 * cheap: a child can end before the final one, and its last reading is what it leaves.
 */
const HOST_TREE_WALK_MS = 250;
/**
 * Any tree is walked again only after this many times its last walk took: a guest that starts a thousand
 * processes (a 47 ms walk) must not take the supervisor's event loop at every tick — at most a tenth of it.
 */
const TREE_WALK_COST_FACTOR = 10;

/** Samples kept per run (ring buffer); at 10 Hz and three workers, a bit over 16 minutes. */
export const MAX_SAMPLES_PER_RUN = 30_000;

export interface MetricsOptions {
  readonly hostPid: number;
  /**
   * PID 1 of the run's namespace, when contained: processes that daemonised are reparented to it, out of the
   * host's tree but still the run's.
   */
  readonly initPid?: () => number | undefined;
  readonly sampleHz: number;
  readonly workers: () => readonly WorkerInfo[];
  readonly hostIpc: () => IpcCounters | undefined;
  readonly watch: ProcessWatch;
  readonly onSamples: (samples: readonly Sample[]) => void;
  readonly onForeignProcess: (pid: number, command: string) => void;
  /**
   * A tick failed (a bug, or a listener that threw). Sampling stops; the run decides what that means. A
   * timer callback that threw would otherwise take the whole supervisor process down.
   */
  readonly onError?: (error: unknown) => void;
}

/** A fixed-size ring: the most recent `capacity` items, oldest first when read. */
export class Ring<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  #next = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  add(item: T): void {
    if (this.#items.length < this.#capacity) this.#items.push(item);
    else this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.#capacity;
  }

  get size(): number {
    return this.#items.length;
  }

  toArray(): T[] {
    if (this.#items.length < this.#capacity) return this.#items.slice();
    return this.#items.slice(this.#next).concat(this.#items.slice(0, this.#next));
  }
}

interface CpuMark {
  readonly atMs: number;
  /** The process's own CPU time. */
  readonly cpuMs: number;
  /** Own CPU time plus that of the children it reaped. */
  readonly totalMs: number;
}

/** Where a process's CPU is counted from: its readings at the guest's start (or 0 for one started later). */
interface CpuBase {
  readonly totalMs: number;
  /** The host's only: its live descendants' part, its children's subtrees left out. */
  readonly treeMs?: number;
  /** The process's own part of `totalMs`. */
  readonly ownMs: number;
  /** The part of `totalMs` that is CPU of children it had reaped by then. */
  readonly reapedMs: number;
}

export class MetricsCollector {
  readonly #o: MetricsOptions;
  readonly #fromHost = new Map<string, HostSample>();
  readonly #cpu = new Map<number, CpuMark>();
  readonly #firstCpu = new Map<number, CpuBase>();
  /** The host's reaped-children CPU at its last reading. */
  #hostReapedMs = 0;
  /** The CPU of the host's live descendants outside its children's subtrees, at its last reading. */
  #hostTreeMs = 0;
  /** Per process, its tree's CPU at its last walk, and what the walk cost. */
  readonly #treeWalks = new Map<number, { atMs: number; cpuMs: number; costMs: number }>();
  /** The reading in progress must walk the host's tree (the guest's start, the final reading). */
  #walkAll = false;
  /** Per pid, the reading the next CPU % is measured from. */
  readonly #cpuPercentMark = new Map<number, CpuReading>();
  readonly #samples = new Ring<Sample>(MAX_SAMPLES_PER_RUN);
  readonly #t0 = performance.now();
  #timer: NodeJS.Timeout | undefined;
  readonly #peakRss = { host: 0, child: 0 };

  constructor(options: MetricsOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#guardedTick();
    this.#timer = setInterval(() => this.#guardedTick(), Math.round(1000 / this.#o.sampleHz));
  }

  /** Stop sampling, after one last reading while the processes are still there. */
  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#walkAll = true;
    this.#guardedTick();
    this.#walkAll = false;
  }

  /**
   * The host's own readings. Kept only for workers the run knows (at most MAX_WORKERS_PER_RUN, bounded by
   * the run): a sample naming any other worker is dropped, so made-up names cannot grow this map.
   */
  fromHost(samples: readonly HostSample[]): void {
    if (samples.length === 0) return;
    const known = new Set(this.#o.workers().map((w) => w.id));
    for (const s of samples) if (known.has(s.worker)) this.#fromHost.set(s.worker, s);
  }

  #guardedTick(): void {
    try {
      this.#tick();
    } catch (error) {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = undefined;
      this.#o.onError?.(error);
    }
  }

  #tick(): void {
    const atMs = Math.round((performance.now() - this.#t0) * 10) / 10;
    const out: Sample[] = [];
    for (const w of this.#o.workers()) {
      if (w.state !== 'running') continue;
      const reported = this.#fromHost.get(w.id);
      // A child is new to this run: all of its CPU counts. The host's start-up before the guest does not.
      const outside =
        w.kind === 'thread'
          ? undefined
          : this.#readOutside(w.kind === 'host' ? this.#o.hostPid : w.pid, w.kind === 'child');
      const ipc = w.kind === 'host' ? this.#o.hostIpc() : reported?.ipc;
      out.push({
        ...(reported ?? {}),
        worker: w.id,
        atMs,
        ...(outside ?? {}),
        ...(ipc ? { ipc: { ...ipc } } : {}),
      });
      // Running maxima that outlive the ring of samples; which one is the guest's is the boundary's call
      // (memory-peak.ts): the host's whole RSS is the guest's under `host`, never under `process`.
      if (w.kind === 'host' && outside?.rssBytes !== undefined)
        this.#peakRss.host = Math.max(this.#peakRss.host, outside.rssBytes);
      if (w.kind === 'child' && outside?.rssBytes !== undefined)
        this.#peakRss.child = Math.max(this.#peakRss.child, outside.rssBytes);
    }
    for (const p of this.#o.watch.collect()) this.#o.onForeignProcess(p.pid, p.command);
    if (out.length === 0) return;
    for (const sample of out) this.#samples.add(sample);
    this.#o.onSamples(out);
  }

  #readOutside(
    pid: number | undefined,
    countFromZero: boolean,
  ): { cpuPercent?: number; rssBytes?: number } | undefined {
    if (pid === undefined || pid <= 0) return undefined;
    const r = readProcess(pid);
    if (!r) return undefined;
    const now = performance.now();
    const total = this.#markCpu(pid, r, now);
    if (!this.#firstCpu.has(pid))
      this.#firstCpu.set(
        pid,
        countFromZero
          ? { totalMs: 0, ownMs: 0, reapedMs: 0 }
          : { totalMs: total, ownMs: r.cpuMs, reapedMs: r.reapedChildCpuMs, treeMs: this.#hostTreeMs },
      );
    // % of one core, capped by the cores; a reading too close to the last mark keeps the mark (cpu-percent.ts).
    const reading = { atMs: now, cpuMs: r.cpuMs };
    const mark = this.#cpuPercentMark.get(pid);
    const cpuPercent = mark ? cpuPercentBetween(mark, reading, CORES) : undefined;
    if (!mark || cpuPercent !== undefined) this.#cpuPercentMark.set(pid, reading);
    return {
      ...(cpuPercent !== undefined ? { cpuPercent } : {}),
      ...(r.rssBytes !== undefined ? { rssBytes: r.rssBytes } : {}),
    };
  }

  /**
   * The guest starts now (the host's `running`): the run's CPU counts from here, as its `durationMs` does.
   * What came before — the host starting the thread or the child Node, its integrity snapshot — is the
   * boundary's set-up; counted, a 10 ms worker run read "cpu 100 ms".
   */
  markGuestStart(): void {
    const now = performance.now();
    this.#walkAll = true;
    try {
      for (const w of this.#o.workers()) {
        if (w.state !== 'running' || w.kind === 'thread') continue;
        const pid = w.kind === 'host' ? this.#o.hostPid : w.pid;
        if (pid === undefined || pid <= 0) continue;
        const r = readProcess(pid);
        if (!r) continue;
        const total = this.#markCpu(pid, r, now);
        this.#firstCpu.set(pid, {
          totalMs: total,
          ownMs: r.cpuMs,
          reapedMs: r.reapedChildCpuMs,
          treeMs: this.#hostTreeMs,
        });
      }
    } finally {
      this.#walkAll = false;
    }
  }

  /**
   * Record a process's CPU reading; returns its total: its own CPU, its reaped children's (a child's CPU moves
   * into its parent's count when it ends) and its live descendants' — what a guest starts counts while it
   * runs, not only once reaped. The host's descendants leave out its children's subtrees (the child workers
   * and bubblewrap's processes), which are counted by the children's own readings.
   */
  #markCpu(pid: number, r: ProcessReading, now: number): number {
    const isHost = pid === this.#o.hostPid;
    const last = this.#treeWalks.get(pid);
    const wait = Math.max(isHost ? HOST_TREE_WALK_MS : 0, (last?.costMs ?? 0) * TREE_WALK_COST_FACTOR);
    let tree = last?.cpuMs ?? 0;
    if (this.#walkAll || !last || now - last.atMs >= wait) {
      tree = isHost ? this.#hostTreeCpuMs(r) : descendantsCpuMs(pid);
      this.#treeWalks.set(pid, { atMs: now, cpuMs: tree, costMs: performance.now() - now });
    }
    const total = r.cpuMs + r.reapedChildCpuMs + tree;
    this.#cpu.set(pid, { atMs: now, cpuMs: r.cpuMs, totalMs: total });
    if (isHost) {
      this.#hostReapedMs = r.reapedChildCpuMs;
      this.#hostTreeMs = tree;
    }
    return total;
  }

  /**
   * The run's processes besides the host and its children's subtrees: the host's live descendants and, when
   * the run has a namespace, what daemonised out of the host's tree (counted from the namespace's init, the
   * host's own reading taken out: the host is one of init's descendants).
   */
  #hostTreeCpuMs(host: ProcessReading): number {
    const init = this.#o.initPid?.();
    if (init === undefined || init <= 0) return descendantsCpuMs(this.#o.hostPid, this.#childRoots());
    return Math.max(0, descendantsCpuMs(init, this.#childRoots()) - host.cpuMs - host.reapedChildCpuMs);
  }

  /** The host's processes that are the driver's: each child worker and its helpers (bubblewrap). */
  #childRoots(): Set<number> {
    const roots = new Set<number>();
    for (const w of this.#o.workers()) {
      if (w.kind !== 'child') continue;
      if (w.pid !== undefined) roots.add(w.pid);
      for (const p of w.helperPids ?? []) roots.add(p);
    }
    return roots;
  }

  summary(): {
    samples: Sample[];
    cpuMs: number;
    /** The highest RSS read of the host and of any child, over the whole run. */
    peakRss: { hostBytes: number; childBytes: number };
  } {
    // Each child counts by its own readings, from its base (the guest's start) to its last reading. The host
    // counts its own CPU, its live descendants' outside the children's subtrees, and of what it reaped during
    // the run (a child ends in its count whole — through bubblewrap's processes under os-sandbox — when the
    // host reaped it before its last reading) only what the children's own readings do not already hold:
    // their CPU after their last reading, and processes started and reaped between two readings.
    let cpuMs = 0;
    let childrenLast = 0;
    for (const [pid, mark] of this.#cpu) {
      if (pid === this.#o.hostPid) continue;
      cpuMs += mark.totalMs - (this.#firstCpu.get(pid)?.totalMs ?? mark.totalMs);
      childrenLast += mark.totalMs;
    }
    const host = this.#cpu.get(this.#o.hostPid);
    const hostBase = this.#firstCpu.get(this.#o.hostPid);
    if (host && hostBase) {
      cpuMs += host.cpuMs - hostBase.ownMs;
      cpuMs += Math.max(0, this.#hostReapedMs - hostBase.reapedMs - childrenLast);
      // Processes a guest in the host started and left running: never reaped, counted from their readings.
      cpuMs += Math.max(0, this.#hostTreeMs - (hostBase.treeMs ?? 0));
    }
    cpuMs = Math.max(0, cpuMs);
    return {
      samples: this.#samples.toArray(),
      cpuMs,
      peakRss: { hostBytes: this.#peakRss.host, childBytes: this.#peakRss.child },
    };
  }
}
