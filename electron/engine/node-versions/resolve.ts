/** From a spec the user typed (`22`, `22.12`, `22.12.0`) to one release version the registry serves. */
import { readdirSync } from 'node:fs';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import {
  newestMatching,
  parseNodeSpec,
  sortReleases,
  type NodeVersion,
} from '../../common/node-release/node-version.ts';
import { installedNode, nodeCacheDir } from './cache.ts';
import type { NodeVersionsOptions } from './options.ts';
import { packageMetadata } from './registry.ts';

/** Every release version the registry serves for this platform, oldest first. */
export async function listNodeReleases(options: NodeVersionsOptions = {}): Promise<NodeVersion[]> {
  const metadata = await packageMetadata(options);
  return sortReleases([...metadata.versions.entries()].filter(([, dist]) => dist !== undefined).map(([v]) => v));
}

/** Exact versions installed in the cache, oldest first. */
export function installedVersions(options: NodeVersionsOptions = {}): NodeVersion[] {
  let names: string[];
  try {
    names = readdirSync(nodeCacheDir(options));
  } catch {
    return [];
  }
  return sortReleases(names.filter((name) => installedNode(name, options) !== undefined));
}

export interface ResolveOptions extends NodeVersionsOptions {
  /** A prefix spec may be answered from installed versions when the registry cannot be reached. */
  readonly offlineCached?: boolean;
}

/** The newest release the spec matches. An exact version that is installed needs no network. */
export async function resolveNodeVersion(spec: string, options: ResolveOptions = {}): Promise<NodeVersion> {
  const parsed = parseNodeSpec(spec);
  if (typeof parsed === 'string') throw new WorkbenchError('bad-argument', parsed);
  const text = parsed.parts.join('.');
  if (parsed.exact && installedNode(text, options)) return text;
  let releases: NodeVersion[];
  try {
    releases = await listNodeReleases(options);
  } catch (error) {
    const local = options.offlineCached ? newestMatching(text, installedVersions(options)) : undefined;
    if (local) return local;
    // Said with the version asked for: the message is all a user without a network gets.
    throw new WorkbenchError(
      'unavailable',
      `Node ${text} is not installed${parsed.exact ? '' : ' (no installed release matches it)'} and ${(error as Error).message}`,
    );
  }
  const found = newestMatching(text, releases);
  if (!found) {
    const majors = [...new Set(releases.map((v) => v.split('.')[0]))];
    throw new WorkbenchError(
      'unavailable',
      `no Node release matches ${spec} on the registry for this platform (it serves ${releases.length} releases, majors ${majors.at(0) ?? '?'}–${majors.at(-1) ?? '?'})`,
    );
  }
  return found;
}
