/**
 * CPU % on one scale for every chart and figure: the share of ONE core a process (or thread) used between
 * two readings — 100 % is one core busy the whole interval. A process can use at most every core, so its
 * figure is capped at `cores × 100`; a thread runs on one core at a time, so its figure is capped at 100.
 *
 * Why a minimum interval: `/proc/<pid>/stat` counts CPU in clock ticks (10 ms on Linux), and the Worker API
 * answers when the thread gets to it, so two readings taken a millisecond apart (a final reading right
 * after a regular one, or two answers that arrive together after a GC pause) turned one 10 ms tick into
 * 500–1000 %. Such a reading is not turned into a percentage: the previous mark is kept and the next
 * reading, far enough away, covers the whole interval.
 */

/** A cumulative CPU-time reading of one process or thread. */
export interface CpuReading {
  /** When it was read, on a monotonic clock, in milliseconds. */
  readonly atMs: number;
  /** CPU time used so far (user + system), in milliseconds. */
  readonly cpuMs: number;
}

/** Readings closer together than this give no percentage (5 clock ticks: the tick error is ≤ 20 %). */
export const MIN_CPU_INTERVAL_MS = 50;

/**
 * The CPU % between two readings, or `undefined` when they are too close to give one (the caller keeps
 * `prev` as its mark). Never negative; capped at `maxCores × 100`.
 */
export function cpuPercentBetween(prev: CpuReading, next: CpuReading, maxCores: number): number | undefined {
  const intervalMs = next.atMs - prev.atMs;
  if (!(intervalMs >= MIN_CPU_INTERVAL_MS)) return undefined;
  const percent = ((next.cpuMs - prev.cpuMs) / intervalMs) * 100;
  const cap = Math.max(1, maxCores) * 100;
  return Math.round(Math.min(cap, Math.max(0, percent)) * 10) / 10;
}
