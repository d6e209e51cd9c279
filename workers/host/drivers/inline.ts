/**
 * `host` boundary: the script runs in the host's own main thread and realm, next to the canaries. Nothing
 * here can stop it: a runaway is ended by the supervisor killing the whole host, and a memory bomb takes the
 * host down with it. That is the lesson this driver exists to show.
 */
import {
  createCapturingConsole,
  evaluateScript,
  installScriptGlobals,
  toGuestError,
  toResultValue,
} from '../../guest/runtime.ts';
import { errorStatus, limitOutcome, type GuestDriver, type HostContext } from '../host-context.ts';
import { runGuest } from '../../guest/run-guest.ts';
import type { ConsoleLevel } from '../../../electron/common/run/result.ts';
import type { GuestOutcome, StopReason } from '../../../electron/common/protocol/worker-protocol.ts';

/** How often the host checks whether the guest's own timers, sockets and requests are done. */
const DRAIN_POLL_MS = 10;

export class InlineDriver implements GuestDriver {
  readonly #ctx: HostContext;
  #settle: ((outcome: GuestOutcome) => void) | undefined;

  constructor(ctx: HostContext) {
    this.#ctx = ctx;
  }

  run(): Promise<GuestOutcome> {
    return new Promise<GuestOutcome>((resolve) => {
      let settled = false;
      const onError = (thrown: unknown): void => this.#fail(thrown);
      this.#settle = (outcome) => {
        if (settled) return;
        settled = true;
        // A pooled host runs again: nothing of this run may stay attached to the process.
        process.off('uncaughtException', onError);
        process.off('unhandledRejection', onError);
        resolve(outcome);
      };
      process.on('uncaughtException', onError);
      process.on('unhandledRejection', onError);
      const { spec } = this.#ctx;
      const output = (level: ConsoleLevel, text: string): void => this.#ctx.output('host', level, text);
      // process.stdout/stderr are created on first access; touch them now so a guest that writes to them
      // is not mistaken for one that left a handle open.
      void process.stdout;
      void process.stderr;
      // What keeps the loop alive before the guest runs is the host's own; anything beyond it is the guest's
      // (a vm guest reaches the host's timers through the outer realm, so evaluators wait for it too).
      const baseline = countResources(process.getActiveResourcesInfo());
      if (spec.driver.evaluator !== 'plain') return void this.#runEvaluator(output, baseline);
      this.#ctx.guestStarts();
      installScriptGlobals(spec.jailDir, spec.canaryPort);
      globalThis.console = createCapturingConsole(output);
      evaluateScript(spec.code).then(
        (value) => this.#waitForDrain(baseline, toResultValue(value)),
        (error: unknown) => this.#fail(error),
      );
    });
  }

  /** An evaluator makes its own environment inside this thread; the run ends when its value settles. */
  async #runEvaluator(
    output: (level: ConsoleLevel, text: string) => void,
    baseline: Map<string, number>,
  ): Promise<void> {
    const { spec } = this.#ctx;
    const done = await runGuest(
      {
        code: spec.code,
        evaluator: spec.driver.evaluator,
        jailDir: spec.jailDir,
        canaryPort: spec.canaryPort,
        deadlineAt: this.#ctx.guestStarts(),
        ...(spec.limits.memoryMb !== undefined ? { memoryMb: spec.limits.memoryMb } : {}),
      },
      output,
      () => this.#ctx.guestStopped(),
    );
    const byLimit = limitOutcome(done, spec.limits.memoryMb, 0);
    if (byLimit) {
      this.#ctx.guestStopped();
      return this.#settle?.(byLimit);
    }
    const evaluator = done.stats ? { evaluator: done.stats, peakMemoryBytes: done.stats.peakMemoryBytes ?? 0 } : {};
    if (!done.ok)
      return this.#settle?.({
        status: errorStatus(done.error),
        ...(done.error ? { error: done.error } : {}),
        ...evaluator,
      });
    this.#waitForDrain(baseline, done.result, evaluator);
  }

  stop(reason: StopReason): void {
    // The guest shares this thread: if we are running at all, it is idle; still, its timers live here.
    // The supervisor kills the host right after; report what we can.
    this.#settle?.({ status: reason === 'killed' ? 'killed' : reason, stoppedBy: 'kill-host' });
  }

  #fail(thrown: unknown): void {
    const error = toGuestError(thrown);
    this.#settle?.({ status: errorStatus(error), error });
  }

  #waitForDrain(baseline: Map<string, number>, result: unknown, extra: Partial<GuestOutcome> = {}): void {
    const check = (): void => {
      if (exceeds(countResources(process.getActiveResourcesInfo()), baseline)) {
        setTimeout(check, DRAIN_POLL_MS).unref();
        return;
      }
      this.#settle?.({ ...extra, status: 'ok', ...(result !== undefined ? { result } : {}) });
    };
    check();
  }
}

function countResources(list: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of list) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function exceeds(current: Map<string, number>, baseline: Map<string, number>): boolean {
  for (const [name, n] of current) if (n > (baseline.get(name) ?? 0)) return true;
  return false;
}
