/**
 * The probe library in the app: the list (loaded once), and opening a probe — its code and language into
 * the editor, a driver preselected (the one asked for, e.g. a matrix cell's, else a sensible one), the limits
 * its matrix cells run with, and, when it comes from a matrix, that matrix's policy preset.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { DriverListing, ProbeDetail, ProbeListing } from '../../../../electron/common/api/types.ts';
import { parseDriverId } from '../../../../electron/common/run/driver-id.ts';
import { POLICY_PRESETS } from '../../../../electron/common/matrix/presets.ts';
import type { PolicyPreset } from '../../../../electron/common/matrix/report.ts';
import { policySettings, type RunSettings } from '../drivers/run-settings.ts';
import { pickDriver } from './pick-driver.ts';
import type { Language } from '../../../../electron/common/run/run-spec.ts';

export interface OpenProbe {
  readonly probe: ProbeDetail;
  /** How the driver and settings were chosen, in one sentence. */
  readonly note: string;
  /** The note is about this driver being preselected: it is shown only while that driver is chosen. */
  readonly noteFor?: string;
}

/** Where a probe is opened from: a matrix cell names its driver and the matrix's policy. */
export interface OpenFrom {
  readonly driver: string;
  readonly policy: PolicyPreset;
  /** The cell's verdict and evidence, repeated in the explanation. */
  readonly verdict?: string;
  readonly detail?: string;
}

export function useProbes(
  client: ApiClient,
  drivers: readonly DriverListing[],
  apply: (code: string, language: Language, settings: (s: RunSettings) => RunSettings) => void,
  onError: (message: string) => void,
) {
  const [probes, setProbes] = useState<readonly ProbeListing[]>([]);
  const [listError, setListError] = useState<string | undefined>();
  const [open, setOpen] = useState<OpenProbe | undefined>();

  useEffect(
    () => void client.call('listProbes', {}).then(setProbes, (e: Error) => setListError(`Probes: ${e.message}`)),
    [client],
  );

  const openProbe = useCallback(
    async (id: string, from?: OpenFrom): Promise<void> => {
      let probe: ProbeDetail;
      try {
        probe = await client.call('getProbe', { id });
      } catch (e) {
        onError(`${id}: ${(e as Error).message}`);
        return;
      }
      const picked = from ? { driver: from.driver } : pickDriver(probe.expectations.default, drivers);
      const parsed = parseDriverId(picked.driver);
      const where = parsed.ok ? { boundary: parsed.id.boundary, evaluator: parsed.id.evaluator } : {};
      apply(probe.code, probe.language, (s) => ({
        ...s,
        ...where,
        timeoutMs: probe.runLimits.timeoutMs,
        memoryMb: probe.runLimits.memoryMb,
        ...(from ? policySettings(POLICY_PRESETS[from.policy]) : {}),
      }));
      const evidence = from?.detail
        ? `: ${from.detail.length > 160 ? `${from.detail.slice(0, 160)}…` : from.detail}`
        : '';
      const note = from
        ? `Opened from a matrix cell (${from.policy} policy${from.policy === 'hardened' ? ', set in the driver panel' : ''})${from.verdict ? `, whose verdict was ${from.verdict}${evidence}` : ''}.`
        : 'expected' in picked && picked.expected
          ? `${picked.driver} is preselected: the first driver where it is expected to show its finding.`
          : `${picked.driver} is preselected: no driver is expected to let it through.`;
      setOpen({ probe, note, ...(from ? {} : { noteFor: picked.driver }) });
    },
    [client, drivers, apply, onError],
  );

  return { probes, listError, open, openProbe, closeProbe: () => setOpen(undefined) };
}
