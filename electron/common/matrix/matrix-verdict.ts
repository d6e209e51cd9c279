/**
 * The rules that turn one run of one probe under one driver into a matrix cell verdict (issue #4). Pure and
 * table-tested. Precedence: the host dying beats everything; any canary reached is an escape; then whether
 * the limit the probe attacks held; otherwise the probe was contained.
 */
import type { RunResult } from '../run/result.ts';
import type { AttackedLimit, ExpectedOutcome, ProbeCategory, VerdictClass } from './probe-header.ts';

export interface CellVerdict {
  readonly verdict: VerdictClass;
  /** One line: which canaries with evidence, which limit with its overshoot, or the error. */
  readonly detail: string;
  readonly canaries: readonly string[];
  /** Bytes or ms past the limit, for limit verdicts. */
  readonly overshoot?: number;
}

const MB = 1024 * 1024;

/** What a matrix needs of a run's result (a subset, so cells can be judged from stored JSON too). */
export type JudgedResult = Pick<RunResult, 'status' | 'verdict' | 'limits' | 'peakMemoryBytes' | 'error'>;

export function judgeCell(r: JudgedResult, attacks: AttackedLimit): CellVerdict {
  const canaries = r.verdict.breaches.map((b) => b.canary).filter((c) => c !== 'host-crash');
  if (r.status === 'host-crashed') {
    return { verdict: 'host-crashed', detail: r.error?.message ?? 'the host died', canaries };
  }
  if (canaries.length > 0) {
    const detail = r.verdict.breaches
      .filter((b) => b.canary !== 'host-crash')
      .map((b) => `${b.canary}: ${b.evidence}`)
      .join('; ');
    return { verdict: 'escaped', detail, canaries };
  }
  const memory = r.limits.memory;
  const memoryMb = memory.memoryMb;
  // A budget judged not held (limit-report.ts) is bypassed whatever ended the run and whatever the probe
  // attacked: never "held" next to "exceeded by".
  if (memory.held === false) {
    const exceeded = memory.exceededBytes ?? 0;
    const how =
      r.status === 'memory-limit' ? `stopped late by ${memory.stoppedBy ?? '?'}` : `the run ended ${r.status}`;
    return {
      verdict: 'limit-bypassed',
      detail: `memory limit bypassed: peak ${(r.peakMemoryBytes / MB).toFixed(1)} MB, exceeded by ${(exceeded / MB).toFixed(1)} MB over ${memoryMb} MB + ${((memory.allowanceBytes ?? 0) / MB).toFixed(0)} MB runtime; ${how}`,
      canaries,
      overshoot: exceeded,
    };
  }
  // Results stored before budgets were judged have no `held`: peak against the bare budget.
  const overBudget =
    memory.held === undefined && memoryMb !== undefined && r.peakMemoryBytes > memoryMb * MB
      ? r.peakMemoryBytes - memoryMb * MB
      : 0;
  if (r.status === 'memory-limit') {
    const overshoot = memory.overshoot;
    return {
      verdict: 'limit-enforced',
      detail: `memory limit held (stopped by ${memory.stoppedBy ?? '?'}${overshoot !== undefined ? `, ${(overshoot / MB).toFixed(1)} MB over` : ''})`,
      canaries,
      ...(overshoot !== undefined ? { overshoot } : {}),
    };
  }
  // A memory attack that was not stopped for memory: bypassed if it got past the budget anyway.
  if (attacks === 'memory' && overBudget > 0) {
    const how = r.status === 'ok' ? 'finished' : `ended ${r.status}`;
    return {
      verdict: 'limit-bypassed',
      detail: `memory limit ${memory.enforced ? 'bypassed' : 'not enforced'}: peak ${(r.peakMemoryBytes / MB).toFixed(1)} MB, ${(overBudget / MB).toFixed(1)} MB over ${memoryMb} MB; the run ${how}`,
      canaries,
      overshoot: overBudget,
    };
  }
  if (r.status === 'timeout') {
    const overshoot = r.limits.timeout.overshoot;
    return {
      verdict: 'limit-enforced',
      detail: `timeout held (stopped by ${r.limits.timeout.stoppedBy ?? '?'}${overshoot !== undefined ? `, ${overshoot} ms after the deadline` : ''})`,
      canaries,
      ...(overshoot !== undefined ? { overshoot } : {}),
    };
  }
  if (r.status === 'output-limit') {
    return { verdict: 'limit-enforced', detail: 'output limit held', canaries };
  }
  const why =
    r.status === 'ok'
      ? 'nothing reached'
      : `${r.status}${r.error ? `: ${r.error.name}: ${r.error.message.split('\n')[0]?.slice(0, 160)}` : ''}`;
  return { verdict: 'contained', detail: why, canaries };
}

const MEASUREMENT_CHARS = 200;

/**
 * A `timing` probe reports a measurement, not an escape: when its cell is contained and the run finished,
 * the detail carries what the guest measured (its completion value, cut), so the matrix shows the number.
 * The verdict itself is never changed by what a guest says (DESIGN.md §8).
 */
export function withMeasurement(
  cell: CellVerdict,
  category: ProbeCategory,
  r: Pick<RunResult, 'status' | 'result'>,
): CellVerdict {
  if (category !== 'timing' || cell.verdict !== 'contained' || r.status !== 'ok' || r.result === undefined) return cell;
  let text: string;
  try {
    text = typeof r.result === 'string' ? r.result : (JSON.stringify(r.result) ?? String(r.result));
  } catch {
    text = String(r.result);
  }
  return { ...cell, detail: `measured: ${text.slice(0, MEASUREMENT_CHARS)}` };
}

/** Outcomes that mean the driver held. */
const GOOD: ReadonlySet<VerdictClass> = new Set(['contained', 'limit-enforced']);

/**
 * How an observation compares with the probe's expectation: `worse` when the driver was expected to hold
 * and did not (what `--strict` fails on), `better` the other way round, `differs` for other mismatches.
 */
export function compareWithExpected(
  observed: VerdictClass,
  expected: ExpectedOutcome | undefined,
): 'as-expected' | 'worse' | 'better' | 'differs' | 'no-expectation' {
  if (expected === undefined) return 'no-expectation';
  if (expected === 'any' || expected === observed) return 'as-expected';
  if (observed === 'error' || expected === 'error') return 'differs';
  const good = GOOD.has(observed);
  const expectedGood = GOOD.has(expected);
  if (expectedGood && !good) return 'worse';
  if (!expectedGood && good) return 'better';
  return 'differs';
}
