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
      const product: number[] = [];
      const odd: string[] = [];
      const stoppers: string[] = [];
      for (let i = 0; i < ctx.rounds; i++) {
        const { result } = await timeRun(supervisor, {
          code: 'while (true) {}',
          driver: d.id,
          limits: { timeoutMs: TERMINATE_TIMEOUT_MS },
        });
        const t = result.limits.timeout;
        if (result.status !== 'timeout' || t.overshoot === undefined) odd.push(`status ${result.status}`);
        else stoppers.push(`stopped by ${t.stoppedBy ?? '?'}`);
        product.push(result.status === 'timeout' ? (t.overshoot ?? Number.NaN) : Number.NaN);
      }
      rows.push(
        makeRow({
          group: 'terminate',
          subject: d.id,
          unit: 'ms',
          product,
          floor,
          floorIs: FLOOR_IS[mechanism] ?? mechanism,
          target: TERMINATE_TARGET,
          notes: countNotes([...stoppers, ...odd], ctx.rounds),
          failed: odd.length > 0,
        }),
      );
    }
  } finally {
    await supervisor.dispose();
  }
  return rows;
}
