/**
 * A run's output as the result keeps it: console lines and raw stdout/stderr chunks sorted into `stdout`
 * and `stderr`, capped at `maxOutputBytes`. The chunk that crosses the cap is cut (at a byte boundary that
 * keeps UTF-8 whole) and a marker is appended; nothing after it is kept.
 */
import { isErrorLevel, type ConsoleLevel } from './result.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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

  /** Add one piece of output; returns the text kept (possibly cut, with the marker) or undefined if dropped. */
  push(level: ConsoleLevel, text: string): string | undefined {
    if (this.#cut) return undefined;
    const bytes = encoder.encode(text);
    // Every piece costs at least a byte: empty console lines are stored as a newline each, and a flood of
    // them must reach the cap too (what is kept stays under twice the cap).
    const cost = Math.max(1, bytes.byteLength);
    let kept = text;
    if (this.#bytes + cost > this.#maxBytes) {
      // A fatal-less decoder drops a trailing partial character as U+FFFD; trim it so the cut is clean.
      kept = `${decoder.decode(bytes.subarray(0, this.#maxBytes - this.#bytes)).replace(/\uFFFD$/, '')}\n[output cut at ${this.#maxBytes} bytes]\n`;
      this.#cut = true;
    }
    this.#bytes += cost;
    // Console lines are whole lines; raw stdout/stderr chunks are kept as written.
    const stored = level === 'stdout' || level === 'stderr' || kept.endsWith('\n') ? kept : `${kept}\n`;
    if (isErrorLevel(level)) this.stderr += stored;
    else this.stdout += stored;
    return kept;
  }
}
