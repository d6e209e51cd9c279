/**
 * The UI contract's methods implemented on the supervisor, and its events fed from runs. Shared by every
 * transport (Electron IPC, the browser-mode WebSocket, tests). Nothing of a finished run is kept here: when a
 * history store is given, each run is saved to it before `runEnd` goes out, and that is where a UI that
 * reconnects finds it (listHistory, getHistoryRun).
 */
import { platform } from 'node:os';
import type { Handlers, ApiServer } from '../common/api/server.ts';
import type { Supervisor } from './supervisor.ts';
import { createMatrixHandlers } from './matrix-handlers.ts';
import { normalizeRunRequest } from '../common/run/run-request.ts';
import { createHistoryHandlers } from './history-handlers.ts';
import { createLessonHandlers } from './lesson-handlers.ts';
import { createBlastHandlers } from './blast-handlers.ts';
import { recordRun } from './history/record.ts';
import type { HistoryStore } from './history/store.ts';
import { createNodeHandlers, type NodeHandlerOptions } from './node-handlers.ts';

/** The handlers, plus a way to stop every run they started (a page that closed leaves nothing running). */
export type OwnedHandlers = Handlers & { stopAll(): void };

export function createHandlers(
  supervisor: Supervisor,
  events: () => Pick<ApiServer, 'emit'> | undefined,
  mode: 'electron' | 'browser' | 'test',
  /** When given, every run started here is saved to it, and the history methods read it. */
  history?: HistoryStore,
  /** Where Node releases come from and go (tests: a loopback registry, a cache folder of their own). */
  nodeOptions: NodeHandlerOptions = {},
): OwnedHandlers {
  const live = new Set<string>();
  // Node releases (node-handlers.ts): listed, and installed with progress events before a run or matrix uses one.
  const nodes = createNodeHandlers(supervisor, events, nodeOptions);
  // Probes and the matrix (matrix-handlers.ts); a page that goes away cancels its matrix too.
  const { stopAll: stopMatrix, ...matrix } = createMatrixHandlers(supervisor, events, { prepareNode: nodes.prepare });
  const { stopAll: stopBlasts, ...blast } = createBlastHandlers(supervisor, events);
  return {
    ...matrix,
    ...blast,
    ...createHistoryHandlers(history),
    ...createLessonHandlers(),
    stopAll: () => {
      stopMatrix();
      stopBlasts();
      for (const id of live) supervisor.stopRun(id);
    },
    listDrivers: (args) => nodes.listDrivers(args),
    listNodeReleases: () => nodes.listNodeReleases(),
    info: () => ({
      node: supervisor.runtime.version,
      nodePath: supervisor.runtime.path,
      platform: `${platform()} ${process.arch}`,
      mode,
      hostRuntimes: supervisor.runtimeChoices(),
      pool: supervisor.pool,
    }),
    setPoolSize: ({ size }) => {
      supervisor.setPoolSize(size);
      return supervisor.pool;
    },
    setHostRuntime: ({ kind }) => {
      const runtime = supervisor.selectRuntime(kind);
      return { kind, node: runtime.version, nodePath: runtime.path };
    },
    startRun: async (args) => {
      // A run on another Node release installs it first (it may download: `nodeInstall` events say how far).
      if (args.node !== undefined) await nodes.prepare(args.node);
      const run = supervisor.startRun(args, {
        onOutput: (line) => events()?.emit('runOutput', { runId: run.id, line }),
        onSamples: (samples) => events()?.emit('runSamples', { runId: run.id, samples }),
        onWorker: (worker) => events()?.emit('runWorker', { runId: run.id, worker }),
        onBreach: (breach) => events()?.emit('runBreach', { runId: run.id, breach }),
      });
      live.add(run.id);
      // Saved before runEnd goes out, so a UI that refreshes its history on runEnd finds the run there.
      const ended = history
        ? recordRun(history, run, normalizeRunRequest(args), (error) =>
            process.stderr.write(`workbench: run ${run.id} not saved to history: ${error.message}\n`),
          ).then((r) => r.result)
        : run.result;
      void ended.then((result) => {
        live.delete(run.id);
        events()?.emit('runEnd', { runId: run.id, result });
      });
      return { id: run.id, driver: run.driver };
    },
    stopRun: ({ id }) => ({ stopped: supervisor.stopRun(id) }),
  };
}
