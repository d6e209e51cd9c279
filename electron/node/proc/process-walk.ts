/**
 * Walking a process tree, shared by the supervisor and the host. On Linux the children of a process are read
 * from /proc/<pid>/task/<tid>/children; the reads can be replaced so tests drive the walk with a fake tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseChildren } from './proc-parse.ts';

/** All descendants of `root` (not including it), breadth first; each pid once; at most `limit` of them. */
export function collectDescendants(
  root: number,
  childrenOf: (pid: number) => readonly number[],
  limit = Infinity,
): number[] {
  const out: number[] = [];
  const seen = new Set<number>([root]);
  const queue = [root];
  while (queue.length > 0 && out.length < limit) {
    const pid = queue.shift()!;
    for (const kid of childrenOf(pid)) {
      if (out.length >= limit) break;
      if (seen.has(kid)) continue;
      seen.add(kid);
      out.push(kid);
      queue.push(kid);
    }
  }
  return out;
}

/** The two file reads the Linux walk needs. Both throw if missing. */
export interface ProcReader {
  listDir(path: string): string[];
  readText(path: string): string;
}

/** The real /proc. */
export const PROC_FS: ProcReader = { listDir: (p) => readdirSync(p), readText: (p) => readFileSync(p, 'utf8') };

/** Child pids of a Linux process, all threads included (a worker thread can spawn too). */
export function linuxChildrenOf(pid: number, io: ProcReader = PROC_FS): number[] {
  let tids: string[];
  try {
    tids = io.listDir(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    try {
      out.push(...parseChildren(io.readText(`/proc/${pid}/task/${tid}/children`)));
    } catch {
      // the thread ended between the two reads
    }
  }
  return out;
}
