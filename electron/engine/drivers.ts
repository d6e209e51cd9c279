/**
 * The driver list of this machine: every boundary × evaluator with whether it is available here (and why
 * not), and what it enforces and protects. `workbench drivers` prints this.
 */
import { containmentSupport } from './containment.ts';
import { BOUNDARIES, EVALUATORS, formatDriverId, type Boundary, type Evaluator } from '../common/run/driver-id.ts';
import { capabilitiesOf } from '../common/capabilities/capabilities.ts';
import { nodeFeatures } from '../common/node-release/node-features.ts';
import type { DriverListing } from '../common/api/types.ts';
import { boundaryAvailability, combinationAvailability, evaluatorAvailability } from './availability.ts';
import { runtimeLimitation, type NodeRuntime } from './node-runtime.ts';

export type { DriverListing };

function notesFor(boundary: Boundary, evaluator: Evaluator): string[] {
  const notes: string[] = [];
  if (boundary === 'os-sandbox' && process.platform === 'darwin') {
    notes.push('the macOS sandbox-exec profile is generated from the policy but has not been tested by the project');
  }
  if ((boundary === 'process' || boundary === 'os-sandbox') && evaluator === 'isolated-vm') {
    notes.push(
      'under the Permission Model the child gets --allow-addons to load isolated-vm, and Node prints a SecurityWarning about it',
    );
  }
  return notes;
}

/**
 * How this machine observes a run's processes: the same for every driver, said on each so no one reads a
 * driver's listing without it (docs/engine.md "The workbench's own threat model").
 */
function containmentNote(runtime: NodeRuntime | string): string {
  if (typeof runtime !== 'string' && runtime.launcher)
    return "processes: not contained on this host runtime (its own launcher); sampled from the host's tree — a short-lived process can be missed, one that daemonises can outlive the run, and the guest can signal processes above its host";
  const s = containmentSupport();
  if (s.pidNamespace !== true)
    return `processes: not contained — ${s.pidNamespace}; sampled from the host's tree, so a short-lived process can be missed and the driver's own child is known from the host's word`;
  if (s.trace !== true)
    return `processes: contained in a PID namespace of the run (none outlives it, nothing above the host can be signalled); not traced — ${s.trace}: a process shorter than one sample can be missed`;
  return 'processes: contained in a PID namespace of the run and traced — every process the guest starts is seen with its command line, none outlives the run, nothing above the host can be signalled';
}

/** `runtime` is the Node that runs hosts, or the reason there is none. */
export function listDrivers(runtime: NodeRuntime | string): DriverListing[] {
  return BOUNDARIES.flatMap((boundary) => EVALUATORS.map((evaluator) => driverListing(runtime, boundary, evaluator)));
}

/**
 * One driver's listing. Availability is checked for this driver only (each check runs once per process): a run
 * under `host` need not load isolated-vm in a child Node or try bubblewrap first (~50 ms measured).
 */
export function driverListing(runtime: NodeRuntime | string, boundary: Boundary, evaluator: Evaluator): DriverListing {
  const id = formatDriverId({ boundary, evaluator });
  // On the release the runtime runs (the Permission Model's spelling and reach differ: node-features.ts).
  const capabilities = capabilitiesOf(
    boundary,
    evaluator,
    typeof runtime === 'string' || runtime.kind === 'electron-utility' ? undefined : nodeFeatures(runtime.version),
  );
  const notes = [...notesFor(boundary, evaluator), containmentNote(runtime)];
  const r = typeof runtime === 'string' ? undefined : runtimeLimitation(runtime, boundary, evaluator);
  // A runtime limitation says all there is: the other checks are not made.
  const why = r
    ? [r]
    : [
        boundaryAvailability(boundary),
        combinationAvailability(boundary, evaluator),
        typeof runtime === 'string'
          ? { available: false as const, reason: runtime }
          : evaluatorAvailability(runtime, evaluator),
      ].flatMap((a) => (a.available ? [] : [a.reason]));
  return {
    id,
    boundary,
    evaluator,
    available: why.length === 0,
    ...(why.length ? { reason: why.join('; ') } : {}),
    capabilities,
    notes,
  };
}
