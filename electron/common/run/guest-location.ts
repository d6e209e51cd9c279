/**
 * Where in the user's code an error happened, read from its stack: a frame `guest.js:LINE:COLUMN` (the name the
 * guest's code runs under in every evaluator), or a syntax error's `guest.js:LINE` header with its caret line.
 * Display only: the stack is the guest's text and may say anything; nothing is decided from it.
 */
export interface GuestLocation {
  readonly line: number;
  readonly column: number;
}

const FRAME = /\bguest\.js:(\d{1,7}):(\d{1,7})\b/;
const SYNTAX_HEADER = /^guest\.js:(\d{1,7})\r?\n[^\n]*\r?\n([ \t]*)\^/;

export function guestLocation(error: { readonly stack?: string | undefined } | undefined): GuestLocation | undefined {
  const stack = error?.stack?.slice(0, 64 * 1024);
  if (!stack) return undefined;
  const syntax = SYNTAX_HEADER.exec(stack);
  if (syntax) return { line: Number(syntax[1]), column: syntax[2]!.length + 1 };
  const frame = FRAME.exec(stack);
  return frame ? { line: Number(frame[1]), column: Number(frame[2]) } : undefined;
}

/** `line 3, column 7`, for the CLI and the app. */
export function formatGuestLocation(at: GuestLocation): string {
  return `line ${at.line}, column ${at.column}`;
}
