/**
 * A run's output as the result keeps it: console lines and raw stdout/stderr chunks sorted into `stdout`
 * and `stderr`, capped at `maxOutputBytes`.
 *
 * What is counted is exactly what is stored: a console line costs its UTF-8 bytes plus the newline it is
 * stored with (unless it ends with one), a raw chunk its bytes. So the result holds exactly the first `maxOutputBytes` bytes of the
 * output stream (fewer by at most 3 when the cut would split a UTF-8 character), then the marker
 * `\n[output cut at N bytes]\n` in the stream where the cut fell; nothing after it is kept. The host counts
 * with the same rule (`outputCost`) to know when to stop the guest.
 */
import { isErrorLevel, type ConsoleLevel } from './result.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The marker appended where the output was cut. */
export function outputCutMarker(maxBytes: number): string {
  return `\n[output cut at ${maxBytes} bytes]\n`;
}

/**
 * Raw chunks (the process's own stdout/stderr) are kept as written; console lines get a newline unless
 * they already end with one.
 */
function storedAs(level: ConsoleLevel, text: string): string {
  return level === 'stdout' || level === 'stderr' || text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * What one piece of output costs against `maxOutputBytes`: the bytes it is stored as. Every piece costs at
 * least a byte, so a flood of empty raw chunks reaches the cap too.
 */
export function outputCost(level: ConsoleLevel, text: string): number {
  return Math.max(1, utf8Length(storedAs(level, text)));
}

export class OutputBuffer {
  readonly #maxBytes: number;
  #bytes = 0;
  #cut = false;
  stdout = '';
  stderr = '';

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** True once the cap was crossed. */
  get cut(): boolean {
    return this.#cut;
  }

  /**
   * Add one piece of output; returns the text to show live (a console line without its newline; the cut
   * piece with the marker) or undefined if dropped.
   */
  push(level: ConsoleLevel, text: string): string | undefined {
    if (this.#cut) return undefined;
    const stored = storedAs(level, text);
    const cost = outputCost(level, text);
    let kept = text;
    let keptStored = stored;
    if (this.#bytes + cost > this.#maxBytes) {
      // The room left is smaller than the stored piece, so the prefix never includes the line's newline.
      // A fatal-less decoder drops a trailing partial character as U+FFFD; trim it so the cut is clean.
      const room = this.#maxBytes - this.#bytes;
      const prefix = decoder.decode(encoder.encode(stored).subarray(0, room)).replace(/\uFFFD$/, '');
      kept = keptStored = prefix + outputCutMarker(this.#maxBytes);
      this.#cut = true;
    }
    this.#bytes += cost;
    if (isErrorLevel(level)) this.stderr += keptStored;
    else this.stdout += keptStored;
    return kept;
  }
}

/** UTF-8 length without allocating (lone surrogates count 3, as TextEncoder writes U+FFFD for them). */
/** Text that is all ASCII is its length in bytes; checked natively, since most output is. */
const NON_ASCII = /[\u0080-\uffff]/;

function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
