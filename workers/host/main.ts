/**
 * The host process: plays "the application that embeds a sandbox". It reads its bootstrap (its channel to the
 * supervisor — an inherited descriptor or a socket path — and the token to present) from stdin (or, in
 * Electron's utilityProcess, as the first message on its parentPort), connects once, and runs one run at a
 * time (a pooled host gets the next `start` after its `end`). For each it holds the canaries a real
 * application would hold, creates the guest through the driver for the run's boundary, and reports output,
 * workers, samples and the outcome. It never writes to its own stdout/stderr, so whatever appears there came
 * from the guest.
 */
import './no-sigusr1.ts';
import { connect, Socket } from 'node:net';
// A namespace import: a Node release without stripTypeScriptTypes (before 22.13.0) still loads the host.
import * as nodeModule from 'node:module';
import { ASYNC_BODY_PREFIX, asAsyncBody, mayUseTopLevelAwait } from '../guest/runtime.ts';
import { FramedConnection } from '../../electron/common/protocol/framed-peer.ts';
import { check } from '../../electron/common/protocol/schema.ts';
import {
  hostBootstrap,
  supervisorToHost,
  type GuestOutcome,
  type HostBootstrap,
  type HostSample,
  type HostToSupervisor,
  type RunSpec,
  type SupervisorToHost,
} from '../../electron/common/protocol/worker-protocol.ts';
import type { ConsoleLevel, WorkerInfo } from '../../electron/common/run/result.ts';
import { THREAD_ENTRY, childBootstrap } from '../guest/bootstrap-files.ts';
import { toGuestError } from '../guest/runtime.ts';
import { errorStatus, type GuestDriver, type HostContext } from './host-context.ts';
import { InlineDriver } from './drivers/inline.ts';
import { ThreadDriver } from './drivers/thread.ts';
import { ChildDriver } from './drivers/child.ts';
import { osSandbox } from './sandbox.ts';
import { OutputRelay, writeFrameSync } from './output-relay.ts';
import { compareIntrinsics, snapshotIntrinsics } from './integrity.ts';

/** Electron's utilityProcess gives its child a `parentPort` instead of a usable stdin. */
interface ParentPort {
  once(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The bootstrap, checked against its schema (worker-protocol.ts): a host starts from nothing else. */
async function readBootstrap(): Promise<HostBootstrap> {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  let text: string;
  if (parentPort) {
    text = String(await new Promise<unknown>((resolve) => parentPort.once('message', (event) => resolve(event.data))));
  } else {
    text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    process.stdin.destroy();
  }
  const checked = check(hostBootstrap, JSON.parse(text));
  if (!checked.ok) throw new Error(`bad bootstrap: ${checked.reason}`);
  return checked.value;
}

function createDriver(ctx: HostContext): GuestDriver | string {
  const { boundary } = ctx.spec.driver;
  if (boundary === 'host') return new InlineDriver(ctx);
  if (boundary === 'worker') return new ThreadDriver(ctx, THREAD_ENTRY);
  if (boundary === 'process') return new ChildDriver(ctx, childBootstrap(ctx.spec.driver.evaluator));
  const sandbox = osSandbox(ctx.spec);
  if (typeof sandbox === 'string') return sandbox;
  return new ChildDriver(ctx, childBootstrap(ctx.spec.driver.evaluator), sandbox);
}

type StripTypes = (code: string, options: { mode: 'strip' | 'transform'; sourceMap?: boolean }) => string;

/** node:module's stripTypeScriptTypes, or an error saying which release this host runs and which it needs. */
function stripTypeScriptTypes(code: string, options: Parameters<StripTypes>[1]): string {
  const strip = (nodeModule as { stripTypeScriptTypes?: StripTypes }).stripTypeScriptTypes;
  if (!strip)
    throw new Error(
      `TypeScript needs a host Node with node:module stripTypeScriptTypes (22.13.0 and later); this host runs Node ${process.version}: run it as JavaScript, or on a newer Node`,
    );
  return strip(code, options);
}

function transpile(spec: RunSpec): RunSpec {
  if (spec.language !== 'ts') return spec;
  // Stripped, types become blanks and every line and column stays where the user wrote it, so an error's
  // position is theirs. Only TypeScript that needs code generated (enums, namespaces) is transformed, and
  // positions may then move.
  try {
    return { ...spec, code: stripTypeScriptTypes(spec.code, { mode: 'strip' }) };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_INVALID_TYPESCRIPT_SYNTAX') {
      const body = stripAsAsyncBody(spec.code);
      if (body !== undefined) return { ...spec, code: body };
      throw locatedSyntaxError(error as Error);
    }
    return { ...spec, code: stripTypeScriptTypes(spec.code, { mode: 'transform', sourceMap: false }) };
  }
}

/**
 * TypeScript with top-level await and a `return` strips only as an async function body (the guest then runs
 * as one, runtime.ts). Stripping keeps every position, so the wrapper comes off exactly as it went on.
 */
function stripAsAsyncBody(code: string): string | undefined {
  if (!mayUseTopLevelAwait(code)) return undefined;
  const wrapped = asAsyncBody(code);
  try {
    const stripped = stripTypeScriptTypes(wrapped, { mode: 'strip' });
    const suffix = wrapped.slice(ASYNC_BODY_PREFIX.length + code.length);
    return stripped.slice(ASYNC_BODY_PREFIX.length, stripped.length - suffix.length);
  } catch {
    return undefined;
  }
}

/**
 * Node reports a TypeScript syntax error as `:LINE`, the source, and a caret under the spot; the guest's own
 * syntax errors read `guest.js:LINE`, its line and the caret. Given that shape, the error says where it is.
 */
function locatedSyntaxError(error: Error): SyntaxError {
  const out = new SyntaxError(error.message);
  const lines = (error.stack ?? '').split('\n');
  const line = /^:(\d+)$/.exec(lines[0] ?? '')?.[1];
  const caret = lines.findIndex((l, i) => i > 0 && /^\s*\^+\s*$/.test(l));
  out.stack =
    line !== undefined && caret > 1
      ? `guest.js:${line}\n${lines[caret - 1]}\n${lines[caret]}\n\nSyntaxError: ${error.message}`
      : `SyntaxError: ${error.message}`;
  return out;
}

async function main(): Promise<void> {
  const boot = await readBootstrap();
  // `fd:N`: an inherited, already connected socket pair (nothing else can join it); else a socket path.
  const fd = /^fd:(\d+)$/.exec(boot.endpoint)?.[1];
  const socket =
    fd === undefined ? connect(boot.endpoint) : new Socket({ fd: Number(fd), readable: true, writable: true });
  let driver: GuestDriver | undefined;
  let busy = false;
  const connection: FramedConnection<SupervisorToHost, HostToSupervisor> = new FramedConnection(socket, {
    schema: supervisorToHost,
    maxMessageBytes: boot.maxMessageBytes,
    onMessage: (message) => {
      if (message.t === 'stop') driver?.stop(message.reason);
      else if (message.t === 'start' && !busy) {
        // One run at a time. A pooled host (electron/engine/host-pool.ts) gets another `start` after its
        // `end`, only when nothing of the previous run can remain in it.
        busy = true;
        void runOnce(message.spec, message.endKey).finally(() => {
          driver = undefined;
          busy = false;
        });
      }
    },
    // The supervisor is the trusted side; a bad frame from it means something is badly wrong. Leave.
    onViolation: () => process.exit(70),
    onClose: () => process.exit(0),
  });
  connection.send({ t: 'auth', token: boot.token, pid: process.pid });

  /**
   * `endKey` lives only in this call's scope (and the frames it sends): not in the spec the drivers get, not
   * on a global. A guest that forges an `end` frame on this connection lacks it (see docs/engine.md for what
   * a guest sharing this process could still do).
   */
  async function runOnce(raw: RunSpec, endKey: string): Promise<void> {
    let sampleSource: (() => Promise<HostSample[]>) | undefined;
    let deadlineAt: number | undefined;
    let stoppedSent = false;
    // Nothing past the supervisor's cap is forwarded, and the guest is stopped as soon as it is crossed.
    // A guest in this thread may never give it back: its output goes out at once, unbatched.
    const relay = new OutputRelay({
      maxBytes: raw.limits.maxOutputBytes,
      batch: raw.driver.boundary !== 'host',
      send: (frame) => {
        const message = { t: 'output' as const, ...frame };
        // A guest in this thread that spins after printing would keep queued frames here until the
        // deadline: write them now, as long as nothing is queued ahead of them (order is kept).
        if (raw.driver.boundary !== 'host' || fd === undefined || socket.writableLength > 0 || connection.closed)
          return void connection.send(message);
        try {
          writeFrameSync(Number(fd), connection.peer.encode(message));
        } catch {
          // Too large for a frame, or the supervisor is gone: nothing to deliver it to.
        }
      },
      onLimit: () => driver?.stop('output-limit'),
    });
    const ctx: HostContext = {
      spec: raw,
      output(worker: string, level: ConsoleLevel, text: string) {
        relay.output(worker, level, text);
      },
      worker(info: WorkerInfo) {
        relay.flush();
        connection.send({ t: 'worker', info });
      },
      setSampleSource(source) {
        sampleSource = source;
      },
      guestStarts() {
        if (deadlineAt === undefined) {
          deadlineAt = Date.now() + raw.limits.timeoutMs;
          relay.flush();
          connection.send({ t: 'running', key: endKey });
        }
        return deadlineAt;
      },
      guestStopped() {
        if (stoppedSent || deadlineAt === undefined) return;
        stoppedSent = true;
        connection.send({ t: 'stopped', key: endKey });
      },
    };

    // The canaries a real embedding application would hold (DESIGN.md §6). WORKBENCH_CANARY is already in
    // this process's environment; canary.txt is in its working directory, written by the supervisor.
    (globalThis as Record<string, unknown>).__hostSecret = raw.hostSecret;
    // A pre-spawned host starts elsewhere; its working directory becomes this run's (canary.txt is there).
    // Not compared with process.cwd() first: that throws once a previous run's directory is gone.
    process.chdir(raw.runDir);

    let lastElu = performance.eventLoopUtilization();
    const sampler = setInterval(
      () => {
        let m: NodeJS.MemoryUsage;
        try {
          m = process.memoryUsage();
        } catch {
          // A guest sharing this process can exhaust its file descriptors (EMFILE): skip the tick, not the host.
          return;
        }
        const elu = performance.eventLoopUtilization(lastElu);
        lastElu = performance.eventLoopUtilization();
        const own: HostSample = {
          worker: 'host',
          heapUsedBytes: m.heapUsed,
          heapTotalBytes: m.heapTotal,
          externalBytes: m.external,
          arrayBuffersBytes: m.arrayBuffers,
          eventLoopUtilization: Math.min(1, Math.max(0, elu.utilization)),
        };
        const send = (samples: HostSample[]): void => {
          relay.flush();
          connection.send({ t: 'samples', samples });
        };
        void (sampleSource?.() ?? Promise.resolve([])).then(
          (others) => send([own, ...others]),
          () => send([own]),
        );
      },
      Math.round(1000 / raw.sampleHz),
    );
    sampler.unref();

    // The host realm's built-ins as they are before any guest code (integrity canary).
    const intrinsics = snapshotIntrinsics();
    let outcome: GuestOutcome;
    try {
      const spec = transpile(raw);
      const created = createDriver({ ...ctx, spec });
      if (typeof created === 'string') {
        outcome = { status: 'error', error: { name: 'Unavailable', message: created } };
      } else {
        driver = created;
        outcome = await created.run();
      }
    } catch (error) {
      const data = toGuestError(error);
      outcome = { status: errorStatus(data), error: data };
    }
    clearInterval(sampler);
    relay.flush();
    const integrity = compareIntrinsics(intrinsics);
    if (integrity) outcome = { ...outcome, integrity };
    if (!connection.send({ t: 'end', outcome, key: endKey })) {
      const { result: _dropped, ...rest } = outcome;
      connection.send({
        t: 'end',
        outcome: { ...rest, error: { name: 'ResultTooLarge', message: 'the result did not fit in one message' } },
        key: endKey,
      });
    }
    // Stay alive: the supervisor looks at this process tree once more, then kills the host's group — or,
    // for a pooled host whose run left nothing behind, sends the next run.
  }
}

// The first snapshot of the realm loads Node's lazily loaded globals (reading FormData's descriptor loads
// undici and its dependencies: ~24 ms measured). Taken once now, before anything is asked of this host, a
// pre-started host has paid it before its run; each run still takes its own snapshot just before its guest.
snapshotIntrinsics();
void main();
