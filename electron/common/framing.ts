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

/** What the decoder produced from one chunk of bytes. */
export interface DecodeResult {
  readonly messages: JsonValue[];
  /** Set when the stream is poisoned: the connection must be closed and nothing more read from it. */
  readonly error?: string;
  /** Sizes of the accepted frames (bodies + headers), for traffic accounting. */
  readonly frameBytes: number[];
}

/** Incremental decoder for one connection. After an error it stays failed. */
export class FrameDecoder {
  readonly #maxBytes: number;
  #buffer: Uint8Array = new Uint8Array(0);
  #failed: string | undefined;

  constructor(maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.#buffer.byteLength;
  }

  push(chunk: Uint8Array): DecodeResult {
    const messages: JsonValue[] = [];
    const frameBytes: number[] = [];
    if (this.#failed !== undefined) return { messages, frameBytes, error: this.#failed };
    this.#buffer = concat(this.#buffer, chunk);
    while (this.#buffer.byteLength >= FRAME_HEADER_BYTES) {
      const view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset, this.#buffer.byteLength);
      const length = view.getUint32(0, false);
      if (length > this.#maxBytes)
        return this.#fail(`frame of ${length} bytes exceeds maxMessageBytes ${this.#maxBytes}`, messages, frameBytes);
      if (this.#buffer.byteLength < FRAME_HEADER_BYTES + length) break;
      const body = this.#buffer.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      this.#buffer = this.#buffer.subarray(FRAME_HEADER_BYTES + length);
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

  #fail(reason: string, messages: JsonValue[], frameBytes: number[]): DecodeResult {
    this.#failed = reason;
    this.#buffer = new Uint8Array(0);
    return { messages, frameBytes, error: reason };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
