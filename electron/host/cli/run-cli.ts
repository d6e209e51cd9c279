/**
 * For the CLI's tests: run `workbench` as a user does (the launcher, by default) with some standard input, and
 * collect its exit code and both streams.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LAUNCHER = fileURLToPath(new URL('../../../bin/workbench.mjs', import.meta.url));

export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  o: { stdin?: string; env?: NodeJS.ProcessEnv; entry?: readonly string[] } = {},
): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(o.entry ?? [LAUNCHER]), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(o.env ? { env: o.env } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
