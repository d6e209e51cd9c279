import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWholeNumber } from './whole-number.ts';

const TIMEOUT = { name: 'Timeout', unit: 'ms', min: 1, max: 600_000 } as const;
const MEMORY = { name: 'Memory', unit: 'MB', min: 1, max: 65_536, emptyIs: '' } as const;

test('whole numbers in range are read as they are, with spaces around allowed', () => {
  assert.deepEqual(readWholeNumber('5000', TIMEOUT), { value: 5000 });
  assert.deepEqual(readWholeNumber(' 1 ', TIMEOUT), { value: 1 });
  assert.deepEqual(readWholeNumber('600000', TIMEOUT), { value: 600_000 });
});

test('empty text is a problem, or "no value" where the field allows it', () => {
  assert.match(
    (readWholeNumber('', TIMEOUT) as { problem: string }).problem,
    /^Timeout must be a whole number of ms from 1 to 600000\.$/,
  );
  assert.deepEqual(readWholeNumber('', MEMORY), { value: '' });
});

test('decimals, signs, exponents and out-of-range values are refused in words, never clamped', () => {
  for (const text of ['2.5', '-1', '1e3', 'abc', '+5', '0x10'])
    assert.match((readWholeNumber(text, TIMEOUT) as { problem: string }).problem, /is not one\.$/, text);
  assert.match((readWholeNumber('0', TIMEOUT) as { problem: string }).problem, /0 is out of range\.$/);
  assert.match((readWholeNumber('600001', TIMEOUT) as { problem: string }).problem, /600001 is out of range\.$/);
  assert.match(
    (readWholeNumber('70000', MEMORY) as { problem: string }).problem,
    /^Memory must be a whole number of MB from 1 to 65536; 70000 is out of range\.$/,
  );
});
