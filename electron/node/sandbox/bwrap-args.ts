/**
 * The bubblewrap command line of the Linux `os-sandbox` boundary, built from the policy. Pure, so the exact
 * sandbox is testable and can be shown. Intent (issue #3): read-only root; a new, empty network namespace;
 * a private /tmp; only the jail writable; a new PID namespace; the sandbox dies with its parent; the run
 * directory (canary.txt) not visible; no Unix socket outside reachable (issue #11: a seccomp program, see
 * seccomp-filter.ts — the guest talks to its host over an inherited, already connected descriptor, so no
 * socket file is bound in).
 *
 * Every tmpfs is memory that no process's RSS shows, so none is left unbounded (a guest under a 64 MB budget
 * once wrote 1 GB into /tmp and its budget "held"): the private /tmp and /dev/shm have a size, /dev and the
 * tmpfs over the run directory are read-only. Only the jail — the host's disk — stays writable without a size.
 */

/** The private /tmp's size when the run has no memory budget; with one, /tmp gets the budget. */
export const SANDBOX_TMP_DEFAULT_MB = 64;
/** /dev/shm: Node needs none; a little, so that a program that opens it finds it. */
export const SANDBOX_SHM_MB = 1;
const MB = 1024 * 1024;

export interface BwrapOptions {
  readonly jailDir: string;
  readonly runDir: string;
  /**
   * The descriptor, open in bubblewrap, from which it reads the seccomp program (`unixSocketFilter()`) and
   * closes. bubblewrap refuses to start the guest if the program cannot be loaded.
   */
  readonly seccompFd: number;
  /** Paths the guest must still read after /tmp is replaced (the Node binary, the workbench code). */
  readonly readPaths: readonly string[];
  /** Keep the host's network namespace (policy `network: true`); default is a new, empty one. */
  readonly network: boolean;
  /** Size of the private /tmp, in MB. */
  readonly tmpMb: number;
}

export function bwrapArgs(o: BwrapOptions): string[] {
  const args = ['--ro-bind', '/', '/', ...boundedDev(), '--proc', '/proc'];
  args.push('--size', String(o.tmpMb * MB), '--tmpfs', '/tmp');
  // A private /tmp hides whatever lived there — including, when the checkout is under /tmp, the code the
  // guest needs: put those paths back, read-only.
  for (const p of o.readPaths) args.push('--ro-bind', p, p);
  // An empty tmpfs over the run directory hides canary.txt wherever TMPDIR points; the jail inside it is
  // bound back writable, then the tmpfs itself is made read-only (the jail, a mount of its own, stays writable).
  args.push('--tmpfs', o.runDir, '--bind', o.jailDir, o.jailDir, '--remount-ro', o.runDir);
  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  args.push(o.network ? '--share-net' : '--unshare-net');
  args.push('--die-with-parent', '--new-session', '--chdir', o.jailDir, '--setenv', 'TMPDIR', '/tmp');
  args.push('--seccomp', String(o.seccompFd));
  return args;
}

/**
 * The smallest sandbox with the same namespaces and the seccomp program, to find out whether bubblewrap
 * works on this machine. The program is read from stdin: pass `unixSocketFilter()` as the input.
 */
export function bwrapTrialArgs(): string[] {
  return [
    '--ro-bind',
    '/',
    '/',
    ...boundedDev(),
    '--proc',
    '/proc',
    '--size',
    String(SANDBOX_TMP_DEFAULT_MB * MB),
    '--tmpfs',
    '/tmp',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-net',
    '--die-with-parent',
    '--new-session',
    '--seccomp',
    '0',
    '--',
    'true',
  ];
}

/** A /dev with the usual device nodes, read-only (bubblewrap makes it a tmpfs), and a small /dev/shm. */
function boundedDev(): string[] {
  return ['--dev', '/dev', '--size', String(SANDBOX_SHM_MB * MB), '--tmpfs', '/dev/shm', '--remount-ro', '/dev'];
}
