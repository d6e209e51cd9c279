/**
 * Claims against cells (issue 12): the capability table (capabilities.ts) says which canaries each driver
 * keeps from the guest, and names the matrix cells that show it; a matrix report says what the guest
 * reached. Where they disagree, the claim is wrong (or the workbench is): this lists every disagreement.
 * Pure, so a test, the CLI or a stored report can run it.
 */
import { capabilitiesOf, type DriverCapabilities, type Protection } from '../capabilities/capabilities.ts';
import { parseDriverId } from '../run/driver-id.ts';
import { CANARY_NAMES, type CanaryName } from '../run/result.ts';
import type { MatrixCell, MatrixReport, PolicyPreset } from './report.ts';

/** A backing cell reference, `probe-id@policy`. */
export interface CellRef {
  readonly probe: string;
  readonly policy: PolicyPreset;
}

/** `probe-id@policy` → its parts, or undefined when it is not one. */
export function parseCellRef(text: string): CellRef | undefined {
  const at = text.lastIndexOf('@');
  const probe = text.slice(0, at);
  const policy = text.slice(at + 1);
  if (at <= 0 || (policy !== 'default' && policy !== 'hardened')) return undefined;
  return { probe, policy };
}

/** The capabilities of a driver id (canonical or alias); undefined for an id that is not one. */
export function capabilitiesOfId(driver: string): DriverCapabilities | undefined {
  const parsed = parseDriverId(driver);
  return parsed.ok ? capabilitiesOf(parsed.id.boundary, parsed.id.evaluator) : undefined;
}

/** Canaries a cell shows reached, in any of its runs; the host dying is the `host-crash` canary. */
export function canariesReached(cell: MatrixCell): Set<string> {
  const runs = cell.runs ?? [cell];
  const reached = new Set(runs.flatMap((r) => r.canaries));
  for (const c of cell.canaries) reached.add(c);
  if (runs.some((r) => r.verdict === 'host-crashed') || cell.verdict === 'host-crashed') reached.add('host-crash');
  return reached;
}

/** A claim that a cell refutes: `protected` and reached, or `with-policy` and reached under the hardened policy. */
function refutes(claim: Protection, policy: PolicyPreset): boolean {
  return claim.level === 'protected' || (claim.level === 'with-policy' && policy === 'hardened');
}

/**
 * Every disagreement between the drivers' claims and the given reports (one per policy, typically), one
 * line each; empty when they agree. Checked, for each driver a report holds:
 * - no cell of any report reaches a canary its driver claims `protected` (or `with-policy`, under the
 *   hardened policy);
 * - every `protected` claim names backing cells;
 * - every backing cell whose policy a report covers was run in it and could be judged (an `error` cell
 *   shows nothing). Backing cells of a policy no report covers are not checked here.
 */
export function checkClaims(
  reports: readonly MatrixReport[],
  capabilities: (driver: string) => DriverCapabilities | undefined = capabilitiesOfId,
): string[] {
  return [...refutedClaims(reports, capabilities), ...unbackedClaims(reports, capabilities)];
}

/** Claims a cell of the reports refutes (the first rule of {@link checkClaims}), whatever probes were run. */
export function refutedClaims(
  reports: readonly MatrixReport[],
  capabilities: (driver: string) => DriverCapabilities | undefined = capabilitiesOfId,
): string[] {
  const problems: string[] = [];
  for (const report of reports) {
    for (const cell of report.cells) {
      const caps = capabilities(cell.driver);
      if (!caps) continue;
      for (const canary of canariesReached(cell)) {
        const claim = caps.canaries[canary as CanaryName] as Protection | undefined;
        if (claim && refutes(claim, report.policy)) {
          problems.push(
            `${cell.driver} claims ${canary} ${claim.level}, but ${cell.probe}@${report.policy} reached it: ${cell.detail.slice(0, 160)}`,
          );
        }
      }
    }
  }
  return problems;
}

/** Claims without backing cells, or whose backing cells the reports lack or could not judge. */
function unbackedClaims(
  reports: readonly MatrixReport[],
  capabilities: (driver: string) => DriverCapabilities | undefined,
): string[] {
  const problems: string[] = [];
  const drivers = [...new Set(reports.flatMap((r) => r.drivers))];
  for (const driver of drivers) {
    const caps = capabilities(driver);
    if (!caps) {
      problems.push(`${driver}: no capabilities declared`);
      continue;
    }
    for (const canary of CANARY_NAMES) {
      const claim = caps.canaries[canary];
      if (claim.level === 'exposed') continue;
      const refs = claim.backedBy ?? [];
      if (claim.level === 'protected' && refs.length === 0) {
        problems.push(`${driver} claims ${canary} protected with no backing cell`);
      }
      for (const text of refs) {
        const ref = parseCellRef(text);
        if (!ref) {
          problems.push(`${driver} ${canary}: "${text}" is not a cell (probe-id@default or probe-id@hardened)`);
          continue;
        }
        const report = reports.find((r) => r.policy === ref.policy && r.drivers.includes(driver));
        if (!report) continue;
        const cell = report.cells.find((c) => c.probe === ref.probe && c.driver === driver);
        if (!cell) problems.push(`${driver} ${canary}: backing cell ${text} is not in the matrix`);
        else if (cell.verdict === 'error') {
          problems.push(`${driver} ${canary}: backing cell ${text} could not be judged: ${cell.detail.slice(0, 160)}`);
        }
      }
    }
  }
  return problems;
}
