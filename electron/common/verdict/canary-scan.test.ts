import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CanaryScanner, base64Ascii, type CanaryToken } from './canary-scan.ts';

/** Tokens as the engine makes them (ipc-endpoint newToken): 32 lower-case hex characters. */
const newToken = (): string => randomBytes(16).toString('hex');

type Encode = (text: string) => string;
const ENCODINGS: ReadonlyArray<[string, Encode]> = [
  ['plain', (s) => s],
  ['upper-case', (s) => s.toUpperCase()],
  ['reversed', (s) => [...s].reverse().join('')],
  ['hex', (s) => Buffer.from(s, 'utf8').toString('hex')],
  ['base64', (s) => Buffer.from(s, 'utf8').toString('base64')],
  ['base64url', (s) => Buffer.from(s, 'utf8').toString('base64url')],
];

const PREFIXES = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'é', 'é!'];
const SUFFIXES = ['', 'z', 'zy', 'zyx'];

describe('base64Ascii', () => {
  for (const s of ['', 'a', 'ab', 'abc', 'abcd', 'hello world', '\0\0x', '?~>']) {
    test(`${JSON.stringify(s)} matches Buffer without padding`, () => {
      assert.equal(base64Ascii(s), Buffer.from(s, 'latin1').toString('base64').replace(/=+$/, ''));
    });
  }
});

describe('CanaryScanner finds a hex token in every encoding at every alignment', () => {
  const token = newToken();
  for (const [encoding, encode] of ENCODINGS) {
    for (const prefix of PREFIXES) {
      for (const suffix of SUFFIXES) {
        test(`${encoding}, prefix ${JSON.stringify(prefix)}, suffix ${JSON.stringify(suffix)}`, () => {
          const scanner = new CanaryScanner([{ canary: 'env', token }]);
          const hits = scanner.scan(`out: ${encode(prefix + token + suffix)} :end`);
          assert.equal(hits.length, 1);
          assert.equal(hits[0]?.canary, 'env');
          // A hex token's base64 may hold no '+' or '/', and then its base64 and base64url forms are the same.
          const allowed = encoding === 'base64url' ? ['base64', 'base64url'] : [encoding];
          assert.ok(allowed.includes(hits[0]?.encoding ?? ''), `reported as ${hits[0]?.encoding}`);
        });
      }
    }
  }
});

describe('base64 and base64url are told apart', () => {
  // '???' encodes to "Pz8/" and '~~~' to "fn5+" at any alignment, so every base64 needle of this token holds
  // both '/' and '+', and its base64url needle differs.
  const token = `${newToken()}???~~~???~~~${newToken().slice(0, 8)}`;
  for (const prefix of PREFIXES) {
    for (const encoding of ['base64', 'base64url'] as const) {
      test(`${encoding} with prefix ${JSON.stringify(prefix)}`, () => {
        const encoded = Buffer.from(`${prefix}${token}tail`, 'utf8').toString(encoding);
        if (encoding === 'base64') assert.match(encoded, /[+/]/);
        else assert.doesNotMatch(encoded, /[+/]/);
        const hits = new CanaryScanner([{ canary: 'file', token }]).scan(encoded);
        assert.deepEqual(hits, [{ canary: 'file', encoding }]);
      });
    }
  }
});

describe('CanaryScanner bookkeeping', () => {
  const tokens: CanaryToken[] = [
    { canary: 'env', token: newToken() },
    { canary: 'global', token: newToken() },
    { canary: 'file', token: newToken() },
  ];
  const tokenOf = (canary: string): string => tokens.find((t) => t.canary === canary)?.token ?? assert.fail(canary);

  test('each canary is reported only once, whatever the encoding of later sightings', () => {
    const scanner = new CanaryScanner(tokens);
    assert.deepEqual(scanner.scan(`leak ${tokenOf('env')}`), [{ canary: 'env', encoding: 'plain' }]);
    assert.deepEqual(scanner.scan(`again ${tokenOf('env')}`), []);
    assert.deepEqual(scanner.scan(Buffer.from(tokenOf('env')).toString('base64')), []);
    assert.deepEqual(scanner.scan(`${tokenOf('env')} and ${tokenOf('global').toUpperCase()}`), [
      { canary: 'global', encoding: 'upper-case' },
    ]);
    assert.deepEqual(scanner.hits, [
      { canary: 'env', encoding: 'plain' },
      { canary: 'global', encoding: 'upper-case' },
    ]);
  });

  test('one text holding a token in several encodings gives one hit', () => {
    const scanner = new CanaryScanner(tokens);
    const t = tokenOf('file');
    const hits = scanner.scan(`${Buffer.from(t).toString('hex')} ${t} ${[...t].reverse().join('')}`);
    assert.deepEqual(hits, [{ canary: 'file', encoding: 'plain' }]);
  });

  test('several canaries in one text are all reported', () => {
    const scanner = new CanaryScanner(tokens);
    const hits = scanner.scan(tokens.map((t) => t.token).join('\n'));
    assert.deepEqual(hits.map((h) => h.canary).sort(), ['env', 'file', 'global']);
  });

  test('a different random token is not reported in any encoding', () => {
    const scanner = new CanaryScanner(tokens);
    const other = newToken();
    for (const [, encode] of ENCODINGS) {
      for (const prefix of PREFIXES) assert.deepEqual(scanner.scan(encode(`${prefix}${other}!`)), []);
    }
    assert.deepEqual(scanner.scan(tokenOf('env').slice(0, 20)), [], 'part of a token is not the token');
    assert.deepEqual(scanner.hits, []);
    // The same scanner still finds its own token afterwards.
    assert.equal(scanner.scan(tokenOf('global')).length, 1);
  });

  test('no tokens, no hits', () => {
    assert.deepEqual(new CanaryScanner([]).scan('anything at all'), []);
  });
});
