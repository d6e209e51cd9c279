import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHardening } from './hardening-args.ts';
import { parseArgs } from './args.ts';
import { parseMatrixArgs } from './matrix-args.ts';

test('--harden: names with or without dashes, comma-separated, and all', () => {
  assert.deepEqual(parseHardening('frozen-intrinsics,--disable-proto=delete'), [
    'frozen-intrinsics',
    'disable-proto=delete',
  ]);
  assert.deepEqual(parseHardening('all'), [
    'frozen-intrinsics',
    'disallow-code-generation-from-strings',
    'disable-proto=throw',
  ]);
  assert.match(String(parseHardening('disable-proto')), /unknown flag "disable-proto"/);
});

test('run and matrix take --harden', () => {
  const run = parseArgs(['run', 'x.js', '--harden', 'frozen-intrinsics', '--harden=disable-proto=throw']);
  assert.ok(run.ok && run.command.kind === 'run');
  assert.deepEqual(run.command.request.policy.hardening, ['frozen-intrinsics', 'disable-proto=throw']);
  const matrix = parseMatrixArgs(['--harden', 'all']);
  assert.ok(matrix.ok);
  assert.equal(matrix.command.hardening?.length, 3);
});
