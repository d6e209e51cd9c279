/**
 * The blast-radius experiment (`workbench blast`, the Blast radius page): the user's code misbehaves next to N
 * neighbours doing steady work, either as worker threads of one process or as one child process each, and what
 * survives is observed. Shared words: the choices, the experiment process's report lines, the result.
 */
import { arr, num, obj, oneOf, optional, str, tagged, type Infer } from '../protocol/schema.ts';

export const BLAST_BOUNDARIES = ['worker', 'process'] as const;
export type BlastBoundary = (typeof BLAST_BOUNDARIES)[number];

export const MISBEHAVIOURS = ['crash', 'oom', 'exit', 'kill'] as const;
export type Misbehaviour = (typeof MISBEHAVIOURS)[number];

export const MIN_NEIGHBOURS = 1;
export const MAX_NEIGHBOURS = 8;
export const DEFAULT_NEIGHBOURS = 4;
/** The memory cap of the process the culprit runs in, for `oom` (above what the process holds when it starts). */
export const OOM_CAP_MB = 256;
/** Longest own code accepted for the culprit. */
export const MAX_BLAST_CODE_CHARS = 256 * 1024;
/** How often the experiment process reads its members' CPU and memory for the live charts. */
export const SAMPLE_MS = 100;
/** Readings taken before the misbehaviour starts, so the charts show the neighbours' baseline first (Linux). */
export const BASELINE_READINGS = 4;

/** What each misbehaviour does, in words for the page and the CLI. */
export const MISBEHAVIOUR_TEXT: Readonly<Record<Misbehaviour, string>> = {
  crash: 'process.abort() — the process aborts (SIGABRT)',
  oom: `ArrayBuffers until the process's ${OOM_CAP_MB} MB cap (set by the workbench) is exhausted`,
  exit: 'process.exit(1)',
  kill: 'process.kill(process.pid) — SIGTERM to its own process',
};

/**
 * What a boundary does with a misbehaviour that the states alone would not explain (Node's documented
 * behaviour, and what the experiment measured on Node 24).
 */
export function blastNotes(boundary: BlastBoundary, misbehaviour: Misbehaviour | 'code'): string[] {
  if (boundary === 'worker' && misbehaviour === 'crash')
    return [
      'process.abort() is refused in a worker thread (Node throws ERR_WORKER_UNSUPPORTED_OPERATION); the culprit raised SIGABRT on its process instead, as a native abort in any thread does',
    ];
  if (boundary === 'worker' && misbehaviour === 'exit')
    return [
      'process.exit() in a worker thread ends that thread only (as Node documents): its process and the other threads go on',
    ];
  if (boundary === 'worker' && misbehaviour === 'oom')
    return [
      'the memory cap is the whole process’s: any thread that needs memory once the culprit has taken it all fails, and V8 aborts the process',
    ];
  return [];
}

export type NeighbourState = 'alive' | 'lost';

export interface BlastNeighbour {
  readonly id: string;
  readonly state: NeighbourState;
  /** Heartbeats received from it. */
  readonly beats: number;
}

export interface BlastResult {
  readonly boundary: BlastBoundary;
  readonly misbehaviour: Misbehaviour | 'code';
  readonly neighbours: readonly BlastNeighbour[];
  readonly lost: number;
  readonly total: number;
  /** The culprit: `ended` (its thread or process is gone, how), `alive` (still running at the end). */
  readonly culprit: { readonly state: 'ended' | 'alive'; readonly how?: string };
  /** How the experiment's process (the one process under `worker`, the parent under `process`) ended, if it did. */
  readonly processEnd?: string;
  /** What happened that the states alone do not say. */
  readonly notes: readonly string[];
  readonly durationMs: number;
  /** When the misbehaviour started, in ms since the experiment started (the charts mark it). */
  readonly misbehaviourAtMs?: number;
}

const ID = str({ max: 8, pattern: /^(n[1-8]|culprit)$/ });
/** A charted member: a neighbour, the culprit, or (under `worker`) the one process they share. */
const MEMBER = str({ max: 8, pattern: /^(n[1-8]|culprit|process)$/ });

/**
 * One reading of a member, read from /proc by the experiment process from outside the member's code (a
 * spinning culprit is measured too): cumulative CPU of its thread or process, and the memory of its process.
 */
export interface BlastReading {
  readonly id: string;
  readonly cpuMs?: number;
  readonly rssBytes?: number;
}

/** A point of the Blast radius page's live charts (electron/engine/blast.ts turns readings into these). */
export interface BlastSample {
  /** Milliseconds since the experiment started. */
  readonly atMs: number;
  readonly id: string;
  /** % of one core (cpu-percent.ts), when two readings far enough apart gave one. */
  readonly cpuPercent?: number;
  readonly rssBytes?: number;
}

/** Lines the experiment process writes (after its per-run token), one JSON object each. */
export const blastReport = tagged({
  /** Every neighbour has beaten twice and the culprit is waiting: the misbehaviour starts now. */
  go: obj({}),
  beat: obj({ id: ID }),
  ended: obj({ id: ID, how: str({ max: 200 }) }),
  note: obj({ text: str({ max: 500 }) }),
  /** The culprit's own output (it is the user's code), cut. */
  output: obj({ text: str({ max: 2000 }) }),
  /** Every member's reading, every SAMPLE_MS. */
  readings: obj({
    members: arr(
      obj({
        id: MEMBER,
        cpuMs: optional(num({ min: 0, max: 1e12 })),
        rssBytes: optional(num({ int: true, min: 0, max: 2 ** 50 })),
      }),
      { max: 10 },
    ),
  }),
});
export type BlastReport = Infer<typeof blastReport>;

/** What the experiment process is told on stdin. */
export const blastBootstrap = obj({
  boundary: oneOf(BLAST_BOUNDARIES),
  misbehaviour: oneOf([...MISBEHAVIOURS, 'code'] as const),
  neighbours: num({ int: true, min: MIN_NEIGHBOURS, max: MAX_NEIGHBOURS }),
  code: optional(str({ max: MAX_BLAST_CODE_CHARS })),
  token: str({ min: 16, max: 64, pattern: /^[0-9a-f]+$/ }),
  capMb: num({ int: true, min: 16, max: 4096 }),
});
export type BlastBootstrap = Infer<typeof blastBootstrap>;
