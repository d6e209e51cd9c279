import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FORBIDDEN_KEYS, MAX_JSON_DEPTH, findForbiddenKey, jsonDepth, safeParse, type JsonValue } from './safe-json.ts';

describe('jsonDepth', () => {
  const cases: Array<[string, number]> = [
    ['1', 0],
    ['"text"', 0],
    ['[]', 1],
    ['{}', 1],
    ['[[], []]', 2],
    ['{"a": [{"b": [1]}]}', 4],
    ['[[[]]]', 3],
    // Brackets inside strings do not count.
    ['"[[[[{{{{"', 0],
    ['["[[[", "]]]"]', 1],
    ['{"{[": "]}"}', 1],
    // An escaped quote does not end the string, so the brackets after it are still inside it.
    ['["\\"[[[["]', 1],
    ['["\\\\", [[]]]', 3], // an escaped backslash does end before the closing quote
    ['{"k\\"{": {"x": "\\"]]"}}', 2],
  ];
  for (const [text, depth] of cases) {
    test(`${text} → ${depth}`, () => assert.equal(jsonDepth(text), depth));
  }

  test('reports the deepest point, not the final depth', () => {
    assert.equal(jsonDepth('[[[[]]], []]'), 4);
  });
});

describe('safeParse', () => {
  const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);

  test(`accepts nesting of exactly ${MAX_JSON_DEPTH}`, () => {
    const r = safeParse(nested(MAX_JSON_DEPTH));
    assert.equal(r.ok, true);
  });

  test(`rejects nesting of ${MAX_JSON_DEPTH + 1}`, () => {
    const r = safeParse(nested(MAX_JSON_DEPTH + 1));
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /depth/.test(r.reason));
  });

  test('rejects a 100000-deep array without throwing', () => {
    let r: ReturnType<typeof safeParse> | undefined;
    assert.doesNotThrow(() => {
      r = safeParse(nested(100_000));
    });
    assert.ok(r !== undefined && !r.ok);
    assert.match(r.reason, /100000/);
  });

  test('rejects an unterminated 100000-deep array without throwing', () => {
    const r = safeParse('['.repeat(100_000));
    assert.equal(r.ok, false);
  });

  test('honours a custom maxDepth', () => {
    assert.equal(safeParse('[[1]]', 1).ok, false);
    assert.equal(safeParse('[[1]]', 2).ok, true);
  });

  test('a deep-looking string is not nesting', () => {
    const text = JSON.stringify({ s: '['.repeat(1000) });
    const r = safeParse(text);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { s: '['.repeat(1000) });
  });

  const forbidden: Array<[string, string]> = [];
  for (const key of FORBIDDEN_KEYS) {
    forbidden.push(
      [`{"${key}": 1}`, key],
      [`{"a": {"b": {"${key}": {}}}}`, key],
      [`[1, [2, {"${key}": null}]]`, key],
      [`{"list": [{"ok": 1}, {"${key}": "x"}]}`, key],
    );
  }
  for (const [text, key] of forbidden) {
    test(`rejects forbidden key in ${text}`, () => {
      const r = safeParse(text);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason.includes(`"${key}"`), !r.ok ? r.reason : '');
    });
  }

  test('forbidden words as values (not keys) are fine', () => {
    const r = safeParse('{"a": "__proto__", "b": ["constructor", "prototype"]}');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { a: '__proto__', b: ['constructor', 'prototype'] });
  });

  const malformed = ['', '{', '[1,]', '{"a":}', "{'a': 1}", 'undefined', 'NaN', '[1] [2]', '{"a" 1}', ']['];
  for (const text of malformed) {
    test(`rejects malformed ${JSON.stringify(text)}`, () => {
      const r = safeParse(text);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason.startsWith('malformed JSON'), !r.ok ? r.reason : '');
    });
  }

  const valid: Array<[string, JsonValue]> = [
    ['null', null],
    ['true', true],
    ['0', 0],
    ['-1.5e3', -1500],
    ['"hé \\u0041 \\"q\\""', 'hé A "q"'],
    ['[]', []],
    ['{}', {}],
    ['{"a": [1, {"b": null}], "c": "[{"}', { a: [1, { b: null }], c: '[{' }],
    ['  [ 1 , 2 ]  ', [1, 2]],
  ];
  for (const [text, value] of valid) {
    test(`accepts ${text}`, () => {
      const r = safeParse(text);
      assert.ok(r.ok, !r.ok ? r.reason : '');
      assert.deepEqual(r.value, value);
    });
  }
});

describe('findForbiddenKey', () => {
  test('returns undefined for clean values and the key otherwise', () => {
    assert.equal(findForbiddenKey({ a: [{ b: 1 }] }), undefined);
    assert.equal(findForbiddenKey(JSON.parse('[{"x": {"constructor": 1}}]') as JsonValue), 'constructor');
  });
});

test('jsonDepth agrees with a character-by-character reading on random texts of quotes, escapes and brackets', () => {
  const reference = (text: string): number => {
    let depth = 0;
    let max = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '[' || c === '{') max = Math.max(max, ++depth);
      else if (c === ']' || c === '}') depth--;
    }
    return max;
  };
  const alphabet = ['"', '\\', '[', ']', '{', '}', 'x', ' ', ':', ','];
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 2000; n++) {
    let text = '';
    const length = next() % 40;
    for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
    assert.equal(jsonDepth(text), reference(text), JSON.stringify(text));
  }
});
