/**
 * Starting the by-hand floor scripts (floors/*.ts) with the Node that runs the hosts, and reading what they
 * print. The cold-start floor is timed from outside: spawn → value on stdout → SIGKILL of its process
 * group → closed, the same end the product's host gets.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';

// The floor scripts run from their sources, also when this module runs from the Node bundle.
const FLOORS_DIR = join(PROJECT_ROOT, 'electron', 'host', 'bench', 'floors', '/');
/** A floor that takes longer than this is stuck; the bench says so instead of hanging. */
const FLOOR_TIMEOUT_MS = 120_000;

export function floorScript(name: string): string {
  return `${FLOORS_DIR}${name}`;
}

/** Run `node <floors/name> args…` and parse the JSON line it prints. */
export function runFloor<T>(node: string, name: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--disable-warning=ExperimentalWarning', floorScript(name), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), FLOOR_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code ?? signal}`);
        resolve(JSON.parse(line) as T);
      } catch (error) {
        reject(
          new Error(
            `floor ${name} ${args.slice(0, 2).join(' ')} failed (${(error as Error).message}): ${stderr.trim().slice(-500)}`,
          ),
        );
      }
    });
  });
}

/**
 * Time a `node -e <script>` from spawn until it prints a line and, killed at once with its process group,
 * has closed. Resolves with the milliseconds and the line.
 */
export function timeNodeScript(node: string, script: string): Promise<{ ms: number; line: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let line: string | undefined;
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    };
    const timer = setTimeout(kill, FLOOR_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (line === undefined && stdout.includes('\n')) {
        line = stdout.slice(0, stdout.indexOf('\n'));
        kill();
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      if (line === undefined) reject(new Error(`the by-hand script printed nothing: ${stderr.trim().slice(-500)}`));
      else resolve({ ms, line });
    });
  });
}
