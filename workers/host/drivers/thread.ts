/**
 * `worker` boundary: the script runs in a worker thread of the host. Its heap is bounded by resourceLimits;
 * memory outside the heap (ArrayBuffers, Buffers), which resourceLimits does not see, is watched through
 * `worker.getHeapStatistics().external_memory`. A runaway is ended with `worker.terminate()`.
 */
import { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { check } from '../../../electron/common/protocol/schema.ts';
import { guestEnvironment, hardeningFlags } from '../../../electron/common/run/policy-flags.ts';
import {
  guestToHost,
  type GuestOutcome,
  type GuestToHost,
  type HostSample,
  type StopReason,
} from '../../../electron/common/protocol/worker-protocol.ts';
import type { Enforcer } from '../../../electron/common/run/result.ts';
import { cpuPercentBetween, type CpuReading } from '../../../electron/common/run/cpu-percent.ts';
import { type GuestDriver, type HostContext } from '../host-context.ts';
import { decideGuestOutcome } from '../guest-outcome.ts';
import { WORKER_RUNTIME_ALLOWANCE_BYTES } from '../../../electron/common/run/memory-peak.ts';
import type { ThreadInput } from '../../guest/run-guest.ts';
import { EARLY_STOP_EVALUATORS } from '../../guest/evaluators/types.ts';

/** How often the external-memory watchdog looks at the thread. */
export const EXTERNAL_MEMORY_WATCH_MS = 5;
const MB = 1024 * 1024;
/**
 * What a thread's own runtime adds to the process before the guest allocates anything (measured: about
 * 20 MB for a worker with the bootstrap); the RSS watchdog allows it on top of the budget.
 */
const RSS_SLACK_BYTES = WORKER_RUNTIME_ALLOWANCE_BYTES;
/**
 * After `terminate()`, how long a thread has to be gone before the host gives up on it and reports the stop as
 * `kill-host`: the supervisor kills this host on `end`, and the thread goes with it. A spinning thread is gone
 * 1.5–2.5 ms after terminate() by hand and 5–7 ms under the run's tracer here (strace adds ~3 ms to a thread's
 * exit). One deep in garbage collection, or blocked in a synchronous call, cannot be interrupted until that is
 * over (37–516 ms measured for a 1.3 GB heap), so it is stopped the only way that is immediate. Measured with
 * this value (`workbench bench --only terminate`): a spinning worker 8 ms after the deadline, one in GC 10 ms.
 * Memory stops use it too: a thread whose heap the GC cannot keep up with (arrays of arrays under
 * resourceLimits) ignores terminate() while RSS grows ~100–200 MB/s; with the 250 ms this used to be for memory,
 * arrays of arrays under a 128 MB budget peaked 43–58 MB past its tolerance (reported "not held"); now it holds.
 */
export const THREAD_STOP_GRACE_MS = 6;
/**
 * A thread stopped for memory: how much the process may still grow after `terminate()` before the host gives up
 * on the thread (every MEMORY_STOP_POLL_MS), and how long it waits at most. The watchdog that caught it stays its
 * `stoppedBy` unless the host has to give up: a thread freeing a 400 MB buffer takes longer than 6 ms to go but
 * grows nothing; arrays of arrays grow the process 100–200 MB/s (with a flat 250 ms they peaked 43–58 MB past
 * the tolerance of a 128 MB budget).
 */
export const MEMORY_STOP_GROWTH_BYTES = 4 * MB;
export const MEMORY_STOP_POLL_MS = 2;
export const MEMORY_TERMINATE_GRACE_MS = 250;

export class ThreadDriver implements GuestDriver {
  readonly #ctx: HostContext;
  readonly #threadEntry: string;
  #worker: Worker | undefined;
  #stopped: { reason: StopReason; by: Enforcer } | undefined;
  #peakBytes = 0;
  /** Set while the thread runs: starts the wait for a stopped thread to go (THREAD_STOP_GRACE_MS). */
  #onStop: (() => void) | undefined;
  /** The heap-statistics request in flight: a thread deep in GC answers none, so they are not stacked up. */
  #statsInFlight: Promise<{ heap: number; heapTotal: number; external: number } | undefined> | undefined;
  /** The host's RSS when the thread was started. */
  readonly #baselineRss = safeRss();
  #cpu: CpuReading = { atMs: performance.now(), cpuMs: 0 };
  #elu: EventLoopUtilization | undefined;
  #ipc = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };

  constructor(ctx: HostContext, threadEntry: string) {
    this.#ctx = ctx;
    this.#threadEntry = threadEntry;
  }

  run(): Promise<GuestOutcome> {
    const { spec } = this.#ctx;
    const memoryMb = spec.limits.memoryMb;
    // The budget is the whole heap: the young generation comes out of it, not on top of it (measured: a
    // heap bomb under 64 MB peaked at 1.3× when the old generation alone had the full budget).
    const youngMb = memoryMb === undefined ? 0 : Math.max(1, Math.min(16, Math.floor(memoryMb / 4)));
    const worker = new Worker(this.#threadEntry, {
      workerData: {
        code: spec.code,
        evaluator: spec.driver.evaluator,
        jailDir: spec.jailDir,
        canaryPort: spec.canaryPort,
        timeoutMs: spec.limits.timeoutMs,
        ...(memoryMb !== undefined ? { memoryMb } : {}),
        maxOutputBytes: spec.limits.maxOutputBytes,
      } satisfies ThreadInput,
      env: guestEnvironment(spec.policy, process.env),
      // Only --frozen-intrinsics is ever here (run-request.ts refuses the per-process flags for a worker); the
      // host's own options are kept, as a Worker inherits them when execArgv is not given.
      ...(spec.policy.hardening?.length ? { execArgv: [...process.execArgv, ...hardeningFlags(spec.policy)] } : {}),
      stdout: true,
      stderr: true,
      ...(memoryMb !== undefined
        ? {
            resourceLimits: {
              maxOldGenerationSizeMb: Math.max(1, memoryMb - youngMb),
              maxYoungGenerationSizeMb: youngMb,
            },
          }
        : {}),
    });
    this.#worker = worker;
    // The script travels in workerData: one message host → thread.
    this.#ipc.messagesOut = 1;
    this.#ipc.bytesOut = Buffer.byteLength(spec.code);
    const id = 'thread-1';
    const tid = worker.threadId; // reads -1 once the thread has exited
    this.#ctx.worker({ id, kind: 'thread', parent: 'host', pid: process.pid, tid, state: 'running' });
    worker.stdout.on('data', (chunk: Buffer) => this.#ctx.output(id, 'stdout', chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => this.#ctx.output(id, 'stderr', chunk.toString()));
    this.#ctx.setSampleSource(() => this.#sample(id));

    return new Promise<GuestOutcome>((resolve) => {
      let done: GuestToHost & { t: 'done' } = { t: 'done', ok: false };
      let gotDone = false;
      let thrown: GuestOutcome['error'];
      let protocolError: string | undefined;

      worker.on('message', (raw: unknown) => {
        this.#ipc.messagesIn++;
        this.#ipc.bytesIn += approximateSize(raw);
        const checked = check(guestToHost, raw);
        if (!checked.ok) {
          protocolError ??= `the thread sent an invalid message (${checked.reason}); it was terminated`;
          void worker.terminate();
          return;
        }
        const message = checked.value;
        // The bootstrap's `started` comes before any guest code; guestStarts() takes only the first.
        if (message.t === 'started') this.#ctx.guestStarts();
        else if (message.t === 'console') this.#ctx.output(id, message.level, message.text);
        else if (message.t === 'stopped') {
          if (EARLY_STOP_EVALUATORS.has(this.#ctx.spec.driver.evaluator)) this.#ctx.guestStopped();
        } else if (message.t === 'done' && !gotDone) {
          gotDone = true;
          done = message;
          // An evaluator's own limit ended the script: the guest runs no more code from here. (A plain guest has
          // no such limit: a `limit` from it is forged, and says nothing.)
          if (message.limit && this.#ctx.spec.driver.evaluator !== 'plain') this.#ctx.guestStopped();
          // One last outside reading while the thread still exists, then let it end.
          void this.#checkMemory().finally(() => worker.postMessage({ t: 'ack' }));
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
          this.#stopped ??= { reason: 'memory-limit', by: 'resource-limits' };
        thrown ??= {
          name: error.name,
          message: error.message,
          ...(error.code ? { code: error.code } : {}),
          ...(error.stack ? { stack: error.stack } : {}),
        };
      });
      // A stopped thread that does not go (deep in GC, or still allocating past its budget): report the stop
      // now; the supervisor kills this host on `end`, the thread with it.
      this.#onStop = () => {
        let gone = false;
        const giveUp = (): void => {
          if (gone) return;
          clearInterval(watchdog);
          this.#stopped = { reason: this.#stopped?.reason ?? 'killed', by: 'kill-host' };
          this.#peakBytes = Math.max(this.#peakBytes, safeRss() - this.#baselineRss);
          resolve(this.#outcome({ exitCode: 1, gotDone: false, done, thrown, protocolError }));
        };
        if (this.#stopped?.reason !== 'memory-limit') {
          const timer = setTimeout(giveUp, THREAD_STOP_GRACE_MS);
          worker.once('exit', () => ((gone = true), clearTimeout(timer)));
          return;
        }
        // A memory stop is about bytes: wait for the thread while it does not grow the process (freeing a large
        // buffer takes a while), give up as soon as it does (a heap the GC cannot keep up with), or at the latest
        // after MEMORY_TERMINATE_GRACE_MS.
        const startedAt = performance.now();
        const rssAtStop = safeRss();
        const poll = setInterval(() => {
          const grown = safeRss() - rssAtStop > MEMORY_STOP_GROWTH_BYTES;
          if (grown || performance.now() - startedAt > MEMORY_TERMINATE_GRACE_MS) {
            clearInterval(poll);
            giveUp();
          }
        }, MEMORY_STOP_POLL_MS);
        worker.once('exit', () => ((gone = true), clearInterval(poll)));
      };
      worker.on('exit', (exitCode) => {
        clearInterval(watchdog);
        if (this.#stopped) this.#ctx.guestStopped();
        this.#ctx.worker({ id, kind: 'thread', parent: 'host', pid: process.pid, tid, state: 'exited', exitCode });
        resolve(this.#outcome({ exitCode, gotDone, done, thrown, protocolError }));
      });
      const watchdog = setInterval(() => void this.#checkMemory(), EXTERNAL_MEMORY_WATCH_MS);
      watchdog.unref();
    });
  }

  stop(reason: StopReason): void {
    const first = this.#stopped === undefined;
    this.#stopped ??= { reason, by: reason === 'memory-limit' ? 'external-memory-watchdog' : 'terminate-worker' };
    void this.#worker?.terminate();
    if (first) this.#onStop?.();
  }

  #outcome(e: {
    exitCode: number;
    gotDone: boolean;
    done: GuestToHost & { t: 'done' };
    thrown: GuestOutcome['error'];
    protocolError: string | undefined;
  }): GuestOutcome {
    const peakMemoryBytes = this.#peakBytes;
    const limit = (this.#ctx.spec.limits.memoryMb ?? 0) * MB;
    return decideGuestOutcome({
      peakMemoryBytes,
      memoryMb: this.#ctx.spec.limits.memoryMb,
      ...(this.#stopped
        ? {
            stopped: {
              ...this.#stopped,
              overshootBytes: Math.max(0, peakMemoryBytes - limit),
              ...(e.thrown ? { error: e.thrown } : {}),
            },
          }
        : {}),
      ...(e.protocolError ? { protocolError: e.protocolError } : {}),
      ...(e.gotDone ? { done: e.done } : {}),
      ...(e.thrown ? { thrown: e.thrown } : {}),
      cleanExit: e.exitCode === 0,
      crash: {
        name: 'ThreadExit',
        message: `the worker thread exited with code ${e.exitCode} before its script finished`,
      },
    });
  }

  #stats(): Promise<{ heap: number; heapTotal: number; external: number } | undefined> {
    this.#statsInFlight ??= this.#readStats().finally(() => (this.#statsInFlight = undefined));
    return this.#statsInFlight;
  }

  async #readStats(): Promise<{ heap: number; heapTotal: number; external: number } | undefined> {
    try {
      const h = await this.#worker!.getHeapStatistics();
      const external = (h as { external_memory?: number }).external_memory ?? 0;
      this.#peakBytes = Math.max(this.#peakBytes, h.used_heap_size + external);
      return { heap: h.used_heap_size, heapTotal: h.total_heap_size, external };
    } catch {
      return undefined; // the thread is gone
    }
  }

  async #checkMemory(): Promise<void> {
    const memoryMb = this.#ctx.spec.limits.memoryMb;
    // Memory no per-thread figure sees — SharedArrayBuffers, threads the guest starts (they do not inherit
    // resourceLimits), WebAssembly memory — still grows this process: watch its RSS over the baseline too.
    const rssGrowth = safeRss() - this.#baselineRss;
    this.#peakBytes = Math.max(this.#peakBytes, rssGrowth);
    if (memoryMb !== undefined && !this.#stopped && rssGrowth > memoryMb * MB + RSS_SLACK_BYTES) {
      this.#stopped = { reason: 'memory-limit', by: 'rss-watchdog' };
      void this.#worker?.terminate();
      this.#onStop?.();
      return;
    }
    const stats = await this.#stats();
    if (memoryMb === undefined || stats === undefined || this.#stopped) return;
    if (stats.external > memoryMb * MB) this.stop('memory-limit');
  }

  async #sample(id: string): Promise<HostSample[]> {
    const worker = this.#worker;
    if (!worker) return [];
    const stats = await this.#stats();
    if (!stats) return [];
    const sample: { -readonly [K in keyof HostSample]: HostSample[K] } = {
      worker: id,
      heapUsedBytes: stats.heap,
      heapTotalBytes: stats.heapTotal,
      externalBytes: stats.external,
      ipc: { ...this.#ipc },
    };
    try {
      const cpu = await worker.cpuUsage();
      const reading = { atMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 };
      // A thread runs on one core at a time: at most 100 %. Answers that arrive together (after a GC pause,
      // overlapping ticks) are too close to give a figure and keep the mark (cpu-percent.ts).
      const cpuPercent = cpuPercentBetween(this.#cpu, reading, 1);
      if (cpuPercent !== undefined) {
        sample.cpuPercent = cpuPercent;
        this.#cpu = reading;
      }
      // Utilisation since the previous sample, not since the thread started.
      const elu = worker.performance.eventLoopUtilization();
      const delta = this.#elu ? worker.performance.eventLoopUtilization(elu, this.#elu) : elu;
      this.#elu = elu;
      sample.eventLoopUtilization = Math.min(1, Math.max(0, delta.utilization));
    } catch {
      // exited between the two readings
    }
    return [sample];
  }
}

/** This process's RSS; 0 when it cannot be read (a guest sharing the process exhausted its descriptors). */
function safeRss(): number {
  try {
    return process.memoryUsage.rss();
  } catch {
    return 0;
  }
}

/** Byte size of a structured-cloned message as its JSON text, for traffic accounting. */
function approximateSize(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}
