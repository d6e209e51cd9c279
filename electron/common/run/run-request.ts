/**
 * Turning an untrusted run request (from the CLI, the UI, a test) into a complete {@link RunRequest}:
 * every field checked, defaults filled in, the driver id parsed. Errors name the field and the problem.
 */
import { memoryBudgetProblem } from './limit-text.ts';
import { formatDriverId, parseDriverId } from './driver-id.ts';
import { capabilitiesOf } from '../capabilities/capabilities.ts';
import { hardeningFlagsOf } from '../capabilities/capabilities-ecosystem.ts';
import { WorkbenchError } from '../protocol/errors.ts';
import { arr, bool, check, num, obj, oneOf, optional, str } from '../protocol/schema.ts';
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_SAMPLE_HZ,
  DEFAULT_TIMEOUT_MS,
  MAX_SAMPLE_HZ,
  MAX_TIMEOUT_MS,
  MIN_SAMPLE_HZ,
  HARDENING_FLAGS,
  defaultPolicy,
  type HardeningFlag,
  type RunRequest,
} from './run-spec.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../protocol/framing.ts';
import { MAX_CODE_CHARS } from '../protocol/worker-protocol.ts';
import { MAX_NODE_SPEC_CHARS, NODE_SPEC_PATTERN, parseNodeSpec } from '../node-release/node-version.ts';

const NAME = str({ min: 1, max: 256 });
const PATH = str({ min: 1, max: 4096 });

/** What callers may send to start a run (the UI contract's startRun arguments too). */
export const runRequestInput = obj({
  code: str({ max: MAX_CODE_CHARS }),
  language: optional(oneOf(['js', 'ts'] as const)),
  driver: optional(str({ max: 64 })),
  limits: optional(
    obj({
      timeoutMs: optional(num({ min: 1, max: MAX_TIMEOUT_MS, int: true })),
      memoryMb: optional(num({ min: 1, max: 64 * 1024, int: true })),
      maxOutputBytes: optional(num({ min: 0, max: 256 * 1024 * 1024, int: true })),
      maxMessageBytes: optional(num({ min: 64 * 1024, max: 64 * 1024 * 1024, int: true })),
    }),
  ),
  policy: optional(
    obj({
      permission: optional(bool),
      fsRead: optional(arr(PATH, { max: 64 })),
      fsWrite: optional(arr(PATH, { max: 64 })),
      childProcess: optional(bool),
      worker: optional(bool),
      addons: optional(bool),
      wasi: optional(bool),
      envAllow: optional(arr(NAME, { max: 256 })),
      network: optional(bool),
      hardening: optional(arr(oneOf(HARDENING_FLAGS), { max: HARDENING_FLAGS.length })),
    }),
  ),
  sampleHz: optional(num({ min: MIN_SAMPLE_HZ, max: MAX_SAMPLE_HZ })),
  /** The Node release to run on (`22`, `22.12`, `22.12.0`); absent: the pinned default. */
  node: optional(str({ min: 1, max: MAX_NODE_SPEC_CHARS, pattern: NODE_SPEC_PATTERN })),
});

/** What callers may send: everything but the code is optional. */
export type RunInput = ReturnType<typeof runRequestInput>;

/** A Node spec as one spelling (`v22.12` → `22.12`). */
function nodeSpec(text: string): string {
  const parsed = parseNodeSpec(text);
  if (typeof parsed === 'string') throw new WorkbenchError('bad-argument', `node: ${parsed}`);
  return parsed.parts.join('.');
}

export function normalizeRunRequest(raw: unknown): RunRequest {
  const checked = check(runRequestInput, raw);
  if (!checked.ok) throw new WorkbenchError('bad-argument', checked.reason);
  const v = checked.value;
  const driver = parseDriverId(v.driver ?? 'worker');
  if (!driver.ok) throw new WorkbenchError('bad-driver', driver.reason);
  // A budget too small for the guest's runtime to start would crash it (or its host) and blame the code.
  const minMemoryMb = capabilitiesOf(driver.id.boundary, driver.id.evaluator).minMemoryMb;
  const belowMinimum = memoryBudgetProblem(v.limits?.memoryMb, minMemoryMb, formatDriverId(driver.id));
  if (belowMinimum) throw new WorkbenchError('bad-argument', `limits.memoryMb: ${belowMinimum}`);
  const p = v.policy ?? {};
  const base = defaultPolicy();
  const fsRead = p.fsRead ?? [];
  const fsWrite = p.fsWrite ?? [];
  const hardening = hardeningOf(p.hardening ?? [], driver.id.boundary, formatDriverId(driver.id));
  return {
    code: v.code,
    language: v.language ?? 'js',
    driver: driver.id,
    limits: {
      timeoutMs: v.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(v.limits?.memoryMb !== undefined ? { memoryMb: v.limits.memoryMb } : {}),
      maxOutputBytes: v.limits?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      maxMessageBytes: v.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    },
    policy: {
      // Any allow-list or allow flag means the Permission Model is wanted: without it they would mean nothing.
      permission:
        p.permission ??
        (fsRead.length > 0 ||
          fsWrite.length > 0 ||
          p.childProcess === true ||
          p.worker === true ||
          p.addons === true ||
          p.wasi === true),
      fsRead,
      fsWrite,
      childProcess: p.childProcess ?? base.childProcess,
      worker: p.worker ?? base.worker,
      addons: p.addons ?? base.addons,
      wasi: p.wasi ?? base.wasi,
      env: p.envAllow ? { mode: 'allow', names: p.envAllow } : { mode: 'inherit' },
      network: p.network ?? base.network,
      ...(hardening.length > 0 ? { hardening } : {}),
    },
    sampleHz: v.sampleHz ?? DEFAULT_SAMPLE_HZ,
    ...(v.node !== undefined ? { node: nodeSpec(v.node) } : {}),
  };
}

/**
 * The hardening flags, each once, in a fixed order; refused when the driver cannot put one on the guest's Node
 * (a run that says it was hardened must have been), or when both `disable-proto` forms are asked for.
 */
function hardeningOf(
  asked: readonly HardeningFlag[],
  boundary: Parameters<typeof hardeningFlagsOf>[0],
  driver: string,
) {
  const flags = HARDENING_FLAGS.filter((f) => asked.includes(f));
  if (flags.includes('disable-proto=delete') && flags.includes('disable-proto=throw'))
    throw new WorkbenchError(
      'bad-argument',
      'policy.hardening: disable-proto=delete and disable-proto=throw exclude each other',
    );
  const possible = hardeningFlagsOf(boundary);
  const refused = flags.filter((f) => !possible.includes(f));
  if (refused.length > 0) {
    const how = capabilitiesOf(boundary, 'plain').hardening.how;
    throw new WorkbenchError(
      'bad-argument',
      `policy.hardening: ${driver} cannot apply --${refused.join(', --')} (${how})`,
    );
  }
  return flags;
}
