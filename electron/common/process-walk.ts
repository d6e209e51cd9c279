/**
 * Walking a process tree, with the reading injected so the supervisor and the host share the logic and
 * tests can drive it with a fake tree. On Linux the reader is /proc/<pid>/task/<tid>/children.
 */
import { parseChildren } from './proc-parse.ts';

/** All descendants of `root` (not including it), breadth first; each pid once. */
export function collectDescendants(root: number, childrenOf: (pid: number) => readonly number[]): number[] {
  const out: number[] = [];
  const seen = new Set<number>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const kid of childrenOf(pid)) {
      if (seen.has(kid)) continue;
      seen.add(kid);
      out.push(kid);
      queue.push(kid);
    }
  }
  return out;
}

/** The two file reads the Linux walk needs; each side passes its own `node:fs`. Both throw if missing. */
export interface ProcReader {
  listDir(path: string): string[];
  readText(path: string): string;
}

/** Child pids of a Linux process, all threads included (a worker thread can spawn too). */
export function linuxChildrenOf(pid: number, io: ProcReader): number[] {
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
