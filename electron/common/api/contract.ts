/**
 * The UI contract (DESIGN.md §4): one descriptor of the methods the renderer may call and the events it
 * may subscribe to. The client type is derived from it; the server validates every call's arguments with
 * the same schemas. Transports (Electron IPC, WebSocket, in-memory) only move `WireMessage`s.
 */
import { anyJson, arr, bool, num, obj, oneOf, optional, str, type Infer, type Schema } from '../protocol/schema.ts';
import { runRequestInput } from '../run/run-request.ts';
import { CANARY_NAMES, RUN_STATUSES } from '../run/result.ts';
import type { HistoryStatus } from './types.ts';
import { MATRIX_MAX_REPEAT } from '../matrix/repetitions.ts';
import {
  BLAST_BOUNDARIES,
  MAX_BLAST_CODE_CHARS,
  MAX_NEIGHBOURS,
  MIN_NEIGHBOURS,
  MISBEHAVIOURS,
} from '../blast/blast.ts';
import { MAX_NODE_SPEC_CHARS, NODE_SPEC_PATTERN } from '../node-release/node-version.ts';
import { LESSON_ID } from '../lesson/lesson.ts';

const SMALL = str({ max: 256 });
/** Most hosts the warm pool may keep (each is an idle Node process). */
export const MAX_POOL_SIZE = 8;
/** A probe id: the header's kebab-case id, or its file path when two files share one. */
const PROBE_ID = str({ min: 1, max: 200, pattern: /^[A-Za-z0-9][\w.+/-]*$/ });
/** A driver id (`boundary` or `boundary+evaluator`, or a short alias); unknown ones are refused by the engine. */
const DRIVER_ID = str({ min: 1, max: 64, pattern: /^[a-z][a-z-]*(\+[a-z][a-z-]*)?$/ });
/** A lesson id: kebab-case, from the lesson's front matter. */
const LESSON_ID_ARG = str({ min: 1, max: 100, pattern: LESSON_ID });
/** At most this many probes and drivers in one matrix request (the library holds fewer). */
export const MAX_MATRIX_PROBES = 2000;
export const MAX_MATRIX_DRIVERS = 64;
/** At most this many Node releases (column groups) in one matrix: each may be a download of its own. */
export const MAX_MATRIX_NODES = 4;
/** A Node release spec (`22`, `22.12`, `22.12.0`), as in a run request. */
const NODE_SPEC = str({ min: 1, max: MAX_NODE_SPEC_CHARS, pattern: NODE_SPEC_PATTERN });

/** A method: its argument schema. Results are produced by our own engine, so they are typed, not checked. */
interface MethodSpec<A> {
  readonly args: Schema<A>;
}
const method = <A>(args: Schema<A>): MethodSpec<A> => ({ args });

export const HISTORY_STATUSES: readonly HistoryStatus[] = [...RUN_STATUSES, 'running', 'interrupted'];
/** Runs per history page when the caller does not say. */
export const DEFAULT_HISTORY_LIMIT = 50;
/** Most runs one history page may ask for. */
export const MAX_HISTORY_LIMIT = 1000;

/** History filters (listHistory, `workbench history`): each optional, all of them must hold. */
export const historyFilterInput = obj({
  /** A driver id in any accepted spelling (`inline` = `host`). */
  driver: optional(str({ max: 64 })),
  status: optional(oneOf(HISTORY_STATUSES)),
  /** true: only runs whose verdict is escaped; false: only runs that ended contained. */
  escaped: optional(bool),
  /** Only runs that breached this canary. */
  canary: optional(oneOf(CANARY_NAMES)),
  limit: optional(num({ min: 1, max: MAX_HISTORY_LIMIT, int: true })),
  offset: optional(num({ min: 0, max: Number.MAX_SAFE_INTEGER, int: true })),
});
export type HistoryFilter = Infer<typeof historyFilterInput>;

export const METHODS = {
  /**
   * The drivers of this machine; with `node` (an exact release, as {@link METHODS.listNodeReleases} lists them),
   * as they are on that release: its capability table and what it cannot run. A release not installed yet is
   * described from its features (node-features.ts) and says so in each driver's notes.
   */
  listDrivers: method(obj({ node: optional(NODE_SPEC) })),
  /**
   * The Node releases runs can choose: every installed one (newest first) and the registry's newest release of
   * each major line the host runs on, when the registry answers within a few seconds. Offline (or slow), the
   * installed ones still come back, with `registry.reachable: false` and why. Bounded (MAX_LISTED_NODE_RELEASES).
   */
  listNodeReleases: method(obj({})),
  startRun: method(runRequestInput),
  stopRun: method(obj({ id: SMALL })),
  info: method(obj({})),
  /** The probe library: metadata only, no code. */
  listProbes: method(obj({})),
  /** One probe with its code, references and expected outcomes. */
  getProbe: method(obj({ id: PROBE_ID })),
  /** Start probes × drivers (all of each when absent) under a policy preset; one matrix at a time per client. */
  startMatrix: method(
    obj({
      probes: optional(arr(PROBE_ID, { max: MAX_MATRIX_PROBES })),
      drivers: optional(arr(DRIVER_ID, { max: MAX_MATRIX_DRIVERS })),
      policy: oneOf(['default', 'hardened'] as const),
      /** Runs per cell (1 when absent); a cell whose runs reach different classes is marked unstable. */
      repeat: optional(num({ min: 1, max: MATRIX_MAX_REPEAT, int: true })),
      /**
       * Node releases, one column group each (columns `driver@release`, as `workbench matrix --node a,b`);
       * each is installed first (`nodeInstall` events). Absent: one group on the default Node.
       */
      nodes: optional(arr(NODE_SPEC, { max: MAX_MATRIX_NODES })),
    }),
  ),
  /** Stop a running matrix: running cells are stopped, no new ones start; `matrixEnd` follows. */
  cancelMatrix: method(obj({ id: SMALL })),
  /** A finished (or cancelled) matrix as text in one of the report formats. */
  exportMatrix: method(obj({ id: SMALL, format: oneOf(['json', 'md', 'html'] as const) })),
  setHostRuntime: method(obj({ kind: oneOf(['node', 'electron-utility'] as const) })),
  /** Hosts kept warm (0 turns the pool off); see electron/engine/host-pool.ts. */
  setPoolSize: method(obj({ size: num({ min: 0, max: MAX_POOL_SIZE, int: true }) })),
  /** The lessons, in order: id, title, summary and step count. */
  listLessons: method(obj({})),
  /** One lesson with its steps (code, run request, expectation) and its check; unknown ids are an error. */
  getLesson: method(obj({ id: LESSON_ID_ARG })),
  /** The run history, newest first, filtered. */
  listHistory: method(historyFilterInput),
  /** One stored run with its code, request and result (null when there is no such run). */
  getHistoryRun: method(obj({ id: SMALL })),
  /** Delete one stored run; the only way runs leave the history. */
  deleteHistoryRun: method(obj({ id: SMALL })),
  /** Start one blast-radius experiment (electron/common/blast/blast.ts); `blastUpdate`s and one `blastEnd` follow. */
  startBlast: method(
    obj({
      boundary: oneOf(BLAST_BOUNDARIES),
      misbehaviour: oneOf([...MISBEHAVIOURS, 'code'] as const),
      neighbours: num({ min: MIN_NEIGHBOURS, max: MAX_NEIGHBOURS, int: true }),
      /** The culprit's own code, for misbehaviour `code`. */
      code: optional(str({ max: MAX_BLAST_CODE_CHARS })),
    }),
  ),
  /** End a running experiment now; its `blastEnd` follows. */
  stopBlast: method(obj({ id: SMALL })),
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodArgs<M extends MethodName> = Infer<(typeof METHODS)[M]['args']>;

export const EVENTS = [
  'runOutput',
  'runSamples',
  'runWorker',
  'runBreach',
  'runEnd',
  'matrixProgress',
  'matrixEnd',
  'nodeInstall',
  'blastUpdate',
  'blastOutput',
  'blastSamples',
  'blastEnd',
  'menuCommand',
] as const;
export type EventName = (typeof EVENTS)[number];

/** Messages on any transport. */
export type WireMessage =
  | { readonly kind: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly kind: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly ok: false;
      readonly error: { code: string; message: string };
    }
  | { readonly kind: 'event'; readonly name: EventName; readonly payload: unknown };

/** Shape check of an incoming call (the server side's first gate). */
export const callMessage = obj({
  kind: oneOf(['call'] as const),
  id: num({ min: 0, int: true }),
  method: SMALL,
  args: anyJson,
});
