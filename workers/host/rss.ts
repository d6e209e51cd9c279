/** Reading other processes from the host: resident set size and descendants, the cheapest way the OS offers. */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { collectDescendants, linuxChildrenOf } from '../../electron/node/proc/process-walk.ts';
import { execFile } from 'node:child_process';
import { parseStatusRssBytes } from '../../electron/node/proc/proc-parse.ts';

export async function readRssBytes(pid: number): Promise<number | undefined> {
  if (process.platform === 'linux') {
    try {
      return parseStatusRssBytes(await readFile(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'win32') return undefined;
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => {
      const kb = Number.parseInt(stdout.trim(), 10);
      resolve(error || !Number.isFinite(kb) ? undefined : kb * 1024);
    });
  });
}

/** How often the RSS watchdog reads a child's memory. /proc is cheap; `ps` is not. */
export const RSS_WATCH_MS = process.platform === 'linux' ? 10 : 100;

/** Descendants of a process (Linux; empty elsewhere, where the sandbox wrapper execs in place). */
export function descendantsOf(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  return collectDescendants(pid, (p) => linuxChildrenOf(p));
}

/** The command line of a process (Linux), or '' when it cannot be read. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}
