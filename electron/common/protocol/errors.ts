/**
 * Errors that cross a boundary (supervisor ⇄ host ⇄ guest, engine ⇄ UI) travel as data, never as thrown
 * class instances. One factory so every layer builds them the same way.
 */

/** Closed set of error codes the workbench itself produces. */
export type WorkbenchErrorCode =
  'bad-argument' | 'bad-driver' | 'unavailable' | 'protocol' | 'auth' | 'path-too-long' | 'spawn-failed' | 'internal';

/** An error as data: what went wrong, in words a user can act on. */
export interface ErrorData {
  readonly code: WorkbenchErrorCode;
  readonly message: string;
}

/** Thrown inside one layer; converted to {@link ErrorData} at its edge. */
export class WorkbenchError extends Error {
  readonly code: WorkbenchErrorCode;
  constructor(code: WorkbenchErrorCode, message: string) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
  }
  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }
}

/** Any caught value as {@link ErrorData}; unknown failures become `internal`. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof WorkbenchError) return error.toData();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
