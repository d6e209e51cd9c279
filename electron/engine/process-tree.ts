/**
 * Reading processes from outside: which processes descend from a host, their CPU and memory, and — at
 * the end of a run — processes that left the tree (double fork, setsid) but still carry the run's canary
 * environment. Linux reads /proc; elsewhere `ps` gives a coarser view.
 */
import { collectDescendants, linuxChildrenOf } from '../node/proc/process-walk.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CLOCK_TICKS_PER_SECOND, parseProcStat, parseStatusRssBytes, type ProcStat } from '../node/proc/proc-parse.ts';

export interface ProcessReading {
  readonly pid: number;
  readonly ppid: number;
  /** CPU time used so far, in ms. */
  readonly cpuMs: number;
  /** CPU time of children it has reaped, in ms (Linux; 0 elsewhere). */
  readonly reapedChildCpuMs: number;
  readonly rssBytes?: number;
  readonly command: string;
}

const isLinux = process.platform === 'linux';

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 300);
  } catch {
    return '?';
  }
}

/** One reading of a process, or undefined if it is gone. */
export function readProcess(pid: number): ProcessReading | undefined {
  if (!isLinux) return readWithPs([pid])[0];
  const stat = readStat(pid);
  if (!stat || stat.state === 'Z') return undefined;
  let rssBytes: number | undefined;
  try {
    rssBytes = parseStatusRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    rssBytes = undefined;
  }
  const msPerTick = 1000 / CLOCK_TICKS_PER_SECOND;
  return {
    pid,
    ppid: stat.ppid,
    cpuMs: stat.cpuTicks * msPerTick,
    reapedChildCpuMs: stat.childCpuTicks * msPerTick,
    command: '',
    ...(rssBytes !== undefined ? { rssBytes } : {}),
  };
}

/**
 * A process's identity: its pid and its start time (Linux: ticks since boot), so that a pid reused by another
 * process after the first one ended is told apart. Undefined when the process is gone; elsewhere than Linux the
 * start time is not read and the identity is the pid alone.
 */
export function processIdentity(pid: number): string | undefined {
  if (!isLinux) return String(pid);
  const stat = readStat(pid);
  return stat && stat.state !== 'Z' ? `${pid}@${stat.startTicks}` : undefined;
}

/** Pids of all live descendants of `root` (not including it). */
export function descendants(root: number): number[] {
  if (!isLinux) {
    const all = readWithPs([]);
    return all.filter((p) => isDescendant(p.pid, root, all)).map((p) => p.pid);
  }
  return collectDescendants(root, (pid) => linuxChildrenOf(pid));
}

/**
 * Processes one CPU walk reads at most: a walk costs ~47 µs a process here (1,000 live processes: 47 ms of the
 * supervisor's event loop), and a guest may start as many as the machine allows. Past it the figure is short.
 */
export const MAX_TREE_PROCESSES = 4096;

/**
 * CPU of the descendants of `root` that have not been reaped yet (their own and what they reaped), in ms,
 * leaving out the subtrees of the pids in `skip`;
 * Linux only (0 elsewhere: `ps` at every sample would cost more than it tells). A process's own count holds a
 * child's CPU only once it reaped it, so without this a guest's `execSync` running a shell for 300 ms read
 * 0 ms until the shell ended — and not at all when the run ended first.
 */
export function descendantsCpuMs(root: number, skip: ReadonlySet<number> = new Set()): number {
  if (!isLinux) return 0;
  let ticks = 0;
  // Subtrees rooted at a pid in `skip` are left out whole (they are counted by readings of their own).
  const childrenOf = (p: number): number[] => linuxChildrenOf(p).filter((kid) => !skip.has(kid));
  for (const pid of collectDescendants(root, childrenOf, MAX_TREE_PROCESSES)) {
    const stat = readStat(pid);
    if (stat) ticks += stat.cpuTicks + stat.childCpuTicks;
  }
  return ticks * (1000 / CLOCK_TICKS_PER_SECOND);
}

/** Command line of a process, for evidence. */
export function describeProcess(pid: number): string {
  return isLinux ? commandOf(pid) : (readWithPs([pid])[0]?.command ?? '?');
}

/**
 * Processes anywhere on the machine (same user) whose environment holds `marker` — children that left the
 * host's tree by daemonising still inherited it. Linux only; an empty list elsewhere.
 */
export function processesWithEnvMarker(marker: string, exclude: ReadonlySet<number>): number[] {
  if (!isLinux) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || exclude.has(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) out.push(pid);
    } catch {
      // not ours, or gone
    }
  }
  return out;
}

function readWithPs(pids: number[]): ProcessReading[] {
  if (process.platform === 'win32') return [];
  try {
    const args = ['-o', 'pid=,ppid=,rss=,time=,command='];
    const text = execFileSync('ps', pids.length ? [...args, '-p', pids.join(',')] : ['-A', ...args], {
      encoding: 'utf8',
      timeout: 2000,
    });
    return text
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length >= 5)
      .map((f) => ({
        pid: Number(f[0]),
        ppid: Number(f[1]),
        rssBytes: Number(f[2]) * 1024,
        cpuMs: psTimeMs(f[3] ?? '0'),
        reapedChildCpuMs: 0,
        command: f.slice(4).join(' '),
      }));
  } catch {
    return [];
  }
}

function psTimeMs(text: string): number {
  const parts = text.split(/[:-]/).map(Number);
  let s = 0;
  for (const p of parts) s = s * 60 + (Number.isFinite(p) ? p : 0);
  return s * 1000;
}

function isDescendant(pid: number, root: number, all: ProcessReading[]): boolean {
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  let cur = parent.get(pid);
  for (let i = 0; cur !== undefined && i < 64; i++) {
    if (cur === root) return true;
    cur = parent.get(cur);
  }
  return false;
}
