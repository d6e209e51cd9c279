import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRunRequest } from './run-request.ts';
import { WorkbenchError, type WorkbenchErrorCode } from '../protocol/errors.ts';
import { MAX_CODE_CHARS } from '../protocol/worker-protocol.ts';
import type { RunRequest } from './run-spec.ts';

const MiB = 1024 * 1024;

function rejects(raw: unknown, code: WorkbenchErrorCode, pattern?: RegExp): void {
  assert.throws(
    () => normalizeRunRequest(raw),
    (e: unknown) => {
      assert.ok(e instanceof WorkbenchError, `not a WorkbenchError: ${String(e)}`);
      assert.equal(e.code, code);
      if (pattern) assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('normalizeRunRequest defaults', () => {
  test('only code given: every default filled in', () => {
    const expected: RunRequest = {
      code: '1 + 1',
      language: 'js',
      driver: { boundary: 'worker', evaluator: 'plain' },
      limits: { timeoutMs: 5000, maxOutputBytes: MiB, maxMessageBytes: MiB },
      policy: {
        permission: false,
        fsRead: [],
        fsWrite: [],
        childProcess: false,
        worker: false,
        addons: false,
        wasi: false,
        env: { mode: 'inherit' },
        network: false,
      },
      sampleHz: 10,
    };
    assert.deepEqual(normalizeRunRequest({ code: '1 + 1' }), expected);
  });

  test('empty limits and policy objects mean the defaults too', () => {
    assert.deepEqual(normalizeRunRequest({ code: '', limits: {}, policy: {} }), normalizeRunRequest({ code: '' }));
  });

  test('memoryMb is only present when given', () => {
    assert.equal(Object.hasOwn(normalizeRunRequest({ code: '' }).limits, 'memoryMb'), false);
    assert.equal(normalizeRunRequest({ code: '', limits: { memoryMb: 128 } }).limits.memoryMb, 128);
  });

  test('given values are kept', () => {
    const r = normalizeRunRequest({
      code: 'x',
      language: 'ts',
      driver: 'process+vm',
      limits: { timeoutMs: 1, maxOutputBytes: 0, maxMessageBytes: 64 * 1024 },
      policy: { network: true, envAllow: [] },
      sampleHz: 50,
    });
    assert.equal(r.language, 'ts');
    assert.deepEqual(r.driver, { boundary: 'process', evaluator: 'vm' });
    assert.deepEqual(r.limits, { timeoutMs: 1, maxOutputBytes: 0, maxMessageBytes: 64 * 1024 });
    assert.equal(r.policy.network, true);
    assert.deepEqual(r.policy.env, { mode: 'allow', names: [] }, 'an empty allow list is still an allow list');
    assert.equal(r.sampleHz, 50);
  });

  test('driver aliases are resolved', () => {
    assert.deepEqual(normalizeRunRequest({ code: '', driver: 'inline' }).driver, {
      boundary: 'host',
      evaluator: 'plain',
    });
  });
});

describe('normalizeRunRequest policy', () => {
  const implied: Array<[string, Record<string, unknown>]> = [
    ['fsRead', { fsRead: ['/data'] }],
    ['fsWrite', { fsWrite: ['$JAIL'] }],
    ['childProcess', { childProcess: true }],
    ['worker', { worker: true }],
    ['addons', { addons: true }],
    ['wasi', { wasi: true }],
  ];
  for (const [name, policy] of implied) {
    test(`${name} turns the Permission Model on`, () => {
      const r = normalizeRunRequest({ code: '', policy });
      assert.equal(r.policy.permission, true);
      for (const [key, value] of Object.entries(policy))
        assert.deepEqual(r.policy[key as keyof RunRequest['policy']], value);
    });
  }

  const notImplied: Array<[string, Record<string, unknown>]> = [
    ['empty fsRead', { fsRead: [] }],
    ['childProcess false', { childProcess: false }],
    ['network false', { network: false }],
    ['envAllow', { envAllow: ['PATH'] }],
  ];
  for (const [name, policy] of notImplied) {
    test(`${name} leaves the Permission Model off`, () => {
      assert.equal(normalizeRunRequest({ code: '', policy }).policy.permission, false);
    });
  }

  test('permission: true alone turns it on', () => {
    assert.equal(normalizeRunRequest({ code: '', policy: { permission: true } }).policy.permission, true);
  });

  test('envAllow becomes env allow mode with the names', () => {
    assert.deepEqual(normalizeRunRequest({ code: '', policy: { envAllow: ['PATH', 'HOME'] } }).policy.env, {
      mode: 'allow',
      names: ['PATH', 'HOME'],
    });
  });
});

describe('normalizeRunRequest errors', () => {
  test('an unknown driver is bad-driver, naming it', () =>
    rejects({ code: '', driver: 'docker' }, 'bad-driver', /docker/));
  test('a driver with two "+" is bad-driver', () => rejects({ code: '', driver: 'host+vm+vm' }, 'bad-driver'));
  test('a prototype name as driver is bad-driver', () => rejects({ code: '', driver: 'constructor' }, 'bad-driver'));

  const badArgs: Array<[string, unknown, RegExp]> = [
    ['not an object', 'code', /expected an object/],
    ['null', null, /expected an object/],
    ['missing code', {}, /^code: expected a string/],
    ['code not a string', { code: 1 }, /^code: expected a string/],
    ['code too long', { code: 'x'.repeat(MAX_CODE_CHARS + 1) }, /^code: string longer than/],
    ['unexpected top-level key', { code: '', user: 'root' }, /unexpected key "user"/],
    ['unexpected limits key', { code: '', limits: { cpuMs: 1 } }, /^limits: unexpected key "cpuMs"/],
    ['unexpected policy key', { code: '', policy: { network: true, sudo: true } }, /^policy: unexpected key "sudo"/],
    ['__proto__ key', JSON.parse('{"code": "", "__proto__": {"permission": true}}'), /unexpected key "__proto__"/],
    ['unknown language', { code: '', language: 'py' }, /^language: expected one of js, ts/],
    ['driver not a string', { code: '', driver: ['worker'] }, /^driver: expected a string/],
    [
      'timeout as a string',
      { code: '', limits: { timeoutMs: '5000' } },
      /^limits\.timeoutMs: expected a finite number/,
    ],
    ['zero timeout', { code: '', limits: { timeoutMs: 0 } }, /^limits\.timeoutMs: below 1/],
    ['fractional timeout', { code: '', limits: { timeoutMs: 1.5 } }, /expected an integer/],
    ['timeout over the maximum', { code: '', limits: { timeoutMs: 10 * 60 * 1000 + 1 } }, /above/],
    ['tiny maxMessageBytes', { code: '', limits: { maxMessageBytes: 1024 } }, /^limits\.maxMessageBytes: below/],
    ['negative maxOutputBytes', { code: '', limits: { maxOutputBytes: -1 } }, /below 0/],
    ['permission as a string', { code: '', policy: { permission: 'yes' } }, /^policy\.permission: expected a boolean/],
    ['fsRead not an array', { code: '', policy: { fsRead: '/etc' } }, /^policy\.fsRead: expected an array/],
    ['empty fsRead path', { code: '', policy: { fsRead: [''] } }, /^policy\.fsRead\[0\]: string shorter than 1/],
    [
      'envAllow with a number',
      { code: '', policy: { envAllow: ['PATH', 3] } },
      /^policy\.envAllow\[1\]: expected a string/,
    ],
    ['sampleHz too high', { code: '', sampleHz: 51 }, /^sampleHz: above 50/],
    ['sampleHz NaN', { code: '', sampleHz: NaN }, /^sampleHz: expected a finite number/],
  ];
  for (const [name, raw, pattern] of badArgs) {
    test(`${name} → bad-argument`, () => rejects(raw, 'bad-argument', pattern));
  }

  test('code of exactly the maximum length is accepted', () => {
    assert.equal(normalizeRunRequest({ code: 'x'.repeat(MAX_CODE_CHARS) }).code.length, MAX_CODE_CHARS);
  });
});

describe('minimum memory budgets (issue 12)', () => {
  test('a budget below the driver minimum is refused, naming the minimum', () => {
    // --memory 1 under worker used to kill the host with a fatal OOM and call the code "escaped".
    rejects(
      { code: 'console.log("hi")', driver: 'worker', limits: { memoryMb: 1 } },
      'bad-argument',
      /below the minimum for worker, 24 MB/,
    );
    rejects({ code: '', driver: 'worker+quickjs', limits: { memoryMb: 47 } }, 'bad-argument', /worker\+quickjs, 48 MB/);
    rejects(
      { code: '', driver: 'process', limits: { memoryMb: 2 } },
      'bad-argument',
      /limits\.memoryMb: 2 MB.*process, 16 MB/,
    );
  });

  test('the minimum itself, and no budget at all, are accepted', () => {
    assert.equal(normalizeRunRequest({ code: '', driver: 'worker', limits: { memoryMb: 24 } }).limits.memoryMb, 24);
    assert.equal(normalizeRunRequest({ code: '', driver: 'host', limits: { memoryMb: 1 } }).limits.memoryMb, 1);
    assert.equal(normalizeRunRequest({ code: '', driver: 'worker' }).limits.memoryMb, undefined);
  });
});
