/**
 * Browser mode on a port that is taken: one line that says so and what to do, exit 1 — no stack trace, and no
 * host or other process left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

test('a port in use is refused in one line, with what to do, exit 1', async () => {
  const taken = createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const port = (taken.address() as { port: number }).port;
  const data = mkdtempSync(join(tmpdir(), 'wb-port-'));
  try {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WORKBENCH_DATA_DIR: data },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; choose another with --port N`));
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.equal(stdout, '');
  } finally {
    taken.close();
    rmSync(data, { recursive: true, force: true });
  }
});
