/**
 * What each driver can enforce, and how (DESIGN.md §1 "limits"). Declarations only: availability on this
 * machine is decided by the engine. A limit a driver cannot enforce says so, with the consequence.
 */
import type { Boundary, Evaluator } from './driver-id.ts';

export interface Enforcement {
  readonly enforced: boolean;
  /** The mechanism, or why there is none. */
  readonly how: string;
}

export interface DriverCapabilities {
  readonly timeout: Enforcement;
  readonly memory: Enforcement;
  readonly output: Enforcement;
  readonly permissions: Enforcement;
  readonly env: Enforcement;
  readonly network: Enforcement;
}

const OUTPUT: Enforcement = {
  enforced: true,
  how: 'the supervisor counts output bytes, cuts past the limit with a marker and stops the guest',
};
const NO_NETWORK: Enforcement = {
  enforced: false,
  how: 'Node has no network permission (--allow-net does not exist in Node 24); only an OS sandbox can take it away',
};

const PLAIN: Readonly<Partial<Record<Boundary, DriverCapabilities>>> = {
  host: {
    timeout: {
      enforced: true,
      how: 'the supervisor kills the whole host at the deadline (the guest owns the host thread)',
    },
    memory: {
      enforced: false,
      how: 'not enforceable: the guest shares the host heap, so an out-of-memory kills the host itself',
    },
    output: OUTPUT,
    permissions: {
      enforced: false,
      how: 'not applicable: the guest runs as the host, with everything the host may do',
    },
    env: { enforced: false, how: 'not enforceable: the guest reads the host process environment, canary included' },
    network: NO_NETWORK,
  },
  worker: {
    timeout: {
      enforced: true,
      how: 'worker.terminate() at the deadline; the supervisor kills the host if that does not end it',
    },
    memory: {
      enforced: true,
      how: 'resourceLimits.maxOldGenerationSizeMb for the heap + a watchdog on external/ArrayBuffer memory every 5 ms (resourceLimits does not see ArrayBuffers)',
    },
    output: OUTPUT,
    permissions: {
      enforced: false,
      how: 'not applied: the Permission Model is per process and the thread shares the host process',
    },
    env: { enforced: true, how: 'the Worker env option (a copy of the allowed names)' },
    network: NO_NETWORK,
  },
  process: {
    timeout: { enforced: true, how: 'SIGKILL of the child at the deadline' },
    memory: {
      enforced: true,
      how: '--max-old-space-size for the heap + an RSS watchdog (growth over the runtime baseline, every 10 ms on Linux)',
    },
    output: OUTPUT,
    permissions: {
      enforced: true,
      how: 'Node Permission Model flags on the child (--permission, --allow-fs-read/write, --allow-child-process, --allow-worker, --allow-addons, --allow-wasi); the bootstrap modules are readable',
    },
    env: { enforced: true, how: 'the child environment: inherited (Node default) or the allow-list' },
    network: NO_NETWORK,
  },
};

/** Capabilities of a driver, or undefined if this build has no implementation of it. */
export function capabilitiesOf(boundary: Boundary, evaluator: Evaluator): DriverCapabilities | undefined {
  return evaluator === 'plain' ? PLAIN[boundary] : undefined;
}
