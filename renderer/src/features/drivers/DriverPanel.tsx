/**
 * Choosing where and how code runs. Options come from listDrivers: unavailable drivers are disabled with
 * their reason, and each limit or policy control says — and is disabled — where the driver cannot enforce
 * it. This panel is meant to teach.
 */
import type { DriverListing } from '../../../../electron/common/api/types.ts';
import { driverId, type RunSettings } from './run-settings.ts';
import { HARDENING_FLAGS, type HardeningFlag } from '../../../../electron/common/run/run-spec.ts';
import { hardeningFlagsOf } from '../../../../electron/common/capabilities/capabilities-ecosystem.ts';

/** Check or uncheck a flag; the two disable-proto forms exclude each other. */
function toggleHardening(current: readonly HardeningFlag[], flag: HardeningFlag, on: boolean): HardeningFlag[] {
  const rest = current.filter(
    (f) => f !== flag && !(on && f.startsWith('disable-proto') && flag.startsWith('disable-proto')),
  );
  return on ? [...rest, flag] : rest;
}
import { memorySettingProblem } from './settings-problem.ts';
import { NumberField } from './NumberField.tsx';
import type { WholeNumberRule } from './whole-number.ts';
import { MAX_TIMEOUT_MS } from '../../../../electron/common/run/run-spec.ts';
import { useCallback, type ReactNode } from 'react';

const TIMEOUT_RULE: WholeNumberRule = { name: 'Timeout', unit: 'ms', min: 1, max: MAX_TIMEOUT_MS };
/** The engine's bound (run-request.ts); a driver's own minimum is said separately (settings-problem.ts). */
const MEMORY_RULE: WholeNumberRule = { name: 'Memory', unit: 'MB', min: 1, max: 64 * 1024, emptyIs: '' };

/** The limit fields whose text is not a value: Run refuses while any is set. */
export type FieldProblems = Readonly<Record<'timeout' | 'memory', string | undefined>>;

export function DriverPanel(props: {
  drivers: readonly DriverListing[];
  settings: RunSettings;
  onChange: (s: RunSettings) => void;
  /** A limit field's text is not a value (or is again): Run refuses while one is not. */
  onFieldProblem?: (field: keyof FieldProblems, problem: string | undefined) => void;
  /** The Node release select (the app's); `drivers` are then the listing on that release. */
  nodeControl?: ReactNode;
  /** What choosing that release means (a download on first use). */
  nodeNote?: string;
}) {
  const { drivers, settings: s, onChange, onFieldProblem } = props;
  const onTimeoutProblem = useCallback((p: string | undefined) => onFieldProblem?.('timeout', p), [onFieldProblem]);
  const onMemoryProblem = useCallback((p: string | undefined) => onFieldProblem?.('memory', p), [onFieldProblem]);
  const boundaries = [...new Set(drivers.map((d) => d.boundary))];
  const evaluators = [...new Set(drivers.map((d) => d.evaluator))];
  const current = drivers.find((d) => d.id === driverId(s));
  const caps = current?.capabilities;
  const set = (patch: Partial<RunSettings>): void => onChange({ ...s, ...patch });
  const permissionApplies = s.boundary === 'process' || s.boundary === 'os-sandbox';
  const possibleHardening = hardeningFlagsOf(s.boundary as Parameters<typeof hardeningFlagsOf>[0]);
  const memoryProblem = memorySettingProblem(s, drivers, driverId(s));
  return (
    <section className="panel" aria-label="Driver">
      <h2>Driver</h2>
      <label className="inline-field">
        Boundary
        <select aria-label="Boundary" value={s.boundary} onChange={(e) => set({ boundary: e.target.value })}>
          {boundaries.map((b) => {
            const any = drivers.find((d) => d.boundary === b && d.available);
            return (
              <option
                key={b}
                value={b}
                disabled={!any}
                title={any ? '' : drivers.find((d) => d.boundary === b)?.reason}
              >
                {b}
              </option>
            );
          })}
        </select>
      </label>
      <label className="inline-field">
        Evaluator
        <select aria-label="Evaluator" value={s.evaluator} onChange={(e) => set({ evaluator: e.target.value })}>
          {evaluators.map((ev) => {
            const d = drivers.find((x) => x.boundary === s.boundary && x.evaluator === ev);
            return (
              <option key={ev} value={ev} disabled={!d?.available} title={d?.available ? '' : d?.reason}>
                {ev}
              </option>
            );
          })}
        </select>
      </label>
      {props.nodeControl}
      {props.nodeNote && <p className="hint">{props.nodeNote}</p>}
      {current && !current.available && <p className="error">Unavailable: {current.reason}</p>}
      <h3>Limits</h3>
      <NumberField
        label="Timeout (ms)"
        id="timeout-problem"
        title={caps?.timeout.how}
        value={s.timeoutMs}
        rule={TIMEOUT_RULE}
        onValue={(v) => v !== '' && set({ timeoutMs: v })}
        onProblem={onTimeoutProblem}
      />
      <NumberField
        label="Memory (MB)"
        id="memory-problem"
        title={caps?.memory.how}
        placeholder="no limit"
        value={s.memoryMb}
        rule={MEMORY_RULE}
        disabled={caps ? !caps.memory.enforced : false}
        {...(memoryProblem ? { extraProblem: memoryProblem } : {})}
        onValue={(v) => set({ memoryMb: v })}
        onProblem={onMemoryProblem}
      />
      {caps && !caps.memory.enforced && <p className="hint">Memory cannot be limited here: {caps.memory.how}.</p>}
      {caps?.authors && (
        <p className="hint" title={caps.authors.source}>
          What its authors claim: {caps.authors.claim} The matrix shows what it stops.
        </p>
      )}
      <h3>Policy</h3>
      {!permissionApplies && (
        <p className="hint">
          {/* One sentence, the reason once: the capability text starts with its own "not applied". */}
          Not applied under {s.boundary}:{' '}
          {caps?.permissions.how.replace(/^not (applied|applicable):\s*/i, '') ?? 'no capability data'}. It applies to
          the process and os-sandbox boundaries.
        </p>
      )}
      <label>
        <input
          type="checkbox"
          checked={s.permission}
          disabled={!permissionApplies}
          onChange={(e) => set({ permission: e.target.checked })}
        />{' '}
        Permission Model
      </label>
      <label>
        Readable paths ($JAIL = the jail)
        <input
          aria-label="Readable paths"
          value={s.fsRead}
          disabled={!permissionApplies}
          placeholder="$JAIL"
          onChange={(e) => set({ fsRead: e.target.value })}
        />
      </label>
      <label>
        Writable paths
        <input
          aria-label="Writable paths"
          value={s.fsWrite}
          disabled={!permissionApplies}
          placeholder="$JAIL"
          onChange={(e) => set({ fsWrite: e.target.value })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={s.childProcess}
          disabled={!permissionApplies}
          onChange={(e) => set({ childProcess: e.target.checked })}
        />{' '}
        Allow child processes
      </label>
      <label title={caps?.env.how}>
        Env allow-list
        <input
          aria-label="Env allow-list"
          value={s.envAllow}
          disabled={s.boundary === 'host'}
          placeholder="inherit everything (Node's default)"
          onChange={(e) => set({ envAllow: e.target.value })}
        />
      </label>
      {s.boundary === 'host' && (
        <p className="hint">The host's own environment cannot be hidden from a guest in the host.</p>
      )}
      {/* Folded: the panel fits the window with every other field; the summary says what is on. */}
      <details className="hardening">
        <summary title={caps?.hardening.how}>
          Node hardening flags: {s.hardening.filter((f) => possibleHardening.includes(f)).join(', ') || 'none'}
        </summary>
        <fieldset className="hardening" aria-label="Node hardening flags" title={caps?.hardening.how}>
          {HARDENING_FLAGS.map((flag) => {
            const applies = possibleHardening.includes(flag);
            return (
              <label key={flag} title={applies ? `--${flag}` : `not under ${s.boundary}: ${caps?.hardening.how ?? ''}`}>
                <input
                  type="checkbox"
                  checked={applies && s.hardening.includes(flag)}
                  disabled={!applies}
                  onChange={(e) => set({ hardening: toggleHardening(s.hardening, flag, e.target.checked) })}
                />{' '}
                {flag}
              </label>
            );
          })}
          {possibleHardening.length < HARDENING_FLAGS.length && (
            <p className="hint">
              {possibleHardening.length === 0
                ? `None under ${s.boundary}: the guest runs in the workbench's own Node.`
                : `Under ${s.boundary} only ${possibleHardening.join(', ')}: the others are per process.`}
            </p>
          )}
        </fieldset>
      </details>
    </section>
  );
}
