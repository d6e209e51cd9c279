/**
 * The code the blast-radius experiment runs, as source text: a neighbour's heartbeat and the culprit's
 * misbehaviours. Each is evaluated in a worker thread or a child Node of its own.
 */
import type { Misbehaviour } from '../../electron/common/blast/blast.ts';

/** A neighbour beats every BEAT_MS and allocates a little each time, as real work does. */
export const BEAT_MS = 50;

/**
 * What the culprit does when told to go. `crash` calls process.abort(); in a worker thread Node refuses it
 * (ERR_WORKER_UNSUPPORTED_OPERATION), so the culprit raises the signal abort() raises, SIGABRT, on its process
 * — what a native abort anywhere in the process does. `oom` keeps what it allocates and halves the request
 * when refused, so the process's memory cap is exhausted to the last page.
 */
export const MISBEHAVIOUR_SOURCE: Readonly<Record<Misbehaviour, string>> = {
  crash: `try { process.abort(); } catch { process.kill(process.pid, 'SIGABRT'); }`,
  oom: `const keep = []; let size = 64 * 1024 * 1024;
for (;;) { try { const b = new ArrayBuffer(size); new Uint8Array(b).fill(1); keep.push(b); } catch { if (size > 4096) size = size / 2; } }`,
  exit: `process.exit(1);`,
  kill: `process.kill(process.pid);`,
};

/**
 * A thread's first message: its thread id as /proc/thread-self names it (Linux), so the experiment process can
 * read that thread's CPU from outside it.
 */
const POST_TID = `try { parentPort.postMessage({ tid: require('node:fs').readlinkSync('/proc/thread-self').split('/').pop() }); } catch {}`;

/** A neighbour as a worker thread: says its thread id, then beats on its port. */
export const THREAD_NEIGHBOUR = `const { parentPort } = require('node:worker_threads');
${POST_TID}
let n = 0;
setInterval(() => { const work = new Array(64).fill(++n); parentPort.postMessage(work.length); }, ${BEAT_MS});`;

/** A neighbour as a child Node: beats as lines on its stdout. */
export const CHILD_NEIGHBOUR = `let n = 0;
setInterval(() => { const work = new Array(64).fill(++n); process.stdout.write(work.length + '\\n'); }, ${BEAT_MS});`;

/** The culprit as a worker thread: says its thread id, is told to go by one message, then runs `code`. */
export function threadCulprit(code: string): string {
  return `const { parentPort } = require('node:worker_threads');
${POST_TID}
parentPort.once('message', () => { parentPort.unref(); require('node:vm').runInThisContext(${JSON.stringify(code)}, { filename: 'culprit.js' }); });`;
}

/** The culprit as a child Node: told to go by a line on stdin, then runs `code`. */
export function childCulprit(code: string): string {
  return `process.stdin.once('data', () => { process.stdin.destroy(); require('node:vm').runInThisContext(${JSON.stringify(code)}, { filename: 'culprit.js' }); });
process.stdout.write('waiting\\n');`;
}
