/**
 * SQLite failures as errors a user can act on. node:sqlite throws `ERR_SQLITE_ERROR` with SQLite's result
 * code in `errcode`; the primary code (low byte) says what kind of trouble it is.
 */
import { WorkbenchError } from '../../common/protocol/errors.ts';

const SQLITE_BUSY = 5;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** The primary SQLite result code of a node:sqlite error, or undefined for any other error. */
export function sqliteCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  return e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
}

/** Turn anything thrown while using the history at `path` into a {@link WorkbenchError}. */
export function historyError(path: string, error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  switch (sqliteCode(error)) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return new WorkbenchError(
        'unavailable',
        `the run history at ${path} is damaged or not a database (${message}); move it away to start a new one`,
      );
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return new WorkbenchError('unavailable', `cannot use the run history at ${path}: ${message}`);
    case SQLITE_BUSY:
      return new WorkbenchError(
        'unavailable',
        `the run history at ${path} stayed locked by another process (${message}); try again`,
      );
    default:
      return new WorkbenchError('internal', `run history at ${path}: ${message}`);
  }
}
