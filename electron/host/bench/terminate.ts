/**
 * Termination latency after a deadline, per driver: `while (true) {}` with a short timeout, no pool; the
 * figure is the result's own `limits.timeout.overshoot` (deadline → guest gone, as the supervisor saw it).
 * Floor: the stop that driver relies on, by hand (floors/terminate.ts): SIGKILL of a spinning child (host,
 * process, os-sandbox), terminate() of a spinning Worker, or the evaluator's own timeout. Target: ≤ 10 ms.
 */
import { Supervisor } from '../../engine/supervisor.ts';
import { runFloor } from './floor-runner.ts';
import { countNotes, timeRun, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { GC_FIRST_MS, GC_HEAVY_GUEST } from './floors/gc-guest.ts';

export const TERMINATE_TARGET = { on: 'product', max: 10 } as const;
/** Long enough for every guest to be spinning before its deadline, even on a loaded machine. */
export const TERMINATE_TIMEOUT_MS = 500;

/** Which by-hand stop is the floor of a driver. */
export function stopMechanism(boundary: string, evaluator: string): string {
  if (evaluator !== 'plain') return evaluator;
  return boundary === 'worker' ? 'worker' : 'child';
}

const FLOOR_IS: Record<string, string> = {
  worker: 'worker.terminate() of a spinning Worker → exit',
  child: 'SIGKILL of a spinning child Node → exit',
  vm: 'node:vm timeout, past its deadline',
  'isolated-vm': 'isolate execution timeout, past its deadline',
  quickjs: 'QuickJS interrupt handler, past its deadline',
};

export async function benchTerminate(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const supervisor = new Supervisor({ runtime: ctx.runtime });
  const floors = new Map<string, number[]>();
  try {
    for (const d of ctx.drivers) {
      if (!d.available) {
        rows.push(
          makeRow({ group: 'terminate', subject: d.id, unit: 'ms', product: [], notes: [`unavailable: ${d.reason}`] }),
        );
        continue;
      }
      ctx.progress(`terminate: ${d.id}`);
      const mechanism = stopMechanism(d.boundary, d.evaluator);
      let floor = floors.get(mechanism);
      if (!floor) {
        floor = (
          await runFloor<{ samplesMs: number[] }>(ctx.runtime.path, 'terminate.ts', [
            mechanism,
            String(ctx.rounds),
            JSON.stringify(ctx.modules),
          ])
        ).samplesMs;
        floors.set(mechanism, floor);
      }
      const stops = await timeStops(supervisor, 'while (true) {}', d.id, TERMINATE_TIMEOUT_MS, ctx.rounds);
      rows.push(
        makeRow({
          group: 'terminate',
          subject: d.id,
          unit: 'ms',
          product: stops.product,
          floor,
          floorIs: FLOOR_IS[mechanism] ?? mechanism,
          target: TERMINATE_TARGET,
          notes: countNotes(stops.seen, ctx.rounds),
          failed: stops.failed,
        }),
      );
    }
    const worker = ctx.drivers.find((d) => d.id === 'worker' && d.available);
    if (worker) rows.push(await benchWorkerInGc(ctx, supervisor));
  } finally {
    await supervisor.dispose();
  }
  return rows;
}

/**
 * A worker deep in garbage collection at its deadline: terminate() cannot interrupt a collection, so the
 * product must stop it another way (the host gives the thread THREAD_STOP_GRACE_MS, then it is killed with its
 * host). Floor: terminate() of the same thread by hand, which waits for the collection. Fewer rounds: each
 * grows a 1.3 GB heap first.
 */
async function benchWorkerInGc(ctx: BenchContext, supervisor: Supervisor): Promise<BenchRow> {
  ctx.progress('terminate: worker · in GC');
  const rounds = Math.min(ctx.rounds, 3);
  const floor = (
    await runFloor<{ samplesMs: number[] }>(ctx.runtime.path, 'terminate.ts', [
      'worker-gc',
      String(rounds),
      JSON.stringify(ctx.modules),
    ])
  ).samplesMs;
  const stops = await timeStops(supervisor, GC_HEAVY_GUEST, 'worker', GC_FIRST_MS, rounds);
  return makeRow({
    group: 'terminate',
    subject: 'worker · in GC',
    unit: 'ms',
    product: stops.product,
    floor,
    floorIs: 'worker.terminate() of a Worker deep in GC → exit (waits for the collection)',
    target: TERMINATE_TARGET,
    notes: countNotes(stops.seen, rounds),
    failed: stops.failed,
  });
}

/** `rounds` runs of a runaway `code` under `driver`: each result's own timeout overshoot, and what stopped it. */
async function timeStops(
  supervisor: Supervisor,
  code: string,
  driver: string,
  timeoutMs: number,
  rounds: number,
): Promise<{ product: number[]; seen: string[]; failed: boolean }> {
  const product: number[] = [];
  const odd: string[] = [];
  const stoppers: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const { result } = await timeRun(supervisor, { code, driver, limits: { timeoutMs } });
    const t = result.limits.timeout;
    if (result.status !== 'timeout' || t.overshoot === undefined) odd.push(`status ${result.status}`);
    else stoppers.push(`stopped by ${t.stoppedBy ?? '?'}`);
    product.push(result.status === 'timeout' ? (t.overshoot ?? Number.NaN) : Number.NaN);
  }
  return { product, seen: [...stoppers, ...odd], failed: odd.length > 0 };
}
