import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowestInLine, parseRange, satisfies } from './semver-range.ts';

test('the forms the security-wg records use', () => {
  const table: [string, string, boolean][] = [
    ['20.5.0', '20.x', true],
    ['21.0.0', '20.x', false],
    ['20.5.0', '16.x || 18.x || 20.x', true],
    ['19.9.9', '16.x || 18.x || 20.x', false],
    ['20.20.0', '^20.20.0 || ^22.22.0', true],
    ['20.19.6', '^20.20.0 || ^22.22.0', false],
    ['21.0.0', '^20.20.0 || ^22.22.0', false],
    ['22.23.0', '^20.20.0 || ^22.22.0', true],
    ['22.21.1', '^20.20.0 || ^22.22.0', false],
    ['6.1.9', '>=6.0.0 <6.2.0 || 5.x || 4.x', true],
    ['6.2.0', '>=6.0.0 <6.2.0 || 5.x || 4.x', false],
    ['10.9.0', '>= 10.9.0', true],
    ['10.8.9', '>= 10.9.0', false],
    ['10.99.0', '<= 10', true],
    ['11.0.0', '<= 10', false],
    ['9.7.3', '9.7.x || 10.x', true],
    ['9.8.0', '9.7.x || 10.x', false],
    ['4.8.3', '^4.8.2 || ^6.10.2  || 8.x', true],
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '1.2.3', false],
    ['0.10.48', '0.10.x || 0.12.x || 4.x', true],
    ['0.2.5', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['2.0.0', '>1.9.9', true],
    ['1.9.9', '>1.9.9', false],
    ['5.0.0', '*', true],
  ];
  for (const [v, r, want] of table) assert.equal(satisfies(v, r), want, `${v} in ${r}`);
});

test('a range it cannot read is a reason, and satisfies throws on it', () => {
  assert.equal(typeof parseRange('20.x || '), 'string');
  assert.equal(typeof parseRange('latest'), 'string');
  assert.throws(() => satisfies('20.0.0', '>=abc'));
  assert.throws(() => satisfies('v20', '20.x'));
});

test('every range in the shipped snapshot parses', async () => {
  const { readFile } = await import('node:fs/promises');
  const snapshot = JSON.parse(
    await readFile(new URL('../../../resources/security-wg/core.json', import.meta.url), 'utf8'),
  );
  for (const r of snapshot.records) {
    assert.equal(typeof parseRange(r.vulnerable), 'object', `${r.id} vulnerable ${r.vulnerable}`);
    assert.equal(typeof parseRange(r.patched), 'object', `${r.id} patched ${r.patched}`);
  }
});

test('lowestInLine is the first patched release of a line', () => {
  assert.equal(lowestInLine('^20.20.0 || ^22.22.0 || ^24.13.0', 22), '22.22.0');
  assert.equal(lowestInLine('^20.20.0 || ^22.22.0 || ^24.13.0', 21), undefined);
  assert.equal(lowestInLine('20.x || 22.x', 20), '20.0.0');
  assert.equal(lowestInLine('^6.14.4 || ^8.11.4 || >= 10.9.0', 12), '12.0.0');
  assert.equal(lowestInLine('^6.14.4 || ^8.11.4 || >= 10.9.0', 10), '10.9.0');
});
