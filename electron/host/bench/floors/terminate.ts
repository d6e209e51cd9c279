/**
 * Floor of stopping a runaway (`while (true) {}`) by hand, the way each driver stops one:
 *   worker       worker.terminate() of a spinning Worker, until its 'exit'
 *   child        SIGKILL of a spinning child Node, until its 'exit'
 *   vm           node:vm's own timeout: how long past it runInContext returns
 *   isolated-vm  the isolate's execution timeout: how long past it run() settles
 *   quickjs      an interrupt handler with a deadline: how long past it evalCode returns
 *
 *   node terminate.ts <mechanism> <rounds> <modules JSON>
 *
 * Prints `{"samplesMs":[…]}`: milliseconds from the stop (or the deadline) to the guest being stopped.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Script, createContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type IsolatedVm from 'isolated-vm';
import type * as QuickJSCore from 'quickjs-emscripten-core';
import type { QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { FloorModules } from './sources.ts';
import { GC_FIRST_MS, GC_HEAVY_GUEST } from './gc-guest.ts';

/** Deadline given to the evaluators' own timeouts. */
const EVALUATOR_TIMEOUT_MS = 50;
/** Time a guest spins before it is stopped, so that it is surely in its loop. */
const SPIN_FIRST_MS = 20;

const [mechanism, roundsText, modulesJson] = process.argv.slice(2);
const rounds = Number(roundsText);
const modules = JSON.parse(modulesJson ?? '{}') as FloorModules;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** terminate() of a Worker running `guest` after `runFirstMs`, until its 'exit'. */
async function terminateWorkerRunning(guest: string, runFirstMs: number): Promise<number> {
  const worker = new Worker(`require('node:worker_threads').parentPort.postMessage('up'); ${guest}`, { eval: true });
  await new Promise((resolve) => worker.once('message', resolve));
  await sleep(runFirstMs);
  const t0 = performance.now();
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  void worker.terminate();
  await exited;
  return performance.now() - t0;
}

const terminateWorker = (): Promise<number> => terminateWorkerRunning('while (true) {}', SPIN_FIRST_MS);

/**
 * terminate() of a Worker deep in garbage collection (GC_HEAVY_GUEST, after GC_FIRST_MS of growing its heap):
 * V8 cannot interrupt a collection, so this is how long a thread in GC takes to go when only asked.
 */
const terminateWorkerInGc = (): Promise<number> => terminateWorkerRunning(GC_HEAVY_GUEST, GC_FIRST_MS);

async function killChild(): Promise<number> {
  const child = spawn(process.execPath, ['-e', `process.stdout.write('spinning'); while (true) {}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  await sleep(SPIN_FIRST_MS);
  const t0 = performance.now();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return performance.now() - t0;
}

function vmTimeout(): number {
  const context = createContext({});
  const script = new Script('while (true) {}');
  const t0 = performance.now();
  try {
    script.runInContext(context, { timeout: EVALUATOR_TIMEOUT_MS });
  } catch {
    // the timeout
  }
  return performance.now() - t0 - EVALUATOR_TIMEOUT_MS;
}

async function isolateTimeout(): Promise<number> {
  const ivm = createRequire(import.meta.url)(modules.isolatedVm) as typeof IsolatedVm;
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const context = await isolate.createContext();
  const script = await isolate.compileScript('while (true) {}');
  const t0 = performance.now();
  await script.run(context, { timeout: EVALUATOR_TIMEOUT_MS }).catch(() => undefined);
  const ms = performance.now() - t0 - EVALUATOR_TIMEOUT_MS;
  isolate.dispose();
  return ms;
}

let quickjs: QuickJSWASMModule | undefined;
async function quickjsInterrupt(): Promise<number> {
  if (!quickjs) {
    const core = (await import(modules.quickjsCore)) as typeof QuickJSCore;
    const variant = ((await import(modules.quickjsVariant)) as { default: unknown }).default as QuickJSSyncVariant;
    quickjs = await core.newQuickJSWASMModuleFromVariant(variant);
  }
  const runtime = quickjs.newRuntime();
  const t0 = performance.now();
  const deadline = Date.now() + EVALUATOR_TIMEOUT_MS;
  runtime.setInterruptHandler(() => Date.now() > deadline);
  const context = runtime.newContext();
  const result = context.evalCode('while (true) {}');
  const ms = performance.now() - t0 - EVALUATOR_TIMEOUT_MS;
  result.dispose();
  context.dispose();
  runtime.dispose();
  return ms;
}

const MECHANISMS: Record<string, () => number | Promise<number>> = {
  worker: terminateWorker,
  'worker-gc': terminateWorkerInGc,
  child: killChild,
  vm: vmTimeout,
  'isolated-vm': isolateTimeout,
  quickjs: quickjsInterrupt,
};
const measure = MECHANISMS[mechanism ?? ''];
if (!measure) throw new Error(`unknown mechanism ${mechanism}`);
const samplesMs: number[] = [];
for (let i = 0; i <= rounds; i++) {
  const ms = await measure();
  if (i > 0) samplesMs.push(Math.max(0, ms));
}
process.stdout.write(`${JSON.stringify({ samplesMs })}\n`);
