/**
 * What each driver can enforce, and how (DESIGN.md §1 "limits"), and which canaries it keeps out of the
 * guest's reach. Declarations only — availability on this machine is decided by the engine — composed from
 * what the boundary does and what the evaluator adds. A limit a driver cannot enforce says so, with the
 * consequence; the probe matrix (issue #4) checks these claims against observation.
 */
import type { CanaryName } from '../run/result.ts';
import type { Boundary, Evaluator } from '../run/driver-id.ts';
import type { NodeFeatures } from '../node-release/node-features.ts';
import { onRelease } from './capabilities-node.ts';
import { sealedGuest } from './sealed-guest.ts';
import {
  AUTHORS_CLAIMS,
  hardeningEnforcement,
  isEcosystemEvaluator,
  withEcosystemEvaluator,
  type AuthorsClaim,
} from './capabilities-ecosystem.ts';

export interface Enforcement {
  readonly enforced: boolean;
  /** The mechanism, or why there is none. */
  readonly how: string;
}

/** How a canary is kept from the guest: always, only with a restrictive policy, or not at all. */
export interface Protection {
  readonly level: 'protected' | 'with-policy' | 'exposed';
  readonly how: string;
  /**
   * The probe matrix cells that show the claim, as `probe-id@policy` (the driver is the claim's own): under
   * the `default` policy for a `protected` claim, under `hardened` for a `with-policy` one. None of them
   * may show this canary reached; `electron/engine/test/claims.test.ts` runs them (matrix/claims.ts judges).
   */
  readonly backedBy?: readonly string[];
}

export interface DriverCapabilities {
  /**
   * The smallest memory budget (MB) this driver accepts: below it the guest's runtime cannot start (a
   * worker's host even dies of a fatal out-of-memory), so the request is refused, naming this value.
   */
  readonly minMemoryMb: number;
  readonly timeout: Enforcement;
  readonly memory: Enforcement;
  readonly output: Enforcement;
  readonly permissions: Enforcement;
  readonly env: Enforcement;
  readonly network: Enforcement;
  /** Node's hardening flags (policy `hardening`): which this driver puts on the guest's Node, and what they reach. */
  readonly hardening: Enforcement;
  readonly canaries: Readonly<Record<CanaryName, Protection>>;
  /** A third-party evaluator's own description of what it stops, quoted with its source (issue 15). */
  readonly authors?: AuthorsClaim;
}

const OUTPUT: Enforcement = {
  enforced: true,
  how: 'the supervisor counts output bytes, cuts past the limit with a marker and stops the guest',
};
const NO_NET_PERMISSION = 'Node has no network permission (--allow-net does not exist in Node 24)';

/**
 * Minimum budgets, measured with `console.log('hi')` on Node 24.21, Linux x64 (the smallest budget that ran
 * it, then about 1.5× for margin). Below: `worker` 1–3 MB killed the host (fatal OOM), 4–12 MB stopped the
 * thread's own bootstrap; `process` 1–6 MB crashed the child, 8 MB stopped its bootstrap. A budget here
 * bounds the guest's memory, not the runtime's (docs/engine.md "What the figures mean"). ses, vm2 and vm2-3.9.17
 * ran it at the plain minimums (worker 24 MB, process 16 MB; measured, issue 15).
 */
const MIN_MEMORY_MB: Readonly<Record<Boundary, Readonly<Record<Evaluator, number>>>> = {
  host: { plain: 1, vm: 1, 'isolated-vm': 8, quickjs: 2, ses: 1, vm2: 1, 'vm2-3.9.17': 1 },
  worker: { plain: 24, vm: 24, 'isolated-vm': 24, quickjs: 48, ses: 24, vm2: 24, 'vm2-3.9.17': 24 },
  process: { plain: 16, vm: 16, 'isolated-vm': 16, quickjs: 16, ses: 16, vm2: 16, 'vm2-3.9.17': 16 },
  'os-sandbox': { plain: 16, vm: 16, 'isolated-vm': 16, quickjs: 16, ses: 16, vm2: 16, 'vm2-3.9.17': 16 },
};

/** A boundary's or an evaluator's part of the capabilities (the rest is added by capabilitiesOf). */
export type Caps = Omit<DriverCapabilities, 'canaries' | 'minMemoryMb' | 'hardening' | 'authors'> & {
  readonly canaries: Record<CanaryName, Protection>;
};

const P = (how: string): Protection => ({ level: 'protected', how });
const X = (how: string): Protection => ({ level: 'exposed', how });
const W = (how: string): Protection => ({ level: 'with-policy', how });

const BOUNDARY: Readonly<Record<Boundary, Caps>> = {
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
    network: { enforced: false, how: NO_NET_PERMISSION },
    canaries: {
      env: X('the guest reads the host environment'),
      global: X('the guest runs in the host realm'),
      file: X('the guest can read the host working directory'),
      network: X(NO_NET_PERMISSION),
      'fs-write': X('the guest writes wherever the host may'),
      'child-process': X('child_process is available'),
      'host-crash': X('process.exit or an out-of-memory ends the host'),
      integrity: X(
        'the guest shares the host realm and can change its built-ins; the host compares them after the run and reports what changed',
      ),
    },
  },
  worker: {
    timeout: {
      enforced: true,
      how: 'worker.terminate() at the deadline; the supervisor kills the host if that does not end it',
    },
    memory: {
      enforced: true,
      how: 'resourceLimits for the heap + a 5 ms watchdog on external/ArrayBuffer memory (resourceLimits does not see ArrayBuffers) and on the process RSS growth (SharedArrayBuffers, nested workers)',
    },
    output: OUTPUT,
    permissions: {
      enforced: false,
      how: 'not applied: the Permission Model is per process and the thread shares the host process',
    },
    env: {
      enforced: false,
      how: 'the Worker env option replaces process.env only: /proc/self/environ and process.report still show the host environment (measured)',
    },
    network: { enforced: false, how: NO_NET_PERMISSION },
    canaries: {
      env: X(
        'an env allow-list hides process.env only; /proc/self/environ and process.report.getReport() still show it',
      ),
      // Measured (scope-inspector-main-thread, both policies): the thread's own realm is not the boundary it
      // looks like — inspector.Session.connectToMainThread() evaluates in the host's main thread.
      global: X(
        "a worker thread has its own realm, but an inspector session from it (inspector.Session.connectToMainThread) evaluates in the host's main thread and reads its globals",
      ),
      file: X('same process and file system as the host'),
      network: X(NO_NET_PERMISSION),
      'fs-write': X('same process and file system as the host'),
      'child-process': X('child_process is available'),
      // Measured (kill-own-host, both policies): process.kill(process.pid) from the thread kills the host;
      // no policy applies to a thread (the Permission Model is per process), so none protects it.
      'host-crash': X(
        'the thread shares the host process: process.kill(process.pid) ends the host (process.exit ends only the thread), and no policy applies to a thread',
      ),
      // Measured (workbench run --driver worker): Runtime.evaluate through connectToMainThread replaced the
      // host's Array.prototype.includes and the integrity canary said so.
      integrity: X(
        "a worker thread has its own built-ins, but an inspector session from it (connectToMainThread) evaluates in the host's main thread and can change the host's",
      ),
    },
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
      how: 'Node Permission Model flags on the child; its bootstrap modules (and the evaluator packages) are readable',
    },
    env: { enforced: true, how: 'the child environment: inherited (Node default) or the allow-list' },
    network: { enforced: false, how: NO_NET_PERMISSION },
    canaries: {
      env: W(
        "inherited by default, as Node does; hidden only with an env allow-list AND the Permission Model (else /proc/<ppid>/environ shows the host's)",
      ),
      global: P('a separate process'),
      file: W('readable by default; the Permission Model (--allow-fs-read) hides it'),
      network: X(NO_NET_PERMISSION),
      'fs-write': W('allowed by default; the Permission Model (--allow-fs-write) denies it'),
      'child-process': W('allowed by default; the Permission Model denies it without --allow-child-process'),
      // Measured: process.kill(process.ppid, 'SIGKILL') from the child ends the host.
      'host-crash': X('the child can signal its host (same user); the Permission Model does not cover signals'),
      integrity: P("a separate process: its built-ins are its own, the host's are out of reach"),
    },
  },
  'os-sandbox': {
    timeout: {
      enforced: true,
      how: 'SIGKILL of the sandbox at the deadline (--die-with-parent takes everything inside with it)',
    },
    memory: {
      enforced: true,
      how: '--max-old-space-size for the heap + an RSS watchdog on the sandboxed Node; what it can put in memory outside its RSS is bounded too: its private /tmp is a tmpfs the size of the budget (64 MB without one), /dev/shm 1 MB, /dev and the run directory read-only',
    },
    output: OUTPUT,
    permissions: {
      enforced: true,
      how: 'bubblewrap: read-only root, only the jail writable, private /tmp, new PID and network namespaces; plus the Permission Model flags of the policy',
    },
    env: { enforced: true, how: 'the sandboxed process environment: inherited or the allow-list' },
    network: { enforced: true, how: 'a new, empty network namespace (no interface but a down loopback)' },
    canaries: {
      env: W('inherited by default; hidden with an env allow-list'),
      global: P('a separate process'),
      file: P('the run directory is covered by an empty tmpfs; only the jail is mounted'),
      network: P('a new, empty network namespace'),
      'fs-write': P('read-only root; writes outside the jail land in throw-away tmpfs'),
      'child-process': W(
        'allowed inside the sandbox unless the Permission Model denies it; they die with it (PID namespace)',
      ),
      'host-crash': P('a crash ends only the sandbox, and from its PID namespace the host cannot be signalled'),
      integrity: P("a separate process: its built-ins are its own, the host's are out of reach"),
    },
  },
};

/** What an evaluator changes, on top of its boundary. */
function withEvaluator(boundary: Boundary, evaluator: Evaluator, base: Caps): Caps {
  if (evaluator === 'plain') return base;
  if (isEcosystemEvaluator(evaluator)) return withEcosystemEvaluator(boundary, evaluator, base);
  const fallback = `; behind it, the boundary's own stop (${base.timeout.how.split(' at the deadline')[0]})`;
  if (evaluator === 'vm') {
    return {
      ...base,
      timeout: {
        enforced: true,
        how: `node:vm timeout (synchronous code and microtasks, microtaskMode 'afterEvaluate')${fallback}`,
      },
      memory:
        boundary === 'host'
          ? { enforced: false, how: 'not enforceable: a vm context lives in the host heap' }
          : { enforced: true, how: `the boundary's limit on the whole heap the context lives in: ${base.memory.how}` },
      canaries: {
        ...base.canaries,
        // node:vm is not a security boundary: outer-realm objects (the context object, console) lead out.
        global:
          boundary === 'host'
            ? X('node:vm is not a boundary: this.constructor.constructor reaches the host realm')
            : base.canaries.global,
        integrity:
          boundary === 'host'
            ? X(
                'this.constructor.constructor reaches the host realm and its built-ins; the host compares them after the run',
              )
            : base.canaries.integrity,
      },
    };
  }
  const isolated = evaluator === 'isolated-vm';
  const sealed = (what: string): Protection =>
    P(`${isolated ? 'a V8 isolate' : 'QuickJS in WebAssembly'} has no ${what}; only console and CANARY_PORT cross`);
  const rows = sealedGuest(base, sealed, 'the host realm');
  return {
    ...base,
    ...rows,
    timeout: {
      enforced: true,
      how: isolated ? `isolate execution timeout${fallback}` : `QuickJS interrupt handler at the deadline${fallback}`,
    },
    memory: {
      enforced: true,
      how: isolated
        ? 'isolate memoryLimit (heap and ArrayBuffers) + a 5 ms watchdog on the process RSS growth (memoryLimit does not count WebAssembly memory), which also reports an isolate disposed without settling'
        : 'QuickJS setMemoryLimit + a watchdog on the WASM memory growth, checked from the interrupt handler (QuickJS alone undercounts)',
    },
    canaries: {
      ...rows.canaries,
      integrity: sealed('reference to the host realm'),
      'host-crash': !isolated
        ? P('QuickJS faults are WebAssembly exceptions, and its memory is bounded even without a budget (256 MB)')
        : boundary === 'host' || boundary === 'worker'
          ? W('isolated-vm is a native addon in the host process: a fatal isolate error can still take the host down')
          : sealed('process API to signal its host with'),
    },
  };
}

/**
 * The shipped probes (resources/probes) that attack each canary: the cells that back a claim about it. A
 * `protected` claim is backed by their cells under the default policy (it must hold without one), a
 * `with-policy` claim by their cells under the hardened preset (the restrictive policy the matrix has).
 */
const BACKING_PROBES: Readonly<Record<CanaryName, readonly string[]>> = {
  env: ['env-process-env', 'env-proc-self-environ', 'env-proc-parent-environ'],
  global: ['scope-globalthis-walk', 'proto-this-constructor', 'scope-inspector-main-thread'],
  file: ['fs-read-canary', 'fs-proc-cwd'],
  network: ['net-tcp-connect', 'net-fetch'],
  'fs-write': ['fs-write-outside', 'fs-overwrite-canary'],
  'child-process': ['cp-exec-cat', 'cp-binding-spawn-sync'],
  'host-crash': ['kill-own-host', 'process-exit', 'process-abort'],
  integrity: ['proto-tamper-builtins'],
};

function backed(canaries: Readonly<Record<CanaryName, Protection>>): Record<CanaryName, Protection> {
  const out = {} as Record<CanaryName, Protection>;
  for (const [name, p] of Object.entries(canaries) as [CanaryName, Protection][]) {
    const policy = p.level === 'protected' ? 'default' : p.level === 'with-policy' ? 'hardened' : undefined;
    out[name] = policy ? { ...p, backedBy: BACKING_PROBES[name].map((id) => `${id}@${policy}`) } : p;
  }
  return out;
}

/**
 * Capabilities of a driver, on a given Node release (capabilities-node.ts) or, without one, on the pinned
 * Node 24. Whether the driver runs on that release at all (isolated-vm's prebuild) is availability:
 * electron/engine/drivers.ts says it.
 */
export function capabilitiesOf(boundary: Boundary, evaluator: Evaluator, node?: NodeFeatures): DriverCapabilities {
  const caps = withEvaluator(boundary, evaluator, onRelease(boundary, BOUNDARY[boundary], node));
  return {
    minMemoryMb: MIN_MEMORY_MB[boundary][evaluator],
    ...caps,
    hardening: hardeningEnforcement(boundary, evaluator),
    canaries: backed(caps.canaries),
    ...(isEcosystemEvaluator(evaluator) ? { authors: AUTHORS_CLAIMS[evaluator] } : {}),
  };
}
