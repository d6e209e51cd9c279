/** Lesson progress in storage: recorded per step and check, read back, damaged values ignored. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadProgress,
  PROGRESS_KEY,
  recordRun,
  resetLesson,
  saveProgress,
  summarize,
  type ProgressStorage,
} from './progress.ts';

function memory(initial?: string): ProgressStorage & { map: Map<string, string> } {
  const map = new Map<string, string>(initial === undefined ? [] : [[PROGRESS_KEY, initial]]);
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

test('runs are recorded per step; the check only when given; the last run of a step counts', () => {
  let p = recordRun({}, 'vm', 1, true);
  p = recordRun(p, 'vm', 2, false);
  assert.deepEqual(p, { vm: { steps: { 1: true, 2: false } } });
  p = recordRun(p, 'vm', 2, true, true);
  assert.deepEqual(p.vm, { steps: { 1: true, 2: true }, check: true });
  p = recordRun(p, 'vm', 1, false);
  assert.deepEqual(p.vm, { steps: { 1: false, 2: true }, check: true }, 'a later step run keeps the check');
  assert.deepEqual(summarize(p.vm, 4), { done: 1, checkPassed: true });
  assert.deepEqual(summarize(undefined, 4), { done: 0, checkPassed: false });
});

test('saved and loaded back; a lesson can start over', () => {
  const storage = memory();
  const p = recordRun(recordRun({}, 'a', 1, true, true), 'b', 3, true);
  saveProgress(storage, p);
  assert.deepEqual(loadProgress(storage), p);
  assert.deepEqual(resetLesson(p, 'a'), { b: p.b });
});

test('damaged or foreign values read as no progress, and only their bad parts are dropped', () => {
  assert.deepEqual(loadProgress(memory()), {});
  assert.deepEqual(loadProgress(memory('{not json')), {});
  assert.deepEqual(loadProgress(memory('[1,2]')), {});
  assert.deepEqual(
    loadProgress(memory(JSON.stringify({ a: { steps: { 1: true, x: true, 2: 'yes' }, check: 'no' }, b: 5 }))),
    { a: { steps: { 1: true } } },
  );
});

test('a storage that refuses writes does not throw', () => {
  const full: ProgressStorage = {
    getItem: () => null,
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
  };
  assert.doesNotThrow(() => saveProgress(full, { a: { steps: {} } }));
});
