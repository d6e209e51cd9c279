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
]);

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
