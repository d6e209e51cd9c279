/**
 * A run's result from what the supervisor observed, in one pure step: the status (verdict.ts), the verdict,
 * one definition of memory (memory-peak.ts), the limit reports and the figures. run.ts gathers the
 * observations; nothing here looks at a process or a file.
 */
import { capabilitiesOf } from '../common/capabilities/capabilities.ts';
import { buildLimitReports } from '../common/run/limit-report.ts';
import { guestMemory } from '../common/run/memory-peak.ts';
import type { RunResult, Sample, WorkerInfo } from '../common/run/result.ts';
import type { RunRequest } from '../common/run/run-spec.ts';
import { decideStatus, decideVerdict, type Observations, type StatusInputs } from '../common/verdict/verdict.ts';

export interface RunObservations extends StatusInputs {
  readonly id: string;
  readonly driver: string;
  readonly request: RunRequest;
  /** The host was asked to run the guest, and its process is gone without a stop, an outcome or a violation. */
  readonly hostExitedAfterStart: boolean;
  readonly tokenHits: Observations['tokenHits'];
  readonly canaryConnections: Observations['canaryConnections'];
  readonly fsChanges: Observations['fsChanges'];
  readonly foreignProcesses: Observations['foreignProcesses'];
  readonly foreignProcessTotal: number;
  readonly metrics:
    { samples: Sample[]; cpuMs: number; peakRss: { hostBytes: number; childBytes: number } } | undefined;
  readonly workers: readonly WorkerInfo[];
  /** Performance-clock times: the run's start, the guest's (`running`), its deadline, `stopped`, the end. */
  readonly startedAt: number;
  readonly guestStartedAt: number | undefined;
  readonly deadline: number | undefined;
  readonly stoppedAt: number | undefined;
  readonly endedAt: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ipc: RunResult['ipc'];
  readonly notes: string[];
}

export function assembleResult(o: RunObservations): RunResult {
  const decision = decideStatus({
    ...(o.stop ? { stop: o.stop } : {}),
    ...(o.outcome ? { outcome: o.outcome } : {}),
    ...(o.violation ? { violation: o.violation } : {}),
    ...(o.handshake ? { handshake: o.handshake } : {}),
  });
  const hostDied =
    o.hostExitedAfterStart &&
    o.stop === undefined &&
    o.outcome === undefined &&
    o.violation === undefined &&
    o.handshake === undefined;
  const outcome = o.outcome;
  const verdict = decideVerdict({
    tokenHits: o.tokenHits,
    canaryConnections: o.canaryConnections,
    fsChanges: o.fsChanges,
    foreignProcesses: o.foreignProcesses,
    foreignProcessTotal: o.foreignProcessTotal,
    hostDied,
    // The host's own comparison of its built-ins (integrity canary): it can add a breach, never clear one.
    ...(outcome?.integrity ? { integrity: outcome.integrity } : {}),
  });
  const { boundary, evaluator } = o.request.driver;
  // One definition of memory (memory-peak.ts): what the driver reported and the run's own samples show,
  // whichever is larger — a host killed before it reported cannot make the peak smaller than the chart.
  const memory = guestMemory(
    boundary,
    o.metrics?.samples ?? [],
    o.workers,
    outcome?.peakMemoryBytes,
    o.metrics?.peakRss,
  );
  const limits = buildLimitReports({
    limits: o.request.limits,
    capabilities: capabilitiesOf(boundary, evaluator),
    decision,
    driver: o.request.driver,
    memory,
    ...(outcome?.overshootBytes !== undefined ? { memoryOvershootBytes: outcome.overshootBytes } : {}),
    // From the deadline to the guest running no more code (the host's `stopped`: an evaluator's own limit, or
    // its thread or child gone), else to the end of the run, whoever stopped it. An evaluator's deadline can
    // fall a fraction of a ms before the supervisor's (the host took it first): never below 0.
    ...(o.deadline !== undefined ? { timeoutOvershootMs: Math.max(0, (o.stoppedAt ?? o.endedAt) - o.deadline) } : {}),
  });
  return {
    id: o.id,
    driver: o.driver,
    status: decision.status,
    ...(outcome?.result !== undefined && decision.status === 'ok' ? { result: outcome.result } : {}),
    ...(decision.error ? { error: decision.error } : {}),
    stdout: o.stdout,
    stderr: o.stderr,
    durationMs: Math.round((o.endedAt - (o.guestStartedAt ?? o.startedAt)) * 100) / 100,
    cpuMs: Math.round(o.metrics?.cpuMs ?? 0),
    peakMemoryBytes: memory.peakBytes,
    ipc: o.ipc,
    limits,
    ...(outcome?.evaluator ? { evaluator: outcome.evaluator } : {}),
    verdict,
    // The run is over: every worker is gone (the host was killed with its group).
    workers: o.workers.map((w) => (w.state === 'exited' ? w : { ...w, state: 'exited' as const })),
    samples: o.metrics?.samples ?? [],
    notes: o.notes,
  };
}

/**
 * The result of a run whose own code threw on its way to a result (a supervisor bug): an `error` with what had
 * been seen until then — output, token hits, connections — and no figures (none were gathered to the end).
 */
export function internalErrorResult(o: {
  readonly id: string;
  readonly driver: string;
  readonly node: string;
  readonly request: RunRequest;
  readonly message: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly ipc: RunResult['ipc'];
  readonly tokenHits: Observations['tokenHits'];
  readonly canaryConnections: Observations['canaryConnections'];
  readonly workers: readonly WorkerInfo[];
  readonly notes: string[];
}): RunResult {
  const decision = { status: 'error' as const, error: { name: 'InternalError', message: o.message } };
  const { boundary, evaluator } = o.request.driver;
  return {
    id: o.id,
    driver: o.driver,
    node: o.node,
    status: decision.status,
    error: decision.error,
    stdout: o.stdout,
    stderr: o.stderr,
    durationMs: 0,
    cpuMs: 0,
    peakMemoryBytes: 0,
    ipc: o.ipc,
    limits: buildLimitReports({
      limits: o.request.limits,
      capabilities: capabilitiesOf(boundary, evaluator),
      decision,
    }),
    verdict: decideVerdict({
      tokenHits: o.tokenHits,
      canaryConnections: o.canaryConnections,
      fsChanges: [],
      foreignProcesses: [],
      hostDied: false,
    }),
    workers: [...o.workers],
    samples: [],
    notes: o.notes,
  };
}
