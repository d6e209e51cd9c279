/**
 * `workbench matrix`: probes × drivers under one policy preset, each cell a real run in its own host, up to
 * N at once, each with a deadline of its own so one stuck cell cannot stall the rest. Produces a report
 * that keeps, per cell, the verdict and the run's status, duration, peak memory and (cut) output.
 */
import { availableParallelism, platform } from 'node:os';
import { performance } from 'node:perf_hooks';
import { judgeCell, compareWithExpected, withMeasurement } from '../common/matrix/matrix-verdict.ts';
import { boundProblems, combineRepetitions, MATRIX_MAX_REPEAT } from '../common/matrix/repetitions.ts';
import { checkResultConsistency } from '../common/run/result-consistency.ts';
import { expectedOutcome, type ExpectedOutcome } from '../common/matrix/probe-header.ts';
import { vulnerableAt } from '../common/node-release/release-vulnerable.ts';
import type { MatrixCell, MatrixProgress, MatrixReport, PolicyPreset } from '../common/matrix/report.ts';
import { POLICY_PRESETS } from '../common/matrix/presets.ts';
import { loadProbes, SHIPPED_PROBES_DIR, type Probe } from './probe-library.ts';
import type { Supervisor } from './supervisor.ts';
import { WorkbenchError } from '../common/protocol/errors.ts';

export type { MatrixCell, MatrixProgress, MatrixReport, PolicyPreset };

export const MATRIX_DEFAULT_TIMEOUT_MS = 2000;
export const MATRIX_DEFAULT_MEMORY_MB = 128;
/** How long past its own timeout a cell may take (host start, stop, drain) before the matrix gives up on it. */
export const CELL_DEADLINE_SLACK_MS = 15_000;
const OUTPUT_KEPT_CHARS = 4000;

export interface MatrixOptions {
  readonly probesDir?: string;
  /** Only these probe ids (kept in the library's order); all of them when absent. */
  readonly probes?: readonly string[];
  readonly drivers?: readonly string[];
  /**
   * Node releases (exact, prepared with `supervisor.prepareNode` first): one column group per release, each
   * column `driver@release`. Absent: one group on the default runtime, columns named by driver alone.
   */
  readonly nodes?: readonly string[];
  readonly policy?: PolicyPreset;
  readonly concurrency?: number;
  /** Runs per cell (1–{@link MATRIX_MAX_REPEAT}, default 1); a cell whose classes differ is marked unstable. */
  readonly repeat?: number;
  readonly onProgress?: (p: MatrixProgress) => void;
  readonly onCell?: (cell: MatrixCell) => void;
  readonly signal?: AbortSignal;
  /** How long past its own timeout a cell may take; tests shorten it. */
  readonly cellDeadlineSlackMs?: number;
}

function cut(text: string): string {
  return text.length > OUTPUT_KEPT_CHARS
    ? `${text.slice(0, OUTPUT_KEPT_CHARS)}… [${text.length - OUTPUT_KEPT_CHARS} more chars]`
    : text;
}

/** The part of the supervisor the matrix uses (tests pass a fake). */
export type MatrixSupervisor = Pick<Supervisor, 'listDrivers' | 'startRun' | 'runtime'>;

export async function runMatrix(supervisor: MatrixSupervisor, options: MatrixOptions = {}): Promise<MatrixReport> {
  const started = performance.now();
  const library = loadProbes(options.probesDir ?? SHIPPED_PROBES_DIR);
  const wanted = options.probes ? new Set(options.probes) : undefined;
  for (const id of wanted ?? []) {
    if (!library.some((p) => p.meta.id === id)) throw new WorkbenchError('bad-argument', `unknown probe "${id}"`);
  }
  const probes = wanted ? library.filter((p) => wanted.has(p.meta.id)) : library;
  const listing = supervisor.listDrivers();
  // Each driver once: a driver named twice would be two identical columns.
  const drivers = [...new Set(options.drivers ?? listing.filter((d) => d.available).map((d) => d.id))];
  const nodes = options.nodes?.length ? [...new Set(options.nodes)] : undefined;
  // A column per driver, or per release × driver (grouped by release): its key names both.
  const columns: Column[] = nodes
    ? nodes.flatMap((node) => {
        const onRelease = supervisor.listDrivers(node);
        return drivers.map((driver) => ({
          key: `${driver}@${node}`,
          driver,
          node,
          listing: onRelease.find((d) => d.id === driver),
        }));
      })
    : drivers.map((driver) => ({ key: driver, driver, listing: listing.find((d) => d.id === driver) }));
  for (const id of drivers) {
    const d = listing.find((x) => x.id === id);
    if (!d) throw new WorkbenchError('bad-driver', `unknown driver "${id}" (see workbench drivers)`);
  }
  const policy = options.policy ?? 'default';
  const repeat = options.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MATRIX_MAX_REPEAT) {
    throw new WorkbenchError('bad-argument', `repeat must be a whole number from 1 to ${MATRIX_MAX_REPEAT}`);
  }
  const tasks = probes.flatMap((probe) => columns.map((column) => ({ probe, column })));
  const cells: MatrixCell[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  let escapes = 0;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), 32));

  const worker = async (): Promise<void> => {
    while (next < tasks.length && !options.signal?.aborted) {
      const index = next++;
      const { probe, column } = tasks[index]!;
      const { key: driver, listing: available } = column;
      let cell: MatrixCell;
      if (available?.available) {
        // Repetitions of one cell run one after another: the same load around each, and a cancel between them.
        const repetitions: MatrixCell[] = [];
        while (repetitions.length < repeat && (repetitions.length === 0 || !options.signal?.aborted)) {
          repetitions.push(
            await runCell(
              supervisor,
              probe,
              column,
              policy,
              options.signal,
              options.cellDeadlineSlackMs ?? CELL_DEADLINE_SLACK_MS,
            ),
          );
        }
        // A cell cut short by a cancel is not judged: a missing run is not a different class.
        cell = options.signal?.aborted
          ? errorCell(probe, driver, policy, 'the matrix was cancelled')
          : combineRepetitions(repetitions);
      } else {
        const on = column.node ? ` on Node ${column.node}` : '';
        cell = errorCell(probe, driver, policy, `driver unavailable${on}: ${available?.reason ?? 'unknown'}`);
      }
      cells[index] = cell;
      done++;
      if (cell.verdict === 'escaped') escapes++;
      options.onCell?.(cell);
      const elapsedMs = performance.now() - started;
      options.onProgress?.({
        done,
        total: tasks.length,
        escapes,
        elapsedMs,
        etaMs: (elapsedMs / done) * (tasks.length - done),
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  return {
    generatedAt: new Date().toISOString(),
    node: supervisor.runtime.version,
    platform: `${platform()} ${process.arch}`,
    policy,
    probes: probes.map((p) => ({ ...p.meta, file: p.file })),
    drivers: columns.map((c) => c.key),
    ...(nodes ? { nodes } : {}),
    cells: cells.filter((c): c is MatrixCell => c !== undefined),
    repeat,
    durationMs: Math.round(performance.now() - started),
    cancelled: options.signal?.aborted === true,
  };
}

/** A matrix column: a driver, on the default runtime or on one Node release (`key`: `driver@release`). */
interface Column {
  readonly key: string;
  readonly driver: string;
  readonly node?: string;
  readonly listing: ReturnType<MatrixSupervisor['listDrivers']>[number] | undefined;
}

function expectationFor(probe: Probe, driver: string, policy: PolicyPreset): ExpectedOutcome | undefined {
  // A column `driver@release` expects what its driver does — on a release the probe's CVE is open on, anything
  // (its expectations are for patched releases; release-vulnerable.ts).
  const [id, release] = driver.split('@') as [string, string | undefined];
  if (release !== undefined && vulnerableAt(probe.meta, release) === true) return 'any';
  return expectedOutcome(policy === 'hardened' ? probe.meta.expectHardened : probe.meta.expect, id);
}

function errorCell(probe: Probe, driver: string, policy: PolicyPreset, message: string): MatrixCell {
  const expected = expectationFor(probe, driver, policy);
  return {
    probe: probe.meta.id,
    driver,
    verdict: 'error',
    detail: message,
    canaries: [],
    ...(expected ? { expected } : {}),
    comparison: compareWithExpected('error', expected),
  };
}

async function runCell(
  supervisor: MatrixSupervisor,
  probe: Probe,
  column: Column,
  policy: PolicyPreset,
  signal: AbortSignal | undefined,
  slackMs: number,
): Promise<MatrixCell> {
  const driver = column.key;
  const timeoutMs = probe.meta.limits.timeoutMs ?? MATRIX_DEFAULT_TIMEOUT_MS;
  const memoryMb = probe.meta.limits.memoryMb ?? MATRIX_DEFAULT_MEMORY_MB;
  let run;
  try {
    run = supervisor.startRun({
      code: probe.code,
      language: probe.language,
      driver: column.driver,
      ...(column.node ? { node: column.node } : {}),
      limits: { timeoutMs, memoryMb },
      policy: POLICY_PRESETS[policy],
    });
  } catch (error) {
    return errorCell(probe, driver, policy, (error as Error).message);
  }
  const abort = (): void => run.stop();
  signal?.addEventListener('abort', abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => {
      run.stop();
      resolve('deadline');
    }, timeoutMs + slackMs);
  });
  const first = await Promise.race([run.result, deadline]);
  clearTimeout(timer);
  signal?.removeEventListener('abort', abort);
  if (first === 'deadline') {
    // Stopped; its clean-up finishes in the background. The cell itself cannot be judged.
    void run.result.catch(() => undefined);
    return errorCell(probe, driver, policy, `the cell did not finish within ${timeoutMs + slackMs} ms`);
  }
  const r = first;
  if (signal?.aborted) return errorCell(probe, driver, policy, 'the matrix was cancelled');
  const judged = withMeasurement(judgeCell(r, probe.meta.attacks), probe.meta.category, r);
  const expected = expectationFor(probe, driver, policy);
  // The engine checks every result; the matrix checks again (a result from elsewhere may lack the check).
  const inconsistent = boundProblems([
    ...(r.consistency ?? []),
    ...checkResultConsistency(r, { cores: availableParallelism() }),
  ]);
  return {
    probe: probe.meta.id,
    driver,
    ...(column.node ? { node: column.node } : {}),
    ...judged,
    ...(expected ? { expected } : {}),
    comparison: compareWithExpected(judged.verdict, expected),
    status: r.status,
    durationMs: r.durationMs,
    peakMemoryBytes: r.peakMemoryBytes,
    cpuMs: r.cpuMs,
    stdout: cut(r.stdout),
    stderr: cut(r.stderr),
    ...(inconsistent.length > 0 ? { inconsistent } : {}),
  };
}
