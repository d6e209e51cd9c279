/**
 * One step of `workbench bisect` on a real Node: install the release (Supervisor.prepareNode, the
 * node-versions per-user cache), run the probe once under the driver and policy with its host and guest on
 * exactly that release (`node` in the request), and judge the result with the matrix's rules (judgeCell), so
 * a bisect class means what a matrix cell means.
 * Anything that keeps a release from giving a verdict (no such release, download or integrity failure, the
 * driver unavailable there, a host that cannot start on it) is a `failed` outcome, never a verdict.
 */
import { judgeCell } from '../common/matrix/matrix-verdict.ts';
import { BISECT_POLICIES, type BisectOutcome, type BisectPolicy } from '../common/node-release/bisect.ts';
import type { RunResult } from '../common/run/result.ts';
import type { InstallProgress } from './node-versions/index.ts';
import { CELL_DEADLINE_SLACK_MS, MATRIX_DEFAULT_MEMORY_MB, MATRIX_DEFAULT_TIMEOUT_MS } from './matrix.ts';
import type { Probe } from './probe-library.ts';
import type { Supervisor } from './supervisor.ts';

/** Host output that means the host never ran on this Node (an option it does not know), not a verdict. */
const HOST_DID_NOT_START = /bad option|is not allowed in NODE_OPTIONS|unrecognized flag/i;
/**
 * A guest that died in the workbench's own bootstrap (its stack names out/node/ or workers/, nothing printed)
 * never ran the probe: seen on Node 20.4-20.8, where the child's ESM bootstrap cannot load under the
 * Permission Model. Not a verdict either.
 */
const BOOTSTRAP_FRAME = /\/(out\/node|workers\/guest)\/[\w.-]+\.(js|ts):\d+/;

export interface ProbeOnNodeOptions {
  /** The supervisor that installs releases and runs on them (one for the whole bisect). */
  readonly supervisor: Pick<Supervisor, 'prepareNode' | 'listDrivers' | 'startRun'>;
  readonly probe: Probe;
  readonly driver: string;
  readonly policy: BisectPolicy;
  readonly onProgress?: (event: InstallProgress) => void;
  readonly signal?: AbortSignal;
}

/** The probe's verdict class on one Node release. Never throws: failures are outcomes. */
export async function probeOnNode(version: string, options: ProbeOnNodeOptions): Promise<BisectOutcome> {
  const { supervisor } = options;
  let runtime;
  try {
    runtime = await supervisor.prepareNode(version, options.onProgress);
  } catch (error) {
    return { kind: 'failed', reason: `install: ${(error as Error).message}` };
  }
  try {
    const listing = supervisor.listDrivers(version).find((d) => d.id === options.driver);
    if (!listing) return { kind: 'failed', reason: `unknown driver ${options.driver}` };
    if (!listing.available) return { kind: 'failed', reason: `${options.driver} unavailable: ${listing.reason}` };
    const timeoutMs = options.probe.meta.limits.timeoutMs ?? MATRIX_DEFAULT_TIMEOUT_MS;
    const run = supervisor.startRun({
      code: options.probe.code,
      language: options.probe.language,
      driver: options.driver,
      node: version,
      limits: { timeoutMs, memoryMb: options.probe.meta.limits.memoryMb ?? MATRIX_DEFAULT_MEMORY_MB },
      policy: BISECT_POLICIES[options.policy],
    });
    const stop = (): void => run.stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), timeoutMs + CELL_DEADLINE_SLACK_MS);
    });
    const first: RunResult | 'deadline' = await Promise.race([run.result, deadline]);
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    if (first === 'deadline') {
      run.stop();
      return { kind: 'failed', reason: `the run did not finish within ${timeoutMs + CELL_DEADLINE_SLACK_MS} ms` };
    }
    if (options.signal?.aborted) return { kind: 'failed', reason: 'cancelled' };
    if (first.status === 'host-crashed' && HOST_DID_NOT_START.test(first.stderr))
      return {
        kind: 'failed',
        reason: `the host cannot start on ${runtime.version}: ${first.stderr.trim().split('\n')[0]}`,
      };
    if (
      (first.status === 'crashed' || first.status === 'host-crashed') &&
      first.stdout === '' &&
      BOOTSTRAP_FRAME.test(first.stderr)
    )
      return {
        kind: 'failed',
        reason: `the guest did not start on ${runtime.version}: ${first.stderr.trim().split('\n').slice(0, 6).join(' | ').slice(0, 300)}`,
      };
    const judged = judgeCell(first, options.probe.meta.attacks);
    return { kind: 'verdict', verdict: judged.verdict, detail: `${first.status}; ${judged.detail}` };
  } catch (error) {
    return { kind: 'failed', reason: (error as Error).message };
  }
}
