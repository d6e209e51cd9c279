/**
 * Saving a run to the history as it happens: `running` when it starts, its result when it ends. A history
 * that cannot be written never changes the run: the failure goes to `onError` and the run goes on.
 */
import type { RunResult } from '../../common/run/result.ts';
import type { RunRequest } from '../../common/run/run-spec.ts';
import type { HistoryStore } from './store.ts';

/** What recording needs of a run (the engine's Run has it). */
export interface RecordableRun {
  readonly id: string;
  readonly driver: string;
  readonly result: Promise<RunResult>;
}

/**
 * Begin the run in the history now and complete it when it ends. Resolves with the run's result once it
 * is stored (or failed to be), so whoever announces the end can do it after the history has it.
 * Resolves to `saved: false` when either write failed.
 */
export async function recordRun(
  store: HistoryStore,
  run: RecordableRun,
  request: RunRequest,
  onError: (error: Error) => void,
): Promise<{ result: RunResult; saved: boolean }> {
  let begun = false;
  try {
    store.begin({ id: run.id, driver: run.driver, request });
    begun = true;
  } catch (error) {
    onError(error as Error);
  }
  const result = await run.result;
  if (!begun) return { result, saved: false };
  try {
    store.complete(run.id, result);
    return { result, saved: true };
  } catch (error) {
    onError(error as Error);
    return { result, saved: false };
  }
}
