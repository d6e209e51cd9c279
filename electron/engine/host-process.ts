/**
 * Spawning one host: a plain Node ≥ 24 process in its own process group (so everything it and its guest
 * start can be killed together), with a scrubbed environment plus the env canary, the run directory as its
 * working directory, SIGUSR1 inspector activation off, and its bootstrap on stdin (never in argv or env,
 * which other processes of the same user can read).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NodeRuntime } from './node-runtime.ts';

export const HOST_ENTRY = fileURLToPath(new URL('../../workers/host/main.ts', import.meta.url));

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

export function spawnHost(
  runtime: NodeRuntime,
  cwd: string,
  env: Record<string, string>,
  bootstrap: HostBootstrap,
  entry: string = HOST_ENTRY,
): ChildProcess {
  const child = spawn(runtime.path, ['--disable-sigusr1', '--disable-warning=ExperimentalWarning', entry], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(JSON.stringify(bootstrap));
  return child;
}

/** SIGKILL a host and its whole process group; tolerant of it being gone already. */
export function killHostGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
