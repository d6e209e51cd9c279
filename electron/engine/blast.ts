/**
 * Running one blast-radius experiment (electron/common/blast/blast.ts): start the experiment process
 * (workers/blast/main.ts) in a PID namespace of its own, so nothing it or the user's code starts outlives it;
 * read its token-prefixed report lines; once it says `go`, watch for OBSERVE_MS and call a neighbour lost when
 * its thread or process was seen to end (under `worker`, also when the one process ended), alive otherwise — a
 * neighbour that stopped beating without ending is said in a note, not guessed lost; then end it all.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, constants as osConstants } from 'node:os';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  OOM_CAP_MB,
  SAMPLE_MS,
  blastNotes,
  blastReport,
  type BlastBoundary,
  type BlastNeighbour,
  type BlastResult,
  type BlastSample,
  type Misbehaviour,
} from '../common/blast/blast.ts';
import { cpuPercentBetween, type CpuReading } from '../common/run/cpu-percent.ts';
import { check } from '../common/protocol/schema.ts';
import { safeParse } from '../common/protocol/safe-json.ts';
import { containedCommand } from './containment.ts';
import type { NodeRuntime } from './node-runtime.ts';

/** After the misbehaviour starts: long enough for a dying process to be gone and a live one to beat many times. */
export const OBSERVE_MS = 1500;
/** A live neighbour silent this long at the end gets a note (it beats every 50 ms). */
export const SILENT_AFTER_MS = 400;
/** The neighbours must have beaten before this, or the experiment fails (a loaded machine gets this much). */
const START_BOUND_MS = 15_000;
const MAX_LINE_CHARS = 8 * 1024;
/**
 * Lines without the token (the culprit's own writes to the shared stdout) read at most. Token lines are the
 * experiment's: its beats are bounded by time, its relayed output by the experiment process itself.
 */
const MAX_FOREIGN_LINES = 10_000;
const MAX_OUTPUT_CHARS = 16 * 1024;

/** The experiment process's entry: built next to this module, or the TypeScript source from the checkout. */
export const BLAST_ENTRY = !import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('./blast.js', import.meta.url))
  : process.env.WORKBENCH_HOST_BUNDLE
    ? join(process.env.WORKBENCH_HOST_BUNDLE, 'blast.js')
    : fileURLToPath(new URL('../../workers/blast/main.ts', import.meta.url));

export interface BlastOptions {
  readonly boundary: BlastBoundary;
  readonly misbehaviour: Misbehaviour | 'code';
  readonly neighbours: number;
  /** The culprit's own code, for misbehaviour `code`. */
  readonly code?: string;
  readonly runtime: NodeRuntime;
  /** Ends the experiment early (the UI's Stop, the page closing). */
  readonly signal?: AbortSignal;
}

export interface BlastListener {
  /** The experiment's state so far, at most every 100 ms. */
  onUpdate?(partial: BlastResult): void;
  /** The culprit's own output (the user's code), as it comes. */
  onOutput?(text: string): void;
  /** Each member's CPU and memory, every SAMPLE_MS (Linux). */
  onSamples?(samples: readonly BlastSample[]): void;
}

/** A thread uses at most one core; a process under `process` is one Node, charted per core too. */
const MEMBER_CORES = { thread: 1, process: availableParallelism() } as const;

export function runBlast(o: BlastOptions, listener: BlastListener = {}): Promise<BlastResult> {
  const started = performance.now();
  const token = randomBytes(16).toString('hex');
  const ids = Array.from({ length: o.neighbours }, (_, i) => `n${i + 1}`);
  const beats = new Map<string, { count: number; lastAt: number }>(ids.map((id) => [id, { count: 0, lastAt: 0 }]));
  const ended = new Map<string, string>();
  const notes: string[] = blastNotes(o.boundary, o.misbehaviour);
  let goAt: number | undefined;
  let processEnd: string | undefined;
  let foreignLines = 0;
  let outputChars = 0;
  let stderr = '';
  const lastCpu = new Map<string, CpuReading>();
  let lastReadingsAt = -Infinity;

  const { command, args } = containedCommand(
    o.runtime.path,
    ['--disable-sigusr1', '--disable-warning=ExperimentalWarning', BLAST_ENTRY],
    'namespace',
  );
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  child.stdin.on('error', () => undefined);
  child.stdin.write(
    `${JSON.stringify({
      boundary: o.boundary,
      misbehaviour: o.misbehaviour,
      neighbours: o.neighbours,
      ...(o.code !== undefined ? { code: o.code } : {}),
      token,
      capMb: OOM_CAP_MB,
    })}\n`,
  );

  const snapshot = (final: boolean): BlastResult => {
    const now = performance.now();
    const neighbours: BlastNeighbour[] = ids.map((id) => {
      const b = beats.get(id)!;
      const gone = ended.has(id) || (processEnd !== undefined && o.boundary === 'worker');
      return { id, state: gone ? 'lost' : 'alive', beats: b.count };
    });
    const culpritHow = ended.get('culprit') ?? (o.boundary === 'worker' ? processEnd : undefined);
    const silent = final
      ? neighbours.filter(
          (n) =>
            n.state === 'alive' &&
            goAt !== undefined &&
            now - Math.max(beats.get(n.id)!.lastAt, goAt) > SILENT_AFTER_MS,
        )
      : [];
    const lost = neighbours.filter((n) => n.state === 'lost').length;
    return {
      boundary: o.boundary,
      misbehaviour: o.misbehaviour,
      neighbours,
      lost,
      total: neighbours.length,
      culprit: culpritHow ? { state: 'ended', how: culpritHow } : { state: 'alive' },
      ...(processEnd ? { processEnd } : {}),
      notes: [
        ...notes,
        ...silent.map(
          (n) =>
            `${n.id} did not beat in the last ${SILENT_AFTER_MS} ms though its ${o.boundary === 'worker' ? 'thread' : 'process'} had not ended (stopped, or starved of CPU)`,
        ),
      ],
      durationMs: Math.round(now - started),
      ...(goAt !== undefined ? { misbehaviourAtMs: Math.round(goAt - started) } : {}),
    };
  };

  const take = (line: string): void => {
    if (!line.startsWith(`${token} `)) {
      // Not the experiment's: output the culprit wrote straight to the shared stdout.
      if (++foreignLines > MAX_FOREIGN_LINES) return;
      return output(`${line}\n`);
    }
    const parsed = safeParse(line.slice(token.length + 1));
    const checked = parsed.ok ? check(blastReport, parsed.value) : undefined;
    if (!checked?.ok) return;
    const m = checked.value;
    if (m.t === 'go') goAt ??= performance.now();
    else if (m.t === 'beat') {
      const b = beats.get(m.id);
      if (b) {
        b.count++;
        b.lastAt = performance.now();
      }
    } else if (m.t === 'ended') {
      if (!ended.has(m.id)) ended.set(m.id, m.how);
    } else if (m.t === 'note') {
      if (notes.length < 20) notes.push(m.text);
    } else if (m.t === 'readings') samples(m.members);
    else output(m.text);
  };
  /**
   * Readings into chart points. Under `worker` the culprit shares the report pipe and could write readings of
   * its own: they are taken at the experiment's pace at most, so a flood cannot grow what the page keeps.
   */
  const samples = (members: readonly { id: string; cpuMs?: number; rssBytes?: number }[]): void => {
    const now = performance.now();
    if (now - lastReadingsAt < SAMPLE_MS / 2) return;
    lastReadingsAt = now;
    const atMs = Math.round(now - started);
    const points = members.map((r): BlastSample => {
      let cpuPercent: number | undefined;
      if (r.cpuMs !== undefined) {
        const reading = { atMs: now, cpuMs: r.cpuMs };
        const prev = lastCpu.get(r.id);
        const cores = o.boundary === 'worker' && r.id !== 'process' ? MEMBER_CORES.thread : MEMBER_CORES.process;
        cpuPercent = prev ? cpuPercentBetween(prev, reading, cores) : undefined;
        if (!prev || cpuPercent !== undefined) lastCpu.set(r.id, reading);
      }
      return {
        atMs,
        id: r.id,
        ...(cpuPercent !== undefined ? { cpuPercent } : {}),
        ...(r.rssBytes !== undefined ? { rssBytes: r.rssBytes } : {}),
      };
    });
    listener.onSamples?.(points);
  };
  const output = (text: string): void => {
    if (outputChars >= MAX_OUTPUT_CHARS) return;
    const kept = text.slice(0, MAX_OUTPUT_CHARS - outputChars);
    outputChars += kept.length;
    listener.onOutput?.(kept);
  };

  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + String(d)).split('\n');
    partial = (parts.pop() ?? '').slice(0, MAX_LINE_CHARS);
    for (const line of parts) take(line.slice(0, MAX_LINE_CHARS));
  });
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += String(d);
  });

  return new Promise<BlastResult>((resolve) => {
    let finished = false;
    const ticker = setInterval(() => listener.onUpdate?.(snapshot(false)), 100);
    const finish = (why?: string): void => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      clearTimeout(startBound);
      if (why) notes.push(why);
      const result = snapshot(true);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      o.signal?.removeEventListener('abort', onAbort);
      child.once('close', () => resolve(result));
      if (child.exitCode !== null || child.signalCode !== null) resolve(result);
    };
    const onAbort = (): void => finish('stopped before the end of the observation');
    o.signal?.addEventListener('abort', onAbort);
    const startBound = setTimeout(() => {
      if (goAt === undefined) finish(`the neighbours had not all started after ${START_BOUND_MS} ms`);
    }, START_BOUND_MS);
    // The observation window starts at `go`; poll for it rather than trusting a timer set before it.
    const watch = setInterval(() => {
      if (goAt !== undefined && performance.now() - goAt >= OBSERVE_MS) {
        clearInterval(watch);
        finish();
      }
    }, 25);
    child.on('exit', (code, signal) => {
      // Under the PID namespace the wrapper reports the experiment process's end (a signal as 128+N).
      processEnd = signal
        ? `killed by ${signal}`
        : code !== null && code > 128
          ? `killed by ${signalName(code - 128)}`
          : `exit ${code}`;
      if (goAt === undefined) {
        clearInterval(watch);
        finish(
          `the experiment process ended before the misbehaviour started (${processEnd})${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}`,
        );
      }
    });
    child.on('error', (error) => {
      clearInterval(watch);
      finish(`the experiment process could not start: ${error.message}`);
    });
  });
}

function signalName(n: number): string {
  return Object.entries(osConstants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}
