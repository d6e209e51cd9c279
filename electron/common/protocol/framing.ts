/**
 * Length-prefixed framing for stream transports (Unix sockets, named pipes): a 4-byte big-endian byte
 * length, then that many bytes of UTF-8 JSON. The decoder refuses a frame as soon as its header announces
 * more than the limit, before buffering its body, so a hostile peer cannot make us allocate.
 */
import { safeParse, type JsonValue } from './safe-json.ts';

export const FRAME_HEADER_BYTES = 4;
/** Default `maxMessageBytes`: the largest frame body accepted on any connection. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encode one message; throws if the body is over `maxBytes` (a bug on our side, not the peer's). */
export function encodeFrame(message: JsonValue | object, maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES): Uint8Array {
  const body = encoder.encode(JSON.stringify(message));
  if (body.byteLength > maxBytes) {
    throw new RangeError(`frame of ${body.byteLength} bytes exceeds maxMessageBytes ${maxBytes}`);
  }
  const frame = new Uint8Array(FRAME_HEADER_BYTES + body.byteLength);
  new DataView(frame.buffer).setUint32(0, body.byteLength, false);
  frame.set(body, FRAME_HEADER_BYTES);
  return frame;
}

/** Chunks under this size are gathered into staging buffers of STAGING_BYTES. */
const SMALL_CHUNK_BYTES = 4096;
const STAGING_BYTES = 64 * 1024;

/** What the decoder produced from one chunk of bytes. */
export interface DecodeResult {
  readonly messages: JsonValue[];
  /** Set when the stream is poisoned: the connection must be closed and nothing more read from it. */
  readonly error?: string;
  /** Sizes of the accepted frames (bodies + headers), for traffic accounting. */
  readonly frameBytes: number[];
}

/**
 * Incremental decoder for one connection. After an error it stays failed.
 *
 * Each byte is copied at most twice, never once per chunk: a frame that arrives in many small chunks is
 * assembled once, when its last byte is in (before, re-concatenating the pending bytes on every chunk made a
 * 1 MiB frame arriving 64 bytes at a time cost 2 s of CPU). Small chunks are gathered into staging buffers, so
 * the pieces held stay few whatever the peer's chunking; a body that lies within one piece is decoded in place.
 */
export class FrameDecoder {
  readonly #maxBytes: number;
  /** Received, not yet consumed: `#chunks[#head]` from `#offset` on, then the ones after it whole. */
  #chunks: Uint8Array[] = [];
  #head = 0;
  #offset = 0;
  #pending = 0;
  /** Where small chunks are gathered; always the last held chunk while it is set. */
  #staging: { bytes: Uint8Array; used: number } | undefined;
  #failed: string | undefined;

  constructor(maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.#pending;
  }

  push(chunk: Uint8Array): DecodeResult {
    const messages: JsonValue[] = [];
    const frameBytes: number[] = [];
    if (this.#failed !== undefined) return { messages, frameBytes, error: this.#failed };
    this.#hold(chunk);
    while (this.#pending >= FRAME_HEADER_BYTES) {
      const length = this.#peekLength();
      if (length > this.#maxBytes)
        return this.#fail(`frame of ${length} bytes exceeds maxMessageBytes ${this.#maxBytes}`, messages, frameBytes);
      if (this.#pending < FRAME_HEADER_BYTES + length) break;
      this.#take(FRAME_HEADER_BYTES);
      const body = this.#take(length);
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        return this.#fail('frame is not valid UTF-8', messages, frameBytes);
      }
      const parsed = safeParse(text);
      if (!parsed.ok) return this.#fail(parsed.reason, messages, frameBytes);
      messages.push(parsed.value);
      frameBytes.push(FRAME_HEADER_BYTES + length);
    }
    return { messages, frameBytes };
  }

  /**
   * Keep a chunk. Small ones are copied into a staging buffer of our own, so a peer that trickles a frame a
   * byte at a time makes a few buffers, not one object per byte; large ones are kept as they are.
   */
  #hold(chunk: Uint8Array): void {
    const n = chunk.byteLength;
    if (n === 0) return;
    this.#pending += n;
    if (n >= SMALL_CHUNK_BYTES) {
      this.#staging = undefined;
      this.#chunks.push(chunk);
      return;
    }
    let staging = this.#staging;
    if (staging === undefined || staging.used + n > staging.bytes.byteLength) {
      staging = { bytes: new Uint8Array(STAGING_BYTES), used: 0 };
      this.#staging = staging;
      this.#chunks.push(staging.bytes.subarray(0, 0));
    }
    staging.bytes.set(chunk, staging.used);
    staging.used += n;
    // The last held chunk is the staging buffer's view: widen it (its start, and so #offset, are unchanged).
    this.#chunks[this.#chunks.length - 1] = staging.bytes.subarray(0, staging.used);
  }

  /** The big-endian length in the next four bytes, which may span chunks. */
  #peekLength(): number {
    let length = 0;
    let chunk = this.#head;
    let at = this.#offset;
    for (let i = 0; i < FRAME_HEADER_BYTES; i++) {
      while (at >= this.#chunks[chunk]!.byteLength) {
        chunk++;
        at = 0;
      }
      length = length * 256 + this.#chunks[chunk]![at++]!;
    }
    return length;
  }

  /** Remove the next `n` bytes (n ≤ pending): a view when they lie in one chunk, else one copy. */
  #take(n: number): Uint8Array {
    this.#pending -= n;
    const first = this.#chunks[this.#head];
    if (n === 0 || first === undefined) return new Uint8Array(0);
    if (first.byteLength - this.#offset >= n) {
      const view = first.subarray(this.#offset, this.#offset + n);
      this.#offset += n;
      if (this.#offset === first.byteLength) this.#dropFirst();
      return view;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.#chunks[this.#head]!;
      const count = Math.min(n - filled, head.byteLength - this.#offset);
      out.set(head.subarray(this.#offset, this.#offset + count), filled);
      filled += count;
      this.#offset += count;
      if (this.#offset === head.byteLength) this.#dropFirst();
    }
    return out;
  }

  /** Past the first chunk; the list is compacted once its consumed part is most of it (no shift per chunk). */
  #dropFirst(): void {
    this.#head++;
    this.#offset = 0;
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
      this.#staging = undefined;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }

  #fail(reason: string, messages: JsonValue[], frameBytes: number[]): DecodeResult {
    this.#failed = reason;
    this.#chunks = [];
    this.#head = 0;
    this.#offset = 0;
    this.#pending = 0;
    this.#staging = undefined;
    return { messages, frameBytes, error: reason };
  }
}
