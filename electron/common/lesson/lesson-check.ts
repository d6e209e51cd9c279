/**
 * What a lesson step may claim about a run, and the check of such a claim against a {@link RunResult}.
 * One vocabulary for both: `parseRunExpectation` refuses anything `evaluateExpectation` could not judge,
 * so a lesson cannot state something the app would silently ignore. Pure; runs anywhere.
 */
import { parseDriverId, formatDriverId } from '../run/driver-id.ts';
import {
  CANARY_NAMES,
  ENFORCERS,
  RUN_STATUSES,
  type CanaryName,
  type Enforcer,
  type RunResult,
  type RunStatus,
} from '../run/result.ts';
import {
  anyJson,
  arr,
  bool,
  check,
  num,
  obj,
  oneOf,
  optional,
  SchemaError,
  str,
  type Schema,
} from '../protocol/schema.ts';

/** A closed range; either end may be left open. */
export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/**
 * What the app will show for a run. Every field is optional; all fields given must hold. Regular
 * expressions are JavaScript syntax without slashes, case-sensitive.
 */
export interface RunExpectation {
  /** The run's status, or any of several. */
  readonly status?: RunStatus | readonly RunStatus[];
  /** The verdict's `escaped`. */
  readonly escaped?: boolean;
  /** Exactly these canaries were breached (order does not matter; `[]` = none). */
  readonly breaches?: readonly CanaryName[];
  /** At least these canaries were breached (others may be too). */
  readonly breachesInclude?: readonly CanaryName[];
  /** The completion value, compared as JSON. */
  readonly result?: unknown;
  /** A pattern the completion value matches (a string as it is, anything else as JSON). */
  readonly resultMatches?: string;
  /** Patterns the captured output matches. */
  readonly stdoutMatches?: string;
  readonly stderrMatches?: string;
  /** The guest error's name, code and a pattern its message matches; `error` set means an error is expected. */
  readonly error?: { readonly name?: string; readonly code?: string; readonly messageMatches?: string };
  /** What stopped the guest (any limit's `stoppedBy`), or any of several. */
  readonly stoppedBy?: Enforcer | readonly Enforcer[];
  /** How far past the memory budget the guest got before it was stopped, in MB. */
  readonly memoryOvershootMb?: Range;
  /** Peak RSS per worker id (`host`, `child-1`…) from the run's samples, in MB. Threads have no RSS of their own. */
  readonly peakRssMb?: Readonly<Record<string, Range>>;
}

/** One judged field of an expectation. */
export interface CheckItem {
  readonly passed: boolean;
  /** What was expected and what the run showed, in words. */
  readonly message: string;
}

export interface CheckOutcome {
  readonly passed: boolean;
  /** One line for a person: the failures when it failed, else what held. */
  readonly explanation: string;
  readonly items: readonly CheckItem[];
}

const MB = 1024 * 1024;
const MAX_PATTERN = 500;

const regexSource: Schema<string> = (v, path) => {
  const text = str({ min: 1, max: MAX_PATTERN })(v, path);
  try {
    new RegExp(text);
  } catch (error) {
    throw new SchemaError(path, `not a valid regular expression (${(error as Error).message})`);
  }
  return text;
};

function oneOrMany<T extends string>(values: readonly T[]): Schema<T | T[]> {
  const one = oneOf(values);
  const many = arr(one, { max: values.length });
  return (v, path) => {
    if (!Array.isArray(v)) return one(v, path);
    // An empty list could never hold: refuse it rather than ship a step that always fails.
    if (v.length === 0) throw new SchemaError(path, 'give at least one value');
    return many(v, path);
  };
}

const range = obj({ min: optional(num({ min: 0 })), max: optional(num({ min: 0 })) });

const rangeMap: Schema<Record<string, Range>> = (v, path) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SchemaError(path, 'expected an object');
  const out: Record<string, Range> = {};
  for (const [key, value] of Object.entries(v)) {
    if (!/^(host|thread-\d+|child-\d+)$/.test(key)) {
      throw new SchemaError(path, `"${key}" is not a worker id (host, thread-N, child-N)`);
    }
    out[key] = range(value, `${path}.${key}`);
  }
  return out;
};

const expectationSchema = obj({
  status: optional(oneOrMany(RUN_STATUSES)),
  escaped: optional(bool),
  breaches: optional(arr(oneOf(CANARY_NAMES), { max: CANARY_NAMES.length })),
  breachesInclude: optional(arr(oneOf(CANARY_NAMES), { max: CANARY_NAMES.length })),
  result: optional(anyJson),
  resultMatches: optional(regexSource),
  stdoutMatches: optional(regexSource),
  stderrMatches: optional(regexSource),
  error: optional(
    obj({
      name: optional(str({ min: 1, max: 100 })),
      code: optional(str({ min: 1, max: 100 })),
      messageMatches: optional(regexSource),
    }),
  ),
  stoppedBy: optional(oneOrMany(ENFORCERS)),
  memoryOvershootMb: optional(range),
  peakRssMb: optional(rangeMap),
});

/** Check an expectation written by a lesson author; the reason names the field at fault. */
export function parseRunExpectation(
  value: unknown,
): { ok: true; value: RunExpectation } | { ok: false; reason: string } {
  const checked = check(expectationSchema, value);
  if (!checked.ok) return checked;
  if (Object.keys(checked.value).length === 0) return { ok: false, reason: 'an expectation must say something' };
  return checked;
}

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');
const asArray = <T>(x: T | readonly T[]): readonly T[] => (Array.isArray(x) ? (x as readonly T[]) : [x as T]);
const show = (value: unknown): string => {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};
const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;
const inRange = (value: number, r: Range): boolean =>
  (r.min === undefined || value >= r.min) && (r.max === undefined || value <= r.max);
const rangeText = (r: Range): string =>
  r.min !== undefined && r.max !== undefined
    ? `between ${r.min} and ${r.max} MB`
    : r.min !== undefined
      ? `at least ${r.min} MB`
      : `at most ${r.max ?? '∞'} MB`;

/** JSON equality: what a result looks like after crossing a boundary. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function item(passed: boolean, message: string): CheckItem {
  return { passed, message };
}

/** Judge every field of `expect` against `result`. */
export function evaluateExpectation(expect: RunExpectation, result: RunResult): CheckOutcome {
  const items: CheckItem[] = [];
  const breached = [...new Set(result.verdict.breaches.map((b) => b.canary))].sort();

  if (expect.status !== undefined) {
    const wanted = asArray(expect.status);
    items.push(
      wanted.includes(result.status)
        ? item(true, `status ${result.status}`)
        : item(false, `expected status ${wanted.join(' or ')}, got ${result.status}`),
    );
  }
  if (expect.escaped !== undefined) {
    const word = (e: boolean): string => (e ? 'escaped' : 'contained');
    items.push(
      result.verdict.escaped === expect.escaped
        ? item(true, `verdict ${word(expect.escaped)}`)
        : item(
            false,
            `expected the verdict ${word(expect.escaped)}, got ${word(result.verdict.escaped)} (breaches: ${list(breached)})`,
          ),
    );
  }
  if (expect.breaches !== undefined) {
    const wanted = [...new Set(expect.breaches)].sort();
    items.push(
      wanted.join() === breached.join()
        ? item(true, `breaches: ${list(breached)}`)
        : item(false, `expected breaches ${list(wanted)}, got ${list(breached)}`),
    );
  }
  if (expect.breachesInclude !== undefined) {
    const missing = expect.breachesInclude.filter((c) => !breached.includes(c));
    items.push(
      missing.length === 0
        ? item(true, `breaches include ${list([...expect.breachesInclude])}`)
        : item(false, `expected breaches to include ${list(missing)}, got ${list(breached)}`),
    );
  }
  if (Object.hasOwn(expect, 'result')) {
    items.push(
      sameJson(expect.result, result.result)
        ? item(true, `result ${show(result.result)}`)
        : item(false, `expected result ${show(expect.result)}, got ${show(result.result)}`),
    );
  }
  if (expect.resultMatches !== undefined) {
    const text = typeof result.result === 'string' ? result.result : (JSON.stringify(result.result) ?? 'undefined');
    items.push(
      new RegExp(expect.resultMatches).test(text)
        ? item(true, `result matches /${expect.resultMatches}/`)
        : item(false, `expected the result to match /${expect.resultMatches}/, got ${show(result.result)}`),
    );
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const pattern = expect[`${stream}Matches`];
    if (pattern === undefined) continue;
    items.push(
      new RegExp(pattern).test(result[stream])
        ? item(true, `${stream} matches /${pattern}/`)
        : item(false, `expected ${stream} to match /${pattern}/, got ${show(result[stream])}`),
    );
  }
  if (expect.error !== undefined) items.push(...errorItems(expect.error, result));
  if (expect.stoppedBy !== undefined) {
    const wanted = asArray(expect.stoppedBy);
    const stoppers = Object.entries(result.limits)
      .filter(([, report]) => report.stoppedBy !== undefined)
      .map(([limit, report]) => `${report.stoppedBy} (${limit})`);
    const hit = Object.values(result.limits).some((r) => r.stoppedBy !== undefined && wanted.includes(r.stoppedBy));
    items.push(
      hit
        ? item(true, `stopped by ${list(stoppers)}`)
        : item(
            false,
            `expected the guest to be stopped by ${wanted.join(' or ')}, got ${stoppers.length ? stoppers.join(', ') : 'nothing stopped it'}`,
          ),
    );
  }
  if (expect.memoryOvershootMb !== undefined) {
    const overshoot = result.limits.memory.overshoot;
    items.push(
      overshoot !== undefined && inRange(overshoot / MB, expect.memoryOvershootMb)
        ? item(true, `memory overshoot ${mb(overshoot)}`)
        : item(
            false,
            `expected a memory overshoot ${rangeText(expect.memoryOvershootMb)}, got ${overshoot === undefined ? 'none (the memory limit was not hit)' : mb(overshoot)}`,
          ),
    );
  }
  for (const [worker, r] of Object.entries(expect.peakRssMb ?? {})) {
    const peak = peakRss(result, worker);
    items.push(
      peak !== undefined && inRange(peak / MB, r)
        ? item(true, `peak RSS of ${worker} ${mb(peak)}`)
        : item(
            false,
            `expected the peak RSS of ${worker} ${rangeText(r)}, got ${peak === undefined ? 'no RSS sample of it' : mb(peak)}`,
          ),
    );
  }

  const failures = items.filter((i) => !i.passed);
  const passed = failures.length === 0;
  return { passed, explanation: (passed ? items : failures).map((i) => i.message).join('; '), items };
}

function errorItems(want: NonNullable<RunExpectation['error']>, result: RunResult): CheckItem[] {
  const got = result.error;
  if (!got)
    return [item(false, `expected an error${want.name ? ` ${want.name}` : ''}, got none (status ${result.status})`)];
  const items: CheckItem[] = [];
  if (want.name !== undefined) {
    items.push(
      got.name === want.name
        ? item(true, `error ${got.name}`)
        : item(false, `expected error ${want.name}, got ${got.name}: ${got.message.slice(0, 100)}`),
    );
  }
  if (want.code !== undefined) {
    items.push(
      got.code === want.code
        ? item(true, `error code ${got.code}`)
        : item(false, `expected error code ${want.code}, got ${got.code ?? 'no code'}`),
    );
  }
  if (want.messageMatches !== undefined) {
    items.push(
      new RegExp(want.messageMatches).test(got.message)
        ? item(true, `error message matches /${want.messageMatches}/`)
        : item(false, `expected the error message to match /${want.messageMatches}/, got ${show(got.message)}`),
    );
  }
  if (items.length === 0) items.push(item(true, `error ${got.name}`));
  return items;
}

function peakRss(result: RunResult, worker: string): number | undefined {
  let peak: number | undefined;
  for (const s of result.samples) {
    if (s.worker === worker && s.rssBytes !== undefined) peak = Math.max(peak ?? 0, s.rssBytes);
  }
  return peak;
}

/**
 * Judge a run made for a lesson step: the run must have used the step's driver (a check passed under
 * another driver would prove nothing about the lesson), then the expectation must hold.
 */
export function evaluateStepRun(stepDriver: string, expect: RunExpectation, result: RunResult): CheckOutcome {
  const parsed = parseDriverId(stepDriver);
  const wanted = parsed.ok ? formatDriverId(parsed.id) : stepDriver;
  if (result.driver !== wanted) {
    const message = `this step runs under ${wanted}, the run used ${result.driver}`;
    return { passed: false, explanation: message, items: [item(false, message)] };
  }
  return evaluateExpectation(expect, result);
}

/**
 * What judging a lesson's check needs of the lesson (lesson.ts's Lesson has it; written out here so this
 * module, which lesson.ts imports, does not import lesson.ts back).
 */
export interface CheckedLesson {
  readonly steps: readonly { readonly n: number; readonly request: { readonly driver?: string } }[];
  readonly check: { readonly step: number; readonly expect: RunExpectation };
}

/** The lesson's closing check, judged on a run of the step it names. */
export function evaluateLessonCheck(lesson: CheckedLesson, result: RunResult): CheckOutcome {
  const step = lesson.steps.find((s) => s.n === lesson.check.step);
  // The parser guarantees the step exists; a hand-made lesson object might not.
  if (!step) {
    const message = `the check names step ${lesson.check.step}, which this lesson does not have`;
    return { passed: false, explanation: message, items: [item(false, message)] };
  }
  return evaluateStepRun(step.request.driver ?? 'worker', lesson.check.expect, result);
}
