/** Summaries of repeated measurements: median with min and max, and ratios paired round by round. Pure. */

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many finite values were summarised. */
  readonly n: number;
}

/** The median (mean of the two middle values for an even count), min and max; NaN/Infinity are ignored. */
export function summarize(values: readonly number[]): Stats | undefined {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, n: sorted.length };
}

/** `product[i] / floor[i]` for each round that has both and a positive floor. */
export function pairedRatios(product: readonly number[], floor: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(product.length, floor.length); i++) {
    const p = product[i]!;
    const f = floor[i]!;
    if (Number.isFinite(p) && Number.isFinite(f) && f > 0) out.push(p / f);
  }
  return out;
}

/** Round for storage: enough digits for a sub-millisecond figure, no float noise. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
