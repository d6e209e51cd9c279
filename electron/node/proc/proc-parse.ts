/**
 * Parsers for Linux /proc files. Pure: the readers live with the code that needs them (supervisor, host).
 */

export interface ProcStat {
  readonly pid: number;
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  /** User + system CPU time in clock ticks (USER_HZ, 100 on Linux). */
  readonly cpuTicks: number;
  /** CPU time of its children that it has waited for (reaped), in clock ticks. */
  readonly childCpuTicks: number;
  /** Start time in clock ticks since boot: with the pid, identifies a process across pid reuse. */
  readonly startTicks: number;
  readonly rssPages: number;
}

/** Linux reports CPU times in USER_HZ, which is 100 on every architecture Node supports. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** Parse /proc/<pid>/stat. The command name is in parentheses and may itself contain spaces and ")". */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number.parseInt(text.slice(0, open), 10);
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // f[0] is field 3 (state); field n is f[n - 3].
  const num = (n: number): number => Number.parseInt(f[n - 3] ?? '', 10);
  const stat = {
    pid,
    state: f[0] ?? '?',
    ppid: num(4),
    pgrp: num(5),
    cpuTicks: num(14) + num(15),
    childCpuTicks: num(16) + num(17),
    startTicks: num(22),
    rssPages: num(24),
  };
  return Object.values(stat).every((v) => typeof v === 'string' || Number.isFinite(v)) ? stat : undefined;
}

/** VmRSS from /proc/<pid>/status, in bytes (the file reports kB). */
export function parseStatusRssBytes(text: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number.parseInt(match[1] ?? '', 10) * 1024 : undefined;
}

/** Child pids from /proc/<pid>/task/<tid>/children (space-separated). */
export function parseChildren(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .map((s) => Number.parseInt(s, 10))
    .filter((n) => Number.isInteger(n) && n > 0);
}
