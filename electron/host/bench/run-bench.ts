/**
 * `workbench bench`: runs the chosen groups one after the other (never two measurements at once), each
 * product figure beside its by-hand floor from the same run, and returns the report. Progress goes to
 * `progress`; nothing is printed here.
 */
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { findNodeRuntime, type NodeRuntime } from '../../engine/node-runtime.ts';
import { listDrivers } from '../../engine/drivers.ts';
import type { BenchContext } from './context.ts';
import { floorModules, floorSandbox } from './context.ts';
import { machineNow } from './machine.ts';
import { summarizeRows, type BenchGroup, type BenchReport, type BenchRow } from './report.ts';
import { benchCli } from './cli.ts';
import { benchCold } from './cold.ts';
import { benchContainment } from './containment.ts';
import { benchWarm } from './warm.ts';
import { benchTerminate } from './terminate.ts';
import { benchMemory } from './memory.ts';
import { benchIpc } from './ipc.ts';
import { benchSampling } from './sampling.ts';
import { benchMatrix } from './matrix.ts';

export interface BenchOptions {
  readonly rounds: number;
  /** In the order they run. */
  readonly groups: readonly BenchGroup[];
  /** Driver ids to measure; every driver when absent. */
  readonly drivers?: readonly string[];
  readonly progress: (line: string) => void;
  /** The command line, for the report. */
  readonly command: string;
  readonly runtime?: NodeRuntime;
}

const GROUPS: Readonly<Record<BenchGroup, (ctx: BenchContext) => Promise<BenchRow[]>>> = {
  cli: benchCli,
  cold: benchCold,
  containment: benchContainment,
  warm: benchWarm,
  terminate: benchTerminate,
  memory: benchMemory,
  ipc: benchIpc,
  sampling: benchSampling,
  matrix: benchMatrix,
};

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const started = new Date();
  const t0 = performance.now();
  const runtime = o.runtime ?? findNodeRuntime();
  const listing = listDrivers(runtime);
  for (const id of o.drivers ?? []) {
    if (!listing.some((d) => d.id === id))
      throw new WorkbenchError('bad-driver', `unknown driver "${id}" (see workbench drivers)`);
  }
  const drivers = o.drivers ? listing.filter((d) => o.drivers!.includes(d.id)) : listing;
  const before = machineNow(runtime.version);
  const ctx: BenchContext = {
    runtime,
    rounds: o.rounds,
    drivers,
    modules: floorModules(),
    sandbox: floorSandbox(runtime),
    progress: o.progress,
  };
  const rows: BenchRow[] = [];
  for (const group of o.groups) rows.push(...(await GROUPS[group](ctx)));
  const { load, ...machine } = before;
  return {
    command: o.command,
    rounds: o.rounds,
    groups: o.groups,
    drivers: drivers.map((d) => d.id),
    machine: { ...machine, loadBefore: load, loadAfter: machineNow(runtime.version).load },
    startedAt: started.toISOString(),
    elapsedMs: Math.round(performance.now() - t0),
    rows,
    summary: summarizeRows(rows),
  };
}
