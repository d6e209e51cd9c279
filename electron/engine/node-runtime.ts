/**
 * Which Node runs the hosts. Hosts need Node ≥ 24 (type stripping, Permission Model flags, isolated-vm's
 * prebuild). Tried in order: `WORKBENCH_NODE`, the running Node when it is new enough (not inside
 * Electron), the project's pinned `node@24` devDependency, a `node` on PATH. Found once per process.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../common/protocol/errors.ts';
import { findOnPath } from '../node/proc/find-on-path.ts';
import type { HostLauncher } from './host-handle.ts';
import { ISOLATED_VM_PREBUILD_MAJORS, nodeFeatures } from '../common/node-release/node-features.ts';

/** The pinned isolated-vm (package.json), for messages. */
const ISOLATED_VM_VERSION = '7.0.1';

export const MIN_NODE_MAJOR = 24;

export interface NodeRuntime {
  /**
   * `node`: a real Node binary started as a child process. `electron-utility`: Electron's own Node in a
   * utilityProcess (the desktop app without a system Node); isolated-vm cannot load there and there is no
   * Node binary for child guests (the packaged app turns the runAsNode fuse off).
   */
  readonly kind?: 'node' | 'electron-utility';
  readonly path: string;
  readonly version: string;
  /** How hosts are started, when not as a plain child process of `path`. */
  readonly launcher?: HostLauncher;
}

/** Why a driver cannot run on this runtime, or undefined when it can. */
export function runtimeLimitation(runtime: NodeRuntime, boundary: string, evaluator: string): string | undefined {
  if (runtime.kind !== 'electron-utility') {
    const release = nodeFeatures(runtime.version);
    if (evaluator === 'isolated-vm' && !release.isolatedVmPrebuild)
      return `isolated-vm ${ISOLATED_VM_VERSION} has no prebuilt addon for Node ${release.version} (it ships them for Node ${ISOLATED_VM_PREBUILD_MAJORS.join(' and ')} only): unavailable on this release`;
    return undefined;
  }
  if (evaluator === 'isolated-vm')
    return "isolated-vm cannot load inside Electron's own Node (V8 sandbox, no prebuild for its ABI): choose the system Node as host runtime";
  if (boundary === 'process' || boundary === 'os-sandbox')
    return "a child guest needs a Node binary and hosts run in Electron's utility process (the app cannot run as Node): choose the system Node as host runtime";
  return undefined;
}

function majorOf(version: string): number {
  return Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '0', 10);
}

let cached: NodeRuntime | undefined;
/** Not finding one is remembered too: the settings view asks often, and each probe spawns a process. */
let notFound: WorkbenchError | undefined;

export function findNodeRuntime(): NodeRuntime {
  if (cached) return cached;
  if (notFound) throw notFound;
  const candidates: string[] = [];
  if (process.env.WORKBENCH_NODE) candidates.push(process.env.WORKBENCH_NODE);
  if (!process.versions.electron) candidates.push(process.execPath);
  const pinned = fileURLToPath(
    new URL(`../../node_modules/node/bin/node${process.platform === 'win32' ? '.exe' : ''}`, import.meta.url),
  );
  candidates.push(pinned);
  // The desktop app, installed, has neither: a system Node ≥ 24 on PATH is what remains.
  const onPath = findOnPath(process.platform === 'win32' ? 'node.exe' : 'node');
  if (onPath) candidates.push(onPath);
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const version = path === process.execPath ? process.version : probeVersion(path);
    if (version && majorOf(version) >= MIN_NODE_MAJOR) return (cached = { kind: 'node', path, version });
  }
  throw (notFound = new WorkbenchError(
    'unavailable',
    `no Node.js ≥ ${MIN_NODE_MAJOR} found to run hosts (this is ${process.version}). Run \`npm install\` (it brings node@24), or set WORKBENCH_NODE to a Node ≥ ${MIN_NODE_MAJOR} binary.`,
  ));
}

function probeVersion(path: string): string | undefined {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}
