/**
 * `workbench matrix`: run the probe matrix, show progress on stderr (a bar on a terminal, plain lines
 * otherwise), and write the report in the chosen format to stdout or a file.
 */
import { accessSync, constants as fsConstants, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { installProgress } from './install-progress.ts';
import { runMatrix, type MatrixProgress, type MatrixSupervisor } from '../../engine/matrix.ts';
import type { Supervisor } from '../../engine/supervisor.ts';
import { renderMatrixReport } from '../../common/matrix/render.ts';
import { strictFailures, summarize } from '../../common/matrix/summary.ts';
import type { MatrixCommand } from './matrix-args.ts';
import { refutedClaims } from '../../common/matrix/claims.ts';
import { visibleLine } from './terminal-text.ts';

function seconds(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '?' : `${Math.round(ms / 1000)} s`;
}

function progressReporter(stream: NodeJS.WriteStream): (p: MatrixProgress) => void {
  const tty = stream.isTTY === true;
  let lastLine = 0;
  return (p) => {
    const text = `${p.done}/${p.total} cells · ${p.escapes} escape(s) · ${seconds(p.elapsedMs)} elapsed · ETA ${seconds(p.etaMs)}`;
    if (tty) {
      const width = 24;
      const filled = Math.round((p.done / p.total) * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K${p.done === p.total ? '\n' : ''}`,
      );
    } else if (p.done === p.total || p.elapsedMs - lastLine >= 5000) {
      // A line every 5 s keeps a CI log readable.
      lastLine = p.elapsedMs;
      stream.write(`matrix: ${text}\n`);
    }
  };
}

/**
 * What would make the matrix's minutes of work end in nothing, found before any cell runs: a report file whose
 * folder is missing or not writable, a probe folder that is missing or holds no probe.
 */
function problemBeforeRunning(command: MatrixCommand): string | undefined {
  if (command.out) {
    const folder = dirname(resolve(command.out));
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      return `--out ${visibleLine(command.out)}: the folder ${visibleLine(folder)} does not exist`;
    try {
      accessSync(folder, fsConstants.W_OK);
    } catch {
      return `--out ${visibleLine(command.out)}: the folder ${visibleLine(folder)} is not writable`;
    }
  }
  if (command.probesDir) {
    const dir = resolve(command.probesDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      return `--probes ${visibleLine(command.probesDir)}: no such folder`;
    const hasProbe = (d: string): boolean =>
      readdirSync(d, { withFileTypes: true }).some((e) =>
        e.isDirectory() ? hasProbe(`${d}/${e.name}`) : /\.(js|ts)$/.test(e.name),
      );
    if (!hasProbe(dir))
      return `--probes ${visibleLine(command.probesDir)}: the folder holds no probe (.js or .ts file)`;
  }
  return undefined;
}

export async function matrixCommand(command: MatrixCommand, supervisor: Supervisor): Promise<number> {
  const problem = problemBeforeRunning(command);
  if (problem) {
    process.stderr.write(`workbench: ${problem}\n`);
    return 2;
  }
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  // The hardening flags join every cell's policy on its way in: the matrix runs each cell through startRun,
  // where a driver that cannot apply a flag refuses the cell (an error cell naming why).
  const hardening = command.hardening?.length ? [...command.hardening] : undefined;
  const cells: MatrixSupervisor = hardening
    ? {
        runtime: supervisor.runtime,
        listDrivers: (node) => supervisor.listDrivers(node),
        startRun: (raw, listener) =>
          supervisor.startRun(
            { ...(raw as object), policy: { ...(raw as { policy?: object }).policy, hardening } },
            listener,
          ),
      }
    : supervisor;
  // Each release installed (or found) first, by its exact version: the columns are labelled with it.
  const nodes: string[] = [];
  for (const spec of command.nodes ?? []) {
    const runtime = await supervisor.prepareNode(spec, installProgress());
    nodes.push(runtime.version.replace(/^v/, ''));
  }
  const matrix = await runMatrix(cells, {
    ...(nodes.length ? { nodes } : {}),
    ...(command.probesDir ? { probesDir: command.probesDir } : {}),
    ...(command.drivers ? { drivers: command.drivers } : {}),
    policy: command.policy,
    ...(command.concurrency ? { concurrency: command.concurrency } : {}),
    repeat: command.repeat,
    onProgress: progressReporter(process.stderr),
    signal: controller.signal,
  });
  const report = hardening ? { ...matrix, hardening } : matrix;
  process.off('SIGINT', cancel);
  process.off('SIGTERM', cancel);
  const text = renderMatrixReport(report, command.format);
  if (command.out) {
    writeFileSync(command.out, text);
    process.stderr.write(`matrix: wrote ${command.out}\n`);
  } else {
    process.stdout.write(text);
  }
  const s = summarize(report);
  process.stderr.write(
    `matrix: ${s.total} cells, ${s.byVerdict.escaped} escaped, ${s.byVerdict['host-crashed']} host crashed, ${s.worse} worse than expected, ${s.unstable} unstable\n`,
  );
  if (s.inconsistent > 0) {
    process.stderr.write(
      `matrix: WORKBENCH ERROR: ${s.inconsistent} cell(s) whose result contradicts itself (see the report)\n`,
    );
  }
  // A cell that reached a canary its driver claims to protect: the capability table is wrong (or the engine).
  const refuted = refutedClaims([report]);
  for (const problem of refuted) process.stderr.write(`matrix: CLAIM REFUTED: ${visibleLine(problem)}\n`);
  if (report.cancelled) return 130;
  const failures = [...strictFailures(s), ...(refuted.length > 0 ? [`${refuted.length} claim(s) refuted`] : [])];
  if (command.strict && failures.length > 0) {
    process.stderr.write(`matrix: --strict fails: ${failures.join(', ')}\n`);
    return 1;
  }
  return 0;
}
