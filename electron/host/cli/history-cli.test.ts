/**
 * `workbench run --save` and `workbench history` as a user runs them: through bin/workbench.mjs, with
 * WORKBENCH_DATA_DIR pointing at a temp directory.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliOutcome } from './run-cli.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { useIsolatedEngine } from '../../engine/test/harness.ts';
import type { HistoryPage, HistoryRun } from '../../common/api/types.ts';

// Outside the engine's temp root, which must be empty after every test.
const dataRoot = mkdtempSync(join(tmpdir(), 'wb-history-cli-'));
after(() => rmSync(dataRoot, { recursive: true, force: true }));
useIsolatedEngine();

let dirs = 0;
const freshDataDir = (): string => join(dataRoot, `d${++dirs}`);

function cli(dataDir: string, args: string[], stdin = ''): Promise<CliOutcome> {
  return runCli(args, { stdin, env: { ...process.env, WORKBENCH_DATA_DIR: dataDir, TZ: 'UTC' } });
}

test('run --save stores runs; history lists, filters, shows and deletes them', async () => {
  const dir = freshDataDir();
  const escaped = await cli(
    dir,
    ['run', '-', '--save', '--json', '--driver', 'process'],
    'process.env.WORKBENCH_CANARY',
  );
  assert.equal(escaped.code, 0, escaped.stderr);
  const escapedId = (JSON.parse(escaped.stdout) as { id: string }).id;
  assert.equal(escaped.stderr, `saved to history: ${escapedId}\n`);

  const plain = await cli(dir, ['run', '-', '--save', '--driver', 'inline'], 'console.log("hi"); 1 + 1');
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout, 'hi\n2\n');
  // Said before the summary, whose verdict is the last line.
  const plainId = /saved to history: (\S+)\n\nstatus ok/.exec(plain.stderr)?.[1];
  assert.ok(plainId, plain.stderr);
  assert.doesNotMatch(escaped.stderr + plain.stderr, /ExperimentalWarning|Warning:/);

  // Not saved without --save.
  assert.equal((await cli(dir, ['run', '-', '--driver', 'host'], '0')).code, 0);

  const list = await cli(dir, ['history', '--json']);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stderr, '');
  const page = JSON.parse(list.stdout) as HistoryPage;
  assert.equal(page.total, 2);
  assert.deepEqual(
    page.runs.map((r) => [r.id, r.driver, r.status, r.escaped]),
    [
      [plainId, 'host', 'ok', false],
      [escapedId, 'process', 'ok', true],
    ],
  );
  const ids = async (args: string[]): Promise<string[]> =>
    (JSON.parse((await cli(dir, ['history', '--json', ...args])).stdout) as HistoryPage).runs.map((r) => r.id);
  assert.deepEqual(await ids(['--breached']), [escapedId]);
  assert.deepEqual(await ids(['--contained']), [plainId]);
  assert.deepEqual(await ids(['--canary', 'env']), [escapedId]);
  assert.deepEqual(await ids(['--driver', 'host']), [plainId]);
  assert.deepEqual(await ids(['--status', 'timeout']), []);
  assert.deepEqual(await ids(['--limit', '1']), [plainId]);
  assert.deepEqual(await ids(['--limit', '1', '--offset', '1']), [escapedId]);

  const table = await cli(dir, ['history']);
  assert.equal(table.code, 0);
  const lines = table.stdout.split('\n');
  assert.match(lines[0] ?? '', /^ID\s+STARTED\s+DRIVER\s+STATUS\s+VERDICT\s+CODE$/);
  assert.match(
    lines[1] ?? '',
    new RegExp(
      `^${plainId!.slice(0, 8)}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+host\\s+ok\\s+contained\\s+console\\.log\\("hi"\\); 1 \\+ 1$`,
    ),
  );
  assert.match(lines[2] ?? '', /process\s+ok\s+ESCAPED: env\s+process\.env\.WORKBENCH_CANARY$/);
  assert.match(table.stdout, /1–2 of 2 · workbench history show <ID> · .*history\.sqlite/);

  const shown = await cli(dir, ['history', 'show', escapedId.slice(0, 8)]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`^run ${escapedId}\n`));
  // The exact Node release the run ran on is recorded and shown (issue 15).
  assert.match(shown.stdout, /driver process · Node \d+\.\d+\.\d+ · js · status ok/);
  assert.match(shown.stdout, /── code ──\nprocess\.env\.WORKBENCH_CANARY\n/);
  assert.match(shown.stdout, /verdict: ESCAPED — 1 breach\(es\)\n {2}env: /);

  const json = await cli(dir, ['history', 'show', escapedId, '--json']);
  const run = JSON.parse(json.stdout) as HistoryRun;
  assert.equal(run.code, 'process.env.WORKBENCH_CANARY');
  assert.equal(run.result?.verdict.escaped, true);
  assert.ok(run.result && run.result.samples.length > 0, 'samples are stored with the run');
  assert.equal(run.request.limits.timeoutMs, 5000);

  const deleted = await cli(dir, ['history', 'delete', escapedId]);
  assert.equal(deleted.code, 0);
  assert.equal(deleted.stderr, `deleted run ${escapedId}\n`);
  const gone = await cli(dir, ['history', 'show', escapedId]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no run ".*" in the history at .*history\.sqlite/);
  assert.deepEqual(await ids([]), [plainId]);
});

test('an empty history says so; a too-short id is refused with a hint', async () => {
  const dir = freshDataDir();
  const empty = await cli(dir, ['history']);
  assert.equal(empty.code, 0);
  assert.match(empty.stdout, /^No runs in the history \(.*history\.sqlite\)\.\n$/);
  const short = await cli(dir, ['history', 'show', 'ab']);
  assert.equal(short.code, 1);
  assert.match(short.stderr, /give at least 4 characters/);
});

for (const [args, message] of [
  [['history', '--limit', '0'], /--limit needs a whole number from 1/],
  [['history', '--status', 'done'], /--status must be one of/],
  [['history', '--driver', 'nowhere'], /unknown boundary "nowhere"/],
  [['history', 'show'], /history show needs a run id/],
  [['history', 'wipe'], /unknown history command: wipe/],
] as const) {
  test(`bad history arguments (${args.join(' ')}): one-line error, usage, exit 2`, async () => {
    const r = await cli(freshDataDir(), [...args]);
    assert.equal(r.code, 2);
    const [first, second] = r.stderr.split('\n');
    assert.match(first ?? '', message);
    assert.equal(second, 'usage:');
  });
}

test('a history from a newer version: history and run --save refuse it, and run --save runs nothing', async () => {
  const dir = freshDataDir();
  assert.equal((await cli(dir, ['history'])).code, 0);
  const db = new DatabaseSync(join(dir, 'history.sqlite'));
  db.exec('PRAGMA user_version = 9');
  db.close();
  const list = await cli(dir, ['history']);
  assert.equal(list.code, 1);
  assert.match(
    list.stderr,
    /^workbench: the run history at .* was written by a newer Sandbox Workbench \(schema version 9;/,
  );
  const run = await cli(dir, ['run', '-', '--save'], 'console.log("should not run")');
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /newer Sandbox Workbench/);
});
