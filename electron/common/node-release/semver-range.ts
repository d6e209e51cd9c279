/**
 * The subset of npm semver ranges the Node.js security-wg records use (`20.x || 22.x`, `^20.20.0 || ^22.22.0`,
 * `>=6.0.0 <6.2.0`, `>= 10.9.0`, `<= 10`, `9.7.x`, `1.2.3`), for release versions only (no pre-release tags,
 * no build metadata). Pure: the CVE records test and `workbench bisect` read the records with it. Each `||`
 * alternative reduces to one interval of versions, which is all these operators can express.
 */
import { releaseParts } from './node-version.ts';

type Triple = readonly [number, number, number];

/** One `||` alternative: versions from `min` up to `max`, each bound inclusive or not, either absent. */
export interface VersionInterval {
  readonly min?: Triple;
  readonly minInclusive: boolean;
  readonly max?: Triple;
  readonly maxInclusive: boolean;
}

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/;

function cmp(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** `20` → [20], `20.x` → [20], `20.1.x` → [20, 1], `*` → []: the numbers given before any wildcard. */
function partial(text: string): number[] | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  const out: number[] = [];
  for (const part of [m[1], m[2], m[3]]) {
    if (part === undefined || /^[xX*]$/.test(part)) break;
    out.push(Number(part));
  }
  return out;
}

const fill = (p: readonly number[]): Triple => [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];

/** The first version past everything `p` names: `20` → 21.0.0, `20.1` → 20.2.0. */
function after(p: readonly number[]): Triple | undefined {
  if (p.length === 0) return undefined;
  if (p.length === 1) return [p[0]! + 1, 0, 0];
  if (p.length === 2) return [p[0]!, p[1]! + 1, 0];
  return [p[0]!, p[1]!, p[2]! + 1];
}

function comparator(op: string, p: readonly number[]): VersionInterval {
  const open = { minInclusive: true, maxInclusive: false };
  switch (op) {
    case '>=':
      return { ...open, min: fill(p) };
    case '>': {
      const a = p.length === 3 ? undefined : after(p);
      return a ? { ...open, min: a } : { min: fill(p), minInclusive: false, maxInclusive: false };
    }
    case '<':
      return { ...open, max: fill(p) };
    case '<=': {
      const a = p.length === 3 ? undefined : after(p);
      return a ? { ...open, max: a } : { minInclusive: true, max: fill(p), maxInclusive: true };
    }
    case '^': {
      const [a = 0, b = 0] = p;
      const max: Triple | undefined =
        p.length === 0
          ? undefined
          : a > 0 || p.length === 1
            ? [a + 1, 0, 0]
            : b > 0 || p.length === 2
              ? [0, b + 1, 0]
              : after(p);
      return { ...open, min: fill(p), ...(max ? { max } : {}) };
    }
    case '~': {
      const max = p.length >= 2 ? after(p.slice(0, 2)) : after(p);
      return { ...open, min: fill(p), ...(max ? { max } : {}) };
    }
    default: {
      // a bare (partial) version: everything it names
      const max = after(p);
      return { ...open, min: fill(p), ...(max ? { max } : {}) };
    }
  }
}

function intersect(a: VersionInterval, b: VersionInterval): VersionInterval {
  let min = a.min;
  let minInclusive = a.minInclusive;
  if (b.min && (!min || cmp(b.min, min) > 0 || (cmp(b.min, min) === 0 && !b.minInclusive))) {
    min = b.min;
    minInclusive = b.minInclusive;
  }
  let max = a.max;
  let maxInclusive = a.maxInclusive;
  if (b.max && (!max || cmp(b.max, max) < 0 || (cmp(b.max, max) === 0 && !b.maxInclusive))) {
    max = b.max;
    maxInclusive = b.maxInclusive;
  }
  return { ...(min ? { min } : {}), minInclusive, ...(max ? { max } : {}), maxInclusive };
}

/** A range's alternatives, or a one-line reason it is not one this module reads. */
export function parseRange(text: string): VersionInterval[] | string {
  const alternatives: VersionInterval[] = [];
  for (const alt of text.split('||')) {
    const tokens = alt
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (tokens.length === 0) return `empty alternative in range "${text}"`;
    let interval: VersionInterval = { minInclusive: true, maxInclusive: false };
    for (const token of tokens) {
      const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(token)!;
      const p = partial(m[2]!);
      if (!p) return `not a version: "${token}" in range "${text}"`;
      interval = intersect(interval, comparator(m[1] ?? '', p));
    }
    alternatives.push(interval);
  }
  return alternatives;
}

function within(v: Triple, i: VersionInterval): boolean {
  if (i.min && (i.minInclusive ? cmp(v, i.min) < 0 : cmp(v, i.min) <= 0)) return false;
  if (i.max && (i.maxInclusive ? cmp(v, i.max) > 0 : cmp(v, i.max) >= 0)) return false;
  return true;
}

/** Whether a release version satisfies the range; throws on a range this module cannot read. */
export function satisfies(version: string, range: string): boolean {
  const v = releaseParts(version);
  if (!v) throw new Error(`not a release version: ${version}`);
  const parsed = parseRange(range);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed.some((i) => within(v, i));
}

/**
 * The lowest version of release line `major` the range admits, as `MAJOR.MINOR.PATCH`, when that is a bound the
 * range names (`^20.20.0` → 20.20.0 for line 20; `20.x` → 20.0.0); undefined when no alternative reaches that
 * line. For a `patched` range this is the first patched release of the line.
 */
export function lowestInLine(range: string, major: number): string | undefined {
  const parsed = parseRange(range);
  if (typeof parsed === 'string') throw new Error(parsed);
  let best: Triple | undefined;
  for (const i of parsed) {
    const start: Triple = i.min && cmp(i.min, [major, 0, 0]) > 0 ? i.min : [major, 0, 0];
    if (start[0] !== major || !within(start, i)) continue;
    if (!best || cmp(start, best) < 0) best = start;
  }
  return best?.join('.');
}
