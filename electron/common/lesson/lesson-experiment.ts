/**
 * A lesson's blast-radius experiment (resources/lessons/README.md): a `##` section whose fence is
 * ```blast boundary=both misbehaviour=crash neighbours=3``` followed by a `json expect` naming how many
 * neighbours each boundary loses — `{ "worker": { "lost": 3 }, "process": { "lost": 0 } }`. The app runs it as
 * the Blast radius page does and judges it; lessons.test.ts runs every shipped one. Not a numbered step: it
 * shows neighbours, which a single run cannot. Pure.
 */
import {
  BLAST_BOUNDARIES,
  MAX_NEIGHBOURS,
  MIN_NEIGHBOURS,
  MISBEHAVIOURS,
  type BlastBoundary,
  type BlastResult,
  type Misbehaviour,
} from '../blast/blast.ts';
import type { CheckItem, CheckOutcome } from './lesson-check.ts';
import type { InfoToken } from './lesson-settings.ts';
import { check, num, obj, optional } from '../protocol/schema.ts';

export type ExperimentBoundaries = BlastBoundary | 'both';

export interface LessonExperiment {
  /** The section's `##` heading. */
  readonly title: string;
  /** Markdown before the fence. */
  readonly prose: string;
  readonly boundary: ExperimentBoundaries;
  readonly misbehaviour: Misbehaviour;
  readonly neighbours: number;
  /** Neighbours lost per boundary run. */
  readonly expect: Readonly<Partial<Record<BlastBoundary, { readonly lost: number }>>>;
  /** Markdown after the fence. */
  readonly watch: string;
  /** Numbered steps before it on the page: it is shown after that step. */
  readonly afterStep: number;
  readonly line: number;
}

/** The boundaries an experiment runs, in the order the page shows them. */
export function experimentBoundaries(boundary: ExperimentBoundaries): BlastBoundary[] {
  return boundary === 'both' ? [...BLAST_BOUNDARIES] : [boundary];
}

/** A blast fence's settings, or the problem with them. */
export function experimentSettings(
  tokens: readonly InfoToken[],
): { boundary: ExperimentBoundaries; misbehaviour: Misbehaviour; neighbours: number } | string {
  const values = new Map<string, string>();
  for (const t of tokens) {
    if (!['boundary', 'misbehaviour', 'neighbours'].includes(t.name))
      return `unknown blast setting "${t.name}" (settings: boundary, misbehaviour, neighbours)`;
    if (t.value === undefined) return `"${t.name}" needs a value (${t.name}=…)`;
    if (values.has(t.name)) return `"${t.name}" is given twice`;
    values.set(t.name, t.value);
  }
  const boundary = values.get('boundary') ?? 'both';
  if (boundary !== 'both' && !(BLAST_BOUNDARIES as readonly string[]).includes(boundary))
    return `boundary must be ${[...BLAST_BOUNDARIES, 'both'].join(', ')}, not "${boundary}"`;
  const misbehaviour = values.get('misbehaviour');
  if (!misbehaviour || !(MISBEHAVIOURS as readonly string[]).includes(misbehaviour))
    return `misbehaviour must be one of ${MISBEHAVIOURS.join(', ')}`;
  const text = values.get('neighbours') ?? '3';
  const neighbours = Number(text);
  if (!/^\d+$/.test(text) || neighbours < MIN_NEIGHBOURS || neighbours > MAX_NEIGHBOURS)
    return `neighbours must be a whole number from ${MIN_NEIGHBOURS} to ${MAX_NEIGHBOURS}`;
  return { boundary: boundary as ExperimentBoundaries, misbehaviour: misbehaviour as Misbehaviour, neighbours };
}

const lostOf = obj({ lost: num({ int: true, min: 0, max: MAX_NEIGHBOURS }) });
const expectation = obj({ worker: optional(lostOf), process: optional(lostOf) });

/** The expect fence's claim: exactly the boundaries the experiment runs, each with a count it can reach. */
export function experimentExpectation(
  value: unknown,
  settings: { boundary: ExperimentBoundaries; neighbours: number },
): LessonExperiment['expect'] | string {
  const checked = check(expectation, value);
  if (!checked.ok) return checked.reason;
  const runs = experimentBoundaries(settings.boundary);
  for (const b of BLAST_BOUNDARIES) {
    const claim = checked.value[b];
    if (runs.includes(b) && !claim) return `say how many neighbours "${b}" loses ({ "${b}": { "lost": N } })`;
    if (!runs.includes(b) && claim) return `"${b}" is not run by this experiment (boundary=${settings.boundary})`;
    if (claim && claim.lost > settings.neighbours) return `"${b}" cannot lose more than its ${settings.neighbours}`;
  }
  return checked.value;
}

/** Judge the experiment's results (one per boundary it ran) against its claim. */
export function evaluateExperiment(experiment: LessonExperiment, results: readonly BlastResult[]): CheckOutcome {
  const items: CheckItem[] = experimentBoundaries(experiment.boundary).map((boundary) => {
    const expected = experiment.expect[boundary]!.lost;
    const r = results.find((x) => x.boundary === boundary);
    const name = boundary === 'worker' ? 'threads' : 'processes';
    if (!r) return { passed: false, message: `${name}: no result` };
    return {
      passed: r.lost === expected && r.total === experiment.neighbours,
      message: `${name}: ${expected} of ${experiment.neighbours} lost expected, ${r.lost} of ${r.total} seen`,
    };
  });
  const passed = items.every((i) => i.passed);
  return {
    passed,
    explanation: items
      .filter((i) => i.passed === passed)
      .map((i) => i.message)
      .join('; '),
    items,
  };
}
