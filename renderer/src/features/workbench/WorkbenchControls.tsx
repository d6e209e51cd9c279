/**
 * The Workbench page's controls in the top bar: Run (Ctrl/Cmd+Enter), Stop (Ctrl/Cmd+.), Compare with its 2–4
 * drivers and each column's Node release, and the editor's language.
 */
import type { Language } from '../../../../electron/common/run/run-spec.ts';
import type { NodeReleasesState } from '../node-versions/use-node-releases.ts';
import { NodeSelect } from '../node-versions/NodeSelect.tsx';
import type { Workbench } from './use-workbench.ts';

export function WorkbenchControls(props: {
  readonly wb: Workbench;
  readonly nodeReleases: NodeReleasesState;
  readonly hidden: boolean;
}) {
  const { wb, nodeReleases } = props;
  const { compare, compareNodes, setCompare, setCompareNodes, fieldProblems } = wb;
  const available = wb.drivers.filter((d) => d.available);
  const compareText = compare.map((d) => (compareNodes[d] ? `${d}@${compareNodes[d]}` : d)).join(', ');
  return (
    <span className="page-controls" hidden={props.hidden}>
      <button
        className="primary"
        onClick={wb.run}
        disabled={wb.runProblem !== undefined}
        title={wb.runProblem ?? 'Ctrl/Cmd+Enter'}
      >
        Run
      </button>
      <button onClick={wb.stopNewest} disabled={!wb.runs.some((r) => !r.result)} title="Ctrl/Cmd+.">
        Stop
      </button>
      <span className="compare">
        <button
          onClick={wb.runCompare}
          disabled={compare.length < 2 || (fieldProblems.timeout ?? fieldProblems.memory) !== undefined}
        >
          Compare
        </button>
        <details>
          {/* Two names fit the top bar; more are counted (all of them in the tooltip), so it never wraps. */}
          <summary title={compareText}>
            {compare.length === 0
              ? 'choose 2–4 drivers'
              : // Names with their releases do not fit the top bar at 1280 px: counted then, all in the tooltip.
                compare.length <= 2 && !compare.some((d) => compareNodes[d])
                ? compareText
                : `${compare.length} drivers`}
          </summary>
          <fieldset aria-label="Compare drivers">
            {available.map((d) => (
              <label key={d.id}>
                <input
                  type="checkbox"
                  checked={compare.includes(d.id)}
                  disabled={!compare.includes(d.id) && compare.length >= 4}
                  onChange={(e) =>
                    setCompare(e.target.checked ? [...compare, d.id] : compare.filter((x) => x !== d.id))
                  }
                />{' '}
                {d.id}
              </label>
            ))}
            {/* Each column may run on a release of its own (one driver across releases: the Matrix page). */}
            <div className="compare-nodes" role="group" aria-label="Compare Node releases">
              {compare.map((d) => (
                <label key={d}>
                  <span>{d}</span>
                  <NodeSelect
                    label={`Node for ${d}`}
                    releases={nodeReleases.releases}
                    value={compareNodes[d] ?? ''}
                    onChange={(v) => setCompareNodes({ ...compareNodes, [d]: v })}
                  />
                </label>
              ))}
            </div>
          </fieldset>
        </details>
      </span>
      <label className="lang">
        <select aria-label="Language" value={wb.language} onChange={(e) => wb.setLanguage(e.target.value as Language)}>
          <option value="js">JavaScript</option>
          <option value="ts">TypeScript</option>
        </select>
      </label>
    </span>
  );
}
