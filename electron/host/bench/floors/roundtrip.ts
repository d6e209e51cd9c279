/**
 * Floor of one message round trip on a raw transport: 100 bytes there and back between this process and a
 * child Node over a Unix socket, or between this thread and a Worker over its MessagePort. No framing, no
 * schema, no token: the transport alone.
 *
 *   node roundtrip.ts <socket|port> <count>
 *
 * Prints `{"samplesMs":[…]}` (one per round trip, after 50 unmeasured ones).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const WARM_UP = 50;
const PAYLOAD = 'x'.repeat(100);
const [transport, countText] = process.argv.slice(2);
const count = Number(countText);

/** Send, wait for the echo, repeat; each round trip timed. */
async function pingPong(send: (text: string) => void, onReply: (listener: () => void) => void): Promise<number[]> {
  const samples: number[] = [];
  let resolveReply: () => void = () => undefined;
  onReply(() => resolveReply());
  for (let i = 0; i < WARM_UP + count; i++) {
    const t0 = performance.now();
    const replied = new Promise<void>((resolve) => (resolveReply = resolve));
    send(PAYLOAD);
    await replied;
    if (i >= WARM_UP) samples.push(performance.now() - t0);
  }
  return samples;
}

async function overSocket(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-floor-'));
  const path = join(dir, 'rt.sock');
  const accepted = new Promise<Socket>((resolve) => {
    const server = createServer((socket) => {
      server.close();
      resolve(socket);
    });
    server.listen(path);
  });
  // The echo side: every 100 bytes received go straight back.
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').connect(process.argv[1]); let n = 0; s.on('data', (c) => { n += c.length; while (n >= 100) { n -= 100; s.write('${PAYLOAD}'); } });`,
      path,
    ],
    { stdio: 'ignore' },
  );
  const socket = await accepted;
  socket.setNoDelay(true);
  let pending = 0;
  const samples = await pingPong(
    (text) => socket.write(text),
    (listener) =>
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.length;
        while (pending >= 100) {
          pending -= 100;
          listener();
        }
      }),
  );
  socket.destroy();
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  return samples;
}

async function overPort(): Promise<number[]> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`,
    { eval: true },
  );
  const samples = await pingPong(
    (text) => worker.postMessage(text),
    (listener) => worker.on('message', listener),
  );
  await worker.terminate();
  return samples;
}

const samplesMs = transport === 'port' ? await overPort() : await overSocket();
process.stdout.write(`${JSON.stringify({ samplesMs })}\n`);
