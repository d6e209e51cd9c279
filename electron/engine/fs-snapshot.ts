/**
 * File-system observation for the write canary: a snapshot of the run directory (minus the jail, where the
 * guest may write) before the guest starts, compared with one after it ends. Anything created, changed or
 * removed there is a write breach, whoever claims to have done it.
 *
 * Regular files are compared by content (sha256), not only by size and times: a guest can rewrite
 * canary.txt in place with the same length and put its timestamps back with utimes (issue 11, item 10).
 * Symbolic links are compared by target. The run directory holds tiny files (canary.txt), so hashing them
 * costs nothing; what a guest may have added is bounded (MAX_ENTRIES, MAX_HASH_BYTES, MAX_TOTAL_HASH_BYTES),
 * and anything past a bound still differs from the snapshot before, so it is never missed.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_ENTRIES = 10_000;
/** Bytes of one file that are hashed; a larger file is compared by its size and this much of its content. */
export const MAX_HASH_BYTES = 1024 * 1024;
/** Bytes hashed per snapshot; files past it are marked unhashed, which never equals a hashed signature. */
const MAX_TOTAL_HASH_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

export type FsSnapshot = ReadonlyMap<string, string>;

export function snapshotTree(root: string, exclude: string): FsSnapshot {
  const out = new Map<string, string>();
  const budget = { bytes: MAX_TOTAL_HASH_BYTES };
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
        let content = '';
        if (st.isFile()) content = contentHash(path, budget);
        else if (st.isSymbolicLink()) content = `->${readlinkSync(path)}`;
        out.set(relative(root, path), `${st.mode}:${st.size}:${st.mtimeMs}:${st.ino}:${st.nlink}:${content}`);
        if (st.isDirectory()) stack.push(path);
      } catch {
        // vanished between readdir and lstat: the next snapshot will show it
      }
    }
  }
  return out;
}

/**
 * sha256 of the first MAX_HASH_BYTES of a regular file. Opened without following a link and without
 * blocking, and checked again once open: a guest may swap the file for a FIFO after the lstat, and reading
 * a FIFO would hang the supervisor.
 */
function contentHash(path: string, budget: { bytes: number }): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return `unreadable=${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  try {
    if (!fstatSync(fd).isFile()) return 'not-a-file';
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let total = 0;
    for (;;) {
      if (total >= MAX_HASH_BYTES) break;
      if (budget.bytes <= 0) return 'unhashed';
      const n = readSync(fd, buffer, 0, Math.min(CHUNK_BYTES, MAX_HASH_BYTES - total, budget.bytes), total);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      total += n;
      budget.bytes -= n;
    }
    return `sha256=${hash.digest('hex')}`;
  } finally {
    closeSync(fd);
  }
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
