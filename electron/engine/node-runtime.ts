/**
 * Which Node runs the hosts. Hosts need Node ≥ 24 (type stripping, Permission Model flags, isolated-vm's
 * prebuild). The running Node is used when it is new enough; otherwise the project's pinned `node@24`
 * devDependency, then `WORKBENCH_NODE`. Found once per process.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../common/errors.ts';

export const MIN_NODE_MAJOR = 24;

export interface NodeRuntime {
  readonly path: string;
  readonly version: string;
}

function majorOf(version: string): number {
  return Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '0', 10);
}

let cached: NodeRuntime | undefined;

export function findNodeRuntime(): NodeRuntime {
  if (cached) return cached;
  const candidates: string[] = [];
  if (process.env.WORKBENCH_NODE) candidates.push(process.env.WORKBENCH_NODE);
  if (!process.versions.electron) candidates.push(process.execPath);
  const pinned = fileURLToPath(
    new URL(`../../node_modules/node/bin/node${process.platform === 'win32' ? '.exe' : ''}`, import.meta.url),
  );
  candidates.push(pinned);
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const version = path === process.execPath ? process.version : probeVersion(path);
    if (version && majorOf(version) >= MIN_NODE_MAJOR) return (cached = { path, version });
  }
  throw new WorkbenchError(
    'unavailable',
    `no Node.js ≥ ${MIN_NODE_MAJOR} found to run hosts (this is ${process.version}). Run \`npm install\` (it brings node@24), or set WORKBENCH_NODE to a Node ≥ ${MIN_NODE_MAJOR} binary.`,
  );
}

function probeVersion(path: string): string | undefined {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}
