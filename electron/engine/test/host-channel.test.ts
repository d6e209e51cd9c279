/**
 * The host's channel cannot be joined: a plain Node host gets an inherited socket pair, so from spawn to the end
 * there is no socket path that another process of the user could replace or connect to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useIsolatedEngine } from './harness.ts';
import { startHost } from '../host-link.ts';
import { HOST_ENTRY } from '../host-process.ts';
import { IpcDirectory } from '../ipc-endpoint.ts';
import { findNodeRuntime } from '../node-runtime.ts';

const { tmp } = useIsolatedEngine();

/** Unix socket paths under `dir` that exist right now (any state), from /proc/net/unix. */
const socketPathsUnder = (dir: string): string[] =>
  readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[7] ?? '')
    .filter((path) => path.startsWith(dir));

test(
  'from spawn to authentication no socket path exists, and the host authenticates over descriptor 3',
  { skip: process.platform !== 'linux' && 'reads /proc/net/unix' },
  async () => {
    const ipcDir = new IpcDirectory();
    const seen: string[] = [];
    const { handle, listener } = startHost({
      runtime: findNodeRuntime(),
      entry: HOST_ENTRY,
      cwd: tmp,
      envToken: 'x'.repeat(32),
      maxMessageBytes: 1 << 20,
      ipcDir,
      onMessage: () => undefined,
      onViolation: (reason) => seen.push(`violation: ${reason}`),
      onRejected: (reason) => seen.push(`rejected: ${reason}`),
    });
    try {
      assert.ok(handle.channel, 'the supervisor holds its end of an inherited channel');
      assert.deepEqual(socketPathsUnder(tmp), [], 'nothing listens by path while the host starts');
      const connection = await listener.connected;
      assert.deepEqual(socketPathsUnder(tmp), []);
      assert.deepEqual(seen, []);
      connection.close();
    } finally {
      handle.kill();
      await handle.closed(2000);
      ipcDir.dispose();
    }
  },
);
