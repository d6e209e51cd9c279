/**
 * Which driver a probe opens under: the first available driver, in a teaching order (thread, then process,
 * then the host's own thread, then the OS sandbox; plain evaluator first), where the probe expects to show
 * its finding (an escape or a dead host). Otherwise the first available one: the probe then
 * shows a driver that holds.
 */
import type { DriverListing } from '../../../../electron/common/api/types.ts';
import {
  expectedOutcome,
  type Expectation,
  type ExpectedOutcome,
} from '../../../../electron/common/matrix/probe-header.ts';

const BOUNDARY_ORDER = ['worker', 'process', 'host', 'os-sandbox'];
const EVALUATOR_ORDER = ['plain', 'vm', 'quickjs', 'isolated-vm'];
// Bypassed limits are left out: they would open a memory bomb where nothing stops it.
const FINDINGS: ReadonlySet<ExpectedOutcome> = new Set(['escaped', 'host-crashed']);

const rank = (order: readonly string[], value: string): number => {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
};

export interface DriverChoice {
  readonly driver: string;
  /** What the probe expects under it (default policy), when it says. */
  readonly expected?: ExpectedOutcome;
}

export function pickDriver(expect: readonly Expectation[], drivers: readonly DriverListing[]): DriverChoice {
  const ordered = drivers
    .filter((d) => d.available)
    .sort(
      (a, b) =>
        rank(BOUNDARY_ORDER, a.boundary) - rank(BOUNDARY_ORDER, b.boundary) ||
        rank(EVALUATOR_ORDER, a.evaluator) - rank(EVALUATOR_ORDER, b.evaluator),
    );
  const withExpectation = ordered.map((d) => ({ driver: d.id, expected: expectedOutcome(expect, d.id) }));
  const choice = withExpectation.find((c) => c.expected && FINDINGS.has(c.expected)) ?? withExpectation[0];
  if (!choice) return { driver: 'worker' };
  return choice.expected ? { driver: choice.driver, expected: choice.expected } : { driver: choice.driver };
}
