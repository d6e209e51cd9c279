/**
 * `npm run soak -- [options]`: the long form of the soak test (electron/engine/test/soak.test.ts runs a
 * short one). Many runs on one Supervisor in this process — sequential across every available driver and a
 * rotation of scripts, then concurrent in waves — printing the supervisor's open descriptors, active
 * handles and heap (after a full GC) as it goes, and a summary. Exits 1 if a run ended other than expected,
 * a growth bound broke, or a process, socket or temp directory was left behind.
 *
 *   --sequential N   sequential runs after the warm-up (default 2000)
 *   --duration S     run sequentially for S seconds instead of a count
 *   --concurrent N   runs in the concurrent phase (default 200)
 *   --parallel N     how many of those run at once (default 20)
 *   --drivers A,B    driver ids to rotate through (default: every available driver)
 *   --every N        a progress line every N sequential runs (default 100)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Supervisor } from '../electron/engine/supervisor.ts';
import { descendants } from '../electron/engine/process-tree.ts';
import { boundsBroken, growthOf, soak, type Checkpoint } from '../electron/engine/test/fixtures/soak-loop.ts';

const { values } = parseArgs({
  options: {
    sequential: { type: 'string', default: '2000' },
    duration: { type: 'string' },
    concurrent: { type: 'string', default: '200' },
    parallel: { type: 'string', default: '20' },
    drivers: { type: 'string' },
    every: { type: 'string', default: '100' },
  },
});

function count(name: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be an integer ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
}

// A private TMPDIR, so that anything left behind is this soak's.
const tmp = mkdtempSync(join(tmpdir(), 'wb-soak-'));
process.env.TMPDIR = tmp;
const supervisor = new Supervisor();
const available = supervisor
  .listDrivers()
  .filter((d) => d.available)
  .map((d) => d.id);
const drivers = values.drivers ? values.drivers.split(',').map((d) => d.trim()) : available;
const unknown = drivers.filter((d) => !available.includes(d));
if (unknown.length > 0 || drivers.length === 0) {
  process.stderr.write(
    `not available here: ${unknown.join(', ') || '(no drivers)'}; available: ${available.join(', ')}\n`,
  );
  process.exit(2);
}

const MB = 1024 * 1024;
const mb = (bytes: number): string => (bytes / MB).toFixed(2);
const signed = (n: number, digits = 0): string => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;
let baseline: Checkpoint | undefined;
function progress(c: Checkpoint): void {
  baseline ??= c;
  const fds = c.fds === undefined ? 'n/a' : `${c.fds} (${signed(c.fds - (baseline.fds ?? 0))})`;
  process.stdout.write(
    `[${(c.elapsedMs / 1000).toFixed(1).padStart(7)} s] ${c.phase.padEnd(10)} ${String(c.runs).padStart(6)} runs` +
      `  fds ${fds}  handles ${c.handleCount} (${signed(c.handleCount - baseline.handleCount)})` +
      `  heap ${mb(c.heapUsedBytes)} MB (${signed((c.heapUsedBytes - baseline.heapUsedBytes) / MB, 2)})` +
      `  rss ${mb(c.rssBytes)} MB\n`,
  );
}

process.stdout.write(`soak: ${drivers.length} drivers: ${drivers.join(' ')}\n`);
const report = await soak({
  supervisor,
  drivers,
  sequential: count('sequential', values.sequential, 0),
  ...(values.duration !== undefined ? { durationMs: count('duration', values.duration, 1) * 1000 } : {}),
  concurrent: count('concurrent', values.concurrent, 0),
  parallel: count('parallel', values.parallel, 1),
  checkpointEvery: count('every', values.every, 1),
  onCheckpoint: progress,
});
await supervisor.dispose();

// Leftovers: give the last exits a moment, then look.
let leftProcesses: number[] = [];
let leftFiles: string[] = [];
for (let attempt = 0; attempt < 60; attempt++) {
  leftProcesses = descendants(process.pid);
  leftFiles = readdirSync(tmp);
  if (leftProcesses.length === 0 && leftFiles.length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
rmSync(tmp, { recursive: true, force: true });

const g = growthOf(report);
const broken = boundsBroken(g);
const peakRss = Math.max(...report.checkpoints.map((c) => c.rssBytes));
const lines = [
  '',
  `runs        ${report.runs} in ${(report.wallMs / 1000).toFixed(1)} s (${(report.runs / (report.wallMs / 1000)).toFixed(1)} runs/s)`,
  `statuses    ${Object.entries(report.statuses)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ')}`,
  `unexpected  ${report.unexpectedCount}`,
  ...report.unexpected
    .slice(0, 10)
    .map(
      (u) => `  run ${u.run} at ${(u.atMs / 1000).toFixed(1)} s, ${u.driver} ${u.script}: ${u.status} (${u.detail})`,
    ),
  `growth over ${g.runs} runs after the warm-up:`,
  `  fds       ${report.baseline.fds ?? 'n/a'} → ${report.final.fds ?? 'n/a'} (${g.fds === undefined ? 'n/a' : signed(g.fds)})`,
  `  handles   ${report.baseline.handleCount} → ${report.final.handleCount} (${signed(g.handles)})`,
  `  heap      ${mb(report.baseline.heapUsedBytes)} → ${mb(report.final.heapUsedBytes)} MB (${signed(g.heapUsedBytes / 1024)} KB, ${signed(g.heapUsedBytes / 1024 / Math.max(1, g.runs / 100), 1)} KB per 100 runs)`,
  `  peak rss  ${mb(peakRss)} MB`,
  `leftovers   ${leftProcesses.length} processes, ${leftFiles.length} temp entries${leftFiles.length ? `: ${leftFiles.join(', ')}` : ''}`,
  broken.length ? `BOUNDS BROKEN: ${broken.join('; ')}` : 'bounds held',
];
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(report.unexpectedCount > 0 || broken.length > 0 || leftProcesses.length + leftFiles.length > 0 ? 1 : 0);
