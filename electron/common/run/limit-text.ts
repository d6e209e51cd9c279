/**
 * How a run's limits are put into words, once for the CLI, the app and history, so that a budget that did not
 * hold never reads as "held" anywhere (docs/engine.md "What the figures mean").
 */
import type { RunResult } from './result.ts';

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** The memory limit in one line: no budget, not enforced, held (and how), or NOT held with by how much. */
export function describeMemoryLimit(memory: RunResult['limits']['memory']): string {
  if (memory.memoryMb === undefined) return 'memory: no budget set';
  const head = `memory ${memory.memoryMb} MB`;
  if (!memory.enforced) return `${head}: NOT enforced by this driver (${memory.mechanism})`;
  if (memory.held === false)
    return `${head}: NOT held — exceeded by ${mb(memory.exceededBytes ?? 0)}${memory.stoppedBy ? `, stopped by ${memory.stoppedBy}` : ''}`;
  if (memory.stoppedBy)
    return `${head}: held — stopped by ${memory.stoppedBy}${memory.overshoot ? `, ${mb(memory.overshoot)} past the budget before it acted` : ''}`;
  return `${head}: held`;
}

/** The deadline in one line: not reached, or hit and stopped by what, how long after. */
export function describeTimeoutLimit(timeout: RunResult['limits']['timeout']): string {
  if (!timeout.stoppedBy) return `timeout ${timeout.timeoutMs} ms: not reached`;
  const after = timeout.overshoot === undefined ? '' : ` ${Math.round(timeout.overshoot)} ms after the deadline`;
  return `timeout ${timeout.timeoutMs} ms: hit — stopped by ${timeout.stoppedBy}${after}`;
}

/**
 * Why a memory budget cannot be asked of a driver, or undefined when it can: the same words from the engine's
 * refusal (CLI exit 2, API error) and the app's form, which refuses the value before a run is started.
 */
export function memoryBudgetProblem(
  memoryMb: number | undefined,
  minMemoryMb: number,
  driver: string,
): string | undefined {
  if (memoryMb === undefined || memoryMb >= minMemoryMb) return undefined;
  return `${memoryMb} MB is below the minimum for ${driver}, ${minMemoryMb} MB (a smaller budget cannot start its runtime)`;
}
