/** The write canary's file-system snapshot: content, not size and times, decides whether a file changed. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_HASH_BYTES, diffSnapshots, snapshotTree } from '../fs-snapshot.ts';
import { run, useIsolatedEngine } from './harness.ts';

const { supervisor, tmp } = useIsolatedEngine();

/** A run-like directory (canary.txt, a jail) for one test, removed after it. */
function withRunDir(fn: (runDir: string, jailDir: string) => void): void {
  const runDir = mkdtempSync(join(tmp, 'snap-'));
  try {
    const jailDir = join(runDir, 'jail');
    mkdirSync(jailDir);
    fn(runDir, jailDir);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Overwrite `path` from offset 0 without truncating, then put its times back exactly (whole seconds). */
function rewriteInPlace(path: string, text: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, text, 0);
  closeSync(fd);
  utimesSync(path, 1_000_000, 1_000_000);
}

describe('snapshotTree', () => {
  test('canary.txt rewritten in place, same length, times restored: modified', () => {
    withRunDir((runDir, jailDir) => {
      const canary = join(runDir, 'canary.txt');
      writeFileSync(canary, 'a1b2c3d4\n');
      utimesSync(canary, 1_000_000, 1_000_000);
      const before = snapshotTree(runDir, jailDir);
      rewriteInPlace(canary, 'ffffffff\n');
      assert.deepEqual(diffSnapshots(before, snapshotTree(runDir, jailDir)), [
        { path: 'canary.txt', change: 'modified' },
      ]);
    });
  });

  test('the same bytes written back with the times restored: no change (content is what is compared)', () => {
    withRunDir((runDir, jailDir) => {
      const canary = join(runDir, 'canary.txt');
      writeFileSync(canary, 'a1b2c3d4\n');
      utimesSync(canary, 1_000_000, 1_000_000);
      const before = snapshotTree(runDir, jailDir);
      rewriteInPlace(canary, 'a1b2c3d4\n');
      assert.deepEqual(diffSnapshots(before, snapshotTree(runDir, jailDir)), []);
    });
  });

  test('a symbolic link pointed elsewhere with a target of the same length: modified', () => {
    withRunDir((runDir, jailDir) => {
      const link = join(runDir, 'link');
      symlinkSync('/etc/aaaa', link);
      const before = snapshotTree(runDir, jailDir);
      rmSync(link);
      symlinkSync('/etc/bbbb', link);
      // A new link gets a new inode on most file systems; the target alone must be enough, so compare with
      // the inode part of both signatures removed.
      const strip = (m: ReadonlyMap<string, string>): string[] =>
        [...m].map(
          ([p, s]) =>
            `${p}=${s
              .split(':')
              .filter((_, i) => i !== 2 && i !== 3)
              .join(':')}`,
        );
      assert.notDeepEqual(strip(before), strip(snapshotTree(runDir, jailDir)));
    });
  });

  test('changes in the jail are not observed; a FIFO outside it is listed without being read', () => {
    withRunDir((runDir, jailDir) => {
      const before = snapshotTree(runDir, jailDir);
      writeFileSync(join(jailDir, 'inside.txt'), 'x');
      execFileSync('mkfifo', [join(runDir, 'fifo')]);
      // Reading the FIFO would block this test forever: returning at all is the assertion.
      assert.deepEqual(diffSnapshots(before, snapshotTree(runDir, jailDir)), [{ path: 'fifo', change: 'created' }]);
    });
  });

  test('a change past the hashed prefix of a large file is seen by its size', () => {
    withRunDir((runDir, jailDir) => {
      const big = join(runDir, 'big.bin');
      writeFileSync(big, Buffer.alloc(MAX_HASH_BYTES + 10));
      const before = snapshotTree(runDir, jailDir);
      writeFileSync(big, Buffer.alloc(MAX_HASH_BYTES + 11));
      assert.deepEqual(diffSnapshots(before, snapshotTree(runDir, jailDir)), [{ path: 'big.bin', change: 'modified' }]);
    });
  });
});

describe(
  'the write canary in a run',
  { skip: process.platform !== 'linux' && 'uses touch -r for ns timestamps' },
  () => {
    test('process: canary.txt rewritten in place with the same length and exact times is a write breach', async () => {
      // Node's utimes rounds to microseconds; `touch -r` copies nanoseconds, so the times really are restored
      // and only the content can tell.
      const code = `
      const fs = require('fs'), { execFileSync } = require('child_process');
      const p = '../canary.txt';
      const stamp = () => { const s = fs.statSync(p, { bigint: true }); return [String(s.size), String(s.mtimeNs), String(s.atimeNs)]; };
      execFileSync('touch', ['-r', p, 'ref']);
      const before = stamp();
      const text = fs.readFileSync(p, 'utf8');
      const forged = text.replace(/[0-9a-f]/g, (c) => (c === '0' ? '1' : '0'));
      const fd = fs.openSync(p, 'r+'); fs.writeSync(fd, forged, 0); fs.closeSync(fd);
      execFileSync('touch', ['-r', 'ref', p]);
      ({ before, after: stamp(), changed: fs.readFileSync(p, 'utf8') !== text })`;
      const r = await run(supervisor, { code, driver: 'process' });
      assert.equal(r.status, 'ok', r.error?.message);
      const got = r.result as { before: string[]; after: string[]; changed: boolean };
      assert.equal(got.changed, true);
      assert.deepEqual(got.after.slice(0, 2), got.before.slice(0, 2), 'same size and mtime to the nanosecond');
      assert.ok(
        r.verdict.breaches.some((b) => b.canary === 'fs-write'),
        JSON.stringify(r.verdict.breaches),
      );
    });
  },
);
