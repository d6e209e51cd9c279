import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  SchemaError,
  anyJson,
  arr,
  bool,
  check,
  num,
  obj,
  oneOf,
  optional,
  str,
  tagged,
  type Schema,
} from './schema.ts';

function rejects(schema: Schema<unknown>, value: unknown, pattern: RegExp): void {
  const r = check(schema, value);
  assert.equal(r.ok, false, `expected ${inspect(value, { depth: 2 })} to be rejected`);
  assert.ok(!r.ok && pattern.test(r.reason), !r.ok ? `reason was: ${r.reason}` : '');
}

function accepts<T>(schema: Schema<T>, value: unknown): T {
  const r = check(schema, value);
  assert.ok(r.ok, !r.ok ? `rejected: ${r.reason}` : '');
  return r.value;
}

describe('primitives', () => {
  const table: Array<[string, Schema<unknown>, unknown[], unknown[]]> = [
    ['str()', str(), ['', 'x'], [1, null, undefined, ['a'], {}]],
    ['str({min: 2, max: 3})', str({ min: 2, max: 3 }), ['ab', 'abc'], ['a', 'abcd']],
    ['str({pattern})', str({ pattern: /^[a-z]+$/ }), ['ab', 'x'], ['', 'a b', 'A', 'ab\n']],
    ['num()', num(), [0, -1.5, 1e300], ['1', NaN, Infinity, -Infinity, null]],
    ['num({int, min: 1, max: 10})', num({ int: true, min: 1, max: 10 }), [1, 10], [0, 11, 1.5]],
    ['bool', bool, [true, false], [0, 1, 'true', null]],
    ['oneOf(a, b)', oneOf(['a', 'b'] as const), ['a', 'b'], ['c', 'A', '', 0, null]],
    ['arr(num(), {max: 2})', arr(num(), { max: 2 }), [[], [1, 2]], [[1, 2, 3], ['x'], 'ab', { length: 0 }]],
  ];
  for (const [name, schema, good, bad] of table) {
    for (const v of good) test(`${name} accepts ${inspect(v)}`, () => assert.deepEqual(accepts(schema, v), v));
    for (const v of bad) test(`${name} rejects ${inspect(v)}`, () => assert.equal(check(schema, v).ok, false));
  }

  test('errors are SchemaErrors naming the path', () => {
    const schema = obj({ list: arr(obj({ n: num() })) });
    assert.throws(
      () => schema({ list: [{ n: 1 }, { n: 'x' }] }, ''),
      (e: unknown) => e instanceof SchemaError && /^list\[1\]\.n: /.test(e.message),
    );
    assert.throws(
      () => str()(1, ''),
      (e: unknown) => e instanceof SchemaError && e.message === 'message: expected a string',
    );
  });
});

describe('obj and optional', () => {
  const schema = obj({ name: str(), age: optional(num()), tags: optional(arr(str())) });

  test('required and optional keys', () => {
    assert.deepEqual(accepts(schema, { name: 'a', age: 3, tags: ['x'] }), { name: 'a', age: 3, tags: ['x'] });
  });

  test('absent optional keys are omitted from the output, not set to undefined', () => {
    const out = accepts(schema, { name: 'a' });
    assert.deepEqual(Object.keys(out), ['name']);
    const explicit = accepts(schema, { name: 'a', age: undefined });
    assert.equal(Object.hasOwn(explicit, 'age'), false);
  });

  test('an optional key with the wrong type is still rejected', () =>
    rejects(schema, { name: 'a', age: 'old' }, /^age: expected a finite number/));
  test('a missing required key is rejected', () => rejects(schema, { age: 1 }, /^name: expected a string/));
  test('an unexpected key is rejected by name', () =>
    rejects(schema, { name: 'a', extra: 1 }, /unexpected key "extra"/));
  test('an inherited-name key is unexpected too', () =>
    rejects(schema, JSON.parse('{"name": "a", "toString": 1}'), /unexpected key "toString"/));
  test('a __proto__ own key is unexpected', () =>
    rejects(schema, JSON.parse('{"name": "a", "__proto__": {}}'), /unexpected key "__proto__"/));
  for (const v of [null, [], 'x', 1]) {
    test(`non-object ${inspect(v)} is rejected`, () => rejects(schema, v, /expected an object/));
  }

  test('nested objects check their own keys', () => {
    const nested = obj({ inner: obj({ a: bool }) });
    rejects(nested, { inner: { a: true, b: false } }, /^inner: unexpected key "b"/);
    assert.deepEqual(accepts(nested, { inner: { a: false } }), { inner: { a: false } });
  });
});

describe('tagged', () => {
  const message = tagged({
    ping: obj({ n: num() }),
    note: obj({ text: str(), level: optional(oneOf(['info', 'warn'] as const)) }),
  });

  test('each variant is accepted with its tag', () => {
    assert.deepEqual(accepts(message, { t: 'ping', n: 1 }), { t: 'ping', n: 1 });
    assert.deepEqual(accepts(message, { t: 'note', text: 'hi' }), { t: 'note', text: 'hi' });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown tag', { t: 'pong', n: 1 }, /unknown message type "pong"/],
    ['missing tag', { n: 1 }, /unknown message type/],
    ['non-string tag', { t: 1, n: 1 }, /unknown message type 1/],
    ['inherited name as tag', { t: 'toString' }, /unknown message type "toString"/],
    ['__proto__ as tag', { t: '__proto__' }, /unknown message type "__proto__"/],
    ['a key of another variant', { t: 'ping', n: 1, text: 'x' }, /unexpected key "text"/],
    ['missing required key', { t: 'note' }, /text: expected a string/],
    ['wrong type in a variant', { t: 'ping', n: '1' }, /n: expected a finite number/],
    ['array', [], /expected an object/],
    ['null', null, /expected an object/],
  ];
  for (const [name, value, pattern] of bad) test(`rejects ${name}`, () => rejects(message, value, pattern));

  test('a very long unknown tag is cut in the reason', () => {
    const r = check(message, { t: 'x'.repeat(1000) });
    assert.ok(!r.ok);
    assert.ok(r.reason.length < 100, r.reason);
  });
});

describe('check', () => {
  test('never throws and reports non-Error throws as text', () => {
    const throwsString: Schema<never> = () => {
      throw 'plain string';
    };
    assert.deepEqual(check(throwsString, 1), { ok: false, reason: 'plain string' });
    assert.deepEqual(check(str(), 'x'), { ok: true, value: 'x' });
  });
});

describe('anyJson', () => {
  const nest = (levels: number, inner: unknown): unknown => {
    let v = inner;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  };
  const nestObj = (levels: number): unknown => {
    let v: unknown = {};
    for (let i = 1; i < levels; i++) v = { k: v };
    return v;
  };

  const plain: unknown[] = [
    null,
    true,
    0,
    -1.25,
    'text',
    [],
    {},
    [1, 'a', null, [{ b: false }]],
    { a: { b: [1, { c: 'd' }] } },
    Object.create(null) as unknown,
    JSON.parse('{"x": [1, 2]}'),
  ];
  for (const v of plain) {
    test(`accepts plain ${inspect(v)}`, () => assert.equal(accepts(anyJson, v), v));
  }

  test('accepts nesting of exactly 64 (arrays and objects)', () => {
    accepts(anyJson, nest(64, 1));
    accepts(anyJson, nest(63, []));
    accepts(anyJson, nestObj(64));
  });

  class Point {
    x = 1;
  }
  const bad: Array<[string, unknown, RegExp]> = [
    ['a Map', new Map([['a', 1]]), /not a plain object/],
    ['a Set', new Set([1]), /not a plain object/],
    ['a Date', new Date(0), /not a plain object/],
    ['a class instance', new Point(), /not a plain object/],
    ['a boxed string', new String('x'), /not a plain object/],
    ['a Uint8Array', new Uint8Array(2), /not a plain object/],
    ['a function', () => 1, /not JSON \(function\)/],
    ['undefined', undefined, /not JSON \(undefined\)/],
    ['a bigint', 1n, /not JSON \(bigint\)/],
    ['a symbol', Symbol('s'), /not JSON \(symbol\)/],
    ['NaN', NaN, /non-finite/],
    ['Infinity inside an array', [1, Infinity], /non-finite/],
    ['a Map deep inside', { a: [{ b: new Map() }] }, /not a plain object/],
    ['a function as a property', { f: () => 1 }, /not JSON/],
    ['an undefined property', { u: undefined }, /not JSON \(undefined\)/],
    ['__proto__ own key', JSON.parse('{"a": {"__proto__": 1}}'), /forbidden key "__proto__"/],
    ['constructor key', { constructor: 'x' }, /forbidden key "constructor"/],
    ['prototype key inside an array', [[{ prototype: {} }]], /forbidden key "prototype"/],
    ['65 nested arrays around a value', nest(65, 1), /nesting deeper than 64/],
    ['65 nested empty arrays', nest(64, []), /nesting deeper than 64/],
    ['65 nested objects', nestObj(65), /nesting deeper than 64/],
    ['a 100000-deep array', nest(100_000, 0), /nesting deeper than 64/],
  ];
  for (const [name, value, pattern] of bad) test(`rejects ${name}`, () => rejects(anyJson, value, pattern));
});
