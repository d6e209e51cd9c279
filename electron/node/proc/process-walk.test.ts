import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { collectDescendants, linuxChildrenOf, type ProcReader } from './process-walk.ts';

/** A `childrenOf` over a fixed tree, recording which pids were asked about. */
function tree(edges: Record<number, readonly number[]>): {
  childrenOf: (pid: number) => readonly number[];
  asked: number[];
} {
  const asked: number[] = [];
  return {
    asked,
    childrenOf: (pid) => {
      asked.push(pid);
      return edges[pid] ?? [];
    },
  };
}

describe('collectDescendants', () => {
  test('breadth first, root excluded', () => {
    //        1
    //      /   \
    //     2     3
    //    / \     \
    //   4   5     6
    //   |
    //   7
    const t = tree({ 1: [2, 3], 2: [4, 5], 3: [6], 4: [7] });
    assert.deepEqual(collectDescendants(1, t.childrenOf), [2, 3, 4, 5, 6, 7]);
  });

  test('a subtree: only what lies below the given root', () => {
    const t = tree({ 1: [2, 3], 2: [4, 5], 3: [6], 4: [7] });
    assert.deepEqual(collectDescendants(2, t.childrenOf), [4, 5, 7]);
  });

  test('each pid once when it is listed under two parents or twice under one', () => {
    const t = tree({ 1: [2, 3, 2], 2: [4], 3: [4, 5] });
    assert.deepEqual(collectDescendants(1, t.childrenOf), [2, 3, 4, 5]);
    // Each pid is also expanded only once.
    assert.deepEqual(
      t.asked.toSorted((a, b) => a - b),
      [1, 2, 3, 4, 5],
    );
  });

  test('a cycle ends, and the root never shows up among its own descendants', () => {
    const t = tree({ 1: [2], 2: [3], 3: [1, 2] });
    assert.deepEqual(collectDescendants(1, t.childrenOf), [2, 3]);
  });

  test('a pid listed as its own child is ignored', () => {
    const t = tree({ 1: [1, 2], 2: [2] });
    assert.deepEqual(collectDescendants(1, t.childrenOf), [2]);
  });

  test('a limit stops the walk: the first processes breadth first, nothing more asked', () => {
    const t = tree({ 1: [2, 3], 2: [4, 5], 3: [6], 4: [7] });
    assert.deepEqual(collectDescendants(1, t.childrenOf, 4), [2, 3, 4, 5]);
    assert.deepEqual(t.asked, [1, 2], 'no list read past the limit');
  });

  test('an unknown pid or a leaf has no descendants', () => {
    const t = tree({ 1: [2] });
    assert.deepEqual(collectDescendants(99, t.childrenOf), []);
    assert.deepEqual(collectDescendants(2, t.childrenOf), []);
  });
});

/** A fake /proc: `tasks` maps pid → tid → children text; a function value throws when read. */
function fakeProc(tasks: Record<number, Record<number, string | (() => never)>>): ProcReader {
  return {
    listDir(path) {
      const m = /^\/proc\/(\d+)\/task$/.exec(path);
      const pid = m ? Number(m[1]) : NaN;
      const t = tasks[pid];
      if (!t) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return Object.keys(t);
    },
    readText(path) {
      const m = /^\/proc\/(\d+)\/task\/(\d+)\/children$/.exec(path);
      if (!m) throw new Error(`unexpected read ${path}`);
      const entry = tasks[Number(m[1])]?.[Number(m[2])];
      if (entry === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return typeof entry === 'function' ? entry() : entry;
    },
  };
}

const gone = (): never => {
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
};

describe('linuxChildrenOf', () => {
  test('children of every thread are merged', () => {
    const io = fakeProc({ 100: { 100: '101 102 ', 105: '103\n', 106: '' } });
    assert.deepEqual(
      linuxChildrenOf(100, io).toSorted((a, b) => a - b),
      [101, 102, 103],
    );
  });

  test('only the asked pid is read', () => {
    const io = fakeProc({ 100: { 100: '101' }, 200: { 200: '201' } });
    assert.deepEqual(linuxChildrenOf(200, io), [201]);
  });

  test('a thread whose children file cannot be read is skipped, the others still count', () => {
    const io = fakeProc({ 100: { 100: '101', 105: gone, 106: '102' } });
    assert.deepEqual(
      linuxChildrenOf(100, io).toSorted((a, b) => a - b),
      [101, 102],
    );
  });

  test('a process without a task directory has no children', () => {
    const io = fakeProc({ 100: { 100: '101' } });
    assert.deepEqual(linuxChildrenOf(4242, io), []);
  });

  test('walks a fake tree through collectDescendants', () => {
    const io = fakeProc({ 1: { 1: '2', 9: '3' }, 2: { 2: '4' }, 3: { 3: '' }, 4: { 4: gone } });
    assert.deepEqual(
      collectDescendants(1, (pid) => linuxChildrenOf(pid, io)),
      [2, 3, 4],
    );
  });
});

const realFs: ProcReader = { listDir: (p) => readdirSync(p), readText: (p) => readFileSync(p, 'utf8') };

test('a real child of this process is found', { skip: process.platform !== 'linux' && 'Linux only' }, async (t) => {
  const child = spawn('sleep', ['5'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.after(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const pid = child.pid;
  assert.ok(pid !== undefined);
  const found = collectDescendants(process.pid, (p) => linuxChildrenOf(p, realFs));
  assert.ok(found.includes(pid), `pid ${pid} not among ${JSON.stringify(found)}`);
  assert.ok(!found.includes(process.pid));
});
