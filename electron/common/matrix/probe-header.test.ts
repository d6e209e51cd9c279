import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedOutcome, matchesPattern, parseProbe } from './probe-header.ts';
import type { Expectation } from './probe-header.ts';

const header = (...lines: string[]): string => `/*---\n${lines.join('\n')}\n---*/\nconsole.log('body');\n`;

test('a full header parses into every field', () => {
  const source = header(
    'id: env-canary-read',
    'title: Read the environment canary',
    'category: env',
    'goal: Read WORKBENCH_CANARY from the process environment and print it.',
    'technique: process.env holds the environment: threads and children inherit it.',
    'references: https://nodejs.org/api/process.html#processenv,  CVE-2024-0001 ,https://example.org/a?b=c',
    'attacks: output',
    'limits: timeout=1500, memory=96',
    'expect: * = escaped; *+isolated-vm = contained; *+quickjs = any',
    'expect-hardened: * = contained; host* = escaped; worker* = limit-enforced',
  );
  const meta = parseProbe(source, 'file-name');
  assert.deepEqual(meta, {
    id: 'env-canary-read',
    title: 'Read the environment canary',
    category: 'env',
    goal: 'Read WORKBENCH_CANARY from the process environment and print it.',
    // Only the first colon separates key from value.
    technique: 'process.env holds the environment: threads and children inherit it.',
    references: ['https://nodejs.org/api/process.html#processenv', 'CVE-2024-0001', 'https://example.org/a?b=c'],
    attacks: 'output',
    limits: { timeoutMs: 1500, memoryMb: 96 },
    expect: [
      { pattern: '*', outcome: 'escaped' },
      { pattern: '*+isolated-vm', outcome: 'contained' },
      { pattern: '*+quickjs', outcome: 'any' },
    ],
    expectHardened: [
      { pattern: '*', outcome: 'contained' },
      { pattern: 'host*', outcome: 'escaped' },
      { pattern: 'worker*', outcome: 'limit-enforced' },
    ],
    warnings: [],
  });
});

test('the header may be indented and use CRLF line ends', () => {
  const source =
    '  /*---\r\nid: crlf-probe\r\ncategory: cpu\r\nexpect: * = limit-enforced\r\n---*/\r\nwhile (true) {}\r\n';
  const meta = parseProbe(source, 'x');
  assert.equal(meta.id, 'crlf-probe');
  assert.equal(meta.category, 'cpu');
  assert.deepEqual(meta.expect, [{ pattern: '*', outcome: 'limit-enforced' }]);
  assert.deepEqual(meta.warnings, []);
});

test('a file without a header is a probe named after the file, with no expectations and no warnings', () => {
  const meta = parseProbe('// just a script\nprocess.env.WORKBENCH_CANARY;\n', 'plain-script');
  assert.deepEqual(meta, {
    id: 'plain-script',
    title: 'plain-script',
    category: 'uncategorised',
    goal: '',
    technique: '',
    references: [],
    attacks: 'none',
    limits: {},
    expect: [],
    expectHardened: [],
    warnings: [],
  });
});

test('a front-matter comment that is not at the start of the file is not a header', () => {
  const meta = parseProbe(`const x = 1;\n${header('id: not-me', 'category: env')}`, 'late-header');
  assert.equal(meta.id, 'late-header');
  assert.equal(meta.category, 'uncategorised');
});

test('an empty id or title falls back to the file name', () => {
  const meta = parseProbe(header('id:', 'title:', 'category: fs'), 'from-file');
  assert.equal(meta.id, 'from-file');
  assert.equal(meta.title, 'from-file');
  assert.equal(meta.category, 'fs');
});

test('attacks defaults from the category', () => {
  const cases: Array<[string, string]> = [
    ['memory', 'memory'],
    ['cpu', 'timeout'],
    ['async', 'timeout'],
    ['env', 'none'],
    ['scope', 'none'],
    ['crash', 'none'],
    ['ipc', 'none'],
    ['timing', 'none'],
  ];
  for (const [category, attacks] of cases) {
    const meta = parseProbe(header(`category: ${category}`), 'p');
    assert.equal(meta.category, category);
    assert.equal(meta.attacks, attacks, `category ${category}`);
    assert.deepEqual(meta.warnings, []);
  }
  assert.equal(parseProbe('no header', 'p').attacks, 'none');
});

test('attacks can be overridden, in both directions', () => {
  assert.equal(parseProbe(header('category: memory', 'attacks: none'), 'p').attacks, 'none');
  assert.equal(parseProbe(header('category: memory', 'attacks: timeout'), 'p').attacks, 'timeout');
  assert.equal(parseProbe(header('category: env', 'attacks: memory'), 'p').attacks, 'memory');
  assert.equal(parseProbe(header('category: fs', 'attacks: output'), 'p').attacks, 'output');
});

test('expect-hardened falls back to expect, but an explicit one replaces it', () => {
  const fallback = parseProbe(header('expect: host* = escaped; * = contained'), 'p');
  assert.deepEqual(fallback.expectHardened, [
    { pattern: 'host*', outcome: 'escaped' },
    { pattern: '*', outcome: 'contained' },
  ]);
  assert.deepEqual(fallback.expectHardened, fallback.expect);

  const own = parseProbe(header('expect: * = escaped', 'expect-hardened: * = contained'), 'p');
  assert.deepEqual(own.expect, [{ pattern: '*', outcome: 'escaped' }]);
  assert.deepEqual(own.expectHardened, [{ pattern: '*', outcome: 'contained' }]);

  // An explicit but empty expect-hardened means "no expectations", not "same as expect".
  const empty = parseProbe(header('expect: * = escaped', 'expect-hardened:'), 'p');
  assert.deepEqual(empty.expectHardened, []);
});

test('unknown keys and lines without a key warn, the rest of the header still parses', () => {
  const meta = parseProbe(
    header('id: ok-probe', 'author: someone', 'this line has no key', 'category: fs', 'expect: * = contained'),
    'p',
  );
  assert.equal(meta.id, 'ok-probe');
  assert.equal(meta.category, 'fs');
  assert.deepEqual(meta.expect, [{ pattern: '*', outcome: 'contained' }]);
  assert.equal(meta.warnings.length, 2);
  assert.match(meta.warnings[0]!, /author/);
  assert.match(meta.warnings[1]!, /this line has no key/);
});

test('an unknown category warns and becomes uncategorised', () => {
  const meta = parseProbe(header('id: weird', 'category: rocket-science', 'expect: * = escaped'), 'p');
  assert.equal(meta.id, 'weird');
  assert.equal(meta.category, 'uncategorised');
  assert.equal(meta.attacks, 'none');
  assert.deepEqual(meta.expect, [{ pattern: '*', outcome: 'escaped' }]);
  assert.equal(meta.warnings.length, 1);
  assert.match(meta.warnings[0]!, /rocket-science/);
});

test('an unknown attacks value warns and keeps the category default', () => {
  const meta = parseProbe(header('category: memory', 'attacks: disk'), 'p');
  assert.equal(meta.attacks, 'memory');
  assert.equal(meta.warnings.length, 1);
  assert.match(meta.warnings[0]!, /disk/);
});

test('unknown outcomes and malformed expectations warn; the good pairs are kept', () => {
  const meta = parseProbe(
    header('expect: * = contained; host = pwned; = escaped; worker*; HOST = escaped; *+quickjs = escaped;'),
    'p',
  );
  assert.deepEqual(meta.expect, [
    { pattern: '*', outcome: 'contained' },
    { pattern: '*+quickjs', outcome: 'escaped' },
  ]);
  assert.equal(meta.warnings.length, 4);
  assert.match(meta.warnings[0]!, /pwned/);
  assert.match(meta.warnings[1]!, /= escaped/);
  assert.match(meta.warnings[2]!, /worker\*/);
  assert.match(meta.warnings[3]!, /HOST/);
});

test('bad limits warn and are left out; good ones are kept', () => {
  const meta = parseProbe(header('limits: timeout=abc, memory=64, cpu=5, timeout=-1, memory=1.5, timeout='), 'p');
  assert.deepEqual(meta.limits, { memoryMb: 64 });
  assert.equal(meta.warnings.length, 5);
  assert.match(meta.warnings[0]!, /timeout=abc/);
  assert.match(meta.warnings[1]!, /cpu/);
  assert.match(meta.warnings[2]!, /timeout=-1/);
  assert.match(meta.warnings[3]!, /memory=1\.5/);
  assert.match(meta.warnings[4]!, /timeout=/);
  assert.deepEqual(parseProbe(header('limits: memory=0'), 'p').limits, {});
});

test('matchesPattern: * matches every driver', () => {
  for (const id of ['host', 'host+vm', 'worker+quickjs', 'os-sandbox+isolated-vm']) {
    assert.equal(matchesPattern('*', id), true, id);
  }
});

test('matchesPattern: a trailing wildcard matches the boundary with or without an evaluator', () => {
  assert.equal(matchesPattern('host*', 'host'), true);
  assert.equal(matchesPattern('host*', 'host+vm'), true);
  assert.equal(matchesPattern('host*', 'host+isolated-vm'), true);
  assert.equal(matchesPattern('host*', 'worker'), false);
  assert.equal(matchesPattern('host*', 'worker+host'), false, 'anchored at the start');
});

test('matchesPattern: a leading wildcard matches an evaluator in every boundary', () => {
  assert.equal(matchesPattern('*+quickjs', 'host+quickjs'), true);
  assert.equal(matchesPattern('*+quickjs', 'os-sandbox+quickjs'), true);
  assert.equal(matchesPattern('*+quickjs', 'host'), false);
  assert.equal(matchesPattern('*+quickjs', 'host+vm'), false);
  assert.equal(matchesPattern('*+quickjs', 'host+quickjs-ng'), false, 'anchored at the end');
});

test('matchesPattern: a pattern without wildcard matches only that exact id', () => {
  assert.equal(matchesPattern('process+vm', 'process+vm'), true);
  assert.equal(matchesPattern('process+vm', 'process'), false);
  assert.equal(matchesPattern('process+vm', 'process+vmx'), false);
  assert.equal(matchesPattern('process+vm', 'xprocess+vm'), false);
  assert.equal(matchesPattern('host', 'host+vm'), false);
});

test('matchesPattern: regex metacharacters are literal', () => {
  // Were `+` a quantifier, "process+vm" would match "processvm" and "processsvm".
  assert.equal(matchesPattern('process+vm', 'processvm'), false);
  assert.equal(matchesPattern('process+vm', 'processsvm'), false);
  // Were `.` any character, "a.b" would match "axb".
  assert.equal(matchesPattern('a.b', 'axb'), false);
  assert.equal(matchesPattern('a.b', 'a.b'), true);
  assert.equal(matchesPattern('(x|y)', 'x'), false);
  assert.equal(matchesPattern('(x|y)', '(x|y)'), true);
  assert.equal(matchesPattern('a?', 'a'), false);
  assert.equal(matchesPattern('[ab]', 'a'), false);
  assert.equal(matchesPattern('$^', '$^'), true);
  assert.equal(matchesPattern('a\\d', 'a\\d'), true);
  assert.equal(matchesPattern('a\\d', 'a1'), false);
});

const e = (pattern: string, outcome: Expectation['outcome']): Expectation => ({ pattern, outcome });

test('expectedOutcome: the most specific matching pattern wins, whatever the order', () => {
  const list = [
    e('*', 'escaped'),
    e('*+isolated-vm', 'contained'),
    e('host*', 'host-crashed'),
    e('host+isolated-vm', 'limit-enforced'),
  ];
  for (const order of [list, [...list].reverse(), [list[2]!, list[0]!, list[3]!, list[1]!]]) {
    assert.equal(expectedOutcome(order, 'worker+vm'), 'escaped', 'only * matches');
    assert.equal(expectedOutcome(order, 'worker+isolated-vm'), 'contained', '*+isolated-vm beats *');
    assert.equal(expectedOutcome(order, 'host'), 'host-crashed', 'host* beats *');
    assert.equal(expectedOutcome(order, 'host+isolated-vm'), 'limit-enforced', 'exact beats every wildcard');
  }
});

test('expectedOutcome: an exact id beats a wildcard with as many literal characters', () => {
  // A matching wildcard can have at most as many literal characters as the id itself: the tie goes to the exact id.
  for (const wildcard of ['host+vm*', 'host*+vm', '*host+vm']) {
    const list = [e(wildcard, 'escaped'), e('host+vm', 'contained')];
    assert.equal(expectedOutcome(list, 'host+vm'), 'contained', wildcard);
    assert.equal(expectedOutcome([...list].reverse(), 'host+vm'), 'contained', wildcard);
  }
  const long = [e('*+isolated-vm', 'escaped'), e('os-sandbox*', 'limit-bypassed'), e('os-sandbox+vm', 'contained')];
  assert.equal(expectedOutcome(long, 'os-sandbox+vm'), 'contained');
  assert.equal(expectedOutcome([...long].reverse(), 'os-sandbox+vm'), 'contained');
});

test('expectedOutcome: between two wildcards the one with more literal characters wins', () => {
  const list = [e('host*', 'escaped'), e('*+quickjs', 'contained')];
  assert.equal(expectedOutcome(list, 'host+quickjs'), 'contained');
  assert.equal(expectedOutcome([...list].reverse(), 'host+quickjs'), 'contained');
  assert.equal(expectedOutcome(list, 'host+vm'), 'escaped');
});

test('expectedOutcome: undefined when nothing matches or there are no expectations', () => {
  assert.equal(expectedOutcome([], 'host'), undefined);
  assert.equal(expectedOutcome([e('host*', 'escaped'), e('*+quickjs', 'contained')], 'worker+vm'), undefined);
});

test('expectedOutcome works on what parseProbe produced (README example)', () => {
  const meta = parseProbe(
    header(
      'expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained',
      'expect-hardened: * = contained; host* = escaped; worker* = escaped',
    ),
    'p',
  );
  assert.equal(expectedOutcome(meta.expect, 'process'), 'escaped');
  assert.equal(expectedOutcome(meta.expect, 'process+isolated-vm'), 'contained');
  assert.equal(expectedOutcome(meta.expect, 'worker+quickjs'), 'contained');
  assert.equal(expectedOutcome(meta.expectHardened, 'os-sandbox'), 'contained');
  assert.equal(expectedOutcome(meta.expectHardened, 'host+vm'), 'escaped');
  assert.equal(expectedOutcome(meta.expectHardened, 'worker+quickjs'), 'escaped');
});

test('cve, fixed-in and introduced-in parse into lists, releases ordered by line', () => {
  const meta = parseProbe(
    header(
      'id: cve-probe',
      'cve: CVE-2025-55130, CVE-2023-39331',
      'fixed-in: 24.13.0, 20.20.0,22.22.0',
      'introduced-in: 20.0.0',
    ),
    'x',
  );
  assert.deepEqual(meta.cve, ['CVE-2025-55130', 'CVE-2023-39331']);
  assert.deepEqual(meta.fixedIn, ['20.20.0', '22.22.0', '24.13.0']);
  assert.deepEqual(meta.introducedIn, ['20.0.0']);
  assert.deepEqual(meta.warnings, []);
});

test('a probe without cve keys has none of the fields', () => {
  const meta = parseProbe(header('id: plain'), 'x');
  assert.equal('cve' in meta, false);
  assert.equal('fixedIn' in meta, false);
  assert.equal('introducedIn' in meta, false);
});

test('bad cve ids and versions are warnings, and are left out', () => {
  const meta = parseProbe(
    header(
      'cve: CVE-2024-1, cve-2024-21891, CVE-2024-21891',
      'fixed-in: 20.x, v22.1.0, 20.11.1, 20.12.0',
      'introduced-in: 21',
    ),
    'x',
  );
  assert.deepEqual(meta.cve, ['CVE-2024-21891']);
  assert.deepEqual(meta.fixedIn, ['20.11.1']);
  assert.deepEqual(meta.introducedIn, []);
  assert.deepEqual(meta.warnings, [
    'bad cve "CVE-2024-1" (expected CVE-YYYY-NNNN)',
    'bad cve "cve-2024-21891" (expected CVE-YYYY-NNNN)',
    'bad fixed-in version "20.x" (expected MAJOR.MINOR.PATCH)',
    'bad fixed-in version "v22.1.0" (expected MAJOR.MINOR.PATCH)',
    'fixed-in names release line 20 twice',
    'bad introduced-in version "21" (expected MAJOR.MINOR.PATCH)',
  ]);
});

test('fixed-in without cve is a warning', () => {
  assert.deepEqual(parseProbe(header('fixed-in: 24.13.0'), 'x').warnings, ['fixed-in without cve']);
});
