/**
 * Loading an evaluator by name, lazily: a run pays only for the engine it uses (isolated-vm's addon,
 * QuickJS's WASM module). Under the Permission Model the child may read exactly these modules plus the
 * packages each evaluator needs (bootstrap-files.ts).
 */
import type { Evaluate, EvalOutcome } from './types.ts';
import type { GuestToHost } from '../../../electron/common/protocol/worker-protocol.ts';

export type EvaluatorName = 'vm' | 'isolated-vm' | 'quickjs' | 'ses' | 'vm2' | 'vm2-3.9.17';

export async function loadEvaluator(name: EvaluatorName): Promise<Evaluate> {
  switch (name) {
    case 'vm':
      return (await import('./vm.ts')).evaluateVm;
    case 'isolated-vm':
      return (await import('./isolated-vm.ts')).evaluateIsolatedVm;
    case 'quickjs':
      return (await import('./quickjs.ts')).evaluateQuickJs;
    case 'ses':
      return (await import('./ses.ts')).evaluateSes;
    case 'vm2':
      return (await import('./vm2.ts')).evaluateVm2;
    case 'vm2-3.9.17':
      return (await import('./vm2.ts')).evaluateVm2Old;
  }
}

/** An evaluator's outcome as the `done` message a guest bootstrap sends. */
export function doneMessage(outcome: EvalOutcome): GuestToHost & { t: 'done' } {
  const stats = outcome.stats ? { stats: outcome.stats } : {};
  if (outcome.ok)
    return { t: 'done', ok: true, ...(outcome.result !== undefined ? { result: outcome.result } : {}), ...stats };
  return { t: 'done', ok: false, error: outcome.error, ...(outcome.limit ? { limit: outcome.limit } : {}), ...stats };
}
