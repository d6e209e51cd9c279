/**
 * The history through the UI contract, end to end in one process: the real handlers on a real supervisor
 * and a store in a temp directory, over the in-memory transport. Runs started through startRun are saved
 * before runEnd announces them; listHistory / getHistoryRun / deleteHistoryRun read and change that store.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveApi } from '../../common/api/server.ts';
import { createClient, type ApiClient, type ApiError } from '../../common/api/client.ts';
import type { WireMessage } from '../../common/api/contract.ts';
import type { HistoryRun } from '../../common/api/types.ts';
import type { RunResult } from '../../common/run/result.ts';
import { createHandlers } from '../api-handlers.ts';
import { openHistory, type HistoryStore } from '../history/store.ts';
import { useIsolatedEngine } from './harness.ts';

// Made before the harness points TMPDIR at the directory it checks for leftovers after every test.
const dataDir = mkdtempSync(join(tmpdir(), 'wb-history-api-'));
const store = openHistory(dataDir);
after(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const { supervisor } = useIsolatedEngine();

/** A client on the real handlers; `ended(id)` resolves with what a runEnd subscriber could fetch at once. */
function connect(history: HistoryStore | undefined) {
  const holder: { server?: ReturnType<typeof serveApi> } = {};
  const client: ApiClient = createClient((m) =>
    queueMicrotask(() => holder.server?.receive(JSON.parse(JSON.stringify(m)))),
  );
  const handlers = createHandlers(supervisor, () => holder.server, 'test', history);
  holder.server = serveApi(handlers, (m) => client.receive(JSON.parse(JSON.stringify(m)) as WireMessage));
  const seen = new Map<string, (v: { result: RunResult; stored: HistoryRun | null }) => void>();
  client.subscribe('runEnd', ({ runId, result }) => {
    // Asked the moment runEnd arrives: the run must already be in the history, with its result.
    void (history ? client.call('getHistoryRun', { id: runId }) : Promise.resolve(null)).then((stored) =>
      seen.get(runId)?.({ result, stored }),
    );
  });
  const ended = (id: string) =>
    new Promise<{ result: RunResult; stored: HistoryRun | null }>((resolve) => seen.set(id, resolve));
  return { client, ended };
}

test('a run started from the UI is saved: listed, fetched whole, filtered, and deleted on request', async () => {
  const { client, ended } = connect(store);
  const first = await client.call('startRun', { code: 'console.log("hi"); 6 * 7', driver: 'worker' });
  const running = await client.call('getHistoryRun', { id: first.id });
  assert.equal(running?.status, 'running');
  const { result, stored } = await ended(first.id);
  assert.equal(result.status, 'ok');
  assert.equal(stored?.status, 'ok');
  assert.deepEqual(stored?.result, JSON.parse(JSON.stringify(result)));
  assert.equal(stored?.code, 'console.log("hi"); 6 * 7');
  assert.equal(stored?.request.limits.timeoutMs, 5000);
  assert.equal(stored?.driver, 'worker');

  const escaping = await client.call('startRun', { code: 'process.env.WORKBENCH_CANARY', driver: 'process' });
  const second = await ended(escaping.id);
  assert.equal(second.stored?.escaped, true);
  assert.deepEqual(second.stored?.breaches, ['env']);

  const all = await client.call('listHistory', {});
  assert.deepEqual(
    all.runs.map((r) => r.id),
    [escaping.id, first.id],
  );
  assert.equal(all.total, 2);
  assert.deepEqual(
    (await client.call('listHistory', { escaped: true })).runs.map((r) => r.id),
    [escaping.id],
  );
  assert.deepEqual(
    (await client.call('listHistory', { driver: 'worker', status: 'ok' })).runs.map((r) => r.title),
    ['console.log("hi"); 6 * 7'],
  );
  await assert.rejects(client.call('listHistory', { driver: 'nowhere' }), (e: ApiError) => e.code === 'bad-driver');

  assert.deepEqual(await client.call('deleteHistoryRun', { id: first.id }), { deleted: true });
  assert.equal(await client.call('getHistoryRun', { id: first.id }), null);
  assert.deepEqual(await client.call('deleteHistoryRun', { id: first.id }), { deleted: false });
  assert.equal((await client.call('listHistory', {})).total, 1);
});

test('without a store, runs work as before and the history methods say it is unavailable', async () => {
  const before = store.count();
  const { client, ended } = connect(undefined);
  const started = await client.call('startRun', { code: '1 + 1', driver: 'host' });
  assert.equal((await ended(started.id)).result.status, 'ok');
  assert.equal(store.count(), before);
  for (const call of [
    client.call('listHistory', {}),
    client.call('getHistoryRun', { id: started.id }),
    client.call('deleteHistoryRun', { id: started.id }),
  ])
    await assert.rejects(call, (e: ApiError) => e.code === 'unavailable' && /not open/.test(e.message));
});
