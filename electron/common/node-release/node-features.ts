/**
 * What a Node release offers the workbench, by version: which Permission Model flag it spells how, which
 * `--allow-*` flags exist, which process-hardening flags it accepts, whether it strips TypeScript and whether
 * isolated-vm has a prebuilt addon for it. Every row was measured on the linux-x64 binaries of the registry
 * (`node <flag> -e 0` accepted or "bad option"; the release just before each boundary refuses it), and agrees
 * with the `changes:` history of Node's doc/api/cli.md. Pure: the supervisor, the host and the UI read it.
 */
import { compareVersions, normalizeVersion, releaseParts } from './node-version.ts';

/**
 * The first release of each release line that has a feature, oldest line first. A line that is not listed
 * has it when it is newer than every listed line, and not otherwise (a backport reaches only the lines
 * listed: `--allow-wasi` came to 20.16 and 22.3, never to 21).
 */
type Since = readonly string[];

const SINCE = {
  /** `--experimental-permission` (and the `--allow-fs-*`, `--allow-child-process`, `--allow-worker` flags). */
  permissionModel: ['20.0.0'],
  /** `--permission`: the flag's stable name (the experimental one was an alias until 24.0.0 dropped it). */
  permissionFlag: ['22.13.0', '23.5.0'],
  /** `--experimental-permission` still accepted. */
  experimentalPermissionUntil: ['24.0.0'],
  allowAddons: ['20.12.0', '21.6.0'],
  allowWasi: ['20.16.0', '22.3.0'],
  /** With it the Permission Model also denies the network (connect, fetch, listen) unless `--allow-net`. */
  allowNet: ['25.0.0'],
  disableSigusr1: ['22.14.0', '23.7.0'],
  disableWarning: ['20.11.0', '21.3.0'],
  /** `node:module` `stripTypeScriptTypes`. */
  stripTypes: ['22.13.0', '23.2.0'],
  /**
   * `--allow-fs-read`/`--allow-fs-write` given once per path. Before, each flag takes one comma-separated list
   * and a repeated flag keeps only its last value (measured on 20.3.0 and 20.6.1: of two repeated flags the
   * first path is denied; 20.7.0 reads both, and takes a comma as part of a path).
   */
  fsFlagPerPath: ['20.7.0'],
} as const satisfies Record<string, Since>;

/**
 * Release lines isolated-vm 7.0.1 (the pinned one) ships a prebuilt addon for: ABI 137 (Node 24) and ABI
 * 147 (Node 26), in node_modules/isolated-vm/prebuilds/*. Elsewhere it cannot load (no compiler is run).
 */
export const ISOLATED_VM_PREBUILD_MAJORS: readonly number[] = [24, 26];

/** The oldest Node the host runs on: the Permission Model and the worker APIs the drivers use are there. */
export const MIN_HOST_NODE = '20.0.0';

function has(version: string, since: Since): boolean {
  const parts = releaseParts(version);
  if (!parts) return false;
  const sameLine = since.find((s) => releaseParts(s)?.[0] === parts[0]);
  if (sameLine) return compareVersions(version, sameLine) >= 0;
  const newest = since.at(-1);
  return newest !== undefined && parts[0] > releaseParts(newest)![0];
}

export interface NodeFeatures {
  /** `22.12.0` */
  readonly version: string;
  /** How this release turns the Permission Model on, or undefined when it has none (before 20). */
  readonly permissionFlag?: '--permission' | '--experimental-permission';
  readonly allowAddons: boolean;
  readonly allowWasi: boolean;
  readonly allowNet: boolean;
  readonly disableSigusr1: boolean;
  readonly disableWarning: boolean;
  readonly stripTypes: boolean;
  /** One `--allow-fs-*` flag per path; false: one flag with the paths comma-separated. */
  readonly fsFlagPerPath: boolean;
  readonly isolatedVmPrebuild: boolean;
  /** The host runs on it (≥ {@link MIN_HOST_NODE}). */
  readonly hostSupported: boolean;
}

/** The features of a release (`v22.12.0` or `22.12.0`); everything off for a text that is not one. */
export function nodeFeatures(version: string): NodeFeatures {
  const v = normalizeVersion(version) ?? '0.0.0';
  const permission = has(v, SINCE.permissionModel);
  return {
    version: v,
    ...(permission
      ? { permissionFlag: has(v, SINCE.permissionFlag) ? '--permission' : '--experimental-permission' }
      : {}),
    allowAddons: has(v, SINCE.allowAddons),
    allowWasi: has(v, SINCE.allowWasi),
    allowNet: has(v, SINCE.allowNet),
    disableSigusr1: has(v, SINCE.disableSigusr1),
    disableWarning: has(v, SINCE.disableWarning),
    stripTypes: has(v, SINCE.stripTypes),
    fsFlagPerPath: has(v, SINCE.fsFlagPerPath),
    isolatedVmPrebuild: ISOLATED_VM_PREBUILD_MAJORS.includes(releaseParts(v)?.[0] ?? -1),
    hostSupported: compareVersions(v, MIN_HOST_NODE) >= 0,
  };
}

/** Whether `--experimental-permission` is still accepted (an alias until 24.0.0). */
export function acceptsExperimentalPermission(version: string): boolean {
  return has(version, SINCE.permissionModel) && !has(version, SINCE.experimentalPermissionUntil);
}

/**
 * The flags every workbench Node process (host, child guest) starts with, where the release has them: no
 * inspector on SIGUSR1 (a release without the flag gets a SIGUSR1 listener from its entry instead, see
 * workers/host/no-sigusr1.ts), no ExperimentalWarning noise on stderr.
 */
export function nodeProcessFlags(features: NodeFeatures): string[] {
  return [
    ...(features.disableSigusr1 ? ['--disable-sigusr1'] : []),
    ...(features.disableWarning ? ['--disable-warning=ExperimentalWarning'] : []),
  ];
}
