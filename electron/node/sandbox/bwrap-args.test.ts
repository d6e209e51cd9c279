import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { SANDBOX_SHM_MB, bwrapArgs, bwrapTrialArgs, type BwrapOptions } from './bwrap-args.ts';
import { unixSocketFilter } from './seccomp-filter.ts';

const OPTIONS: BwrapOptions = {
  jailDir: '/tmp/wb-run/jail',
  runDir: '/tmp/wb-run',
  seccompFd: 4,
  readPaths: ['/opt/node/bin', '/tmp/checkout'],
  network: false,
  tmpMb: 48,
};

/** Index where `seq` occurs as a contiguous run in `args`, or -1. */
function indexOfSeq(args: readonly string[], seq: readonly string[]): number {
  for (let i = 0; i + seq.length <= args.length; i++) {
    if (seq.every((s, j) => args[i + j] === s)) return i;
  }
  return -1;
}

/** Index of `seq` in `args`, failing the test if it is absent. */
function at(args: readonly string[], seq: readonly string[]): number {
  const i = indexOfSeq(args, seq);
  assert.ok(i >= 0, `expected ${JSON.stringify(seq)} in ${JSON.stringify(args)}`);
  return i;
}

describe('bwrapArgs', () => {
  const args = bwrapArgs(OPTIONS);

  test('the whole root is bound read-only, first', () => {
    assert.deepEqual(args.slice(0, 3), ['--ro-bind', '/', '/']);
    // `/` is never bound writable.
    assert.equal(indexOfSeq(args, ['--bind', '/', '/']), -1);
  });

  test('the private /tmp comes before the read paths, so read paths under /tmp are put back', () => {
    const tmp = at(args, ['--tmpfs', '/tmp']);
    for (const p of OPTIONS.readPaths) {
      assert.ok(tmp < at(args, ['--ro-bind', p, p]), `--tmpfs /tmp must precede --ro-bind ${p}`);
    }
  });

  test('read paths are bound read-only, never writable', () => {
    for (const p of OPTIONS.readPaths) assert.equal(indexOfSeq(args, ['--bind', p, p]), -1);
  });

  test('the run directory is covered by a tmpfs after /tmp, and the jail is bound writable after that', () => {
    const tmp = at(args, ['--tmpfs', '/tmp']);
    const run = at(args, ['--tmpfs', OPTIONS.runDir]);
    const jail = at(args, ['--bind', OPTIONS.jailDir, OPTIONS.jailDir]);
    assert.ok(tmp < run, '--tmpfs /tmp must precede --tmpfs <runDir>');
    assert.ok(run < jail, '--tmpfs <runDir> must precede --bind <jail> (later mounts win)');
  });

  test('the run directory is covered after the read paths, so a read path cannot uncover canary.txt', () => {
    const run = at(args, ['--tmpfs', OPTIONS.runDir]);
    for (const p of OPTIONS.readPaths) assert.ok(at(args, ['--ro-bind', p, p]) < run);
  });

  test('the seccomp program is read from the given descriptor, and nothing else is bound writable', () => {
    at(args, ['--seccomp', '4']);
    const writable = args.flatMap((a, i) => (a === '--bind' ? [args[i + 1]] : []));
    assert.deepEqual(writable, [OPTIONS.jailDir]);
  });

  test('no network: a new network namespace, never --share-net', () => {
    assert.ok(args.includes('--unshare-net'));
    assert.ok(!args.includes('--share-net'));
  });

  test('network allowed: --share-net and no --unshare-net', () => {
    const shared = bwrapArgs({ ...OPTIONS, network: true });
    assert.ok(shared.includes('--share-net'));
    assert.ok(!shared.includes('--unshare-net'));
  });

  test('new PID namespace, dies with its parent, new session', () => {
    for (const flag of ['--unshare-pid', '--die-with-parent', '--new-session']) {
      assert.ok(args.includes(flag), `missing ${flag}`);
    }
  });

  test('starts in the jail with TMPDIR pointing at the private /tmp', () => {
    at(args, ['--chdir', OPTIONS.jailDir]);
    at(args, ['--setenv', 'TMPDIR', '/tmp']);
  });

  test('no command separator: the caller appends `--` and the command', () => {
    assert.ok(!args.includes('--'));
  });
});

describe('bwrapTrialArgs', () => {
  test('has the same isolation as a real run and ends with `-- true`', () => {
    const trial = bwrapTrialArgs();
    assert.deepEqual(trial.slice(0, 3), ['--ro-bind', '/', '/']);
    assert.deepEqual(trial.slice(-2), ['--', 'true']);
    for (const flag of ['--unshare-pid', '--unshare-net', '--die-with-parent', '--new-session']) {
      assert.ok(trial.includes(flag), `missing ${flag}`);
    }
    at(trial, ['--tmpfs', '/tmp']);
    at(trial, ['--seccomp', '0']);
  });
});

function findBwrap(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  if (existsSync('/usr/bin/bwrap')) return '/usr/bin/bwrap';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'bwrap'))) return join(dir, 'bwrap');
  }
  return undefined;
}

const bwrap = findBwrap();
const hasBwrap = bwrap !== undefined;

describe('scratch space (tmpfs is memory no RSS shows)', () => {
  const args = bwrapArgs(OPTIONS);

  test('the private /tmp has the size it is given, and /dev/shm a small one', () => {
    at(args, ['--size', String(OPTIONS.tmpMb * 1024 * 1024), '--tmpfs', '/tmp']);
    at(args, ['--size', String(SANDBOX_SHM_MB * 1024 * 1024), '--tmpfs', '/dev/shm']);
  });

  test('/dev is made read-only after /dev/shm is mounted, the run directory after the jail is bound', () => {
    assert.ok(at(args, ['--tmpfs', '/dev/shm']) < at(args, ['--remount-ro', '/dev']));
    assert.ok(at(args, ['--bind', OPTIONS.jailDir, OPTIONS.jailDir]) < at(args, ['--remount-ro', OPTIONS.runDir]));
  });

  test('every --tmpfs but the run directory (made read-only) has a --size', () => {
    args.forEach((a, i) => {
      if (a !== '--tmpfs' || args[i + 1] === OPTIONS.runDir) return;
      assert.equal(args[i - 2], '--size', `--tmpfs ${args[i + 1]} without a size`);
    });
  });
});

describe('bubblewrap, for real', () => {
  test(
    'a guest fills /tmp and /dev/shm only up to their sizes; /dev and the run directory take nothing; the jail does',
    { skip: !hasBwrap && 'bubblewrap not installed' },
    (t) => {
      const runDir = mkdtempSync(join(tmpdir(), 'bwrap-scratch-test-'));
      t.after(() => rmSync(runDir, { recursive: true, force: true }));
      const jailDir = join(runDir, 'jail');
      mkdirSync(jailDir);
      // 16 MB asked of each place; dd says how much it wrote before it stopped.
      const script = ['/tmp', '/dev/shm', '/dev', runDir, jailDir]
        .map((d) => `dd if=/dev/zero of=${d}/fill bs=1M count=16 2>&1 | tail -1 | sed 's/ .*//'; rm -f ${d}/fill`)
        .join('\n');
      const args = bwrapArgs({ jailDir, runDir, seccompFd: 0, readPaths: [], network: false, tmpMb: 4 });
      const r = spawnSync(bwrap!, [...args, '--', '/bin/sh', '-c', script], {
        encoding: 'utf8',
        input: unixSocketFilter(),
        timeout: 20_000,
      });
      assert.equal(r.status, 0, `bwrap failed: ${r.stderr}`);
      const [tmp, shm, dev, run, jail] = r.stdout.trim().split('\n');
      assert.equal(tmp, String(4 * 1024 * 1024), `/tmp: ${r.stdout}`);
      assert.equal(shm, String(SANDBOX_SHM_MB * 1024 * 1024), `/dev/shm: ${r.stdout}`);
      assert.match(dev ?? '', /^dd:/, `/dev: ${r.stdout}`);
      assert.match(run ?? '', /^dd:/, `run directory: ${r.stdout}`);
      assert.equal(jail, String(16 * 1024 * 1024), `jail: ${r.stdout}`);
    },
  );

  test('the trial sandbox runs', { skip: !hasBwrap && 'bubblewrap not installed' }, () => {
    const r = spawnSync(bwrap!, bwrapTrialArgs(), { encoding: 'utf8', input: unixSocketFilter(), timeout: 20_000 });
    assert.equal(r.error, undefined);
    assert.equal(r.status, 0, `bwrap failed: ${r.stderr}`);
  });

  test(
    'canary hidden, jail writable and visible outside, root read-only, read paths kept',
    { skip: !hasBwrap && 'bubblewrap not installed' },
    (t) => {
      // The read path holds the run directory (as a checkout under /tmp may): its read-only bind puts the
      // run directory back under the private /tmp, so only the run directory's own tmpfs hides canary.txt.
      const readDir = mkdtempSync(join(tmpdir(), 'bwrap-args-test-'));
      t.after(() => rmSync(readDir, { recursive: true, force: true }));
      const runDir = join(readDir, 'run');
      const jailDir = join(runDir, 'jail');
      mkdirSync(jailDir, { recursive: true });
      writeFileSync(join(runDir, 'canary.txt'), 'CANARY');
      writeFileSync(join(readDir, 'code.txt'), 'CODE');
      const rootProbe = `/bwrap-args-test-${process.pid}-${Date.now()}`;
      t.after(() => rmSync(rootProbe, { force: true }));

      const script = [
        'if test -e "$1/canary.txt"; then echo canary=visible; else echo canary=hidden; fi',
        'if echo inside > "$2/out.txt"; then echo jail=ok; else echo jail=fail; fi',
        'if (echo x > "$3") 2>/dev/null; then echo root=writable; else echo root=readonly; fi',
        'if test "$(cat "$4/code.txt")" = CODE; then echo read=ok; else echo read=fail; fi',
        'echo "pwd=$(pwd)"',
      ].join('\n');
      // The seccomp program comes on stdin (descriptor 0), as in the trial.
      const args = bwrapArgs({ jailDir, runDir, seccompFd: 0, readPaths: [readDir], network: false, tmpMb: 8 });
      const r = spawnSync(bwrap!, [...args, '--', '/bin/sh', '-c', script, 'sh', runDir, jailDir, rootProbe, readDir], {
        encoding: 'utf8',
        input: unixSocketFilter(),
        timeout: 20_000,
      });
      assert.equal(r.error, undefined);
      assert.equal(r.status, 0, `bwrap failed: ${r.stderr}`);
      assert.deepEqual(r.stdout.trim().split('\n'), [
        'canary=hidden',
        'jail=ok',
        'root=readonly',
        'read=ok',
        `pwd=${jailDir}`,
      ]);
      assert.equal(readFileSync(join(jailDir, 'out.txt'), 'utf8'), 'inside\n');
      assert.equal(existsSync(rootProbe), false);
      // The tmpfs hid the canary inside; outside it is untouched.
      assert.equal(readFileSync(join(runDir, 'canary.txt'), 'utf8'), 'CANARY');
    },
  );
});
