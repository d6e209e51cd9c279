/**
 * Running one script in a guest bootstrap (thread or child), whatever the evaluator: `plain` evaluates in
 * this realm with the Node globals a script expects; the others create their own environment. Either way
 * the answer is the `done` message for the host.
 */
import { evaluateScript, installScriptGlobals, toGuestError, toResultValue } from './runtime.ts';
import { doneMessage, loadEvaluator } from './evaluators/index.ts';
import type { ConsoleLevel } from '../../electron/common/run/result.ts';
import type { Evaluator } from '../../electron/common/run/driver-id.ts';
import type { GuestToHost } from '../../electron/common/protocol/worker-protocol.ts';

export interface GuestInput {
  readonly code: string;
  readonly evaluator: Evaluator;
  readonly jailDir: string;
  readonly canaryPort: number;
  /** Epoch ms at which evaluators with their own limit stop the script. */
  readonly deadlineAt: number;
  readonly memoryMb?: number;
  /** The run's output cap: the bootstrap's console forwards nothing past it (runtime.ts createOutputGate). */
  readonly maxOutputBytes?: number;
}

/**
 * What a thread's bootstrap gets in workerData: the timeout instead of a deadline, because the deadline starts
 * when the bootstrap is about to run the guest (it says so with `started`, which the host relays as `running`).
 */
export type ThreadInput = Omit<GuestInput, 'deadlineAt'> & { readonly timeoutMs: number };

/** `stopped` is called as soon as an evaluator's own limit has ended the script (EvalOptions.stopped). */
export async function runGuest(
  input: GuestInput,
  console: (level: ConsoleLevel, text: string) => void,
  stopped?: () => void,
): Promise<GuestToHost & { t: 'done' }> {
  if (input.evaluator === 'plain') {
    installScriptGlobals(input.jailDir, input.canaryPort);
    try {
      const result = toResultValue(await evaluateScript(input.code));
      return { t: 'done', ok: true, ...(result !== undefined ? { result } : {}) };
    } catch (error) {
      return { t: 'done', ok: false, error: toGuestError(error) };
    }
  }
  try {
    const evaluate = await loadEvaluator(input.evaluator);
    const outcome = await evaluate({
      code: input.code,
      timeoutMs: Math.max(1, input.deadlineAt - Date.now()),
      ...(input.memoryMb !== undefined ? { memoryMb: input.memoryMb } : {}),
      canaryPort: input.canaryPort,
      console,
      ...(stopped ? { stopped } : {}),
    });
    return doneMessage(outcome);
  } catch (error) {
    // The evaluator itself could not start (a missing addon, a denied read of its package).
    return { t: 'done', ok: false, error: toGuestError(error) };
  }
}
