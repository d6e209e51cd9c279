/**
 * The policy presets a matrix runs under (issue #4), shared by the engine that applies them and the UI that
 * reproduces a cell in the editor.
 */
import type { RunInput } from '../run/run-request.ts';
import type { PolicyPreset } from './report.ts';

export type PresetPolicy = NonNullable<RunInput['policy']>;

/** hardened = scrubbed env, jail-only fs, no child processes or workers; default = each driver's defaults. */
export const POLICY_PRESETS: Readonly<Record<PolicyPreset, PresetPolicy>> = {
  default: {},
  hardened: {
    envAllow: ['PATH'],
    permission: true,
    fsRead: ['$JAIL'],
    fsWrite: ['$JAIL'],
    childProcess: false,
    worker: false,
  },
};
