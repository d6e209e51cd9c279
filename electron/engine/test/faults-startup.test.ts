/**
 * Faults before a run gets going: directories that cannot be written (TMPDIR not a directory, a read-only
 * temp root) and a host that never completes its handshake. As in faults.test.ts, each must end the run with a
 * clear status and a note within its deadline plus FAULT_GRACE_MS, the next run must work, and the harness
 * checks after every test that nothing is left.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { RunResult } from '../../common/run/result.ts';
import { join } from 'node:path';
import { MIN_HOST_HANDSHAKE_MS, hostHandshakeMs } from '../run.ts';
import { Supervisor } from '../supervisor.ts';
import { run, useIsolatedEngine } from './harness.ts';
import { HOST_FAULT_BYTES } from './fixtures/host-faults.ts';
import {
  FAULT_GRACE_MS,
  TIMEOUT_MS,
  assertEndedInTime,
  assertNextRunWorks,
  fixture,
  type Observed,
} from './fault-helpers.ts';

const { supervisor, tmp } = useIsolatedEngine();
/** Plays the host faults of fixtures/host-faults.ts when a run asks for one, else is the real host. */
const faulty = new Supervisor({ hostEntry: fixture('fault-host.ts') });
after(() => faulty.dispose());

/** Unprivileged user for the read-only directory test when these tests run as root (root ignores modes). */
const NOBODY = 65534;

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
