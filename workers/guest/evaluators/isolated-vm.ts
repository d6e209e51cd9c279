/**
 * `isolated-vm` evaluator: a separate V8 isolate per run, with its own heap bounded by `memoryLimit`
 * and an execution `timeout`. Nothing of the host crosses but what is listed here: `console` is a callback
 * whose arguments arrive as copied strings, `CANARY_PORT` is a copied number, and the result is copied out.
 * The isolate runs on its own thread, so the host stays responsive and watches it: isolated-vm can dispose
 * an isolate for its memory limit without settling the pending run (seen with large-array bombs), so a
 * watchdog reports that case instead of waiting for the outside deadline.
 */
import { createRequire } from 'node:module';
import type IsolatedVm from 'isolated-vm';
import type { EvalOptions, EvalOutcome, EvalStats } from './types.ts';
import { ASYNC_BODY_PREFIX, asAsyncBody, mayUseTopLevelAwait } from '../runtime.ts';

const requireHere = createRequire(import.meta.url);
/** Default isolate heap when the run has no memory budget (isolated-vm requires one). */
const DEFAULT_MEMORY_MB = 128;
const DISPOSE_WATCH_MS = 5;
const MB = 1024 * 1024;
/** Process growth allowed on top of the isolate's budget before the RSS watchdog disposes it. */
const ISOLATE_RSS_SLACK_MB = 64;

// Runs inside the isolate: a console that formats like a browser console would, with copied strings only.
const CONSOLE_SHIM = `
(() => {
  const send = __wbLog; delete globalThis.__wbLog;
  const show = (v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'function') return '[Function' + (v.name ? ': ' + v.name : ' (anonymous)') + ']';
    if (typeof v !== 'object' || v === null) return String(v);
    try { return JSON.stringify(v); } catch { return Object.prototype.toString.call(v); }
  };
  const line = (level) => (...args) => send(level, args.map(show).join(' '));
  globalThis.console = { log: line('log'), info: line('info'), debug: line('debug'), warn: line('warn'), error: line('error'), trace: line('trace') };
})();`;

// Runs inside the isolate on the completion value: plain data as JSON, anything else as a description.
const DESCRIBE = `(v) => {
  if (v === undefined) return undefined;
  try { const j = JSON.stringify(v); if (j !== undefined) return { json: j }; } catch {}
  return { text: typeof v === 'function' ? '[Function' + (v.name ? ': ' + v.name : ' (anonymous)') + ']' : String(v) };
}`;

export async function evaluateIsolatedVm(o: EvalOptions): Promise<EvalOutcome> {
  // The deadline is the run's: loading the addon and making the isolate count against it.
  const deadline = Date.now() + o.timeoutMs;
  const ivm = requireHere('isolated-vm') as typeof IsolatedVm;
  const memoryLimitMb = Math.max(8, o.memoryMb ?? DEFAULT_MEMORY_MB);
  const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
  let peak = 0;
  let overRss = false;
  const baseRss = process.memoryUsage.rss();
  let statsInFlight = false;
  // Never the Sync variant while the script may run: it waits for the isolate's lock, which a script
  // thrashing near its memory limit can hold for a long time.
  const sampleHeap = (): void => {
    if (statsInFlight || isolate.isDisposed) return;
    statsInFlight = true;
    isolate.getHeapStatistics().then(
      (h) => {
        statsInFlight = false;
        peak = Math.max(peak, h.used_heap_size + h.externally_allocated_size);
      },
      () => (statsInFlight = false),
    );
  };
  const measure = async (): Promise<EvalStats> => {
    try {
      const h = await isolate.getHeapStatistics();
      peak = Math.max(peak, h.used_heap_size + h.externally_allocated_size);
      return {
        cpuMs: Number(isolate.cpuTime) / 1e6,
        wallMs: Number(isolate.wallTime) / 1e6,
        heapUsedBytes: h.used_heap_size,
        peakMemoryBytes: peak,
      };
    } catch {
      return { peakMemoryBytes: peak };
    }
  };
  let watchdog: NodeJS.Timeout | undefined;
  try {
    const context = isolate.createContextSync();
    const jail = context.global;
    jail.setSync('globalThis', jail.derefInto());
    jail.setSync('CANARY_PORT', o.canaryPort);
    jail.setSync('__wbLog', new ivm.Callback((level: string, text: string) => o.console(asLevel(level), String(text))));
    context.evalSync(CONSOLE_SHIM);
    const script = compileInIsolate(isolate, o.code);
    const disposedByLimit = new Promise<'disposed'>((resolve) => {
      watchdog = setInterval(() => {
        if (isolate.isDisposed) return resolve('disposed');
        // memoryLimit does not count WebAssembly memory (measured: 1.5 GB under a 128 MB limit), but this
        // process's RSS sees it.
        let growth = 0;
        try {
          growth = process.memoryUsage.rss() - baseRss;
        } catch {
          // EMFILE: a guest in this process exhausted the descriptors; skip this look.
        }
        peak = Math.max(peak, growth);
        if (growth > (memoryLimitMb + ISOLATE_RSS_SLACK_MB) * MB) {
          overRss = true;
          isolate.dispose();
          return resolve('disposed');
        }
        sampleHeap();
      }, DISPOSE_WATCH_MS);
    });
    const running = script.run(context, {
      timeout: Math.max(1, Math.ceil(deadline - Date.now())),
      promise: true,
      reference: true,
    });
    const first = await Promise.race([running, disposedByLimit]);
    if (first === 'disposed') return memoryLimit(peak, memoryLimitMb, undefined, overRss);
    // derefInto(): the completion value goes back into its own isolate as itself, never into this one.
    const described = (await context.evalClosure(`return (${DESCRIBE})($0)`, [first.derefInto()], {
      result: { copy: true },
      timeout: o.timeoutMs,
    })) as { json?: string; text?: string } | undefined;
    const stats = await measure();
    if (described === undefined) return { ok: true, stats };
    return { ok: true, result: described.json !== undefined ? JSON.parse(described.json) : described.text, stats };
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    if (/disposed during execution due to memory limit|memory limit/i.test(message) || isolate.isDisposed) {
      return memoryLimit(peak, memoryLimitMb, message);
    }
    const timedOut = /Script execution timed out/.test(message);
    if (timedOut) o.stopped?.();
    const stats = await measure();
    if (timedOut) {
      return {
        ok: false,
        error: { name: 'Error', message },
        limit: { status: 'timeout', stoppedBy: 'isolate-timeout' },
        stats,
      };
    }
    const name = thrown instanceof Error ? thrown.name : 'Error';
    return {
      ok: false,
      error: { name, message, ...(thrown instanceof Error && thrown.stack ? { stack: thrown.stack } : {}) },
      stats,
    };
  } finally {
    clearInterval(watchdog);
    if (!isolate.isDisposed) isolate.dispose();
  }
}

function memoryLimit(peak: number, limitMb: number, message?: string, byRss = false): EvalOutcome {
  const why = byRss
    ? `the process grew by more than the ${limitMb} MB budget outside the isolate heap (WebAssembly memory?): the isolate was disposed`
    : `the isolate was disposed for exceeding its ${limitMb} MB memory limit`;
  return {
    ok: false,
    error: { name: 'RangeError', message: message ?? why },
    limit: { status: 'memory-limit', stoppedBy: byRss ? 'rss-watchdog' : 'isolate-memory-limit' },
    stats: { peakMemoryBytes: Math.max(peak, limitMb * MB) },
  };
}

function asLevel(level: string): 'log' | 'info' | 'debug' | 'warn' | 'error' | 'trace' {
  return level === 'info' || level === 'debug' || level === 'warn' || level === 'error' || level === 'trace'
    ? level
    : 'log';
}

/** As a script, or as an async function body when only that compiles (top-level await, runtime.ts). */
function compileInIsolate(isolate: IsolatedVm.Isolate, code: string): IsolatedVm.Script {
  try {
    return isolate.compileScriptSync(code, { filename: 'guest.js' });
  } catch (error) {
    if (!mayUseTopLevelAwait(code)) throw error;
    return isolate.compileScriptSync(asAsyncBody(code), {
      filename: 'guest.js',
      columnOffset: -ASYNC_BODY_PREFIX.length,
    });
  }
}
