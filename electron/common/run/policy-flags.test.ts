import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { expandJail, guestEnvironment, permissionFlags } from './policy-flags.ts';
import { nodeFeatures } from '../node-release/node-features.ts';
import { defaultPolicy, type Policy } from './run-spec.ts';

const JAIL = '/tmp/wb-run-1/jail';

describe('expandJail', () => {
  const table: Array<[string, string]> = [
    ['$JAIL', JAIL],
    ['${JAIL}', JAIL],
    ['<jail>', JAIL],
    ['$JAIL/', `${JAIL}/`],
    ['$JAIL/data', `${JAIL}/data`],
    ['${JAIL}/a/b.txt', `${JAIL}/a/b.txt`],
    ['<jail>/x', `${JAIL}/x`],
    ['$JAIL\\win\\file', `${JAIL}\\win\\file`],
    // Only a whole placeholder at the start is expanded.
    ['$JAILBREAK', '$JAILBREAK'],
    ['$JAIL-x/y', '$JAIL-x/y'],
    ['<jail>x', '<jail>x'],
    ['/etc/$JAIL', '/etc/$JAIL'],
    ['./$JAIL', './$JAIL'],
    ['$jail', '$jail'],
    ['/usr/lib', '/usr/lib'],
    ['', ''],
  ];
  for (const [input, output] of table) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => assert.equal(expandJail(input, JAIL), output));
  }
});

function policy(overrides: Partial<Policy>): Policy {
  return { ...defaultPolicy(), ...overrides };
}

describe('permissionFlags', () => {
  test('nothing when the Permission Model is off, whatever else is allowed', () => {
    const p = policy({
      permission: false,
      fsRead: ['/a'],
      fsWrite: ['/b'],
      childProcess: true,
      worker: true,
      addons: true,
      wasi: true,
    });
    assert.deepEqual(permissionFlags(p, JAIL, ['/boot.js']), []);
  });

  test('only --permission (plus bootstrap reads) when nothing is allowed', () => {
    assert.deepEqual(permissionFlags(policy({ permission: true }), JAIL, []), ['--permission']);
    assert.deepEqual(permissionFlags(policy({ permission: true }), JAIL, ['/wb/runtime.ts', '/wb/child-entry.ts']), [
      '--permission',
      '--allow-fs-read=/wb/runtime.ts',
      '--allow-fs-read=/wb/child-entry.ts',
    ]);
  });

  test('before 20.7 the paths of each --allow-fs flag are one comma-separated list (a repeated flag keeps its last)', () => {
    const p = policy({ permission: true, fsRead: ['$JAIL', '/etc/hosts'], fsWrite: ['$JAIL', '/tmp/x'] });
    assert.deepEqual(permissionFlags(p, JAIL, ['/boot.js'], nodeFeatures('20.6.1')), [
      '--experimental-permission',
      `--allow-fs-read=${JAIL},/etc/hosts,/boot.js`,
      `--allow-fs-write=${JAIL},/tmp/x`,
    ]);
    assert.deepEqual(permissionFlags(p, JAIL, ['/boot.js'], nodeFeatures('20.7.0')), [
      '--experimental-permission',
      `--allow-fs-read=${JAIL}`,
      '--allow-fs-read=/etc/hosts',
      '--allow-fs-read=/boot.js',
      `--allow-fs-write=${JAIL}`,
      '--allow-fs-write=/tmp/x',
    ]);
  });

  const single: Array<[string, Partial<Policy>, string]> = [
    ['childProcess', { childProcess: true }, '--allow-child-process'],
    ['worker', { worker: true }, '--allow-worker'],
    ['addons', { addons: true }, '--allow-addons'],
    ['wasi', { wasi: true }, '--allow-wasi'],
    ['fsRead', { fsRead: ['/data'] }, '--allow-fs-read=/data'],
    ['fsWrite', { fsWrite: ['$JAIL'] }, `--allow-fs-write=${JAIL}`],
  ];
  for (const [name, overrides, flag] of single) {
    test(`${name} → ${flag}`, () => {
      assert.deepEqual(permissionFlags(policy({ permission: true, ...overrides }), JAIL, []), ['--permission', flag]);
    });
  }

  test('every option together, with jail expansion and bootstrap files after the read list', () => {
    const p = policy({
      permission: true,
      fsRead: ['$JAIL', '/etc/hosts'],
      fsWrite: ['${JAIL}/out', '<jail>'],
      childProcess: true,
      worker: true,
      addons: true,
      wasi: true,
    });
    assert.deepEqual(permissionFlags(p, JAIL, ['/wb/runtime.ts']), [
      '--permission',
      `--allow-fs-read=${JAIL}`,
      '--allow-fs-read=/etc/hosts',
      '--allow-fs-read=/wb/runtime.ts',
      `--allow-fs-write=${JAIL}/out`,
      `--allow-fs-write=${JAIL}`,
      '--allow-child-process',
      '--allow-worker',
      '--allow-addons',
      '--allow-wasi',
    ]);
  });

  test('bootstrap files are not jail-expanded (they are real paths)', () => {
    assert.deepEqual(permissionFlags(policy({ permission: true }), JAIL, ['$JAIL/x']), [
      '--permission',
      '--allow-fs-read=$JAIL/x',
    ]);
  });
});

describe('guestEnvironment', () => {
  const hostEnv: Record<string, string | undefined> = {
    PATH: '/bin',
    HOME: '/home/u',
    SECRET: 's3cret',
    EMPTY: '',
    GONE: undefined,
  };

  test('inherit copies every defined variable', () => {
    assert.deepEqual(guestEnvironment(policy({ env: { mode: 'inherit' } }), hostEnv), {
      PATH: '/bin',
      HOME: '/home/u',
      SECRET: 's3cret',
      EMPTY: '',
    });
  });

  test('allow copies only the listed names and skips missing ones', () => {
    const p = policy({ env: { mode: 'allow', names: ['PATH', 'EMPTY', 'NOT_SET', 'GONE'] } });
    assert.deepEqual(guestEnvironment(p, hostEnv), { PATH: '/bin', EMPTY: '' });
  });

  test('an empty allow list gives an empty environment', () => {
    assert.deepEqual(guestEnvironment(policy({ env: { mode: 'allow', names: [] } }), hostEnv), {});
  });

  test('names are case-sensitive', () => {
    assert.deepEqual(guestEnvironment(policy({ env: { mode: 'allow', names: ['path', 'HOME'] } }), hostEnv), {
      HOME: '/home/u',
    });
  });

  test('the result is a copy, not the host object', () => {
    const env = { A: '1' };
    const out = guestEnvironment(policy({ env: { mode: 'inherit' } }), env);
    out.A = 'changed';
    assert.equal(env.A, '1');
  });
});
