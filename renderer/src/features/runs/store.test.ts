/**
 * The run store coalesces change notifications: many events, one re-render per interval, nothing lost. Timers
 * and the clock are mocked, so what is asserted is the schedule itself, not how busy the machine was.
 */
import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTIFY_INTERVAL_MS, RunStore } from './store.ts';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

const line = (text: string) => ({ level: 'log' as const, text, atMs: 0, worker: 'guest' });

test('a burst of events reaches listeners as one notification carrying all of them', () => {
  const store = new RunStore();
  let notified = 0;
  store.subscribe(() => notified++);
  store.started('r1', 'worker', 64);
  for (let i = 0; i < 200; i++) store.samples('r1', [{ atMs: i * 100, worker: 'host', cpuPercent: i } as never]);
  store.output('r1', line('hello'));
  assert.equal(notified, 0, 'not synchronously, once per event');
  mock.timers.tick(0);
  assert.equal(notified, 1, 'the first change of a quiet store is heard at once (next turn)');
  const run = store.get('r1')!;
  assert.equal(run.samples.length, 200);
  assert.equal(run.lines.length, 1);
  assert.equal(run.memoryMb, 64);
});

test('while events keep coming, exactly one notification per interval', () => {
  const store = new RunStore();
  let notified = 0;
  store.subscribe(() => notified++);
  // An event every 5 ms for six intervals.
  for (let t = 0; t < NOTIFY_INTERVAL_MS * 6; t += 5) {
    store.output('r1', line('x'));
    mock.timers.tick(5);
  }
  mock.timers.tick(NOTIFY_INTERVAL_MS);
  assert.equal(notified, 7, 'one at once, then one per interval, and the last changes are not lost');
  assert.equal(store.get('r1')!.lines.length, (NOTIFY_INTERVAL_MS * 6) / 5);
});

test('removing a run notifies too', () => {
  const store = new RunStore();
  store.started('r1', 'worker', undefined);
  mock.timers.tick(NOTIFY_INTERVAL_MS);
  let notified = 0;
  store.subscribe(() => notified++);
  store.remove('r1');
  mock.timers.tick(NOTIFY_INTERVAL_MS);
  assert.equal(notified, 1);
  assert.equal(store.runs.length, 0);
});

test('runs is the same array until something changes, newest first', () => {
  const store = new RunStore();
  store.started('r1', 'worker', undefined);
  store.started('r2', 'process', undefined);
  const first = store.runs;
  assert.equal(store.runs, first, 'no new array per read');
  assert.deepEqual(
    first.map((r) => r.id),
    ['r2', 'r1'],
  );
  store.output('r1', line('y'));
  assert.notEqual(store.runs, first);
  assert.equal(store.runs.find((r) => r.id === 'r1')!.lines.length, 1);
});

test('an unsubscribed listener hears nothing more', () => {
  const store = new RunStore();
  let notified = 0;
  const off = store.subscribe(() => notified++);
  off();
  store.started('r1', 'worker', undefined);
  mock.timers.tick(NOTIFY_INTERVAL_MS);
  assert.equal(notified, 0);
});
