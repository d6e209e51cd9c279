/**
 * What every guest bootstrap does the same way, whatever boundary it lives in: give the script a console
 * that reports lines with their level, evaluate it as a script (its completion value is the result, awaited
 * if it is a promise), and turn values and errors into plain data that can cross a boundary.
 *
 * This file must import nothing but `node:` built-ins at run time: the child bootstrap runs under the
 * Permission Model and is granted read access to exactly this file (see child-entry.ts).
 */
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { inspect, format } from 'node:util';
import { Script } from 'node:vm';
import type { ConsoleLevel } from '../../electron/common/run/result.ts';
import type { GuestOutcome } from '../../electron/common/protocol/worker-protocol.ts';

type Send = (level: ConsoleLevel, text: string) => void;

/** Largest single result kept as JSON; larger values are reported as their (cut) inspection. */
const MAX_RESULT_JSON_CHARS = 256 * 1024;
const MAX_RESULT_DEPTH = 32;
const INSPECT_OPTIONS = { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 120 } as const;

/** A console whose every method reports a formatted line to `send`. */
export function createCapturingConsole(send: Send): Console {
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const groupIndent = { depth: 0 };
  const line =
    (level: ConsoleLevel) =>
    (...args: unknown[]) => {
      send(level, '  '.repeat(groupIndent.depth) + format(...args));
    };
  const c = {
    log: line('log'),
    info: line('info'),
    debug: line('debug'),
    warn: line('warn'),
    error: line('error'),
    trace: (...args: unknown[]) =>
      send('trace', `Trace: ${format(...args)}\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`),
    dir: (value: unknown) => send('log', inspect(value, INSPECT_OPTIONS)),
    table: (value: unknown) => send('log', inspect(value, INSPECT_OPTIONS)),
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) send('error', `Assertion failed${args.length ? `: ${format(...args)}` : ''}`);
    },
    count: (label = 'default') => {
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      send('log', `${label}: ${n}`);
    },
    countReset: (label = 'default') => void counts.delete(label),
    time: (label = 'default') => void timers.set(label, performance.now()),
    timeLog: (label = 'default', ...args: unknown[]) => {
      const start = timers.get(label);
      if (start !== undefined)
        send('log', `${label}: ${(performance.now() - start).toFixed(3)}ms ${format(...args)}`.trimEnd());
    },
    timeEnd: (label = 'default') => {
      const start = timers.get(label);
      timers.delete(label);
      if (start !== undefined) send('log', `${label}: ${(performance.now() - start).toFixed(3)}ms`);
    },
    group: (...args: unknown[]) => {
      if (args.length) line('log')(...args);
      groupIndent.depth++;
    },
    groupCollapsed: (...args: unknown[]) => c.group(...args),
    groupEnd: () => void (groupIndent.depth = Math.max(0, groupIndent.depth - 1)),
  };
  return c as unknown as Console;
}

/** Give a Node realm the CommonJS names a script would see, rooted at the jail. */
export function installScriptGlobals(jailDir: string, canaryPort: number): void {
  const g = globalThis as Record<string, unknown>;
  const filename = `${jailDir}/guest.js`;
  g.require = createRequire(filename);
  g.__filename = filename;
  g.__dirname = jailDir;
  g.CANARY_PORT = canaryPort;
}

/** The name the guest's code has in stack traces and syntax errors: what its line and column refer to. */
export const GUEST_FILE = 'guest.js';

/**
 * Top-level `await` is a SyntaxError in a script. A guest whose code only compiles as the body of an async
 * function runs as one: the prefix shares the first line (so every line keeps its number; the first line's
 * columns are shifted back by the compile's column offset) and its result is what it `return`s — there is
 * no completion value of a function body. Code that is wrong either way reports the script's own error.
 */
export const ASYNC_BODY_PREFIX = '(async () => {';

export function asAsyncBody(code: string): string {
  return `${ASYNC_BODY_PREFIX}${code}\n})()`;
}

/** Only code that mentions `await` is retried as an async body (a stray top-level `return` stays an error). */
export function mayUseTopLevelAwait(code: string): boolean {
  return /\bawait\b/.test(code);
}

/**
 * Compile the guest's code for this realm or a vm context: as a script, or — when that fails and the code
 * uses top-level await — as an async function body (`asyncBody`).
 */
export function compileGuestScript(code: string): { script: Script; asyncBody: boolean } {
  try {
    return { script: new Script(code, { filename: GUEST_FILE }), asyncBody: false };
  } catch (error) {
    if (!mayUseTopLevelAwait(code)) throw error;
    // Wrong either way: the body's error, which is not about the await the code meant.
    const script = new Script(asAsyncBody(code), { filename: GUEST_FILE, columnOffset: -ASYNC_BODY_PREFIX.length });
    return { script, asyncBody: true };
  }
}

const CODE_GENERATION_DISALLOWED = process.execArgv.includes('--disallow-code-generation-from-strings');

/** Evaluate a script in the current realm; resolves with its completion value (awaited if thenable). */
export async function evaluateScript(code: string): Promise<unknown> {
  // Compiled first: a syntax error then says where it is (guest.js:LINE and a caret), which an eval's does not.
  const { script, asyncBody } = compileGuestScript(code);
  if (asyncBody) return await (script.runInThisContext({ displayErrors: false }) as Promise<unknown>);
  // Under the hardening flag --disallow-code-generation-from-strings an eval of the guest's code would be
  // refused before any of it ran: the compiled script runs instead (same scope and completion value), and
  // the flag stays on for what the guest itself evaluates.
  if (CODE_GENERATION_DISALLOWED) {
    const value: unknown = script.runInThisContext({ displayErrors: false });
    return isThenable(value) ? await value : value;
  }
  // Indirect eval: global scope, script semantics, completion value returned. The sourceURL (on a line of its
  // own after the code, so no position moves) names the guest's frames guest.js:LINE:COLUMN in stack traces.
  const value: unknown = (0, eval)(`${code}\n//# sourceURL=${GUEST_FILE}`);
  return isThenable(value) ? await value : value;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The wall and CPU time an in-process evaluator (vm, ses, vm2) reports for its script: started just before the
 * guest's code is compiled, read when it settles. CPU is the whole process's: the evaluator's realm shares its
 * thread.
 */
export function startEvalClock(): () => { wallMs: number; cpuMs: number } {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuBefore);
    return { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** A value as plain JSON if it is plain data, otherwise as its inspection string. Never throws. */
export function toResultValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isFinite(value) ? value : String(value);
  try {
    if (isPlainData(value, 0)) {
      const text = JSON.stringify(value);
      if (text !== undefined && text.length <= MAX_RESULT_JSON_CHARS) return JSON.parse(text) as unknown;
    }
  } catch {
    // A getter or proxy trap threw: fall back to inspection below.
  }
  return safeInspect(value);
}

function isPlainData(value: unknown, depth: number): boolean {
  if (depth > MAX_RESULT_DEPTH) return false;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  // A plain object of any realm (a vm context has its own Object.prototype): its prototype is null or
  // an Object.prototype, itself with a null prototype.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return false;
  if (proto !== null && Object.prototype.toString.call(value) !== '[object Object]') return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (!d || !('value' in d) || !isPlainData(d.value, depth + 1)) return false;
  }
  return true;
}

export function safeInspect(value: unknown): string {
  try {
    const text = inspect(value, INSPECT_OPTIONS);
    return text.length > MAX_RESULT_JSON_CHARS ? `${text.slice(0, MAX_RESULT_JSON_CHARS)}… [cut]` : text;
  } catch (error) {
    return `[uninspectable value: ${String((error as Error | undefined)?.message ?? error)}]`;
  }
}

/** A thrown value as data. Guest errors may be anything, including proxies that throw on every access. */
export function toGuestError(thrown: unknown): NonNullable<GuestOutcome['error']> {
  try {
    if (thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown)) {
      const e = thrown as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
      const code = typeof e.code === 'string' ? e.code.slice(0, 256) : undefined;
      return {
        name: String(e.name ?? 'Error').slice(0, 256),
        message: String(e.message ?? '').slice(0, 64 * 1024),
        ...(code !== undefined ? { code } : {}),
        ...(typeof e.stack === 'string' ? { stack: e.stack.slice(0, 64 * 1024) } : {}),
      };
    }
    return { name: 'Thrown', message: safeInspect(thrown).slice(0, 64 * 1024) };
  } catch {
    return { name: 'Thrown', message: '[unreadable thrown value]' };
  }
}

/**
 * The guest's side of the output cap: split each line into pieces that fit in a message, count them as the
 * supervisor will (a console line costs its UTF-8 bytes plus the newline it is stored with, unless it ends
 * with one; electron/common/run/output-buffer.ts), and forward nothing after the piece that crosses `maxBytes`.
 * The host then stops the guest; until it does, a console flood costs no messages, no memory in the host,
 * and no time on the channel. The host and the supervisor count again (a guest can post on its own).
 */
export function createOutputGate(send: Send, maxBytes: number, chunkChars: number): Send {
  let bytes = 0;
  // Taken now: the guest shares this realm and could replace it.
  const byteLength = Buffer.byteLength;
  return (level, text) => {
    for (const piece of chunkText(text, chunkChars)) {
      if (bytes > maxBytes) return;
      const stored = level === 'stdout' || level === 'stderr' || piece.endsWith('\n') ? piece : `${piece}\n`;
      bytes += Math.max(1, byteLength(stored));
      send(level, piece);
    }
  };
}

/** Split text into pieces no longer than `max` characters (frames have a size cap). */
export function chunkText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += max) out.push(text.slice(i, i + max));
  return out;
}
