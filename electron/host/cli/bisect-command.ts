/** `workbench bisect`: the first Node release where a probe's verdict class changes, checked against its record. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  bisect,
  bisectCandidates,
  chooseLine,
  fixedInLine,
  type BisectResult,
  type BisectStep,
} from '../../common/node-release/bisect.ts';
import { releaseParts } from '../../common/node-release/node-version.ts';
import { parseProbe } from '../../common/matrix/probe-header.ts';
import { lowestInLine } from '../../common/node-release/semver-range.ts';
import { probeOnNode } from '../../engine/bisect-run.ts';
import { listNodeReleases } from '../../engine/node-versions/index.ts';
import { loadProbes, SHIPPED_PROBES_DIR, type Probe } from '../../engine/probe-library.ts';
import { coreRecordFor, coreSnapshot } from '../../engine/security-wg.ts';
import type { Supervisor } from '../../engine/supervisor.ts';
import type { BisectCommand } from './bisect-args.ts';
import { visibleLine } from './terminal-text.ts';

/** A probe file, or the id of a shipped probe; undefined when neither. */
function findProbe(arg: string): Probe | undefined {
  if (existsSync(arg) && statSync(arg).isFile()) {
    const code = readFileSync(arg, 'utf8');
    return {
      meta: parseProbe(code, basename(arg, extname(arg))),
      file: arg,
      code,
      language: extname(arg) === '.ts' ? 'ts' : 'js',
    };
  }
  return loadProbes(SHIPPED_PROBES_DIR).find((p) => p.meta.id === arg);
}

function stepLine(step: BisectStep): string {
  const o = step.outcome;
  return o.kind === 'verdict'
    ? `  ${step.version.padEnd(9)} ${o.verdict.padEnd(13)} ${visibleLine(o.detail ?? '').slice(0, 100)}`
    : `  ${step.version.padEnd(9)} no verdict: ${visibleLine(o.reason).slice(0, 160)}`;
}

export interface BisectReport {
  readonly probe: string;
  readonly file: string;
  readonly driver: string;
  readonly policy: string;
  readonly line?: number;
  readonly cve: readonly string[];
  /** The probe's own fixed-in release for the line searched. */
  readonly fixedIn?: string;
  /** The security-wg record of the probe's first CVE and its first patched release in the line. */
  readonly record?: { id: number; cve: readonly string[]; patched: string; firstPatched?: string; reference: string };
  readonly snapshot: { commit: string; date: string };
  readonly result: BisectResult;
  readonly matchesFixedIn?: boolean;
  readonly matchesRecord?: boolean;
}

export function formatBisect(r: BisectReport): string {
  const res = r.result;
  const lines = [
    `bisect ${r.probe} · driver ${r.driver} · policy ${r.policy} · ${r.line === undefined ? 'all lines' : `Node ${r.line}.x`}` +
      ` (${res.candidates[0]} … ${res.candidates[res.candidates.length - 1]}, ${res.candidates.length} releases, ${res.steps.length} tested)`,
    ...res.steps.map(stepLine),
  ];
  if (res.changedAt)
    lines.push(
      res.status === 'found'
        ? `first release with another verdict: ${res.changedAt} (${res.lastBefore} ${res.before} → ${res.changedAt} ${res.after})`
        : `the verdict changes between ${res.lastBefore} (${res.before}) and ${res.changedAt} (${res.after})`,
    );
  else if (res.status === 'no-change') lines.push(`no change: ${res.before} at both ends`);
  else lines.push('no result: no verdict at one end of the range');
  const verdictOf = (ok: boolean | undefined): string =>
    ok === undefined ? '' : ok ? ' — matches' : ' — DOES NOT match';
  if (r.fixedIn) lines.push(`probe fixed-in for ${r.line}.x: ${r.fixedIn}${verdictOf(r.matchesFixedIn)}`);
  if (r.record)
    lines.push(
      `security-wg record #${r.record.id} (${r.record.cve.join(', ')}): patched "${r.record.patched}"` +
        (r.record.firstPatched
          ? ` → first patched ${r.line}.x: ${r.record.firstPatched}${verdictOf(r.matchesRecord)}`
          : ''),
    );
  else if (r.cve.length > 0) lines.push(`no security-wg record for ${r.cve.join(', ')} in the snapshot`);
  lines.push(...res.notes.map((n) => `note: ${visibleLine(n)}`));
  return `${lines.join('\n')}\n`;
}

export async function bisectCommand(command: BisectCommand, supervisor: Supervisor): Promise<number> {
  const probe = findProbe(command.probe);
  if (!probe) {
    process.stderr.write(
      `workbench: no probe file or shipped probe id ${JSON.stringify(command.probe.slice(0, 80))}\n`,
    );
    return 2;
  }
  const meta = probe.meta;
  const releases = await listNodeReleases();
  const majors = [...new Set(releases.map((v) => releaseParts(v)![0]))];
  const line = chooseLine(meta.fixedIn, command.from, command.to, majors);
  if (typeof line === 'string') {
    process.stderr.write(`workbench: ${line}\n`);
    return 2;
  }
  // Defaults inside the line: from its introduced-in (when known and served), to its newest release.
  const introduced = line === undefined ? undefined : meta.introducedIn?.find((v) => releaseParts(v)?.[0] === line);
  const from = command.from ?? (introduced && releases.includes(introduced) ? introduced : undefined);
  const range = { versions: releases, ...(from ? { from } : {}), ...(command.to ? { to: command.to } : {}) };
  const candidates = bisectCandidates(line === undefined ? range : { ...range, line });
  if (typeof candidates === 'string') {
    process.stderr.write(`workbench: ${candidates}\n`);
    return 2;
  }
  const cve = meta.cve ?? [];
  const record = cve[0] ? coreRecordFor(cve[0]) : undefined;
  const fixedIn = fixedInLine(meta.fixedIn, line);
  const firstPatched = record && line !== undefined ? lowestInLine(record.patched, line) : undefined;

  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const installing = new Set<string>();
  let result: BisectResult;
  try {
    result = await bisect({
      versions: candidates,
      verdictAt: (version) => {
        if (abort.signal.aborted) return Promise.resolve({ kind: 'failed', reason: 'cancelled' });
        return probeOnNode(version, {
          supervisor,
          probe,
          driver: command.driver,
          policy: command.policy,
          signal: abort.signal,
          onProgress: (e) => {
            if (!installing.has(version) && e.phase === 'download') {
              installing.add(version);
              process.stderr.write(`installing Node ${version}…\n`);
            }
          },
        });
      },
      onStep: command.json ? undefined : (step) => process.stderr.write(`${stepLine(step)}\n`),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  const found = result.status === 'found' ? result.changedAt : undefined;
  const report: BisectReport = {
    probe: meta.id,
    file: probe.file,
    driver: command.driver,
    policy: command.policy,
    ...(line !== undefined ? { line } : {}),
    cve,
    ...(fixedIn ? { fixedIn } : {}),
    ...(record
      ? {
          record: {
            id: record.id,
            cve: record.cve,
            patched: record.patched,
            ...(firstPatched ? { firstPatched } : {}),
            reference: record.reference,
          },
        }
      : {}),
    snapshot: { commit: coreSnapshot().source.commit, date: coreSnapshot().source.date },
    result,
    // Only a found change is compared: no result is not a mismatch, it is no evidence.
    ...(fixedIn && found ? { matchesFixedIn: found === fixedIn } : {}),
    ...(firstPatched && found ? { matchesRecord: found === firstPatched } : {}),
  };
  process.stdout.write(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatBisect(report));
  if (result.status !== 'found') return 1;
  return report.matchesRecord === false || report.matchesFixedIn === false ? 1 : 0;
}
