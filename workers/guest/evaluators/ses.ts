/**
 * `ses` evaluator: the `ses` package (Hardened JavaScript). `lockdown()` freezes the intrinsics of the realm
 * this runs in — the guest thread's or child's own, never the workbench host's (the `host+ses` driver is
 * unavailable: availability.ts) — and the script runs in `new Compartment({ globals }).evaluate(code)`.
 *
 * Endowments, the same as the `vm` evaluator's: `console` (log, info, debug, warn, error, trace; arguments
 * formatted here with util.format, without calling the guest's custom inspect hooks) and `CANARY_PORT`. Both
 * are hardened. Nothing else: no timers, no `process`, no `require`. SES's own rules apply to the code: strict
 * mode, no direct `eval` (rejected by a source check), `Date.now()` and `Math.random()` throw in a Compartment.
 *
 * Limits: SES has none. A runaway is ended by the boundary (terminate the thread, SIGKILL the child); memory is
 * the boundary's heap limit.
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

interface SesGlobals {
  lockdown(options?: Record<string, string>): void;
  harden<T>(value: T): T;
  Compartment: new (options: { globals: Record<string, unknown>; __options__: true }) => {
    evaluate(code: string): unknown;
  };
}

/**
 * Options for lockdown(), each a choice about the workbench, not about the guest: the bootstrap's console stays
 * the capturing one (SES's causal console would wrap it), and uncaught errors stay the bootstrap's to report
 * (SES would install its own process handlers). Everything that confines the guest is SES's default.
 */
const LOCKDOWN_OPTIONS = {
  consoleTaming: 'unsafe',
  errorTrapping: 'none',
  unhandledRejectionTrapping: 'none',
  // The list of intrinsics lockdown removes goes to the console it reports on; it is SES's, not the guest's.
  reporting: 'none',
} as const;

let locked: SesGlobals | undefined;

/** Locks this realm down once: lockdown() may run only once per realm (a thread or child runs one guest). */
function lockedDown(): SesGlobals {
  if (locked) return locked;
  // The CommonJS build is one self-contained file (dist/ses.cjs); it installs lockdown, harden, Compartment.
  createRequire(import.meta.url)('ses');
  const ses = globalThis as unknown as SesGlobals;
  ses.lockdown(LOCKDOWN_OPTIONS);
  return (locked = ses);
}

export async function evaluateSes(o: EvalOptions): Promise<EvalOutcome> {
  const stats = startEvalClock();
  try {
    // Compiled by V8 first (not run): a syntax error says where it is, and top-level await is found the same
    // way as under the other evaluators.
    const { asyncBody } = compileGuestScript(o.code);
    const { harden, Compartment } = lockedDown();
    const consoleEndowment: Record<string, (...args: unknown[]) => void> = {};
    for (const level of LEVELS) {
      consoleEndowment[level] = (...args: unknown[]) =>
        o.console(level, formatWithOptions({ customInspect: false }, ...args));
    }
    const compartment = new Compartment({
      globals: { console: harden(consoleEndowment), CANARY_PORT: o.canaryPort },
      __options__: true,
    });
    // The sourceURL, on a line of its own after the code, names the guest's frames guest.js:LINE:COLUMN.
    const source = `${asyncBody ? asAsyncBody(o.code) : o.code}\n//# sourceURL=${GUEST_FILE}`;
    let value = compartment.evaluate(source);
    if (isThenable(value)) value = await value;
    return { ok: true, result: toResultValue(value), stats: stats() };
  } catch (thrown) {
    return { ok: false, error: toGuestError(thrown), stats: stats() };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
