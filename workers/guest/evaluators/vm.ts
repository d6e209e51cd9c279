/**
 * `vm` evaluator: a fresh node:vm context per run. The script sees only the context's globals plus
 * `console` and `CANARY_PORT`. node:vm is NOT a security boundary: the context object and the console are
 * created in the outer realm, so `this.constructor.constructor('return globalThis')()` (or the same through
 * `console.log`) reaches the realm outside — the workbench shows exactly that. The `timeout` option covers
 * synchronous code and, with `microtaskMode: 'afterEvaluate'`, the microtasks queued while it ran. Memory
 * cannot be bounded inside the surrounding heap.
 */
import { createContext, Script } from 'node:vm';
import { format } from 'node:util';
import { compileGuestScript, startEvalClock, toGuestError, toResultValue } from '../runtime.ts';
import type { EvalOptions, EvalOutcome } from './types.ts';

const LEVELS = ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const;

export async function evaluateVm(o: EvalOptions): Promise<EvalOutcome> {
  // The deadline is the run's: making the context and compiling the script count against it.
  const deadline = performance.now() + o.timeoutMs;
  const bridged: Record<string, (...args: unknown[]) => void> = {};
  for (const level of LEVELS) bridged[level] = (...args: unknown[]) => o.console(level, format(...args));
  const context = createContext({ console: bridged, CANARY_PORT: o.canaryPort }, { microtaskMode: 'afterEvaluate' });
  const stats = startEvalClock();
  try {
    let value: unknown = compileGuestScript(o.code).script.runInContext(context, {
      timeout: Math.max(1, Math.ceil(deadline - performance.now())),
    });
    if (isThenable(value)) value = await settle(value, context, deadline - performance.now());
    return { ok: true, result: toResultValue(value), stats: stats() };
  } catch (thrown) {
    const error = toGuestError(thrown);
    if (error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return {
        ok: false,
        error,
        limit: { status: 'timeout', stoppedBy: 'vm-timeout' },
        stats: stats(),
      };
    }
    return { ok: false, error, stats: stats() };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Await a promise that belongs to the context. Its reactions run in the context's own microtask queue,
 * which only drains when something is evaluated there, so evaluate an empty script now and then until it
 * settles or the remaining time is up.
 */
async function settle(value: PromiseLike<unknown>, context: object, remainingMs: number): Promise<unknown> {
  let state: { done: false } | { done: true; ok: boolean; value: unknown } = { done: false };
  value.then(
    (v) => (state = { done: true, ok: true, value: v }),
    (e: unknown) => (state = { done: true, ok: false, value: e }),
  );
  const deadline = performance.now() + Math.max(0, remainingMs);
  const pump = new Script('undefined');
  while (!state.done) {
    if (performance.now() > deadline) {
      throw Object.assign(new Error(`Script execution timed out after ${Math.round(remainingMs)}ms`), {
        code: 'ERR_SCRIPT_EXECUTION_TIMEOUT',
      });
    }
    pump.runInContext(context, { timeout: Math.max(1, Math.ceil(deadline - performance.now())) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const settled = state as { done: true; ok: boolean; value: unknown };
  if (!settled.ok) throw settled.value;
  return settled.value;
}
