/**
 * The matrix as a heat-map: probes down (grouped by category), drivers across, one button per finished
 * cell with its verdict as colour and text, and a legend. Cells not yet run are dots. Clicking a cell opens
 * its probe in the editor under its driver.
 */
import type { ProbeListing } from '../../../../electron/common/api/types.ts';
import type { MatrixCell } from '../../../../electron/common/matrix/report.ts';
import { cellKey, type MatrixState } from './store.ts';
import {
  cellDescription,
  cellText,
  isInconsistent,
  isUnstable,
  isWorse,
  VERDICT_LOOK,
  VERDICT_ORDER,
} from './verdicts.ts';

export function Legend(props: {
  readonly counts?: ReadonlyMap<string, number>;
  readonly worse?: number;
  readonly unstable?: number;
  readonly inconsistent?: number;
}) {
  return (
    <ul className="legend" aria-label="Legend">
      {VERDICT_ORDER.map((v) => (
        <li key={v}>
          <span className={`swatch v-${v}`} aria-hidden="true">
            {VERDICT_LOOK[v].short}
          </span>{' '}
          {VERDICT_LOOK[v].label}
          {props.counts && <span className="mute"> {props.counts.get(v) ?? 0}</span>}
        </li>
      ))}
      <li>
        <span className="swatch worse" aria-hidden="true">
          !
        </span>{' '}
        worse than expected
        {props.worse !== undefined && <span className="mute"> {props.worse}</span>}
      </li>
      <li>
        <span className="swatch unstable" aria-hidden="true">
          ~
        </span>{' '}
        unstable (runs differ)
        {props.unstable !== undefined && <span className="mute"> {props.unstable}</span>}
      </li>
      <li className={props.inconsistent ? 'alarm' : undefined}>
        <span className="swatch inconsistent" aria-hidden="true">
          ‼
        </span>{' '}
        workbench error (result contradicts itself)
        {props.inconsistent !== undefined && <span className="mute"> {props.inconsistent}</span>}
      </li>
    </ul>
  );
}

export function HeatMap(props: {
  readonly matrix: MatrixState;
  readonly probes: ReadonlyMap<string, ProbeListing>;
  readonly onOpen: (cell: MatrixCell) => void;
}) {
  const { matrix, probes } = props;
  let lastCategory = '';
  // Over Node releases the columns are `driver@release`, grouped by release: a header row names each group.
  const groups = (matrix.nodes ?? []).map((node) => ({
    node,
    columns: matrix.drivers.filter((d) => d.endsWith(`@${node}`)).length,
  }));
  const driverName = (column: string): string => (groups.length > 0 ? column.replace(/@[^@]*$/, '') : column);
  return (
    <div className="heatmap-wrap">
      <table className="heatmap" aria-label="Heat-map">
        <thead>
          {groups.length > 0 && (
            <tr>
              <th scope="colgroup" className="probe-col">
                <span className="visually-hidden">Node release</span>
              </th>
              {groups.map((g) => (
                <th key={g.node} scope="colgroup" colSpan={g.columns} className="node-group" data-node={g.node}>
                  Node {g.node}
                </th>
              ))}
            </tr>
          )}
          <tr>
            <th scope="col" className="probe-col">
              probe
            </th>
            {matrix.drivers.map((d) => (
              <th key={d} scope="col" className="driver-col" title={d}>
                <span>{driverName(d)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.probes.flatMap((id) => {
            const meta = probes.get(id);
            const rows = [];
            if (meta && meta.category !== lastCategory) {
              lastCategory = meta.category;
              rows.push(
                <tr key={`cat-${meta.category}`} className="category-row">
                  <th scope="rowgroup" colSpan={matrix.drivers.length + 1}>
                    {meta.category}
                  </th>
                </tr>,
              );
            }
            rows.push(
              <tr key={id}>
                <th scope="row" className="probe-col" title={meta ? `${meta.title}\n${meta.goal}` : id}>
                  {id}
                </th>
                {matrix.drivers.map((d) => {
                  const cell = matrix.cells.get(cellKey(id, d));
                  if (!cell) {
                    return (
                      <td key={d} className="cell pending" aria-label={`${id} under ${d}: not run yet`}>
                        ·
                      </td>
                    );
                  }
                  return (
                    <td key={d} className="cell">
                      <button
                        className={`v-${cell.verdict}${isWorse(cell) ? ' worse' : ''}${isUnstable(cell) ? ' unstable' : ''}${isInconsistent(cell) ? ' inconsistent' : ''}`}
                        data-verdict={cell.verdict}
                        {...(isUnstable(cell) ? { 'data-unstable': 'true' } : {})}
                        {...(isInconsistent(cell) ? { 'data-inconsistent': 'true' } : {})}
                        data-probe={id}
                        data-driver={d}
                        aria-label={`${cellDescription(cell)} Open in the editor.`}
                        title={cellDescription(cell)}
                        onClick={() => props.onOpen(cell)}
                      >
                        {cellText(cell)}
                      </button>
                    </td>
                  );
                })}
              </tr>,
            );
            return rows;
          })}
        </tbody>
      </table>
    </div>
  );
}
