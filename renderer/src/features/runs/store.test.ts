/** The run store coalesces change notifications: many events, one re-render per interval, nothing lost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTIFY_INTERVAL_MS, RunStore } from './store.ts';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a burst of events reaches listeners as one notification carrying all of them', async () => {
  const store = new RunStore();
  let notified = 0;
  store.subscribe(() => notified++);
  store.started('r1', 'worker', 64);
  for (let i = 0; i < 200; i++) store.samples('r1', [{ atMs: i * 100, worker: 'host', cpuPercent: i } as never]);
  store.output('r1', { level: 'log', text: 'hello', atMs: 1, worker: 'guest' });
  assert.equal(notified, 0, 'not synchronously, once per event');
  await tick(NOTIFY_INTERVAL_MS + 20);
  assert.equal(notified, 1);
  const run = store.get('r1')!;
  assert.equal(run.samples.length, 200);
  assert.equal(run.lines.length, 1);
  assert.equal(run.memoryMb, 64);
});

test('notifications keep coming while events do, at most one per interval', async () => {
  const store = new RunStore();
  let notified = 0;
  store.subscribe(() => notified++);
  const started = Date.now();
  while (Date.now() - started < NOTIFY_INTERVAL_MS * 6) {
    store.output('r1', { level: 'log', text: 'x', atMs: 0, worker: 'guest' });
    await tick(5);
  }
  await tick(NOTIFY_INTERVAL_MS + 20);
  assert.ok(notified >= 3, `updates keep flowing (${notified})`);
  assert.ok(notified <= 8, `coalesced (${notified} notifications for ~${store.get('r1')!.lines.length} events)`);
});

test('removing a run notifies too', async () => {
  const store = new RunStore();
  store.started('r1', 'worker', undefined);
  await tick(NOTIFY_INTERVAL_MS + 20);
  let notified = 0;
  store.subscribe(() => notified++);
  store.remove('r1');
  await tick(NOTIFY_INTERVAL_MS + 20);
  assert.equal(notified, 1);
  assert.equal(store.runs.length, 0);
});
