/**
 * What `workbench bench` produces: one row per figure, the product beside its floor measured the same way
 * in the same run, their ratio, and the figure's target with pass or miss. The JSON of `bench --json` is
 * exactly a {@link BenchReport}.
 */
import { pairedRatios, round, summarize, type Stats } from './stats.ts';

export const BENCH_GROUPS = [
  'cli',
  'cold',
  'containment',
  'warm',
  'terminate',
  'memory',
  'ipc',
  'sampling',
  'matrix',
] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];
/** Groups a plain `workbench bench` runs; the matrix takes minutes and runs only when asked for. */
export const DEFAULT_GROUPS: readonly BenchGroup[] = BENCH_GROUPS.filter((g) => g !== 'matrix');

/** Units a figure is reported in. `x` is a plain factor (peak/limit); `%` is percent of one CPU core. */
export type BenchUnit = 'ms' | 'x' | '%' | 's';

/**
 * A goal: either the ratio product/floor (medians of paired rounds) stays at or under `max`, or the
 * product's own median does (in the row's unit).
 */
export interface Target {
  readonly on: 'ratio' | 'product';
  readonly max: number;
}

export interface Measured extends Stats {
  /** Every round, in order (rounded). */
  readonly samples: readonly number[];
}

export interface BenchRow {
  readonly group: BenchGroup;
  /** The driver id, transport or setting the row is about. */
  readonly subject: string;
  /** The unit of `product` and `floor`. */
  readonly unit: BenchUnit;
  readonly product?: Measured;
  readonly floor?: Measured;
  /** What the floor is, in words (which by-hand mechanism). */
  readonly floorIs?: string;
  /** product/floor, paired round by round. */
  readonly ratio?: Stats;
  readonly target?: Target;
  readonly result: 'pass' | 'miss' | 'n/a';
  /** How far past the target the median is, in the target's terms (factor or unit); only on a miss. */
  readonly missBy?: number;
  readonly notes: readonly string[];
}

/** What each group measures and against what, in one line for people. */
export const GROUP_TITLES: Readonly<Record<BenchGroup, string>> = {
  cli: 'The command a person types: `workbench run` of `1 + 1` and `workbench drivers`, spawn → exit; floor: a `node -e` doing the same mechanism (or only the availability checks) by hand',
  cold: 'Cold start to first result: startRun → result of `1 + 1`, no pool; floor: a fresh `node -e` doing the same mechanism by hand',
  containment:
    'Containment cost: cold start to the result of `1 + 1` with the host in its own PID namespace under the exec tracer; floor: the same run uncontained',
  warm: 'Warm run round trip: startRun → result of `1 + 1` with a warm pool; floor: the mechanism created in a running Node + one raw socket round trip',
  terminate:
    'Runaway stopped after its deadline: `while (true) {}`, the result’s timeout overshoot; floor: the same stop by hand',
  memory: 'Memory-limit overshoot: peak ÷ limit for bombs under the drivers that claim to enforce memory (no floor)',
  ipc: 'IPC throughput: a guest prints its output; first to last byte at the supervisor; floor: the same bytes by hand',
  sampling:
    'Sampling overhead: the supervisor’s own CPU for 16 workers at 20 Hz minus the same at 1 Hz, % of one core; floor: /proc reads by hand',
  matrix: 'Full probe matrix wall time (one round)',
};

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly platform: string;
  /** The Node that runs the hosts and the floors. */
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the bench started and ended. */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

export interface BenchReport {
  readonly command: string;
  readonly rounds: number;
  readonly groups: readonly BenchGroup[];
  readonly drivers: readonly string[];
  readonly machine: MachineInfo;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly rows: readonly BenchRow[];
  /** Rows with a target: how many, which passed, which missed and by how much. */
  readonly summary: BenchSummary;
}

export interface BenchSummary {
  readonly withTarget: number;
  readonly passed: number;
  readonly missed: readonly { readonly group: BenchGroup; readonly subject: string; readonly missBy?: number }[];
}

export function summarizeRows(rows: readonly BenchRow[]): BenchSummary {
  const judged = rows.filter((r) => r.result !== 'n/a');
  return {
    withTarget: judged.length,
    passed: judged.filter((r) => r.result === 'pass').length,
    missed: judged
      .filter((r) => r.result === 'miss')
      .map((r) => ({ group: r.group, subject: r.subject, ...(r.missBy !== undefined ? { missBy: r.missBy } : {}) })),
  };
}

function measured(values: readonly number[]): Measured | undefined {
  const s = summarize(values);
  return (
    s && { median: round(s.median), min: round(s.min), max: round(s.max), n: s.n, samples: values.map((v) => round(v)) }
  );
}

/** One row from raw rounds: summaries, the paired ratio, and the verdict against the target. */
export function makeRow(o: {
  group: BenchGroup;
  subject: string;
  unit: BenchUnit;
  product: readonly number[];
  floor?: readonly number[];
  floorIs?: string;
  target?: Target;
  notes?: readonly string[];
  /** Force a miss whatever the figures say (e.g. a bomb the driver did not stop). */
  failed?: boolean;
}): BenchRow {
  const product = measured(o.product);
  const floor = o.floor ? measured(o.floor) : undefined;
  const ratio = o.floor ? summarize(pairedRatios(o.product, o.floor)) : undefined;
  const judged = o.target?.on === 'ratio' ? ratio?.median : product?.median;
  let result: BenchRow['result'] = 'n/a';
  let missBy: number | undefined;
  if (o.target && judged !== undefined) {
    result = judged <= o.target.max && !o.failed ? 'pass' : 'miss';
    if (judged > o.target.max) missBy = round(judged - o.target.max);
  } else if (o.target && o.failed) {
    result = 'miss';
  }
  return {
    group: o.group,
    subject: o.subject,
    unit: o.unit,
    ...(product ? { product } : {}),
    ...(floor ? { floor } : {}),
    ...(o.floorIs ? { floorIs: o.floorIs } : {}),
    ...(ratio
      ? { ratio: { ...ratio, median: round(ratio.median), min: round(ratio.min), max: round(ratio.max) } }
      : {}),
    ...(o.target ? { target: o.target } : {}),
    result,
    ...(missBy !== undefined ? { missBy } : {}),
    notes: o.notes ?? [],
  };
}
