import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, USAGE } from './args.ts';
import { CLI_HISTORY_LIMIT } from './history-args.ts';

const ok = (argv: string[]) => {
  const r = parseArgs(argv);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.command;
};
const err = (argv: string[], pattern: RegExp): void => {
  const r = parseArgs(argv);
  assert.ok(!r.ok && pattern.test(r.error), r.ok ? `${argv.join(' ')} parsed` : r.error);
};

test('history lists with a screenful by default; list is optional', () => {
  const plain = { kind: 'history', action: 'list', json: false, filter: { limit: CLI_HISTORY_LIMIT } };
  assert.deepEqual(ok(['history']), plain);
  assert.deepEqual(ok(['history', 'list']), plain);
});

test('history filters, in both --flag value and --flag=value spellings', () => {
  assert.deepEqual(
    ok(['history', '--json', '--driver', 'inline', '--status=timeout', '--breached', '--canary', 'env', '--limit=5']),
    {
      kind: 'history',
      action: 'list',
      json: true,
      filter: { driver: 'inline', status: 'timeout', escaped: true, canary: 'env', limit: 5 },
    },
  );
  assert.deepEqual(ok(['history', '--contained', '--offset', '40', '--status', 'interrupted']), {
    kind: 'history',
    action: 'list',
    json: false,
    filter: { escaped: false, offset: 40, status: 'interrupted', limit: CLI_HISTORY_LIMIT },
  });
});

test('history show and delete take one id', () => {
  assert.deepEqual(ok(['history', 'show', 'abcd1234']), {
    kind: 'history',
    action: 'show',
    id: 'abcd1234',
    json: false,
  });
  assert.deepEqual(ok(['history', 'show', '--json', 'abcd']), {
    kind: 'history',
    action: 'show',
    id: 'abcd',
    json: true,
  });
  assert.deepEqual(ok(['history', 'delete', 'abcd']), { kind: 'history', action: 'delete', id: 'abcd' });
});

test('bad history arguments say what is wrong', () => {
  err(['history', '--limit', '0'], /--limit needs a whole number from 1 to 1000, got "0"/);
  err(['history', '--limit', 'lots'], /--limit needs a whole number/);
  err(['history', '--limit'], /--limit needs a value/);
  err(['history', '--offset', '-3'], /--offset needs a value|--offset needs a whole number/);
  err(['history', '--status', 'done'], /--status must be one of ok, .*running, interrupted/);
  err(['history', '--canary', 'password'], /--canary must be one of env, /);
  err(['history', '--driver', 'nowhere'], /unknown boundary "nowhere"/);
  err(['history', '--breached', '--contained'], /exclude each other/);
  err(['history', '--canary', 'env', '--contained'], /exclude each other/);
  err(['history', '--json=yes'], /--json takes no value/);
  err(['history', '--frob'], /unknown option for history: --frob/);
  err(['history', 'purge'], /unknown history command: purge/);
  err(['history', 'show'], /history show needs a run id/);
  err(['history', 'show', 'a', 'b'], /takes one run id/);
  err(['history', 'delete', 'abcd', '--json'], /unknown option for history delete: --json/);
});

test('run --save is a switch, present only when given', () => {
  const saved = ok(['run', 'x.js', '--save']);
  assert.ok(saved.kind === 'run' && saved.save === true);
  const plain = ok(['run', 'x.js']);
  assert.ok(plain.kind === 'run' && !('save' in plain));
  err(['run', 'x.js', '--save=1'], /--save takes no value/);
  assert.match(USAGE, /workbench history \[--json\]/);
  assert.match(USAGE, /\[--save\]/);
});
