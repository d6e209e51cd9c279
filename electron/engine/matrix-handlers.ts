/**
 * The probe library and the matrix behind the UI contract: list and open probes, start one matrix at a time
 * per client (each finished cell is an event, so a heat-map fills as it runs), cancel it (its running cells
 * are stopped, their hosts with them), and export a finished one in the CLI's report formats.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { MethodArgs } from '../common/api/contract.ts';
import type { ApiServer } from '../common/api/server.ts';
import type { MethodResults, ProbeDetail } from '../common/api/types.ts';
import { formatDriverId, parseDriverId } from '../common/run/driver-id.ts';
import { toErrorData, WorkbenchError } from '../common/protocol/errors.ts';
import type { MatrixCell, MatrixReport } from '../common/matrix/report.ts';
import { renderMatrixReport } from '../common/matrix/render.ts';
import { MATRIX_DEFAULT_MEMORY_MB, MATRIX_DEFAULT_TIMEOUT_MS, runMatrix, type MatrixSupervisor } from './matrix.ts';
import { loadProbes, SHIPPED_PROBES_DIR, type Probe } from './probe-library.ts';

/** Finished matrices kept per client for export. */
export const KEPT_REPORTS = 5;

const EXPORT_TYPES = {
  json: { mime: 'application/json', ext: 'json' },
  md: { mime: 'text/markdown', ext: 'md' },
  html: { mime: 'text/html', ext: 'html' },
} as const;

type MatrixMethodName = 'listProbes' | 'getProbe' | 'startMatrix' | 'cancelMatrix' | 'exportMatrix';
type SyncMethodName = Exclude<MatrixMethodName, 'startMatrix'>;
/**
 * The probe and matrix methods. `startMatrix` returns once its Node releases are installed and the cells are
 * queued; the matrix runs on after it returns.
 */
export type MatrixMethods = { readonly [M in SyncMethodName]: (args: MethodArgs<M>) => MethodResults[M] } & {
  readonly startMatrix: (args: MethodArgs<'startMatrix'>) => Promise<MethodResults['startMatrix']>;
};

export interface MatrixHandlerOptions {
  /** The probe library (the shipped one by default; tests pass a fixture folder). */
  readonly probesDir?: string;
  /** Cells run at once (default: the matrix runner's, one per core). */
  readonly concurrency?: number;
  /**
   * Install (or find) a Node release and return its exact version (node-handlers.ts `prepare`); without it a
   * matrix over Node releases is refused.
   */
  readonly prepareNode?: (spec: string) => Promise<string>;
}

export function createMatrixHandlers(
  supervisor: MatrixSupervisor,
  events: () => Pick<ApiServer, 'emit'> | undefined,
  options: MatrixHandlerOptions = {},
): MatrixMethods & { stopAll(): void } {
  const probesDir = options.probesDir ?? SHIPPED_PROBES_DIR;
  const reports = new Map<string, MatrixReport>();
  let current: { readonly id: string; readonly controller: AbortController } | undefined;

  const find = (library: readonly Probe[], id: string): Probe => {
    const probe = library.find((p) => p.meta.id === id);
    if (!probe) throw new WorkbenchError('bad-argument', `unknown probe "${id}"`);
    return probe;
  };

  /** Canonical ids of the drivers asked for (all available ones when none), each known and available here. */
  const chooseDrivers = (asked: readonly string[] | undefined): string[] => {
    const listing = supervisor.listDrivers();
    if (!asked) return listing.filter((d) => d.available).map((d) => d.id);
    const ids: string[] = [];
    for (const text of asked) {
      const parsed = parseDriverId(text);
      if (!parsed.ok) throw new WorkbenchError('bad-driver', parsed.reason);
      const id = formatDriverId(parsed.id);
      const d = listing.find((x) => x.id === id);
      if (!d) throw new WorkbenchError('bad-driver', `unknown driver "${text}"`);
      if (!d.available) throw new WorkbenchError('unavailable', `driver ${id} is unavailable here: ${d.reason ?? '?'}`);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  };

  return {
    stopAll: () => current?.controller.abort(),

    listProbes: () =>
      loadProbes(probesDir).map(({ meta }) => ({
        id: meta.id,
        title: meta.title,
        category: meta.category,
        goal: meta.goal,
        technique: meta.technique,
      })),

    getProbe: ({ id }): ProbeDetail => {
      const probe = find(loadProbes(probesDir), id);
      return {
        ...probe.meta,
        file: probe.file,
        code: probe.code,
        language: probe.language,
        runLimits: {
          timeoutMs: probe.meta.limits.timeoutMs ?? MATRIX_DEFAULT_TIMEOUT_MS,
          memoryMb: probe.meta.limits.memoryMb ?? MATRIX_DEFAULT_MEMORY_MB,
        },
        expectations: { default: probe.meta.expect, hardened: probe.meta.expectHardened },
      };
    },

    startMatrix: async ({ probes: askedProbes, drivers: askedDrivers, policy, repeat = 1, nodes: askedNodes }) => {
      if (current) {
        throw new WorkbenchError('unavailable', 'a matrix is already running: cancel it or wait for it to end');
      }
      const library = loadProbes(probesDir);
      const wanted = askedProbes ? new Set(askedProbes) : undefined;
      for (const id of wanted ?? []) find(library, id);
      const probes = library.filter((p) => !wanted || wanted.has(p.meta.id)).map((p) => p.meta.id);
      const drivers = chooseDrivers(askedDrivers);
      if (probes.length * drivers.length === 0)
        throw new WorkbenchError('bad-argument', 'choose at least one probe and one driver');

      const id = `matrix-${randomBytes(6).toString('hex')}`;
      const controller = new AbortController();
      const matrix = { id, controller };
      // Taken before the installs: a second matrix cannot start while this one's releases download.
      current = matrix;
      const end = (): void => {
        if (current === matrix) current = undefined;
      };
      // Each release installed (or found) first, by its exact version: the column groups are labelled with it,
      // as `workbench matrix --node a,b` does. One after another: each may be a download of its own.
      let nodes: string[] | undefined;
      if (askedNodes?.length) {
        const prepare = options.prepareNode;
        if (!prepare) {
          end();
          throw new WorkbenchError('unavailable', 'a matrix over Node releases is not offered here');
        }
        nodes = [];
        try {
          for (const spec of askedNodes) {
            const version = await prepare(spec);
            if (!nodes.includes(version)) nodes.push(version);
          }
        } catch (error) {
          end();
          throw error;
        }
      }
      const columns = nodes ? nodes.flatMap((node) => drivers.map((d) => `${d}@${node}`)) : drivers;
      const total = probes.length * columns.length;
      const started = performance.now();
      let done = 0;
      let lastCell: MatrixCell | undefined;
      void runMatrix(supervisor, {
        probesDir,
        probes,
        drivers,
        ...(nodes ? { nodes } : {}),
        policy,
        repeat,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        signal: controller.signal,
        onCell: (cell) => (lastCell = cell),
        onProgress: (p) => {
          done = p.done;
          if (lastCell) events()?.emit('matrixProgress', { ...p, matrixId: id, cell: lastCell });
        },
      }).then(
        (report) => {
          reports.set(id, report);
          if (reports.size > KEPT_REPORTS) reports.delete(reports.keys().next().value!);
          end();
          events()?.emit('matrixEnd', {
            matrixId: id,
            cancelled: report.cancelled,
            done: report.cells.length,
            total,
            durationMs: report.durationMs,
          });
        },
        (error: unknown) => {
          end();
          events()?.emit('matrixEnd', {
            matrixId: id,
            cancelled: controller.signal.aborted,
            done,
            total,
            durationMs: Math.round(performance.now() - started),
            error: toErrorData(error),
          });
        },
      );
      return { id, total, probes, drivers: columns, policy, repeat, ...(nodes ? { nodes } : {}) };
    },

    cancelMatrix: ({ id }) => {
      if (current?.id !== id || current.controller.signal.aborted) return { cancelled: false };
      current.controller.abort();
      return { cancelled: true };
    },

    exportMatrix: ({ id, format }) => {
      const report = reports.get(id);
      if (!report) {
        throw current?.id === id
          ? new WorkbenchError('unavailable', 'the matrix is still running: export it when it has ended')
          : new WorkbenchError('bad-argument', `no finished matrix "${id.slice(0, 64)}" here`);
      }
      const type = EXPORT_TYPES[format];
      const day = report.generatedAt.slice(0, 10);
      return {
        text: renderMatrixReport(report, format),
        mime: type.mime,
        fileName: `isolation-matrix-${report.policy}-${day}.${type.ext}`,
      };
    },
  };
}
