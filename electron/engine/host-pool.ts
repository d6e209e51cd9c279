/**
 * The warm host pool: a cache of host sessions (host-session.ts) spawned and authenticated ahead of time, so a
 * run skips the process start and the handshake. A pre-spawned host has run nothing, so any driver may take
 * one. Giving a host back after a run is the Run's decision: only when nothing of that run can remain in it
 * (`reusableEvaluator`). The pool holds each idle session and its home directory, and disposes of them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Evaluator } from '../common/run/driver-id.ts';
import { MAX_POOL_SIZE } from '../common/api/contract.ts';
import { newToken } from './ipc-endpoint.ts';
import { HostSession, type HostBinding } from './host-session.ts';
import type { NodeRuntime } from './node-runtime.ts';
import { removeTree } from './remove-tree.ts';

/**
 * Runs one host may serve before it is replaced: a bound on whatever a run leaves in a process that no check
 * sees (allocator state, JIT caches), and on how long one process lives.
 */
export const MAX_RUNS_PER_HOST = 100;

/** How long a pre-spawned host may take to authenticate before it is dropped. */
export const POOL_HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * Evaluators whose guest never touches the host's own realm or process: a fresh isolate (isolated-vm) or a
 * fresh QuickJS runtime in WebAssembly per run. Plain and vm guests run with the host's Node (or, in a child,
 * as the same user, able to reach the host through /proc) and are never followed by another run.
 */
const REUSABLE_EVALUATORS: ReadonlySet<Evaluator> = new Set(['isolated-vm', 'quickjs']);

export function reusableEvaluator(evaluator: Evaluator): boolean {
  return REUSABLE_EVALUATORS.has(evaluator);
}

/** A warm host as a run gets it: the session (bind it to take its traffic) and how many runs it served. */
export interface PooledHost {
  readonly session: HostSession;
  /** Runs this host has served before the current one. */
  readonly runs: number;
}

interface Member extends PooledHost {
  runs: number;
  readonly home: string;
  readonly key: string;
}

export interface HostPoolOptions {
  readonly size: number;
  readonly runtime: () => NodeRuntime;
  readonly entry: string;
  readonly maxMessageBytes: number;
}

export class HostPool {
  readonly #options: HostPoolOptions;
  #size: number;
  readonly #idle: Member[] = [];
  readonly #starting = new Set<Promise<void>>();
  readonly #all = new Set<Member>();
  /** Hosts out with a run that may give them back (a reusable evaluator): they count as kept warm. */
  readonly #onLoan = new Set<Member>();
  #disposed = false;

  constructor(options: HostPoolOptions) {
    this.#options = options;
    this.#size = clampSize(options.size);
  }

  get size(): number {
    return this.#size;
  }

  get idle(): number {
    return this.#idle.length;
  }

  /** Change how many hosts are kept warm; extra idle ones are stopped, missing ones started. */
  resize(size: number): void {
    this.#size = clampSize(size);
    while (this.#idle.length > this.#size) void this.#kill(this.#idle.pop()!);
    this.#refill();
  }

  /** Start hosts up to the pool size and wait until they are ready (or failed). */
  async warm(): Promise<void> {
    this.#refill();
    await Promise.all([...this.#starting]);
  }

  /**
   * An idle host for a run under `runtime`/`maxMessageBytes`, or undefined (the run starts its own). A run
   * that `mayReturn` the host (its evaluator is reusable) is not replaced until it discards the host:
   * starting a replacement only to kill one of the two when the host comes back costs a whole host start.
   */
  take(runtime: NodeRuntime, maxMessageBytes: number, mayReturn = false): PooledHost | undefined {
    const key = keyOf(runtime, this.#options.entry, maxMessageBytes);
    // A host that served a run has that run's strings somewhere in its memory: only a guest that cannot read
    // the process's memory (a reusable evaluator's) may follow it. A fresh host serves anyone.
    const at = this.#idle.findIndex((m) => m.key === key && !m.session.exited && (m.runs === 0 || mayReturn));
    if (at < 0) {
      // A used host this run may not have is replaced by a fresh one for the next run like it.
      const used = this.#idle.find((m) => m.key === key && m.runs > 0);
      if (used) void this.#kill(used);
      this.#refill();
      return undefined;
    }
    const [member] = this.#idle.splice(at, 1);
    // The run binds the session to itself; until then nothing of the host reaches anyone.
    member!.session.bind(undefined);
    if (mayReturn) this.#onLoan.add(member!);
    // The replacement starts after this run's start has gone out, not on its critical path.
    setImmediate(() => this.#refill());
    return member;
  }

  /** The run left nothing behind: keep the host for another run (or stop it if the pool is full). */
  give(host: PooledHost): void {
    const member = host as Member;
    member.session.bind(this.#idleBinding(member));
    member.runs++;
    this.#onLoan.delete(member);
    if (this.#disposed || member.session.exited || member.runs >= MAX_RUNS_PER_HOST || this.#idle.length >= this.#size)
      return void this.#kill(member);
    this.#idle.push(member);
  }

  /** The run's host may not serve again: kill it and remove what it used. */
  discard(host: PooledHost): void {
    const member = host as Member;
    void this.#kill(member);
    if (this.#onLoan.delete(member)) this.#refill();
  }

  /** Stop every host the pool owns, idle or not, and wait for the ones still starting. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await Promise.all([...this.#starting]);
    await Promise.all([...this.#all].map((member) => this.#kill(member)));
  }

  #refill(): void {
    if (this.#disposed) return;
    let runtime: NodeRuntime;
    try {
      runtime = this.#options.runtime();
    } catch {
      return; // no runtime: runs say why when they start
    }
    while (this.#idle.length + this.#starting.size + this.#onLoan.size < this.#size) {
      const starting: Promise<void> = this.#spawn(runtime).finally(() => this.#starting.delete(starting));
      this.#starting.add(starting);
    }
  }

  async #spawn(runtime: NodeRuntime): Promise<void> {
    const { maxMessageBytes, entry } = this.#options;
    const home = mkdtempSync(join(tmpdir(), 'wb-pool-'));
    // Filled in once the host is in; the idle binding below is made before that.
    const slot: { member?: Member } = {};
    const session = new HostSession({
      runtime,
      entry,
      cwd: home,
      envToken: newToken(),
      maxMessageBytes,
      binding: {
        onMessage: () => undefined,
        onViolation: () => void (slot.member ? this.#kill(slot.member) : session.kill()),
        onOutput: () => undefined,
        onExit: () => slot.member && this.#lost(slot.member),
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), POOL_HANDSHAKE_TIMEOUT_MS)),
    );
    const connection = await Promise.race([session.connected, timedOut]);
    clearTimeout(timer);
    if (!connection || this.#disposed) {
      await session.dispose(1000);
      removeTree(home);
      return;
    }
    const self: Member = { session, runs: 0, home, key: keyOf(runtime, entry, maxMessageBytes) };
    slot.member = self;
    this.#all.add(self);
    session.bind(this.#idleBinding(self));
    // Hosts given back while this one started may have filled the pool already.
    if (this.#idle.length >= this.#size) return void (await this.#kill(self));
    this.#idle.push(self);
  }

  /** While a host is idle in the pool: nobody listens to it, and if it leaves, it is removed. */
  #idleBinding(member: Member): HostBinding {
    return {
      onMessage: () => undefined,
      onViolation: () => void this.#kill(member),
      onOutput: () => undefined,
      onExit: () => this.#lost(member),
    };
  }

  /** An idle host exited on its own: it cannot serve, and what it used goes. */
  #lost(member: Member): void {
    if (this.#idle.includes(member)) void this.#kill(member);
  }

  #kill(member: Member): Promise<void> {
    const idleAt = this.#idle.indexOf(member);
    if (idleAt >= 0) this.#idle.splice(idleAt, 1);
    if (!this.#all.delete(member)) return Promise.resolve();
    // The directories go once the process is gone (a socket or cwd in use would come back otherwise).
    return member.session.dispose(1000).then(() => void removeTree(member.home));
  }
}

function clampSize(size: number): number {
  return Math.max(0, Math.min(MAX_POOL_SIZE, Math.floor(Number.isFinite(size) ? size : 0)));
}

function keyOf(runtime: NodeRuntime, entry: string, maxMessageBytes: number): string {
  return `${runtime.kind ?? 'node'}\0${runtime.path}\0${entry}\0${maxMessageBytes}`;
}
