/**
 * Bootstrap of a `worker` guest: runs inside a worker thread of the host. The script comes in workerData;
 * console lines and the completion value go back on parentPort. Once the host has acknowledged the result
 * nothing holds the port, so the thread ends by itself when the script's own timers and handles are done,
 * exactly like a Node script.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCapturingConsole, createOutputGate } from './runtime.ts';
import { runGuest, type ThreadInput } from './run-guest.ts';
import type { GuestToHost } from '../../electron/common/protocol/worker-protocol.ts';
import type { ConsoleLevel } from '../../electron/common/run/result.ts';

const CHUNK_CHARS = 64 * 1024;
const port = parentPort;
if (port === null) throw new Error('thread-entry must run in a worker thread');
const input = workerData as ThreadInput;
const send = (message: GuestToHost): void => port.postMessage(message);
// One message per line, never more than the output cap's worth: a thread has no backpressure on its port,
// and a flood of messages would keep the host's thread from sending anything on.
const output = createOutputGate(
  (level: ConsoleLevel, text: string) => send({ t: 'console', level, text }),
  input.maxOutputBytes ?? Number.POSITIVE_INFINITY,
  CHUNK_CHARS,
);
globalThis.console = createCapturingConsole(output);

// After `done`, stay until the host acknowledges: its last outside readings (memory) happen while the
// thread still exists. Then the port stops holding the thread, which ends when the script's work is done.
const finish = (message: GuestToHost): void => {
  port.once('message', () => port.unref());
  send(message);
};

// The guest's time starts now, here and at the supervisor (the host relays `started` as `running`): the thread's
// boot and this bootstrap's imports are the sandbox's cost, not the guest's.
send({ t: 'started' });
void runGuest({ ...input, deadlineAt: Date.now() + input.timeoutMs }, output, () => send({ t: 'stopped' })).then(
  finish,
);
