/**
 * The Node-version methods of the UI contract (node-handlers.ts) without the network: releases listed from a
 * fake registry and a cache folder of our own (offline, the installed ones still come back and the answer says
 * the registry could not be reached), the driver table of a release not installed yet, and an install's
 * progress and failure as `nodeInstall` events.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNodeHandlers,
  MAX_LISTED_MAJORS,
  MAX_LISTED_NODE_RELEASES,
  NODE_DOWNLOAD_MB,
  newestPerMajor,
  type NodeSupervisor,
} from '../node-handlers.ts';
import { MARKER_FILE } from '../node-versions/cache.ts';
import type { InstallProgress } from '../node-versions/index.ts';
import type { NodeRuntime } from '../node-runtime.ts';
import { listDrivers } from '../drivers.ts';
import type { EventName } from '../../common/api/contract.ts';
import type { EventPayloads } from '../../common/api/types.ts';
import { WorkbenchError } from '../../common/protocol/errors.ts';

const DEFAULT: NodeRuntime = { kind: 'node', path: process.execPath, version: 'v24.22.3' };
const tmp = mkdtempSync(join(tmpdir(), 'wb-node-handlers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A cache folder with these versions installed (a marker and a file for the binary, as the installer leaves). */
function cacheWith(...versions: string[]): string {
  const dir = mkdtempSync(join(tmp, 'cache-'));
  for (const version of versions) {
    mkdirSync(join(dir, version, 'bin'), { recursive: true });
    writeFileSync(join(dir, version, 'bin', 'node'), '');
    writeFileSync(
      join(dir, version, MARKER_FILE),
      JSON.stringify({
        version,
        reported: `v${version}`,
        bin: 'bin/node',
        integrity: 'x',
        tarball: 'x',
        installedAt: '',
      }),
    );
  }
  return dir;
}

/** A registry's metadata listing these versions (each with a tarball). */
function registryServing(versions: readonly string[]): typeof fetch {
  return (async () =>
    new Response(
      JSON.stringify({
        versions: Object.fromEntries(versions.map((v) => [v, { version: v, dist: { tarball: `http://x/${v}.tgz` } }])),
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    )) as typeof fetch;
}
const offline: typeof fetch = (async () => {
  throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
}) as typeof fetch;

function supervisorWith(prepareNode?: NodeSupervisor['prepareNode']): NodeSupervisor {
  return {
    runtime: DEFAULT,
    listDrivers: () => listDrivers(DEFAULT),
    prepareNode: prepareNode ?? (() => Promise.reject(new Error('not in this test'))),
  };
}

function recorder() {
  const events: Array<EventPayloads['nodeInstall']> = [];
  const emit = {
    emit: (name: EventName, payload: unknown) => {
      if (name === 'nodeInstall') events.push(payload as EventPayloads['nodeInstall']);
    },
  };
  return { events, emitter: () => emit };
}

// A registry's unique platform per test: its metadata is cached per URL within the process.
let registries = 0;
const registry = (): string => `http://registry-${++registries}.invalid/`;

describe('listNodeReleases', () => {
  test('online: the default, every installed release and the newest of each major line, newest first', async () => {
    const served = ['18.20.0', '20.11.0', '20.20.2', '21.7.3', '22.12.0', '22.23.5', '23.11.1', '24.22.3', '25.1.0'];
    const handlers = createNodeHandlers(supervisorWith(), () => undefined, {
      registry: registry(),
      cacheDir: cacheWith('22.12.0'),
      fetch: registryServing(served),
    });
    const list = await handlers.listNodeReleases();
    assert.equal(list.defaultVersion, '24.22.3');
    assert.equal(list.registry.reachable, true);
    assert.equal(list.downloadMb, NODE_DOWNLOAD_MB);
    assert.deepEqual(
      list.releases.map((r) => r.version),
      ['25.1.0', '24.22.3', '23.11.1', '22.23.5', '22.12.0', '21.7.3', '20.20.2'],
      'one per line from the registry (18 is older than the host runs on), plus the installed 22.12.0',
    );
    const byVersion = new Map(list.releases.map((r) => [r.version, r]));
    assert.deepEqual(byVersion.get('24.22.3'), {
      version: '24.22.3',
      installed: true,
      isDefault: true,
      isolatedVm: true,
    });
    assert.deepEqual(byVersion.get('22.12.0'), {
      version: '22.12.0',
      installed: true,
      isDefault: false,
      isolatedVm: false,
    });
    assert.equal(byVersion.get('22.23.5')?.installed, false);
  });

  test('offline: the installed releases and the default still come back, and the answer says why no more', async () => {
    const handlers = createNodeHandlers(supervisorWith(), () => undefined, {
      registry: registry(),
      cacheDir: cacheWith('20.20.2', '22.23.5'),
      fetch: offline,
    });
    const list = await handlers.listNodeReleases();
    assert.deepEqual(
      list.releases.map((r) => [r.version, r.installed]),
      [
        ['24.22.3', true],
        ['22.23.5', true],
        ['20.20.2', true],
      ],
    );
    assert.equal(list.registry.reachable, false);
    assert.match(list.registry.problem ?? '', /cannot reach the npm registry .*ENOTFOUND/);
  });

  test('a registry that does not answer in time is reported as such; the installed releases come back', async () => {
    const handlers = createNodeHandlers(supervisorWith(), () => undefined, {
      registry: registry(),
      cacheDir: cacheWith('22.23.5'),
      fetch: (() => new Promise(() => undefined)) as typeof fetch,
      registryTimeoutMs: 50,
    });
    const list = await handlers.listNodeReleases();
    assert.equal(list.registry.reachable, false);
    assert.match(list.registry.problem ?? '', /did not answer within 0\.05 s/);
    assert.deepEqual(
      list.releases.map((r) => r.version),
      ['24.22.3', '22.23.5'],
    );
  });

  test('bounded: at most MAX_LISTED_MAJORS lines from the registry and MAX_LISTED_NODE_RELEASES in all', async () => {
    const served = Array.from({ length: 40 }, (_, major) =>
      Array.from({ length: 5 }, (_, minor) => `${major + 20}.${minor}.0`),
    ).flat();
    assert.equal(newestPerMajor(served).length, MAX_LISTED_MAJORS);
    assert.equal(newestPerMajor(served)[0], '59.4.0');
    const installed = Array.from({ length: 40 }, (_, i) => `22.${i}.0`);
    const handlers = createNodeHandlers(supervisorWith(), () => undefined, {
      registry: registry(),
      cacheDir: cacheWith(...installed),
      fetch: registryServing(served),
    });
    const list = await handlers.listNodeReleases();
    assert.equal(list.releases.length, MAX_LISTED_NODE_RELEASES);
    assert.ok(
      list.releases.some((r) => r.isDefault),
      'the default is always offered',
    );
  });
});

describe('listDrivers on a release', () => {
  test('a release not installed yet: its own capability table, isolated-vm refused naming it, a note saying so', () => {
    const handlers = createNodeHandlers(supervisorWith(), () => undefined, { cacheDir: cacheWith() });
    const onDefault = handlers.listDrivers({});
    const on20 = handlers.listDrivers({ node: '20.20.2' });
    assert.deepEqual(
      on20.map((d) => d.id),
      onDefault.map((d) => d.id),
    );
    const ivm = on20.find((d) => d.id === 'process+isolated-vm')!;
    assert.equal(ivm.available, false);
    assert.match(ivm.reason ?? '', /no prebuilt addon for Node 20\.20\.2/);
    const process20 = on20.find((d) => d.id === 'process')!;
    assert.ok(process20.notes.some((n) => /Node 20\.20\.2 is not installed yet.*downloads it \(~50 MB\)/.test(n)));
    // Node 20 spells the Permission Model --experimental-permission: the capability table says the release's flag.
    assert.match(JSON.stringify(process20.capabilities), /--experimental-permission/);
    assert.doesNotMatch(
      JSON.stringify(onDefault.find((d) => d.id === 'process')!.capabilities),
      /--experimental-permission/,
    );
  });

  test('the default release is the default listing', () => {
    const handlers = createNodeHandlers(supervisorWith(), () => undefined, { cacheDir: cacheWith() });
    assert.deepEqual(handlers.listDrivers({ node: '24.22.3' }), handlers.listDrivers({}));
  });
});

describe('installing a release (prepare)', () => {
  test('progress as nodeInstall events: download bytes throttled, every phase, the exact release back', async () => {
    const chunks = 500;
    const { events, emitter } = recorder();
    const handlers = createNodeHandlers(
      supervisorWith(async (spec, onProgress?: (e: InstallProgress) => void) => {
        assert.equal(spec, '22');
        const version = '22.23.5';
        onProgress?.({ phase: 'metadata', version, url: 'http://x/node' });
        for (let i = 1; i <= chunks; i++)
          onProgress?.({
            phase: 'download',
            version,
            url: 'http://x',
            receivedBytes: i * 1000,
            totalBytes: chunks * 1000,
          });
        for (const phase of ['verify', 'extract', 'check', 'done'] as const) onProgress?.({ phase, version });
        return { kind: 'node', path: '/x/node', version: `v${version}` };
      }),
      emitter,
    );
    assert.equal(await handlers.prepare('22'), '22.23.5');
    const downloads = events.filter((e) => e.phase === 'download');
    assert.ok(
      downloads.length >= 1 && downloads.length < 10,
      `${downloads.length} download events for ${chunks} chunks`,
    );
    assert.deepEqual(downloads.at(-1), {
      spec: '22',
      version: '22.23.5',
      phase: 'download',
      receivedBytes: chunks * 1000,
      totalBytes: chunks * 1000,
    });
    assert.deepEqual(
      events.filter((e) => e.phase !== 'download').map((e) => e.phase),
      ['metadata', 'verify', 'extract', 'check', 'done'],
    );
  });

  test('a failure is an event and an error, both naming the release', async () => {
    const { events, emitter } = recorder();
    const handlers = createNodeHandlers(
      supervisorWith(async (_spec, onProgress?: (e: InstallProgress) => void) => {
        onProgress?.({ phase: 'metadata', version: '22.23.5', url: 'http://x/node' });
        throw new WorkbenchError('unavailable', 'sha512 integrity mismatch for the downloaded tarball');
      }),
      emitter,
    );
    await assert.rejects(
      handlers.prepare('22'),
      (e: WorkbenchError) =>
        e.code === 'unavailable' && e.message === 'Node 22.23.5: sha512 integrity mismatch for the downloaded tarball',
    );
    assert.deepEqual(events.at(-1), {
      spec: '22',
      version: '22.23.5',
      phase: 'failed',
      error: { code: 'unavailable', message: 'Node 22.23.5: sha512 integrity mismatch for the downloaded tarball' },
    });
  });

  test('a message that names the release already is kept as it is', async () => {
    const { events, emitter } = recorder();
    const message = 'Node 26 is not installed and cannot reach the npm registry';
    const handlers = createNodeHandlers(
      supervisorWith(() => Promise.reject(new WorkbenchError('unavailable', message))),
      emitter,
    );
    await assert.rejects(handlers.prepare('26'), { message });
    assert.deepEqual(events, [{ spec: '26', phase: 'failed', error: { code: 'unavailable', message } }]);
  });
});
