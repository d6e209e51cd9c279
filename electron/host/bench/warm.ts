/**
 * Warm run round trip, per driver, with a warm pool of one host: startRun → result of `1 + 1`. Runs whose
 * evaluator gives the host back (isolated-vm, QuickJS) measure a *reused* host; the others a host the pool
 * *pre-started* (it is killed after the run, and the pool is refilled before the next round, untimed).
 * Floor: one raw Unix-socket round trip (supervisor ⇄ host) + the mechanism created by hand in a running
 * Node (floors/mechanism.ts: the evaluator in-thread, a Worker to its first message, a child connecting
 * back), paired round by round.
 */
import { Supervisor } from '../../engine/supervisor.ts';
import { reusableEvaluator } from '../../engine/host-pool.ts';
import type { Evaluator } from '../../common/run/driver-id.ts';
import { runFloor } from './floor-runner.ts';
import { countNotes, timeRun, type BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { summarize } from './stats.ts';

export const WARM_TARGET = { on: 'ratio', max: 1.2 } as const;
const ROUND_TRIPS = 200;

function mechanismIs(boundary: string, evaluator: string): string {
  const what = evaluator === 'plain' ? 'eval' : evaluator;
  if (boundary === 'host') return `${what} in a running Node`;
  if (boundary === 'worker') return `a Worker running ${what}, to its first message`;
  return `a child Node${boundary === 'os-sandbox' ? ' under bwrap' : ''} running ${what}, connecting back`;
}

export async function benchWarm(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  ctx.progress('warm: socket round trip floor');
  const rtt = summarize(
    (await runFloor<{ samplesMs: number[] }>(ctx.runtime.path, 'roundtrip.ts', ['socket', String(ROUND_TRIPS)]))
      .samplesMs,
  );
  const rttMs = rtt?.median ?? 0;
  const supervisor = new Supervisor({ runtime: ctx.runtime, poolSize: 1 });
  try {
    await supervisor.warmUp();
    // Reused hosts first: their rounds follow each other without a pool refill in between.
    const ordered = [...ctx.drivers].sort(
      (a, b) =>
        Number(reusableEvaluator(b.evaluator as Evaluator)) - Number(reusableEvaluator(a.evaluator as Evaluator)),
    );
    for (const d of ordered) {
      const reusable = reusableEvaluator(d.evaluator as Evaluator);
      const subject = `${d.id} · ${reusable ? 'reused' : 'pre-started'}`;
      if (!d.available) {
        rows.push(makeRow({ group: 'warm', subject, unit: 'ms', product: [], notes: [`unavailable: ${d.reason}`] }));
        continue;
      }
      ctx.progress(`warm: ${subject}`);
      const mechanism = await runFloor<{ samplesMs: number[] }>(ctx.runtime.path, 'mechanism.ts', [
        d.boundary,
        d.evaluator,
        String(ctx.rounds),
        JSON.stringify(ctx.modules),
        ...(ctx.sandbox ? [JSON.stringify(ctx.sandbox)] : []),
      ]);
      const product: number[] = [];
      const odd: string[] = [];
      const expected = reusable ? 'warm host: reused' : 'warm host: pre-started';
      // Round 0 is a warm-up; for a reusable driver it is also the run that makes its host a reused one.
      for (let i = 0; i <= ctx.rounds; i++) {
        if (!reusable) await supervisor.warmUp();
        const p = await timeRun(supervisor, { code: '1 + 1', driver: d.id });
        if (i === 0) continue;
        const ok = p.result.status === 'ok' && p.result.result === 2;
        const got =
          p.result.notes.find((n) => n.startsWith('warm host')) ?? 'a host of its own (the pool had none idle)';
        if (!ok) odd.push(`status ${p.result.status}`);
        if (!got.startsWith(expected)) odd.push(got.replace(/, run \d+ in it$/, ''));
        product.push(ok ? p.ms : Number.NaN);
      }
      rows.push(
        makeRow({
          group: 'warm',
          subject,
          unit: 'ms',
          product,
          floor: mechanism.samplesMs.map((ms) => ms + rttMs),
          floorIs: `socket round trip ${rttMs.toFixed(3)} ms + ${mechanismIs(d.boundary, d.evaluator)}`,
          target: WARM_TARGET,
          notes: countNotes(odd, ctx.rounds),
          failed: odd.some((o) => o.startsWith('status')),
        }),
      );
    }
  } finally {
    await supervisor.dispose();
  }
  return rows;
}
