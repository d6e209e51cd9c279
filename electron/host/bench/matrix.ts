/** Full matrix wall time: every shipped probe × the drivers asked for, the product's default concurrency. One round. */
import { Supervisor } from '../../engine/supervisor.ts';
import { runMatrix } from '../../engine/matrix.ts';
import type { BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';

export async function benchMatrix(ctx: BenchContext): Promise<BenchRow[]> {
  const supervisor = new Supervisor({ runtime: ctx.runtime });
  try {
    ctx.progress('matrix: every probe × every driver (minutes)');
    let lastLine = 0;
    const t0 = performance.now();
    const report = await runMatrix(supervisor, {
      drivers: ctx.drivers.filter((d) => d.available).map((d) => d.id),
      onProgress: (p) => {
        if (p.done === p.total || p.elapsedMs - lastLine >= 10_000) {
          lastLine = p.elapsedMs;
          ctx.progress(`matrix: ${p.done}/${p.total} cells`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    return [
      makeRow({
        group: 'matrix',
        subject: `${report.cells.length} cells`,
        unit: 's',
        product: [seconds],
        notes: ['one round, whatever --rounds says'],
      }),
    ];
  } finally {
    await supervisor.dispose();
  }
}
