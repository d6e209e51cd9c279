/**
 * The app's engine, opened one way for the desktop app (electron/main) and browser mode (electron/host/web):
 * the supervisor and the run history, and their closing in the one order that loses nothing — every run
 * stopped and recorded first, then the history closed.
 */
import { Supervisor, type SupervisorOptions } from './supervisor.ts';
import { resolveDataDir } from './history/data-dir.ts';
import { openHistory, type HistoryStore } from './history/store.ts';

export interface AppEngine {
  readonly supervisor: Supervisor;
  /** Absent when it could not be opened (`historyProblem` says why): that costs the history, not the app. */
  readonly history?: HistoryStore;
  readonly historyProblem?: string;
  /** Stop every run (each recorded), then close the history. Safe to call more than once. */
  dispose(): Promise<void>;
}

export function openAppEngine(options: SupervisorOptions, dataDir: () => string = resolveDataDir): AppEngine {
  const supervisor = new Supervisor(options);
  let history: HistoryStore | undefined;
  let historyProblem: string | undefined;
  try {
    history = openHistory(dataDir());
  } catch (error) {
    // A newer version's history, or a damaged file.
    historyProblem = (error as Error).message;
  }
  let disposing: Promise<void> | undefined;
  return {
    supervisor,
    ...(history ? { history } : {}),
    ...(historyProblem !== undefined ? { historyProblem } : {}),
    dispose: () =>
      (disposing ??= supervisor
        .dispose()
        .then(() => undefined)
        .finally(() => history?.close())),
  };
}
