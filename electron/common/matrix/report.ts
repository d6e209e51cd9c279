/**
 * The shape of a matrix report (probes × drivers under one policy preset), shared by the engine that
 * produces it, the formatters that print it, and the UI that shows it as it fills. Pure types.
 */
import type { compareWithExpected } from './matrix-verdict.ts';
import type { ExpectedOutcome, ProbeMeta, VerdictClass } from './probe-header.ts';
import type { RunResult } from '../run/result.ts';
import type { HardeningFlag } from '../run/run-spec.ts';

/** `default` = the driver's own defaults; `hardened` = scrubbed env, jail-only fs, no child processes. */
export type PolicyPreset = 'default' | 'hardened';

export interface MatrixProgress {
  readonly done: number;
  readonly total: number;
  readonly escapes: number;
  readonly elapsedMs: number;
  /** Estimated time left, from the cells done so far. */
  readonly etaMs?: number;
}

/** One run of a cell, kept for every repetition when a matrix runs its cells more than once. */
export interface CellRepetition {
  readonly verdict: VerdictClass;
  readonly canaries: readonly string[];
  readonly status?: RunResult['status'];
  /** The repetition's evidence line, cut (attacker-influenced: render as text only). */
  readonly detail: string;
}

/**
 * One probe under one driver: the verdict class, its evidence, and the run's vital numbers. Run more than
 * once (`--repeat N`), the cell shows its most severe repetition (matrix/repetitions.ts).
 */
export interface MatrixCell {
  readonly probe: string;
  /** The column: a driver id, or `driver@release` in a matrix over Node releases. */
  readonly driver: string;
  /** The Node release the cell ran on, in a matrix over releases (`--node a,b,c`). */
  readonly node?: string;
  readonly verdict: VerdictClass;
  readonly detail: string;
  readonly canaries: readonly string[];
  readonly overshoot?: number;
  readonly expected?: ExpectedOutcome;
  readonly comparison: ReturnType<typeof compareWithExpected>;
  readonly status?: RunResult['status'];
  readonly durationMs?: number;
  readonly peakMemoryBytes?: number;
  readonly cpuMs?: number;
  /** Output, cut to a few thousand characters (attacker-controlled: render as text only). */
  readonly stdout?: string;
  readonly stderr?: string;
  /** Every repetition in run order, when the matrix ran each cell more than once. */
  readonly runs?: readonly CellRepetition[];
  /** The repetitions did not all reach the same verdict class. */
  readonly unstable?: boolean;
  /**
   * Contradictions the run's result showed against itself (result-consistency.ts), over all repetitions: a
   * workbench error — the figures behind the verdict cannot be trusted — shown loudly in every format.
   */
  readonly inconsistent?: readonly string[];
}

export interface MatrixReport {
  readonly generatedAt: string;
  readonly node: string;
  readonly platform: string;
  readonly policy: PolicyPreset;
  /** Node's hardening flags added to every cell's policy (`matrix --harden`); absent when none. */
  readonly hardening?: readonly HardeningFlag[];
  readonly probes: ReadonlyArray<ProbeMeta & { readonly file: string }>;
  /** The columns, in order: driver ids, or `driver@release` grouped by release when `nodes` is given. */
  readonly drivers: readonly string[];
  /** The Node releases of a matrix over releases (`--node a,b,c`), one column group each; absent otherwise. */
  readonly nodes?: readonly string[];
  readonly cells: readonly MatrixCell[];
  /** How many times each cell ran (1–5); absent in reports made before repetitions existed. */
  readonly repeat?: number;
  readonly durationMs: number;
  readonly cancelled: boolean;
}

/** The report's policy as the formats name it: the preset, and the hardening flags added to it. */
export function policyText(report: Pick<MatrixReport, 'policy' | 'hardening'>): string {
  return report.hardening?.length ? `${report.policy} + --${report.hardening.join(' --')}` : report.policy;
}
