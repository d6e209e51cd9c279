/**
 * The Matrix page: choose probes × drivers and a policy preset, run them (each cell a real run in its own
 * host), watch the heat-map fill cell by cell, cancel, open any cell in the editor, export the report.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { DriverListing, NodeReleases, ProbeListing } from '../../../../electron/common/api/types.ts';
import { MAX_MATRIX_NODES } from '../../../../electron/common/api/contract.ts';
import type { MatrixCell, PolicyPreset } from '../../../../electron/common/matrix/report.ts';
import { MATRIX_MAX_REPEAT } from '../../../../electron/common/matrix/repetitions.ts';
import { HeatMap, Legend } from './HeatMap.tsx';
import { MatrixSetup, type MatrixChoice } from './MatrixSetup.tsx';
import type { MatrixStore } from './store.ts';
import { isInconsistent, isUnstable } from './verdicts.ts';

const CHOICE_KEY = 'workbench.matrix';
const EXPORTS = [
  { format: 'json', label: 'Export JSON' },
  { format: 'md', label: 'Export Markdown' },
  { format: 'html', label: 'Export HTML' },
] as const;

function loadChoice(): Partial<MatrixChoice> {
  try {
    const raw = localStorage.getItem(CHOICE_KEY);
    return raw ? (JSON.parse(raw) as Partial<MatrixChoice>) : {};
  } catch {
    return {};
  }
}

function seconds(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '?' : `${Math.round(ms / 1000)} s`;
}

function download(text: string, mime: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function MatrixPage(props: {
  readonly client: ApiClient;
  readonly store: MatrixStore;
  readonly probes: readonly ProbeListing[];
  readonly drivers: readonly DriverListing[];
  readonly releases?: NodeReleases | undefined;
  readonly onOpenCell: (cell: MatrixCell, policy: PolicyPreset) => void;
}) {
  const { client, store, probes, drivers } = props;
  useSyncExternalStore(store.subscribe, store.getVersion);
  const matrix = store.current;
  const [saved] = useState(loadChoice);
  const [choice, setChoice] = useState<MatrixChoice>({
    probes: saved.probes ?? [],
    drivers: saved.drivers ?? ['worker', 'process'],
    policy: saved.policy === 'hardened' ? 'hardened' : 'default',
    repeat:
      Number.isInteger(saved.repeat) && saved.repeat! >= 1 && saved.repeat! <= MATRIX_MAX_REPEAT ? saved.repeat! : 1,
    nodes: Array.isArray(saved.nodes) ? saved.nodes.slice(0, MAX_MATRIX_NODES) : [],
  });
  const [installing, setInstalling] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Until the library is known, "no saved choice" means every probe.
  const [probesInitialised, setProbesInitialised] = useState(saved.probes !== undefined);
  useEffect(() => {
    if (probesInitialised || probes.length === 0) return;
    setChoice((c) => ({ ...c, probes: probes.map((p) => p.id) }));
    setProbesInitialised(true);
  }, [probes, probesInitialised]);
  useEffect(() => localStorage.setItem(CHOICE_KEY, JSON.stringify(choice)), [choice]);

  const byId = useMemo(() => new Map(probes.map((p) => [p.id, p])), [probes]);
  const known = new Set(probes.map((p) => p.id));
  const available = new Set(drivers.filter((d) => d.available).map((d) => d.id));
  const chosenProbes = choice.probes.filter((id) => known.has(id) || probes.length === 0);
  const chosenDrivers = choice.drivers.filter((id) => available.has(id));
  // A saved release the list no longer offers (another cache, offline) is not asked for.
  const chosenNodes = choice.nodes.filter(
    (v) => !props.releases || props.releases.releases.some((r) => r.version === v),
  );
  const groups = Math.max(chosenNodes.length, 1);
  const cells = chosenProbes.length * chosenDrivers.length * groups;
  const running = matrix?.phase === 'running' || matrix?.phase === 'cancelling' || installing;

  const run = async (): Promise<void> => {
    setError(undefined);
    // Releases not installed yet are installed before the first cell runs (their progress shows above).
    setInstalling(true);
    try {
      const started = await client.call('startMatrix', {
        probes: chosenProbes,
        drivers: chosenDrivers,
        policy: choice.policy,
        repeat: choice.repeat,
        ...(chosenNodes.length > 0 ? { nodes: chosenNodes } : {}),
      });
      store.started(started);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setInstalling(false);
    }
  };
  const cancel = (): void => {
    if (!matrix) return;
    store.cancelling(matrix.id);
    client.call('cancelMatrix', { id: matrix.id }).catch((e: Error) => setError(e.message));
  };
  const exportAs = (format: (typeof EXPORTS)[number]['format']): void => {
    if (!matrix) return;
    client.call('exportMatrix', { id: matrix.id, format }).then(
      (r) => download(r.text, r.mime, r.fileName),
      (e: Error) => setError(e.message),
    );
  };

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    let worse = 0;
    let unstable = 0;
    let inconsistent = 0;
    for (const c of matrix?.cells.values() ?? []) {
      m.set(c.verdict, (m.get(c.verdict) ?? 0) + 1);
      if (c.comparison === 'worse') worse++;
      if (isUnstable(c)) unstable++;
      if (isInconsistent(c)) inconsistent++;
    }
    return { m, worse, unstable, inconsistent };
  }, [matrix]);

  return (
    <div className="matrix-page">
      <section className="panel matrix-setup" aria-label="Matrix setup">
        <h2>Matrix</h2>
        <p className="hint">Every cell is a real run of one probe under one driver, in a host of its own.</p>
        <div className="toolbar">
          <button className="primary" onClick={() => void run()} disabled={running || cells === 0}>
            Run matrix
          </button>
          <button onClick={cancel} disabled={!running || matrix?.phase === 'cancelling'}>
            Cancel
          </button>
        </div>
        <p className="hint">
          {chosenProbes.length} probe(s) × {chosenDrivers.length} driver(s)
          {chosenNodes.length > 0 && ` × ${chosenNodes.length} Node release(s)`} = {cells} cells
        </p>
        <MatrixSetup
          probes={probes}
          drivers={drivers}
          releases={props.releases}
          choice={choice}
          disabled={running}
          onChange={setChoice}
        />
      </section>
      <section
        className="matrix-results"
        aria-label="Matrix results"
        data-state={matrix?.phase ?? 'idle'}
        data-done={matrix?.done ?? 0}
        data-total={matrix?.total ?? 0}
      >
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!matrix ? (
          <p className="empty">
            Choose probes, drivers and a policy, then Run matrix. The heat-map fills as cells finish; click a cell to
            open its probe in the editor under that driver.
          </p>
        ) : (
          <>
            <div className="matrix-status">
              <progress aria-label="Matrix progress" max={Math.max(matrix.total, 1)} value={matrix.done} />
              <span role="status">
                {matrix.done}/{matrix.total} cells
                {matrix.phase === 'running' &&
                  ` · ${seconds(matrix.elapsedMs)} elapsed · about ${seconds(matrix.etaMs)} left`}
                {matrix.phase === 'cancelling' && ' · cancelling…'}
                {matrix.phase === 'cancelled' && ' · cancelled'}
                {matrix.phase === 'done' && ` · done in ${seconds(matrix.elapsedMs)}`}
                {matrix.phase === 'failed' && ` · failed: ${matrix.error ?? ''}`} · policy {matrix.policy}
                {matrix.repeat > 1 && ` · ${matrix.repeat} runs per cell`}
              </span>
              <span className="exports">
                {EXPORTS.map((x) => (
                  <button key={x.format} onClick={() => exportAs(x.format)} disabled={running}>
                    {x.label}
                  </button>
                ))}
              </span>
            </div>
            {counts.inconsistent > 0 && (
              <p className="error" role="alert">
                Workbench error: {counts.inconsistent} cell(s) have a result that contradicts itself (‼) — their figures
                cannot be trusted. Hover a cell for the contradiction.
              </p>
            )}
            <Legend
              counts={counts.m}
              worse={counts.worse}
              unstable={counts.unstable}
              inconsistent={counts.inconsistent}
            />
            <HeatMap matrix={matrix} probes={byId} onOpen={(cell) => props.onOpenCell(cell, matrix.policy)} />
          </>
        )}
      </section>
    </div>
  );
}
