/**
 * A stored run as the live views know runs: a {@link RunState} built from the history's {@link HistoryRun},
 * so RunView and Charts draw a past run exactly as they drew it live. Plus the words the history list
 * shows per run. Pure.
 */
import type { HistoryRun, HistorySummary } from '../../../../electron/common/api/types.ts';
import type { OutputLine, RunResult, WorkerInfo } from '../../../../electron/common/run/result.ts';
import type { RunState } from '../runs/store.ts';

/**
 * The console of a stored run. The result keeps its output as two texts (stdout with console.log and
 * friends, stderr with warnings and errors), not as timed lines: each line becomes one `stdout` or
 * `stderr` line with no time (`atMs` NaN, which the console shows without a timestamp). The order between
 * the two streams is not stored; stdout comes first.
 */
export function storedLines(result: Pick<RunResult, 'stdout' | 'stderr'>): OutputLine[] {
  const lines: OutputLine[] = [];
  for (const level of ['stdout', 'stderr'] as const) {
    const text = result[level];
    if (!text) continue;
    const parts = text.split('\n');
    if (parts.at(-1) === '') parts.pop();
    for (const part of parts) lines.push({ level, text: part, atMs: Number.NaN, worker: '' });
  }
  return lines;
}

/** The run as RunView and Charts take it. Without a result (running elsewhere, interrupted) only what was asked. */
export function toRunState(run: HistoryRun): RunState {
  const r = run.result;
  const memoryMb = r?.limits.memory.memoryMb ?? run.request.limits.memoryMb;
  return {
    id: run.id,
    driver: r?.driver ?? run.driver,
    startedAt: run.startedAt,
    ...(memoryMb !== undefined ? { memoryMb } : {}),
    lines: r ? storedLines(r) : [],
    samples: r?.samples ?? [],
    workers: new Map<string, WorkerInfo>((r?.workers ?? []).map((w) => [w.id, w])),
    breaches: r?.verdict.breaches ?? [],
    ...(r ? { result: r } : {}),
  };
}

/** "escaped: env, global" / "contained" / "—" (no verdict yet). */
export function verdictText(run: Pick<HistorySummary, 'status' | 'escaped' | 'breaches'>): string {
  if (run.status === 'running' || run.status === 'interrupted') return '—';
  if (run.escaped || run.breaches.length > 0) return `escaped: ${run.breaches.join(', ') || '?'}`;
  return 'contained';
}

/** Wall-clock time from start to end as the history recorded it ("1.23 s", "850 ms"), "—" without an end. */
export function durationText(run: Pick<HistorySummary, 'startedAt' | 'endedAt'>): string {
  if (run.endedAt === undefined) return '—';
  const ms = Math.max(0, run.endedAt - run.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Local date and time of a start, to the second: "2025-03-04 17:05:09". */
export function timeText(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
