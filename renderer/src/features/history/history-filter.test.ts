/** The history page's filters, paging and Compare selection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyFilterInput } from '../../../../electron/common/api/contract.ts';
import { check } from '../../../../electron/common/protocol/schema.ts';
import type { HistorySummary } from '../../../../electron/common/api/types.ts';
import { ANY, appendPage, isFiltered, toHistoryFilter, toggleSelected } from './history-filter.ts';

test('empty choices are "any"; each choice becomes its filter field, accepted by the contract', () => {
  assert.deepEqual(toHistoryFilter(ANY), {});
  assert.equal(isFiltered(ANY), false);
  const filter = toHistoryFilter({ driver: 'worker+vm', status: 'timeout', verdict: 'contained', canary: 'env' });
  assert.deepEqual(filter, { driver: 'worker+vm', status: 'timeout', escaped: false, canary: 'env' });
  assert.equal(check(historyFilterInput, filter).ok, true);
  assert.deepEqual(toHistoryFilter({ ...ANY, verdict: 'escaped' }), { escaped: true });
  assert.equal(isFiltered({ ...ANY, status: 'ok' }), true);
});

const run = (id: string): HistorySummary => ({
  id,
  startedAt: 0,
  driver: 'worker',
  status: 'ok',
  escaped: false,
  breaches: [],
  language: 'js',
  title: id,
});

test('a next page appended without repeating runs already shown', () => {
  assert.deepEqual(
    appendPage([run('c'), run('b')], [run('b'), run('a')]).map((r) => r.id),
    ['c', 'b', 'a'],
  );
});

test('at most two runs selected for Compare', () => {
  let s = toggleSelected([], 'a', true);
  s = toggleSelected(s, 'b', true);
  assert.deepEqual(toggleSelected(s, 'c', true), ['a', 'b'], 'a third is refused');
  assert.deepEqual(toggleSelected(s, 'a', true), ['a', 'b'], 'no duplicates');
  assert.deepEqual(toggleSelected(s, 'a', false), ['b']);
});
