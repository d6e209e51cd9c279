/**
 * Run containment (Linux): every host starts in a PID namespace of its own, under a tracer that records every
 * process created inside it.
 *
 *   strace -f …  (outside the namespace: the guest can neither see nor signal it)
 *   └─ unshare --user --map-current-user --pid --fork --kill-child --mount-proc   (outside too)
 *      └─ /bin/sh  PID 1 of the namespace: reaps, and its death takes every process of the run with it
 *         └─ node host  PID 2
 *
 * What it gives: a guest cannot signal or debug any process above its host (they have no PID in its
 * namespace: SIGUSR1 to an ancestor Node is impossible); nothing it starts — setsid, double fork, daemons —
 * leaves the namespace, and all of it dies with PID 1 when the run ends; strace's record names every process,
 * with its command line, however short-lived. What it does not change: files (the root is the same, only /proc
 * is the namespace's own), network, environment, user id — `host`, `worker` and `process` demonstrate what they
 * did before. Where unshare or strace is missing or refused, the capability table says what is lost.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** argv prefix that puts a command in a fresh user + PID namespace with its own /proc. */
const UNSHARE_ARGS = ['--user', '--map-current-user', '--pid', '--fork', '--kill-child', '--mount-proc'];

/**
 * The trace: process creation, exec and connect (which run reached another's CANARY_PORT) only — seccomp-bpf
 * stops on nothing else —, pids in our namespace.
 */
const STRACE_ARGS = [
  '-f',
  '-qq',
  '--seccomp-bpf',
  '--pidns-translation',
  '-s',
  '256',
  '-e',
  'trace=clone,clone3,fork,vfork,execve,execveat,connect',
  '-e',
  'signal=none',
];

/** The descriptor of the host's supervisor channel (an inherited, already connected socket pair). */
export const CHANNEL_FD = 3;
/**
 * When traced, strace writes its record to its own stderr (a socket pair cannot be reopened by path, so `-o`
 * cannot take it), and the host's stderr is passed on this descriptor; PID 1 moves it back to 2.
 */
export const HOST_STDERR_FD = 4;

export interface ContainmentSupport {
  /** The host runs in its own PID namespace; else why not. */
  readonly pidNamespace: true | string;
  /** Every process of the run is recorded by strace; else why not. */
  readonly trace: true | string;
}

let cached: ContainmentSupport | undefined;

/** What this machine supports, tried once per process (two tiny trial runs on Linux, ~10 ms each). */
export function containmentSupport(): ContainmentSupport {
  if (cached) return cached;
  if (process.env.WORKBENCH_NO_CONTAINMENT === '1') {
    cached = { pidNamespace: 'turned off (WORKBENCH_NO_CONTAINMENT=1)', trace: 'turned off' };
    return cached;
  }
  if (process.platform !== 'linux') {
    const why = `${process.platform} has no PID namespaces: processes a guest starts are seen only by sampling the host's process tree, a process can leave that tree, and a guest can signal the host's ancestors`;
    cached = { pidNamespace: why, trace: why };
    return cached;
  }
  const pidNamespace = trial('unshare', [...UNSHARE_ARGS, '/bin/sh', '-c', 'exit 0'], 'unshare (util-linux)');
  const trace =
    pidNamespace === true
      ? trial('strace', [...STRACE_ARGS, '-o', '/dev/null', '/bin/sh', '-c', 'exit 0'], 'strace')
      : 'needs the PID namespace';
  cached = { pidNamespace, trace };
  return cached;
}

function trial(command: string, args: string[], name: string): true | string {
  const path = ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => `${d}/${command}`).find((p) => existsSync(p));
  if (!path)
    return `${name} is not installed (Debian/Ubuntu: apt-get install ${command === 'unshare' ? 'util-linux' : 'strace'})`;
  const r = spawnSync(path, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000 });
  if (r.status === 0) return true;
  const why = (r.stderr?.toString() ?? '').trim().split('\n')[0] || (r.error?.message ?? `exit ${r.status}`);
  return `${name} could not run here: ${why}`;
}

/**
 * How far a host is contained at most: the run's own PID namespace under the tracer (the default), the namespace
 * alone, or not at all. Less than `traced` exists for `workbench bench`, which measures what containment costs.
 */
export type ContainmentLevel = 'traced' | 'namespace' | 'none';

export interface ContainedCommand {
  readonly command: string;
  readonly args: string[];
  /** strace's record arrives on the spawned process's stderr, and the host's own stderr on HOST_STDERR_FD. */
  readonly traced: boolean;
}

/**
 * The command that runs `node nodeArgs…` contained as far as this machine allows. PID 1 points fd 2 at the
 * host's stderr before starting it, so no process of the run holds the trace and none can write into it.
 */
export function containedCommand(
  node: string,
  nodeArgs: readonly string[],
  ceiling: ContainmentLevel = 'traced',
): ContainedCommand {
  const support = containmentSupport();
  if (support.pidNamespace !== true || ceiling === 'none') return { command: node, args: [...nodeArgs], traced: false };
  const traced = support.trace === true && ceiling === 'traced';
  // `; exit $?` keeps sh as PID 1 (a lone command would be exec'd in its place, and a Node as PID 1 ignores
  // the signals a guest may legitimately send its host).
  const init = [
    '/bin/sh',
    '-c',
    `${traced ? `exec 2>&${HOST_STDERR_FD} ${HOST_STDERR_FD}>&-; ` : ''}"$0" "$@"; exit $?`,
    node,
    ...nodeArgs,
  ];
  const contained = ['unshare', ...UNSHARE_ARGS, '--', ...init];
  if (!traced) return { command: 'unshare', args: contained.slice(1), traced };
  return { command: 'strace', args: [...STRACE_ARGS, ...contained], traced };
}
