/**
 * What every bench group gets: the Node that runs hosts and floors, the rounds, the drivers to measure, where
 * the evaluators' packages are (for the by-hand floors), how to wrap a child in bubblewrap by hand, and a
 * progress line writer. Also the one way the product is timed: startRun → result, wall clock.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { findOnPath } from '../../node/proc/find-on-path.ts';
import type { DriverListing } from '../../engine/drivers.ts';
import type { NodeRuntime } from '../../engine/node-runtime.ts';
import type { RunListener } from '../../engine/run.ts';
import type { Supervisor } from '../../engine/supervisor.ts';
import type { RunResult } from '../../common/run/result.ts';
import type { FloorModules, FloorSandbox } from './floors/sources.ts';
import { PROJECT_ROOT } from '../project-root.ts';

export interface BenchContext {
  readonly runtime: NodeRuntime;
  readonly rounds: number;
  /** The drivers asked for, available or not (groups skip unavailable ones with their reason). */
  readonly drivers: readonly DriverListing[];
  readonly modules: FloorModules;
  readonly sandbox: FloorSandbox | undefined;
  readonly progress: (line: string) => void;
}

/** The evaluator packages, resolved as the product resolves them (require for the addon, import for QuickJS). */
export function floorModules(): FloorModules {
  return {
    isolatedVm: createRequire(import.meta.url).resolve('isolated-vm'),
    quickjsCore: import.meta.resolve('quickjs-emscripten-core'),
    quickjsVariant: import.meta.resolve('@jitl/quickjs-ng-wasmfile-release-sync'),
  };
}

/** bubblewrap by hand, with the same read-only paths the product binds back (Linux only). */
export function floorSandbox(runtime: NodeRuntime): FloorSandbox | undefined {
  const bwrap = process.platform === 'linux' ? findOnPath('bwrap') : undefined;
  return bwrap ? { bwrap, readPaths: [dirname(realpathSync(runtime.path)), PROJECT_ROOT] } : undefined;
}

export interface TimedRun {
  readonly ms: number;
  readonly result: RunResult;
}

/** One product run, timed from startRun to its result (everything a caller waits for). */
export async function timeRun(
  supervisor: Supervisor,
  input: Record<string, unknown>,
  listener?: RunListener,
): Promise<TimedRun> {
  const t0 = performance.now();
  const result = await supervisor.startRun(input, listener).result;
  return { ms: performance.now() - t0, result };
}

/** "2 of 7 rounds: status timeout" style notes, from what the odd rounds saw. */
export function countNotes(seen: readonly string[], rounds: number): string[] {
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} of ${rounds} rounds: ${s}`);
}
