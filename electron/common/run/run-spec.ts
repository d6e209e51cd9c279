/**
 * What a run is asked to do: code, driver, policy and limits (DESIGN.md §1), with the defaults and the
 * bounds each field is checked against wherever a run request enters the engine.
 */
import type { DriverId } from './driver-id.ts';

export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
export const DEFAULT_SAMPLE_HZ = 10;
export const MIN_SAMPLE_HZ = 1;
export const MAX_SAMPLE_HZ = 50;

export interface Limits {
  /** Wall-clock budget from the moment the guest starts; enforced from outside the guest. */
  timeoutMs: number;
  /** Memory budget for the guest; how (and whether) it holds depends on the driver. */
  memoryMb?: number;
  /** Console + stdout/stderr bytes kept; past it the output is cut with a marker and the run ends. */
  maxOutputBytes: number;
  /** Largest frame accepted on any connection of this run. */
  maxMessageBytes: number;
}

/**
 * Node's hardening flags (issue 15), each passed as `--<flag>` to the Node that runs the guest: intrinsics
 * frozen at start-up, no `eval`/`new Function` from strings, `__proto__` deleted or throwing. The two
 * `disable-proto` forms exclude each other. Which drivers can take which flag: capabilities-ecosystem.ts.
 */
export const HARDENING_FLAGS = [
  'frozen-intrinsics',
  'disallow-code-generation-from-strings',
  'disable-proto=delete',
  'disable-proto=throw',
] as const;
export type HardeningFlag = (typeof HARDENING_FLAGS)[number];

/** Which environment the guest sees: the host's as-is (Node's default) or only the listed names. */
export type EnvPolicy = { mode: 'inherit' } | { mode: 'allow'; names: string[] };

export interface Policy {
  /**
   * Node Permission Model on the process that runs the guest. Off = Node's default (everything allowed).
   * Turned on implicitly by any fs allow-list.
   */
  permission: boolean;
  /** Paths readable under the Permission Model. `$JAIL` stands for the run's jail directory. */
  fsRead: string[];
  /** Paths writable under the Permission Model. `$JAIL` stands for the run's jail directory. */
  fsWrite: string[];
  childProcess: boolean;
  worker: boolean;
  addons: boolean;
  wasi: boolean;
  env: EnvPolicy;
  /**
   * Network for the guest of `os-sandbox` (off: a new, empty network namespace). Other boundaries cannot
   * take the network away, whatever this says — their capabilities declare it. From Node 25 the Permission
   * Model denies the network too: a `process` or `os-sandbox` guest under it gets `--allow-net` only when true.
   */
  network: boolean;
  /** Node hardening flags on the guest's Node (absent: none). A driver that cannot apply one refuses the run. */
  hardening?: HardeningFlag[];
}

export type Language = 'js' | 'ts';

export interface RunRequest {
  code: string;
  language: Language;
  driver: DriverId;
  limits: Limits;
  policy: Policy;
  /** Metric samples per second per worker. */
  sampleHz: number;
  /**
   * The Node release to run the host (and its guests) on, as asked (`22`, `22.12.0`); absent: the pinned
   * default. The supervisor resolves and installs it (electron/engine/node-versions); never another one.
   */
  node?: string;
}

export const JAIL_PLACEHOLDERS: readonly string[] = ['$JAIL', '${JAIL}', '<jail>'];

export function defaultPolicy(): Policy {
  return {
    permission: false,
    fsRead: [],
    fsWrite: [],
    childProcess: false,
    worker: false,
    addons: false,
    wasi: false,
    env: { mode: 'inherit' },
    network: false,
  };
}

export function defaultLimits(): Limits {
  return { timeoutMs: DEFAULT_TIMEOUT_MS, maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES, maxMessageBytes: 1024 * 1024 };
}
