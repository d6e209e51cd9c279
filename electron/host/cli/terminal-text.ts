/**
 * Text a terminal shows as text, never obeys. Guest output, results, error messages, notes and anything read back
 * from the history can carry escape sequences: SGR conceal (`\x1b[8m`) hides the real verdict, OSC 52 writes the
 * clipboard, cursor movement and `\r` overwrite lines, bidi overrides reorder what is shown. The CLI's human
 * output passes all of it through {@link visible}, which replaces each such character by an escape written out in
 * plain ASCII (`\x1b`, `\u202e`). Pure and stateless, character by character, so a sequence split across two
 * output chunks is made visible just the same. `--json` does not use it: JSON escapes control characters itself.
 */

/**
 * Characters a terminal acts on or that hide or reorder text:
 * - C0 controls and DEL (`\p{Cc}` covers C0, DEL and C1 U+0080–U+009F, whose U+009B/U+009D are 8-bit CSI/OSC);
 * - format characters (`\p{Cf}`): bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 *   marks U+200E/U+200F/U+061C, zero-width space, word joiner and invisible operators, soft hyphen, BOM, tag
 *   characters (U+E0000–U+E007F, which spell invisible ASCII);
 * - line and paragraph separators (U+2028, U+2029), which some terminals treat as line breaks;
 * - lone surrogates (`\p{Cs}`), which would otherwise reach the terminal as U+FFFD with their value lost.
 * Zero-width joiner and non-joiner (U+200C, U+200D) stay: scripts and emoji need them, and they hide nothing.
 */
const UNSAFE = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;

/** The escape that names a character: `\r`, `\x1b`, `\u202e`, `\u{e0041}`. */
function escapeOf(ch: string): string {
  if (ch === '\r') return '\\r';
  const cp = ch.codePointAt(0)!;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/** How much layout a piece of text may keep. */
export interface VisibleOptions {
  /**
   * `true` (the default) for text that is lines — console output, code, a string result: `\n`, `\t` and the
   * `\r` of a `\r\n` pair pass (a carriage return right before a line feed overwrites nothing). `false` for
   * one-line fields — an error message, a note, a breach's evidence, a table cell: only `\t` passes, so the field
   * cannot start a line of its own that looks like the CLI's.
   */
  readonly multiline?: boolean;
}

/** `text` with every character a terminal would act on written out as a visible escape (see the module comment). */
export function visible(text: string, options: VisibleOptions = {}): string {
  const multiline = options.multiline ?? true;
  return text.replace(UNSAFE, (ch, offset: number) => {
    if (ch === '\t') return ch;
    if (multiline && (ch === '\n' || (ch === '\r' && text[offset + 1] === '\n'))) return ch;
    if (ch === '\n') return '\\n';
    return escapeOf(ch);
  });
}

/** {@link visible} for a one-line field. */
export function visibleLine(text: string): string {
  return visible(text, { multiline: false });
}
