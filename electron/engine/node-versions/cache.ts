/**
 * The per-user cache of installed Node versions: one `<version>/` folder each, holding the platform
 * package's files and a marker written last, before the folder is renamed into place. A folder without a
 * valid marker is not an installed version (it is never reused; the next install replaces it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { normalizeVersion } from '../../common/node-release/node-version.ts';
import type { NodeRuntime } from '../node-runtime.ts';
import type { NodeVersionsOptions } from './options.ts';

/** Written into a version's folder once it is complete and checked. */
export const MARKER_FILE = '.workbench-node.json';

export interface InstallMarker {
  /** `22.12.0` */
  readonly version: string;
  /** What the binary answered to `--version`: `v22.12.0`. */
  readonly reported: string;
  /** The binary, relative to the version's folder. */
  readonly bin: string;
  readonly integrity: string;
  readonly tarball: string;
  readonly installedAt: string;
}

export function nodeCacheDir(options: Pick<NodeVersionsOptions, 'cacheDir'> = {}): string {
  if (options.cacheDir) return options.cacheDir;
  if (process.env.WORKBENCH_NODE_CACHE) return process.env.WORKBENCH_NODE_CACHE;
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? (process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
        : join(homedir(), '.cache'));
  return join(base, 'sandbox-workbench', 'node');
}

export function versionDir(version: string, options: Pick<NodeVersionsOptions, 'cacheDir'> = {}): string {
  return join(nodeCacheDir(options), version);
}

/** The marker of an installed version, when its folder has a valid one and the binary it names. */
export function readMarker(dir: string): InstallMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')) as Partial<InstallMarker>;
    if (
      typeof marker.version !== 'string' ||
      typeof marker.reported !== 'string' ||
      typeof marker.bin !== 'string' ||
      marker.bin.split(/[\\/]/).includes('..') ||
      !existsSync(join(dir, marker.bin))
    )
      return undefined;
    return marker as InstallMarker;
  } catch {
    return undefined;
  }
}

/** The cached runtime of an exact version, or undefined; never touches the network. */
export function installedNode(version: string, options: NodeVersionsOptions = {}): NodeRuntime | undefined {
  const exact = normalizeVersion(version);
  if (!exact) return undefined;
  const dir = versionDir(exact, options);
  const marker = readMarker(dir);
  if (!marker || marker.version !== exact) return undefined;
  return { kind: 'node', path: join(dir, marker.bin), version: marker.reported };
}
