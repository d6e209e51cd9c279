import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, USAGE } from './args.ts';

test('usage lists the matrix command with its options', () => {
  assert.match(USAGE, /workbench matrix \[--probes DIR\] \[--drivers ID,ID\.\.\.\] \[--policy default\|hardened\]/);
  assert.match(USAGE, /\[--repeat N\] \[--strict\]/);
  assert.doesNotMatch(USAGE, /\$\{/);
});

test('matrix defaults: shipped probes, every driver, default policy, a table on stdout', () => {
  assert.deepEqual(parseArgs(['matrix']), {
    ok: true,
    command: { kind: 'matrix', policy: 'default', format: 'table', repeat: 1, strict: false },
  });
});

test('matrix with every option, both spellings', () => {
  const r = parseArgs([
    'matrix',
    '--probes',
    'p',
    '--drivers=host, worker,process+vm',
    '--policy',
    'hardened',
    '--format=html',
    '--out',
    'm.html',
    '--concurrency',
    '3',
    '--repeat=4',
    '--strict',
  ]);
  assert.deepEqual(r, {
    ok: true,
    command: {
      kind: 'matrix',
      probesDir: 'p',
      drivers: ['host', 'worker', 'process+vm'],
      policy: 'hardened',
      format: 'html',
      out: 'm.html',
      concurrency: 3,
      repeat: 4,
      strict: true,
    },
  });
});

for (const [args, message] of [
  [['--policy', 'lax'], /--policy must be default or hardened/],
  [['--format', 'pdf'], /--format must be one of table, json, md, html/],
  [['--concurrency', '0'], /--concurrency needs a whole number from 1 to 32/],
  [['--concurrency', '2.5'], /--concurrency needs a whole number/],
  [['--repeat', '0'], /--repeat needs a whole number from 1 to 5, got "0"/],
  [['--repeat', '6'], /--repeat needs a whole number from 1 to 5/],
  [['--repeat', '2.5'], /--repeat needs a whole number/],
  [['--repeat'], /--repeat needs a value/],
  [['--drivers', ','], /--drivers needs at least one driver id/],
  [['--probes'], /--probes needs a value/],
  [['--out', '--strict'], /--out needs a value/],
  [['--strict=yes'], /--strict takes no value/],
  [['--turbo'], /unknown option for matrix: --turbo/],
] as const) {
  test(`matrix ${args.join(' ')} is refused`, () => {
    const r = parseArgs(['matrix', ...args]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, message);
  });
}

test('a driver named twice is one column', () => {
  const r = parseArgs(['matrix', '--drivers', 'worker, process,worker']);
  assert.ok(r.ok && r.command.kind === 'matrix');
  assert.deepEqual(r.ok && r.command.kind === 'matrix' ? r.command.drivers : [], ['worker', 'process']);
});
