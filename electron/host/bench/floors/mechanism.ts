/**
 * Floor of the warm figures: the bare creation cost of one guest mechanism, measured inside an already
 * running Node — a Worker to its first message, a child Node (optionally under bubblewrap) connecting back
 * over a Unix socket, or just the evaluator in this thread — each evaluating `1 + 1` and torn down.
 *
 *   node mechanism.ts <boundary> <evaluator> <rounds> <modules JSON> [<sandbox JSON>]
 *
 * Prints `{"samplesMs":[…]}` after one unmeasured warm-up.
 */
import { createRequire } from 'node:module';
import { constants, runInThisContext } from 'node:vm';
import {
  LAUNCHER_SOURCE,
  evaluatorSource,
  type FloorBoundary,
  type FloorEvaluator,
  type FloorModules,
  type FloorSandbox,
} from './sources.ts';
import { formatDriverId } from '../../../common/run/driver-id.ts';

type Launch = (boundary: FloorBoundary, evaluate: string, sandbox?: FloorSandbox) => Promise<unknown>;

const [boundary, evaluator, roundsText, modulesJson, sandboxJson] = process.argv.slice(2);
const rounds = Number(roundsText);
const modules = JSON.parse(modulesJson ?? '{}') as FloorModules;
const sandbox = sandboxJson ? (JSON.parse(sandboxJson) as FloorSandbox) : undefined;
const { launch } = (
  runInThisContext(LAUNCHER_SOURCE, {
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as (r: NodeRequire) => { launch: Launch }
)(createRequire(import.meta.url));
const source = evaluatorSource(evaluator as FloorEvaluator, modules);

const samplesMs: number[] = [];
for (let i = 0; i <= rounds; i++) {
  const t0 = performance.now();
  const value = await launch(boundary as FloorBoundary, source, sandbox);
  const ms = performance.now() - t0;
  if (value !== 2)
    throw new Error(
      `the ${formatDriverId({ boundary: boundary as FloorBoundary, evaluator: evaluator as FloorEvaluator })} floor returned ${String(value)}`,
    );
  if (i > 0) samplesMs.push(ms);
}
process.stdout.write(`${JSON.stringify({ samplesMs })}\n`);
