/**
 * The history list: a page of stored runs for the current filter, "load more", and a refresh whenever a
 * run ends (the engine saves a run before it announces runEnd) or the page is shown again. A host without
 * a history store answers `unavailable`: that is kept apart from other errors, with its reason.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import { MAX_HISTORY_LIMIT } from '../../../../electron/common/api/contract.ts';
import type { HistorySummary } from '../../../../electron/common/api/types.ts';
import { appendPage, toHistoryFilter, type FilterChoice } from './history-filter.ts';

/** Runs per page of the list. */
export const PAGE_SIZE = 50;
/** Several runs ending together (Compare) refresh the list once. */
const REFRESH_DELAY_MS = 150;

export interface HistoryList {
  readonly runs: readonly HistorySummary[];
  readonly total: number;
  readonly loading: boolean;
  /** Set when the host keeps no history: why. */
  readonly unavailable?: string;
  readonly error?: string;
  readonly reload: () => void;
  readonly loadMore: () => void;
}

export function useHistoryList(client: ApiClient, choice: FilterChoice, active: boolean): HistoryList {
  const filter = useMemo(() => toHistoryFilter(choice), [choice]);
  const [runs, setRuns] = useState<readonly HistorySummary[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [unavailable, setUnavailable] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Answers to older requests (a filter changed meanwhile) are dropped.
  const request = useRef(0);
  const shown = useRef(PAGE_SIZE);

  const fail = useCallback((e: Error & { code?: string }) => {
    setLoading(false);
    if (e.code === 'unavailable') setUnavailable(e.message);
    else setError(e.message);
  }, []);

  const reload = useCallback(() => {
    const n = ++request.current;
    setLoading(true);
    const limit = Math.min(MAX_HISTORY_LIMIT, Math.max(PAGE_SIZE, shown.current));
    client.call('listHistory', { ...filter, limit }).then(
      (page) => {
        if (n !== request.current) return;
        setRuns(page.runs);
        setTotal(page.total);
        setLoading(false);
        setUnavailable(undefined);
        setError(undefined);
      },
      (e: Error) => n === request.current && fail(e),
    );
  }, [client, filter, fail]);

  const loadMore = useCallback(() => {
    const n = ++request.current;
    setLoading(true);
    client.call('listHistory', { ...filter, limit: PAGE_SIZE, offset: runs.length }).then(
      (page) => {
        if (n !== request.current) return;
        const all = appendPage(runs, page.runs);
        shown.current = all.length;
        setRuns(all);
        setTotal(page.total);
        setLoading(false);
      },
      (e: Error) => n === request.current && fail(e),
    );
  }, [client, filter, runs, fail]);

  // A new filter starts from its first page.
  useEffect(() => {
    shown.current = PAGE_SIZE;
    reload();
  }, [reload]);
  useEffect(() => {
    if (active) reload();
  }, [active, reload]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.subscribe('runEnd', () => {
      clearTimeout(timer);
      timer = setTimeout(reload, REFRESH_DELAY_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client, reload]);

  return {
    runs,
    total,
    loading,
    ...(unavailable !== undefined ? { unavailable } : {}),
    ...(error !== undefined ? { error } : {}),
    reload,
    loadMore,
  };
}
