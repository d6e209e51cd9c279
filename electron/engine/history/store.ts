/**
 * The run history: every run, what it was asked and what it produced, in one SQLite file (node:sqlite).
 *
 * Several processes may write at once (the app and a CLI beside it): the file is in WAL mode, each write is
 * one short transaction, and a writer waits up to {@link BUSY_TIMEOUT_MS} for another's lock.
 * `synchronous = NORMAL`: in WAL mode a process crash (SIGKILL included) loses no committed run and never
 * corrupts the file; only an OS crash or power cut can lose the last runs committed before it. FULL would
 * add an fsync to every commit, and node:sqlite is synchronous — that wait would stall the supervisor's
 * event loop, which enforces deadlines and streams samples. A run can be run again; a stalled deadline
 * cannot be taken back.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import type { RunResult } from '../../common/run/result.ts';
import type { RunRequest } from '../../common/run/run-spec.ts';
import { DEFAULT_HISTORY_LIMIT, type HistoryFilter } from '../../common/api/contract.ts';
import type { HistoryPage, HistoryRun } from '../../common/api/types.ts';
import { historyError } from './errors.ts';
import { checkVersion, migrate } from './migrations.ts';
import { isOwnerAlive, processIdentity } from './owner.ts';
import { SUMMARY_COLUMNS, summaryOf, whereOf } from './query.ts';

/** The database file inside the data directory. */
export const HISTORY_FILE = 'history.sqlite';
/** How long a write waits for another process's lock before it fails (SQLite busy_timeout). */
export const BUSY_TIMEOUT_MS = 5000;
/** Shortest id prefix `findIds` accepts: shorter ones would match half the history. */
export const MIN_ID_PREFIX = 4;

/** A run as it starts: what the history keeps before there is a result. */
export interface RunStart {
  readonly id: string;
  readonly driver: string;
  readonly request: RunRequest;
  /** ms since the epoch; default now. */
  readonly startedAt?: number;
}

type Row = Record<string, unknown>;

export class HistoryStore {
  /** The database file. */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #ownerStart = processIdentity(process.pid) ?? null;
  /** Runs this store began and has not completed: interrupted if the store closes first. */
  readonly #mine = new Set<string>();
  #closed = false;

  /**
   * Open (creating or migrating) the history in `dir`, and mark runs whose owner process is gone as
   * interrupted. Throws a {@link WorkbenchError} (`unavailable`) for a directory or file that cannot be
   * used, a damaged file, or one written by a newer version.
   */
  static open(dir: string): HistoryStore {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new WorkbenchError('unavailable', `cannot create the data directory ${dir}: ${(error as Error).message}`);
    }
    const path = join(dir, HISTORY_FILE);
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
      // Before anything writes: a newer version's file must be left exactly as it is.
      checkVersion(db, path);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      migrate(db, path);
    } catch (error) {
      db?.close();
      throw historyError(path, error);
    }
    const store = new HistoryStore(db, path);
    store.markInterrupted();
    return store;
  }

  private constructor(db: DatabaseSync, path: string) {
    this.#db = db;
    this.path = path;
  }

  /** Record a run that has just started, as `running`, owned by this process. */
  begin(run: RunStart): void {
    const { request } = run;
    this.#guard(() =>
      this.#db
        .prepare(
          `INSERT INTO runs (id, started_at, driver, status, language, code, request, owner_pid, owner_start)
           VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
        )
        .run(
          run.id,
          run.startedAt ?? Date.now(),
          run.driver,
          request.language,
          request.code,
          JSON.stringify({ limits: request.limits, policy: request.policy, sampleHz: request.sampleHz }),
          process.pid,
          this.#ownerStart,
        ),
    );
    this.#mine.add(run.id);
  }

  /** Store a run's result: its status, verdict and the whole result JSON, in one transaction. */
  complete(id: string, result: RunResult, endedAt: number = Date.now()): void {
    this.#write(() => {
      const changed = this.#db
        .prepare('UPDATE runs SET status = ?, ended_at = ?, escaped = ?, result = ? WHERE id = ?')
        .run(result.status, endedAt, result.verdict.escaped ? 1 : 0, JSON.stringify(result), id);
      if (changed.changes === 0) throw new WorkbenchError('internal', `run ${id} was never recorded as started`);
      this.#db.prepare('DELETE FROM run_breaches WHERE run_id = ?').run(id);
      const insert = this.#db.prepare('INSERT OR IGNORE INTO run_breaches (run_id, canary) VALUES (?, ?)');
      for (const breach of result.verdict.breaches) insert.run(id, breach.canary);
    });
    this.#mine.delete(id);
  }

  /** A page of runs matching the filter, newest first, and how many match in all (one snapshot). */
  list(filter: HistoryFilter = {}): HistoryPage {
    const where = whereOf(filter);
    return this.#read(() => {
      const rows = this.#db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.sql} ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?`,
        )
        .all(...where.params, filter.limit ?? DEFAULT_HISTORY_LIMIT, filter.offset ?? 0) as Row[];
      return { runs: rows.map(summaryOf), total: this.#count(where.sql, where.params) };
    });
  }

  /** How many runs match the filter (limit and offset are ignored). */
  count(filter: HistoryFilter = {}): number {
    const where = whereOf(filter);
    return this.#guard(() => this.#count(where.sql, where.params));
  }

  /** One run in full, or null when there is none with this id. */
  get(id: string): HistoryRun | null {
    const row = this.#guard(
      () =>
        this.#db.prepare(`SELECT ${SUMMARY_COLUMNS}, code, request, result FROM runs WHERE id = ?`).get(id) as
          Row | undefined,
    );
    if (!row) return null;
    try {
      return {
        ...summaryOf(row),
        code: String(row.code),
        request: JSON.parse(String(row.request)) as HistoryRun['request'],
        result: typeof row.result === 'string' ? (JSON.parse(row.result) as RunResult) : null,
      };
    } catch (error) {
      throw new WorkbenchError('internal', `run ${id} in ${this.path} is damaged: ${(error as Error).message}`);
    }
  }

  /** Delete one run (its breaches go with it). False when there was none. */
  delete(id: string): boolean {
    const changes = this.#guard(() => this.#db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes);
    this.#mine.delete(id);
    return changes > 0;
  }

  /** Ids that start with `prefix` (at most `max`), for commands where people type a short id. */
  findIds(prefix: string, max = 2): string[] {
    if (prefix.length < MIN_ID_PREFIX) return [];
    const rows = this.#guard(
      () =>
        this.#db
          .prepare('SELECT id FROM runs WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT ?')
          .all(prefix.length, prefix, max) as Row[],
    );
    return rows.map((r) => String(r.id));
  }

  /**
   * Mark `running` runs whose owner process is gone as `interrupted` (done on open). Runs of a live owner —
   * this process, or another app or CLI writing beside it — are left alone. Returns the ids marked.
   */
  markInterrupted(): string[] {
    const running = this.#guard(
      () => this.#db.prepare("SELECT id, owner_pid, owner_start FROM runs WHERE status = 'running'").all() as Row[],
    );
    const dead = running
      .filter((r) => !isOwnerAlive(Number(r.owner_pid), r.owner_start as string | null))
      .map((r) => String(r.id));
    if (dead.length > 0) this.#interrupt(dead);
    return dead;
  }

  /** Close the file. Runs this store began and never completed are marked interrupted first. */
  close(): void {
    if (this.#closed) return;
    try {
      if (this.#mine.size > 0) this.#interrupt([...this.#mine]);
    } finally {
      this.#closed = true;
      this.#db.close();
    }
  }

  #interrupt(ids: readonly string[]): void {
    this.#write(() => {
      const update = this.#db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'");
      for (const id of ids) update.run(id);
    });
    for (const id of ids) this.#mine.delete(id);
  }

  #count(whereSql: string, params: SQLInputValue[]): number {
    const row = this.#db.prepare(`SELECT count(*) AS n FROM runs ${whereSql}`).get(...params) as { n: number };
    return Number(row.n);
  }

  #guard<T>(fn: () => T): T {
    if (this.#closed) throw new WorkbenchError('unavailable', `the run history at ${this.path} is closed`);
    try {
      return fn();
    } catch (error) {
      throw historyError(this.path, error);
    }
  }

  /**
   * A write transaction. IMMEDIATE takes the write lock up front, so a busy database makes us wait (busy
   * timeout) instead of failing halfway when a read lock cannot be upgraded.
   */
  #write(fn: () => void): void {
    this.#transaction('BEGIN IMMEDIATE', fn);
  }

  /** A read transaction: several statements see one snapshot. */
  #read<T>(fn: () => T): T {
    return this.#transaction('BEGIN', fn);
  }

  #transaction<T>(begin: string, fn: () => T): T {
    return this.#guard(() => {
      this.#db.exec(begin);
      try {
        const value = fn();
        this.#db.exec('COMMIT');
        return value;
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw error;
      }
    });
  }
}

/** Open the history kept in `dir` (the Electron app passes its userData directory). */
export function openHistory(dir: string): HistoryStore {
  return HistoryStore.open(dir);
}
