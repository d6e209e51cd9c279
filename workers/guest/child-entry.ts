/**
 * Bootstrap of a `process` guest: the entry file of a child Node process of the host, possibly under the
 * Permission Model. It reads which inherited descriptor is its channel to the host (a socketpair the host
 * made before starting it) and the token to present from stdin, which is then closed, and runs the script it
 * is sent. It makes no socket of its own: under `os-sandbox` on Linux `socket(AF_UNIX)` is refused. After the completion value is reported
 * and the host has acknowledged it (its last outside readings are taken while the process still exists), the
 * connection is unref'd, so the process exits when the script's own work is done.
 *
 * Run-time imports are limited to CHILD_BOOTSTRAP_MODULES (read access is granted to exactly those files).
 */
import { writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { FrameDecoder, encodeFrame } from '../../electron/common/protocol/framing.ts';
import { createCapturingConsole, createOutputGate, toGuestError } from './runtime.ts';
import { runGuest, type GuestInput } from './run-guest.ts';
import type { GuestToHost } from '../../electron/common/protocol/worker-protocol.ts';
import type { ConsoleLevel } from '../../electron/common/run/result.ts';

interface Bootstrap {
  readonly channelFd: number;
  readonly token: string;
  readonly maxMessageBytes: number;
  readonly statsIntervalMs: number;
  /** The run's output cap: the console forwards nothing past it. */
  readonly maxOutputBytes?: number;
}

const CHUNK_CHARS = 64 * 1024;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  process.stdin.destroy();
  return text;
}

async function main(): Promise<void> {
  const boot = JSON.parse(await readStdin()) as Bootstrap;
  const socket = new Socket({ fd: boot.channelFd, readable: true, writable: true });
  // Frames are written synchronously, straight to the descriptor: a guest printing in a loop never gives
  // the event loop a turn, so what net.Socket queued would stay in this process (measured: 860 MB) and never
  // reach the host. Written here, a full channel makes the guest wait for the host to read: backpressure.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const send = (message: GuestToHost): void => {
    try {
      const frame = encodeFrame(message, boot.maxMessageBytes);
      for (let offset = 0; offset < frame.byteLength;) {
        try {
          offset += writeSync(boot.channelFd, frame, offset);
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'EAGAIN') throw error;
          Atomics.wait(pause, 0, 0, 1);
        }
      }
    } catch {
      // An oversized message (a huge result) is dropped; the host sees no result and reports that. A closed
      // channel (the host is gone) drops everything.
    }
  };
  send({ t: 'auth', token: boot.token });

  const output = createOutputGate(
    (level: ConsoleLevel, text: string) => send({ t: 'console', level, text }),
    boot.maxOutputBytes ?? Number.POSITIVE_INFINITY,
    CHUNK_CHARS,
  );
  globalThis.console = createCapturingConsole(output);
  process.on('uncaughtException', (error) => {
    send({ t: 'done', ok: false, error: toGuestError(error) });
    socket.end(() => process.exit(1));
  });
  process.on('unhandledRejection', (reason) => {
    send({ t: 'done', ok: false, error: toGuestError(reason) });
    socket.end(() => process.exit(1));
  });

  setInterval(() => {
    const m = process.memoryUsage();
    send({
      t: 'stats',
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
      arrayBuffersBytes: m.arrayBuffers,
    });
  }, boot.statsIntervalMs).unref();

  const decoder = new FrameDecoder(boot.maxMessageBytes);
  let started = false;
  socket.on('data', (chunk: Buffer) => {
    const { messages, error } = decoder.push(chunk);
    if (error !== undefined) return void socket.destroy();
    for (const message of messages) {
      const m = message as Partial<GuestInput> & { t?: unknown };
      // The host took its last readings: the connection no longer holds the process open.
      if (m.t === 'ack') socket.unref();
      if (started || m.t !== 'run' || typeof m.code !== 'string') continue;
      started = true;
      void runGuest(m as GuestInput, output, () => send({ t: 'stopped' })).then(send);
    }
  });
  socket.on('error', () => process.exit(70));
}

void main();
