/**
 * The ecosystem's sandboxes in the capability table (issue 15): what SES and vm2 change on top of their
 * boundary, what their authors claim (quoted from the README each pinned package ships), and which of Node's
 * hardening flags each driver can take. The matrix checks the `protected` claims here like every other
 * (capabilities.ts `backedBy`); the authors' words are shown next to them, not trusted.
 */
import type { Boundary, Evaluator } from '../run/driver-id.ts';
import type { HardeningFlag } from '../run/run-spec.ts';
import type { Caps, Enforcement, Protection } from './capabilities.ts';
import { sealedGuest } from './sealed-guest.ts';

/** The evaluators of this file. */
export type EcosystemEvaluator = 'ses' | 'vm2' | 'vm2-3.9.17';

export function isEcosystemEvaluator(evaluator: Evaluator): evaluator is EcosystemEvaluator {
  return evaluator === 'ses' || evaluator === 'vm2' || evaluator === 'vm2-3.9.17';
}

/** What a third-party evaluator's authors say it does, quoted, and where. */
export interface AuthorsClaim {
  readonly claim: string;
  readonly source: string;
}

/** The pinned versions (package.json), named where the table speaks of them. */
export const PINNED_VERSIONS: Readonly<Record<EcosystemEvaluator, string>> = {
  ses: 'ses 2.3.0',
  vm2: 'vm2 3.12.2',
  'vm2-3.9.17': 'vm2 3.9.17',
};

export const AUTHORS_CLAIMS: Readonly<Record<EcosystemEvaluator, AuthorsClaim>> = {
  ses: {
    claim:
      "“SES safely executes third-party JavaScript 'strict' mode programs in compartments that have no excess authority in their global scope.” “By default, Compartments receive no ambient authority.”",
    source: 'ses 2.3.0 README.md (https://github.com/endojs/endo/tree/master/packages/ses)',
  },
  vm2: {
    claim:
      "“vm2 is a sandbox that can run untrusted code with whitelisted Node's built-in modules.” “New bypasses will likely be discovered in the future.” “vm2 should not be your only line of defense.”",
    source: 'vm2 3.12.2 README.md, "Important Security Disclaimer" (https://github.com/patriksimek/vm2)',
  },
  'vm2-3.9.17': {
    claim:
      "“vm2 is a sandbox that can run untrusted code with whitelisted Node's built-in modules. Securely!” “Runs untrusted code securely in a single process with your code side by side”",
    source:
      'vm2 3.9.17 README.md; escaped by CVE-2023-32314 (https://github.com/advisories/GHSA-whpj-8f3w-67p5, fixed in 3.9.18): probe vm2-cve-2023-32314',
  },
};

/** The flags a driver can put on the Node that runs its guest; the others it refuses (run-request.ts). */
export function hardeningFlagsOf(boundary: Boundary): readonly HardeningFlag[] {
  if (boundary === 'host') return [];
  // Measured on Node 24: a Worker's execArgv takes --frozen-intrinsics; the other three are per process and
  // new Worker() throws ERR_WORKER_INVALID_EXEC_ARGV for them.
  if (boundary === 'worker') return ['frozen-intrinsics'];
  return ['frozen-intrinsics', 'disallow-code-generation-from-strings', 'disable-proto=delete', 'disable-proto=throw'];
}

/** What the hardening flags do under a driver, in the capability table's words (measured on Node 24). */
export function hardeningEnforcement(boundary: Boundary, evaluator: Evaluator): Enforcement {
  if (boundary === 'host') {
    return {
      enforced: false,
      how: "not applied: the guest runs in the workbench's host process, whose command line is the workbench's own (a frozen realm or no eval there would be the host's); runs asking for them are refused",
    };
  }
  const where =
    boundary === 'worker'
      ? "--frozen-intrinsics only, in the Worker's execArgv (the thread's realm); Node refuses --disallow-code-generation-from-strings and --disable-proto there (ERR_WORKER_INVALID_EXEC_ARGV: they are per process), so runs asking for them are refused"
      : "on the guest's Node command line";
  const reach: Record<Evaluator, string> = {
    plain: 'they act on the realm the guest runs in',
    vm: 'a new vm context keeps its own unfrozen intrinsics and its own eval (--frozen-intrinsics and --disallow-code-generation-from-strings act on the main realm only); --disable-proto reaches the context too',
    'isolated-vm': 'they act on the Node realm around the isolate, not inside it (its own V8 context)',
    quickjs: 'they act on the Node realm around QuickJS, not inside it (its own engine)',
    ses: 'they act on the realm SES locks down: with --frozen-intrinsics, --disallow-code-generation-from-strings or --disable-proto=throw lockdown() itself fails and the run ends in its error (measured); --disable-proto=delete it accepts',
    vm2: "vm2's context keeps its own intrinsics and eval (as vm); --disable-proto reaches it too",
    'vm2-3.9.17': "vm2's context keeps its own intrinsics and eval (as vm); --disable-proto reaches it too",
  };
  return { enforced: true, how: `${where}; ${reach[evaluator]}` };
}

const P = (how: string): Protection => ({ level: 'protected', how });
const X = (how: string): Protection => ({ level: 'exposed', how });

/** What SES or a vm2 version changes on top of its boundary. */
export function withEcosystemEvaluator(boundary: Boundary, evaluator: EcosystemEvaluator, base: Caps): Caps {
  const fallback = `the boundary's own stop (${base.timeout.how.split(' at the deadline')[0]})`;
  const sameHeap =
    boundary === 'host'
      ? { enforced: false, how: `not enforceable: ${PINNED_VERSIONS[evaluator]} runs the guest in the host heap` }
      : { enforced: true, how: `the boundary's limit on the whole heap the guest lives in: ${base.memory.how}` };
  if (evaluator === 'ses') {
    const sealed = (what: string): Protection =>
      P(
        `a SES Compartment has no ${what}: its globals are the frozen shared intrinsics plus console and CANARY_PORT, and Function.prototype.constructor is tamed`,
      );
    const rows = sealedGuest(base, sealed, 'the realm outside');
    return {
      ...base,
      timeout: {
        enforced: true,
        how: `SES has no interrupt of its own (Compartment.evaluate runs on this thread to the end); ${fallback}`,
      },
      memory: sameHeap,
      ...rows,
      canaries:
        // Under `host` the driver is unavailable (availability.ts): lockdown() would freeze the workbench host's
        // own realm. What the guest could reach there is not claimed.
        boundary === 'host'
          ? base.canaries
          : {
              ...rows.canaries,
              'host-crash': sealed('process API to exit or signal with'),
              integrity: sealed('way to change the shared intrinsics (lockdown() froze them)'),
            },
    };
  }
  const vm2 = PINNED_VERSIONS[evaluator];
  const timeout: Enforcement = {
    enforced: true,
    how: `${vm2} timeout option (node:vm's: synchronous code only); behind it, ${fallback}`,
  };
  if (evaluator === 'vm2-3.9.17') {
    // The published escape reaches the realm vm2 runs in: what protects a canary is the boundary alone.
    const escaped = (p: Protection): Protection => ({
      ...p,
      how: `${vm2} is escaped (CVE-2023-32314, probe vm2-cve-2023-32314): only the boundary counts — ${p.how}`,
    });
    const canaries = Object.fromEntries(
      Object.entries(base.canaries).map(([name, p]) => [name, escaped(p)]),
    ) as Caps['canaries'];
    return { ...base, timeout, memory: sameHeap, canaries };
  }
  const sealed = (what: string): Protection =>
    P(
      `${vm2}'s VM has no ${what}: host objects cross only through its proxy membrane — against the shipped probes; its authors expect new bypasses`,
    );
  const rows = sealedGuest(base, sealed, 'the realm outside');
  return {
    ...base,
    timeout,
    memory: sameHeap,
    ...rows,
    canaries: {
      ...rows.canaries,
      'host-crash':
        boundary === 'host'
          ? X(`the guest shares the host heap and ${vm2} has no memory limit: an out-of-memory ends the host`)
          : sealed('process API to exit or signal with'),
      integrity:
        boundary === 'host'
          ? sealed("reference to the host realm's built-ins (its context has its own)")
          : base.canaries.integrity,
    },
  };
}
