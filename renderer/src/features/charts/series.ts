/** Turning samples into chart rows: one row per tick, one column per worker and measure; rates from counters. */
import type { Sample } from '../../../../electron/common/run/result.ts';

export interface ChartRow {
  readonly t: number;
  readonly [column: string]: number | undefined;
}

const MB = 1024 * 1024;

/** Memory (MB), CPU (%) and IPC rates (bytes/s, messages/s) per worker, keyed `<worker>:<measure>`. */
export function toRows(samples: readonly Sample[]): ChartRow[] {
  const rows = new Map<number, Record<string, number>>();
  const last = new Map<string, Sample>();
  for (const s of samples) {
    const t = Math.round(s.atMs / 10) / 100;
    const row = rows.get(t) ?? { t };
    rows.set(t, row);
    if (s.rssBytes !== undefined) row[`${s.worker}:rss`] = s.rssBytes / MB;
    if (s.heapUsedBytes !== undefined) row[`${s.worker}:heap`] = s.heapUsedBytes / MB;
    if (s.externalBytes !== undefined) row[`${s.worker}:external`] = s.externalBytes / MB;
    if (s.cpuPercent !== undefined) row[`${s.worker}:cpu`] = s.cpuPercent;
    const prev = last.get(s.worker);
    if (prev?.ipc && s.ipc && s.atMs > prev.atMs) {
      const dt = (s.atMs - prev.atMs) / 1000;
      row[`${s.worker}:ipcBytes`] = (s.ipc.bytesIn + s.ipc.bytesOut - prev.ipc.bytesIn - prev.ipc.bytesOut) / dt;
      row[`${s.worker}:ipcMessages`] =
        (s.ipc.messagesIn + s.ipc.messagesOut - prev.ipc.messagesIn - prev.ipc.messagesOut) / dt;
    }
    last.set(s.worker, s);
  }
  return [...rows.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0)) as ChartRow[];
}

/** Points drawn per line at most: more than the chart's pixels is cost without information. */
export const MAX_DRAWN_ROWS = 400;

/**
 * Thin rows to at most `max` by keeping evenly spaced ones, always the first and the last (the newest point
 * is the one a user watches). Deterministic, so successive frames draw the same points for the same data.
 */
export function thin(rows: readonly ChartRow[], max: number = MAX_DRAWN_ROWS): readonly ChartRow[] {
  if (rows.length <= max) return rows;
  const step = (rows.length - 1) / (max - 1);
  const out: ChartRow[] = [];
  for (let i = 0; i < max; i++) out.push(rows[Math.round(i * step)]!);
  return out;
}

export function workersOf(samples: readonly Sample[]): string[] {
  return [...new Set(samples.map((s) => s.worker))];
}

export function toCsv(samples: readonly Sample[]): string {
  const head = [
    'atMs',
    'worker',
    'cpuPercent',
    'rssBytes',
    'heapUsedBytes',
    'heapTotalBytes',
    'externalBytes',
    'arrayBuffersBytes',
    'eventLoopUtilization',
    'bytesIn',
    'bytesOut',
    'messagesIn',
    'messagesOut',
  ];
  const lines = [head.join(',')];
  for (const s of samples) {
    lines.push(
      [
        s.atMs,
        s.worker,
        s.cpuPercent,
        s.rssBytes,
        s.heapUsedBytes,
        s.heapTotalBytes,
        s.externalBytes,
        s.arrayBuffersBytes,
        s.eventLoopUtilization,
        s.ipc?.bytesIn,
        s.ipc?.bytesOut,
        s.ipc?.messagesIn,
        s.ipc?.messagesOut,
      ]
        .map((v) => (v === undefined ? '' : String(v).replaceAll(',', ' ')))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
