/**
 * `process` boundary: the script runs in a child Node process of the host, started with the policy's
 * Permission Model flags, its environment (inherited, as Node does by default, or an allow-list) and the jail
 * as its working directory. Its channel to the host is an extra stdio pipe — a socketpair, connected before
 * the child starts, that no other process can join — on which it presents a per-child token. Memory: `--max-old-space-size`
 * for the heap and an RSS watchdog for everything else; a runaway is ended with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { FramedConnection } from '../../../electron/common/protocol/framed-peer.ts';
import { nodeFeatures, nodeProcessFlags } from '../../../electron/common/node-release/node-features.ts';
import { guestEnvironment, hardeningFlags, permissionFlags } from '../../../electron/common/run/policy-flags.ts';
import {
  guestToHost,
  type GuestOutcome,
  type GuestToHost,
  type HostSample,
  type StopReason,
  type HostToGuest,
} from '../../../electron/common/protocol/worker-protocol.ts';
import type { Enforcer, WorkerInfo } from '../../../electron/common/run/result.ts';
import { type GuestDriver, type HostContext } from '../host-context.ts';
import { decideGuestOutcome } from '../guest-outcome.ts';
import { RSS_WATCH_MS, readRssBytes } from '../rss.ts';
import type { ChildBootstrap } from '../../guest/bootstrap-files.ts';
import { EARLY_STOP_EVALUATORS } from '../../guest/evaluators/types.ts';
import type { SandboxCommand, SandboxLauncher } from '../sandbox.ts';
import { commandLineOf, descendantsOf } from '../rss.ts';

/** How long the child may take from spawn to an authenticated connection. */
export const CHILD_CONNECT_TIMEOUT_MS = 10_000;
/** The child's descriptor for its channel to the host (0–2 are stdio). */
export const CHILD_CHANNEL_FD = 3;
const MB = 1024 * 1024;
const OOM_PATTERN = /heap out of memory|Reached heap limit|Allocation failed/i;

export class ChildDriver implements GuestDriver {
  readonly #ctx: HostContext;
  readonly #bootstrap: ChildBootstrap;
  #child: ChildProcess | undefined;
  #stopped: { reason: StopReason; by: Enforcer } | undefined;
  #peakRss = 0;
  #peakGrowth = 0;
  #baselineRss: number | undefined;
  #lastStats: (GuestToHost & { t: 'stats' }) | undefined;
  #ipc = () => ({ bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });

  readonly #sandbox: SandboxLauncher | undefined;
  /** The process the guest runs in: the child itself, or the Node inside the sandbox once found. */
  #guestPid: number | undefined;

  constructor(ctx: HostContext, bootstrap: ChildBootstrap, sandbox?: SandboxLauncher) {
    this.#ctx = ctx;
    this.#bootstrap = bootstrap;
    this.#sandbox = sandbox;
  }

  /** The exact command line, so it can be shown and tested. */
  static argv(ctx: HostContext, bootstrap: ChildBootstrap): string[] {
    const { spec } = ctx;
    // The child runs on the host's own Node: its release decides which flags exist (node-features.ts).
    const node = nodeFeatures(process.version);
    const flags = nodeProcessFlags(node);
    if (spec.limits.memoryMb !== undefined) flags.push(`--max-old-space-size=${spec.limits.memoryMb}`);
    // isolated-vm is a native addon: under the Permission Model the child needs --allow-addons to load it.
    // The guest inside the isolate cannot use it; the child's own Node realm could.
    const policy = { ...spec.policy, addons: spec.policy.addons || bootstrap.needsAddons };
    return [
      ...flags,
      ...hardeningFlags(spec.policy),
      ...permissionFlags(policy, spec.jailDir, bootstrap.modules, node),
      bootstrap.entry,
    ];
  }

  run(): Promise<GuestOutcome> {
    const { spec } = this.#ctx;
    const token = randomBytes(16).toString('hex');
    const id = 'child-1';

    return new Promise<GuestOutcome>((resolve) => {
      let done: (GuestToHost & { t: 'done' }) | undefined;
      let lateError: GuestOutcome['error'];
      let protocolError: string | undefined;
      let stderrTail = '';

      const nodeArgs = ChildDriver.argv(this.#ctx, this.#bootstrap);
      const launch: SandboxCommand = this.#sandbox
        ? this.#sandbox.wrap(process.execPath, nodeArgs, CHILD_CHANNEL_FD + 1)
        : { command: process.execPath, args: nodeArgs };
      // The channel is an extra stdio pipe (libuv makes it a socketpair): connected before the child
      // exists, so nothing else can join it and the child needs no socket() of its own.
      const stdio: 'pipe'[] = Array.from(
        { length: Math.max(CHILD_CHANNEL_FD, launch.input?.fd ?? 0) + 1 },
        () => 'pipe',
      );
      const child = spawn(launch.command, launch.args, {
        cwd: spec.jailDir,
        env: guestEnvironment(spec.policy, process.env),
        stdio,
        windowsHide: true,
      });
      if (launch.input) {
        const input = child.stdio[launch.input.fd] as Socket;
        input.on('error', () => undefined);
        input.end(launch.input.bytes);
      }
      const channel = child.stdio[CHILD_CHANNEL_FD] as Socket;
      let resolveConnected!: (c: FramedConnection<GuestToHost, HostToGuest>) => void;
      const connected = new Promise<FramedConnection<GuestToHost, HostToGuest>>((r) => (resolveConnected = r));
      const connection = new FramedConnection<GuestToHost, HostToGuest>(channel, {
        schema: guestToHost,
        maxMessageBytes: spec.limits.maxMessageBytes,
        // Still required: the token proves the first frames come from the bootstrap, before any guest code.
        expectToken: token,
        onMessage: (message) => {
          if (message.t === 'auth') return resolveConnected(connection);
          if (message.t === 'console') this.#ctx.output(id, message.level, message.text);
          else if (message.t === 'stopped') {
            if (EARLY_STOP_EVALUATORS.has(spec.driver.evaluator)) this.#ctx.guestStopped();
          } else if (message.t === 'stats') this.#lastStats = message;
          else if (message.t === 'done') {
            if (done !== undefined) {
              if (!message.ok) lateError ??= message.error;
              return;
            }
            done = message;
            // One last outside reading while the child still exists, then let it end. When the evaluator's
            // own limit ended the script, its deadline or budget is spent: end the child now (SIGKILL takes
            // ~2 ms where a natural exit takes 6–10 ms, measured), whatever it still had queued.
            const limitHit = message.limit !== undefined;
            // A plain guest has no limit of its own: one it claims is forged and says nothing.
            if (limitHit && spec.driver.evaluator !== 'plain') this.#ctx.guestStopped();
            void this.#watchRss().finally(() =>
              limitHit ? this.#child?.kill('SIGKILL') : connection.send({ t: 'ack' }),
            );
          }
        },
        onViolation: (reason) => {
          protocolError ??= `the child sent an invalid message (${reason}); it was killed`;
          this.#child?.kill('SIGKILL');
        },
      });

      this.#child = child;
      this.#guestPid = child.pid;
      child.stdin.on('error', () => undefined);
      child.stdin.end(
        JSON.stringify({
          channelFd: CHILD_CHANNEL_FD,
          token,
          maxMessageBytes: spec.limits.maxMessageBytes,
          statsIntervalMs: Math.round(1000 / spec.sampleHz),
          maxOutputBytes: spec.limits.maxOutputBytes,
        }),
      );
      let info: WorkerInfo = {
        id,
        kind: 'child',
        parent: 'host',
        state: 'running',
        ...(child.pid !== undefined ? { pid: child.pid } : {}),
      };
      this.#ctx.worker({ ...info, state: 'running' });
      child.stdout.on('data', (chunk: Buffer) => this.#ctx.output(id, 'stdout', chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        stderrTail = (stderrTail + text).slice(-4096);
        this.#ctx.output(id, 'stderr', text);
      });
      const connectTimer = setTimeout(() => {
        protocolError ??= `the child did not connect back within ${CHILD_CONNECT_TIMEOUT_MS} ms`;
        child.kill('SIGKILL');
      }, CHILD_CONNECT_TIMEOUT_MS);
      void connected.then(async () => {
        clearTimeout(connectTimer);
        this.#ipc = () => ({ ...connection.peer.counters });
        if (this.#sandbox && child.pid !== undefined) {
          // Inside the sandbox the guest's Node is the deepest of the sandbox's processes; they all exist
          // now and none was started by the guest (it has not been sent its code yet).
          const inside = descendantsOf(child.pid);
          // The guest's Node is the deepest process whose command line names the bootstrap entry (the
          // sandbox's own processes name it too, as the command they run).
          const named = inside.filter((pid) => commandLineOf(pid).includes(this.#bootstrap.entry));
          this.#guestPid = named.at(-1) ?? inside.at(-1) ?? child.pid;
          const helperPids = [child.pid, ...inside.filter((p) => p !== this.#guestPid)];
          this.#ctx.worker({ ...info, pid: this.#guestPid, helperPids, state: 'running' });
          info = { ...info, pid: this.#guestPid, helperPids };
        }
        // The memory budget is the guest's: growth over what the runtime took before the script ran.
        if (this.#guestPid !== undefined) this.#baselineRss = await readRssBytes(this.#guestPid);
        connection.send({
          t: 'run',
          code: spec.code,
          evaluator: spec.driver.evaluator,
          canaryPort: spec.canaryPort,
          jailDir: spec.jailDir,
          deadlineAt: this.#ctx.guestStarts(),
          ...(spec.limits.memoryMb !== undefined ? { memoryMb: spec.limits.memoryMb } : {}),
        });
      });
      this.#ctx.setSampleSource(async () => this.#sample(id));
      const watchdog = setInterval(() => void this.#watchRss(), RSS_WATCH_MS);

      child.on('error', (error) => {
        protocolError ??= `could not start the child: ${error.message}`;
      });
      child.on('exit', (code, signal) => {
        clearInterval(watchdog);
        clearTimeout(connectTimer);
        if (this.#stopped) this.#ctx.guestStopped();
        this.#ctx.worker({ ...info, state: 'exited', exitCode: code });
        // Let the last frames and pipe data arrive before deciding; then nothing more is read from the channel
        // (a process the guest left behind may still hold its other end).
        setImmediate(() => {
          resolve(this.#outcome({ code, signal, done, lateError, protocolError, stderrTail }));
          channel.destroy();
        });
      });
    });
  }

  stop(reason: StopReason): void {
    this.#stopped ??= { reason, by: reason === 'memory-limit' ? 'rss-watchdog' : 'kill-child' };
    this.#child?.kill('SIGKILL');
  }

  #outcome(e: {
    code: number | null;
    signal: NodeJS.Signals | null;
    done: (GuestToHost & { t: 'done' }) | undefined;
    lateError: GuestOutcome['error'];
    protocolError: string | undefined;
    stderrTail: string;
  }): GuestOutcome {
    const overshootBytes = Math.max(0, this.#peakGrowth - (this.#ctx.spec.limits.memoryMb ?? 0) * MB);
    const died = e.code !== 0 || e.signal !== null;
    return decideGuestOutcome({
      peakMemoryBytes: this.#peakRss,
      memoryMb: this.#ctx.spec.limits.memoryMb,
      ...(this.#stopped ? { stopped: { ...this.#stopped, overshootBytes } } : {}),
      ...(died && OOM_PATTERN.test(e.stderrTail)
        ? { outOfMemory: { message: lastLine(e.stderrTail), overshootBytes } }
        : {}),
      ...(e.protocolError ? { protocolError: e.protocolError } : {}),
      ...(e.done ? { done: e.done } : {}),
      ...(e.lateError ? { thrown: e.lateError } : {}),
      cleanExit: e.code === 0,
      ...(/ERR_ACCESS_DENIED/.test(e.stderrTail) ? { deniedOnStderr: lastLine(e.stderrTail) } : {}),
      crash: {
        name: 'ChildExit',
        message: `the child process ${e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`} before its script finished`,
      },
    });
  }

  async #watchRss(): Promise<void> {
    const pid = this.#guestPid;
    if (pid === undefined || this.#stopped) return;
    const rss = await readRssBytes(pid);
    if (rss === undefined) return;
    this.#peakRss = Math.max(this.#peakRss, rss);
    if (this.#baselineRss !== undefined) this.#peakGrowth = Math.max(this.#peakGrowth, rss - this.#baselineRss);
    const memoryMb = this.#ctx.spec.limits.memoryMb;
    if (memoryMb !== undefined && this.#baselineRss !== undefined && rss - this.#baselineRss > memoryMb * MB)
      this.stop('memory-limit');
  }

  #sample(id: string): HostSample[] {
    const s = this.#lastStats;
    return [
      {
        worker: id,
        ipc: this.#ipc(),
        ...(s
          ? {
              heapUsedBytes: s.heapUsedBytes,
              heapTotalBytes: s.heapTotalBytes,
              externalBytes: s.externalBytes,
              arrayBuffersBytes: s.arrayBuffersBytes,
            }
          : {}),
      },
    ];
  }
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l.trim().length > 0);
  return (lines.find((l) => OOM_PATTERN.test(l) || /ERR_ACCESS_DENIED|Error:/.test(l)) ?? lines.at(-1) ?? '')
    .trim()
    .slice(0, 1000);
}
