/**
 * How chart values read: with their unit and a sensible number of digits (a tooltip showed raw floats with no
 * unit), and short axis ticks that fit the axis (the IPC axis clipped `26000`).
 */
/** Line colours, readable on both themes (a pale yellow was not on the light one). */
export const CHART_COLORS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#c9a227', '#4db6ac', '#f06292'];

export type ChartUnit = 'MB' | '%' | 'bytes/s, messages/s';

/** A value for a tooltip: `12.3 MB`, `45 %`, `3.1 KB/s` or `12 msg/s` (IPC lines say which by their name). */
export function formatChartValue(value: unknown, unit: ChartUnit, series = ''): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  if (unit === 'MB') return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} MB`;
  if (unit === '%') return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} %`;
  if (/messages/i.test(series)) return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} msg/s`;
  return `${short(value)}B/s`;
}

/** An axis tick: at most four characters of number, with k/M/G. */
export function formatTick(value: number): string {
  return short(value).trim();
}

function short(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) {
      const n = value / size;
      return `${Math.abs(n) < 10 ? n.toFixed(1) : n.toFixed(0)} ${suffix}`;
    }
  }
  return `${abs < 10 && !Number.isInteger(value) ? value.toFixed(1) : value.toFixed(0)} `;
}
