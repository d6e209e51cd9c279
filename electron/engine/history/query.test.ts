import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { breachesOf, summaryOf, titleOf, whereOf } from './query.ts';

test('no filter, no WHERE; each filter adds one term, values only as parameters', () => {
  assert.deepEqual(whereOf({}), { sql: '', params: [] });
  assert.deepEqual(whereOf({ limit: 5, offset: 10 }), { sql: '', params: [] });
  const w = whereOf({ driver: 'quickjs', status: 'ok', escaped: true, canary: 'file' });
  assert.equal(
    w.sql,
    'WHERE driver = ? AND status = ? AND escaped = 1 AND EXISTS (SELECT 1 FROM run_breaches b WHERE b.run_id = runs.id AND b.canary = ?)',
  );
  assert.deepEqual(w.params, ['host+quickjs', 'ok', 'file']);
  // Contained means ended without a breach: running and interrupted runs are neither.
  assert.equal(whereOf({ escaped: false }).sql, "WHERE escaped = 0 AND status NOT IN ('running', 'interrupted')");
  assert.throws(
    () => whereOf({ driver: "worker'; DROP TABLE runs; --" }),
    (e: unknown) => e instanceof WorkbenchError && e.code === 'bad-driver',
  );
});

test('titles: the first non-blank line, trimmed and cut', () => {
  assert.equal(titleOf('\n   \n  const x = 1;  \nmore'), 'const x = 1;');
  assert.equal(titleOf(''), '');
  // A probe is named by its header's title (its first line is `/*---` for every probe), else its id.
  assert.equal(
    titleOf('/*---\nid: env-x\ntitle: Read the env canary\ncategory: env\n---*/\nprocess.env'),
    'probe: Read the env canary',
  );
  assert.equal(titleOf('/*---\nid: env-x\n---*/\nprocess.env'), 'probe: env-x');
  assert.equal(titleOf('/* a comment */\n1'), '/* a comment */');
  assert.equal(titleOf('/*---\nid: long\ntitle: Cut before its end\ntechnique: xxxxxxxx'), 'probe: Cut before its end');
  const long = titleOf(`// ${'x'.repeat(200)}`);
  assert.equal(long.length, 80);
  assert.ok(long.endsWith('…'));
});

test('breaches come back in canary order; unknown names are dropped', () => {
  assert.deepEqual(breachesOf('file,env,host-crash,bogus'), ['env', 'file', 'host-crash']);
  assert.deepEqual(breachesOf(null), []);
  assert.deepEqual(breachesOf(''), []);
});

test('a row becomes a summary; a missing end stays absent', () => {
  const row = {
    id: 'r',
    started_at: 5,
    ended_at: null,
    driver: 'worker',
    status: 'running',
    escaped: 0,
    language: 'ts',
    head: 'let a: number = 1',
    breaches: null,
  };
  assert.deepEqual(summaryOf(row), {
    id: 'r',
    startedAt: 5,
    driver: 'worker',
    status: 'running',
    escaped: false,
    breaches: [],
    language: 'ts',
    title: 'let a: number = 1',
  });
  assert.equal(summaryOf({ ...row, ended_at: 9, escaped: 1 }).endedAt, 9);
});
