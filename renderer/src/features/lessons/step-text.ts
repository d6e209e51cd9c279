/**
 * A lesson step's settings and expectation in a line of words, as the lesson page shows them beside the
 * code (a fence's settings are not visible in the prose). Pure.
 */
import { formatDriverId, parseDriverId } from '../../../../electron/common/run/driver-id.ts';
import type { RunExpectation } from '../../../../electron/common/lesson/lesson-check.ts';
import type { RunInput } from '../../../../electron/common/run/run-request.ts';

/** The step's driver as the engine spells it (`inline` → `host`), or as written when it is not one. */
export function stepDriver(input: Pick<RunInput, 'driver'>): string {
  const parsed = parseDriverId(input.driver ?? 'worker');
  return parsed.ok ? formatDriverId(parsed.id) : (input.driver ?? 'worker');
}

/** "worker · timeout 3000 ms · memory 64 MB · read $JAIL · env PATH". */
export function settingsText(input: RunInput): string {
  const parts = [stepDriver(input)];
  const { limits, policy } = input;
  if (limits?.timeoutMs !== undefined) parts.push(`timeout ${limits.timeoutMs} ms`);
  if (limits?.memoryMb !== undefined) parts.push(`memory ${limits.memoryMb} MB`);
  if (limits?.maxOutputBytes !== undefined) parts.push(`max output ${limits.maxOutputBytes} bytes`);
  if (policy?.permission) parts.push('Permission Model');
  if (policy?.fsRead?.length) parts.push(`read ${policy.fsRead.join(', ')}`);
  if (policy?.fsWrite?.length) parts.push(`write ${policy.fsWrite.join(', ')}`);
  if (policy?.childProcess) parts.push('child processes allowed');
  if (policy?.worker) parts.push('workers allowed');
  if (policy?.addons) parts.push('addons allowed');
  if (policy?.wasi) parts.push('WASI allowed');
  if (policy?.envAllow) parts.push(`env ${policy.envAllow.join(', ') || '(none)'}`);
  if (policy?.network) parts.push('network on');
  if (input.sampleHz !== undefined) parts.push(`${input.sampleHz} samples/s`);
  return parts.join(' · ');
}

/** An expectation in words: `status memory-limit · stopped by resource-limits · contained`. */
export function expectationText(expect: RunExpectation): string {
  const parts: string[] = [];
  const list = (x: string | readonly string[]): string => (typeof x === 'string' ? x : x.join(' or '));
  const range = (r: { min?: number; max?: number }): string =>
    r.min !== undefined && r.max !== undefined
      ? `${r.min}–${r.max} MB`
      : r.min !== undefined
        ? `≥ ${r.min} MB`
        : `≤ ${r.max ?? '∞'} MB`;
  if (expect.status !== undefined) parts.push(`status ${list(expect.status)}`);
  if (expect.escaped !== undefined) parts.push(expect.escaped ? 'escaped' : 'contained');
  if (expect.breaches !== undefined)
    parts.push(expect.breaches.length ? `breaches exactly ${expect.breaches.join(', ')}` : 'no breach');
  if (expect.breachesInclude !== undefined) parts.push(`breaches include ${expect.breachesInclude.join(', ')}`);
  if (Object.hasOwn(expect, 'result')) parts.push(`result ${JSON.stringify(expect.result)}`);
  if (expect.resultMatches !== undefined) parts.push(`result matches /${expect.resultMatches}/`);
  if (expect.stdoutMatches !== undefined) parts.push(`stdout matches /${expect.stdoutMatches}/`);
  if (expect.stderrMatches !== undefined) parts.push(`stderr matches /${expect.stderrMatches}/`);
  if (expect.error !== undefined) {
    const e = expect.error;
    const what = [e.name, e.code && `(${e.code})`, e.messageMatches && `matching /${e.messageMatches}/`];
    parts.push(`error ${what.filter(Boolean).join(' ') || 'thrown'}`);
  }
  if (expect.stoppedBy !== undefined) parts.push(`stopped by ${list(expect.stoppedBy)}`);
  if (expect.memoryOvershootMb !== undefined) parts.push(`memory overshoot ${range(expect.memoryOvershootMb)}`);
  for (const [worker, r] of Object.entries(expect.peakRssMb ?? {})) parts.push(`peak RSS of ${worker} ${range(r)}`);
  return parts.join(' · ');
}

/**
 * A step's "what to watch" text often opens with the sentence that introduced its expectation fence ("The
 * app shows:"); the fence itself is gone from the text. Split that lead-in off so the page can put the
 * expectation right after it, where the author wrote it.
 */
export function splitLeadIn(watch: string): { leadIn?: string; rest: string } {
  const text = watch.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '');
  const end = text.search(/\n\s*\n|$/);
  const first = text.slice(0, end).trim();
  if (!first.endsWith(':') || /^(\s*[#>|`~-]|\s*\d+[.)]\s)/.test(first)) return { rest: watch };
  return { leadIn: first, rest: text.slice(end).trim() };
}
