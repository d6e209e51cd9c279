/**
 * The history page's filter controls as the listHistory filter: empty choices mean "any". Pure.
 */
import { HISTORY_STATUSES, type HistoryFilter } from '../../../../electron/common/api/contract.ts';
import type { HistoryStatus, HistorySummary } from '../../../../electron/common/api/types.ts';
import { CANARY_NAMES, type CanaryName } from '../../../../electron/common/run/result.ts';

/** The controls' values ('' = any). */
export interface FilterChoice {
  readonly driver: string;
  readonly status: '' | HistoryStatus;
  readonly verdict: '' | 'escaped' | 'contained';
  readonly canary: '' | CanaryName;
}

export const ANY: FilterChoice = { driver: '', status: '', verdict: '', canary: '' };

/** The listHistory filter for a choice (without limit and offset). */
export function toHistoryFilter(choice: FilterChoice): HistoryFilter {
  return {
    ...(choice.driver ? { driver: choice.driver } : {}),
    ...(choice.status && HISTORY_STATUSES.includes(choice.status) ? { status: choice.status } : {}),
    ...(choice.verdict ? { escaped: choice.verdict === 'escaped' } : {}),
    ...(choice.canary && CANARY_NAMES.includes(choice.canary) ? { canary: choice.canary } : {}),
  };
}

export function isFiltered(choice: FilterChoice): boolean {
  return Object.keys(toHistoryFilter(choice)).length > 0;
}

/**
 * A page appended to what is shown: runs already shown are not repeated (a run that started since the list
 * was loaded pushes older runs one place down, so the next page begins with one already shown).
 */
export function appendPage(shown: readonly HistorySummary[], page: readonly HistorySummary[]): HistorySummary[] {
  const ids = new Set(shown.map((r) => r.id));
  return [...shown, ...page.filter((r) => !ids.has(r.id))];
}

/** Keep at most two selected runs for Compare: checking a third is refused by the caller (disabled). */
export function toggleSelected(selected: readonly string[], id: string, on: boolean, max = 2): string[] {
  if (!on) return selected.filter((x) => x !== id);
  if (selected.includes(id) || selected.length >= max) return [...selected];
  return [...selected, id];
}
