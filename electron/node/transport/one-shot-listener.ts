/**
 * A one-shot authenticated listener: it accepts connections until one presents the expected token as its
 * first frame, then stops listening, so nothing can connect by path later (DESIGN.md §8). Connections that
 * fail to authenticate in time, or at all, are dropped and reported. The listener itself takes any `listen`
 * function (tests drive it with in-memory streams); `listenOn` is the real one, a Unix socket or named pipe.
 */
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { FramedConnection, type ByteStream } from '../../common/protocol/framed-peer.ts';
import type { Schema } from '../../common/protocol/schema.ts';

/** How long an accepted connection may take to present its token. */
export const AUTH_TIMEOUT_MS = 2000;

export interface ServerHandle {
  close(): void;
}

export interface OneShotOptions<In> {
  readonly token: string;
  readonly schema: Schema<In>;
  readonly maxMessageBytes: number;
  /** Starts listening; calls `onConnection` for each accepted stream, `onError` if it cannot listen. */
  readonly listen: (onConnection: (stream: ByteStream) => void, onError: (error: Error) => void) => ServerHandle;
  readonly onMessage: (message: In) => void;
  readonly onViolation: (reason: string) => void;
  readonly onClose: (reason: string | undefined) => void;
  /** A connection dropped before it authenticated (for the run's notes). */
  readonly onRejected: (reason: string) => void;
  /** Listening failed (e.g. the socket's directory is not writable): nothing will ever connect. */
  readonly onListenError?: (reason: string) => void;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  /**
   * How long an accepted connection may take to authenticate (default {@link AUTH_TIMEOUT_MS}). An inherited
   * channel is "accepted" when the process is spawned, so it gets the whole start-up time instead.
   */
  readonly authTimeoutMs?: number;
  readonly clearTimer: (handle: unknown) => void;
}

export class OneShotListener<In extends { t: string }, Out extends object> {
  readonly #server: ServerHandle;
  readonly #pending = new Set<ByteStream>();
  #closed = false;
  /** Resolves with the authenticated connection. */
  readonly connected: Promise<FramedConnection<In, Out>>;

  constructor(options: OneShotOptions<In>) {
    let resolveConnected!: (c: FramedConnection<In, Out>) => void;
    this.connected = new Promise((resolve) => (resolveConnected = resolve));
    const onListenError = (error: Error): void => options.onListenError?.(`could not listen: ${error.message}`);
    this.#server = options.listen((stream) => {
      if (this.#closed) return void stream.destroy();
      this.#pending.add(stream);
      let accepted = false;
      const timer = options.setTimer(() => {
        options.onRejected('a connection did not authenticate in time');
        stream.destroy();
      }, options.authTimeoutMs ?? AUTH_TIMEOUT_MS);
      const connection: FramedConnection<In, Out> = new FramedConnection<In, Out>(stream, {
        schema: options.schema,
        maxMessageBytes: options.maxMessageBytes,
        expectToken: options.token,
        onMessage: (message) => {
          if (!accepted) {
            accepted = true;
            options.clearTimer(timer);
            this.#pending.delete(stream);
            this.close();
            resolveConnected(connection);
          }
          options.onMessage(message);
        },
        onViolation: (reason) => {
          options.clearTimer(timer);
          if (accepted) options.onViolation(reason);
          else options.onRejected(`dropped a connection: ${reason}`);
        },
        onClose: (reason) => {
          options.clearTimer(timer);
          this.#pending.delete(stream);
          if (accepted) options.onClose(reason);
        },
      });
    }, onListenError);
  }

  /** Stop accepting and drop unauthenticated connections; the authenticated one stays open. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#server.close();
    for (const stream of this.#pending) stream.destroy();
    this.#pending.clear();
  }
}

/**
 * `listen` for a Unix socket or named pipe path. Closing also removes the socket file, so nothing can connect
 * by path afterwards; pipes on Windows vanish with the server.
 */
export function listenOn(endpoint: string): OneShotOptions<never>['listen'] {
  return (onConnection, onError) => {
    const server = createServer((socket) => onConnection(socket));
    server.on('error', (error) => {
      server.close();
      onError(error);
    });
    server.listen(endpoint);
    return {
      close: () => {
        server.close();
        if (process.platform === 'win32') return;
        try {
          rmSync(endpoint, { force: true });
        } catch {
          // The directory is not writable (someone changed it): the server is closed, so nothing can connect
          // through the file left behind, and it goes with the directory.
        }
      },
    };
  };
}
