/**
 * The installer against a registry of our own on loopback: specs resolved, a tarball checked before it is
 * extracted (a tampered one refused, nothing left in the cache), installs atomic and reused without the
 * network, and the errors without a registry. The tarballs hold a shell script posing as `bin/node`.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureNode, installedNode, listNodeReleases, resolveNodeVersion } from './index.ts';
import { MARKER_FILE } from './cache.ts';

/** A ustar archive of regular files (name → [mode, content]). */
function tar(files: Record<string, [number, string]>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, [mode, content]] of Object.entries(files)) {
    const data = Buffer.from(content);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function fakeNode(version: string): Buffer {
  return tar({
    'package/package.json': [
      0o644,
      JSON.stringify({ name: 'node-fake', version: `v${version}`, bin: { node: 'bin/node' } }),
    ],
    'package/bin/node': [0o755, `#!/bin/sh\necho v${version}\n`],
    'package/LICENSE': [0o644, 'MIT'],
  });
}

const sri = (bytes: Buffer): string => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

const VERSIONS = ['20.11.0', '20.11.1', '22.9.0', '22.12.0', '22.10.0', '4.1.0-pkg1'];
let server: Server;
let registry: string;
const requests: string[] = [];
/** Versions whose tarball is served altered after its integrity was published. */
const tampered = new Set<string>();

before(async () => {
  const tarballs = new Map(VERSIONS.map((v) => [v, fakeNode(v)]));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const pkg = /^\/node-fake-os-x64$/.test(req.url ?? '');
    if (pkg) {
      const versions = Object.fromEntries(
        VERSIONS.map((v) => [
          v,
          { version: v, dist: { tarball: `${registry}tarballs/${v}.tgz`, integrity: sri(tarballs.get(v)!) } },
        ]),
      );
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'node-fake-os-x64', versions }));
      return;
    }
    const v = /^\/tarballs\/(.+)\.tgz$/.exec(req.url ?? '')?.[1];
    const body = v ? tarballs.get(v) : undefined;
    if (!body) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const out = tampered.has(v!) ? Buffer.concat([body.subarray(0, -8), Buffer.from('tampered')]) : body;
    res.setHeader('content-length', out.length);
    res.end(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  registry = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});
after(() => server.close());

function options(cacheDir: string): { registry: string; cacheDir: string; platform: string; arch: string } {
  return { registry, cacheDir, platform: 'fake-os', arch: 'x64' };
}
const freshCache = (): string => mkdtempSync(join(tmpdir(), 'wb-node-cache-'));

describe('resolving a spec against the registry', () => {
  test('newest matching release; pre-releases never; releases listed in semver order', async () => {
    const o = options(freshCache());
    assert.equal(await resolveNodeVersion('22', o), '22.12.0');
    assert.equal(await resolveNodeVersion('v20.11', o), '20.11.1');
    assert.equal(await resolveNodeVersion('20.11.0', o), '20.11.0');
    assert.deepEqual(await listNodeReleases(o), ['20.11.0', '20.11.1', '22.9.0', '22.10.0', '22.12.0']);
    await assert.rejects(resolveNodeVersion('21', o), /no Node release matches 21 .*5 releases, majors 20–22/);
    await assert.rejects(resolveNodeVersion('lts', o), (e: Error & { code?: string }) => e.code === 'bad-argument');
  });
});

describe('installing', () => {
  test('installed once, checked with --version, marked, then reused without the network', async () => {
    const cache = freshCache();
    const events: string[] = [];
    const runtime = await ensureNode('22.10.0', { ...options(cache), onProgress: (e) => events.push(e.phase) });
    assert.equal(runtime.version, 'v22.10.0');
    assert.equal(runtime.path, join(cache, '22.10.0', 'bin', 'node'));
    assert.ok(existsSync(join(cache, '22.10.0', MARKER_FILE)));
    assert.deepEqual([...new Set(events)], ['metadata', 'download', 'verify', 'extract', 'check', 'done']);
    // Only the version's folder: no temporary folder, no tarball left.
    assert.deepEqual(readdirSync(cache), ['22.10.0']);
    const before = requests.length;
    const again = await ensureNode('22.10.0', { ...options(cache), registry: 'http://127.0.0.1:9/' });
    assert.deepEqual(again, runtime);
    assert.equal(requests.length, before, 'no request for an installed version');
    assert.deepEqual(installedNode('22.10.0', options(cache)), runtime);
  });

  test('concurrent installs of one version share one download and end with one folder', async () => {
    const cache = freshCache();
    const before = requests.filter((r) => r.includes('20.11.0.tgz')).length;
    const [a, b] = await Promise.all([ensureNode('20.11.0', options(cache)), ensureNode('20.11.0', options(cache))]);
    assert.deepEqual(a, b);
    assert.equal(requests.filter((r) => r.includes('20.11.0.tgz')).length - before, 1);
    assert.deepEqual(readdirSync(cache), ['20.11.0']);
  });

  test('a version another install put in place first is kept; a folder without a marker is not an install', async () => {
    const cache = freshCache();
    // What an install killed before its rename leaves: a temporary folder with a complete-looking tree.
    mkdirSync(join(cache, '.install-22.9.0-abc', 'root', 'bin'), { recursive: true });
    writeFileSync(join(cache, '.install-22.9.0-abc', 'root', 'bin', 'node'), '#!/bin/sh\necho v22.9.0\n');
    // And a folder in place that has no marker (not one of ours, or damaged).
    mkdirSync(join(cache, '22.9.0', 'bin'), { recursive: true });
    assert.equal(installedNode('22.9.0', options(cache)), undefined);
    const runtime = await ensureNode('22.9.0', options(cache));
    assert.equal(runtime.version, 'v22.9.0');
    assert.ok(existsSync(join(cache, '22.9.0', MARKER_FILE)));
  });

  test('a tampered tarball is refused before extraction and nothing is left in the cache', async () => {
    const cache = freshCache();
    tampered.add('22.12.0');
    try {
      await assert.rejects(
        ensureNode('22.12.0', options(cache)),
        (e: Error & { code?: string }) =>
          e.code === 'unavailable' &&
          /does not match the registry's sha512 integrity/.test(e.message) &&
          e.message.includes(`${registry}tarballs/22.12.0.tgz`),
      );
      assert.deepEqual(readdirSync(cache), []);
      assert.equal(installedNode('22.12.0', options(cache)), undefined);
    } finally {
      tampered.delete('22.12.0');
    }
    // The next try with the right tarball installs it.
    assert.equal((await ensureNode('22.12.0', options(cache))).version, 'v22.12.0');
  });
});

describe('without the registry', () => {
  const offline = (cache: string): ReturnType<typeof options> => ({
    ...options(cache),
    registry: 'http://127.0.0.1:9/',
  });

  test('not installed: an error naming the version, the URL and what to do', async () => {
    const cache = freshCache();
    await assert.rejects(ensureNode('22.12.0', offline(cache)), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'unavailable');
      assert.match(e.message, /Node 22\.12\.0 is not installed/);
      assert.match(e.message, /http:\/\/127\.0\.0\.1:9\/node-fake-os-x64/);
      assert.match(e.message, /check the network, or point npm_config_registry/);
      return true;
    });
    await assert.rejects(resolveNodeVersion('22', offline(cache)), /cannot reach the npm registry/);
    assert.deepEqual(readdirSync(cache), []);
  });

  test('installed: an exact version and, when asked, a prefix resolve from the cache', async () => {
    const cache = freshCache();
    await ensureNode('20.11.1', options(cache));
    assert.equal(await resolveNodeVersion('20.11.1', offline(cache)), '20.11.1');
    assert.equal((await ensureNode('20.11.1', offline(cache))).version, 'v20.11.1');
    assert.equal(await resolveNodeVersion('20', { ...offline(cache), offlineCached: true }), '20.11.1');
    await assert.rejects(resolveNodeVersion('20', offline(cache)), /cannot reach/);
  });
});

after(() => {
  for (const name of readdirSync(tmpdir()))
    if (name.startsWith('wb-node-cache-')) rmSync(join(tmpdir(), name), { recursive: true, force: true });
});
