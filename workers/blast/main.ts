/**
 * The blast-radius experiment's own process (electron/engine/blast.ts starts it, contained in a PID namespace).
 * Under `worker` it is the one process: N neighbour threads and the culprit's thread. Under `process` it is the
 * parent of N neighbour children and the culprit's child. Once every neighbour has beaten twice, a baseline of readings is taken (and, for `oom`,
 * the culprit's process has its memory cap) it tells the culprit to go, and reports every heartbeat and every
 * end, each line after the run's token, on stdout — which the culprit shares under `worker`, hence the token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  BASELINE_READINGS,
  SAMPLE_MS,
  blastBootstrap,
  type BlastBootstrap,
  type BlastReading,
  type BlastReport,
} from '../../electron/common/blast/blast.ts';
import { CLOCK_TICKS_PER_SECOND, parseProcStat, parseStatusRssBytes } from '../../electron/node/proc/proc-parse.ts';
import { check } from '../../electron/common/protocol/schema.ts';
import { CHILD_NEIGHBOUR, MISBEHAVIOUR_SOURCE, THREAD_NEIGHBOUR, childCulprit, threadCulprit } from './sources.ts';

const BEATS_BEFORE_GO = 2;
const OUTPUT_CHARS = 2000;
/** The culprit's output relayed at most: a flood must not crowd out the neighbours' beats on the report pipe. */
const OUTPUT_BUDGET_CHARS = 16 * 1024;

async function readBootstrap(): Promise<BlastBootstrap> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const checked = check(blastBootstrap, JSON.parse(text.slice(0, text.indexOf('\n'))));
  if (!checked.ok) throw new Error(`bad bootstrap: ${checked.reason}`);
  return checked.value;
}

/** This process's (or a child's) virtual size, which the memory cap is set above. */
function virtualBytes(pid: number): number | undefined {
  const kb = /^VmSize:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** Cap a process's address space at what it holds now plus `capMb` (Linux: prlimit). Undefined when it worked. */
function capMemory(pid: number, capMb: number): string | undefined {
  if (process.platform !== 'linux') return 'no per-process memory cap on this OS (Linux prlimit only)';
  const now = virtualBytes(pid);
  if (now === undefined) return 'the process size could not be read';
  const r = spawnSync('prlimit', ['--pid', String(pid), `--as=${now + capMb * 1024 * 1024}`], { stdio: 'ignore' });
  return r.status === 0 ? undefined : `prlimit failed (${r.error?.message ?? `exit ${r.status}`})`;
}

/** A thread's or process's CPU so far, from its /proc directory; undefined once it is gone. */
function cpuMsOf(dir: string): number | undefined {
  try {
    const stat = parseProcStat(readFileSync(`${dir}/stat`, 'utf8'));
    return stat && stat.state !== 'Z' ? (stat.cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

function rssOf(dir: string): number | undefined {
  try {
    return parseStatusRssBytes(readFileSync(`${dir}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Read every member from outside its code (Linux /proc): under `worker` each thread's CPU and the one process's
 * memory (threads share it), under `process` each child's CPU and memory. A member that is gone has no reading.
 */
function readMembers(boundary: BlastBootstrap['boundary'], members: ReadonlyMap<string, string>): BlastReading[] {
  const readings: BlastReading[] = [];
  for (const [id, dir] of members) {
    const cpuMs = cpuMsOf(dir);
    if (cpuMs === undefined) continue;
    const rssBytes = boundary === 'process' ? rssOf(dir) : undefined;
    readings.push({ id, cpuMs, ...(rssBytes !== undefined ? { rssBytes } : {}) });
  }
  if (boundary === 'worker') {
    const cpuMs = cpuMsOf('/proc/self');
    const rssBytes = rssOf('/proc/self');
    if (cpuMs !== undefined) readings.push({ id: 'process', cpuMs, ...(rssBytes !== undefined ? { rssBytes } : {}) });
  }
  return readings;
}

/** A thread's first message names its thread id (sources.ts); anything else from it is a beat or ignored. */
function threadId(message: unknown): string | undefined {
  const tid = (message as { tid?: unknown } | null)?.tid;
  return typeof tid === 'string' && /^\d{1,10}$/.test(tid) ? tid : undefined;
}

async function main(): Promise<void> {
  const boot = await readBootstrap();
  const report = (line: BlastReport): void => void process.stdout.write(`${boot.token} ${JSON.stringify(line)}\n`);
  const code = boot.misbehaviour === 'code' ? (boot.code ?? '') : MISBEHAVIOUR_SOURCE[boot.misbehaviour];
  const beats = new Map<string, number>();
  let culpritReady = false;
  let go: (() => void) | undefined;
  let culpritPid: number | undefined;
  const ids = Array.from({ length: boot.neighbours }, (_, i) => `n${i + 1}`);
  /** Member id → its /proc directory (a thread's task directory, or a child's). */
  const members = new Map<string, string>();
  // Elsewhere there is nothing to read, and so no baseline to wait for.
  let readingsTaken = process.platform === 'linux' ? 0 : BASELINE_READINGS;
  if (process.platform === 'linux')
    setInterval(() => {
      report({ t: 'readings', members: readMembers(boot.boundary, members) });
      // The baseline counts once every member can be read (each thread has said its id).
      if (members.size === ids.length + 1 && ++readingsTaken === BASELINE_READINGS) maybeGo();
    }, SAMPLE_MS);
  const maybeGo = (): void => {
    if (!go || !culpritReady || readingsTaken < BASELINE_READINGS) return;
    if (ids.some((id) => (beats.get(id) ?? 0) < BEATS_BEFORE_GO)) return;
    const start = go;
    go = undefined;
    if (boot.misbehaviour === 'oom') {
      const problem = capMemory(culpritPid ?? process.pid, boot.capMb);
      if (problem) {
        report({ t: 'note', text: `oom not started: ${problem}` });
        process.exit(3);
      }
      report({ t: 'note', text: `memory cap: ${boot.capMb} MB above what the culprit's process held` });
    }
    report({ t: 'go' });
    start();
  };
  const beat = (id: string): void => {
    beats.set(id, (beats.get(id) ?? 0) + 1);
    report({ t: 'beat', id });
    maybeGo();
  };
  let outputLeft = OUTPUT_BUDGET_CHARS;
  const output = (text: string): void => {
    if (outputLeft <= 0) return;
    const kept = text.slice(0, Math.min(OUTPUT_CHARS, outputLeft));
    outputLeft -= kept.length;
    report({ t: 'output', text: kept });
  };

  if (boot.boundary === 'worker') {
    culpritPid = process.pid;
    for (const id of ids) {
      const w = new Worker(THREAD_NEIGHBOUR, { eval: true });
      w.on('message', (m: unknown) => {
        const tid = threadId(m);
        if (tid === undefined) beat(id);
        else if (!members.has(id)) members.set(id, `/proc/self/task/${tid}`);
      });
      w.on('error', (e) => report({ t: 'ended', id, how: `error: ${e.message.slice(0, 150)}` }));
      w.on('exit', (c) => report({ t: 'ended', id, how: `thread exit ${c}` }));
    }
    const culprit = new Worker(threadCulprit(code), { eval: true, stdout: true, stderr: true });
    culprit.stdout.on('data', (d: Buffer) => output(String(d)));
    culprit.stderr.on('data', (d: Buffer) => output(String(d)));
    // The culprit is the user's code and may post anything: only its first thread id is taken.
    culprit.on('message', (m: unknown) => {
      const tid = threadId(m);
      if (tid !== undefined && !members.has('culprit')) members.set('culprit', `/proc/self/task/${tid}`);
    });
    culprit.on('online', () => {
      culpritReady = true;
      maybeGo();
    });
    culprit.on('error', (e) => report({ t: 'ended', id: 'culprit', how: `thread error: ${e.message.slice(0, 150)}` }));
    culprit.on('exit', (c) => report({ t: 'ended', id: 'culprit', how: `thread exit ${c}` }));
    go = () => culprit.postMessage('go');
  } else {
    const children: ChildProcess[] = [];
    const ended = (id: string) => (c: number | null, s: NodeJS.Signals | null) =>
      report({ t: 'ended', id, how: s ? `process killed by ${s}` : `process exit ${c}` });
    for (const id of ids) {
      const child = spawn(process.execPath, ['-e', CHILD_NEIGHBOUR], { stdio: ['ignore', 'pipe', 'ignore'] });
      children.push(child);
      if (child.pid !== undefined) members.set(id, `/proc/${child.pid}`);
      let partial = '';
      child.stdout!.on('data', (d: Buffer) => {
        const lines = (partial + String(d)).split('\n');
        partial = lines.pop() ?? '';
        for (let i = 0; i < lines.length; i++) beat(id);
      });
      child.on('exit', ended(id));
    }
    const culprit = spawn(process.execPath, ['-e', childCulprit(code)], { stdio: ['pipe', 'pipe', 'pipe'] });
    culpritPid = culprit.pid;
    if (culprit.pid !== undefined) members.set('culprit', `/proc/${culprit.pid}`);
    culprit.stdout!.on('data', (d: Buffer) => {
      const text = String(d);
      if (!culpritReady && text.startsWith('waiting\n')) {
        culpritReady = true;
        if (text.length > 8) output(text.slice(8));
        maybeGo();
      } else output(text);
    });
    culprit.stderr!.on('data', (d: Buffer) => output(String(d)));
    culprit.on('exit', ended('culprit'));
    go = () => culprit.stdin!.write('go\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`blast: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
