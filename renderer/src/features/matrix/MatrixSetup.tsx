/**
 * Choosing a matrix: probes (all, by category, or one by one), drivers (unavailable ones disabled with
 * their reason), the policy preset, and how many times each cell runs.
 */
import type { DriverListing, NodeReleases, ProbeListing } from '../../../../electron/common/api/types.ts';
import { MAX_MATRIX_NODES } from '../../../../electron/common/api/contract.ts';
import { nodeOptionLabel } from '../node-versions/NodeSelect.tsx';
import type { PolicyPreset } from '../../../../electron/common/matrix/report.ts';
import { MATRIX_MAX_REPEAT } from '../../../../electron/common/matrix/repetitions.ts';
import { byCategory } from '../probes/ProbeSidebar.tsx';

export interface MatrixChoice {
  readonly probes: readonly string[];
  readonly drivers: readonly string[];
  readonly policy: PolicyPreset;
  /** Runs per cell (1–{@link MATRIX_MAX_REPEAT}); a cell whose runs differ is marked unstable. */
  readonly repeat: number;
  /**
   * Node releases (exact), one column group each, at most {@link MAX_MATRIX_NODES}; empty: the default Node only.
   * One probe and several releases shows that probe across Node versions.
   */
  readonly nodes: readonly string[];
}

/** A checkbox that shows "some" as indeterminate (a DOM property, not an attribute). */
function TriCheckbox(props: {
  readonly label: string;
  readonly all: boolean;
  readonly some: boolean;
  readonly disabled?: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      aria-label={props.label}
      checked={props.all}
      disabled={props.disabled}
      ref={(el) => {
        if (el) el.indeterminate = props.some && !props.all;
      }}
      onChange={(e) => props.onChange(e.target.checked)}
    />
  );
}

const POLICY_HINTS: Readonly<Record<PolicyPreset, string>> = {
  default: "each driver's defaults: inherited env, no Permission Model",
  hardened: 'env allow-list PATH, Permission Model with fs limited to the jail, no child processes or workers',
};

export function MatrixSetup(props: {
  readonly probes: readonly ProbeListing[];
  readonly drivers: readonly DriverListing[];
  readonly choice: MatrixChoice;
  readonly releases?: NodeReleases | undefined;
  readonly disabled: boolean;
  readonly onChange: (choice: MatrixChoice) => void;
}) {
  const { choice, disabled } = props;
  const chosen = new Set(choice.probes);
  const setProbes = (ids: Iterable<string>, on: boolean): void => {
    const next = new Set(chosen);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    // Keep the library's order.
    props.onChange({ ...choice, probes: props.probes.map((p) => p.id).filter((id) => next.has(id)) });
  };
  const toggleDriver = (id: string, on: boolean): void =>
    props.onChange({
      ...choice,
      drivers: props.drivers.map((d) => d.id).filter((d) => (d === id ? on : choice.drivers.includes(d))),
    });
  const allIds = props.probes.map((p) => p.id);
  const usable = props.drivers.filter((d) => d.available).map((d) => d.id);
  const boundaries = [...new Set(props.drivers.map((d) => d.boundary))];
  const evaluators = [...new Set(props.drivers.map((d) => d.evaluator))];
  return (
    <>
      <fieldset className="matrix-probes" disabled={disabled}>
        <legend>Probes</legend>
        <label className="all">
          <TriCheckbox
            label="All probes"
            all={allIds.length > 0 && allIds.every((id) => chosen.has(id))}
            some={chosen.size > 0}
            onChange={(on) => setProbes(allIds, on)}
          />{' '}
          All probes <span className="mute">{allIds.length}</span>
        </label>
        {byCategory(props.probes).map(([category, list]) => {
          const ids = list.map((p) => p.id);
          const n = ids.filter((id) => chosen.has(id)).length;
          return (
            <details key={category}>
              <summary>
                <TriCheckbox
                  label={`Category ${category}`}
                  all={n === ids.length}
                  some={n > 0}
                  onChange={(on) => setProbes(ids, on)}
                />{' '}
                <span className="category-name">{category}</span>{' '}
                <span className="mute">
                  {n}/{ids.length}
                </span>
              </summary>
              {list.map((p) => (
                <label key={p.id} title={p.goal}>
                  <input
                    type="checkbox"
                    checked={chosen.has(p.id)}
                    onChange={(e) => setProbes([p.id], e.target.checked)}
                  />{' '}
                  {p.id}
                </label>
              ))}
            </details>
          );
        })}
      </fieldset>
      <fieldset className="matrix-drivers" disabled={disabled}>
        <legend>Drivers</legend>
        <label className="all">
          <TriCheckbox
            label="All available drivers"
            all={usable.length > 0 && usable.every((id) => choice.drivers.includes(id))}
            some={choice.drivers.some((id) => usable.includes(id))}
            onChange={(on) => props.onChange({ ...choice, drivers: on ? usable : [] })}
          />{' '}
          All available <span className="mute">{usable.length}</span>
        </label>
        <table>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">boundary</span>
              </th>
              {evaluators.map((ev) => (
                <th key={ev} scope="col">
                  {ev}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {boundaries.map((b) => (
              <tr key={b}>
                <th scope="row">{b}</th>
                {evaluators.map((ev) => {
                  const d = props.drivers.find((x) => x.boundary === b && x.evaluator === ev);
                  return (
                    <td key={ev} title={d ? (d.available ? d.id : `${d.id}: ${d.reason ?? 'unavailable'}`) : ''}>
                      {d && (
                        <input
                          type="checkbox"
                          aria-label={d.id}
                          checked={d.available && choice.drivers.includes(d.id)}
                          disabled={!d.available}
                          onChange={(e) => toggleDriver(d.id, e.target.checked)}
                        />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset className="matrix-nodes" disabled={disabled} aria-label="Node releases">
        <legend>Node releases</legend>
        <p className="hint">
          None chosen: the default Node only. Each release chosen is a column group of every driver (at most{' '}
          {MAX_MATRIX_NODES}); one probe with several releases shows that probe across Node versions.
        </p>
        {(props.releases?.releases ?? []).map((r) => {
          const on = choice.nodes.includes(r.version);
          return (
            <label key={r.version}>
              <input
                type="checkbox"
                aria-label={`Node ${r.version}`}
                checked={on}
                disabled={!on && choice.nodes.length >= MAX_MATRIX_NODES}
                onChange={(e) =>
                  props.onChange({
                    ...choice,
                    // Newest first, as listed.
                    nodes: (props.releases?.releases ?? [])
                      .map((x) => x.version)
                      .filter((v) => (v === r.version ? e.target.checked : choice.nodes.includes(v))),
                  })
                }
              />{' '}
              {nodeOptionLabel(r, props.releases?.downloadMb ?? 50)}
            </label>
          );
        })}
        {props.releases && !props.releases.registry.reachable && (
          <p className="hint">Installed releases only: the registry could not be reached.</p>
        )}
      </fieldset>
      <fieldset className="matrix-policy" disabled={disabled}>
        <legend>Policy</legend>
        {(['default', 'hardened'] as const).map((p) => (
          <label key={p} title={POLICY_HINTS[p]}>
            <input
              type="radio"
              name="matrix-policy"
              value={p}
              checked={choice.policy === p}
              onChange={() => props.onChange({ ...choice, policy: p })}
            />{' '}
            {p}
          </label>
        ))}
        <p className="hint">{POLICY_HINTS[choice.policy]}</p>
      </fieldset>
      <fieldset className="matrix-repeat" disabled={disabled}>
        <legend>Repeat</legend>
        <label>
          Runs per cell{' '}
          <select
            aria-label="Runs per cell"
            value={choice.repeat}
            onChange={(e) => props.onChange({ ...choice, repeat: Number(e.target.value) })}
          >
            {Array.from({ length: MATRIX_MAX_REPEAT }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">
          Each cell runs this many times; a cell whose runs reach different verdicts is marked unstable (~) and shows
          the most severe one.
        </p>
      </fieldset>
    </>
  );
}
