/**
 * File-system observation for the write canary: a snapshot of the run directory (minus the jail, where the
 * guest may write) before the guest starts, compared with one after it ends. Anything created, changed or
 * removed there is a write breach, whoever claims to have done it.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_ENTRIES = 10_000;

export type FsSnapshot = ReadonlyMap<string, string>;

export function snapshotTree(root: string, exclude: string): FsSnapshot {
  const out = new Map<string, string>();
  const stack = [root];
  while (stack.length > 0 && out.size < MAX_ENTRIES) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (path === exclude) continue;
      try {
        const st = lstatSync(path);
        out.set(relative(root, path), `${st.mode}:${st.size}:${st.mtimeMs}:${st.ino}`);
        if (st.isDirectory()) stack.push(path);
      } catch {
        // vanished between readdir and lstat: the next snapshot will show it
      }
    }
  }
  return out;
}

export interface FsChange {
  readonly path: string;
  readonly change: 'created' | 'modified' | 'removed';
}

export function diffSnapshots(before: FsSnapshot, after: FsSnapshot): FsChange[] {
  const changes: FsChange[] = [];
  for (const [path, sig] of after) {
    const old = before.get(path);
    if (old === undefined) changes.push({ path, change: 'created' });
    else if (old !== sig) changes.push({ path, change: 'modified' });
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push({ path, change: 'removed' });
  return changes;
}
