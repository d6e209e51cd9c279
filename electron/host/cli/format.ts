/** Human-readable output of the CLI: the driver table, a run's result value and summary. Pure string building. */
import { formatGuestLocation, guestLocation } from '../../common/run/guest-location.ts';
import { describeMemoryLimit, describeTimeoutLimit } from '../../common/run/limit-text.ts';
import type { DriverListing } from '../../engine/drivers.ts';
import type { RunResult } from '../../common/run/result.ts';
import { visible, visibleLine } from './terminal-text.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

const LEVEL_MARK = { protected: 'protected', 'with-policy': 'with policy', exposed: 'EXPOSED' } as const;

export function formatDrivers(drivers: readonly DriverListing[], nodeVersion: string): string {
  const lines = [`Hosts run on Node ${nodeVersion}.`, ''];
  for (const d of drivers) {
    lines.push(d.available ? `✓ ${d.id}` : `✗ ${d.id} — unavailable: ${d.reason ?? ''}`);
    if (!d.available) continue;
    const { canaries, authors, minMemoryMb, ...limits } = d.capabilities;
    if (authors) lines.push(`    its authors: ${authors.claim}`, `${' '.repeat(17)}(${authors.source})`);
    lines.push(`    ${'min memory'.padEnd(14)} ${minMemoryMb} MB — a smaller --memory budget is refused`);
    for (const [name, e] of Object.entries(limits) as [string, { enforced: boolean; how: string }][]) {
      lines.push(`    ${name.padEnd(14)} ${e.enforced ? 'enforced' : 'NOT enforced'} — ${e.how}`);
    }
    for (const [name, p] of Object.entries(canaries)) {
      lines.push(`    canary ${name.padEnd(14)} ${LEVEL_MARK[p.level]} — ${p.how}`);
      if (p.backedBy?.length) lines.push(`${' '.repeat(26)}shown by the matrix cells ${p.backedBy.join(', ')}`);
    }
    for (const note of d.notes) lines.push(`    note: ${note}`);
  }
  return lines.join('\n');
}

/**
 * The run's completion value as `workbench run` prints it on stdout (so it can be piped), or `undefined` when the
 * run has none. Strings as they are, anything else as JSON; control characters made visible either way — the
 * exact value is in `--json`.
 */
export function formatResultValue(r: RunResult): string | undefined {
  if (r.status !== 'ok' || r.result === undefined) return undefined;
  return visible(typeof r.result === 'string' ? r.result : String(JSON.stringify(r.result)));
}

/**
 * A run's summary for people: the error, limits hit and notes, then the status line and the verdict with its
 * breaches — last, so nothing the guest wrote can follow or stand in for it. Every line has its control
 * characters made visible, newlines included, so no field a guest or host could have shaped (error, notes,
 * evidence, anything read back from a history) can hide text or start a line of its own; the summary itself
 * emits no escape sequences. The result value is not in it (see {@link formatResultValue}).
 */
export function formatSummary(
  r: RunResult,
  /** Name the Node release the run ran on (`workbench run --node`; `--json` always has it as `node`). */
  options: { readonly showNode?: boolean } = {},
): string {
  const lines: string[] = [];
  if (r.error) {
    const at = guestLocation(r.error);
    lines.push(`${r.error.name}: ${r.error.message}${at ? ` (at ${formatGuestLocation(at)} of the code)` : ''}`);
  }
  const { timeout, memory } = r.limits;
  if (timeout.stoppedBy) lines.push(describeTimeoutLimit(timeout));
  if (memory.memoryMb !== undefined) lines.push(describeMemoryLimit(memory));
  for (const note of r.notes) lines.push(`note: ${note}`);
  const parts = [
    `status ${r.status}`,
    `${r.durationMs.toFixed(0)} ms`,
    `cpu ${r.cpuMs} ms`,
    `peak ${formatBytes(r.peakMemoryBytes)}`,
    `driver ${r.driver}`,
    ...(options.showNode && r.node !== undefined ? [`Node ${r.node}`] : []),
  ];
  lines.push(parts.join(' · '));
  if (r.verdict.breaches.length === 0) lines.push('verdict: contained (no breach seen)');
  else {
    lines.push(`verdict: ESCAPED — ${r.verdict.breaches.length} breach(es)`);
    for (const b of r.verdict.breaches) lines.push(`  ${b.canary}: ${b.evidence}`);
  }
  // Each line one line: a field cannot break out of it and pose as a line of ours.
  return lines.map(visibleLine).join('\n');
}
