/**
 * Floor of output throughput: the same bytes the product's guest prints, moved by hand along the same
 * path to a sink socket the bench listens on — raw bytes, no framing, no schema, no canary scan.
 *   socket         this process (the "host") writes them to the sink
 *   port+socket    a Worker posts them on its port; this thread forwards them to the sink
 *   socket+socket  a child Node writes them to a socket of this process, which forwards them to the sink
 *
 *   node ipc.ts <path> <sink socket> <bytes> <chunk bytes>
 *
 * Exits when everything is written; the bench times first byte to last byte at the sink.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const [path, sinkPath, bytesText, chunkText] = process.argv.slice(2);
const total = Number(bytesText);
const chunk = Number(chunkText);

const sink: Socket = await new Promise((resolve) => {
  const s = connect(sinkPath ?? '', () => resolve(s));
});
const finish = (): void => void sink.end(() => process.exit(0));

if (path === 'socket') {
  const piece = 'x'.repeat(chunk);
  for (let sent = 0; sent < total; sent += chunk) sink.write(piece);
  finish();
} else if (path === 'port+socket') {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const piece = 'x'.repeat(workerData.chunk);
     for (let sent = 0; sent < workerData.total; sent += workerData.chunk) parentPort.postMessage(piece);
     parentPort.postMessage(null);`,
    { eval: true, workerData: { total, chunk } },
  );
  worker.on('message', (text: string | null) => (text === null ? finish() : sink.write(text)));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'wb-floor-'));
  const socketPath = join(dir, 'ipc.sock');
  const server = createServer((from) => {
    from.on('data', (data: Buffer) => sink.write(data));
    from.on('end', () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
      finish();
    });
  });
  server.listen(socketPath, () => {
    spawn(
      process.execPath,
      [
        '-e',
        `const [total, chunk] = [Number(process.argv[2]), Number(process.argv[3])];
         const s = require('node:net').connect(process.argv[1], () => {
           const piece = 'x'.repeat(chunk);
           for (let sent = 0; sent < total; sent += chunk) s.write(piece);
           s.end();
         });`,
        socketPath,
        String(total),
        String(chunk),
      ],
      { stdio: 'ignore' },
    );
  });
}
