/**
 * Starting one host. By default a plain Node ≥ 24 process in its own process group (so everything it and its
 * guest start can be killed together), with a scrubbed environment plus the env canary, the run directory as
 * its working directory, SIGUSR1 inspector activation off, and its bootstrap on stdin (never in argv or env,
 * which other processes of the same user can read). A runtime may bring its own launcher (Electron's
 * utilityProcess, see electron/main/utility-launcher.ts); the run only sees a {@link HostHandle}.
 */
import type { HostBootstrap } from '../common/protocol/worker-protocol.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { NodeRuntime } from './node-runtime.ts';
import type { HostHandle, HostLaunch } from './host-handle.ts';
import { nodeFeatures, nodeProcessFlags } from '../common/node-release/node-features.ts';
import type { ByteStream } from '../common/protocol/framed-peer.ts';
import { ExecTraceParser } from '../node/proc/exec-trace.ts';
import { ProcessLedger } from '../node/proc/process-ledger.ts';
import { CHANNEL_FD, HOST_STDERR_FD, containedCommand } from './containment.ts';
import { collectDescendants, linuxChildrenOf } from '../node/proc/process-walk.ts';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The host's entry file. Bundled (the app's out/main, the CLI's out/node) it is the host bundle built next to
 * this module. From the sources it is `workers/host/main.ts`, unless WORKBENCH_HOST_BUNDLE names a Node
 * bundle folder to take the built host from (the test runner sets it after checking the bundle is fresh).
 */
export const HOST_ENTRY = !import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('./host.js', import.meta.url))
  : process.env.WORKBENCH_HOST_BUNDLE
    ? join(process.env.WORKBENCH_HOST_BUNDLE, 'host.js')
    : fileURLToPath(new URL('../../workers/host/main.ts', import.meta.url));

/** Variables a host keeps from the supervisor's environment; everything else is dropped. */
const KEPT_ENV = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SystemRoot',
  'windir',
  'USERPROFILE',
  'TZ',
];

export function hostEnvironment(source: NodeJS.ProcessEnv, envCanary: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of KEPT_ENV) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  env.WORKBENCH_CANARY = envCanary;
  return env;
}

export type { HostBootstrap } from '../common/protocol/worker-protocol.ts';

export type { HostHandle, HostLaunch, HostLauncher } from './host-handle.ts';

/**
 * Start a host. A runtime's own launcher (Electron's utilityProcess) gets a socket path to connect to; a plain
 * Node host gets its channel as an inherited socket pair (fd 3), so no other process can sit between it and the
 * supervisor, and runs contained (containment.ts) where the machine allows.
 */
export function spawnHost(runtime: NodeRuntime, launch: HostLaunch): HostHandle {
  if (runtime.launcher) {
    if (launch.bootstrap.endpoint === undefined) throw new Error('this host runtime needs a socket endpoint');
    return runtime.launcher({ ...launch, bootstrap: { ...launch.bootstrap, endpoint: launch.bootstrap.endpoint } });
  }
  const contained = containedCommand(
    runtime.path,
    // Only the flags the runtime's release has (an unknown one stops Node); the host's entry adds a SIGUSR1
    // listener where --disable-sigusr1 is missing.
    [...nodeProcessFlags(nodeFeatures(runtime.version)), launch.entry],
    launch.containment,
  );
  const channelled = launch.bootstrap.endpoint === undefined;
  const stdio: Array<'pipe' | 'ignore'> = ['pipe', 'pipe', 'pipe', channelled ? 'pipe' : 'ignore'];
  if (contained.traced) stdio.push('pipe');
  const child = spawn(contained.command, contained.args, {
    cwd: launch.cwd,
    env: launch.env,
    stdio,
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  child.stdin?.on('error', () => undefined);
  const bootstrap: HostBootstrap = { ...launch.bootstrap, endpoint: launch.bootstrap.endpoint ?? `fd:${CHANNEL_FD}` };
  child.stdin?.end(JSON.stringify(bootstrap));
  return childHandle(child, contained.traced, contained.command !== runtime.path, launch.entry);
}

function childHandle(child: ChildProcess, traced: boolean, contained: boolean, entry: string): HostHandle {
  const channel = child.stdio[CHANNEL_FD] as unknown as ByteStream | null;
  const stderr = traced ? (child.stdio[HOST_STDERR_FD] as Readable | null) : child.stderr;
  const ledger = traced ? new ProcessLedger() : undefined;
  if (traced && ledger && child.stderr) {
    const parser = new ExecTraceParser();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      for (const event of parser.push(text)) ledger.apply(event);
    });
  }
  let untracedHost: number | undefined;
  let untracedInit: number | undefined;
  const resolveUntraced = (): void => {
    if (untracedHost !== undefined || child.pid === undefined) return;
    // unshare → sh (PID 1 inside) → node: the host is the init's one child before any guest code runs.
    const init = childrenOf(child.pid)[0];
    const host = init === undefined ? undefined : childrenOf(init)[0];
    if (host !== undefined) [untracedInit, untracedHost] = [init, host];
  };
  // The trace names the host as it starts (ledger); if its line has not been read (seen once in a CI run: the
  // host authenticated and ran its guest, and the trace still had not named it 3 s later), the process tree
  // does: the first Node process under the wrapper that runs the host's entry (the wrappers name the entry in
  // their arguments too, but are not Node; breadth first, so it is the host, not anything its guest started
  // later with the same command line).
  // Looked for once, at the first ask — which the run makes once the host has authenticated and before any
  // guest code runs: a guest in the host can rewrite its command line (process.title) and start a process
  // that names the entry, so the tree is never consulted after that.
  let treeHost: number | undefined;
  let treeSearched = false;
  const hostFromTree = (): number | undefined => {
    if (treeSearched || child.pid === undefined || process.platform !== 'linux') return treeHost;
    treeSearched = true;
    treeHost = hostInTree(child.pid, entry, childrenOf, argvOf);
    return treeHost;
  };
  return {
    pid: child.pid,
    ...(channel ? { channel } : {}),
    ...(ledger ? { ledger } : {}),
    hostPid: () => {
      if (!contained) return child.pid;
      if (ledger) return ledger.hostPid ?? hostFromTree();
      resolveUntraced();
      return untracedHost;
    },
    ...(ledger
      ? {
          whenHostPid: (timeoutMs: number, signal?: AbortSignal) =>
            new Promise<number | undefined>((resolve) => {
              const done = (): void => {
                clearTimeout(timer);
                signal?.removeEventListener('abort', done);
                resolve(ledger.hostPid ?? hostFromTree());
              };
              const timer = setTimeout(done, timeoutMs);
              signal?.addEventListener('abort', done, { once: true });
              void ledger.hostKnown().then(done);
              // The host is in (it authenticated): the tree shows it now if the trace is behind.
              if (hostFromTree() !== undefined) done();
            }),
        }
      : {}),
    initPid: () => {
      if (!contained) return undefined;
      if (ledger) return ledger.initPid;
      resolveUntraced();
      return untracedInit;
    },
    ...(contained
      ? {
          outerPid: (nsPid: number) => {
            const root = ledger?.initPid ?? (resolveUntraced(), untracedInit);
            return root === undefined ? undefined : outerPidOf(nsPid, root);
          },
        }
      : {}),
    stdout: child.stdout,
    stderr,
    onExit: (listener) => void child.on('exit', (code, signal) => listener(exitHow(code, signal, contained))),
    onError: (listener) => void child.on('error', listener),
    closed: (timeoutMs) => waitForClose(child, timeoutMs),
    kill: () => killHostGroup(child),
  };
}

/**
 * How a host ended. A contained host's exit reaches us through its namespace's init (`sh`), which reports a host
 * killed by signal N as exit code 128 + N: said as the signal, as for an uncontained host.
 */
function exitHow(code: number | null, signal: NodeJS.Signals | null, contained: boolean): string {
  if (signal) return `signal ${signal}`;
  if (contained && code !== null && code > 128 && code < 128 + 65) {
    const name = Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0];
    if (name) return `signal ${name}`;
  }
  return `code ${code}`;
}

/**
 * The host among the processes under `root` (the containment wrapper): the first Node process, breadth first,
 * whose arguments name the host's `entry`. The wrappers (unshare, the namespace's sh) name it too but are not
 * Node; anything the guest starts with the same command line is deeper.
 */
export function hostInTree(
  root: number,
  entry: string,
  childrenOf: (pid: number) => readonly number[],
  argvOf: (pid: number) => readonly string[],
): number | undefined {
  return collectDescendants(root, childrenOf).find((pid) => {
    const argv = argvOf(pid);
    return basename(argv[0] ?? '').startsWith('node') && argv.includes(entry);
  });
}

/** A process's argv (empty when it cannot be read). */
function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

function childrenOf(pid: number): number[] {
  return process.platform === 'linux' ? linuxChildrenOf(pid) : [];
}

/**
 * The process under `root` whose pid in the run's namespace is `nsPid`: the second field of `NSpid:` in
 * /proc/<pid>/status (the first is ours; a process in a sandbox nested inside the run has a third).
 */
function outerPidOf(nsPid: number, root: number): number | undefined {
  for (const pid of collectDescendants(root, childrenOf)) {
    try {
      const line = /^NSpid:\s*(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (line && Number(line.trim().split(/\s+/)[1]) === nsPid) return pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

/** SIGKILL a host and its whole process group; tolerant of it being gone already. */
function killHostGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function waitForClose(child: ChildProcess, timeoutMs: number): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (exited && child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false)
    return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    child.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
