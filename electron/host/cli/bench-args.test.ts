import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, USAGE } from './args.ts';
import { DEFAULT_BENCH_ROUNDS } from './bench-args.ts';

test('usage lists the bench command and says the matrix is off by default', () => {
  assert.match(
    USAGE,
    /workbench bench \[--json\] \[--rounds N\] \[--only GROUP,GROUP\.\.\.\] \[--drivers ID,ID\.\.\.\] \[--matrix\]/,
  );
  assert.match(USAGE, /only with --matrix/);
  assert.doesNotMatch(USAGE, /\$\{/);
});

test('bench defaults: every group but the matrix, 7 rounds, a table', () => {
  assert.deepEqual(parseArgs(['bench']), {
    ok: true,
    command: {
      kind: 'bench',
      json: false,
      rounds: DEFAULT_BENCH_ROUNDS,
      groups: ['cli', 'cold', 'containment', 'warm', 'terminate', 'memory', 'ipc', 'sampling'],
    },
  });
  assert.equal(DEFAULT_BENCH_ROUNDS, 7);
});

test('bench with every option, both spellings; groups run in their fixed order', () => {
  assert.deepEqual(
    parseArgs(['bench', '--json', '--rounds=3', '--only', 'memory, cold', '--drivers=host,worker+quickjs']),
    {
      ok: true,
      command: {
        kind: 'bench',
        json: true,
        rounds: 3,
        groups: ['cold', 'memory'],
        drivers: ['host', 'worker+quickjs'],
      },
    },
  );
});

test('--matrix adds the matrix to the default groups, or to --only', () => {
  const all = parseArgs(['bench', '--matrix']);
  assert.deepEqual(all.ok && all.command.kind === 'bench' ? all.command.groups : [], [
    'cli',
    'cold',
    'containment',
    'warm',
    'terminate',
    'memory',
    'ipc',
    'sampling',
    'matrix',
  ]);
  const some = parseArgs(['bench', '--only', 'ipc', '--matrix']);
  assert.deepEqual(some.ok && some.command.kind === 'bench' ? some.command.groups : [], ['ipc', 'matrix']);
  const named = parseArgs(['bench', '--only', 'matrix']);
  assert.deepEqual(named.ok && named.command.kind === 'bench' ? named.command.groups : [], ['matrix']);
});

for (const [args, message] of [
  [['--rounds', '0'], /--rounds needs a whole number from 1 to 100, got "0"/],
  [['--rounds', '2.5'], /--rounds needs a whole number/],
  [['--rounds', '101'], /--rounds needs a whole number from 1 to 100/],
  [['--rounds'], /--rounds needs a value/],
  [
    ['--only', 'cold,turbo'],
    /unknown bench group "turbo" \(groups: cli, cold, containment, warm, terminate, memory, ipc, sampling, matrix\)/,
  ],
  [['--only', ','], /--only needs at least one group/],
  [['--only', '--json'], /--only needs a value/],
  [['--drivers', ' , '], /--drivers needs at least one driver id/],
  [['--json=yes'], /--json takes no value/],
  [['--matrix=1'], /--matrix takes no value/],
  [['--fast'], /unknown option for bench: --fast/],
  [['cold'], /unknown option for bench: cold/],
] as const) {
  test(`bench ${args.join(' ')} is refused`, () => {
    const r = parseArgs(['bench', ...args]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, message);
  });
}
