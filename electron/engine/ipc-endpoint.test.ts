import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IpcDirectory, checkSocketPath, maxSocketPathBytes, newToken } from './ipc-endpoint.ts';
import { WorkbenchError } from '../common/protocol/errors.ts';

test('socket path limits: 107 usable bytes on Linux, 103 on macOS, none for Windows pipes', () => {
  assert.equal(maxSocketPathBytes('linux'), 107);
  assert.equal(maxSocketPathBytes('darwin'), 103);
  assert.doesNotThrow(() => checkSocketPath(`/${'a'.repeat(106)}`, 'linux'));
  assert.throws(
    () => checkSocketPath(`/${'a'.repeat(107)}`, 'linux'),
    (e: unknown) =>
      e instanceof WorkbenchError &&
      e.code === 'path-too-long' &&
      /108 bytes, over the 107-byte limit/.test(e.message) &&
      /TMPDIR/.test(e.message),
  );
  assert.throws(() => checkSocketPath(`/${'a'.repeat(103)}`, 'darwin'), /104 bytes, over the 103-byte limit/);
  assert.doesNotThrow(() => checkSocketPath(`\\\\.\\pipe\\${'a'.repeat(300)}`, 'win32'));
});

test('multi-byte characters count as bytes, not characters', () => {
  assert.throws(() => checkSocketPath(`/${'é'.repeat(54)}`, 'linux'), /path-too-long|over the/);
});

test(
  'the directory is private (0700), endpoints are unpredictable, dispose removes it',
  { skip: process.platform === 'win32' },
  () => {
    const dir = new IpcDirectory();
    try {
      assert.equal(statSync(dir.path).mode & 0o777, 0o700);
      const a = dir.endpoint('h');
      const b = dir.endpoint('h');
      assert.notEqual(a, b);
      assert.match(a, /\/h-[0-9a-f]{24}\.sock$/);
    } finally {
      dir.dispose();
    }
    assert.equal(existsSync(dir.path), false);
  },
);

test(
  'a temp root too deep for a socket path fails with the clear error when an endpoint is made',
  { skip: process.platform === 'win32' },
  () => {
    const root = mkdtempSync(join(tmpdir(), 'wb-deep-'));
    try {
      const deep = join(root, 'x'.repeat(100));
      mkdirSync(deep);
      const dir = new IpcDirectory(deep);
      try {
        assert.throws(() => dir.endpoint('h'), /over the 10[37]-byte limit/);
      } finally {
        dir.dispose();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);

test('tokens are 128-bit hex and different every time', () => {
  const tokens = new Set(Array.from({ length: 1000 }, newToken));
  assert.equal(tokens.size, 1000);
  for (const t of tokens) assert.match(t, /^[0-9a-f]{32}$/);
});
