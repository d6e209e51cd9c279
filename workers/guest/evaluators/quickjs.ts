/**
 * `quickjs` evaluator: QuickJS-NG compiled to WebAssembly, through quickjs-emscripten-core with the
 * `@jitl/quickjs-ng-wasmfile-release-sync` variant. QuickJS-NG is the actively maintained fork of QuickJS
 * (regular releases, newer language features, the same embedding API), which is why it was chosen over the
 * original; one variant keeps the install small. The guest lives inside the WASM memory: it sees only
 * QuickJS's globals plus `console` (host functions receiving dumped copies) and `CANARY_PORT`.
 * Limits: `setMemoryLimit` on the runtime, a max stack size, and an interrupt handler at the deadline.
 */
import { format } from 'node:util';
import type {
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSSyncVariant,
  QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import type { EvalOptions, EvalOutcome, EvalStats } from './types.ts';
import { asAsyncBody, mayUseTopLevelAwait } from '../runtime.ts';

/** Default runtime memory when the run has no memory budget. */
const DEFAULT_MEMORY_MB = 256;
const MAX_STACK_BYTES = 1024 * 1024;
const LEVELS = ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const;

let modulePromise: Promise<QuickJSWASMModule> | undefined;

/** The WASM module is loaded once per process (about 13 ms here); runtimes and contexts are per run. */
function loadModule(): Promise<QuickJSWASMModule> {
  modulePromise ??= (async () => {
    const core = await import('quickjs-emscripten-core');
    // The package is CommonJS: its namespace's default export is the variant object itself.
    const variant = (await import('@jitl/quickjs-ng-wasmfile-release-sync')).default as unknown as QuickJSSyncVariant;
    return core.newQuickJSWASMModuleFromVariant(variant);
  })();
  return modulePromise;
}

export async function evaluateQuickJs(o: EvalOptions): Promise<EvalOutcome> {
  // The deadline is the run's: loading the WASM module (the first run in a process) counts against it.
  const deadline = Date.now() + o.timeoutMs;
  const module = await loadModule();
  const runtime = module.newRuntime();
  const memoryMb = o.memoryMb ?? DEFAULT_MEMORY_MB;
  runtime.setMemoryLimit(memoryMb * 1024 * 1024);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  // QuickJS's own accounting (setMemoryLimit) undercounts: a string bomb under a 32 MB limit was measured
  // growing the WASM memory to 2 GB. So the interrupt handler also watches the linear memory itself.
  const memory = module.getWasmMemory();
  const baseBytes = memory.buffer.byteLength;
  const budgetBytes = memoryMb * 1024 * 1024;
  const watch: Watch = { reason: undefined, peakGrowthBytes: 0 };
  const watchMemory = (): void => {
    const growth = memory.buffer.byteLength - baseBytes;
    watch.peakGrowthBytes = Math.max(watch.peakGrowthBytes, growth);
    if (growth > budgetBytes) watch.reason ??= 'memory';
  };
  runtime.setInterruptHandler(() => {
    watchMemory();
    if (Date.now() > deadline) watch.reason ??= 'timeout';
    return watch.reason !== undefined;
  });
  const vm = runtime.newContext();
  const started = performance.now();
  try {
    installGlobals(vm, o);
    const evaluated = evalGuest(vm, o.code);
    if (evaluated.error) return failure(vm, runtime, evaluated.error, started, watch);
    const settled = settle(vm, runtime, evaluated.value, watch);
    if (settled.error) return failure(vm, runtime, settled.error, started, watch);
    const result = describe(vm, settled.value);
    settled.value.dispose();
    // Getters and proxy traps run while the result is read, and native allocations (ArrayBuffers) may never
    // give the interrupt handler a turn: look once more before calling it a success.
    watchMemory();
    if (watch.reason)
      return failure(vm, runtime, vm.newError({ name: 'InternalError', message: 'interrupted' }), started, watch);
    return { ok: true, ...(result !== undefined ? { result } : {}), stats: stats(vm, runtime, started, watch) };
  } finally {
    release(vm, runtime);
  }
}

/**
 * Free the context and runtime. After an interrupted job loop QuickJS-NG can abort in JS_FreeRuntime (an
 * assertion on objects still held by the dropped jobs); the abort kills that WASM instance only, so it is
 * caught and the next run loads a fresh module.
 */
function release(vm: QuickJSContext, runtime: QuickJSRuntime): void {
  try {
    vm.dispose();
    runtime.dispose();
  } catch {
    modulePromise = undefined;
  }
}

function installGlobals(vm: QuickJSContext, o: EvalOptions): void {
  const consoleObject = vm.newObject();
  for (const level of LEVELS) {
    const fn = vm.newFunction(level, (...args: QuickJSHandle[]) => {
      o.console(level, format(...args.map((a) => vm.dump(a) as unknown)));
    });
    vm.setProp(consoleObject, level, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, 'console', consoleObject);
  consoleObject.dispose();
  const port = vm.newNumber(o.canaryPort);
  vm.setProp(vm.global, 'CANARY_PORT', port);
  port.dispose();
}

/**
 * The completion value, settled: a non-promise as is; a promise after running QuickJS's pending jobs until
 * it settles. The guest has no timers or I/O, so a promise still pending with no job left never settles.
 * Every handle returned is owned by the caller.
 */
function settle(
  vm: QuickJSContext,
  runtime: QuickJSRuntime,
  handle: QuickJSHandle,
  watch: Watch,
): { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle; value?: undefined } {
  const first = vm.getPromiseState(handle);
  if (first.type === 'fulfilled' && first.notAPromise) return { value: handle };
  if (first.type === 'fulfilled') first.value.dispose();
  if (first.type === 'rejected') first.error.dispose();
  try {
    for (;;) {
      const state = vm.getPromiseState(handle);
      if (state.type === 'fulfilled') return { value: state.value };
      if (state.type === 'rejected') return { error: state.error };
      // An interrupted job is dropped quietly by QuickJS: the watch says whether that happened.
      if (watch.reason) return { error: vm.newError({ name: 'InternalError', message: 'interrupted' }) };
      if (!runtime.hasPendingJob()) {
        return {
          error: vm.newError({ name: 'Error', message: 'the completion value is a promise that never settles' }),
        };
      }
      // The interrupt handler ends a job loop that runs past the deadline.
      const jobs = runtime.executePendingJobs(64);
      if (jobs.error) return { error: jobs.error };
    }
  } finally {
    handle.dispose();
  }
}

function describe(vm: QuickJSContext, handle: QuickJSHandle): unknown {
  const type = vm.typeof(handle);
  if (type === 'undefined') return undefined;
  if (type === 'function') return '[Function]';
  const dumped = vm.dump(handle) as unknown;
  try {
    return JSON.parse(JSON.stringify(dumped)) as unknown;
  } catch {
    return String(dumped);
  }
}

/** Why the interrupt handler stopped the guest, and how far the WASM memory grew. */
interface Watch {
  reason: 'timeout' | 'memory' | undefined;
  peakGrowthBytes: number;
}

function failure(
  vm: QuickJSContext,
  runtime: QuickJSRuntime,
  errorHandle: QuickJSHandle,
  started: number,
  watch: Watch,
): EvalOutcome {
  const dumped = vm.dump(errorHandle) as { name?: unknown; message?: unknown; stack?: unknown } | unknown;
  errorHandle.dispose();
  const e = (typeof dumped === 'object' && dumped !== null ? dumped : { name: 'Thrown', message: String(dumped) }) as {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  const error = {
    name: String(e.name ?? 'Error'),
    message: String(e.message ?? ''),
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
  };
  const s = stats(vm, runtime, started, watch);
  if (error.name === 'InternalError' && error.message === 'interrupted' && watch.reason === 'memory') {
    const message = `the WASM memory grew by ${watch.peakGrowthBytes} bytes, over the memory budget`;
    return {
      ok: false,
      error: { name: 'RangeError', message },
      limit: { status: 'memory-limit', stoppedBy: 'quickjs-wasm-memory-watchdog' },
      stats: s,
    };
  }
  if (error.name === 'InternalError' && error.message === 'interrupted') {
    return { ok: false, error, limit: { status: 'timeout', stoppedBy: 'quickjs-interrupt' }, stats: s };
  }
  if (error.name === 'InternalError' && /out of memory/.test(error.message)) {
    return { ok: false, error, limit: { status: 'memory-limit', stoppedBy: 'quickjs-memory-limit' }, stats: s };
  }
  return { ok: false, error, stats: s };
}

function stats(vm: QuickJSContext, runtime: QuickJSRuntime, started: number, watch: Watch): EvalStats {
  const wallMs = performance.now() - started;
  try {
    const usage = runtime.computeMemoryUsage();
    const m = vm.dump(usage) as { memory_used_size?: number };
    usage.dispose();
    const used = Number.isFinite(m.memory_used_size) ? (m.memory_used_size ?? 0) : 0;
    return { wallMs, heapUsedBytes: used, peakMemoryBytes: Math.max(used, watch.peakGrowthBytes) };
  } catch {
    return { wallMs, peakMemoryBytes: watch.peakGrowthBytes };
  }
}

/**
 * As a script, or as an async function body when only that compiles (top-level await, runtime.ts). QuickJS
 * takes no column offset: an error on the first line of such a body reads 14 columns further right.
 */
function evalGuest(vm: QuickJSContext, code: string): ReturnType<QuickJSContext['evalCode']> {
  const evaluated = vm.evalCode(code, 'guest.js');
  if (!evaluated.error || !mayUseTopLevelAwait(code)) return evaluated;
  const name = vm.getProp(evaluated.error, 'name');
  const isSyntaxError = vm.typeof(name) === 'string' && vm.getString(name) === 'SyntaxError';
  name.dispose();
  if (!isSyntaxError) return evaluated;
  evaluated.error.dispose();
  return vm.evalCode(asAsyncBody(code), 'guest.js');
}
