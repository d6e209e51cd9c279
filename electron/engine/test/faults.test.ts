/**
 * Faults from outside the guest's script: the host or the guest's child killed, socket paths looked for and
 * the socket directories deleted, directories made read-only, garbage on the run's live connection, a host
 * that never completes its handshake. Each must end the affected run with a clear status and say what
 * happened, within the run's deadline plus FAULT_GRACE_MS, and the next run on the same Supervisor must work. The harness checks after
 * every test that no process, socket or temp directory is left.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult, WorkerInfo } from '../../common/run/result.ts';
import { HOST_HANDSHAKE_TIMEOUT_MS, MIN_HOST_HANDSHAKE_MS, hostHandshakeMs } from '../run.ts';
import { Supervisor } from '../supervisor.ts';
import { CHANNEL_FD } from '../containment.ts';
import { descendants } from '../process-tree.ts';
import { killReported, run, useIsolatedEngine } from './harness.ts';
import { HOST_FAULT_BYTES, TAMPERED_FILE } from './fixtures/host-faults.ts';
import { socketPathsUnder } from './fixtures/socket-paths.ts';

const { supervisor, tmp } = useIsolatedEngine();
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
/** Plays the host faults of fixtures/host-faults.ts when a run asks for one, else is the real host. */
const faulty = new Supervisor({ hostEntry: fixture('fault-host.ts') });
after(() => faulty.dispose());

/**
 * How long past its deadline a faulty run may take to end: killing the host's group, draining its output,
 * the last process sweep and removing its directories take a few hundred ms here; 3 s keeps the bound
 * meaningful (the old handshake wait was 15 s) without flaking on a loaded 2-core machine.
 */
const FAULT_GRACE_MS = 3000;
const TIMEOUT_MS = 3000;
/**
 * The deadline of runs that a fault ends (a kill, garbage, a deleted directory). The fault, not the deadline,
 * must end them — a run the deadline ended reads `timeout` and fails the test —, so the deadline is long: on a
 * loaded machine an os-sandbox guest has taken over 3 s just to start.
 */
const FAULT_RUN_TIMEOUT_MS = 30_000;
const BOUNDARIES = ['host', 'worker', 'process', ...(process.platform === 'linux' ? ['os-sandbox'] : [])];
/** A guest that says it is running and then waits far past any deadline used here. */
const WAITING_GUEST = `console.log('running'); new Promise((resolve) => setTimeout(resolve, 60_000))`;
/** Unprivileged user for the read-only directory test when these tests run as root (root ignores modes). */
const NOBODY = 65534;

interface Observed extends RunResult {
  readonly wallMs: number;
}

/**
 * Start a run and call `meanwhile` once the guest has printed `running` (with the workers seen so far).
 * `meanwhile` runs inside the supervisor's message handling, so its errors are kept and rethrown here.
 */
async function runWhile(
  s: Supervisor,
  input: Record<string, unknown>,
  meanwhile: (workers: ReadonlyMap<string, WorkerInfo>) => void,
): Promise<Observed> {
  const workers = new Map<string, WorkerInfo>();
  let fired = false;
  let failure: unknown;
  const t0 = performance.now();
  const handle = s.startRun(input, {
    onWorker: (w) => void workers.set(w.id, w),
    onOutput: (line) => {
      if (fired || !line.text.includes('running')) return;
      fired = true;
      try {
        meanwhile(workers);
      } catch (error) {
        failure = error;
      }
    },
  });
  const r = await handle.result;
  if (failure) throw failure;
  assert.ok(fired, `the guest never ran: ${r.status} ${r.error?.message ?? ''} ${r.notes.join('; ')}`);
  return { ...r, wallMs: performance.now() - t0 };
}

function assertEndedInTime(r: Observed, deadlineMs: number): void {
  assert.ok(
    r.wallMs < deadlineMs + FAULT_GRACE_MS,
    `took ${Math.round(r.wallMs)} ms; deadline ${deadlineMs} ms + ${FAULT_GRACE_MS} ms grace`,
  );
}

async function assertNextRunWorks(s: Supervisor): Promise<void> {
  const r = await run(s, { code: '1+1', driver: 'process' });
  assert.equal(r.status, 'ok', `${r.error?.message ?? ''} ${r.notes.join('; ')}`);
  assert.equal(r.result, 2);
}

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

describe('directories that cannot be written', () => {
  test('TMPDIR is not a directory: the run cannot start and says why', async () => {
    const notADirectory = join(tmp, 'not-a-directory');
    writeFileSync(notADirectory, '');
    process.env.TMPDIR = notADirectory;
    let r: Observed;
    try {
      r = await run(supervisor, { code: '1+1', driver: 'worker', limits: { timeoutMs: TIMEOUT_MS } });
    } finally {
      process.env.TMPDIR = tmp;
      rmSync(notADirectory);
    }
    assert.equal(r.status, 'host-crashed');
    assert.equal(r.error?.name, 'HostStartFailed');
    assert.ok(
      r.notes.some((n) => n.startsWith('could not start the run: ENOTDIR')),
      r.notes.join('; '),
    );
    assertEndedInTime(r, TIMEOUT_MS);
    await assertNextRunWorks(supervisor);
  });

  test(
    'as an unprivileged user: TMPDIR, the socket directory (before or after the host is in) or a jail directory made read-only',
    { skip: process.platform === 'win32' && 'POSIX directory modes' },
    async () => {
      const dir = join(tmp, 'unprivileged');
      mkdirSync(dir);
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        chownSync(dir, NOBODY, NOBODY);
        // The test's own temp root is private to root; the unprivileged supervisor only needs to pass through.
        chmodSync(tmp, 0o711);
      }
      let stdout: string;
      try {
        stdout = await new Promise<string>((resolve, reject) =>
          execFile(
            process.execPath,
            ['--disable-warning=ExperimentalWarning', fixture('unwritable-tmp.ts'), dir],
            {
              ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
              env: { PATH: process.env.PATH ?? '', HOME: dir },
              timeout: 60_000,
            },
            (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
          ),
        );
      } finally {
        if (asRoot) chmodSync(tmp, 0o700);
        rmSync(dir, { recursive: true, force: true });
      }
      type Summary = Pick<RunResult, 'status' | 'result' | 'error' | 'notes'> & { wallMs: number };
      const r = JSON.parse(stdout) as Record<string, Summary> & { left: string[] };

      // TMPDIR read-only: neither the run directory nor the socket directory can be made.
      assert.equal(r.readOnlyTmp!.status, 'host-crashed');
      assert.equal(r.readOnlyTmp!.error?.name, 'HostStartFailed');
      assert.ok(
        r.readOnlyTmp!.notes.some((n) => n.startsWith('could not start the run: EACCES')),
        r.readOnlyTmp!.notes.join('; '),
      );
      // The socket directory read-only while the host starts: its channel is inherited, it needs nothing there,
      // and the directory still goes at the end.
      assert.equal(r.readOnlySocketDirBeforeHost!.status, 'ok', JSON.stringify(r.readOnlySocketDirBeforeHost));
      assert.equal(r.readOnlySocketDirBeforeHost!.result, 2);
      // Read-only once the host is in: the `process` guest needs no socket file there (its channel to the host
      // is an inherited socket pair), so the run is unaffected.
      assert.equal(r.readOnlySocketDirMidRun!.status, 'ok', JSON.stringify(r.readOnlySocketDirMidRun));
      assert.equal(r.readOnlySocketDirMidRun!.result, 2);
      // A guest leaving a directory it cannot write in its jail: the run directory is still removed.
      assert.equal(r.readOnlyDirInJail!.status, 'ok', JSON.stringify(r.readOnlyDirInJail));
      assert.equal(r.readOnlyDirInJail!.result, 1);
      for (const name of ['readOnlyTmp', 'readOnlySocketDirBeforeHost', 'readOnlySocketDirMidRun', 'readOnlyDirInJail'])
        assert.ok(r[name]!.wallMs < TIMEOUT_MS + FAULT_GRACE_MS, `${name}: ${Math.round(r[name]!.wallMs)} ms`);
      assert.equal(r.next!.status, 'ok', JSON.stringify(r.next));
      assert.equal(r.next!.result, 2);
      assert.deepEqual(r.left, [], 'nothing left in the temp directory');
    },
  );
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

describe('a host that never completes its handshake', () => {
  const cases = [
    // A deadline past the least handshake wait and short of the old flat 15 s: the run's own deadline.
    {
      fault: 'never-authenticates',
      what: 'opens its channel and sends nothing',
      timeoutMs: MIN_HOST_HANDSHAKE_MS + 1000,
    },
    // A deadline shorter than the least handshake wait: a slow start is not a fault, so MIN_HOST_HANDSHAKE_MS.
    { fault: 'never-connects', what: 'never connects', timeoutMs: 500 },
  ] as const;
  for (const { fault, what, timeoutMs } of cases) {
    test(`a host that ${what} (timeoutMs ${timeoutMs}) is given up on within the run's deadline, not 15 s`, async () => {
      const deadlineMs = hostHandshakeMs(timeoutMs);
      const r = await run(faulty, {
        code: '1+1',
        driver: 'worker',
        limits: { timeoutMs, maxMessageBytes: HOST_FAULT_BYTES[fault] },
      });
      assert.equal(r.status, 'host-crashed');
      assert.equal(r.error?.name, 'HostStartFailed');
      assert.equal(r.error?.message, `the host did not connect within ${deadlineMs} ms`);
      // The supervisor gave up on it; the host did not leave by itself. (There is no "did not authenticate in
      // time" note: an inherited channel may take the whole start-up, HOST_AUTH_TIMEOUT_MS, and the run's own
      // handshake bound, never longer, cuts first.)
      assert.ok(!r.notes.some((n) => n.startsWith('the host process exited on its own')), r.notes.join('; '));
      assertEndedInTime(r, deadlineMs);
      await assertNextRunWorks(faulty);
    });
  }
});
