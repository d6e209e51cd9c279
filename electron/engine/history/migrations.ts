/**
 * The history database's schema, as an ordered list of migrations. `PRAGMA user_version` says how many
 * have been applied; opening applies the missing ones in one transaction. A migration, once released, is
 * never edited: a change is a new migration at the end, so every older database has a path to the newest.
 */
import type { DatabaseSync } from 'node:sqlite';
import { WorkbenchError } from '../../common/protocol/errors.ts';

export interface Migration {
  /** The user_version after it; versions are 1, 2, 3… in order. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Marks the file as ours ("SBWB"), so a stranger's SQLite file in the data directory is not migrated. */
export const APPLICATION_ID = 0x53425742;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'one row per run: what was asked, and the result JSON once it ended',
    sql: `
      PRAGMA application_id = ${APPLICATION_ID};
      CREATE TABLE runs (
        id TEXT PRIMARY KEY NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        driver TEXT NOT NULL,
        status TEXT NOT NULL,
        language TEXT NOT NULL,
        code TEXT NOT NULL,
        request TEXT NOT NULL,
        result TEXT,
        owner_pid INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'filter columns (escaped, breached canaries) with indexes; owner identity across pid reuse',
    sql: `
      ALTER TABLE runs ADD COLUMN escaped INTEGER NOT NULL DEFAULT 0 CHECK (escaped IN (0, 1));
      ALTER TABLE runs ADD COLUMN owner_start TEXT;
      UPDATE runs SET escaped = 1
        WHERE result IS NOT NULL AND json_valid(result) AND json_extract(result, '$.verdict.escaped') = 1;
      CREATE TABLE run_breaches (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        canary TEXT NOT NULL,
        PRIMARY KEY (run_id, canary)
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO run_breaches (run_id, canary)
        SELECT runs.id, json_extract(b.value, '$.canary')
        FROM runs, json_each(runs.result, '$.verdict.breaches') AS b
        WHERE runs.result IS NOT NULL AND json_valid(runs.result)
          AND json_type(b.value, '$.canary') = 'text';
      CREATE INDEX runs_by_start ON runs (started_at);
      CREATE INDEX runs_by_driver ON runs (driver, started_at);
      CREATE INDEX runs_by_status ON runs (status, started_at);
      CREATE INDEX runs_by_escaped ON runs (escaped, started_at);
      CREATE INDEX run_breaches_by_canary ON run_breaches (canary, run_id);
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The file's schema version, application id and table count, read by one statement: one snapshot. Read one by
 * one, another process's first migration could commit in between (version 0, then tables): the file looked like
 * "a SQLite database, but not a run history" to the second of two workbenches started at once.
 */
function readHeader(db: DatabaseSync): { version: number; appId: number; tables: number } {
  const row = db
    .prepare(
      `SELECT (SELECT user_version FROM pragma_user_version) AS version,
              (SELECT application_id FROM pragma_application_id) AS appId,
              (SELECT count(*) FROM sqlite_schema WHERE type = 'table') AS tables`,
    )
    .get() as Record<string, unknown> | undefined;
  return { version: Number(row?.version ?? 0), appId: Number(row?.appId ?? 0), tables: Number(row?.tables ?? 0) };
}

/**
 * Refuse a file this build must not touch: one from a newer version (a downgrade would lose what the
 * newer schema keeps) or one that is some other program's database. Reads only.
 */
export function checkVersion(db: DatabaseSync, path: string): number {
  const { version, appId, tables } = readHeader(db);
  if (appId !== 0 && appId !== APPLICATION_ID)
    throw new WorkbenchError('unavailable', `${path} is not a Sandbox Workbench history (application_id ${appId})`);
  if (version > SCHEMA_VERSION)
    throw new WorkbenchError(
      'unavailable',
      `the run history at ${path} was written by a newer Sandbox Workbench (schema version ${version}; this one knows up to ${SCHEMA_VERSION}). ` +
        'Open it with that version, or set WORKBENCH_DATA_DIR to use another directory.',
    );
  if (version === 0 && tables > 0)
    throw new WorkbenchError('unavailable', `${path} is a SQLite database, but not a run history`);
  return version;
}

/**
 * Bring the schema to {@link SCHEMA_VERSION}. The version is re-read under the write lock: another process
 * may have migrated between our first look and getting the lock. Returns the version found.
 */
export function migrate(db: DatabaseSync, path: string): number {
  if (checkVersion(db, path) === SCHEMA_VERSION) return SCHEMA_VERSION;
  db.exec('BEGIN IMMEDIATE');
  try {
    const found = checkVersion(db, path);
    for (const m of MIGRATIONS) if (m.version > found) db.exec(m.sql);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
    return found;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
