/**
 * The UI contract's methods implemented on the supervisor, and its events fed from runs. Shared by every
 * transport (Electron IPC, the browser-mode WebSocket, tests). Finished results are kept (the most recent
 * ones) so a UI that reconnects can fetch them.
 */
import { platform } from 'node:os';
import type { Handlers, ApiServer } from '../common/api/server.ts';
import type { RunResult } from '../common/result.ts';
import type { Supervisor } from './supervisor.ts';

/** Finished results kept for getRun. */
export const KEPT_RESULTS = 100;

/** The handlers, plus a way to stop every run they started (a page that closed leaves nothing running). */
export type OwnedHandlers = Handlers & { stopAll(): void };

export function createHandlers(
  supervisor: Supervisor,
  events: () => Pick<ApiServer, 'emit'> | undefined,
  mode: 'electron' | 'browser' | 'test',
): OwnedHandlers {
  const finished = new Map<string, RunResult>();
  const live = new Set<string>();
  return {
    stopAll: () => {
      for (const id of live) supervisor.stopRun(id);
    },
    listDrivers: () => supervisor.listDrivers(),
    info: () => ({
      node: supervisor.runtime.version,
      nodePath: supervisor.runtime.path,
      platform: `${platform()} ${process.arch}`,
      mode,
    }),
    startRun: (args) => {
      const run = supervisor.startRun(args, {
        onOutput: (line) => events()?.emit('runOutput', { runId: run.id, line }),
        onSamples: (samples) => events()?.emit('runSamples', { runId: run.id, samples }),
        onWorker: (worker) => events()?.emit('runWorker', { runId: run.id, worker }),
        onBreach: (breach) => events()?.emit('runBreach', { runId: run.id, breach }),
      });
      live.add(run.id);
      void run.result.then((result) => {
        live.delete(run.id);
        finished.set(run.id, result);
        if (finished.size > KEPT_RESULTS) finished.delete(finished.keys().next().value!);
        events()?.emit('runEnd', { runId: run.id, result });
      });
      return { id: run.id, driver: run.driver };
    },
    stopRun: ({ id }) => ({ stopped: supervisor.stopRun(id) }),
    getRun: ({ id }) => finished.get(id) ?? null,
  };
}
