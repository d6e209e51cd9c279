/**
 * Bootstrap of a `worker` guest: runs inside a worker thread of the host. The script comes in workerData;
 * console lines and the completion value go back on parentPort. Once the host has acknowledged the result
 * nothing holds the port, so the thread ends by itself when the script's own timers and handles are done,
 * exactly like a Node script.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  chunkText,
  createCapturingConsole,
  evaluateScript,
  installScriptGlobals,
  toGuestError,
  toResultValue,
} from './runtime.ts';
import type { GuestToHost } from '../../electron/common/worker-protocol.ts';

interface ThreadData {
  readonly code: string;
  readonly jailDir: string;
  readonly canaryPort: number;
}

const CHUNK_CHARS = 64 * 1024;
const port = parentPort;
if (port === null) throw new Error('thread-entry must run in a worker thread');
const data = workerData as ThreadData;
const send = (message: GuestToHost): void => port.postMessage(message);

globalThis.console = createCapturingConsole((level, text) => {
  for (const piece of chunkText(text, CHUNK_CHARS)) send({ t: 'console', level, text: piece });
});
installScriptGlobals(data.jailDir, data.canaryPort);

// After `done`, stay until the host acknowledges: its last outside readings (memory) happen while the
// thread still exists. Then the port stops holding the thread, which ends when the script's work is done.
const finish = (message: GuestToHost): void => {
  port.once('message', () => port.unref());
  send(message);
};

evaluateScript(data.code).then(
  (value) => {
    const result = toResultValue(value);
    finish({ t: 'done', ok: true, ...(result !== undefined ? { result } : {}) });
  },
  (error: unknown) => finish({ t: 'done', ok: false, error: toGuestError(error) }),
);
