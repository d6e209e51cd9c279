/**
 * Probe files (resources/probes/README.md): the front-matter header parsed into metadata, and expected
 * outcomes matched against driver ids. Pure; a file without a header is still a probe, with defaults.
 */

export const PROBE_CATEGORIES = [
  'scope',
  'prototype',
  'permission-model',
  'env',
  'fs',
  'network',
  'child-process',
  'memory',
  'cpu',
  'async',
  'crash',
  'ipc',
  'timing',
  'uncategorised',
] as const;
export type ProbeCategory = (typeof PROBE_CATEGORIES)[number];

export const VERDICT_CLASSES = [
  'contained',
  'escaped',
  'limit-enforced',
  'limit-bypassed',
  'host-crashed',
  'error',
] as const;
export type VerdictClass = (typeof VERDICT_CLASSES)[number];
export type ExpectedOutcome = VerdictClass | 'any';

export type AttackedLimit = 'memory' | 'timeout' | 'output' | 'none';

export interface Expectation {
  readonly pattern: string;
  readonly outcome: ExpectedOutcome;
}

export interface ProbeMeta {
  readonly id: string;
  readonly title: string;
  readonly category: ProbeCategory;
  readonly goal: string;
  readonly technique: string;
  readonly references: readonly string[];
  readonly attacks: AttackedLimit;
  readonly limits: { readonly timeoutMs?: number; readonly memoryMb?: number };
  readonly expect: readonly Expectation[];
  readonly expectHardened: readonly Expectation[];
  /** CVE ids the probe reproduces (`cve:`); present only when the header names some. */
  readonly cve?: readonly string[];
  /**
   * The first patched release of each release line (`fixed-in: 20.20.0, 22.22.0, 24.13.0`), one per major,
   * oldest first; present only when the header has the key.
   */
  readonly fixedIn?: readonly string[];
  /** The first vulnerable release of each line, where known (`introduced-in:`), as `fixedIn`. */
  readonly introducedIn?: readonly string[];
  /** Problems found in the header (unknown keys, bad values); the probe still runs. */
  readonly warnings: readonly string[];
}

const HEADER = /^\s*\/\*---\s*\n([\s\S]*?)\n\s*---\*\//;
const KEYS = new Set([
  'id',
  'title',
  'category',
  'goal',
  'technique',
  'references',
  'attacks',
  'limits',
  'expect',
  'expect-hardened',
  'cve',
  'fixed-in',
  'introduced-in',
]);

const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;
const RELEASE = /^(\d{1,3})\.(\d{1,4})\.(\d{1,4})$/;

function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `20.20.0, 22.22.0`: releases, at most one per major, oldest first; anything else is a warning. */
function parseReleases(key: string, text: string, warnings: string[]): string[] {
  const byMajor = new Map<number, string>();
  for (const v of parseList(text)) {
    const m = RELEASE.exec(v);
    if (!m) warnings.push(`bad ${key} version "${v.slice(0, 30)}" (expected MAJOR.MINOR.PATCH)`);
    else if (byMajor.has(Number(m[1]))) warnings.push(`${key} names release line ${m[1]} twice`);
    else byMajor.set(Number(m[1]), v);
  }
  return [...byMajor.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

function defaultAttacks(category: ProbeCategory): AttackedLimit {
  if (category === 'memory') return 'memory';
  if (category === 'cpu' || category === 'async') return 'timeout';
  return 'none';
}

export function parseExpectations(text: string, warnings: string[]): Expectation[] {
  const out: Expectation[] = [];
  for (const part of text.split(';')) {
    if (!part.trim()) continue;
    const pieces = part.split('=').map((s) => s.trim());
    const [pattern, outcome] = pieces;
    if (pieces.length !== 2 || !pattern || !outcome || !/^[a-z0-9*+-]+$/.test(pattern)) {
      warnings.push(`bad expectation "${part.trim()}"`);
      continue;
    }
    if (outcome !== 'any' && !(VERDICT_CLASSES as readonly string[]).includes(outcome)) {
      warnings.push(`unknown outcome "${outcome}" in "${part.trim()}"`);
      continue;
    }
    out.push({ pattern, outcome: outcome as ExpectedOutcome });
  }
  return out;
}

/** Parse a probe's source; `fileId` (the file name without extension) is the fallback id. */
export function parseProbe(source: string, fileId: string): ProbeMeta {
  const warnings: string[] = [];
  const fields = new Map<string, string>();
  const header = HEADER.exec(source);
  if (header) {
    for (const line of header[1]!.split('\n')) {
      if (!line.trim()) continue;
      const at = line.indexOf(':');
      const key = at > 0 ? line.slice(0, at).trim() : '';
      if (!KEYS.has(key)) {
        warnings.push(`unknown header line "${line.trim().slice(0, 60)}"`);
        continue;
      }
      fields.set(key, line.slice(at + 1).trim());
    }
  }
  const categoryText = fields.get('category') ?? 'uncategorised';
  let category = categoryText as ProbeCategory;
  if (!(PROBE_CATEGORIES as readonly string[]).includes(categoryText)) {
    warnings.push(`unknown category "${categoryText}"`);
    category = 'uncategorised';
  }
  const attacksText = fields.get('attacks');
  let attacks = defaultAttacks(category);
  if (attacksText !== undefined) {
    if (['memory', 'timeout', 'output', 'none'].includes(attacksText)) attacks = attacksText as AttackedLimit;
    else warnings.push(`unknown attacks "${attacksText}"`);
  }
  const limits: { timeoutMs?: number; memoryMb?: number } = {};
  for (const part of (fields.get('limits') ?? '').split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!k) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) warnings.push(`bad limit "${part.trim()}"`);
    else if (k === 'timeout') limits.timeoutMs = n;
    else if (k === 'memory') limits.memoryMb = n;
    else warnings.push(`unknown limit "${k}"`);
  }
  const expect = parseExpectations(fields.get('expect') ?? '', warnings);
  const hardenedText = fields.get('expect-hardened');
  const cveText = fields.get('cve');
  const cve = cveText === undefined ? undefined : parseList(cveText);
  for (const id of cve ?? [])
    if (!CVE_ID.test(id)) warnings.push(`bad cve "${id.slice(0, 30)}" (expected CVE-YYYY-NNNN)`);
  const fixedText = fields.get('fixed-in');
  const introducedText = fields.get('introduced-in');
  const fixedIn = fixedText === undefined ? undefined : parseReleases('fixed-in', fixedText, warnings);
  const introducedIn =
    introducedText === undefined ? undefined : parseReleases('introduced-in', introducedText, warnings);
  if (fixedIn && !cve) warnings.push('fixed-in without cve');
  return {
    id: fields.get('id') || fileId,
    title: fields.get('title') || fileId,
    category,
    goal: fields.get('goal') ?? '',
    technique: fields.get('technique') ?? '',
    references: (fields.get('references') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    attacks,
    limits,
    expect,
    expectHardened: hardenedText === undefined ? expect : parseExpectations(hardenedText, warnings),
    ...(cve ? { cve: cve.filter((id) => CVE_ID.test(id)) } : {}),
    ...(fixedIn ? { fixedIn } : {}),
    ...(introducedIn ? { introducedIn } : {}),
    warnings,
  };
}

/** How specific a pattern is: its literal characters. An exact id beats any wildcard. */
function specificity(pattern: string): number {
  return pattern.includes('*') ? pattern.replaceAll('*', '').length : 1000 + pattern.length;
}

export function matchesPattern(pattern: string, driverId: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(driverId);
}

/** The expected outcome for a driver, by the most specific matching pattern; undefined if none matches. */
export function expectedOutcome(expectations: readonly Expectation[], driverId: string): ExpectedOutcome | undefined {
  let best: Expectation | undefined;
  for (const e of expectations) {
    if (!matchesPattern(e.pattern, driverId)) continue;
    if (!best || specificity(e.pattern) > specificity(best.pattern)) best = e;
  }
  return best?.outcome;
}
