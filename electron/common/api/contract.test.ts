/** The UI contract over an in-memory transport: validation at the choke point, typed calls, events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveApi, type Handlers } from './server.ts';
import { createClient, type ApiError } from './client.ts';
import type { WireMessage } from './contract.ts';
import { WorkbenchError } from '../protocol/errors.ts';

function pair(overrides: Partial<Handlers> = {}) {
  const calls: Array<[string, unknown]> = [];
  const handlers: Handlers = {
    listDrivers: (args) => {
      calls.push(['listDrivers', args]);
      return [];
    },
    listNodeReleases: () => ({
      defaultVersion: '24.22.3',
      releases: [{ version: '24.22.3', installed: true, isDefault: true, isolatedVm: true }],
      registry: { url: 'https://registry.npmjs.org/', reachable: false, problem: 'offline' },
      downloadMb: 50,
    }),
    info: () => ({
      node: 'v24',
      nodePath: '/usr/bin/node',
      platform: 'test',
      mode: 'test',
      hostRuntimes: [],
      pool: { size: 0, idle: 0 },
    }),
    setHostRuntime: ({ kind }) => ({ kind, node: 'v24', nodePath: '/usr/bin/node' }),
    setPoolSize: ({ size }) => ({ size, idle: 0 }),
    startRun: (args) => {
      calls.push(['startRun', args]);
      return { id: 'r1', driver: args.driver ?? 'worker' };
    },
    stopRun: ({ id }) => ({ stopped: id === 'r1' }),
    listLessons: () => [],
    getLesson: () => {
      throw new WorkbenchError('bad-argument', 'no lessons here');
    },
    listProbes: () => [],
    getProbe: () => {
      throw new WorkbenchError('bad-argument', 'no probes here');
    },
    startMatrix: (args) => {
      calls.push(['startMatrix', args]);
      return { id: 'm1', total: 0, probes: [], drivers: [], policy: args.policy, repeat: args.repeat ?? 1 };
    },
    cancelMatrix: () => ({ cancelled: false }),
    startBlast: (args) => {
      calls.push(['startBlast', args]);
      return { id: 'b1' };
    },
    stopBlast: ({ id }) => ({ stopped: id === 'b1' }),
    exportMatrix: () => ({ text: '{}', mime: 'application/json', fileName: 'm.json' }),
    // History calls are tested in history-contract.test.ts.
    listHistory: () => ({ runs: [], total: 0 }),
    getHistoryRun: () => null,
    deleteHistoryRun: () => ({ deleted: false }),
    ...overrides,
  };
  const toClient: WireMessage[] = [];
  // JSON round trips, as every real transport serialises.
  const holder: { server?: ReturnType<typeof serveApi> } = {};
  const client = createClient((m) => queueMicrotask(() => holder.server?.receive(JSON.parse(JSON.stringify(m)))));
  const server = serveApi(handlers, (m) => {
    toClient.push(m);
    client.receive(JSON.parse(JSON.stringify(m)) as WireMessage);
  });
  holder.server = server;
  return { client, server, calls, toClient };
}

test('a valid call reaches its handler with the checked arguments and returns its result', async () => {
  const { client, calls } = pair();
  const started = await client.call('startRun', { code: '1+1', driver: 'process', limits: { timeoutMs: 500 } });
  assert.deepEqual(started, { id: 'r1', driver: 'process' });
  assert.deepEqual(calls, [['startRun', { code: '1+1', driver: 'process', limits: { timeoutMs: 500 } }]]);
  assert.deepEqual(await client.call('stopRun', { id: 'r1' }), { stopped: true });
});

test('bad arguments are refused before the handler, as data', async () => {
  const { client, calls } = pair();
  await assert.rejects(
    client.call('startRun', { code: 42 } as never),
    (e: ApiError) => e.code === 'bad-argument' && /code: expected a string/.test(e.message),
  );
  await assert.rejects(
    client.call('startRun', { code: '', sneaky: true } as never),
    (e: ApiError) => e.code === 'bad-argument' && /unexpected key "sneaky"/.test(e.message),
  );
  await assert.rejects(client.call('stopRun', {} as never), (e: ApiError) => e.code === 'bad-argument');
  assert.deepEqual(calls, []);
});

test('probe and matrix arguments: ids checked, arrays bounded, presets closed', async () => {
  const { client, calls } = pair();
  const ok = { probes: ['env-process-env', 'dup/env.js'], drivers: ['worker', 'process+vm', 'inline'] };
  await client.call('startMatrix', { ...ok, policy: 'hardened' });
  await client.call('startMatrix', { ...ok, policy: 'default', repeat: 5 });
  assert.deepEqual(calls, [
    ['startMatrix', { ...ok, policy: 'hardened' }],
    ['startMatrix', { ...ok, policy: 'default', repeat: 5 }],
  ]);
  const bad: unknown[] = [
    { policy: 'lenient' },
    {},
    { policy: 'default', probes: ['../../etc/passwd'] },
    { policy: 'default', probes: ['a b'] },
    { policy: 'default', probes: [''] },
    { policy: 'default', drivers: ['worker+'] },
    { policy: 'default', drivers: ['Worker'] },
    { policy: 'default', drivers: ['a+b+c'] },
    { policy: 'default', drivers: Array.from({ length: 65 }, () => 'worker') },
    { policy: 'default', probes: Array.from({ length: 2001 }, () => 'p') },
    { policy: 'default', probes: 'env-process-env' },
    { policy: 'default', concurrency: 64 },
    { policy: 'default', repeat: 0 },
    { policy: 'default', repeat: 6 },
    { policy: 'default', repeat: 1.5 },
    { policy: 'default', repeat: '2' },
  ];
  for (const args of bad) {
    await assert.rejects(
      client.call('startMatrix', args as never),
      (e: ApiError) => e.code === 'bad-argument',
      JSON.stringify(args).slice(0, 80),
    );
  }
  await assert.rejects(client.call('getProbe', { id: 'x'.repeat(201) }), (e: ApiError) => e.code === 'bad-argument');
  await assert.rejects(client.call('getProbe', { id: '-rf' }), (e: ApiError) => e.code === 'bad-argument');
  await assert.rejects(
    client.call('exportMatrix', { id: 'm1', format: 'pdf' } as never),
    (e: ApiError) => e.code === 'bad-argument',
  );
  assert.equal(calls.length, 2);
});

test('Node releases: listDrivers and startMatrix take release specs, checked and bounded; nodeInstall reaches subscribers', async () => {
  const { client, calls, server } = pair();
  assert.equal((await client.call('listNodeReleases', {})).registry.reachable, false);
  await client.call('listDrivers', {});
  await client.call('listDrivers', { node: '22.12.0' });
  await client.call('startMatrix', { policy: 'default', nodes: ['22', 'v20.11', '24.22.3', '26'] });
  await client.call('startRun', { code: '1', node: '22' });
  assert.deepEqual(calls, [
    ['listDrivers', {}],
    ['listDrivers', { node: '22.12.0' }],
    ['startMatrix', { policy: 'default', nodes: ['22', 'v20.11', '24.22.3', '26'] }],
    ['startRun', { code: '1', node: '22' }],
  ]);
  const bad: Array<[string, unknown]> = [
    ['listDrivers', { node: 'lts' }],
    ['listDrivers', { node: '22.12.0.1' }],
    ['listDrivers', { node: 22 }],
    ['listNodeReleases', { refresh: true }],
    ['startMatrix', { policy: 'default', nodes: ['22', '20', '24', '26', '25'] }],
    ['startMatrix', { policy: 'default', nodes: ['../22'] }],
    ['startMatrix', { policy: 'default', nodes: '22' }],
    ['startRun', { code: '1', node: 'latest' }],
  ];
  for (const [method, args] of bad) {
    await assert.rejects(
      client.call(method as 'listDrivers', args as never),
      (e: ApiError) => e.code === 'bad-argument',
      `${method} ${JSON.stringify(args)}`,
    );
  }
  assert.equal(calls.length, 4);
  const seen: unknown[] = [];
  client.subscribe('nodeInstall', (p) => seen.push(p));
  const progress = { spec: '22', version: '22.23.5', phase: 'download', receivedBytes: 10, totalBytes: 100 } as const;
  server.emit('nodeInstall', progress);
  assert.deepEqual(seen, [progress]);
});

test('blast arguments: a known boundary and misbehaviour, 1-8 neighbours, bounded code', async () => {
  const { client, calls } = pair();
  const ok = { boundary: 'worker', misbehaviour: 'kill', neighbours: 4 } as const;
  assert.deepEqual(await client.call('startBlast', ok), { id: 'b1' });
  await client.call('startBlast', { boundary: 'process', misbehaviour: 'code', neighbours: 1, code: 'process.exit()' });
  assert.equal(calls.length, 2);
  const bad: unknown[] = [
    { ...ok, boundary: 'thread' },
    { ...ok, boundary: 'host' },
    { ...ok, misbehaviour: 'explode' },
    { ...ok, neighbours: 0 },
    { ...ok, neighbours: 9 },
    { ...ok, neighbours: 2.5 },
    { ...ok, neighbours: '4' },
    { ...ok, code: 'x'.repeat(256 * 1024 + 1) },
    { ...ok, extra: true },
    { boundary: 'worker', neighbours: 4 },
  ];
  for (const args of bad)
    await assert.rejects(
      client.call('startBlast', args as never),
      (e: ApiError) => e.code === 'bad-argument',
      JSON.stringify(args).slice(0, 80),
    );
  assert.equal(calls.length, 2);
  assert.deepEqual(await client.call('stopBlast', { id: 'b1' }), { stopped: true });
});

test('settings arguments: a known host runtime, a pool size within bounds', async () => {
  const { client } = pair();
  assert.deepEqual(await client.call('setPoolSize', { size: 3 }), { size: 3, idle: 0 });
  for (const size of [-1, 9, 1.5, '2'])
    await assert.rejects(
      client.call('setPoolSize', { size } as never),
      (e: ApiError) => e.code === 'bad-argument',
      String(size),
    );
  assert.equal((await client.call('setHostRuntime', { kind: 'electron-utility' })).kind, 'electron-utility');
  await assert.rejects(
    client.call('setHostRuntime', { kind: 'java' } as never),
    (e: ApiError) => e.code === 'bad-argument',
  );
});

test('unknown methods, including prototype names, are refused', async () => {
  const { client } = pair();
  for (const method of ['deleteEverything', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    await assert.rejects(
      client.call(method as never, {} as never),
      (e: ApiError) => e.code === 'unknown-method' || e.code === 'bad-message',
      method,
    );
  }
});

test('malformed messages get an error reply, never an exception', () => {
  const { server, toClient } = pair();
  for (const raw of [
    null,
    42,
    'x',
    [],
    { kind: 'call' },
    { kind: 'call', id: -1, method: 'info', args: {} },
    { kind: 'call', id: 1, method: 'info', args: { __proto__: 1 } },
    { kind: 'event', name: 'runEnd' },
  ]) {
    assert.doesNotThrow(() => server.receive(raw));
  }
  assert.ok(toClient.length >= 7);
  assert.ok(toClient.every((m) => m.kind === 'result' && !m.ok));
});

test('handler errors come back as { code, message }', async () => {
  const { client } = pair({
    startRun: () => {
      throw new WorkbenchError('unavailable', 'no such driver here');
    },
    stopRun: () => {
      throw new TypeError('boom');
    },
  });
  await assert.rejects(
    client.call('startRun', { code: '' }),
    (e: ApiError) => e.code === 'unavailable' && e.message === 'no such driver here',
  );
  await assert.rejects(
    client.call('stopRun', { id: 'x' }),
    (e: ApiError) => e.code === 'internal' && e.message === 'boom',
  );
});

test('events reach subscribers of that event only, until they unsubscribe', () => {
  const { client, server } = pair();
  const got: unknown[] = [];
  const off = client.subscribe('runOutput', (p) => got.push(p));
  client.subscribe('runEnd', () => got.push('end'));
  server.emit('runOutput', { runId: 'r1', line: { level: 'log', text: 'hi', atMs: 1, worker: 'host' } });
  off();
  server.emit('runOutput', { runId: 'r1', line: { level: 'log', text: 'again', atMs: 2, worker: 'host' } });
  assert.deepEqual(got, [{ runId: 'r1', line: { level: 'log', text: 'hi', atMs: 1, worker: 'host' } }]);
});

test('closing the client fails pending calls', async () => {
  const client = createClient(() => undefined);
  const p = client.call('info', {});
  client.close('transport gone');
  await assert.rejects(p, (e: ApiError) => e.code === 'closed' && e.message === 'transport gone');
});
