import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliOutcome } from './run-cli.ts';
import { parseArgs } from './args.ts';
import { formatBlast } from './blast-command.ts';

function cli(args: string[], stdin = ''): Promise<CliOutcome> {
  return runCli(args, { stdin });
}

test('blast arguments: boundary and misbehaviour or code, neighbours 1-8 (default 4), --json', () => {
  assert.deepEqual(parseArgs(['blast', '--boundary', 'worker', '--misbehaviour=kill']), {
    ok: true,
    command: { kind: 'blast', boundary: 'worker', misbehaviour: 'kill', neighbours: 4, json: false },
  });
  assert.deepEqual(parseArgs(['blast', '--boundary=process', '--code', 'x.js', '--neighbours', '8', '--json']), {
    ok: true,
    command: { kind: 'blast', boundary: 'process', codeFile: 'x.js', neighbours: 8, json: true },
  });
  const refused: Array<[string[], RegExp]> = [
    [['blast', '--misbehaviour', 'kill'], /needs --boundary/],
    [['blast', '--boundary', 'thread', '--misbehaviour', 'kill'], /--boundary must be one of worker, process/],
    [['blast', '--boundary', 'worker'], /one of --misbehaviour or --code/],
    [['blast', '--boundary', 'worker', '--misbehaviour', 'kill', '--code', 'x.js'], /one of --misbehaviour or --code/],
    [['blast', '--boundary', 'worker', '--misbehaviour', 'explode'], /--misbehaviour must be one of crash, oom/],
    [['blast', '--boundary', 'worker', '--misbehaviour', 'kill', '--neighbours', '0'], /from 1 to 8/],
    [['blast', '--boundary', 'worker', '--misbehaviour', 'kill', '--neighbours', '2.5'], /from 1 to 8/],
    [['blast', '--boundary', 'worker', '--misbehaviour', 'kill', '--neighbours', '9'], /from 1 to 8/],
    [['blast', '--boundary', 'worker', '--misbehaviour', 'kill', '--frobnicate'], /unknown option for blast/],
  ];
  for (const [argv, error] of refused) {
    const r = parseArgs(argv);
    assert.ok(!r.ok && error.test(r.error), `${argv.join(' ')} → ${JSON.stringify(r)}`);
  }
});

test('the text report lists each neighbour, the lost count and the notes, with control characters shown', () => {
  const text = formatBlast({
    boundary: 'worker',
    misbehaviour: 'exit',
    neighbours: [
      { id: 'n1', state: 'alive', beats: 30 },
      { id: 'n2', state: 'lost', beats: 2 },
    ],
    lost: 1,
    total: 2,
    culprit: { state: 'ended', how: 'thread exit 1' },
    notes: ['a note with \u001b[31m an escape'],
    durationMs: 1800,
  });
  assert.match(text, /^ {2}n1 {2}alive {2}\(30 beats\)$/m);
  assert.match(text, /^neighbours lost: 1 of 2$/m);
  assert.match(text, /culprit: ended \(thread exit 1\); the process: still running at the end/);
  assert.ok(!text.includes('\u001b'), text);
});

test('workbench blast --json: a thread that kills its process takes every neighbour; a child that does, none', async () => {
  const thread = await cli(['blast', '--boundary', 'worker', '--misbehaviour', 'kill', '--neighbours', '2', '--json']);
  assert.equal(thread.code, 0, thread.stderr);
  const t = JSON.parse(thread.stdout) as {
    lost: number;
    total: number;
    neighbours: Array<{ id: string; state: string }>;
  };
  assert.deepEqual(
    { lost: t.lost, total: t.total, states: t.neighbours.map((n) => `${n.id}:${n.state}`) },
    { lost: 2, total: 2, states: ['n1:lost', 'n2:lost'] },
  );
  const child = await cli(['blast', '--boundary', 'process', '--misbehaviour', 'kill', '--neighbours', '2', '--json']);
  assert.equal(child.code, 0, child.stderr);
  assert.equal((JSON.parse(child.stdout) as { lost: number }).lost, 0);
});

test('workbench blast --code -: the culprit is the code on stdin, its output on stderr', async () => {
  const r = await cli(
    ['blast', '--boundary', 'process', '--code', '-', '--neighbours', '1'],
    'console.log("from the culprit"); process.exit(7)',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /from the culprit/);
  assert.match(r.stdout, /culprit: ended \(process exit 7\)/);
  assert.match(r.stdout, /neighbours lost: 0 of 1/);
});
