/**
 * The history under real processes: a writer killed with SIGKILL in the middle of its writes, several
 * writers at once (racing to create the file too), and runs whose owner process died.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { HISTORY_FILE, openHistory } from './store.ts';
import { fakeResult } from './fixtures/runs.ts';
import { tempDir } from './fixtures/temp.ts';
import { join } from 'node:path';

const WRITER = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));

interface Writer {
  readonly child: ChildProcess;
  /** Lines printed so far (ids committed, or "ready"). */
  readonly lines: string[];
  /** Resolves when `n` lines have been printed. */
  waitForLines(n: number): Promise<void>;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** What it printed on stderr so far. */
  stderr(): string;
}

function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', WRITER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let partial = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.on('data', (c: Buffer) => {
    const parts = (partial + c.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.filter((x) => lines.length >= x.n)) w.resolve();
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    lines,
    waitForLines: (n) =>
      new Promise<void>((resolve, reject) => {
        if (lines.length >= n) return resolve();
        waiters.push({ n, resolve });
        void exited.then(([code]) =>
          reject(new Error(`writer exited (${code}) after ${lines.length} lines: ${stderr}`)),
        );
      }),
    exited,
    stderr: () => stderr,
  };
}

function integrity(dir: string): string {
  const db = new DatabaseSync(join(dir, HISTORY_FILE));
  try {
    return String((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check);
  } finally {
    db.close();
  }
}

test('a writer killed with SIGKILL mid-write leaves a sound database holding every run it committed', async (t) => {
  const dir = tempDir(t);
  // Results of ~300 KB make each commit take a while, so the kill lands inside a write more often than not.
  const writer = startWriter([dir, 'k', '100000', '300000']);
  t.after(() => writer.child.kill('SIGKILL'));
  await writer.waitForLines(25);
  // A little later than the 25th commit, at a different point of a write each time.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
  writer.child.kill('SIGKILL');
  const [, signal] = await writer.exited;
  assert.equal(signal, 'SIGKILL');
  const committed = [...writer.lines];
  assert.ok(committed.length >= 25);

  assert.equal(integrity(dir), 'ok');
  const store = openHistory(dir);
  t.after(() => store.close());
  for (const id of committed) {
    const run = store.get(id);
    assert.equal(run?.status, 'ok', id);
    assert.equal(run?.result?.id, id);
    assert.equal(run?.result?.samples.length, fakeResult(id, { sampleBytes: 300000 }).samples.length);
  }
  // Beyond what it printed, at most the run it had begun and maybe one more committed before the kill.
  const all = store.list({ limit: 1000 });
  assert.ok(all.total - committed.length <= 2, `${all.total} rows for ${committed.length} printed ids`);
  // The run it was writing when it died is no longer "running": its owner is gone.
  assert.equal(store.count({ status: 'running' }), 0);
  assert.ok(store.count({ status: 'interrupted' }) <= 1);
  assert.equal(integrity(dir), 'ok');
});

test('four writer processes at once lose no run and leave the database sound', async (t) => {
  const dir = tempDir(t);
  const PER_WRITER = 300;
  const writers = ['w1', 'w2', 'w3', 'w4'].map((prefix) => startWriter([dir, prefix, String(PER_WRITER), '2000']));
  t.after(() => writers.forEach((w) => w.child.kill('SIGKILL')));
  const exits = await Promise.all(writers.map((w) => w.exited));
  assert.deepEqual(
    exits.map(([code]) => code),
    [0, 0, 0, 0],
    writers.map((w) => w.stderr()).join('\n'),
  );
  assert.equal(integrity(dir), 'ok');
  const store = openHistory(dir);
  t.after(() => store.close());
  assert.equal(store.count(), 4 * PER_WRITER);
  assert.equal(store.count({ status: 'ok' }), 4 * PER_WRITER);
  // Every third run of each writer breached env.
  assert.equal(store.count({ canary: 'env' }), 4 * Math.ceil(PER_WRITER / 3));
  for (const w of writers) {
    assert.equal(w.lines.length, PER_WRITER);
    for (const id of w.lines) assert.equal(store.get(id)?.result?.id, id);
  }
});

test('opening marks runs of a dead owner interrupted and leaves a live owner’s running', async (t) => {
  const dir = tempDir(t);
  const alive = startWriter([dir, 'alive', 'hold']);
  const dead = startWriter([dir, 'dead', 'hold']);
  t.after(() => [alive, dead].forEach((w) => w.child.kill('SIGKILL')));
  await Promise.all([alive.waitForLines(1), dead.waitForLines(1)]);
  dead.child.kill('SIGKILL');
  await dead.exited;

  const store = openHistory(dir);
  t.after(() => store.close());
  assert.equal(store.get('dead-held')?.status, 'interrupted');
  assert.equal(store.get('alive-held')?.status, 'running');
  assert.deepEqual(store.markInterrupted(), []);

  alive.child.kill('SIGKILL');
  await alive.exited;
  assert.deepEqual(store.markInterrupted(), ['alive-held']);
  assert.equal(store.get('alive-held')?.status, 'interrupted');
});
