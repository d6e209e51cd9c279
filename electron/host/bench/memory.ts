/**
 * Memory-limit overshoot, per driver that claims to enforce memory (`workbench drivers`): a heap bomb and a
 * buffer bomb (filled, so the pages are really used) under a 64 MB limit, no pool. The figure is peak ÷
 * limit, the peak being the limit plus the result's own `limits.memory.overshoot`. A bomb the driver did
 * not stop (any status but `memory-limit`) is a miss — except an allocation the limit refused (the guest dies
 * of a RangeError, status `error`): the limit held, but there is no overshoot to report. No floor: the
 * target (≤ 1.25×) is absolute.
 */
import { Supervisor } from '../../engine/supervisor.ts';
import { countNotes, timeRun, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';

export const MEMORY_TARGET = { on: 'product', max: 1.25 } as const;
export const MEMORY_LIMIT_MB = 64;
/** A bomb not stopped by its memory limit ends here instead (a miss). */
const MEMORY_TIMEOUT_MS = 5000;
const MB = 1024 * 1024;

export const BOMBS = {
  heap: 'const keep = []; for (;;) keep.push({ n: keep.length, s: "x" + keep.length });',
  buffer: 'const keep = []; for (;;) keep.push(new Uint8Array(1 << 20).fill(1));',
} as const;

export async function benchMemory(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const supervisor = new Supervisor({ runtime: ctx.runtime });
  try {
    for (const d of ctx.drivers.filter((x) => x.capabilities.memory.enforced)) {
      for (const [bomb, code] of Object.entries(BOMBS)) {
        const subject = `${d.id} · ${bomb}`;
        if (!d.available) {
          rows.push(makeRow({ group: 'memory', subject, unit: 'x', product: [], notes: [`unavailable: ${d.reason}`] }));
          continue;
        }
        ctx.progress(`memory: ${subject}`);
        const product: number[] = [];
        const odd: string[] = [];
        const stoppers: string[] = [];
        const refused: string[] = [];
        for (let i = 0; i < ctx.rounds; i++) {
          const { result } = await timeRun(supervisor, {
            code,
            driver: d.id,
            limits: { memoryMb: MEMORY_LIMIT_MB, timeoutMs: MEMORY_TIMEOUT_MS },
          });
          const m = result.limits.memory;
          if (result.status === 'memory-limit' && m.overshoot !== undefined) {
            stoppers.push(`stopped by ${m.stoppedBy ?? '?'}`);
            product.push((MEMORY_LIMIT_MB * MB + m.overshoot) / (MEMORY_LIMIT_MB * MB));
          } else if (result.status === 'error' && /allocation failed/i.test(result.error?.message ?? '')) {
            // The limit held by refusing the allocation; the guest died of the RangeError, so the run is
            // an `error` and reports no overshoot to measure.
            refused.push(
              `the allocation was refused at the limit (${result.error?.name}: ${result.error?.message}): status error, no overshoot reported`,
            );
            product.push(Number.NaN);
          } else {
            odd.push(`not stopped by its memory limit: status ${result.status}`);
            product.push(Number.NaN);
          }
        }
        rows.push(
          makeRow({
            group: 'memory',
            subject,
            unit: 'x',
            product,
            target: MEMORY_TARGET,
            notes: countNotes([...stoppers, ...refused, ...odd], ctx.rounds),
            failed: odd.length > 0,
          }),
        );
      }
    }
  } finally {
    await supervisor.dispose();
  }
  return rows;
}
