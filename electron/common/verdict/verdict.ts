/**
 * The rules that turn what the supervisor observed into a run's status and verdict. Pure and table-tested:
 * the I/O that gathers the observations lives in the engine.
 */
import type { Breach, Enforcer, RunStatus, Verdict } from '../run/result.ts';
import type { GuestOutcome, StopReason } from '../protocol/worker-protocol.ts';
import type { TokenHit } from './canary-scan.ts';

/** Why the supervisor itself stopped a run, if it did. */
export type SupervisorStop = StopReason;

export interface StatusInputs {
  /** Set when the supervisor decided to stop the run (deadline, user, output cap). */
  readonly stop?: SupervisorStop;
  /** The host's report, if one arrived. */
  readonly outcome?: GuestOutcome;
  /** The host connection was dropped for a protocol violation (the reason). */
  readonly violation?: string;
  /** The host never authenticated (the reason). */
  readonly handshake?: string;
}

export interface StatusDecision {
  readonly status: RunStatus;
  readonly stoppedBy?: Enforcer;
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string; readonly stack?: string };
}

export function decideStatus(i: StatusInputs): StatusDecision {
  if (i.stop !== undefined) {
    const stoppedBy: Enforcer =
      i.stop === 'output-limit' ? 'supervisor-output-cap' : (i.outcome?.stoppedBy ?? 'kill-host');
    return { status: i.stop, stoppedBy };
  }
  if (i.outcome !== undefined) {
    return {
      status: i.outcome.status,
      ...(i.outcome.stoppedBy ? { stoppedBy: i.outcome.stoppedBy } : {}),
      ...(i.outcome.error ? { error: i.outcome.error } : {}),
    };
  }
  if (i.violation !== undefined) {
    return {
      status: 'error',
      error: { name: 'ProtocolViolation', message: `the host connection was closed: ${i.violation}` },
    };
  }
  if (i.handshake !== undefined)
    return { status: 'host-crashed', error: { name: 'HostStartFailed', message: i.handshake } };
  return {
    status: 'host-crashed',
    error: { name: 'HostCrashed', message: 'the host process ended before reporting a result' },
  };
}

export interface Observations {
  readonly tokenHits: readonly (TokenHit & { readonly where: string })[];
  readonly canaryConnections: readonly { readonly remote: string; readonly atMs: number }[];
  readonly fsChanges: readonly { readonly path: string; readonly change: string }[];
  /** The processes the driver did not start, as many as were kept (the first ones). */
  readonly foreignProcesses: readonly { readonly pid: number; readonly command: string }[];
  /** How many there were in all, when more were seen than kept (a fork loop); else the list's length. */
  readonly foreignProcessTotal?: number;
  /** The host died on its own after the guest started (not killed by the supervisor). */
  readonly hostDied: boolean;
  /** The host realm's built-ins that changed during the run, as the host compared them after it. */
  readonly integrity?: { readonly changes: readonly string[]; readonly total: number };
}

const TOKEN_WHAT: Record<string, string> = {
  env: 'the WORKBENCH_CANARY environment variable',
  global: 'the host global __hostSecret',
  file: 'the contents of canary.txt',
};

export function decideVerdict(o: Observations): Verdict {
  const breaches: Breach[] = [];
  for (const hit of o.tokenHits) {
    const encoding = hit.encoding === 'plain' ? '' : ` (${hit.encoding})`;
    breaches.push({
      canary: hit.canary,
      evidence: `${TOKEN_WHAT[hit.canary] ?? hit.canary} appeared in the ${hit.where}${encoding}`,
    });
  }
  if (o.canaryConnections.length > 0) {
    const first = o.canaryConnections[0]!;
    breaches.push({
      canary: 'network',
      evidence: `${o.canaryConnections.length} connection(s) to CANARY_PORT, first from ${first.remote} at ${Math.round(first.atMs)} ms`,
    });
  }
  if (o.fsChanges.length > 0) {
    const list = o.fsChanges
      .slice(0, 5)
      .map((c) => `${c.change} ${c.path}`)
      .join(', ');
    breaches.push({
      canary: 'fs-write',
      evidence: `outside the jail: ${list}${o.fsChanges.length > 5 ? ` and ${o.fsChanges.length - 5} more` : ''}`,
    });
  }
  if (o.foreignProcesses.length > 0) {
    // The count first: three named processes must not read as "three processes" when a loop started 300.
    const total = Math.max(o.foreignProcessTotal ?? 0, o.foreignProcesses.length);
    const named = o.foreignProcesses.slice(0, 3);
    const list = named.map((p) => `pid ${p.pid} (${p.command || '?'})`).join(', ');
    const more = total > named.length ? ` and ${total - named.length} more` : '';
    breaches.push({
      canary: 'child-process',
      evidence: `${total} process${total === 1 ? '' : 'es'} the driver did not start: ${list}${more}`,
    });
  }
  if (o.hostDied) breaches.push({ canary: 'host-crash', evidence: 'the host process died during the run' });
  if (o.integrity && o.integrity.total > 0) {
    const { changes, total } = o.integrity;
    const more = total > changes.length ? ` and ${total - changes.length} more` : '';
    breaches.push({ canary: 'integrity', evidence: `host built-ins changed: ${changes.join(', ')}${more}` });
  }
  return { escaped: breaches.length > 0, breaches };
}
