/** Chart rows from samples, and thinning them to what a chart can draw. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DRAWN_ROWS, thin, toRows } from './series.ts';
import type { Sample } from '../../../../electron/common/run/result.ts';

const sample = (atMs: number, worker: string, extra: Partial<Sample> = {}): Sample =>
  ({ atMs, worker, cpuPercent: 10, rssBytes: 2 * 1024 * 1024, ...extra }) as Sample;

test('one row per tick with a column per worker and measure; IPC as rates', () => {
  const ipc = (n: number) => ({ bytesIn: n * 100, bytesOut: 0, messagesIn: n, messagesOut: 0 });
  const rows = toRows([sample(0, 'host', { ipc: ipc(0) }), sample(0, 'guest'), sample(500, 'host', { ipc: ipc(5) })]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!['host:rss'], 2);
  assert.equal(rows[0]!['guest:cpu'], 10);
  assert.equal(rows[1]!['host:ipcBytes'], 1000);
  assert.equal(rows[1]!['host:ipcMessages'], 10);
});

test('thinning keeps short series as they are and long ones to the cap, first and newest kept', () => {
  const short = toRows([sample(0, 'a'), sample(100, 'a')]);
  assert.equal(thin(short), short);
  const long = toRows(Array.from({ length: 5000 }, (_, i) => sample(i * 100, 'a', { cpuPercent: i })));
  const drawn = thin(long);
  assert.equal(drawn.length, MAX_DRAWN_ROWS);
  assert.equal(drawn[0], long[0]);
  assert.equal(drawn.at(-1), long.at(-1));
  for (let i = 1; i < drawn.length; i++) assert.ok(drawn[i]!.t > drawn[i - 1]!.t, 'in time order, no repeats');
});
