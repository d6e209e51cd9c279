/**
 * `vm2` and `vm2-3.9.17` evaluators: the third-party vm2 sandbox at two pinned versions (package.json: `vm2` is
 * the latest, `vm2-3.9.17` an npm alias of a version with published escapes), so the matrix shows what each
 * stops. The guest runs in `new VM({ timeout, sandbox }).run(code, 'guest.js')` with vm2's defaults otherwise
 * (eval, wasm and async allowed) — the way its README shows it used.
 *
 * Endowments, the same as the `vm` evaluator's: `console` and `CANARY_PORT`, passed as vm2's `sandbox`
 * (vm2 wraps them in its proxy membrane). Console arguments are formatted here with util.format, without
 * calling the guest's custom inspect hooks: that path (CVE-2023-37903) would be the workbench's escape, not
 * vm2's.
 *
 * Limits: vm2's `timeout` is node:vm's (synchronous code only); behind it, the boundary's stop. Memory is
 * the boundary's: the VM lives in its heap.
 */
import { createRequire } from 'node:module';
import { formatWithOptions } from 'node:util';
import {
  asAsyncBody,
  compileGuestScript,
  GUEST_FILE,
  startEvalClock,
  toGuestError,
  toResultValue,
} from '../runtime.ts';
import type { EvalOptions, EvalOutcome } from './types.ts';

const LEVELS = ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const;

/** The npm package of each vm2 evaluator (the alias of package.json). */
export const VM2_PACKAGES = { vm2: 'vm2', 'vm2-3.9.17': 'vm2-3.9.17' } as const;

interface Vm2Module {
  VM: new (options: { timeout: number; sandbox: Record<string, unknown> }) => {
    /** Read by each run() (a documented, writable member in both pinned versions). */
    timeout: number;
    run(code: string, filename: string): unknown;
  };
}

function evaluator(name: keyof typeof VM2_PACKAGES): (o: EvalOptions) => Promise<EvalOutcome> {
  return async (o) => {
    const deadline = performance.now() + o.timeoutMs;
    const stats = startEvalClock();
    try {
      const { asyncBody } = compileGuestScript(o.code);
      const { VM } = createRequire(import.meta.url)(VM2_PACKAGES[name]) as Vm2Module;
      const bridged: Record<string, (...args: unknown[]) => void> = {};
      for (const level of LEVELS) {
        bridged[level] = (...args: unknown[]) => o.console(level, formatWithOptions({ customInspect: false }, ...args));
      }
      const vm = new VM({
        timeout: Math.max(1, Math.ceil(deadline - performance.now())),
        sandbox: { console: bridged, CANARY_PORT: o.canaryPort },
      });
      // What is left of the run's deadline now: building the VM (its bridge and contextify) takes tens of ms,
      // hundreds on a loaded machine, and counts against the guest's time as under the vm evaluator.
      vm.timeout = Math.max(1, Math.ceil(deadline - performance.now()));
      let value = vm.run(asyncBody ? asAsyncBody(o.code) : o.code, GUEST_FILE);
      if (isThenable(value)) value = await value;
      return { ok: true, result: toResultValue(value), stats: stats() };
    } catch (thrown) {
      const error = toGuestError(thrown);
      if (error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        return { ok: false, error, limit: { status: 'timeout', stoppedBy: 'vm-timeout' }, stats: stats() };
      }
      return { ok: false, error, stats: stats() };
    }
  };
}

export const evaluateVm2 = evaluator('vm2');
export const evaluateVm2Old = evaluator('vm2-3.9.17');

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
