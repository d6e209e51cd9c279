/**
 * Sampling overhead: the supervisor's own CPU (process.cpuUsage of this process) while 8 `worker` runs idle
 * at once — 16 workers, 8 hosts and their 8 threads — sampled at 20 Hz, minus the same window at 1 Hz. The
 * hosts come from a warm pool (refilled before each window, untimed), so no start-up falls in the window.
 * Floor: reading /proc stat+status of 8 processes at 20 Hz by hand (floors/sampling.ts), minus idle.
 * Target: ≤ 3 % of one core.
 */
import { Supervisor } from '../../engine/supervisor.ts';
import type { Run } from '../../engine/run.ts';
import { runFloor } from './floor-runner.ts';
import type { BenchContext } from './context.ts';
import { makeRow, type BenchRow } from './report.ts';
import { summarize } from './stats.ts';

export const SAMPLING_TARGET = { on: 'product', max: 3 } as const;
export const SAMPLING_RUNS = 8;
export const SAMPLING_HZ = 20;
export const SAMPLING_WINDOW_MS = 2000;
const IDLE_CODE = 'await new Promise((resolve) => setTimeout(resolve, 120_000));';

/** Start the runs, wait until every guest thread is up, measure this process's CPU over the window, stop. */
async function windowCpuPercent(supervisor: Supervisor, sampleHz: number): Promise<number> {
  await supervisor.warmUp();
  const runs: Run[] = [];
  const threads: Promise<void>[] = [];
  for (let i = 0; i < SAMPLING_RUNS; i++) {
    let up: () => void = () => undefined;
    threads.push(new Promise<void>((resolve) => (up = resolve)));
    runs.push(
      supervisor.startRun(
        { code: IDLE_CODE, driver: 'worker', sampleHz, limits: { timeoutMs: 120_000 } },
        { onWorker: (w) => (w.kind === 'thread' && w.state === 'running' ? up() : undefined) },
      ),
    );
  }
  await Promise.all(threads);
  // Let the thread starts settle (their last messages) before the window opens.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SAMPLING_WINDOW_MS));
  const used = process.cpuUsage(before);
  const percent = ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100;
  for (const run of runs) run.stop();
  await Promise.all(runs.map((r) => r.result));
  return percent;
}

export async function benchSampling(ctx: BenchContext): Promise<BenchRow[]> {
  const worker = ctx.drivers.find((d) => d.id === 'worker');
  if (worker && !worker.available)
    return [
      makeRow({
        group: 'sampling',
        subject: 'worker',
        unit: '%',
        product: [],
        notes: [`unavailable: ${worker.reason}`],
      }),
    ];
  const supervisor = new Supervisor({ runtime: ctx.runtime, poolSize: SAMPLING_RUNS });
  const product: number[] = [];
  const at20: number[] = [];
  const at1: number[] = [];
  try {
    for (let i = 0; i < ctx.rounds; i++) {
      ctx.progress(`sampling: round ${i + 1}/${ctx.rounds}`);
      const high = await windowCpuPercent(supervisor, SAMPLING_HZ);
      const low = await windowCpuPercent(supervisor, 1);
      at20.push(high);
      at1.push(low);
      product.push(Math.max(0, high - low));
    }
  } finally {
    await supervisor.dispose();
  }
  ctx.progress('sampling: floor');
  const floor = await runFloor<{ samplesPercent: number[] }>(ctx.runtime.path, 'sampling.ts', [
    String(SAMPLING_RUNS),
    String(SAMPLING_HZ),
    String(SAMPLING_WINDOW_MS),
    String(ctx.rounds),
  ]);
  const pct = (v: number[]): string => `${summarize(v)?.median.toFixed(2) ?? '?'} %`;
  return [
    makeRow({
      group: 'sampling',
      subject: `${SAMPLING_RUNS * 2} workers at ${SAMPLING_HZ} Hz`,
      unit: '%',
      product,
      floor: floor.samplesPercent,
      floorIs: `/proc stat+status of ${SAMPLING_RUNS} processes at ${SAMPLING_HZ} Hz, minus idle`,
      target: SAMPLING_TARGET,
      notes: [`supervisor CPU at ${SAMPLING_HZ} Hz ${pct(at20)}, at 1 Hz ${pct(at1)} (medians)`],
    }),
  ];
}
