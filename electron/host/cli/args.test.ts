import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type Command } from './args.ts';

type RunCommand = Extract<Command, { kind: 'run' }>;

function ok(argv: string[]): Command {
  const r = parseArgs(argv);
  assert.ok(r.ok, !r.ok ? `unexpected error: ${r.error}` : '');
  return r.command;
}

function run(argv: string[]): RunCommand {
  const c = ok(['run', ...argv]);
  assert.equal(c.kind, 'run');
  return c as RunCommand;
}

function err(argv: string[], pattern: RegExp): void {
  const r = parseArgs(argv);
  assert.equal(r.ok, false, `expected ${JSON.stringify(argv)} to fail`);
  assert.ok(!r.ok && pattern.test(r.error), !r.ok ? `error was: ${r.error}` : '');
}

describe('help and drivers', () => {
  for (const argv of [[], ['--help'], ['-h'], ['help']]) {
    test(`${JSON.stringify(argv)} → help`, () => assert.deepEqual(ok(argv), { kind: 'help' }));
  }
  test('drivers', () => assert.deepEqual(ok(['drivers']), { kind: 'drivers', json: false }));
  test('drivers --json', () => assert.deepEqual(ok(['drivers', '--json']), { kind: 'drivers', json: true }));
  test('drivers with another option fails', () =>
    err(['drivers', '--verbose'], /unknown option for drivers: --verbose/));
  test('drivers with a stray argument fails', () => err(['drivers', 'worker'], /unknown option for drivers: worker/));
});

describe('run', () => {
  test('a file alone: empty request, json off, no language', () => {
    assert.deepEqual(run(['guest.js']), {
      kind: 'run',
      file: 'guest.js',
      json: false,
      request: { limits: {}, policy: { fsRead: [], fsWrite: [] } },
    });
  });

  test('- reads from stdin', () => assert.equal(run(['-']).file, '-'));

  const everything = {
    kind: 'run',
    file: 'script.js',
    json: true,
    request: {
      driver: 'process+vm',
      language: 'ts',
      limits: { timeoutMs: 1500, memoryMb: 64, maxOutputBytes: 4096 },
      policy: {
        fsRead: ['$JAIL', '/etc/hosts'],
        fsWrite: ['$JAIL/out'],
        childProcess: true,
        worker: true,
        addons: true,
        wasi: true,
        permission: true,
        envAllow: ['PATH', 'HOME', 'LANG'],
      },
      sampleHz: 20,
    },
  };

  test('every flag, values as separate arguments', () => {
    const argv = [
      'script.js',
      '--driver',
      'process+vm',
      '--timeout',
      '1500',
      '--memory',
      '64',
      '--max-output',
      '4096',
      '--sample-hz',
      '20',
      '--allow-fs-read',
      '$JAIL',
      '--allow-fs-read',
      '/etc/hosts',
      '--allow-fs-write',
      '$JAIL/out',
      '--allow-child-process',
      '--allow-worker',
      '--allow-addons',
      '--allow-wasi',
      '--permission',
      '--env-allow',
      'PATH,HOME',
      '--env-allow',
      'LANG',
      '--ts',
      '--json',
    ];
    assert.deepEqual(run(argv), everything);
  });

  test('every flag, values with =', () => {
    const argv = [
      '--driver=process+vm',
      '--timeout=1500',
      '--memory=64',
      '--max-output=4096',
      '--sample-hz=20',
      '--allow-fs-read=$JAIL',
      '--allow-fs-read=/etc/hosts',
      '--allow-fs-write=$JAIL/out',
      '--allow-child-process',
      '--allow-worker',
      '--allow-addons',
      '--allow-wasi',
      '--permission',
      '--env-allow=PATH,HOME',
      '--env-allow=LANG',
      '--ts',
      '--json',
      'script.js',
    ];
    assert.deepEqual(run(argv), everything);
  });

  test('a value may contain = and, after =, may start with --', () => {
    const c = run(['a.js', '--allow-fs-read=/x=y', '--driver=--odd']);
    assert.deepEqual(c.request.policy.fsRead, ['/x=y']);
    assert.equal(c.request.driver, '--odd');
  });

  test('repeated --allow-fs-read accumulates in order', () => {
    assert.deepEqual(
      run(['a.js', '--allow-fs-read', '/a', '--allow-fs-read=/b', '--allow-fs-read', '/c']).request.policy.fsRead,
      ['/a', '/b', '/c'],
    );
  });

  test('--env-allow splits on commas and drops empty names', () => {
    assert.deepEqual(run(['a.js', '--env-allow', 'A,,B,', '--env-allow=C']).request.policy.envAllow, ['A', 'B', 'C']);
  });

  test('no --env-allow leaves envAllow unset (inherit)', () => {
    assert.equal(Object.hasOwn(run(['a.js']).request.policy, 'envAllow'), false);
  });

  const languages: Array<[string, 'ts' | undefined]> = [
    ['guest.ts', 'ts'],
    ['dir/guest.mts', 'ts'],
    ['guest.cts', 'ts'],
    ['guest.js', undefined],
    ['guest.mjs', undefined],
    ['guest.tsx', undefined],
    ['ts', undefined],
    ['-', undefined],
  ];
  for (const [file, language] of languages) {
    test(`${file} → language ${String(language)}`, () => assert.equal(run([file]).request.language, language));
  }

  test('--ts forces TypeScript for any file', () => assert.equal(run(['--ts', 'guest.js']).request.language, 'ts'));
});

describe('run errors', () => {
  const table: Array<[string, string[], RegExp]> = [
    ['unknown command', ['runn', 'a.js'], /^unknown command: runn$/],
    ['unknown option', ['run', 'a.js', '--fast'], /^unknown option: --fast$/],
    ['unknown short option', ['run', '-x', 'a.js'], /^unknown option: -x$/],
    ['unknown option with a value', ['run', 'a.js', '--fast=1'], /^unknown option: --fast=1$/],
    ['missing file', ['run'], /run needs a file/],
    ['missing file, only flags', ['run', '--json', '--timeout', '10'], /run needs a file/],
    ['two files', ['run', 'a.js', 'b.js'], /only one file may be given \(got "a\.js" and "b\.js"\)/],
    [
      'non-numeric --timeout',
      ['run', 'a.js', '--timeout', 'soon'],
      /^--timeout needs a positive whole number, got "soon"$/,
    ],
    ['non-numeric --timeout=', ['run', 'a.js', '--timeout=5s'], /--timeout needs a positive whole number, got "5s"/],
    ['zero --timeout', ['run', 'a.js', '--timeout', '0'], /--timeout needs a positive whole number, got "0"/],
    ['negative --timeout', ['run', 'a.js', '--timeout=-5'], /--timeout needs a positive whole number/],
    ['fractional --memory', ['run', 'a.js', '--memory', '1.5'], /--memory needs a positive whole number/],
    ['exponent --max-output', ['run', 'a.js', '--max-output', '1e3'], /--max-output needs a positive whole number/],
    [
      'unsafe integer --sample-hz',
      ['run', 'a.js', '--sample-hz', '99999999999999999999'],
      /--sample-hz needs a positive whole number/,
    ],
    ['empty --timeout=', ['run', 'a.js', '--timeout='], /--timeout needs a positive whole number, got ""/],
    ['--timeout at the end', ['run', 'a.js', '--timeout'], /--timeout needs a positive whole number, got nothing/],
    [
      '--timeout followed by a flag',
      ['run', 'a.js', '--timeout', '--json'],
      /--timeout needs a positive whole number, got "--json"/,
    ],
    ['--driver at the end', ['run', 'a.js', '--driver'], /^--driver needs a value$/],
    ['--driver followed by a flag', ['run', '--driver', '--json', 'a.js'], /^--driver needs a value$/],
    ['--allow-fs-read at the end', ['run', 'a.js', '--allow-fs-read'], /^--allow-fs-read needs a value$/],
    [
      '--allow-fs-write followed by a flag',
      ['run', 'a.js', '--allow-fs-write', '--ts'],
      /^--allow-fs-write needs a value$/,
    ],
    ['--env-allow at the end', ['run', 'a.js', '--env-allow'], /^--env-allow needs a value$/],
    // A switch given a value would silently mean "on" whatever the value said.
    [
      '--allow-child-process=false',
      ['run', 'a.js', '--allow-child-process=false'],
      /--allow-child-process takes no value/,
    ],
    ['--json=false', ['run', 'a.js', '--json=false'], /--json takes no value/],
    ['--permission=', ['run', 'a.js', '--permission='], /--permission takes no value/],
  ];
  for (const [name, argv, pattern] of table) {
    test(name, () => err(argv, pattern));
  }

  test('a flag value is consumed, not taken as the file', () => {
    const c = run(['--driver', 'worker', 'a.js']);
    assert.equal(c.file, 'a.js');
    assert.equal(c.request.driver, 'worker');
  });
});
