import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vulnerableAt } from './release-vulnerable.ts';

test('vulnerable below its line’s fix, from its introduction; newer lines were never; other lines unknown', () => {
  const meta = { fixedIn: ['20.20.0', '22.22.0', '24.13.0'], introducedIn: ['20.0.0', '22.0.0', '24.0.0'] };
  const cases: Array<[string, boolean | undefined]> = [
    ['20.19.6', true],
    ['20.20.0', false],
    ['22.21.9', true],
    ['24.12.0', true],
    ['24.13.0', false],
    ['24.21.0', false],
    ['26.0.0', false],
    ['21.7.3', undefined],
    ['18.20.0', undefined],
  ];
  for (const [version, expected] of cases) assert.equal(vulnerableAt(meta, version), expected, version);
  assert.equal(vulnerableAt({ fixedIn: ['20.3.1'], introducedIn: ['20.2.0'] }, '20.1.0'), false, 'before it came');
  assert.equal(vulnerableAt({}, '20.1.0'), undefined, 'not a CVE probe');
  assert.equal(vulnerableAt({ fixedIn: ['20.3.1'] }, 'nonsense'), undefined);
});
