/**
 * `workbench bisect`: the first Node release where a probe's verdict class changes, by binary search over
 * the releases the registry serves. Pure: the releases and `verdictAt(version)` (install that Node, run the
 * probe, judge it) are injected, so the search is table-tested without a network.
 *
 * The search assumes one change between `from` and `to`. When verdicts are not monotonic (escaped, contained,
 * escaped again), binary search still ends on a real adjacent change — two neighbouring tested releases with
 * different classes — but it may not be the only one; a third class seen on the way is reported as a note.
 * A release whose verdict cannot be had (install failed, the host did not start) is skipped like `git bisect
 * skip`: the search moves to a neighbour, and when skipped releases sit between the last two, the change is
 * reported as lying somewhere among them.
 */
import { compareVersions, releaseParts, sortReleases, type NodeVersion } from './node-version.ts';
import type { VerdictClass } from '../matrix/probe-header.ts';
import { POLICY_PRESETS, type PresetPolicy } from '../matrix/presets.ts';

/**
 * Policies a bisect can run under: the matrix presets, and `read-only` — hardened, but the run folder is
 * readable (canary.txt included) while only the jail is writable: the setting of the CVEs about writing
 * through a descriptor opened for reading (fchmod, futimes, FileHandle.chmod).
 */
export const BISECT_POLICIES = {
  default: POLICY_PRESETS.default,
  hardened: POLICY_PRESETS.hardened,
  'read-only': { ...POLICY_PRESETS.hardened, fsRead: ['$JAIL', '$JAIL/..'] },
} as const satisfies Record<string, PresetPolicy>;
export type BisectPolicy = keyof typeof BISECT_POLICIES;
export const BISECT_POLICY_NAMES = Object.keys(BISECT_POLICIES) as BisectPolicy[];

/** What one release gave: a verdict class, or why there is none. */
export type BisectOutcome =
  | { readonly kind: 'verdict'; readonly verdict: VerdictClass; readonly detail?: string }
  | { readonly kind: 'failed'; readonly reason: string };

export interface BisectStep {
  readonly version: NodeVersion;
  readonly outcome: BisectOutcome;
}

export interface BisectInput {
  /** Releases to search (any order, duplicates and non-releases ignored). */
  readonly versions: readonly string[];
  /** First and last release of the search, inclusive; default the oldest and newest of `versions`. */
  readonly from?: string;
  readonly to?: string;
  /** Only releases of this major version. */
  readonly line?: number;
  readonly verdictAt: (version: NodeVersion) => Promise<BisectOutcome>;
  readonly onStep?: (step: BisectStep) => void;
}

export type BisectStatus =
  /** `changedAt` is the first release with a different class than `from`'s. */
  | 'found'
  /** Both ends have the same class: no change found (a change and a change back would be missed). */
  | 'no-change'
  /** The change lies among `skipped` releases between `lastBefore` and `changedAt`. */
  | 'ambiguous'
  /** No release at one end (or at all) gave a verdict. */
  | 'failed';

export interface BisectResult {
  readonly status: BisectStatus;
  /** Every release tested, in test order. */
  readonly steps: readonly BisectStep[];
  /** The releases searched, oldest first. */
  readonly candidates: readonly NodeVersion[];
  /** The last tested release with the old class, and its class. */
  readonly lastBefore?: NodeVersion;
  readonly before?: VerdictClass;
  /** The first tested release with another class, and its class. */
  readonly changedAt?: NodeVersion;
  readonly after?: VerdictClass;
  /** Releases between `lastBefore` and `changedAt` that gave no verdict. */
  readonly skipped: readonly NodeVersion[];
  readonly notes: readonly string[];
}

/** The releases the search runs over, or a one-line reason there are none. */
export function bisectCandidates(input: Omit<BisectInput, 'verdictAt' | 'onStep'>): NodeVersion[] | string {
  for (const [name, v] of [
    ['from', input.from],
    ['to', input.to],
  ] as const) {
    if (v !== undefined && !releaseParts(v)) return `--${name} must be a release version like 24.12.0, got "${v}"`;
    if (v !== undefined && input.line !== undefined && releaseParts(v)![0] !== input.line)
      return `--${name} ${v} is not in the ${input.line}.x line the search is restricted to`;
  }
  if (input.from && input.to && compareVersions(input.from, input.to) >= 0)
    return `--from ${input.from} must be older than --to ${input.to}`;
  const out = sortReleases(input.versions).filter(
    (v) =>
      (input.line === undefined || releaseParts(v)![0] === input.line) &&
      (input.from === undefined || compareVersions(v, input.from) >= 0) &&
      (input.to === undefined || compareVersions(v, input.to) <= 0),
  );
  if (input.from && !out.includes(releaseParts(input.from)!.join('.')))
    return `${input.from} is not a release the registry serves`;
  if (input.to && !out.includes(releaseParts(input.to)!.join('.')))
    return `${input.to} is not a release the registry serves`;
  if (out.length < 2) return `fewer than two releases to search (${out.join(', ') || 'none'})`;
  return out;
}

export async function bisect(input: BisectInput): Promise<BisectResult> {
  const candidates = bisectCandidates(input);
  if (typeof candidates === 'string') throw new Error(candidates);
  const steps: BisectStep[] = [];
  const notes: string[] = [];
  const known = new Map<number, BisectOutcome>();
  const at = async (i: number): Promise<BisectOutcome> => {
    const seen = known.get(i);
    if (seen) return seen;
    const version = candidates[i]!;
    let outcome: BisectOutcome;
    try {
      outcome = await input.verdictAt(version);
    } catch (error) {
      outcome = { kind: 'failed', reason: (error as Error).message };
    }
    known.set(i, outcome);
    const step = { version, outcome };
    steps.push(step);
    input.onStep?.(step);
    return outcome;
  };
  const verdictOf = (o: BisectOutcome): VerdictClass | undefined => (o.kind === 'verdict' ? o.verdict : undefined);

  // The ends: the nearest releases inward that give a verdict.
  let lo = 0;
  let before: VerdictClass | undefined;
  for (; lo < candidates.length; lo++) if ((before = verdictOf(await at(lo)))) break;
  let hi = candidates.length - 1;
  let after: VerdictClass | undefined;
  if (before) for (; hi > lo; hi--) if ((after = verdictOf(await at(hi)))) break;
  const result = (status: BisectStatus, extra: Partial<BisectResult> = {}): BisectResult => ({
    status,
    steps,
    candidates,
    skipped: [],
    notes,
    ...extra,
  });
  if (!before || !after || hi <= lo) {
    notes.push('no verdict at one end of the range: every release tried there failed');
    return result('failed');
  }
  if (lo > 0) notes.push(`searching from ${candidates[lo]}: ${candidates.slice(0, lo).join(', ')} gave no verdict`);
  if (hi < candidates.length - 1)
    notes.push(`searching up to ${candidates[hi]}: ${candidates.slice(hi + 1).join(', ')} gave no verdict`);
  if (before === after) {
    notes.push(
      `${candidates[lo]} and ${candidates[hi]} are both ${before}: no change in between, unless it changed back`,
    );
    return result('no-change', { lastBefore: candidates[hi], before });
  }
  const thirdClasses = new Set<VerdictClass>();
  // Invariant: lo has class `before`, hi has another class; releases strictly between are untested or failed.
  for (;;) {
    const open = [];
    for (let i = lo + 1; i < hi; i++) if (!known.has(i)) open.push(i);
    if (open.length === 0) break;
    // The untested release nearest the middle of (lo, hi).
    const middle = (lo + hi) / 2;
    const next = open.reduce((best, i) => (Math.abs(i - middle) < Math.abs(best - middle) ? i : best));
    const v = verdictOf(await at(next));
    if (!v) continue;
    if (v === before) lo = next;
    else {
      if (v !== after) thirdClasses.add(v);
      hi = next;
    }
  }
  const hiClass = verdictOf(known.get(hi)!)!;
  if (thirdClasses.size > 0)
    notes.push(
      `more than two classes seen (${[before, after, ...thirdClasses].join(', ')}): the verdict is not monotonic in this range`,
    );
  const skipped = candidates.slice(lo + 1, hi);
  const found = { lastBefore: candidates[lo], before, changedAt: candidates[hi], after: hiClass, skipped };
  if (skipped.length > 0) {
    notes.push(`${skipped.join(', ')} gave no verdict: the change is in one of them or at ${candidates[hi]}`);
    return result('ambiguous', found);
  }
  return result('found', found);
}

/**
 * The release line to search for a probe fixed in several lines (`fixed-in: 20.20.0, 22.22.0, 24.13.0`): the
 * patched release within one line is what a bisect can confirm. The line of `from`/`to` when given (they must
 * agree), else the newest fixed line among `available` majors; undefined for a probe without `fixed-in`
 * (search the whole range). A string is a one-line reason the request cannot be met.
 */
export function chooseLine(
  fixedIn: readonly string[] | undefined,
  from: string | undefined,
  to: string | undefined,
  available: readonly number[],
): number | undefined | string {
  const majors = [from, to].filter((v): v is string => v !== undefined).map((v) => releaseParts(v)?.[0]);
  if (majors.some((m) => m === undefined)) return undefined; // bisectCandidates reports the bad version
  const given = [...new Set(majors as number[])];
  if (!fixedIn || fixedIn.length === 0) return given.length === 1 && majors.length === 2 ? given[0] : undefined;
  const fixedLines = fixedIn.map((v) => releaseParts(v)![0]);
  if (given.length > 1)
    return `--from and --to are in different release lines (${given.join(' and ')}); the probe is fixed per line (${fixedIn.join(', ')}): search one line`;
  if (given.length === 1) return given[0];
  const servable = fixedLines.filter((m) => available.includes(m));
  if (servable.length === 0) return `none of the fixed release lines (${fixedIn.join(', ')}) is served by the registry`;
  return Math.max(...servable);
}

/** The probe's own `fixed-in` release for a line, if it names one. */
export function fixedInLine(fixedIn: readonly string[] | undefined, line: number | undefined): string | undefined {
  if (line === undefined) return fixedIn?.length === 1 ? fixedIn[0] : undefined;
  return fixedIn?.find((v) => releaseParts(v)?.[0] === line);
}
