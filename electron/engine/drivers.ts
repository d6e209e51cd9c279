/**
 * The driver list of this machine: every boundary × evaluator with whether it is available here (and why
 * not), and what it enforces and protects. `workbench drivers` prints this.
 */
import { BOUNDARIES, EVALUATORS, formatDriverId, type Boundary, type Evaluator } from '../common/driver-id.ts';
import { capabilitiesOf } from '../common/capabilities.ts';
import type { DriverListing } from '../common/api/types.ts';
import { boundaryAvailability, evaluatorAvailability } from './availability.ts';
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

/** `runtime` is the Node that runs hosts, or the reason there is none. */
export function listDrivers(runtime: NodeRuntime | string): DriverListing[] {
  const out: DriverListing[] = [];
  for (const boundary of BOUNDARIES) {
    for (const evaluator of EVALUATORS) {
      const id = formatDriverId({ boundary, evaluator });
      const capabilities = capabilitiesOf(boundary, evaluator);
      const notes = notesFor(boundary, evaluator);
      const b = boundaryAvailability(boundary);
      const e =
        typeof runtime === 'string'
          ? { available: false as const, reason: runtime }
          : evaluatorAvailability(runtime, evaluator);
      const r = typeof runtime === 'string' ? undefined : runtimeLimitation(runtime, boundary, evaluator);
      const why = r ? [r] : [b, e].flatMap((a) => (a.available ? [] : [a.reason]));
      out.push({
        id,
        boundary,
        evaluator,
        available: why.length === 0,
        ...(why.length ? { reason: why.join('; ') } : {}),
        capabilities,
        notes,
      });
    }
  }
  return out;
}
