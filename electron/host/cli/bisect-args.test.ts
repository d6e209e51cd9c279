import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBisectArgs } from './bisect-args.ts';

test('a full bisect command line', () => {
  assert.deepEqual(
    parseBisectArgs([
      'cve/x.js',
      '--driver',
      'process',
      '--policy=read-only',
      '--from',
      'v24.12.0',
      '--to=24.13.0',
      '--json',
    ]),
    {
      ok: true,
      command: {
        kind: 'bisect',
        probe: 'cve/x.js',
        driver: 'process',
        policy: 'read-only',
        from: '24.12.0',
        to: '24.13.0',
        json: true,
      },
    },
  );
});

test('defaults: hardened policy, the whole range, text output', () => {
  assert.deepEqual(parseBisectArgs(['p', '--driver', 'worker']), {
    ok: true,
    command: { kind: 'bisect', probe: 'p', driver: 'worker', policy: 'hardened', json: false },
  });
});

test('short errors', () => {
  const error = (argv: string[]): string => {
    const r = parseBisectArgs(argv);
    assert.equal(r.ok, false, argv.join(' '));
    return (r as { error: string }).error;
  };
  assert.match(error(['--driver', 'process']), /needs a probe/);
  assert.match(error(['p']), /needs --driver/);
  assert.match(error(['p', '--driver']), /--driver needs a driver id/);
  assert.match(
    error(['p', '--driver', 'process', '--policy', 'lax']),
    /--policy must be one of default, hardened, read-only/,
  );
  assert.match(error(['p', '--driver', 'process', '--from', '24']), /--from needs an exact release like 24\.12\.0/);
  assert.match(error(['p', '--driver', 'process', '--to', '--json']), /--to needs an exact release/);
  assert.match(error(['p', 'q', '--driver', 'process']), /one probe/);
  assert.match(error(['p', '--driver', 'process', '--node', '22']), /unknown option for bisect: --node/);
});
