/**
 * The host's side of the output cap: counts what it forwards with the supervisor's own rule
 * (`outputCost`, electron/common/run/output-buffer.ts), forwards nothing past the piece that crosses
 * `maxOutputBytes`, and says so once (`onLimit`: the host stops its guest at once rather than wait for the
 * supervisor's `stop`). Output from a thread or a child arrives while this thread is free, so it is
 * batched into few frames (flushed on the next turn, before any other frame, and when full); output of a
 * guest in this very thread is sent at once, since that guest may never give the thread back.
 */
import { writeSync } from 'node:fs';
import { outputCost } from '../../electron/common/run/output-buffer.ts';
import { OUTPUT_CHUNK_CHARS } from '../../electron/common/protocol/worker-protocol.ts';
import type { ConsoleLevel } from '../../electron/common/run/result.ts';

export interface OutputFrame {
  readonly level: ConsoleLevel;
  readonly text: string;
  readonly worker: string;
}

export interface OutputRelayOptions {
  readonly maxBytes: number;
  readonly send: (frame: OutputFrame) => void;
  /** Batch pieces into frames of up to OUTPUT_CHUNK_CHARS (only when the guest cannot hold this thread). */
  readonly batch: boolean;
  /** Called once, when the cap is crossed. */
  readonly onLimit: () => void;
}

/** Raw chunks are stored as written; console lines with a newline unless they end with one (output-buffer.ts). */
function stored(level: ConsoleLevel, text: string): string {
  return level === 'stdout' || level === 'stderr' || text.endsWith('\n') ? text : `${text}\n`;
}

export class OutputRelay {
  readonly #o: OutputRelayOptions;
  #bytes = 0;
  /** `only`: the piece as it came while the batch holds just one (it then goes out unchanged). */
  #pending: { worker: string; level: ConsoleLevel; text: string; only: string | undefined } | undefined;
  #scheduled = false;

  constructor(options: OutputRelayOptions) {
    this.#o = options;
  }

  /** True once the cap was crossed: nothing more is forwarded. */
  get full(): boolean {
    return this.#bytes > this.#o.maxBytes;
  }

  output(worker: string, level: ConsoleLevel, text: string): void {
    // A stream never emits an empty chunk; one would cost a byte here and nothing in a batch.
    if (text === '' && (level === 'stdout' || level === 'stderr')) return;
    for (let i = 0; (i < text.length || i === 0) && !this.full; i += OUTPUT_CHUNK_CHARS) {
      const piece = text.slice(i, i + OUTPUT_CHUNK_CHARS);
      this.#bytes += outputCost(level, piece);
      if (this.#o.batch) this.#add(worker, level, piece);
      else this.#o.send({ worker, level, text: piece });
      if (this.full) {
        this.flush();
        this.#o.onLimit();
      }
    }
  }

  /** Send what is batched now (before any other frame, so the supervisor sees everything in order). */
  flush(): void {
    const p = this.#pending;
    this.#pending = undefined;
    if (p) this.#o.send({ worker: p.worker, level: p.level, text: p.only ?? p.text });
  }

  #add(worker: string, level: ConsoleLevel, piece: string): void {
    // A batch of console lines is their stored forms joined: it ends with a newline, so the supervisor
    // stores it as is, and it costs there exactly what its lines cost here.
    const text = stored(level, piece);
    const p = this.#pending;
    if (p && p.worker === worker && p.level === level && p.text.length + text.length <= OUTPUT_CHUNK_CHARS) {
      p.text += text;
      p.only = undefined;
      return;
    }
    this.flush();
    // A console piece of the full chunk size stays as it came (its newline would not fit in the frame).
    this.#pending = { worker, level, text: text.length <= OUTPUT_CHUNK_CHARS ? text : piece, only: piece };
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.flush();
      });
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write a whole frame to a non-blocking socket descriptor now, waiting (1 ms at a time) while the peer's
 * side is full. For a guest that shares the thread: what net.Socket queues leaves only when the event loop
 * turns, and a spinning guest never lets it. Throws when the descriptor is closed.
 */
export function writeFrameSync(fd: number, frame: Uint8Array): void {
  for (let offset = 0; offset < frame.byteLength;) {
    try {
      offset += writeSync(fd, frame, offset);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
