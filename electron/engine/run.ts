/**
 * One run, start to result: canaries and directories, the host process and its authenticated connection,
 * the deadline and output cap enforced from outside, metrics, and the verdict from what was observed.
 * Every resource created here is released in `#finish()` (in `#failed()` when the engine itself fails), whatever
 * way the run ends.
 */
import {
  DRAIN_TIMEOUT_MS,
  EVALUATOR_GRACE_MS,
  FORGED_END_NOTE,
  FORGED_RUNNING_NOTE,
  FORGED_STOPPED_NOTE,
  HOST_PID_WAIT_MS,
  STOP_GRACE_MS,
  STOPPED_EARLY_MS,
  guestStartBoundMs,
  hostHandshakeMs,
} from './run-bounds.ts';
import { assembleResult, internalErrorResult } from './run-result.ts';
import type { ContainmentLevel } from './containment.ts';
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { timingSafeEqualStrings } from '../common/protocol/framed-peer.ts';
import { CanaryScanner } from '../common/verdict/canary-scan.ts';
import { formatDriverId } from '../common/run/driver-id.ts';
import type { GuestOutcome, HostToSupervisor } from '../common/protocol/worker-protocol.ts';
import type { Breach, ConsoleLevel, OutputLine, RunResult, Sample, WorkerInfo } from '../common/run/result.ts';
import { OutputBuffer } from '../common/run/output-buffer.ts';
import type { SupervisorStop } from '../common/verdict/verdict.ts';
import type { RunRequest } from '../common/run/run-spec.ts';
import { checkResultConsistency } from '../common/run/result-consistency.ts';
import { RunCanaries } from './canaries.ts';
import { diffSnapshots, snapshotTree, type FsSnapshot } from './fs-snapshot.ts';
import { HOST_ENTRY } from './host-process.ts';
import { HostSession, type HostBinding, type HostConnection } from './host-session.ts';
import type { NodeRuntime } from './node-runtime.ts';
import { normalizeVersion } from '../common/node-release/node-version.ts';
import { nodeFeatures } from '../common/node-release/node-features.ts';
import { policyNotes } from '../common/run/policy-flags.ts';
import { MetricsCollector } from './metrics.ts';
import { reusableEvaluator, type HostPool, type PooledHost } from './host-pool.ts';
import { descendants } from './process-tree.ts';
import { ProcessWatch } from './process-watch.ts';
import type { RunRegistry } from './run-registry.ts';
import { RunAttribution, type TokenHit } from './run-attribution.ts';

import { RunIntake, boundedNotes, errorText, guardListener } from './run-intake.ts';

// Bounds and notes live in run-bounds.ts; they are part of the run's API (tests and the bench read them).
export {
  DRAIN_TIMEOUT_MS,
  EVALUATOR_GRACE_MS,
  FORGED_END_NOTE,
  FORGED_RUNNING_NOTE,
  FORGED_STOPPED_NOTE,
  HOST_HANDSHAKE_TIMEOUT_MS,
  HOST_PID_WAIT_MS,
  MIN_HOST_HANDSHAKE_MS,
  STOP_GRACE_MS,
  STOPPED_EARLY_MS,
  guestStartBoundMs,
  hostHandshakeMs,
} from './run-bounds.ts';

/**
 * Where a run is, in order; a run only moves forward. `preparing`: canaries, directories, a warm host taken.
 * `connecting`: its host starting and authenticating. `starting`: `start` sent, the guest not yet running.
 * `running`: the deadline counts. `stopping`: a stop asked (deadline, output cap, user). `ended`: the guest
 * side released. `finished`: the result made and every resource of the run gone.
 */
export const RUN_PHASES = ['preparing', 'connecting', 'starting', 'running', 'stopping', 'ended', 'finished'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export interface RunListener {
  onOutput?(line: OutputLine): void;
  onSamples?(samples: readonly Sample[]): void;
  onWorker?(info: WorkerInfo): void;
  onBreach?(breach: Breach): void;
}

export interface RunOptions {
  readonly runtime: NodeRuntime;
  readonly listener?: RunListener;
  /** Override of the host entry file (tests use misbehaving hosts). */
  readonly hostEntry?: string;
  /** Warm hosts: a run takes one if there is one, and gives it back only if nothing of the run remains. */
  readonly pool?: HostPool;
  /** The supervisor's live runs, so that what this run does to another is charged to this one. */
  readonly registry?: RunRegistry;
  /** At most this much containment for the run's own host (containment.ts); bench only. */
  readonly containment?: ContainmentLevel;
}

export class Run {
  readonly id = randomUUID();
  readonly driver: string;
  readonly result: Promise<RunResult>;
  readonly #request: RunRequest;
  readonly #options: RunOptions;
  /** The exact release the run's host runs on (`22.12.0`), for the result. */
  get #node(): string {
    return normalizeVersion(this.#options.runtime.version) ?? this.#options.runtime.version;
  }
  readonly #startedAt = performance.now();
  /** When the guest's time began (the host's `running`), and when the host was asked to run it. */
  #guestStartedAt: number | undefined;
  #startSentAt: number | undefined;
  /** When the host said the guest runs no more code (its `stopped`), if it could. */
  #stoppedAt: number | undefined;
  #stop: SupervisorStop | undefined;
  /** When the guest's time is up (performance clock), whoever enforces it. */
  #deadline: number | undefined;
  #outcome: GuestOutcome | undefined;
  #violation: string | undefined;
  #handshake: string | undefined;
  #phase: RunPhase = 'preparing';
  /** The run's host, its own or a warm one from the pool (`#pooled`), and its IPC counters at adoption. */
  #session: HostSession | undefined;
  #pooled: PooledHost | undefined;
  #ipcBase = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
  /** The host was left alive at the end, to go back to the pool if the verdict allows. */
  #hostKept = false;
  /** The supervisor killed the host (as opposed to it leaving on its own). */
  #hostKilled = false;
  #ended = false;
  readonly #out: OutputBuffer;
  #endedAt: number | undefined;
  /** Bounded (run-intake.ts); every note is scanned for canary tokens, as a refused frame's text may carry one. */
  readonly #notes: string[] = boundedNotes((note) => this.#scan(note, 'notes'));
  readonly #intake = new RunIntake();
  /** Sent in `start`; the host's `end` must carry it back (worker-protocol.ts). */
  readonly #endKey = randomBytes(16).toString('hex');
  readonly #workers = new Map<string, WorkerInfo>();
  readonly #tokenHits: TokenHit[] = [];
  /** Whose a token or a CANARY_PORT connection is, between this run and the others (run-attribution.ts). */
  readonly #attribution = new RunAttribution({
    id: this.id,
    registry: () => this.#options.registry,
    scanner: () => this.#scanner,
    canaries: () => this.#canaries,
    host: () => this.#session?.handle,
    note: (text) => this.#notes.push(text),
    noteOnce: (text) => {
      if (!this.#notes.includes(text)) this.#notes.push(text);
    },
    breach: (b) => this.#breach(b),
    tokenHit: (hit) => this.#tokenHits.push(hit),
  });
  readonly #breaches = new Set<string>();
  #scanner: CanaryScanner | undefined;
  #canaries: RunCanaries | undefined;
  #metrics: MetricsCollector | undefined;
  #watch: ProcessWatch | undefined;
  #fsBefore: FsSnapshot | undefined;
  readonly #timers = new Set<NodeJS.Timeout>();
  #settle!: () => void;
  readonly #settled = new Promise<void>((resolve) => (this.#settle = resolve));

  constructor(request: RunRequest, options: RunOptions) {
    this.#request = request;
    // A listener that throws ends this run, never the supervisor (it is called from socket and timer callbacks).
    this.#options = {
      ...options,
      listener: guardListener(options.listener, (e) => this.#internalError('listener', e)),
    };
    this.driver = formatDriverId(request.driver);
    this.#out = new OutputBuffer(request.limits.maxOutputBytes);
    // What the policy means on this release where it lacks part of the Permission Model (node-features.ts).
    if (request.driver.boundary === 'process' || request.driver.boundary === 'os-sandbox')
      for (const note of policyNotes(request.policy, nodeFeatures(options.runtime.version))) this.#notes.push(note);
    this.result = this.#execute().catch((error: unknown) => this.#failed(error));
  }

  /** Stop the run now (user request): status `killed`. */
  stop(): void {
    this.#requestStop('killed');
  }

  get phase(): RunPhase {
    return this.#phase;
  }

  /** Move to `phase` unless the run is already past it. */
  #enter(phase: RunPhase): void {
    if (RUN_PHASES.indexOf(phase) > RUN_PHASES.indexOf(this.#phase)) this.#phase = phase;
  }

  /** The run, top to bottom: prepare, connect its host, start the guest, wait for the end, make the result. */
  async #execute(): Promise<RunResult> {
    try {
      await this.#prepare();
      // Stopped while preparing: no host is started for a run that is already over.
      const connection = this.#ended ? undefined : await this.#connect();
      if (connection && !this.#ended) this.#sendStart(connection);
    } catch (error) {
      this.#notes.push(`could not start the run: ${(error as Error).message}`);
      this.#handshake ??= (error as Error).message;
      this.#end();
    }
    await this.#settled;
    const result = await this.#finish();
    this.#enter('finished');
    return result;
  }

  /** Canaries, the run's directories and its registration; a warm host if the pool has one. */
  async #prepare(): Promise<void> {
    const pooled = this.#options.pool?.take(
      this.#options.runtime,
      this.#request.limits.maxMessageBytes,
      reusableEvaluator(this.#request.driver.evaluator),
    );
    if (pooled) {
      this.#pooled = pooled;
      this.#session = pooled.session;
      pooled.session.bind(this.#binding());
      this.#ipcBase = { ...(pooled.session.connection?.peer.counters ?? this.#ipcBase) };
      this.#notes.push(
        pooled.runs === 0 ? 'warm host: pre-started by the pool' : `warm host: reused, run ${pooled.runs + 1} in it`,
      );
    }
    // A pooled host was started with its own env canary: a process's environment cannot change from outside.
    const canaries = new RunCanaries(this.#startedAt, pooled?.session.envToken);
    this.#canaries = canaries;
    this.#scanner = new CanaryScanner(canaries.tokens);
    this.#attribution.register();
    await canaries.listen((c) => this.#attribution.onCanaryConnection(c));
    this.#fsBefore = snapshotTree(canaries.runDir, canaries.jailDir);
  }

  /**
   * The run's host, authenticated: a warm one is already; a new one is started in the run's directory and
   * must authenticate within the handshake bound. Then the run watches and samples it. Undefined when the run
   * ended before its host came in.
   */
  async #connect(): Promise<HostConnection | undefined> {
    this.#enter('connecting');
    if (!this.#session) {
      const canaries = this.#canaries!;
      this.#session = new HostSession({
        runtime: this.#options.runtime,
        entry: this.#options.hostEntry ?? HOST_ENTRY,
        cwd: canaries.runDir,
        envToken: canaries.envToken,
        maxMessageBytes: this.#request.limits.maxMessageBytes,
        ...(this.#options.containment ? { containment: this.#options.containment } : {}),
        binding: this.#binding(),
      });
      // A host that never shows up must not hold the run past its own deadline.
      const handshakeMs = hostHandshakeMs(this.#request.limits.timeoutMs);
      this.#timer(() => {
        if (this.#session?.connection) return;
        this.#handshake ??= `the host did not connect within ${handshakeMs} ms`;
        this.#killHost();
      }, handshakeMs);
    }
    const connection = await Promise.race([this.#session.connected, this.#settled.then(() => undefined)]);
    if (!connection || this.#ended) return undefined;
    // Sampling, the process watch and the host's entry in `workers` all need the host's pid: wait for it
    // rather than watch nothing (or, worse, announce a made-up pid a caller could signal).
    const handle = this.#session.handle;
    if (handle.hostPid() === undefined && handle.whenHostPid) {
      const giveUp = new AbortController();
      void this.#settled.then(() => giveUp.abort());
      await handle.whenHostPid(HOST_PID_WAIT_MS, giveUp.signal);
      giveUp.abort();
      if (this.#ended) return undefined;
    }
    if (handle.hostPid() === undefined)
      this.#notes.push(
        `the host's process was not known ${HOST_PID_WAIT_MS} ms after it connected (the process trace lagged): its CPU and memory were not sampled`,
      );
    this.#observe();
    this.#announceHost();
    this.#metrics?.start();
    return connection;
  }

  #onMessage(m: HostToSupervisor): void {
    // After a refusal, the rest of the chunk that carried the refused frame is not taken in.
    if (this.#ended || this.#violation !== undefined) return;
    try {
      this.#take(m);
    } finally {
      // Every field of every frame, not only output text and the outcome: a token in a worker's id, a
      // sample's name or a refused frame counts too. (Output and the outcome are scanned first, in #take, so
      // their evidence names them.) An output frame's text was scanned whole in #output, kept or not; its
      // level is one of a few words: only its worker id is left (not the text again: floods are mostly text).
      if (m.t === 'output') this.#scan(m.worker, 'output frame');
      else this.#scan(JSON.stringify(m), `${m.t} frame`);
    }
  }

  #take(m: HostToSupervisor): void {
    switch (m.t) {
      case 'auth':
        // The session's listener took the token; the run goes on from #connect once it resolves.
        return;
      case 'output':
        return this.#output(m.worker, m.level, m.text);
      case 'worker': {
        const refused = this.#intake.worker(this.#workers, m.info.id);
        if (refused) return this.#refuse(refused);
        const info = this.#outsidePids(m.info);
        this.#workers.set(info.id, info);
        this.#watch?.declare(info);
        this.#options.listener?.onWorker?.(info);
        return;
      }
      case 'samples':
        this.#metrics?.fromHost(m.samples);
        return;
      case 'running':
        if (m.key === undefined || !timingSafeEqualStrings(m.key, this.#endKey)) {
          this.#notes.push(FORGED_RUNNING_NOTE);
          return this.#refuse("a running frame without the run's end key");
        }
        return this.#onRunning();
      case 'stopped':
        if (m.key === undefined || !timingSafeEqualStrings(m.key, this.#endKey)) {
          this.#notes.push(FORGED_STOPPED_NOTE);
          return this.#refuse("a stopped frame without the run's end key");
        }
        // Only from the deadline on (less the fraction of a ms by which an evaluator's own deadline comes first):
        // a guest that forged its evaluator's stop earlier cannot make the stop look faster than it was.
        if (this.#deadline !== undefined && performance.now() >= this.#deadline - STOPPED_EARLY_MS)
          this.#stoppedAt ??= performance.now();
        return;
      case 'end':
        this.#scan(JSON.stringify(m.outcome), 'result');
        if (m.key === undefined || !timingSafeEqualStrings(m.key, this.#endKey)) {
          this.#notes.push(FORGED_END_NOTE);
          return this.#refuse("an end frame without the run's end key");
        }
        this.#outcome = m.outcome;
        this.#endedAt = performance.now();
        this.#end();
        return;
    }
  }

  /** End the run as a protocol violation: the host sent what it must not, or more than a bound allows. */
  #refuse(reason: string): void {
    if (this.#ended || this.#violation !== undefined) return;
    this.#violation = reason;
    this.#notes.push(`host connection dropped: ${reason}`);
    this.#session?.connection?.close();
    this.#killHost();
  }

  /** A bug or a throwing listener in this run's handlers: the run ends with an error, the supervisor goes on. */
  #internalError(where: string, error: unknown): void {
    this.#refuse(`internal error in the supervisor (${where}): ${errorText(error)}`);
  }

  /**
   * The last resort when the run's own code threw on its way to a result: an `error` result all the same,
   * the host killed and the run's directories removed, so one run's failure never loses the supervisor or
   * another run, nor leaves canaries behind.
   */
  async #failed(error: unknown): Promise<RunResult> {
    const message = `internal error in the supervisor: ${errorText(error)}`;
    this.#notes.push(message);
    const attempt = (step: () => unknown): void => {
      try {
        const problem = step();
        if (typeof problem === 'string') this.#notes.push(problem);
      } catch (e) {
        this.#notes.push(`cleanup after an internal error failed: ${errorText(e)}`);
      }
    };
    attempt(() => this.#killHost());
    attempt(() => this.#end());
    if (this.#pooled) attempt(() => this.#options.pool?.discard(this.#pooled!));
    else {
      const problem = await this.#session?.dispose(DRAIN_TIMEOUT_MS).catch((e: unknown) => errorText(e));
      if (problem) this.#notes.push(problem);
    }
    attempt(() => this.#canaries?.dispose());
    return internalErrorResult({
      id: this.id,
      driver: this.driver,
      node: this.#node,
      request: this.#request,
      message,
      stdout: this.#out.stdout,
      stderr: this.#out.stderr,
      ipc: this.#ipcOfRun(),
      tokenHits: this.#tokenHits,
      canaryConnections: this.#canaries?.connections ?? [],
      workers: [...this.#workers.values()],
      notes: this.#notes,
    });
  }

  /**
   * A contained host names its child by its pid inside the run's namespace; the supervisor samples and shows the
   * same process by its own pid, found among the run's processes (never a pid outside the run).
   */
  #outsidePids(info: WorkerInfo): WorkerInfo {
    if (info.kind !== 'child' || info.pid === undefined) return info;
    const handle = this.#session?.handle;
    // An uncontained host reports real pids: only those of its own processes are taken (a host that names pid 0,
    // 1 or a stranger's process is not believed; the child keeps the pid it was known by, if any).
    const map =
      handle?.outerPid ??
      ((pid: number) => {
        const hostPid = handle?.hostPid();
        return hostPid !== undefined && descendants(hostPid).includes(pid) ? pid : undefined;
      });
    // Once the child is gone it cannot be found any more: keep the pid it was known by.
    const pid = map(info.pid) ?? this.#workers.get(info.id)?.pid;
    const mapped = info.helperPids?.map((p) => map(p)).filter((p): p is number => p !== undefined);
    const helperPids = mapped?.length ? mapped : (this.#workers.get(info.id)?.helperPids ?? mapped);
    const { pid: _inside, helperPids: _helpers, ...rest } = info;
    return { ...rest, ...(pid !== undefined ? { pid } : {}), ...(helperPids ? { helperPids } : {}) };
  }

  /**
   * Watch the host's process tree and sample it. Done once the host is in (before any guest code runs): a
   * utilityProcess host has no pid until it has spawned.
   */
  #observe(): void {
    const host = this.#session!.handle;
    const hostPid = host.hostPid() ?? -1;
    this.#watch = new ProcessWatch(host, this.#request.driver.boundary);
    this.#metrics = new MetricsCollector({
      hostPid,
      ...(host.initPid ? { initPid: () => host.initPid?.() } : {}),
      sampleHz: this.#request.sampleHz,
      workers: () => [...this.#workers.values()],
      hostIpc: () => this.#session?.connection?.peer.counters,
      watch: this.#watch,
      onSamples: (s) => this.#options.listener?.onSamples?.(s),
      onForeignProcess: (pid, command) =>
        this.#breach({ canary: 'child-process', evidence: `pid ${pid} (${command})` }),
      onError: (error) => this.#internalError('metrics', error),
    });
  }

  /** Where the host's traffic goes while this run holds it: the same for its own host and a warm one. */
  #binding(): HostBinding {
    return {
      onMessage: (m) => this.#onMessage(m),
      onViolation: (reason) => {
        this.#notes.push(`host connection dropped: ${reason}`);
        this.#violation ??= reason;
        this.#killHost();
      },
      onRejected: (reason) => this.#notes.push(reason),
      onOutput: (stream, text) => this.#output('host', stream, text),
      onExit: (how) => {
        if (!this.#ended && !this.#hostKilled)
          this.#notes.push(
            `the host process exited on its own ${this.#session?.connection ? 'during the run' : 'before it connected'}${how ? ` (${how})` : ''}`,
          );
        this.#end();
      },
      onError: (error) => {
        this.#handshake ??= `could not start the host: ${error.message}`;
        this.#end();
      },
    };
  }

  #announceHost(): void {
    const pid = this.#session?.handle.hostPid();
    const hostInfo: WorkerInfo = { id: 'host', kind: 'host', ...(pid !== undefined ? { pid } : {}), state: 'running' };
    this.#workers.set('host', hostInfo);
    this.#options.listener?.onWorker?.(hostInfo);
  }

  #sendStart(connection: HostConnection): void {
    const canaries = this.#canaries!;
    this.#enter('starting');
    this.#startSentAt = performance.now();
    connection.send({
      t: 'start',
      spec: {
        runId: this.id,
        driver: this.#request.driver,
        code: this.#request.code,
        language: this.#request.language,
        limits: this.#request.limits,
        policy: this.#request.policy,
        hostSecret: canaries.globalToken,
        canaryPort: canaries.port,
        runDir: canaries.runDir,
        jailDir: canaries.jailDir,
        ipcDir: this.#session!.ipcPath,
        sampleHz: this.#request.sampleHz,
      },
      endKey: this.#endKey,
    });
    // The deadline starts with the host's `running` frame (the guest's code can run from then on). A
    // sandbox that never gets there is stopped all the same, after the start bound.
    const startMs = guestStartBoundMs(this.#request.limits.timeoutMs);
    this.#timer(() => {
      if (this.#deadline !== undefined) return;
      this.#notes.push(`the guest had not started ${startMs} ms after its host was asked to run it: stopped`);
      this.#requestStop('timeout');
    }, startMs);
  }

  /** The host's `running`: the guest's time, and its deadline, start now. */
  #onRunning(): void {
    if (this.#deadline !== undefined || this.#stop !== undefined) return;
    this.#enter('running');
    this.#guestStartedAt = performance.now();
    this.#metrics?.markGuestStart();
    this.#deadline = this.#guestStartedAt + this.#request.limits.timeoutMs;
    // Every evaluator but plain gets EVALUATOR_GRACE_MS: those with a deadline of their own (vm, isolated-vm,
    // QuickJS, vm2) enforce it first and the supervisor steps in only if that fails. SES has none (its stop is
    // the boundary's), so its timeout is reported up to that much later than plain's.
    const grace = this.#request.driver.evaluator === 'plain' ? 0 : EVALUATOR_GRACE_MS;
    this.#timer(() => this.#requestStop('timeout'), this.#request.limits.timeoutMs + grace);
  }

  #requestStop(reason: SupervisorStop): void {
    if (this.#ended || this.#stop !== undefined) return;
    this.#stop = reason;
    this.#enter('stopping');
    const connection = this.#session?.connection;
    // A guest in the host's own thread cannot be asked: it may be spinning. Kill the host.
    if (this.#request.driver.boundary === 'host' || !connection) return this.#killHost();
    connection.send({ t: 'stop', reason });
    this.#timer(() => this.#killHost(), STOP_GRACE_MS);
  }

  #output(worker: string, level: ConsoleLevel, text: string): void {
    // Also called from the host's stdout/stderr streams, where a throw would reach no one but the process.
    try {
      // Scanned before the cap is applied: a token in output past the cap still reached this process.
      this.#scan(text, 'output');
      const kept = this.#out.push(level, text);
      if (kept === undefined) return;
      this.#options.listener?.onOutput?.({ level, text: kept, atMs: performance.now() - this.#startedAt, worker });
      if (this.#out.cut) this.#requestStop('output-limit');
    } catch (error) {
      this.#internalError('output', error);
    }
  }

  #scan(text: string, where: string): void {
    this.#attribution.scan(text, where);
  }

  /** Live notification of a breach; the final verdict is recomputed from all observations. */
  #breach(b: Breach): void {
    if (this.#breaches.has(b.canary)) return;
    this.#breaches.add(b.canary);
    this.#options.listener?.onBreach?.(b);
  }

  #timer(fn: () => void, ms: number): void {
    // #end clears the run's timers once; one set after it would outlive the run.
    if (this.#ended) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  #killHost(): void {
    this.#hostKilled = true;
    this.#watch?.collect();
    this.#session?.kill();
    this.#watch?.killAll();
    if (!this.#session || this.#session.handle.pid === undefined) this.#end();
  }

  /** The run is over (outcome in, host gone, or failed to start): release the guest side. */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#enter('ended');
    this.#endedAt ??= performance.now();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#metrics?.stop();
    // A pooled host whose guest ended by itself may serve again; #finish decides once the verdict is in.
    this.#hostKept = this.#mayKeepHost();
    if (!this.#hostKept) this.#killHost();
    this.#settle();
  }

  #mayKeepHost(): boolean {
    return (
      this.#pooled !== undefined &&
      reusableEvaluator(this.#request.driver.evaluator) &&
      this.#outcome !== undefined &&
      // A guest the host itself could not stop (it asks to be killed) may still be running in it.
      this.#outcome.stoppedBy !== 'kill-host' &&
      this.#stop === undefined &&
      this.#violation === undefined &&
      !this.#session?.exited &&
      !this.#hostKilled
    );
  }

  /**
   * After the verdict: a kept host goes back to the pool only if the run reached nothing and left nothing
   * (no breach, no process under the host); otherwise it is killed like any other.
   */
  async #releaseHost(clean: boolean): Promise<void> {
    const pooled = this.#pooled;
    if (!pooled) return;
    // A host whose process is not known cannot be checked for processes left behind: it is not reused.
    const pid = pooled.session.handle.hostPid();
    if (this.#hostKept && clean && !pooled.session.exited && pid !== undefined && descendants(pid).length === 0) {
      this.#options.pool!.give(pooled);
      return;
    }
    if (this.#hostKept) {
      this.#killHost();
      await pooled.session.handle.closed(DRAIN_TIMEOUT_MS);
    }
    this.#options.pool!.discard(pooled);
  }

  async #finish(): Promise<RunResult> {
    if (!this.#hostKept) await this.#session?.handle.closed(DRAIN_TIMEOUT_MS);
    const canaries = this.#canaries;
    const fsChanges =
      canaries && this.#fsBefore ? diffSnapshots(this.#fsBefore, snapshotTree(canaries.runDir, canaries.jailDir)) : [];
    const foreign = this.#watch?.sweep(canaries?.envToken) ?? { processes: [], total: 0 };
    // Tokens split across output lines or chunks are found in the whole text, whitespace removed.
    this.#scan((this.#out.stdout + this.#out.stderr).replace(/\s+/g, ''), 'output');
    this.#attribution.close();
    const result = assembleResult({
      id: this.id,
      driver: this.driver,
      request: this.#request,
      ...(this.#stop ? { stop: this.#stop } : {}),
      ...(this.#outcome ? { outcome: this.#outcome } : {}),
      ...(this.#violation ? { violation: this.#violation } : {}),
      ...(this.#handshake ? { handshake: this.#handshake } : {}),
      hostExitedAfterStart: this.#session?.exited === true && this.#startSentAt !== undefined,
      tokenHits: this.#tokenHits,
      canaryConnections: canaries?.connections ?? [],
      fsChanges,
      foreignProcesses: foreign.processes,
      foreignProcessTotal: foreign.total,
      metrics: this.#metrics?.summary(),
      workers: [...this.#workers.values()],
      startedAt: this.#startedAt,
      guestStartedAt: this.#guestStartedAt,
      deadline: this.#deadline,
      stoppedAt: this.#stoppedAt,
      endedAt: this.#endedAt ?? performance.now(),
      stdout: this.#out.stdout,
      stderr: this.#out.stderr,
      ipc: this.#ipcOfRun(),
      notes: this.#notes,
    });
    const { verdict } = result;
    await this.#releaseHost(!verdict.escaped && foreign.total === 0 && fsChanges.length === 0);
    // `notes` is the result's own array: a directory that could not be removed is reported there. A pooled
    // host's socket directory is the pool's.
    const ipcProblem = this.#pooled ? undefined : await this.#session?.dispose(DRAIN_TIMEOUT_MS);
    for (const problem of [ipcProblem, canaries?.dispose()]) if (problem) this.#notes.push(problem);
    // A result that contradicts itself is a workbench bug: said in the result and, loudly, in a note.
    const consistency = checkResultConsistency(result, { cores: availableParallelism() });
    for (const problem of consistency) this.#notes.push(`workbench error: inconsistent result: ${problem}`);
    return { ...result, node: this.#node, consistency };
  }

  /** This run's share of the host connection's traffic (a reused host's counters started before it). */
  #ipcOfRun(): RunResult['ipc'] {
    const now = this.#session?.connection?.peer.counters ?? this.#ipcBase;
    const base = this.#ipcBase;
    return {
      bytesIn: now.bytesIn - base.bytesIn,
      bytesOut: now.bytesOut - base.bytesOut,
      messagesIn: now.messagesIn - base.messagesIn,
      messagesOut: now.messagesOut - base.messagesOut,
    };
  }
}
