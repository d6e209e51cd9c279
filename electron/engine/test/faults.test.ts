/**
 * Faults from outside the guest's script: the host or the guest's child killed, socket paths looked for and
 * the socket directories deleted, garbage on the run's live connection (directories that cannot be written and
 * a host that never completes its handshake: faults-startup.test.ts). Each must end the affected run with a clear status and say what
 * happened, within the run's deadline plus FAULT_GRACE_MS, and the next run on the same Supervisor must work. The harness checks after
 * every test that no process, socket or temp directory is left.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { basename, join } from 'node:path';
import { HOST_HANDSHAKE_TIMEOUT_MS } from '../run.ts';
import { Supervisor } from '../supervisor.ts';
import { CHANNEL_FD } from '../containment.ts';
import { descendants } from '../process-tree.ts';
import { killReported, useIsolatedEngine } from './harness.ts';
import {
  BOUNDARIES,
  FAULT_RUN_TIMEOUT_MS,
  WAITING_GUEST,
  assertEndedInTime,
  assertNextRunWorks,
  fixture,
  runWhile,
  type Observed,
} from './fault-helpers.ts';
import { HOST_FAULT_BYTES, TAMPERED_FILE } from './fixtures/host-faults.ts';
import { socketPathsUnder } from './fixtures/socket-paths.ts';

const { supervisor, tmp } = useIsolatedEngine();
/** Plays the host faults of fixtures/host-faults.ts when a run asks for one, else is the real host. */
const faulty = new Supervisor({ hostEntry: fixture('fault-host.ts') });
after(() => faulty.dispose());

const socketDirs = (): string[] =>
  readdirSync(tmp)
    .filter((n) => n.startsWith('wb-ipc-'))
    .map((n) => join(tmp, n));
const socketFiles = (): string[] => socketDirs().flatMap((d) => readdirSync(d).map((f) => join(d, f)));

describe('a process killed mid-run', () => {
  for (const boundary of BOUNDARIES) {
    test(`${boundary}: the host killed with SIGKILL ends the run as host-crashed, saying so`, async () => {
      const r = await runWhile(
        supervisor,
        { code: WAITING_GUEST, driver: boundary, limits: { timeoutMs: FAULT_RUN_TIMEOUT_MS } },
        (w) => killReported(w.get('host')?.pid, 'SIGKILL'),
      );
      assert.equal(r.status, 'host-crashed');
      assert.equal(r.error?.name, 'HostCrashed');
      assert.ok(
        r.notes.includes('the host process exited on its own during the run (signal SIGKILL)'),
        r.notes.join('; '),
      );
      assert.ok(
        r.verdict.breaches.some((b) => b.canary === 'host-crash'),
        'a host that dies during a run is a host-crash breach',
      );
      assertEndedInTime(r, FAULT_RUN_TIMEOUT_MS);
      await assertNextRunWorks(supervisor);
    });
  }

  for (const boundary of ['process', 'os-sandbox'].filter((b) => BOUNDARIES.includes(b))) {
    test(`${boundary}: the guest's child killed with SIGKILL ends the run as crashed, saying so`, async () => {
      const r = await runWhile(
        supervisor,
        { code: WAITING_GUEST, driver: boundary, limits: { timeoutMs: FAULT_RUN_TIMEOUT_MS } },
        (w) =>
          // For os-sandbox this is the Node inside bubblewrap (the host re-declares the child once found).
          killReported(w.get('child-1')?.pid, 'SIGKILL'),
      );
      assert.equal(r.status, 'crashed');
      assert.equal(r.error?.name, 'ChildExit');
      assert.match(r.error?.message ?? '', /was killed by SIGKILL|exited with code 137/);
      assert.match(r.error?.message ?? '', /before its script finished/);
      assert.equal(r.verdict.escaped, false);
      assertEndedInTime(r, FAULT_RUN_TIMEOUT_MS);
      await assertNextRunWorks(supervisor);
    });
  }
});

/** Whether `pid` is the Node process of a fault-host.ts host (not one of the wrappers that carry its argv). */
function isFaultHostNode(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return basename(argv[0] ?? '').startsWith('node') && argv.includes(fixture('fault-host.ts'));
  } catch {
    return false;
  }
}

describe('no socket path to tamper with', () => {
  test(
    'while the host starts: its channel is descriptor 3, no socket file or bound socket path exists, and deleting the socket directories changes nothing',
    { skip: process.platform !== 'linux' && 'reads /proc' },
    async () => {
      let authenticated = false;
      const handle = faulty.startRun(
        {
          code: '1+1',
          driver: 'worker',
          // The longest start-up a run allows: the checks below happen while the host is held, on a loaded machine.
          limits: { timeoutMs: HOST_HANDSHAKE_TIMEOUT_MS, maxMessageBytes: HOST_FAULT_BYTES['waits-for-tampering'] },
        },
        { onWorker: (w) => void (w.id === 'host' && (authenticated = true)) },
      );
      let settled = false;
      void handle.result.finally(() => (settled = true));
      // The host holds back before authenticating until TAMPERED_FILE exists; wait for its Node process.
      let host: number | undefined;
      while (host === undefined && !settled) {
        host = descendants(process.pid).find(isFaultHostNode);
        if (host === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Checked while it is held; whatever they find, the host is let go and the run awaited, so nothing is left.
      let failed: unknown;
      try {
        assert.ok(host !== undefined, 'the host process started');
        assert.equal(authenticated, false, 'the host is held before it authenticates');
        assert.match(readlinkSync(`/proc/${host}/fd/${CHANNEL_FD}`), /^socket:/, 'its channel is an inherited socket');
        assert.deepEqual(socketFiles(), [], 'no socket file in any socket directory');
        assert.deepEqual(socketPathsUnder(tmp), [], 'no Unix socket bound to a path under TMPDIR');
        for (const dir of socketDirs()) rmSync(dir, { recursive: true });
      } catch (error) {
        failed = error;
      }
      writeFileSync(join(tmp, TAMPERED_FILE), '');
      const r = await handle.result;
      rmSync(join(tmp, TAMPERED_FILE));
      if (failed) throw failed;
      assert.equal(r.status, 'ok', `${r.error?.message ?? ''} ${r.notes.join('; ')}`);
      assert.equal(r.result, 2);
      assert.ok(authenticated, 'the host authenticated over its channel once let go');
      await assertNextRunWorks(faulty);
    },
  );

  test('after the host is in: no socket file or bound path exists; deleting the socket directories changes nothing', async () => {
    let left: string[] | undefined;
    const r = await runWhile(
      supervisor,
      {
        code: `console.log('running'); new Promise((resolve) => setTimeout(() => resolve(7), 300))`,
        driver: 'process',
        limits: { timeoutMs: FAULT_RUN_TIMEOUT_MS },
      },
      () => {
        // The host's channel to the supervisor and the child's to the host are both inherited socket pairs.
        left = [...socketFiles(), ...socketPathsUnder(tmp)];
        for (const dir of socketDirs()) rmSync(dir, { recursive: true });
      },
    );
    assert.deepEqual(left, []);
    assert.equal(r.status, 'ok', r.error?.message);
    assert.equal(r.result, 7);
    assertEndedInTime(r, FAULT_RUN_TIMEOUT_MS);
    await assertNextRunWorks(supervisor);
  });
});

describe("garbage on the run's live connection", () => {
  // Writes a frame that is not JSON into every socket of the guest's process but its stdio.
  const GARBAGE_WRITER = `
    const fs = require('node:fs');
    const isSocket = (fd) => { try { return fs.readlinkSync('/proc/self/fd/' + fd).startsWith('socket:'); } catch { return false; } };
    const fds = fs.readdirSync('/proc/self/fd').map(Number).filter((fd) => fd > 2 && isSocket(fd));
    for (const fd of fds) fs.writeSync(fd, Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.from('not json!' + 'garbage'.repeat(50))]));
    new Promise((resolve) => setTimeout(resolve, 60_000))`;

  for (const boundary of BOUNDARIES.filter(() => process.platform === 'linux')) {
    const inHost = boundary === 'host' || boundary === 'worker';
    test(`${boundary}: a guest writing garbage into ${inHost ? "its host's socket to the supervisor" : 'its socket to the host'} ends the run, saying why`, async () => {
      const t0 = performance.now();
      const raw = await supervisor.startRun({
        code: GARBAGE_WRITER,
        driver: boundary,
        limits: { timeoutMs: FAULT_RUN_TIMEOUT_MS },
      }).result;
      const r: Observed = { ...raw, wallMs: performance.now() - t0 };
      if (inHost) {
        // The guest shares the host's process, so it reaches the supervisor's connection directly.
        assert.equal(r.status, 'error');
        assert.equal(r.error?.name, 'ProtocolViolation');
        assert.ok(
          r.notes.some((n) => n.startsWith('host connection dropped: malformed JSON')),
          r.notes.join('; '),
        );
      } else {
        assert.equal(r.status, 'crashed');
        assert.equal(r.error?.name, 'ProtocolError');
        assert.match(r.error?.message ?? '', /the child sent an invalid message \(malformed JSON/);
      }
      assertEndedInTime(r, FAULT_RUN_TIMEOUT_MS);
      await assertNextRunWorks(supervisor);
    });
  }

  test("garbage from the supervisor's end: the host drops the connection and leaves; the run ends as host-crashed", async () => {
    const r = await runWhile(
      supervisor,
      { code: WAITING_GUEST, driver: 'worker', limits: { timeoutMs: FAULT_RUN_TIMEOUT_MS } },
      () => {
        // The supervisor's end of the host's channel is descriptor CHANNEL_FD of the process it spawned: the
        // run's host is the one live child process of this supervisor that has such a channel.
        const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
        const channels = handles
          .filter((h): h is ChildProcess => h instanceof ChildProcess)
          .map((child) => child.stdio[CHANNEL_FD])
          .filter((end): end is Socket => end instanceof Socket && !end.destroyed);
        assert.equal(channels.length, 1, `${channels.length} host channels`);
        channels[0]!.write(Buffer.from('garbage'.repeat(20)));
      },
    );
    assert.equal(r.status, 'host-crashed');
    assert.ok(
      r.notes.some((n) => n.startsWith('the host process exited on its own during the run')),
      r.notes.join('; '),
    );
    assertEndedInTime(r, FAULT_RUN_TIMEOUT_MS);
    await assertNextRunWorks(supervisor);
  });
});
