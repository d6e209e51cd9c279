/**
 * Starting one host. By default a plain Node ≥ 24 process in its own process group (so everything it and its
 * guest start can be killed together), with a scrubbed environment plus the env canary, the run directory as
 * its working directory, SIGUSR1 inspector activation off, and its bootstrap on stdin (never in argv or env,
 * which other processes of the same user can read). A runtime may bring its own launcher (Electron's
 * utilityProcess, see electron/main/utility-launcher.ts); the run only sees a {@link HostHandle}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NodeRuntime } from './node-runtime.ts';

/**
 * The host's entry file. From the checkout the engine runs as TypeScript and starts `workers/host/main.ts`;
 * bundled into the app (out/main/index.js) it starts the host bundle built next to it (electron.vite.config.ts).
 */
export const HOST_ENTRY = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../../workers/host/main.ts', import.meta.url))
  : fileURLToPath(new URL('./host.js', import.meta.url));

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

export interface HostBootstrap {
  readonly endpoint: string;
  readonly token: string;
  readonly maxMessageBytes: number;
}

export interface HostLaunch {
  readonly entry: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly bootstrap: HostBootstrap;
}

/** What a run needs of its host process, whoever started it. */
export interface HostHandle {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** `how`: "code N" or "signal S" when known. */
  onExit(listener: (how: string | undefined) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Resolves once the process has exited and its output is drained (or after `timeoutMs`). */
  closed(timeoutMs: number): Promise<void>;
  /** Kill the host and everything it started; tolerant of it being gone already. */
  kill(): void;
}

export type HostLauncher = (launch: HostLaunch) => HostHandle;

export function spawnHost(runtime: NodeRuntime, launch: HostLaunch): HostHandle {
  if (runtime.launcher) return runtime.launcher(launch);
  const child = spawn(runtime.path, ['--disable-sigusr1', '--disable-warning=ExperimentalWarning', launch.entry], {
    cwd: launch.cwd,
    env: launch.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(JSON.stringify(launch.bootstrap));
  return childHandle(child);
}

function childHandle(child: ChildProcess): HostHandle {
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    onExit: (listener) =>
      void child.on('exit', (code, signal) => listener(signal ? `signal ${signal}` : `code ${code}`)),
    onError: (listener) => void child.on('error', listener),
    closed: (timeoutMs) => waitForClose(child, timeoutMs),
    kill: () => killHostGroup(child),
  };
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
