/**
 * One stored run, or two side by side: each drawn as a live run is — charts from its stored samples, then
 * status, result, verdict, console and workers (RunView) — with "Open in editor" and an explicit, confirmed
 * "Delete" above it. A run still running elsewhere is fetched again when it ends.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { HistoryRun } from '../../../../electron/common/api/types.ts';
import { Charts } from '../charts/Charts.tsx';
import { RunView } from '../runs/RunView.tsx';
import type { RunState } from '../runs/store.ts';
import { timeText, toRunState } from './stored-run.ts';

type Loaded = HistoryRun | null | { readonly failed: string };

function requestText(run: HistoryRun): string {
  const { limits, policy } = run.request;
  const parts = [`timeout ${limits.timeoutMs} ms`];
  if (limits.memoryMb !== undefined) parts.push(`memory ${limits.memoryMb} MB`);
  if (policy.permission) {
    parts.push(
      `Permission Model (read: ${policy.fsRead.join(', ') || 'none'}; write: ${policy.fsWrite.join(', ') || 'none'}`,
    );
    parts[parts.length - 1] += `${policy.childProcess ? '; child processes' : ''}${policy.worker ? '; workers' : ''})`;
  }
  if (policy.env.mode === 'allow') parts.push(`env allow-list: ${policy.env.names.join(', ') || 'empty'}`);
  if (policy.network) parts.push('network on');
  return parts.join(' · ');
}

function RunHeader(props: {
  readonly run: HistoryRun;
  readonly onOpenInEditor: (run: HistoryRun) => void;
  readonly onDelete: (id: string) => Promise<void>;
}) {
  const { run } = props;
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const remove = (): void => {
    setDeleting(true);
    setError(undefined);
    props.onDelete(run.id).catch((e: Error) => {
      setDeleting(false);
      setError(e.message);
    });
  };
  return (
    <header className="stored-run-head" data-run={run.id}>
      <div className="stored-run-title">
        <strong>{run.driver}</strong>{' '}
        {run.result?.node && (
          <span className="node-release" data-node={run.result.node} title="The Node release this run ran on">
            Node {run.result.node}
          </span>
        )}{' '}
        <span className="mute">{timeText(run.startedAt)}</span>{' '}
        <code className="mute" title={run.code}>
          {run.title || '(empty)'}
        </code>
      </div>
      <div className="mute stored-run-request">
        {run.language === 'ts' ? 'TypeScript · ' : ''}
        {requestText(run)}
      </div>
      <div className="toolbar">
        <button
          onClick={() => props.onOpenInEditor(run)}
          title="Put this code, language, driver, Node release, limits and policy back into the workbench"
        >
          Open in editor
        </button>
        {!confirming ? (
          <button onClick={() => setConfirming(true)}>Delete</button>
        ) : (
          <span className="confirm" role="group" aria-label="Confirm delete">
            <span>Delete this run from the history? This cannot be undone.</span>
            <button className="danger" disabled={deleting} onClick={remove}>
              Delete permanently
            </button>
            <button disabled={deleting} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <details className="stored-code">
        <summary>Code</summary>
        <pre>{run.code}</pre>
      </details>
    </header>
  );
}

/** What a stored run without a result says instead of a run card. */
function NoResult(props: { readonly run: HistoryRun }) {
  return (
    <p className="mute no-result">
      {props.run.status === 'interrupted'
        ? 'Interrupted: the app or CLI that ran it ended before the run did, so no result was stored.'
        : 'Still running (here or in another window or CLI): its result appears when it ends.'}
    </p>
  );
}

export function StoredRuns(props: {
  readonly client: ApiClient;
  readonly ids: readonly string[];
  readonly onOpenInEditor: (run: HistoryRun) => void;
  readonly onDeleted: (id: string) => void;
  readonly onClose: (id: string) => void;
}) {
  const { client, ids } = props;
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Loaded>>(new Map());
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const key = ids.join(',');

  useEffect(() => {
    let live = true;
    const fetchRun = (id: string): void =>
      void client.call('getHistoryRun', { id }).then(
        (run) => live && setLoaded((m) => new Map(m).set(id, run)),
        (e: Error) => live && setLoaded((m) => new Map(m).set(id, { failed: e.message })),
      );
    for (const id of key.split(',')) if (id) fetchRun(id);
    // A run that was still running when fetched is fetched again once it has ended (and been saved).
    const off = client.subscribe('runEnd', (e) => {
      if (key.split(',').includes(e.runId)) fetchRun(e.runId);
    });
    return () => {
      live = false;
      off();
    };
  }, [client, key]);

  const runs = ids.map((id) => ({ id, loaded: loaded.get(id) }));
  const states = useMemo(() => {
    const out = new Map<string, RunState>();
    for (const [id, l] of loaded) {
      if (!l || 'failed' in l) continue;
      const state = toRunState(l);
      out.set(id, cleared.has(id) ? { ...state, lines: [] } : state);
    }
    return out;
  }, [loaded, cleared]);
  const withResult = ids.map((id) => states.get(id)).filter((s): s is RunState => s?.result !== undefined);
  const columns = { gridTemplateColumns: `repeat(${ids.length}, minmax(0, 1fr))` };

  const remove = async (id: string): Promise<void> => {
    const { deleted } = await client.call('deleteHistoryRun', { id });
    if (!deleted) throw new Error('this run was no longer in the history');
    props.onDeleted(id);
  };

  return (
    <section className="stored-runs" aria-label={ids.length > 1 ? 'Compared runs' : 'Stored run'}>
      <div className="stored-grid" style={columns}>
        {runs.map(({ id, loaded: l }) =>
          l === undefined ? (
            <p key={id} className="mute">
              Loading…
            </p>
          ) : l === null ? (
            <p key={id} className="error">
              This run is no longer in the history.
            </p>
          ) : 'failed' in l ? (
            <p key={id} className="error" role="alert">
              {l.failed}
            </p>
          ) : (
            <RunHeader key={id} run={l} onOpenInEditor={props.onOpenInEditor} onDelete={remove} />
          ),
        )}
      </div>
      {withResult.length > 0 && <Charts runs={withResult} />}
      <div className="stored-grid runs" style={columns}>
        {runs.map(({ id, loaded: l }) => {
          const state = states.get(id);
          if (!l || 'failed' in l || !state) return <div key={id} />;
          if (!state.result) return <NoResult key={id} run={l} />;
          return (
            <RunView
              key={id}
              run={state}
              onStop={() => undefined}
              onClear={() => setCleared((s) => new Set(s).add(id))}
              onClose={() => props.onClose(id)}
            />
          );
        })}
      </div>
    </section>
  );
}
