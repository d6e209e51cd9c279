/**
 * Which process holds the client end of a loopback TCP connection (Linux): the connection's row in
 * /proc/net/tcp{,6} gives the socket's inode, and the process holding `socket:[inode]` among its descriptors is
 * the one that connected. Used to charge a connection to a run's CANARY_PORT to the run whose process made it,
 * not to the run that owns the port. Read at accept time, while the client still holds its socket.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The inode of the socket whose local port is `localPort` and remote port `remotePort`, if listed. */
export function tcpSocketInode(localPort: number, remotePort: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    const inode = findInode(text, localPort, remotePort);
    if (inode !== undefined) return inode;
  }
  return undefined;
}

/** Pure: the inode column of the row with these ports (hex `ADDR:PORT` columns 1 and 2, inode column 9). */
export function findInode(table: string, localPort: number, remotePort: number): number | undefined {
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = parseInt(f[1]!.split(':').pop() ?? '', 16);
    const remote = parseInt(f[2]!.split(':').pop() ?? '', 16);
    const inode = Number(f[9]);
    if (local === localPort && remote === remotePort && inode > 0) return inode;
  }
  return undefined;
}

/** The first of `pids` that holds socket `inode` among its open descriptors. */
export function holderOf(inode: number, pids: Iterable<number>): number | undefined {
  const link = `socket:[${inode}]`;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}
