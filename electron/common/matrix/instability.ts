/**
 * Why a cell's repetitions reached different classes, in words a reader can act on. A matrix made with
 * `--repeat N` marks such cells unstable; the docs matrix must leave none unexplained, so every pair of
 * classes the engine can produce by timing alone has its cause here, and anything else says it is unexplained.
 */
import type { VerdictClass } from './probe-header.ts';

const BUDGET_EDGE =
  'the peak lands at the edge of the budget’s tolerance: the budget is checked by sampling (a watchdog every few ms, or V8’s own limit), not by the allocator, so how far the guest gets between two readings decides held or not. Treat this budget as not guaranteed for this shape of allocation';
const FATAL_OOM =
  'V8 ran out of memory in a way the thread’s resourceLimits do not always catch first: in one run the thread was stopped at its limit, in another V8’s fatal out-of-memory handler ended the whole host process. The guest was stopped both times; a crash takes the host, and everything else in it, down';
const CLOSE_TO_LIMIT =
  'the probe ends close to a limit (its deadline or budget): which comes first depends on the machine’s load at the time';
const RACE =
  'the escape is a race inside the run (it depends on timing, such as a process or signal the run’s end can beat): a cell that escapes in any run is escaped';
const ERRORED =
  'one run ended in an error (see its evidence), so the probe did not run the same way each time; read the other runs';

/** The cause of a cell whose runs reached `classes` (at least two distinct ones). */
export function explainInstability(classes: readonly VerdictClass[]): string {
  const seen = new Set(classes);
  const only = (...allowed: VerdictClass[]): boolean => [...seen].every((c) => allowed.includes(c));
  if (seen.has('error')) return ERRORED;
  if (seen.has('escaped')) return RACE;
  if (seen.has('host-crashed') && only('host-crashed', 'limit-enforced', 'limit-bypassed')) return FATAL_OOM;
  if (only('limit-enforced', 'limit-bypassed')) return BUDGET_EDGE;
  if (only('contained', 'limit-enforced', 'limit-bypassed')) return CLOSE_TO_LIMIT;
  return 'not explained: the workbench knows no timing cause for these classes; report it with the evidence';
}
