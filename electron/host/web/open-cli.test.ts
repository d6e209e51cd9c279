/**
 * `npm run web -- --open` as a user runs it, with a stand-in `xdg-open` first on PATH that records its argv and
 * the page it was handed: the token is on the server's stdout and in a 0600 page, never on the opener's
 * command line, and the page is gone once the server has stopped. Linux only (the opener there is xdg-open).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const root = mkdtempSync(join(tmpdir(), 'wb-open-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

test('--open hands xdg-open a private page, not the tokened URL', { skip: process.platform !== 'linux' }, async () => {
  const bin = join(root, 'bin');
  const tmp = join(root, 'tmp');
  mkdirSync(bin);
  mkdirSync(tmp);
  const report = join(root, 'report');
  // Everything it saw, in one write at the end, so a partial report is never read.
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!/bin/sh
{ printf 'argv:'; for a in "$0" "$@"; do printf ' %s' "$a"; done; printf '\\n'
  printf 'cmdline: %s\\n' "$(tr '\\0' ' ' < /proc/$$/cmdline)"
  printf 'mode: %s\\n' "$(stat -c %a "$1")"
  printf 'dirmode: %s\\n' "$(stat -c %a "$(dirname "$1")")"
  printf 'path: %s\\n' "$1"
  cat "$1"; } > ${JSON.stringify(`${report}.part`)}
mv ${JSON.stringify(`${report}.part`)} ${JSON.stringify(report)}
`,
  );
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const server = spawn(process.execPath, ['--disable-sigusr1', MAIN, '--open', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      TMPDIR: tmp,
      WORKBENCH_DATA_DIR: join(root, 'data'),
    },
  });
  let stdout = '';
  let stderr = '';
  server.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = once(server, 'exit');
  try {
    while (!existsSync(report)) {
      assert.equal(server.exitCode, null, `the server ended: ${stderr}`);
      await sleep(25);
    }
    const url = /Workbench ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=(\S+))\n/.exec(stdout);
    assert.ok(url, stdout);
    const [, tokenedUrl, token] = url;
    const seen = readFileSync(report, 'utf8');
    const line = (name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(seen)?.[1] ?? '';
    assert.ok(line('argv').endsWith('/open.html'), seen);
    assert.ok(!line('argv').includes(token!), `the opener's argv carries the token: ${line('argv')}`);
    assert.ok(!line('cmdline').includes(token!), `/proc/<pid>/cmdline carries the token: ${line('cmdline')}`);
    assert.ok(line('cmdline').includes(line('path')), 'the cmdline read is the opener’s own');
    assert.equal(line('mode'), '600');
    assert.equal(line('dirmode'), '700');
    assert.ok(line('path').startsWith(`${tmp}/`));
    assert.ok(seen.includes(`<meta http-equiv="refresh" content="0;url=${tokenedUrl!}">`), seen);
  } finally {
    server.kill('SIGINT');
    await exited;
  }
  assert.equal(server.exitCode, 0, stderr);
  // The page went with the server, and so did everything else it had in its temp directory.
  assert.deepEqual(readdirSync(tmp), []);
});
