/**
 * One run, start to result: canaries and directories, the host process and its authenticated connection,
 * the deadline and output cap enforced from outside, metrics, and the verdict from what was observed.
 * Every resource created here is released in `#finish()`, whatever way the run ends.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { OneShotListener } from '../common/one-shot-listener.ts';
import type { FramedConnection } from '../common/framed-peer.ts';
import { CanaryScanner } from '../common/canary-scan.ts';
import { formatDriverId } from '../common/driver-id.ts';
import {
  hostToSupervisor,
  type GuestOutcome,
  type HostToSupervisor,
  type SupervisorToHost,
} from '../common/worker-protocol.ts';
import type { Breach, ConsoleLevel, OutputLine, RunResult, Sample, WorkerInfo } from '../common/result.ts';
import { OutputBuffer } from '../common/output-buffer.ts';
import { decideStatus, decideVerdict, type SupervisorStop } from '../common/verdict.ts';
import type { RunRequest } from '../common/run-spec.ts';
import { capabilitiesOf } from '../common/capabilities.ts';
import { buildLimitReports } from '../common/limit-report.ts';
import { IpcDirectory, newToken } from './ipc-endpoint.ts';
import { RunCanaries } from './canaries.ts';
import { diffSnapshots, snapshotTree, type FsSnapshot } from './fs-snapshot.ts';
import { hostEnvironment, killHostGroup, spawnHost } from './host-process.ts';
import { listenOn } from './node-endpoint.ts';
import type { NodeRuntime } from './node-runtime.ts';
import { MetricsCollector } from './metrics.ts';
import { ProcessWatch } from './process-watch.ts';

/** After asking the host to stop a guest, how long before the supervisor kills the host instead. */
export const STOP_GRACE_MS = 250;
/** How long a host may take from spawn to an authenticated connection. */
export const HOST_HANDSHAKE_TIMEOUT_MS = 15_000;
/** How long past the deadline an evaluator with its own timeout has before the supervisor stops the run. */
export const EVALUATOR_GRACE_MS = 100;
/** After the host is gone, how long to wait for its stdout/stderr to drain. */
export const DRAIN_TIMEOUT_MS = 1000;

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
}

export class Run {
  readonly id = randomUUID();
  readonly driver: string;
  readonly result: Promise<RunResult>;
  readonly #request: RunRequest;
  readonly #options: RunOptions;
  readonly #startedAt = performance.now();
  #guestStartedAt: number | undefined;
  #stop: SupervisorStop | undefined;
  /** When the guest's time is up (performance clock), whoever enforces it. */
  #deadline: number | undefined;
  #outcome: GuestOutcome | undefined;
  #violation: string | undefined;
  #handshake: string | undefined;
  #hostExited = false;
  #ended = false;
  readonly #out: OutputBuffer;
  #endedAt: number | undefined;
  readonly #notes: string[] = [];
  readonly #workers = new Map<string, WorkerInfo>();
  readonly #tokenHits: Array<{ canary: Breach['canary']; encoding: string; where: string }> = [];
  readonly #breaches = new Set<string>();
  #scanner: CanaryScanner | undefined;
  #canaries: RunCanaries | undefined;
  #ipcDir: IpcDirectory | undefined;
  #host: ChildProcess | undefined;
  #connection: FramedConnection<HostToSupervisor, SupervisorToHost> | undefined;
  #listener: OneShotListener<HostToSupervisor, SupervisorToHost> | undefined;
  #metrics: MetricsCollector | undefined;
  #watch: ProcessWatch | undefined;
  #fsBefore: FsSnapshot | undefined;
  readonly #timers = new Set<NodeJS.Timeout>();
  #settle!: () => void;
  readonly #settled = new Promise<void>((resolve) => (this.#settle = resolve));

  constructor(request: RunRequest, options: RunOptions) {
    this.#request = request;
    this.#options = options;
    this.driver = formatDriverId(request.driver);
    this.#out = new OutputBuffer(request.limits.maxOutputBytes);
    this.result = this.#execute();
  }

  /** Stop the run now (user request): status `killed`. */
  stop(): void {
    this.#requestStop('killed');
  }

  async #execute(): Promise<RunResult> {
    try {
      await this.#start();
    } catch (error) {
      this.#notes.push(`could not start the run: ${(error as Error).message}`);
      this.#handshake ??= (error as Error).message;
      this.#end();
    }
    await this.#settled;
    return this.#finish();
  }

  async #start(): Promise<void> {
    const canaries = new RunCanaries(this.#startedAt);
    this.#canaries = canaries;
    this.#scanner = new CanaryScanner(canaries.tokens);
    await canaries.listen((c) =>
      this.#breach({ canary: 'network', evidence: `connection to CANARY_PORT from ${c.remote}` }),
    );
    this.#fsBefore = snapshotTree(canaries.runDir, canaries.jailDir);
    this.#ipcDir = new IpcDirectory();
    const token = newToken();
    const endpoint = this.#ipcDir.endpoint('h');
    const { maxMessageBytes } = this.#request.limits;
    this.#listener = new OneShotListener<HostToSupervisor, SupervisorToHost>({
      token,
      schema: hostToSupervisor,
      maxMessageBytes,
      listen: listenOn(endpoint),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
      onMessage: (m) => this.#onMessage(m),
      onViolation: (reason) => {
        this.#notes.push(`host connection dropped: ${reason}`);
        this.#violation ??= reason;
        this.#killHost();
      },
      onClose: () => undefined,
      onRejected: (reason) => this.#notes.push(reason),
    });
    const host = spawnHost(
      this.#options.runtime,
      canaries.runDir,
      hostEnvironment(process.env, canaries.envToken),
      { endpoint, token, maxMessageBytes },
      this.#options.hostEntry,
    );
    this.#host = host;
    host.stdout?.on('data', (chunk: Buffer) => this.#output('host', 'stdout', chunk.toString()));
    host.stderr?.on('data', (chunk: Buffer) => this.#output('host', 'stderr', chunk.toString()));
    host.on('error', (error) => {
      this.#handshake ??= `could not start the host: ${error.message}`;
      this.#end();
    });
    host.on('exit', () => {
      this.#hostExited = true;
      this.#end();
    });
    this.#watch = new ProcessWatch(host.pid ?? -1);
    this.#metrics = new MetricsCollector({
      hostPid: host.pid ?? -1,
      sampleHz: this.#request.sampleHz,
      workers: () => [...this.#workers.values()],
      hostIpc: () => this.#connection?.peer.counters,
      watch: this.#watch,
      onSamples: (s) => this.#options.listener?.onSamples?.(s),
      onForeignProcess: (pid, command) =>
        this.#breach({ canary: 'child-process', evidence: `pid ${pid} (${command})` }),
    });
    this.#timer(() => {
      if (this.#connection) return;
      this.#handshake ??= `the host did not connect within ${HOST_HANDSHAKE_TIMEOUT_MS} ms`;
      this.#killHost();
    }, HOST_HANDSHAKE_TIMEOUT_MS);
    this.#connection = await Promise.race([this.#listener.connected, this.#settled.then(() => undefined)]);
  }

  #onMessage(m: HostToSupervisor): void {
    if (this.#ended) return;
    const connection = this.#connection;
    switch (m.t) {
      case 'auth':
        this.#onAuthenticated();
        this.#metrics?.start();
        return;
      case 'output':
        return this.#output(m.worker, m.level, m.text);
      case 'worker':
        this.#workers.set(m.info.id, m.info);
        this.#watch?.declare(m.info);
        this.#options.listener?.onWorker?.(m.info);
        return;
      case 'samples':
        this.#metrics?.fromHost(m.samples);
        return;
      case 'end':
        this.#outcome = m.outcome;
        this.#scan(JSON.stringify(m.outcome), 'result');
        this.#endedAt = performance.now();
        void connection;
        this.#end();
        return;
    }
  }

  #onAuthenticated(): void {
    const canaries = this.#canaries!;
    const hostInfo: WorkerInfo = { id: 'host', kind: 'host', pid: this.#host?.pid ?? 0, state: 'running' };
    this.#workers.set('host', hostInfo);
    this.#options.listener?.onWorker?.(hostInfo);
    // The listener resolves `connected` on this same message; send once the promise has settled.
    queueMicrotask(() => {
      void this.#listener?.connected.then((connection) => {
        this.#connection = connection;
        this.#guestStartedAt = performance.now();
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
            ipcDir: this.#ipcDir!.path,
            sampleHz: this.#request.sampleHz,
            deadlineAt: Date.now() + this.#request.limits.timeoutMs,
          },
        });
        // An evaluator with a deadline of its own (vm, isolated-vm, QuickJS) gets to enforce it first; the
        // supervisor steps in only if that fails.
        const grace = this.#request.driver.evaluator === 'plain' ? 0 : EVALUATOR_GRACE_MS;
        this.#deadline = performance.now() + this.#request.limits.timeoutMs;
        this.#timer(() => this.#requestStop('timeout'), this.#request.limits.timeoutMs + grace);
      });
    });
  }

  #requestStop(reason: SupervisorStop): void {
    if (this.#ended || this.#stop !== undefined) return;
    this.#stop = reason;
    // A guest in the host's own thread cannot be asked: it may be spinning. Kill the host.
    if (this.#request.driver.boundary === 'host' || !this.#connection) return this.#killHost();
    this.#connection.send({ t: 'stop', reason });
    this.#timer(() => this.#killHost(), STOP_GRACE_MS);
  }

  #output(worker: string, level: ConsoleLevel, text: string): void {
    const kept = this.#out.push(level, text);
    if (kept === undefined) return;
    this.#scan(text, 'output');
    this.#options.listener?.onOutput?.({ level, text: kept, atMs: performance.now() - this.#startedAt, worker });
    if (this.#out.cut) this.#requestStop('output-limit');
  }

  #scan(text: string, where: string): void {
    for (const hit of this.#scanner?.scan(text) ?? []) {
      this.#tokenHits.push({ ...hit, where });
      this.#breach({ canary: hit.canary, evidence: `token seen in ${where}` });
    }
  }

  /** Live notification of a breach; the final verdict is recomputed from all observations. */
  #breach(b: Breach): void {
    if (this.#breaches.has(b.canary)) return;
    this.#breaches.add(b.canary);
    this.#options.listener?.onBreach?.(b);
  }

  #timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  #killHost(): void {
    this.#watch?.collect();
    if (this.#host) killHostGroup(this.#host);
    this.#watch?.killAll();
    if (!this.#host || this.#host.pid === undefined) this.#end();
  }

  /** The run is over (outcome in, host gone, or failed to start): release the guest side. */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#endedAt ??= performance.now();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#metrics?.stop();
    this.#listener?.close();
    this.#killHost();
    this.#settle();
  }

  async #finish(): Promise<RunResult> {
    await waitForClose(this.#host, DRAIN_TIMEOUT_MS);
    this.#connection?.close();
    const canaries = this.#canaries;
    const fsChanges =
      canaries && this.#fsBefore ? diffSnapshots(this.#fsBefore, snapshotTree(canaries.runDir, canaries.jailDir)) : [];
    const foreign = this.#watch?.sweep(canaries?.envToken) ?? [];
    // Tokens split across output lines or chunks are found in the whole text, whitespace removed.
    this.#scan((this.#out.stdout + this.#out.stderr).replace(/\s+/g, ''), 'output');
    const decision = decideStatus({
      ...(this.#stop ? { stop: this.#stop } : {}),
      ...(this.#outcome ? { outcome: this.#outcome } : {}),
      ...(this.#violation ? { violation: this.#violation } : {}),
      ...(this.#handshake ? { handshake: this.#handshake } : {}),
    });
    const hostDied =
      this.#hostExited &&
      this.#guestStartedAt !== undefined &&
      this.#stop === undefined &&
      this.#outcome === undefined &&
      this.#violation === undefined &&
      this.#handshake === undefined;
    const verdict = decideVerdict({
      tokenHits: this.#tokenHits,
      canaryConnections: canaries?.connections ?? [],
      fsChanges,
      foreignProcesses: foreign,
      hostDied,
    });
    const metrics = this.#metrics?.summary();
    const outcome = this.#outcome;
    const peakMemoryBytes = outcome?.peakMemoryBytes || metrics?.peakGuestRssBytes || 0;
    const limits = buildLimitReports({
      limits: this.#request.limits,
      capabilities: capabilitiesOf(this.#request.driver.boundary, this.#request.driver.evaluator),
      decision,
      ...(outcome?.overshootBytes !== undefined ? { memoryOvershootBytes: outcome.overshootBytes } : {}),
      // From the deadline to the guest being gone (or its evaluator reporting the stop), whoever stopped it.
      ...(this.#deadline !== undefined && this.#endedAt !== undefined
        ? { timeoutOvershootMs: this.#endedAt - this.#deadline }
        : {}),
    });
    const result: RunResult = {
      id: this.id,
      driver: this.driver,
      status: decision.status,
      ...(outcome?.result !== undefined && decision.status === 'ok' ? { result: outcome.result } : {}),
      ...(decision.error ? { error: decision.error } : {}),
      stdout: this.#out.stdout,
      stderr: this.#out.stderr,
      durationMs:
        Math.round(((this.#endedAt ?? performance.now()) - (this.#guestStartedAt ?? this.#startedAt)) * 100) / 100,
      cpuMs: Math.round(metrics?.cpuMs ?? 0),
      peakMemoryBytes,
      ipc: { ...(this.#connection?.peer.counters ?? { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 }) },
      limits,
      ...(outcome?.evaluator ? { evaluator: outcome.evaluator } : {}),
      verdict,
      // The run is over: every worker is gone (the host was killed with its group).
      workers: [...this.#workers.values()].map((w) => (w.state === 'exited' ? w : { ...w, state: 'exited' as const })),
      samples: metrics?.samples ?? [],
      notes: this.#notes,
    };
    this.#listener?.close();
    this.#ipcDir?.dispose();
    canaries?.dispose();
    return result;
  }
}

function waitForClose(child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    if (!child || (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false))
      return Promise.resolve();
  }
  return new Promise((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    child.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
