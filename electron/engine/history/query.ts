/**
 * History filters as SQL, and database rows as the contract's history types. Pure: no database here, so
 * the WHERE clause and the row mapping are tested on their own.
 */
import type { SQLInputValue } from 'node:sqlite';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { formatDriverId, parseDriverId } from '../../common/run/driver-id.ts';
import { CANARY_NAMES, type CanaryName } from '../../common/run/result.ts';
import type { HistoryFilter } from '../../common/api/contract.ts';
import type { HistoryStatus, HistorySummary } from '../../common/api/types.ts';

/** Longest title kept from a run's code. */
export const TITLE_CHARS = 80;

export interface Where {
  readonly sql: string;
  readonly params: SQLInputValue[];
}

/** The WHERE clause (possibly empty) of a filter; the driver is normalised so `inline` finds `host` runs. */
export function whereOf(filter: HistoryFilter): Where {
  const terms: string[] = [];
  const params: SQLInputValue[] = [];
  if (filter.driver !== undefined) {
    const parsed = parseDriverId(filter.driver);
    if (!parsed.ok) throw new WorkbenchError('bad-driver', parsed.reason);
    terms.push('driver = ?');
    params.push(formatDriverId(parsed.id));
  }
  if (filter.status !== undefined) {
    terms.push('status = ?');
    params.push(filter.status);
  }
  if (filter.escaped !== undefined) {
    // "Contained" means a run that ended without a breach, not one still running or interrupted.
    terms.push(filter.escaped ? 'escaped = 1' : "escaped = 0 AND status NOT IN ('running', 'interrupted')");
  }
  if (filter.canary !== undefined) {
    terms.push('EXISTS (SELECT 1 FROM run_breaches b WHERE b.run_id = runs.id AND b.canary = ?)');
    params.push(filter.canary);
  }
  return { sql: terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** A probe's header (resources/probes/README.md): `/*---`, `key: value` lines, `---*\/`. */
// (Its end may lie past the head of the code a summary reads: then the header is all of it.)
const PROBE_HEADER = /^\s*\/\*---\r?\n([\s\S]*?)(?:---\*\/|$)/;

/**
 * What the History list calls a run: a probe's title (its code starts with the header, whose first line would
 * be `/*---` for every probe), else the first non-blank line of the code; cut to {@link TITLE_CHARS}.
 */
export function titleOf(code: string): string {
  const header = PROBE_HEADER.exec(code)?.[1];
  const probe = header && (/^title:[ \t]*(.+)$/m.exec(header)?.[1] ?? /^id:[ \t]*(.+)$/m.exec(header)?.[1]);
  const line = probe ? `probe: ${probe}` : (code.split('\n').find((l) => l.trim() !== '') ?? '');
  const trimmed = line.trim();
  return trimmed.length > TITLE_CHARS ? `${trimmed.slice(0, TITLE_CHARS - 1)}…` : trimmed;
}

/** Canaries from `group_concat`, in the product's order, unknown names dropped. */
export function breachesOf(list: unknown): CanaryName[] {
  if (typeof list !== 'string' || list === '') return [];
  const names = new Set(list.split(','));
  return CANARY_NAMES.filter((c) => names.has(c));
}

/** The columns a summary is made of (the code only as far as its title needs). */
export const SUMMARY_COLUMNS = `id, started_at, ended_at, driver, status, escaped, language,
  substr(code, 1, 2000) AS head,
  (SELECT group_concat(canary) FROM run_breaches b WHERE b.run_id = runs.id) AS breaches`;

export function summaryOf(row: Record<string, unknown>): HistorySummary {
  return {
    id: String(row.id),
    startedAt: Number(row.started_at),
    ...(row.ended_at === null || row.ended_at === undefined ? {} : { endedAt: Number(row.ended_at) }),
    driver: String(row.driver),
    status: String(row.status) as HistoryStatus,
    escaped: row.escaped === 1,
    breaches: breachesOf(row.breaches),
    language: row.language === 'ts' ? 'ts' : 'js',
    title: titleOf(String(row.head ?? row.code ?? '')),
  };
}
