/**
 * Removing a directory that code we do not control has written into (a run directory, a socket directory).
 * A guest can leave a directory its owner may not write or search (`chmod 0500`, `chmod 0`): a recursive
 * remove then fails with EACCES for every user but root, the run's result would be lost and the directory
 * left behind. The owner may always change the mode of its own files, so give every directory in the tree
 * back to its owner (u+rwx, symlinks are not followed) and remove it once more. Never throws.
 */
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Remove `path` and everything under it; returns why it could not be removed, or undefined. */
export function removeTree(path: string): string | undefined {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
    return undefined;
  } catch {
    restoreOwnerAccess(path);
  }
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
    return undefined;
  } catch (error) {
    return `could not remove ${path}: ${(error as Error).message}`;
  }
}

function restoreOwnerAccess(dir: string): void {
  try {
    chmodSync(dir, 0o700);
  } catch {
    // not ours, or gone: the second remove says so
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory()) restoreOwnerAccess(join(dir, entry.name));
}
