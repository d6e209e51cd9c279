/** Node adapters for the transport-neutral listener: listen on a Unix socket or named pipe path. */
import * as net from 'node:net';
import { rmSync } from 'node:fs';
import { listenOnPath } from '../../electron/common/one-shot-listener.ts';

const removeSocketFile =
  process.platform === 'win32' ? undefined : (path: string): void => rmSync(path, { force: true });

export const listenOn = (endpoint: string): ReturnType<typeof listenOnPath> =>
  listenOnPath(endpoint, net, removeSocketFile);
