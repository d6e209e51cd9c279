/**
 * The History page: every stored run, newest first, filtered by driver, status, verdict and canary, a page
 * at a time. A run opens as it looked live (charts redrawn from its stored samples); two selected runs open
 * side by side; "Open in editor" puts one back into the workbench; Delete asks first. The list refreshes
 * when a run ends. A host that keeps no history says so, and why.
 */
import { useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import { HISTORY_STATUSES } from '../../../../electron/common/api/contract.ts';
import type { DriverListing, HistoryRun } from '../../../../electron/common/api/types.ts';
import { CANARY_NAMES } from '../../../../electron/common/run/result.ts';
import { ANY, isFiltered, toggleSelected, type FilterChoice } from './history-filter.ts';
import { StoredRuns } from './StoredRuns.tsx';
import { durationText, timeText, verdictText } from './stored-run.ts';
import { useHistoryList } from './use-history.ts';

function Filters(props: {
  readonly choice: FilterChoice;
  readonly drivers: readonly string[];
  readonly onChange: (choice: FilterChoice) => void;
}) {
  const { choice } = props;
  const set = (patch: Partial<FilterChoice>): void => props.onChange({ ...choice, ...patch });
  return (
    <fieldset className="history-filters" aria-label="Filters">
      <label>
        Driver
        <select aria-label="Driver filter" value={choice.driver} onChange={(e) => set({ driver: e.target.value })}>
          <option value="">any</option>
          {props.drivers.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          aria-label="Status filter"
          value={choice.status}
          onChange={(e) => set({ status: e.target.value as FilterChoice['status'] })}
        >
          <option value="">any</option>
          {HISTORY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Verdict
        <select
          aria-label="Verdict filter"
          value={choice.verdict}
          onChange={(e) => set({ verdict: e.target.value as FilterChoice['verdict'] })}
        >
          <option value="">any</option>
          <option value="escaped">escaped</option>
          <option value="contained">contained</option>
        </select>
      </label>
      <label>
        Canary
        <select
          aria-label="Canary filter"
          value={choice.canary}
          onChange={(e) => set({ canary: e.target.value as FilterChoice['canary'] })}
        >
          <option value="">any</option>
          {CANARY_NAMES.map((c) => (
            <option key={c} value={c}>
              breached {c}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(choice) && (
        <button className="small" onClick={() => props.onChange(ANY)}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}

export function HistoryPage(props: {
  readonly client: ApiClient;
  readonly drivers: readonly DriverListing[];
  /** The page is shown: the list is refreshed when it becomes visible. */
  readonly active: boolean;
  readonly onOpenInEditor: (run: HistoryRun) => void;
}) {
  const { client } = props;
  const [choice, setChoice] = useState<FilterChoice>(ANY);
  const list = useHistoryList(client, choice, props.active);
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [viewed, setViewed] = useState<readonly string[]>([]);
  const driverIds = [...new Set([...props.drivers.map((d) => d.id), ...list.runs.map((r) => r.driver)])];

  if (list.unavailable !== undefined) {
    return (
      <section className="history-page" aria-label="History">
        <div className="history-unavailable">
          <h2>History is unavailable</h2>
          <p>Runs are not being saved here, and past runs cannot be shown: {list.unavailable}.</p>
          <p className="mute">
            The desktop app and <code>npm run web</code> keep the history in their data directory (
            <code>WORKBENCH_DATA_DIR</code> chooses another); a history file that is damaged or was written by a newer
            version is left alone, and the app runs without it.
          </p>
        </div>
      </section>
    );
  }

  const onDeleted = (id: string): void => {
    setViewed((v) => v.filter((x) => x !== id));
    setSelected((s) => s.filter((x) => x !== id));
    list.reload();
  };
  return (
    <section className="history-page" aria-label="History">
      <div className="history-top">
        <div className="toolbar history-toolbar">
          <h2>History</h2>
          <Filters choice={choice} drivers={driverIds} onChange={setChoice} />
          <span className="mute" role="status">
            {list.loading && list.runs.length === 0
              ? 'Loading…'
              : `${list.total} run${list.total === 1 ? '' : 's'}${isFiltered(choice) ? ' match' : ''}`}
          </span>
          <button
            className="primary"
            disabled={selected.length !== 2}
            title="Select two runs with their checkboxes"
            onClick={() => setViewed(selected)}
          >
            Compare selected
          </button>
          <button className="small" onClick={list.reload} title="Reload the list">
            Refresh
          </button>
        </div>
        {list.error && (
          <p className="error" role="alert">
            {list.error}
          </p>
        )}
        {list.runs.length === 0 && !list.loading ? (
          <p className="empty">
            {isFiltered(choice)
              ? 'No stored run matches these filters.'
              : 'No runs yet. Every run you start — on the Workbench, from a lesson — is saved here when it ends.'}
          </p>
        ) : (
          <div className="history-list">
            <table className="history-table" aria-label="Stored runs">
              <thead>
                <tr>
                  <th>
                    <span className="visually-hidden">Select for Compare</span>
                  </th>
                  <th>Time</th>
                  <th>Driver</th>
                  <th>Status</th>
                  <th>Verdict</th>
                  <th title="Wall-clock time from start to end, host start-up included">Duration</th>
                  <th>Code</th>
                  <th>
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.runs.map((r) => {
                  const isSelected = selected.includes(r.id);
                  return (
                    <tr
                      key={r.id}
                      data-run={r.id}
                      data-status={r.status}
                      className={viewed.includes(r.id) ? 'current' : undefined}
                      onClick={() => setViewed([r.id])}
                    >
                      <td onClick={(e) => e.stopPropagation()}>
                        <input
                          type="checkbox"
                          aria-label={`Select run ${r.driver} ${timeText(r.startedAt)}`}
                          checked={isSelected}
                          disabled={!isSelected && selected.length >= 2}
                          onChange={(e) => setSelected(toggleSelected(selected, r.id, e.target.checked))}
                        />
                      </td>
                      <td className="nowrap">{timeText(r.startedAt)}</td>
                      <td className="nowrap">{r.driver}</td>
                      <td>
                        <span className={`status ${r.status}`}>{r.status}</span>
                      </td>
                      <td className={r.escaped ? 'bad' : undefined}>{verdictText(r)}</td>
                      <td className="nowrap num">{durationText(r)}</td>
                      <td className="code-cell">
                        <code title={r.title}>{r.title}</code>
                      </td>
                      <td>
                        <button
                          className="small"
                          aria-label={`Open run ${r.driver} ${timeText(r.startedAt)}`}
                          onClick={(e) => {
                            e.stopPropagation();
                            setViewed([r.id]);
                          }}
                        >
                          Open
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {list.runs.length < list.total && (
              <button className="load-more" disabled={list.loading} onClick={list.loadMore}>
                Load more ({list.runs.length} of {list.total} shown)
              </button>
            )}
          </div>
        )}
      </div>
      {viewed.length > 0 ? (
        <StoredRuns
          client={client}
          ids={viewed}
          onOpenInEditor={props.onOpenInEditor}
          onDeleted={onDeleted}
          onClose={(id) => setViewed((v) => v.filter((x) => x !== id))}
        />
      ) : (
        list.runs.length > 0 && (
          <p className="empty">
            Open a run to see it as it ran — charts, console, verdict, workers — or check two and press Compare
            selected.
          </p>
        )
      )}
    </section>
  );
}
