/**
 * The driver panel's settings and their conversions, in one place: the settings as a run input (Run, Compare),
 * a run request back as settings ("Open in editor" of a stored run, "Load step" of a lesson — what the panel
 * has no control for is named in `notShown`), and a matrix policy preset as settings (a probe opened from a
 * matrix cell). Pure: unit-tested under Node.
 */
import { normalizeRunRequest, type RunInput } from '../../../../electron/common/run/run-request.ts';
import {
  formatDriverId,
  parseDriverId,
  type Boundary,
  type Evaluator,
} from '../../../../electron/common/run/driver-id.ts';
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_SAMPLE_HZ,
  type HardeningFlag,
  type Language,
  type Limits,
  type Policy,
} from '../../../../electron/common/run/run-spec.ts';
import { hardeningFlagsOf } from '../../../../electron/common/capabilities/capabilities-ecosystem.ts';
import type { PresetPolicy } from '../../../../electron/common/matrix/presets.ts';

/** The driver panel's fields. */
export interface RunSettings {
  boundary: string;
  evaluator: string;
  timeoutMs: number;
  memoryMb: number | '';
  permission: boolean;
  fsRead: string;
  fsWrite: string;
  childProcess: boolean;
  envAllow: string;
  /** Node's hardening flags chosen (only those the boundary can take are sent: the others show unchecked). */
  hardening: HardeningFlag[];
}

export interface PanelSettings {
  /** The driver panel's fields this request sets (all of them but nothing else). */
  readonly settings: RunSettings;
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
      hardening: [...(policy.hardening ?? [])],
    },
    notShown,
  };
}

/** The same for a run input as a lesson step states it (normalised first, as the engine would). */
export function inputSettings(input: RunInput): PanelSettings {
  const request = normalizeRunRequest(input);
  return panelSettings(formatDriverId(request.driver), request.limits, request.policy, request.sampleHz);
}

export const DEFAULT_SETTINGS: RunSettings = {
  boundary: 'worker',
  evaluator: 'plain',
  timeoutMs: 5000,
  memoryMb: '',
  permission: false,
  fsRead: '',
  fsWrite: '',
  childProcess: false,
  envAllow: '',
  hardening: [],
};

/** The hardening flags of `s` that its boundary can put on the guest's Node (capabilities-ecosystem.ts). */
export function applicableHardening(s: Pick<RunSettings, 'boundary' | 'hardening'>): HardeningFlag[] {
  const possible = hardeningFlagsOf(s.boundary as Parameters<typeof hardeningFlagsOf>[0]);
  return (s.hardening ?? []).filter((f) => possible.includes(f));
}

/** The driver id of the panel's two selects (their values are the ids' parts; formatDriverId writes it). */
export function driverId(s: Pick<RunSettings, 'boundary' | 'evaluator'>): string {
  return formatDriverId({ boundary: s.boundary as Boundary, evaluator: s.evaluator as Evaluator });
}

const list = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The settings as startRun's input for `code` (any path, write or child-process grant turns the Permission Model on). */
export function toRunInput(code: string, language: Language, s: RunSettings, driver = driverId(s)) {
  const permissionish = s.permission || !!s.fsRead.trim() || !!s.fsWrite.trim() || s.childProcess;
  return {
    code,
    language,
    driver,
    limits: { timeoutMs: s.timeoutMs, ...(s.memoryMb !== '' ? { memoryMb: s.memoryMb } : {}) },
    policy: {
      ...(permissionish
        ? { permission: true, fsRead: list(s.fsRead), fsWrite: list(s.fsWrite), childProcess: s.childProcess }
        : {}),
      ...(s.envAllow.trim() ? { envAllow: list(s.envAllow) } : {}),
      ...(applicableHardening(s).length ? { hardening: applicableHardening(s) } : {}),
    },
  };
}

/** The panel's policy fields for a matrix policy preset. */
export function policySettings(p: PresetPolicy): Partial<RunSettings> {
  return {
    permission: p.permission === true,
    fsRead: (p.fsRead ?? []).join(', '),
    fsWrite: (p.fsWrite ?? []).join(', '),
    childProcess: p.childProcess === true,
    envAllow: (p.envAllow ?? []).join(', '),
  };
}
