/**
 * Whether a probe's CVE is open on a Node release, by its header (`fixed-in`, `introduced-in`; checked against
 * the security-wg records by cve-records.test.ts): a release of a line the probe names is vulnerable below that
 * line's fix (and from its `introduced-in`, when known); a line newer than every fixed line was never
 * vulnerable; anything else is not known. The matrix expects any outcome from a vulnerable release — its
 * expectations are written for patched ones. Pure.
 */
import { compareVersions, releaseParts } from './node-version.ts';
import type { ProbeMeta } from '../matrix/probe-header.ts';

export function vulnerableAt(meta: Pick<ProbeMeta, 'fixedIn' | 'introducedIn'>, version: string): boolean | undefined {
  if (!meta.fixedIn?.length) return undefined;
  const line = releaseParts(version)?.[0];
  if (line === undefined) return undefined;
  const sameLine = (v: string): boolean => releaseParts(v)?.[0] === line;
  const fixed = meta.fixedIn.find(sameLine);
  if (fixed !== undefined) {
    if (compareVersions(version, fixed) >= 0) return false;
    const introduced = meta.introducedIn?.find(sameLine);
    return introduced === undefined || compareVersions(version, introduced) >= 0;
  }
  const newestFixedLine = Math.max(...meta.fixedIn.map((v) => releaseParts(v)?.[0] ?? 0));
  return line > newestFixedLine ? false : undefined;
}
