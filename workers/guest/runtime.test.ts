import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chunkText, createCapturingConsole, evaluateScript, toGuestError, toResultValue } from './runtime.ts';
import { anyJson, check } from '../../electron/common/protocol/schema.ts';
import type { ConsoleLevel } from '../../electron/common/run/result.ts';

/** A proxy whose every trap throws, as hostile guest code can throw it or return it. */
function hostileProxy(): object {
  const handler = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('trap');
      },
    },
  );
  return new Proxy({}, handler);
}

describe('toResultValue', () => {
  const kept: unknown[] = [null, true, false, '', 'text', 0, 42, -1.5, Number.MAX_SAFE_INTEGER];
  for (const v of kept) test(`${String(JSON.stringify(v))} is kept as is`, () => assert.equal(toResultValue(v), v));

  test('undefined stays undefined', () => assert.equal(toResultValue(undefined), undefined));

  const numbers: Array<[number, string]> = [
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ];
  for (const [n, text] of numbers)
    test(`${text} becomes the string "${text}"`, () => assert.equal(toResultValue(n), text));

  test('plain objects and arrays are kept as detached JSON copies', () => {
    const value = { a: 1, b: [1, 'x', null, { c: true }], d: { e: {} } };
    const out = toResultValue(value);
    assert.deepEqual(out, value);
    assert.notEqual(out, value);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: [1] });
    assert.deepEqual(toResultValue(bare), { k: [1] });
    assert.deepEqual(toResultValue([]), []);
  });

  class Point {
    x = 1;
    y = 2;
  }
  const inspected: Array<[string, unknown, string | RegExp]> = [
    ['a class instance', new Point(), 'Point { x: 1, y: 2 }'],
    ['a Map', new Map([['a', 1]]), "Map(1) { 'a' => 1 }"],
    ['a Set', new Set([1]), 'Set(1) { 1 }'],
    ['a Date', new Date(0), /^1970-01-01T00:00:00\.000Z$/],
    ['a function', function named() {}, '[Function: named]'],
    ['a bigint', 10n, '10n'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['an array holding a function', [1, () => 2], /^\[ 1, \[Function/],
    ['an object holding NaN', { n: NaN }, '{ n: NaN }'],
    ['an object with a "constructor" key', { constructor: 1 }, '{ constructor: 1 }'],
    [
      'an object with a getter',
      {
        get g() {
          return 1;
        },
      },
      '{ g: [Getter] }',
    ],
  ];
  for (const [name, value, expected] of inspected) {
    test(`${name} becomes its inspection string`, () => {
      const out = toResultValue(value);
      assert.equal(typeof out, 'string');
      if (typeof expected === 'string') assert.equal(out, expected);
      else assert.match(out as string, expected);
    });
  }

  test('a cyclic object becomes an inspection string', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const out = toResultValue(a);
    assert.equal(typeof out, 'string');
    assert.match(out as string, /Circular/);
  });

  test('nesting deeper than the result depth becomes an inspection string', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    assert.equal(typeof toResultValue(deep), 'string');
    let shallow: unknown = 1;
    for (let i = 0; i < 10; i++) shallow = [shallow];
    assert.deepEqual(toResultValue(shallow), shallow);
  });

  test('a result too large for JSON is reported cut, as a string', () => {
    const out = toResultValue(['x'.repeat(300 * 1024)]);
    assert.equal(typeof out, 'string');
    assert.ok((out as string).length < 300 * 1024);
  });

  test('a getter that throws does not throw out', () => {
    const value = {
      get boom(): never {
        throw new Error('getter');
      },
    };
    assert.equal(typeof toResultValue(value), 'string');
  });

  test('a proxy that throws on every trap does not throw out', () => {
    assert.equal(typeof toResultValue(hostileProxy()), 'string');
  });

  test('every result is something the outcome schema accepts', () => {
    const a: Record<string, unknown> = {};
    a.a = a;
    const values = [
      -0,
      NaN,
      { x: [1, { y: 'z' }] },
      new Map(),
      a,
      hostileProxy(),
      { constructor: 1 },
      5n,
      Symbol('q'),
      () => 1,
    ];
    for (const v of values) {
      const r = check(anyJson, toResultValue(v));
      assert.ok(r.ok, !r.ok ? r.reason : '');
    }
  });
});

describe('toGuestError', () => {
  test('an Error with a code', () => {
    const e = Object.assign(new RangeError('nope'), { code: 'ERR_NOPE' });
    assert.deepEqual(toGuestError(e), { name: 'RangeError', message: 'nope', code: 'ERR_NOPE', stack: e.stack });
  });

  test('a non-string code is left out', () => {
    const out = toGuestError(Object.assign(new Error('x'), { code: 7 }));
    assert.equal(Object.hasOwn(out, 'code'), false);
    assert.equal(out.message, 'x');
  });

  test('an error-like object', () => {
    assert.deepEqual(toGuestError({ name: 'Custom', message: 'm' }), { name: 'Custom', message: 'm' });
    assert.deepEqual(toGuestError({ message: 'only' }), { name: 'Error', message: 'only' });
  });

  test('long fields are cut', () => {
    const out = toGuestError(
      Object.assign(new Error('m'.repeat(100_000)), { name: 'n'.repeat(1000), code: 'c'.repeat(1000) }),
    );
    assert.equal(out.message.length, 64 * 1024);
    assert.equal(out.name.length, 256);
    assert.equal(out.code?.length, 256);
  });

  const thrown: Array<[string, unknown, RegExp]> = [
    ['a string', 'boom', /boom/],
    ['a number', 42, /^42$/],
    ['undefined', undefined, /^undefined$/],
    ['null', null, /^null$/],
  ];
  for (const [name, value, message] of thrown) {
    test(`thrown ${name} → Thrown`, () => {
      const out = toGuestError(value);
      assert.equal(out.name, 'Thrown');
      assert.match(out.message, message);
    });
  }

  test('a proxy that throws on every trap', () => {
    assert.deepEqual(toGuestError(hostileProxy()), { name: 'Thrown', message: '[unreadable thrown value]' });
  });

  test('an error whose message getter throws', () => {
    const e = new Error('x');
    Object.defineProperty(e, 'message', {
      get() {
        throw new Error('no');
      },
    });
    assert.deepEqual(toGuestError(e), { name: 'Thrown', message: '[unreadable thrown value]' });
  });
});

describe('chunkText', () => {
  const table: Array<[string, number, string[]]> = [
    ['', 3, ['']],
    ['abc', 3, ['abc']],
    ['abcd', 3, ['abc', 'd']],
    ['abcdefg', 3, ['abc', 'def', 'g']],
    ['abcdef', 2, ['ab', 'cd', 'ef']],
    ['abc', 1, ['a', 'b', 'c']],
  ];
  for (const [text, max, pieces] of table) {
    test(`${JSON.stringify(text)} / ${max}`, () => {
      const out = chunkText(text, max);
      assert.deepEqual(out, pieces);
      assert.equal(out.join(''), text);
    });
  }
});

describe('createCapturingConsole', () => {
  function capture() {
    const lines: Array<[ConsoleLevel, string]> = [];
    const c = createCapturingConsole((level, text) => lines.push([level, text]));
    return { c, lines };
  }

  test('each method reports its level', () => {
    const { c, lines } = capture();
    c.log('l');
    c.info('i');
    c.debug('d');
    c.warn('w');
    c.error('e');
    c.dir({ a: 1 });
    c.table([1]);
    assert.deepEqual(lines, [
      ['log', 'l'],
      ['info', 'i'],
      ['debug', 'd'],
      ['warn', 'w'],
      ['error', 'e'],
      ['log', '{ a: 1 }'],
      ['log', '[ 1 ]'],
    ]);
  });

  test('format substitution and extra arguments', () => {
    const { c, lines } = capture();
    c.log('%s is %d years', 'Bob', 42);
    c.log('%d%%', '7.5');
    c.log('a', 1, { x: [1] }, null, undefined);
    c.log();
    assert.deepEqual(
      lines.map((l) => l[1]),
      ['Bob is 42 years', '7.5%', 'a 1 { x: [ 1 ] } null undefined', ''],
    );
  });

  test('groups indent by two spaces per level, on every level method', () => {
    const { c, lines } = capture();
    c.group('G');
    c.log('one');
    c.groupCollapsed();
    c.error('two');
    c.groupEnd();
    c.groupEnd();
    c.groupEnd(); // one too many: stays at zero
    c.log('zero');
    assert.deepEqual(lines, [
      ['log', 'G'],
      ['log', '  one'],
      ['error', '    two'],
      ['log', 'zero'],
    ]);
  });

  test('count counts per label and countReset restarts', () => {
    const { c, lines } = capture();
    c.count();
    c.count();
    c.count('x');
    c.countReset();
    c.count();
    c.count('x');
    assert.deepEqual(
      lines.map((l) => l[1]),
      ['default: 1', 'default: 2', 'x: 1', 'default: 1', 'x: 2'],
    );
  });

  test('assert reports only on falsy conditions', () => {
    const { c, lines } = capture();
    for (const truthy of [true, 1, 'x', {}, []]) c.assert(truthy, 'never');
    assert.deepEqual(lines, []);
    c.assert(false);
    c.assert(0, 'bad %s', 'thing');
    for (const falsy of ['', null, undefined, NaN]) c.assert(falsy, 'f');
    assert.deepEqual(lines[0], ['error', 'Assertion failed']);
    assert.deepEqual(lines[1], ['error', 'Assertion failed: bad thing']);
    assert.equal(lines.length, 6);
  });

  test('time and timeEnd report once; trace reports its stack', () => {
    const { c, lines } = capture();
    c.timeEnd('never');
    c.time('t');
    c.timeEnd('t');
    c.timeEnd('t');
    c.trace('where', 1);
    assert.equal(lines.length, 2);
    assert.match(lines[0]?.[1] ?? '', /^t: \d+\.\d{3}ms$/);
    assert.equal(lines[1]?.[0], 'trace');
    assert.match(lines[1]?.[1] ?? '', /^Trace: where 1\n\s+at /);
  });
});

describe('evaluateScript', () => {
  const table: Array<[string, string, unknown]> = [
    ['an expression', '1 + 2', 3],
    ['the completion value of statements', 'var __rtA = 5; if (__rtA > 1) { "big" } else { "small" }', 'big'],
    ['a promise, awaited', 'Promise.resolve(7)', 7],
    ['an async function result, awaited', '(async () => { await null; return "late"; })()', 'late'],
    ['a thenable, awaited', '({ then(resolve) { resolve(9); } })', 9],
    ['global scope, not the caller scope', 'typeof code', 'undefined'],
    ['no completion value', 'var __rtB = 1;', undefined],
  ];
  for (const [name, code, expected] of table) {
    test(name, async () => assert.deepEqual(await evaluateScript(code), expected));
  }

  test('a thrown error rejects with that error', async () => {
    await assert.rejects(evaluateScript('throw new TypeError("bad")'), { name: 'TypeError', message: 'bad' });
  });

  test('a rejected promise rejects', async () => {
    await assert.rejects(evaluateScript('Promise.reject(new Error("later"))'), { message: 'later' });
  });

  test('a syntax error rejects rather than throwing synchronously', async () => {
    const p = evaluateScript('let = = 1');
    await assert.rejects(p, SyntaxError);
  });
});
