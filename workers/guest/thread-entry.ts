/**
 * Bootstrap of a `worker` guest: runs inside a worker thread of the host. The script comes in workerData;
 * console lines and the completion value go back on parentPort. Nothing listens on the port, so the thread
 * ends by itself once the script's own timers and handles are done, exactly like a Node script.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chunkText, createCapturingConsole, evaluateScript, installScriptGlobals, toGuestError, toResultValue } from './runtime.ts';
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

evaluateScript(data.code).then(
  (value) => {
    const result = toResultValue(value);
    send({ t: 'done', ok: true, ...(result !== undefined ? { result } : {}) });
  },
  (error: unknown) => send({ t: 'done', ok: false, error: toGuestError(error) }),
);
