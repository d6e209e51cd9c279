/**
 * Cold start to first result, per driver: a Supervisor without a pool runs `1 + 1` (startRun → result:
 * host spawn, handshake, guest, end, host killed and reaped, verdict). Floor: a fresh `node -e` that does
 * the same mechanism by hand and prints the value (floors/sources.ts), killed and reaped the same way.
 * One unmeasured warm-up round first (disk cache, the engine's once-per-process availability checks).
 */
import { Supervisor } from '../../engine/supervisor.ts';
import { coldScript, type FloorBoundary, type FloorEvaluator } from './floors/sources.ts';
import { timeNodeScript } from './floor-runner.ts';
import { countNotes, timeRun, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { summarize } from './stats.ts';

export const COLD_TARGET = { on: 'ratio', max: 1.3 } as const;

export function coldFloorIs(boundary: string, evaluator: string): string {
  const how: Record<string, string> = {
    host: 'in its own thread',
    worker: 'in a Worker (eval code), first message',
    process: 'in a child Node connecting back over a Unix socket',
    'os-sandbox': 'in a child Node under bwrap connecting back over a Unix socket',
  };
  return `node -e: ${evaluator === 'plain' ? 'eval' : evaluator} ${how[boundary] ?? boundary}`;
}

export async function benchCold(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const supervisor = new Supervisor({ runtime: ctx.runtime });
  try {
    for (const d of ctx.drivers) {
      if (!d.available) {
        rows.push(
          makeRow({ group: 'cold', subject: d.id, unit: 'ms', product: [], notes: [`unavailable: ${d.reason}`] }),
        );
        continue;
      }
      ctx.progress(`cold: ${d.id}`);
      const script = coldScript(d.boundary as FloorBoundary, d.evaluator as FloorEvaluator, ctx.modules, ctx.sandbox);
      const product: number[] = [];
      const floor: number[] = [];
      const guestMs: number[] = [];
      const odd: string[] = [];
      for (let i = 0; i <= ctx.rounds; i++) {
        const p = await timeRun(supervisor, { code: '1 + 1', driver: d.id });
        const f = await timeNodeScript(ctx.runtime.path, script);
        if (i === 0) continue;
        const ok = p.result.status === 'ok' && p.result.result === 2;
        if (!ok) odd.push(`status ${p.result.status}${p.result.error ? ` (${p.result.error.message})` : ''}`);
        if (f.line !== '2') odd.push(`the floor printed ${JSON.stringify(f.line)}`);
        product.push(ok ? p.ms : Number.NaN);
        floor.push(f.line === '2' ? f.ms : Number.NaN);
        guestMs.push(p.result.durationMs);
      }
      const guest = summarize(guestMs);
      rows.push(
        makeRow({
          group: 'cold',
          subject: d.id,
          unit: 'ms',
          product,
          floor,
          floorIs: coldFloorIs(d.boundary, d.evaluator),
          target: COLD_TARGET,
          notes: [
            ...(guest ? [`of which the guest (its running → end received): ${guest.median.toFixed(1)} ms`] : []),
            ...countNotes(odd, ctx.rounds),
          ],
          failed: odd.length > 0,
        }),
      );
    }
  } finally {
    await supervisor.dispose();
  }
  return rows;
}
