/**
 * Transport fuzz: thousands of random, oversized, truncated, deeply nested and prototype-polluting frames.
 * In-process against the same FramedPeer the supervisor uses, then live: hostile hosts over their inherited
 * channels, with rivals looking for any socket path to join.
 * The supervisor must never throw, and every run must end with a status.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FramedPeer } from '../../common/protocol/framed-peer.ts';
import { hostToSupervisor, type HostToSupervisor } from '../../common/protocol/worker-protocol.ts';
import { RUN_STATUSES } from '../../common/run/result.ts';
import { Supervisor } from '../supervisor.ts';
import { FORGED_END_NOTE } from '../run.ts';
import { run, useIsolatedEngine } from './harness.ts';
import { socketPathsUnder } from './fixtures/socket-paths.ts';

const { supervisor, tmp } = useIsolatedEngine();

let seed = 42;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function header(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}
const enc = new TextEncoder();
function frame(text: string): Uint8Array {
  const body = enc.encode(text);
  return new Uint8Array([...header(body.length), ...body]);
}

const GENERATORS: Array<() => Uint8Array> = [
  () => Uint8Array.from({ length: Math.floor(random() * 512) }, () => Math.floor(random() * 256)),
  () => header(1024 * 1024 + 1 + Math.floor(random() * 1e6)),
  () => frame('{"t":"output","level":"log","text":"x","worker":"host","__proto__":{"a":1}}'),
  () => frame(`{"t":"samples","samples":${'['.repeat(70 + Math.floor(random() * 100))}`),
  () => frame(JSON.stringify({ t: pick(['output', 'worker', 'end', 'nope', 'auth']), x: random() })),
  () =>
    frame(JSON.stringify({ t: 'output', level: 'log', text: 'fine', worker: 'host' })).subarray(
      0,
      1 + Math.floor(random() * 20),
    ),
  () => frame('{"t":"end","outcome":{"status":"ok","constructor":{"prototype":{}}}}'),
  () => frame('not json at all'),
  () => frame(JSON.stringify({ t: 'worker', info: { id: 'x', kind: 'thread', state: 'running', pid: -1 } })),
];

describe('in-process fuzz of the supervisor-side peer', () => {
  test('5000 hostile inputs: receive() never throws, a violation is reported once, nothing is delivered after it', () => {
    for (let i = 0; i < 5000; i++) {
      const token = 'a'.repeat(32);
      let violations = 0;
      let afterViolation = 0;
      const peer = new FramedPeer<HostToSupervisor, object>({
        schema: hostToSupervisor,
        maxMessageBytes: 1024 * 1024,
        expectToken: token,
        onMessage: () => {
          if (violations > 0) afterViolation++;
        },
        onViolation: (reason) => {
          assert.equal(typeof reason, 'string');
          violations++;
        },
      });
      if (random() < 0.7) peer.receive(frame(JSON.stringify({ t: 'auth', token, pid: 1 })));
      const chunks = 1 + Math.floor(random() * 4);
      for (let c = 0; c < chunks; c++) peer.receive(pick(GENERATORS)());
      assert.ok(violations <= 1, `violations reported ${violations} times`);
      assert.equal(afterViolation, 0);
    }
  });
});

const KINDS = [
  'oversized-header',
  'huge-header',
  'truncated',
  'malformed-json',
  'deep-nesting',
  'very-deep-nesting',
  'proto-key',
  'constructor-key',
  'unknown-type',
  'wrong-shape',
  'invalid-utf8',
  'random-bytes',
  'random-frame',
  'second-auth',
  'end-then-garbage',
];

describe('live hostile hosts over real sockets', () => {
  const hostile = new Supervisor({ hostEntry: fileURLToPath(new URL('./fixtures/fuzz-host.ts', import.meta.url)) });

  test(
    "the rivals' search finds a listening socket under TMPDIR: its file in a socket directory, and on Linux its bound path once the file is gone",
    { skip: process.platform === 'win32' && 'Unix socket paths' },
    async () => {
      const dir = mkdtempSync(join(tmp, 'wb-ipc-'));
      const path = join(dir, 'rival-check.sock');
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(path, resolve));
      try {
        assert.deepEqual(socketPathsUnder(tmp), [path]);
        if (process.platform === 'linux') {
          // Deleting the file does not unbind the socket: /proc/net/unix still names it.
          rmSync(path);
          assert.deepEqual(socketPathsUnder(tmp), [path]);
        }
      } finally {
        await new Promise((resolve) => server.close(resolve));
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('every bad frame kind, split at random points, with rivals looking for a way in: each run ends with a status', async () => {
    const results = [];
    for (const [i, kind] of KINDS.entries()) {
      const code = JSON.stringify({ seed: 1000 + i, kind });
      const r = await run(hostile, { code, driver: 'process', limits: { timeoutMs: 3000 } });
      assert.ok(RUN_STATUSES.includes(r.status), `${kind}: status ${r.status}`);
      results.push({ kind, status: r.status, notes: r.notes });
      // The host's channel is inherited: before it authenticates and after, there is no socket path for a
      // rival to connect to, and the supervisor never saw a connection other than the host's.
      assert.ok(
        r.stdout.includes('rivals before auth: 0 socket paths, 0 joined; after start: 0 socket paths, 0 joined'),
        `${kind}: ${r.stdout}`,
      );
      assert.ok(
        r.notes.every(
          (n) => n.startsWith('host connection dropped') || n === FORGED_END_NOTE || n.includes('had not started'),
        ),
        r.notes.join('; '),
      );
      if (kind === 'truncated') {
        // A frame that never completes is not a violation; the host never said its guest started, so the start
        // bound ends the run, saying so.
        assert.equal(r.status, 'timeout', kind);
        assert.ok(
          r.notes.some((n) => n.includes('had not started')),
          r.notes.join('; '),
        );
        continue;
      }
      if (kind === 'end-then-garbage') {
        // An end frame without the run's key (only the real host has it) is refused, not taken as the outcome.
        assert.equal(r.status, 'error', kind);
        assert.ok(r.notes.includes(FORGED_END_NOTE), r.notes.join('; '));
        continue;
      }
      assert.equal(r.status, 'error', `${kind}: ${r.status} ${r.notes.join('; ')}`);
      assert.equal(r.error?.name, 'ProtocolViolation');
      assert.ok(
        r.notes.some((n) => n.startsWith('host connection dropped')),
        `${kind}: ${r.notes.join('; ')}`,
      );
      assert.ok(r.stdout.includes('valid 0'), 'valid messages before the bad one were delivered');
    }
    await hostile.dispose();
  });

  test('a guest in the host writing garbage into its own host socket ends the run, not the supervisor', async () => {
    const code = `
      const stdio = [process.stdin, process.stdout, process.stderr];
      const sock = process._getActiveHandles().find((h) => h && h.constructor && h.constructor.name === 'Socket' && !stdio.includes(h) && h._handle && h._handle.constructor.name === 'Pipe');
      sock.write(Buffer.from([0, 0, 0, 8, 123, 34, 95, 95, 112, 114, 111, 34]));
      sock.write(Buffer.from('garbage'.repeat(100)));
      new Promise((r) => setTimeout(r, 1000))`;
    const r = await run(supervisor, { code, driver: 'host' });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.name, 'ProtocolViolation');
    const next = await run(supervisor, { code: '1+1', driver: 'host' });
    assert.equal(next.result, 2);
  });

  test('a guest thread flooding its parent port with invalid messages is stopped', async () => {
    const code = `const { parentPort } = require('worker_threads'); for (let i = 0; i < 1000; i++) parentPort.postMessage({ t: 'console', level: 'log', text: 'x', __proto__: { evil: 1 }, extra: new Map() }); 1`;
    const r = await run(supervisor, { code, driver: 'worker' });
    assert.equal(r.status, 'crashed');
    assert.match(r.error?.message ?? '', /invalid message/);
  });
});
