/** The history store on a real SQLite file: schema and migrations, refusals, the run lifecycle, filters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { APPLICATION_ID, SCHEMA_VERSION } from './migrations.ts';
import { HISTORY_FILE, openHistory } from './store.ts';
import { fakeResult, fakeStart } from './fixtures/runs.ts';
import { tempDir } from './fixtures/temp.ts';

const pragma = (db: DatabaseSync, name: string): unknown =>
  Object.values(db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[0];

/** A pid that existed and has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  assert.ok(r.pid);
  return r.pid;
}

const unavailable = (pattern: RegExp) => (e: unknown) =>
  e instanceof WorkbenchError && e.code === 'unavailable' && pattern.test(e.message);

test('an empty directory gets a database at the newest schema, in WAL mode, private to the user', (t) => {
  const dir = join(tempDir(t), 'not', 'yet', 'there');
  openHistory(dir).close();
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const db = new DatabaseSync(join(dir, HISTORY_FILE));
  assert.equal(SCHEMA_VERSION, 2);
  assert.equal(pragma(db, 'user_version'), SCHEMA_VERSION);
  assert.equal(pragma(db, 'application_id'), APPLICATION_ID);
  assert.equal(pragma(db, 'journal_mode'), 'wal');
  assert.equal(pragma(db, 'integrity_check'), 'ok');
  const names = (
    db.prepare("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
  for (const name of ['runs', 'run_breaches', 'runs_by_driver', 'runs_by_status', 'runs_by_escaped'])
    assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  db.close();
  // Opening again is a no-op migration.
  openHistory(dir).close();
});

/** What version 1 of the app wrote, spelled out here so a change to migration 1 cannot go unnoticed. */
function buildV1(dir: string, ownerPid: number): void {
  const db = new DatabaseSync(join(dir, HISTORY_FILE));
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA application_id = ${APPLICATION_ID};
    CREATE TABLE runs (
      id TEXT PRIMARY KEY NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, driver TEXT NOT NULL,
      status TEXT NOT NULL, language TEXT NOT NULL, code TEXT NOT NULL, request TEXT NOT NULL, result TEXT,
      owner_pid INTEGER NOT NULL
    ) STRICT;
    PRAGMA user_version = 1;
  `);
  const insert = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const request = JSON.stringify(fakeStart('x').request);
  insert.run(
    'old-ok',
    1000,
    1100,
    'worker',
    'ok',
    'js',
    'console.log(1)',
    request,
    JSON.stringify(fakeResult('old-ok')),
    1,
  );
  const escaped = fakeResult('old-escaped', { driver: 'host', breaches: ['env', 'file'] });
  insert.run('old-escaped', 2000, 2100, 'host', 'ok', 'ts', 'process.env', request, JSON.stringify(escaped), 1);
  insert.run('old-running', 3000, null, 'process', 'running', 'js', 'while(1){}', request, null, ownerPid);
  db.close();
}

test('a version 1 database is migrated: rows survive, filter columns are filled from the stored results', (t) => {
  const dir = tempDir(t);
  buildV1(dir, deadPid());
  const store = openHistory(dir);
  t.after(() => store.close());
  const db = new DatabaseSync(store.path);
  assert.equal(pragma(db, 'user_version'), SCHEMA_VERSION);
  assert.equal(pragma(db, 'integrity_check'), 'ok');
  db.close();

  assert.equal(store.count(), 3);
  const ok = store.get('old-ok');
  assert.equal(ok?.code, 'console.log(1)');
  assert.deepEqual(ok?.result, fakeResult('old-ok'));
  assert.deepEqual(ok?.request, JSON.parse(JSON.stringify(fakeStart('x').request)));
  assert.equal(ok?.escaped, false);

  const escaped = store.get('old-escaped');
  assert.equal(escaped?.escaped, true);
  assert.deepEqual(escaped?.breaches, ['env', 'file']);
  assert.equal(escaped?.language, 'ts');
  assert.deepEqual(
    store.list({ escaped: true }).runs.map((r) => r.id),
    ['old-escaped'],
  );
  assert.deepEqual(
    store.list({ canary: 'file' }).runs.map((r) => r.id),
    ['old-escaped'],
  );
  // Its owner died before the migration: interrupted on open, never given a result.
  const running = store.get('old-running');
  assert.equal(running?.status, 'interrupted');
  assert.equal(running?.result, null);
  assert.deepEqual(
    store.list().runs.map((r) => r.id),
    ['old-running', 'old-escaped', 'old-ok'],
  );
});

test('a database from a newer version is refused and left byte for byte as it was', (t) => {
  const dir = tempDir(t);
  const file = join(dir, HISTORY_FILE);
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}; CREATE TABLE runs (id TEXT); PRAGMA user_version = 99;`);
  db.close();
  const hash = (): string => createHash('sha256').update(readFileSync(file)).digest('hex');
  const before = hash();
  assert.throws(
    () => openHistory(dir),
    unavailable(/newer Sandbox Workbench \(schema version 99; this one knows up to 2\)/),
  );
  assert.equal(hash(), before);
  const again = new DatabaseSync(file);
  assert.equal(pragma(again, 'journal_mode'), 'delete');
  again.close();
});

test('files that are not a history are refused with a reason, never migrated', (t) => {
  const garbage = tempDir(t);
  writeFileSync(join(garbage, HISTORY_FILE), 'this is not SQLite at all, just text. '.repeat(200));
  assert.throws(() => openHistory(garbage), unavailable(/damaged or not a database/));

  const stranger = tempDir(t);
  const db = new DatabaseSync(join(stranger, HISTORY_FILE));
  db.exec('CREATE TABLE notes (text TEXT)');
  db.close();
  assert.throws(() => openHistory(stranger), unavailable(/is a SQLite database, but not a run history/));

  const otherApp = tempDir(t);
  const other = new DatabaseSync(join(otherApp, HISTORY_FILE));
  other.exec('PRAGMA application_id = 42');
  other.close();
  assert.throws(() => openHistory(otherApp), unavailable(/not a Sandbox Workbench history \(application_id 42\)/));

  const notADir = join(tempDir(t), 'file');
  writeFileSync(notADir, '');
  assert.throws(() => openHistory(notADir), unavailable(/cannot create the data directory/));
});

test('a run is running when it begins, holds its whole result when it completes, and goes only when deleted', (t) => {
  const store = openHistory(tempDir(t));
  t.after(() => store.close());
  const start = fakeStart('r1', { driver: 'process', code: '\n\n  console.log("hi")  \nmore' });
  store.begin(start);
  const running = store.get('r1');
  assert.equal(running?.status, 'running');
  assert.equal(running?.result, null);
  assert.equal(running?.endedAt, undefined);
  assert.equal(running?.title, 'console.log("hi")');
  assert.deepEqual(running?.request, {
    limits: start.request.limits,
    policy: start.request.policy,
    sampleHz: start.request.sampleHz,
  });

  const result = fakeResult('r1', { driver: 'process', status: 'timeout', breaches: ['network'], sampleBytes: 5000 });
  store.complete('r1', result);
  const done = store.get('r1');
  assert.equal(done?.status, 'timeout');
  assert.deepEqual(done?.result, result);
  assert.ok(done?.result?.samples.length && done.result.samples.length >= 50);
  assert.equal(done?.escaped, true);
  assert.deepEqual(done?.breaches, ['network']);
  assert.ok((done?.endedAt ?? 0) >= (done?.startedAt ?? Infinity));

  assert.throws(() => store.complete('nope', result), /never recorded as started/);
  assert.equal(store.delete('r1'), true);
  assert.equal(store.get('r1'), null);
  assert.equal(store.delete('r1'), false);
  const db = new DatabaseSync(store.path);
  assert.equal((db.prepare('SELECT count(*) AS n FROM run_breaches').get() as { n: number }).n, 0);
  db.close();
});

test('filters: driver (any spelling), status, escaped, canary, limit and offset; newest first', (t) => {
  const store = openHistory(tempDir(t));
  t.after(() => store.close());
  const runs: Array<[string, string, Parameters<typeof fakeResult>[1] | undefined]> = [
    ['a', 'host', { driver: 'host' }],
    ['b', 'worker', { breaches: ['env'] }],
    ['c', 'process', { driver: 'process', status: 'timeout' }],
    ['d', 'host', { driver: 'host', breaches: ['file', 'global'] }],
    ['e', 'worker+vm', { driver: 'worker+vm', status: 'error' }],
    ['f', 'worker', undefined],
  ];
  runs.forEach(([id, driver, result], i) => {
    store.begin(fakeStart(id, { driver, startedAt: 1000 + i }));
    if (result) store.complete(id, fakeResult(id, result));
  });
  const ids = (filter: Parameters<typeof store.list>[0]): string[] => store.list(filter).runs.map((r) => r.id);
  assert.deepEqual(ids({}), ['f', 'e', 'd', 'c', 'b', 'a']);
  assert.deepEqual(ids({ driver: 'inline' }), ['d', 'a']);
  assert.deepEqual(ids({ driver: 'worker+plain' }), ['f', 'b']);
  assert.deepEqual(ids({ status: 'ok' }), ['d', 'b', 'a']);
  assert.deepEqual(ids({ status: 'running' }), ['f']);
  assert.deepEqual(ids({ escaped: true }), ['d', 'b']);
  assert.deepEqual(ids({ escaped: false }), ['e', 'c', 'a']);
  assert.deepEqual(ids({ canary: 'global' }), ['d']);
  assert.deepEqual(ids({ driver: 'host', escaped: true }), ['d']);
  assert.deepEqual(ids({ limit: 2 }), ['f', 'e']);
  assert.deepEqual(ids({ limit: 2, offset: 4 }), ['b', 'a']);
  assert.deepEqual(store.list({ limit: 1, escaped: true }).total, 2);
  assert.equal(store.count({ driver: 'worker' }), 2);
  assert.equal(store.count(), 6);
  assert.deepEqual(store.list({ canary: 'file' }).runs[0]?.breaches, ['global', 'file']);
  assert.throws(
    () => store.list({ driver: 'nowhere' }),
    (e: unknown) => e instanceof WorkbenchError && e.code === 'bad-driver',
  );
});

test('short ids: a unique prefix of at least 4 characters', (t) => {
  const store = openHistory(tempDir(t));
  t.after(() => store.close());
  for (const id of ['abcd1111', 'abcd2222', 'ffff0000']) store.begin(fakeStart(id));
  assert.deepEqual(store.findIds('ffff'), ['ffff0000']);
  assert.deepEqual(store.findIds('abcd'), ['abcd1111', 'abcd2222']);
  assert.deepEqual(store.findIds('abc'), []);
  assert.deepEqual(store.findIds('abcd%'), []);
});

test('running runs: a live owner keeps them, closing the store interrupts its own, a reused pid does not count', (t) => {
  const dir = tempDir(t);
  const first = openHistory(dir);
  first.begin(fakeStart('mine'));
  // Another store in this (live) process leaves the run alone.
  const second = openHistory(dir);
  assert.equal(second.get('mine')?.status, 'running');
  assert.deepEqual(second.markInterrupted(), []);
  first.close();
  assert.equal(second.get('mine')?.status, 'interrupted');
  // A completed run is never interrupted.
  second.begin(fakeStart('done'));
  second.complete('done', fakeResult('done'));
  second.close();

  if (process.platform === 'linux') {
    // This process's pid, but a start time that is not this process's: the owner that pid had is gone.
    const db = new DatabaseSync(join(dir, HISTORY_FILE));
    db.prepare(
      "INSERT INTO runs (id, started_at, driver, status, language, code, request, owner_pid, owner_start) VALUES ('reused', 1, 'worker', 'running', 'js', '', '{}', ?, 'linux-start:1')",
    ).run(process.pid);
    db.close();
  }
  const third = openHistory(dir);
  t.after(() => third.close());
  assert.equal(third.get('done')?.status, 'ok');
  if (process.platform === 'linux') assert.equal(third.get('reused')?.status, 'interrupted');
});

test('a closed store refuses to be used', (t) => {
  const store = openHistory(tempDir(t));
  store.close();
  store.close();
  assert.throws(() => store.list(), unavailable(/is closed/));
});
