/**
 * The driver list of this machine: every boundary × evaluator with whether it is available here (and why
 * not), and what it enforces. `workbench drivers` prints this.
 */
import { BOUNDARIES, EVALUATORS, formatDriverId, type Boundary, type Evaluator } from '../common/driver-id.ts';
import { capabilitiesOf, type DriverCapabilities } from '../common/capabilities.ts';
import type { NodeRuntime } from './node-runtime.ts';

export interface DriverListing {
  readonly id: string;
  readonly boundary: Boundary;
  readonly evaluator: Evaluator;
  readonly available: boolean;
  readonly reason?: string;
  readonly capabilities?: DriverCapabilities;
}

export function listDrivers(runtime: NodeRuntime | string): DriverListing[] {
  const out: DriverListing[] = [];
  for (const boundary of BOUNDARIES) {
    for (const evaluator of EVALUATORS) {
      const id = formatDriverId({ boundary, evaluator });
      const caps = capabilitiesOf(boundary, evaluator);
      if (typeof runtime === 'string') out.push({ id, boundary, evaluator, available: false, reason: runtime });
      else if (!caps)
        out.push({
          id,
          boundary,
          evaluator,
          available: false,
          reason: `${id} is not implemented in this version of the workbench`,
        });
      else out.push({ id, boundary, evaluator, available: true, capabilities: caps });
    }
  }
  return out;
}
