/** The history methods of the UI contract: what their argument schemas let through to a handler. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveApi, type Handlers } from './server.ts';
import { createClient, type ApiError } from './client.ts';
import { MAX_HISTORY_LIMIT, type WireMessage } from './contract.ts';

/** A client wired to a server whose only handlers are the history ones; it records what they receive. */
function pair() {
  const calls: Array<[string, unknown]> = [];
  const history: Pick<Handlers, 'listHistory' | 'getHistoryRun' | 'deleteHistoryRun'> = {
    listHistory: (filter) => {
      calls.push(['listHistory', filter]);
      return { runs: [], total: 0 };
    },
    getHistoryRun: ({ id }) => {
      calls.push(['getHistoryRun', id]);
      return null;
    },
    deleteHistoryRun: ({ id }) => {
      calls.push(['deleteHistoryRun', id]);
      return { deleted: id === 'r1' };
    },
  };
  const holder: { server?: ReturnType<typeof serveApi> } = {};
  const client = createClient((m) => queueMicrotask(() => holder.server?.receive(JSON.parse(JSON.stringify(m)))));
  // The server only calls the handler of the method asked for; the others are never reached here.
  holder.server = serveApi(history as Handlers, (m) => client.receive(JSON.parse(JSON.stringify(m)) as WireMessage));
  return { client, calls };
}

const refused = (pattern: RegExp) => (e: ApiError) => e.code === 'bad-argument' && pattern.test(e.message);

test('listHistory passes every filter through, and an empty filter as {}', async () => {
  const { client, calls } = pair();
  const filter = {
    driver: 'inline',
    status: 'interrupted',
    escaped: true,
    canary: 'env',
    limit: 10,
    offset: 20,
  } as const;
  assert.deepEqual(await client.call('listHistory', filter), { runs: [], total: 0 });
  await client.call('listHistory', {});
  await client.call('listHistory', { status: 'running' });
  assert.deepEqual(calls, [
    ['listHistory', filter],
    ['listHistory', {}],
    ['listHistory', { status: 'running' }],
  ]);
});

test('listHistory refuses unknown keys, statuses, canaries and out-of-range pages before the handler', async () => {
  const { client, calls } = pair();
  const bad: Array<[unknown, RegExp]> = [
    [{ sql: '1=1' }, /unexpected key "sql"/],
    [{ status: 'done' }, /status: expected one of ok, /],
    [{ canary: 'password' }, /canary: expected one of env, /],
    [{ escaped: 'yes' }, /escaped: expected a boolean/],
    [{ limit: 0 }, /limit: below 1/],
    [{ limit: MAX_HISTORY_LIMIT + 1 }, /limit: above/],
    [{ limit: 1.5 }, /limit: expected an integer/],
    [{ offset: -1 }, /offset: below 0/],
    [{ driver: 'x'.repeat(65) }, /driver: string longer than 64/],
    [null, /expected an object/],
  ];
  for (const [args, pattern] of bad)
    await assert.rejects(client.call('listHistory', args as never), refused(pattern), JSON.stringify(args));
  assert.deepEqual(calls, []);
});

test('getHistoryRun and deleteHistoryRun take exactly { id }', async () => {
  const { client, calls } = pair();
  assert.equal(await client.call('getHistoryRun', { id: 'r1' }), null);
  assert.deepEqual(await client.call('deleteHistoryRun', { id: 'r1' }), { deleted: true });
  assert.deepEqual(await client.call('deleteHistoryRun', { id: 'r2' }), { deleted: false });
  for (const method of ['getHistoryRun', 'deleteHistoryRun'] as const) {
    await assert.rejects(client.call(method, {} as never), refused(/id: expected a string/));
    await assert.rejects(client.call(method, { id: 7 } as never), refused(/id: expected a string/));
    await assert.rejects(client.call(method, { id: 'r1', all: true } as never), refused(/unexpected key "all"/));
    await assert.rejects(client.call(method, { id: 'x'.repeat(257) } as never), refused(/longer than 256/));
  }
  assert.deepEqual(calls, [
    ['getHistoryRun', 'r1'],
    ['deleteHistoryRun', 'r1'],
    ['deleteHistoryRun', 'r2'],
  ]);
});
