/** Node adapters for the transport-neutral listener: listen on a Unix socket or named pipe path. */
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import type { ByteStream } from '../common/framed-peer.ts';
import type { ServerHandle } from '../common/one-shot-listener.ts';

export function listenOn(endpoint: string): (onConnection: (stream: ByteStream) => void) => ServerHandle {
  return (onConnection) => {
    const server = createServer((socket) => onConnection(socket));
    server.on('error', () => server.close());
    server.listen(endpoint);
    return {
      close: () => {
        server.close();
        if (process.platform !== 'win32') rmSync(endpoint, { force: true });
      },
    };
  };
}
