import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, newestMatching, normalizeVersion, parseNodeSpec, sortReleases } from './node-version.ts';

const SERVED = [
  '0.8.6',
  '4.1.0-pkg1',
  '20.11.0',
  '20.11.1',
  '20.20.2',
  '22.9.0',
  '22.12.0',
  '22.23.5',
  '24.21.0',
  '26.12.1',
];

describe('node version specs', () => {
  const table: Array<[string, string | undefined]> = [
    ['22', '22.23.5'],
    ['v22', '22.23.5'],
    ['22.12', '22.12.0'],
    ['22.12.0', '22.12.0'],
    ['v20.11.0', '20.11.0'],
    ['20.11', '20.11.1'],
    ['20', '20.20.2'],
    ['2', undefined],
    ['22.1', undefined],
    ['4.1.0', undefined],
    ['21', undefined],
    ['lts', undefined],
    ['22.x', undefined],
    ['>=22', undefined],
    ['', undefined],
  ];
  for (const [spec, expected] of table) {
    test(`${JSON.stringify(spec)} → ${expected}`, () => assert.equal(newestMatching(spec, SERVED), expected));
  }
  test('a malformed spec says what is expected', () => {
    assert.match(String(parseNodeSpec('latest')), /expected e\.g\. 22, 22\.12 or 22\.12\.0/);
    assert.deepEqual(parseNodeSpec('22.12'), { parts: [22, 12], exact: false });
    assert.deepEqual(parseNodeSpec(' v20.11.0 '), { parts: [20, 11, 0], exact: true });
  });
  test('releases sorted by semver, pre-releases and duplicates left out', () => {
    assert.deepEqual(sortReleases(['22.9.0', 'v22.10.0', '4.1.0-pkg1', '22.10.0', '9.0.0', '0.8.6']), [
      '0.8.6',
      '9.0.0',
      '22.9.0',
      '22.10.0',
    ]);
    assert.ok(compareVersions('22.10.0', '22.9.0') > 0);
    assert.equal(normalizeVersion('v24.21.0'), '24.21.0');
    assert.equal(normalizeVersion('4.1.0-pkg1'), undefined);
  });
});
