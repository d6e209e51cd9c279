/**
 * Messages between the supervisor, a host and its guest (DESIGN.md §4 "Worker protocol"). Every message is
 * checked against these schemas where it is received; an unknown `t`, an unexpected key or a wrong type ends
 * the connection. Sockets carry them as frames (framing.ts); a worker thread's MessagePort carries them as
 * structured clones and is checked the same way.
 */
import { BOUNDARIES, EVALUATORS } from '../run/driver-id.ts';
import {
  CONSOLE_LEVELS,
  ENFORCERS,
  RUN_STATUSES,
  WORKER_KINDS,
  WORKER_STATES,
  type WorkerInfo,
} from '../run/result.ts';
import { anyJson, arr, bool, num, obj, oneOf, optional, str, tagged, type Infer } from './schema.ts';
import { HARDENING_FLAGS } from '../run/run-spec.ts';

/** Largest text in one output message; longer output is split by the sender. */
export const OUTPUT_CHUNK_CHARS = 64 * 1024;
/** Most changed built-ins an `end` frame names (the rest are counted). */
export const MAX_INTEGRITY_CHANGES = 20;
/** Largest user code accepted (it must fit in one start frame with room to spare). */
export const MAX_CODE_CHARS = 512 * 1024;
const TOKEN = str({ min: 16, max: 128 });
const PATH = str({ max: 4096 });
const SMALL = str({ max: 256 });
/** A worker's id or name (`host`, `thread-1`, `child-1`): short, since the supervisor keeps and forwards it. */
const WORKER_ID = str({ max: 64 });
const COUNT = num({ min: 0, int: true });

/**
 * Most workers one run may declare (host, its thread or child, with room to spare). A host that declares
 * more is refused (electron/engine/run-intake.ts); a samples frame carries at most one sample per worker.
 */
export const MAX_WORKERS_PER_RUN = 16;

const guestError = obj({
  name: str({ max: 256 }),
  message: str({ max: 64 * 1024 }),
  code: optional(SMALL),
  stack: optional(str({ max: 64 * 1024 })),
});

const workerInfo = obj({
  id: WORKER_ID,
  kind: oneOf(WORKER_KINDS),
  parent: optional(WORKER_ID),
  pid: optional(COUNT),
  tid: optional(COUNT),
  helperPids: optional(arr(COUNT, { max: 16 })),
  state: oneOf(WORKER_STATES),
  exitCode: optional((v, p) => (v === null ? null : num({ int: true })(v, p))),
});
// The result's WorkerInfo is what this schema lets through: a field added to one and not the other fails the
// type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const WORKER_INFO_MATCHES_SCHEMA: Same<Infer<typeof workerInfo>, WorkerInfo> = true;

const ipcCounters = obj({ bytesIn: COUNT, bytesOut: COUNT, messagesIn: COUNT, messagesOut: COUNT });

/** Readings the host takes itself (threads via the Worker API, its own heap, a child's reporter). */
const hostSample = obj({
  worker: WORKER_ID,
  cpuPercent: optional(num({ min: 0 })),
  heapUsedBytes: optional(COUNT),
  heapTotalBytes: optional(COUNT),
  externalBytes: optional(COUNT),
  arrayBuffersBytes: optional(COUNT),
  eventLoopUtilization: optional(num({ min: 0, max: 1 })),
  ipc: optional(ipcCounters),
});

const enforcer = oneOf(ENFORCERS);

/** What an evaluator measured itself (isolate CPU and wall time, QuickJS memory). */
const evalStats = obj({
  cpuMs: optional(num({ min: 0 })),
  wallMs: optional(num({ min: 0 })),
  heapUsedBytes: optional(COUNT),
  peakMemoryBytes: optional(COUNT),
});

const outcome = obj({
  status: oneOf(RUN_STATUSES),
  result: optional(anyJson),
  error: optional(guestError),
  stoppedBy: optional(enforcer),
  peakMemoryBytes: optional(COUNT),
  /** How far past the memory budget the guest got, by the measure the driver enforces. */
  overshootBytes: optional(COUNT),
  cpuMs: optional(num({ min: 0 })),
  /** What the evaluator measured itself, when it can. */
  evaluator: optional(evalStats),
  /**
   * The host realm's built-ins the run changed (workers/host/integrity.ts): the first names and how many
   * in all. Absent when nothing changed. It can only add a breach, never clear one.
   */
  integrity: optional(obj({ changes: arr(str({ max: 256 }), { max: MAX_INTEGRITY_CHANGES }), total: COUNT })),
});

const policy = obj({
  permission: bool,
  fsRead: arr(PATH, { max: 64 }),
  fsWrite: arr(PATH, { max: 64 }),
  childProcess: bool,
  worker: bool,
  addons: bool,
  wasi: bool,
  env: (v, p) => {
    const mode = (v as { mode?: unknown } | null)?.mode;
    if (mode === 'inherit') return obj({ mode: oneOf(['inherit'] as const) })(v, p);
    return obj({ mode: oneOf(['allow'] as const), names: arr(SMALL, { max: 256 }) })(v, p);
  },
  network: bool,
  hardening: optional(arr(oneOf(HARDENING_FLAGS), { max: HARDENING_FLAGS.length })),
});

const runSpec = obj({
  runId: SMALL,
  driver: obj({ boundary: oneOf(BOUNDARIES), evaluator: oneOf(EVALUATORS) }),
  code: str({ max: MAX_CODE_CHARS }),
  language: oneOf(['js', 'ts'] as const),
  limits: obj({
    timeoutMs: num({ min: 1, int: true }),
    memoryMb: optional(num({ min: 1, int: true })),
    maxOutputBytes: num({ min: 0, int: true }),
    maxMessageBytes: num({ min: 1024, int: true }),
  }),
  policy,
  hostSecret: TOKEN,
  canaryPort: num({ min: 1, max: 65535, int: true }),
  runDir: PATH,
  jailDir: PATH,
  ipcDir: PATH,
  sampleHz: num({ min: 1, max: 50 }),
});
export type RunSpec = Infer<typeof runSpec>;

/** Host → supervisor. */
export const hostToSupervisor = tagged({
  auth: obj({ token: TOKEN, pid: COUNT }),
  output: obj({ level: oneOf(CONSOLE_LEVELS), text: str({ max: OUTPUT_CHUNK_CHARS }), worker: WORKER_ID }),
  worker: obj({ info: workerInfo }),
  samples: obj({ samples: arr(hostSample, { max: MAX_WORKERS_PER_RUN }) }),
  /**
   * The guest is about to get its code: the run's deadline counts from here, not from `start`, so the time
   * a sandbox takes to come up (a thread booting, a child Node behind bwrap on a loaded machine) is never
   * charged to the guest. Carries the run's `endKey`, like `end`: nothing but the host's code can start the
   * clock late.
   */
  running: obj({ key: optional(str({ max: 128 })) }),
  /**
   * The guest has stopped running: its evaluator's own limit ended it, or the thread or child it ran in is gone
   * after a stop. The deadline's overshoot is measured to here (what follows — the integrity check, the end of a
   * thread's teardown — is the host's time). Keyed like `end`; a host that cannot say so (a guest it had to
   * give up on) is measured to its `end` and the kill that follows.
   */
  stopped: obj({ key: optional(str({ max: 128 })) }),
  /**
   * `key` is the run's `endKey`. Optional in the schema so that an `end` without it reaches the supervisor
   * and is refused there with a note of its own, not as a generic shape error.
   */
  end: obj({ outcome, key: optional(str({ max: 128 })) }),
});
export type HostToSupervisor = Infer<typeof hostToSupervisor>;
export type HostSample = Infer<typeof hostSample>;
export type GuestOutcome = Infer<typeof outcome>;

/**
 * What the supervisor hands a host process before anything else (its stdin, or a utility process's first
 * message): where its channel is — a socket path, or `fd:N` for an inherited, already connected descriptor —
 * the token it authenticates with, and the largest frame either side accepts.
 */
export const hostBootstrap = obj({
  endpoint: str({ min: 1, max: 4096 }),
  token: TOKEN,
  maxMessageBytes: num({ min: 1024, max: 1024 * 1024 * 1024, int: true }),
});
export type HostBootstrap = Infer<typeof hostBootstrap>;

/** Why a run is stopped from outside the guest: its deadline, the user, the output cap, the memory budget. */
export const STOP_REASONS = ['timeout', 'killed', 'output-limit', 'memory-limit'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Supervisor → host. */
export const supervisorToHost = tagged({
  /**
   * `endKey` is a fresh secret per run that the host's own `end` frame must carry back, so a guest that
   * writes frames onto the host's connection cannot end its run by claiming an outcome. It travels beside
   * the spec, not in it: the host keeps it in a closure and never hands it to a driver.
   */
  start: obj({ spec: runSpec, endKey: TOKEN }),
  stop: obj({ reason: oneOf(STOP_REASONS) }),
});
export type SupervisorToHost = Infer<typeof supervisorToHost>;

/** Guest bootstrap (thread or child) → host. */
export const guestToHost = tagged({
  auth: obj({ token: TOKEN }),
  /**
   * A thread's bootstrap is about to run the guest (its deadline counts from here; the host reports it to the
   * supervisor as `running`). Sent before any guest code: one the guest sends later changes nothing.
   */
  started: obj({}),
  console: obj({ level: oneOf(CONSOLE_LEVELS), text: str({ max: OUTPUT_CHUNK_CHARS }) }),
  /**
   * The evaluator's own limit has ended the script; its `done` follows once it has measured. Heeded only for
   * evaluators whose guest cannot reach the bootstrap's realm (EARLY_STOP_EVALUATORS): from any other it could
   * be the guest's, sent while it runs on.
   */
  stopped: obj({}),
  done: obj({
    ok: bool,
    result: optional(anyJson),
    error: optional(guestError),
    /** The evaluator's own limit ended the script (isolated-vm, QuickJS, node:vm). */
    limit: optional(obj({ status: oneOf(['timeout', 'memory-limit'] as const), stoppedBy: enforcer })),
    stats: optional(evalStats),
  }),
  stats: obj({ heapUsedBytes: COUNT, heapTotalBytes: COUNT, externalBytes: COUNT, arrayBuffersBytes: COUNT }),
});
export type GuestToHost = Infer<typeof guestToHost>;

/** Host → guest bootstrap. */
export const hostToGuest = tagged({
  run: obj({
    code: str({ max: MAX_CODE_CHARS }),
    evaluator: oneOf(EVALUATORS),
    canaryPort: num({ int: true }),
    jailDir: PATH,
    deadlineAt: num({ min: 0 }),
    memoryMb: optional(num({ min: 1, int: true })),
  }),
  /** After `done`: the host has taken its last outside readings; the guest may now end when idle. */
  ack: obj({}),
});
export type HostToGuest = Infer<typeof hostToGuest>;
