/**
 * A run request back in the driver panel: its driver, limits and policy as the panel's settings (for "Open
 * in editor" of a stored run and "Load step" of a lesson). The panel shows what most runs use; settings it
 * has no control for are named in `notShown`, so the caller can say they were not carried over. Pure.
 */
import { normalizeRunRequest, type RunInput } from '../../../../electron/common/run-request.ts';
import { formatDriverId, parseDriverId } from '../../../../electron/common/driver-id.ts';
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_SAMPLE_HZ,
  type Limits,
  type Policy,
} from '../../../../electron/common/run-spec.ts';

/** The driver panel's fields (DriverPanel's RunSettings is this type, so the two cannot drift). */
export interface PanelFields {
  boundary: string;
  evaluator: string;
  timeoutMs: number;
  memoryMb: number | '';
  permission: boolean;
  fsRead: string;
  fsWrite: string;
  childProcess: boolean;
  envAllow: string;
}

export interface PanelSettings {
  /** The driver panel's fields this request sets (all of them but nothing else). */
  readonly settings: PanelFields;
  /** Parts of the request the panel has no control for, in words ("allow worker threads"…). */
  readonly notShown: readonly string[];
}

/** A normalised request's settings: what the history stores (limits and policy with defaults filled in). */
export function panelSettings(
  driver: string,
  limits: Pick<Limits, 'timeoutMs' | 'memoryMb' | 'maxOutputBytes'>,
  policy: Policy,
  sampleHz?: number,
): PanelSettings {
  const parsed = parseDriverId(driver);
  const boundary = parsed.ok ? parsed.id.boundary : 'worker';
  const evaluator = parsed.ok ? parsed.id.evaluator : 'plain';
  const notShown: string[] = [];
  if (!parsed.ok) notShown.push(`driver ${driver}`);
  if (policy.worker) notShown.push('allow worker threads');
  if (policy.addons) notShown.push('allow addons');
  if (policy.wasi) notShown.push('allow WASI');
  if (policy.network) notShown.push('network on');
  if (policy.env.mode === 'allow' && policy.env.names.length === 0) notShown.push('an empty env allow-list');
  if (limits.maxOutputBytes !== DEFAULT_MAX_OUTPUT_BYTES) notShown.push(`max output ${limits.maxOutputBytes} bytes`);
  if (sampleHz !== undefined && sampleHz !== DEFAULT_SAMPLE_HZ) notShown.push(`${sampleHz} samples/s`);
  return {
    settings: {
      boundary,
      evaluator,
      timeoutMs: limits.timeoutMs,
      memoryMb: limits.memoryMb ?? '',
      permission: policy.permission,
      fsRead: policy.fsRead.join(', '),
      fsWrite: policy.fsWrite.join(', '),
      childProcess: policy.childProcess,
      envAllow: policy.env.mode === 'allow' ? policy.env.names.join(', ') : '',
    },
    notShown,
  };
}

/** The same for a run input as a lesson step states it (normalised first, as the engine would). */
export function inputSettings(input: RunInput): PanelSettings {
  const request = normalizeRunRequest(input);
  return panelSettings(formatDriverId(request.driver), request.limits, request.policy, request.sampleHz);
}
