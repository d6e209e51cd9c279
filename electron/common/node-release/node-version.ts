/**
 * Node release versions and the specs a user names them by (`--node 22`, `--node 22.12`, `--node 20.11.0`):
 * parsing, ordering and choosing the newest release a spec matches. Pure, so the CLI, the engine and the UI
 * check a spec the same way.
 */

/** A release version, `MAJOR.MINOR.PATCH` (no `v`, no pre-release suffix). */
export type NodeVersion = string;

/** A spec: `22`, `22.12`, `22.12.0` (a leading `v` is allowed), or `default` for the pinned Node. */
export const NODE_SPEC_PATTERN = /^v?\d{1,3}(\.\d{1,4}){0,2}$/;

/** The longest spec text accepted anywhere (schema bound). */
export const MAX_NODE_SPEC_CHARS = 16;

export interface ParsedSpec {
  /** The numbers given, 1 to 3 of them. */
  readonly parts: readonly number[];
  /** Whether all three were given: an exact release. */
  readonly exact: boolean;
}

/** The spec's numbers, or a one-line reason it is not one. */
export function parseNodeSpec(spec: string): ParsedSpec | string {
  const text = spec.trim();
  if (!NODE_SPEC_PATTERN.test(text))
    return `not a Node version: ${JSON.stringify(spec.slice(0, 40))} (expected e.g. 22, 22.12 or 22.12.0)`;
  const parts = text.replace(/^v/, '').split('.').map(Number);
  return { parts, exact: parts.length === 3 };
}

/** A release's numbers, or undefined for anything else (pre-releases such as `4.1.0-pkg1` included). */
export function releaseParts(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** `v22.12.0` or `22.12.0` → `22.12.0`; undefined when it is not a release version. */
export function normalizeVersion(version: string): NodeVersion | undefined {
  const p = releaseParts(version.trim());
  return p ? p.join('.') : undefined;
}

/** Semver order of two release versions (negative when `a` is older). */
export function compareVersions(a: string, b: string): number {
  const pa = releaseParts(a) ?? [0, 0, 0];
  const pb = releaseParts(b) ?? [0, 0, 0];
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

/** The release versions among `versions`, oldest first, without duplicates. */
export function sortReleases(versions: Iterable<string>): NodeVersion[] {
  const set = new Set<string>();
  for (const v of versions) {
    const n = normalizeVersion(v);
    if (n) set.add(n);
  }
  return [...set].sort(compareVersions);
}

/** Whether `version` is one the spec names (`22` matches every 22.x.y; `22.12.0` only itself). */
export function specMatches(spec: ParsedSpec, version: string): boolean {
  const p = releaseParts(version);
  return p !== undefined && spec.parts.every((n, i) => p[i] === n);
}

/** The newest of `versions` the spec matches, or undefined. */
export function newestMatching(spec: string, versions: Iterable<string>): NodeVersion | undefined {
  const parsed = parseNodeSpec(spec);
  if (typeof parsed === 'string') return undefined;
  let best: NodeVersion | undefined;
  for (const v of versions) {
    if (!specMatches(parsed, v)) continue;
    const n = normalizeVersion(v)!;
    if (best === undefined || compareVersions(n, best) > 0) best = n;
  }
  return best;
}

/** The major version of a release (`v24.21.0` → 24), NaN when it is not one. */
export function majorOf(version: string): number {
  return releaseParts(version)?.[0] ?? Number.NaN;
}
