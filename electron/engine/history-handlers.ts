/**
 * The UI contract's history methods on a {@link HistoryStore}. Without a store (a host that did not open
 * one) they fail with `unavailable` and say so, rather than pretending the history is empty.
 */
import { WorkbenchError } from '../common/protocol/errors.ts';
import type { Handlers } from '../common/api/server.ts';
import type { HistoryStore } from './history/store.ts';

export type HistoryHandlers = Pick<Handlers, 'listHistory' | 'getHistoryRun' | 'deleteHistoryRun'>;

export function createHistoryHandlers(store: HistoryStore | undefined): HistoryHandlers {
  const open = (): HistoryStore => {
    if (!store)
      throw new WorkbenchError('unavailable', 'the run history is not open here (the log of the app says why)');
    return store;
  };
  return {
    listHistory: (filter) => open().list(filter),
    getHistoryRun: ({ id }) => open().get(id),
    deleteHistoryRun: ({ id }) => ({ deleted: open().delete(id) }),
  };
}
