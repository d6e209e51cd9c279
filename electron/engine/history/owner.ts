/**
 * Who owns a run in the history: the process that will write its result. A run left `running` by a
 * process that no longer exists will never end, and is marked interrupted. A pid alone is not enough —
 * pids are reused — so on Linux the owner's start time (from /proc) is kept with it and compared.
 */
import { readFileSync } from 'node:fs';
import { parseProcStat, type ProcStat } from '../../node/proc/proc-parse.ts';

function readStat(pid: number): ProcStat | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A string that, with the pid, names one process for its whole life; undefined where the OS gives no
 * cheap reading (then only the pid is compared).
 */
export function processIdentity(pid: number): string | undefined {
  const stat = readStat(pid);
  return stat ? `linux-start:${stat.startTicks}` : undefined;
}

/**
 * Whether the process that owned a run may still be alive. Errs towards "alive": a live writer's run
 * marked interrupted would be wrong, a dead one's left running only looks stale.
 */
export function isOwnerAlive(pid: number, identity: string | null | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: a process exists but belongs to someone else; the identity check below decides.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = readStat(pid);
  if (stat === undefined) return true;
  // A zombie has exited; it only waits for its parent to read its status.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return !identity || identity === `linux-start:${stat.startTicks}`;
}
