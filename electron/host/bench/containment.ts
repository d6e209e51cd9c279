/**
 * What run containment costs (docs/engine.md "Run containment"): cold start to the result of `1 + 1` per
 * boundary, with the host contained as the product runs it (own PID namespace under the exec tracer) against
 * the same run with containment turned off — the floor here is the product itself, uncontained. The namespace
 * alone is measured too, so the note says how much of the cost is the tracer. Rounds alternate the three so a
 * drifting machine load falls on all of them alike. Linux only: elsewhere there is no containment to measure.
 */
import { Supervisor } from '../../engine/supervisor.ts';
import { containmentSupport, type ContainmentLevel } from '../../engine/containment.ts';
import { countNotes, timeRun, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { summarize } from './stats.ts';

/** A contained cold start may cost this much over an uncontained one (measured here: see docs/performance.md). */
export const CONTAINMENT_TARGET = { on: 'ratio', max: 1.5 } as const;

const LEVELS: readonly ContainmentLevel[] = ['traced', 'namespace', 'none'];

export async function benchContainment(ctx: BenchContext): Promise<BenchRow[]> {
  const support = containmentSupport();
  const drivers = ctx.drivers.filter((d) => d.evaluator === 'plain');
  if (support.pidNamespace !== true) {
    return [
      makeRow({
        group: 'containment',
        subject: 'all drivers',
        unit: 'ms',
        product: [],
        notes: [`no containment on this machine: ${support.pidNamespace}`],
      }),
    ];
  }
  const supervisors = new Map(
    LEVELS.map((level) => [level, new Supervisor({ runtime: ctx.runtime, containment: level })]),
  );
  const rows: BenchRow[] = [];
  try {
    for (const d of drivers) {
      if (!d.available) {
        rows.push(
          makeRow({
            group: 'containment',
            subject: d.id,
            unit: 'ms',
            product: [],
            notes: [`unavailable: ${d.reason}`],
          }),
        );
        continue;
      }
      ctx.progress(`containment: ${d.id}`);
      const ms = new Map<ContainmentLevel, number[]>(LEVELS.map((l) => [l, []]));
      const odd: string[] = [];
      for (let i = 0; i <= ctx.rounds; i++) {
        for (const level of LEVELS) {
          const p = await timeRun(supervisors.get(level)!, { code: '1 + 1', driver: d.id });
          if (i === 0) continue;
          const ok = p.result.status === 'ok' && p.result.result === 2;
          if (!ok) odd.push(`${level}: status ${p.result.status}`);
          ms.get(level)!.push(ok ? p.ms : Number.NaN);
        }
      }
      const namespace = summarize(ms.get('namespace')!);
      rows.push(
        makeRow({
          group: 'containment',
          subject: d.id,
          unit: 'ms',
          product: ms.get('traced')!,
          floor: ms.get('none')!,
          floorIs: 'the same run, host not contained',
          target: CONTAINMENT_TARGET,
          notes: [
            ...(support.trace === true
              ? []
              : [`the tracer is unavailable (${support.trace}): the product is the namespace alone`]),
            ...(namespace ? [`PID namespace alone, no tracer: ${namespace.median.toFixed(1)} ms`] : []),
            ...countNotes(odd, ctx.rounds),
          ],
          failed: odd.length > 0,
        }),
      );
    }
  } finally {
    await Promise.all([...supervisors.values()].map((s) => s.dispose()));
  }
  return rows;
}
