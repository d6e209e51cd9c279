/**
 * One end of a framed, schema-checked connection, independent of the transport. The Node side wraps a
 * socket around it; tests drive it with bytes directly. The first violation (bad frame, bad JSON, bad shape,
 * missing authentication) poisons the peer: `onViolation` fires once, later bytes are ignored, and the owner
 * closes the transport.
 */
import { FrameDecoder, encodeFrame } from './framing.ts';
import { check, type Schema } from './schema.ts';
import type { IpcCounters } from '../run/result.ts';

export interface FramedPeerOptions<In> {
  readonly schema: Schema<In>;
  readonly maxMessageBytes: number;
  readonly onMessage: (message: In) => void;
  readonly onViolation: (reason: string) => void;
  /** When set, the first message must be `{ t: 'auth', token }` with this token, or the peer is poisoned. */
  readonly expectToken?: string;
}

export class FramedPeer<In extends { t: string }, Out extends object> {
  readonly counters: IpcCounters = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
  readonly #decoder: FrameDecoder;
  readonly #options: FramedPeerOptions<In>;
  #authenticated: boolean;
  #violation: string | undefined;

  constructor(options: FramedPeerOptions<In>) {
    this.#options = options;
    this.#decoder = new FrameDecoder(options.maxMessageBytes);
    this.#authenticated = options.expectToken === undefined;
  }

  get violation(): string | undefined {
    return this.#violation;
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** Feed received bytes. Never throws; messages are delivered in order until the first violation. */
  receive(chunk: Uint8Array): void {
    if (this.#violation !== undefined) return;
    this.counters.bytesIn += chunk.byteLength;
    const decoded = this.#decoder.push(chunk);
    for (const raw of decoded.messages) {
      if (this.#violation !== undefined) return;
      const checked = check(this.#options.schema, raw);
      if (!checked.ok) return this.#poison(`invalid message: ${checked.reason}`);
      const message = checked.value;
      this.counters.messagesIn++;
      if (this.#authenticated && message.t === 'auth' && this.#options.expectToken !== undefined) {
        return this.#poison('authentication repeated on an authenticated connection');
      }
      if (!this.#authenticated) {
        const token = (message as { token?: unknown }).token;
        if (message.t !== 'auth' || !timingSafeEqualStrings(String(token), this.#options.expectToken ?? '')) {
          return this.#poison('first message was not a valid authentication');
        }
        this.#authenticated = true;
      }
      try {
        this.#options.onMessage(message);
      } catch (error) {
        return this.#poison(`message handler failed: ${(error as Error).message}`);
      }
    }
    if (decoded.error !== undefined) this.#poison(decoded.error);
  }

  /** Encode a message for sending and count it. */
  encode(message: Out): Uint8Array {
    const frame = encodeFrame(message, this.#options.maxMessageBytes);
    this.counters.bytesOut += frame.byteLength;
    this.counters.messagesOut++;
    return frame;
  }

  #poison(reason: string): void {
    if (this.#violation !== undefined) return;
    this.#violation = reason;
    this.#options.onViolation(reason);
  }
}

/** Constant-time comparison so a peer cannot learn a token byte by byte from timing. */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** The part of a Node stream socket a framed connection needs; structural so common stays Node-free. */
export interface ByteStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(chunk: Uint8Array): boolean;
  destroy(): unknown;
  readonly destroyed: boolean;
}

/** A framed peer bound to a byte stream: send messages, receive validated ones, close on violation. */
export class FramedConnection<In extends { t: string }, Out extends object> {
  readonly peer: FramedPeer<In, Out>;
  readonly #stream: ByteStream;
  #closeReason: string | undefined;

  constructor(
    stream: ByteStream,
    options: FramedPeerOptions<In> & { readonly onClose?: (reason: string | undefined) => void },
  ) {
    this.#stream = stream;
    this.peer = new FramedPeer<In, Out>({
      ...options,
      onViolation: (reason) => {
        this.#closeReason = reason;
        options.onViolation(reason);
        stream.destroy();
      },
    });
    stream.on('data', (chunk) => this.peer.receive(chunk));
    stream.on('error', (error) => {
      this.#closeReason ??= `transport error: ${error.message}`;
    });
    stream.on('close', () => options.onClose?.(this.#closeReason));
  }

  get closed(): boolean {
    return this.#stream.destroyed;
  }

  /** Send one message; returns false if the connection is gone or the message does not fit in a frame. */
  send(message: Out): boolean {
    if (this.#stream.destroyed) return false;
    let frame: Uint8Array;
    try {
      frame = this.peer.encode(message);
    } catch {
      return false;
    }
    this.#stream.write(frame);
    return true;
  }

  close(): void {
    this.#stream.destroy();
  }
}
