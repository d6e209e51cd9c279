/**
 * The app: a top bar with the page navigation, and its pages. The Workbench page: the probe library on the
 * left, editor and driver panel on top, runs and their live charts below. Run (Ctrl/Cmd+Enter) starts the
 * code under the chosen driver; Stop (Ctrl/Cmd+.) ends the newest running run; Compare starts the same code
 * under 2–4 drivers and shows them side by side. The Matrix page runs probes × drivers into a heat-map whose
 * cells open back into the workbench.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../electron/common/api/client.ts';
import type { DriverListing } from '../../electron/common/api/types.ts';
import { CodeEditor } from './features/editor/CodeEditor.tsx';
import {
  DEFAULT_SETTINGS,
  DriverPanel,
  driverId,
  toRunInput,
  type FieldProblems,
  type RunSettings,
} from './features/drivers/DriverPanel.tsx';
import { memorySettingProblem } from './features/drivers/settings-problem.ts';
import type { RunStore } from './features/runs/store.ts';
import { RunView } from './features/runs/RunView.tsx';
import { runLabels } from './features/runs/run-labels.ts';
import { Charts } from './features/charts/Charts.tsx';
import { HostRuntimeSelect } from './features/settings/HostRuntimeSelect.tsx';
import { useMenuCommands } from './features/settings/useMenuCommands.ts';
import { Nav, type NavPage } from './features/nav/Nav.tsx';
import { ProbeSidebar } from './features/probes/ProbeSidebar.tsx';
import { ProbeInfo } from './features/probes/ProbeInfo.tsx';
import { useProbes } from './features/probes/use-probes.ts';
import { MatrixPage } from './features/matrix/MatrixPage.tsx';
import type { MatrixStore } from './features/matrix/store.ts';
import { HistoryPage } from './features/history/HistoryPage.tsx';
import { panelSettings } from './features/history/request-settings.ts';
import { LessonsPage } from './features/lessons/LessonsPage.tsx';
import { BlastPage, INITIAL_BLAST_STATE, useBlastEvents, type BlastState } from './features/blast/BlastPage.tsx';
import { NodeSelect } from './features/node-versions/NodeSelect.tsx';
import { installText, useNodeReleases } from './features/node-versions/use-node-releases.ts';
import type { Language } from '../../electron/common/run-spec.ts';

type Page = 'workbench' | 'blast' | 'matrix' | 'history' | 'lessons';
/**
 * Runs shown at once (newest first) when Compare has not picked them: two rows of four, i.e. 16 workers
 * charted live (a host and its thread or child each).
 */
const MAX_VISIBLE_RUNS = 8;

/** The top-level pages, in navigation order. */
const PAGES: readonly NavPage<Page>[] = [
  { id: 'workbench', label: 'Workbench', hint: 'Write or open a probe and run it under one or more drivers' },
  {
    id: 'blast',
    label: 'Blast radius',
    hint: 'A crash, an out-of-memory, an exit or a kill next to neighbours: threads of one process, or a process each',
  },
  { id: 'matrix', label: 'Matrix', hint: 'Run probes × drivers and see every verdict in a heat-map' },
  { id: 'history', label: 'History', hint: 'Every stored run: filter, reopen with its charts, compare two, delete' },
  { id: 'lessons', label: 'Lessons', hint: 'Guided steps about isolation, checked against what the app observes' },
];

const CODE_KEY = 'workbench.code';
const SETTINGS_KEY = 'workbench.settings';
/** The Node release of the next run ('' = the default), and of each Compare column by driver. */
const NODE_KEY = 'workbench.node';
const COMPARE_NODES_KEY = 'workbench.compareNodes';
const STARTER = `// Write a script: its last expression is the result. Try reaching a canary:
// process.env.WORKBENCH_CANARY, __hostSecret, canary.txt (../canary.txt from a process guest's jail),
// or a connection to CANARY_PORT.
console.log('hello from', typeof process === 'object' ? process.version : 'a sandbox');
1 + 1
`;

function load<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? ({ ...fallback, ...(JSON.parse(raw) as object) } as T) : fallback;
  } catch {
    return fallback;
  }
}

export function App(props: { client: ApiClient; store: RunStore; matrixStore: MatrixStore }) {
  const { client, store } = props;
  const [page, setPage] = useState<Page>('workbench');
  const [blast, setBlast] = useState<BlastState>(INITIAL_BLAST_STATE);
  const [fieldProblems, setFieldProblems] = useState<FieldProblems>({ timeout: undefined, memory: undefined });
  const onFieldProblem = useCallback(
    (field: keyof FieldProblems, problem: string | undefined) =>
      setFieldProblems((p) => (p[field] === problem ? p : { ...p, [field]: problem })),
    [],
  );
  useBlastEvents(client, setBlast);
  const [code, setCode] = useState(() => localStorage.getItem(CODE_KEY) ?? STARTER);
  const [language, setLanguage] = useState<Language>('js');
  const [settings, setSettings] = useState<RunSettings>(() => load(SETTINGS_KEY, DEFAULT_SETTINGS));
  const [drivers, setDrivers] = useState<readonly DriverListing[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [compare, setCompare] = useState<string[]>(['worker', 'process']);
  const [runNode, setRunNode] = useState(() => localStorage.getItem(NODE_KEY) ?? '');
  const [compareNodes, setCompareNodes] = useState<Readonly<Record<string, string>>>(() =>
    load<Record<string, string>>(COMPARE_NODES_KEY, {}),
  );
  const nodeReleases = useNodeReleases(client);
  const defaultNode = nodeReleases.releases?.defaultVersion;
  /** The drivers as they are on the chosen release: the driver panel's capabilities follow the Node select. */
  const [panelDrivers, setPanelDrivers] = useState<readonly DriverListing[]>([]);
  /** After Compare, the runs it started are the ones shown side by side. */
  const [focus, setFocus] = useState<string[] | undefined>();
  const [theme, setTheme] = useState<'dark' | 'light'>(() =>
    localStorage.getItem('workbench.theme') === 'light' ? 'light' : 'dark',
  );
  useSyncExternalStore(store.subscribe, store.getVersion);
  const runs = store.runs;

  const reloadDrivers = useCallback(
    () => void client.call('listDrivers', {}).then(setDrivers, (e: Error) => setError(e.message)),
    [client],
  );
  useEffect(reloadDrivers, [reloadDrivers]);
  useEffect(() => {
    if (runNode === '') {
      setPanelDrivers(drivers);
      return;
    }
    let current = true;
    client.call('listDrivers', { node: runNode }).then(
      (list) => current && setPanelDrivers(list),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [client, runNode, drivers]);
  useEffect(() => localStorage.setItem(NODE_KEY, runNode), [runNode]);
  useEffect(() => localStorage.setItem(COMPARE_NODES_KEY, JSON.stringify(compareNodes)), [compareNodes]);
  const applyProbe = useCallback((text: string, lang: Language, change: (s: RunSettings) => RunSettings) => {
    setCode(text);
    setLanguage(lang);
    setSettings(change);
  }, []);
  const probes = useProbes(client, drivers, applyProbe, setError);
  /** A stored run or a lesson step back in the editor and driver panel, on the Workbench page. */
  const openInWorkbench = (text: string, lang: Language, next: RunSettings): void => {
    applyProbe(text, lang, () => next);
    probes.closeProbe();
    setPage('workbench');
  };
  useEffect(() => localStorage.setItem(CODE_KEY, code), [code]);
  useEffect(() => localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)), [settings]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('workbench.theme', theme);
  }, [theme]);

  const start = useCallback(
    async (driver: string, node: string): Promise<string | undefined> => {
      setError(undefined);
      // A limit field whose text is not a value: the field says why; nothing starts with an older value.
      const fieldProblem = fieldProblems.timeout ?? fieldProblems.memory;
      if (fieldProblem) {
        setError(fieldProblem);
        return undefined;
      }
      // Refused here, beside the form, in the engine's words: never started to fail.
      const problem = memorySettingProblem(settings, drivers, driver);
      if (problem) {
        setError(`${driver}: ${problem}`);
        return undefined;
      }
      try {
        // A release not installed yet is installed first: the call returns once it is (nodeInstall events show how far).
        const input = { ...toRunInput(code, language, settings, driver), ...(node ? { node } : {}) };
        const started = await client.call('startRun', input);
        store.started(started.id, started.driver, input.limits.memoryMb, node || undefined);
        return started.id;
      } catch (e) {
        setError(`${driver}${node ? ` on Node ${node}` : ''}: ${(e as Error).message}`);
        return undefined;
      }
    },
    [client, code, language, settings, store, drivers, fieldProblems],
  );
  const run = useCallback(() => {
    setFocus(undefined);
    void start(driverId(settings), runNode);
  }, [start, settings, runNode]);
  const stopNewest = useCallback(() => {
    const running = store.runs.find((r) => !r.result);
    if (running) void client.call('stopRun', { id: running.id });
  }, [client, store]);
  const runCompare = useCallback(() => {
    void Promise.all(compare.slice(0, 4).map((d) => start(d, compareNodes[d] ?? ''))).then((ids) =>
      setFocus(ids.filter((id): id is string => id !== undefined)),
    );
  }, [compare, compareNodes, start]);

  useMenuCommands(client, { run, stop: stopNewest, compare: runCompare });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        run();
      } else if (e.key === '.') {
        e.preventDefault();
        stopNewest();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, stopNewest]);

  const visible = useMemo(() => {
    const focused = focus ? runs.filter((r) => focus.includes(r.id)) : [];
    return focused.length > 0 ? focused : runs.slice(0, MAX_VISIBLE_RUNS);
  }, [runs, focus]);
  // Runs of one driver on different releases are told apart by their release.
  const labels = useMemo(
    () => runLabels(visible.map((r) => ({ id: r.id, driver: r.node ? `${r.driver} · Node ${r.node}` : r.driver }))),
    [visible],
  );
  const available = drivers.filter((d) => d.available);
  const runProblem =
    fieldProblems.timeout ?? fieldProblems.memory ?? memorySettingProblem(settings, panelDrivers, driverId(settings));
  const compareText = compare.map((d) => (compareNodes[d] ? `${d}@${compareNodes[d]}` : d)).join(', ');
  return (
    <div className="app">
      <header className="topbar">
        <h1>Sandbox Workbench</h1>
        <Nav pages={PAGES} current={page} onChange={setPage} />
        {/* The editor's controls: shown on the Workbench page only. */}
        <span className="page-controls" hidden={page !== 'workbench'}>
          <button
            className="primary"
            onClick={run}
            disabled={runProblem !== undefined}
            title={runProblem ?? 'Ctrl/Cmd+Enter'}
          >
            Run
          </button>
          <button onClick={stopNewest} disabled={!runs.some((r) => !r.result)} title="Ctrl/Cmd+.">
            Stop
          </button>
          <span className="compare">
            <button
              onClick={runCompare}
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
            <select aria-label="Language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              <option value="js">JavaScript</option>
              <option value="ts">TypeScript</option>
            </select>
          </label>
        </span>
        <HostRuntimeSelect client={client} onChanged={reloadDrivers} />
        <button
          className="small theme"
          aria-label={`${theme === 'dark' ? 'Light' : 'Dark'} theme`}
          title={`${theme === 'dark' ? 'Light' : 'Dark'} theme`}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      {error && (
        <p className="error banner" role="alert">
          {error}
        </p>
      )}
      {nodeReleases.installs.map((i) => (
        <p key={i.spec} className="banner node-install" role="status" aria-label={`Installing Node ${i.spec}`}>
          {installText(i)}{' '}
          {i.phase === 'download' && (
            <progress
              aria-label={`Download of Node ${i.version ?? i.spec}`}
              {...(i.totalBytes ? { max: i.totalBytes, value: i.receivedBytes ?? 0 } : {})}
            />
          )}
        </p>
      ))}
      <div className="page workbench-page" hidden={page !== 'workbench'}>
        <ProbeSidebar
          probes={probes.probes}
          openId={probes.open?.probe.id}
          onOpen={(id) => void probes.openProbe(id)}
          {...(probes.listError ? { error: probes.listError } : {})}
        />
        <div className="work">
          <p className="newcomer hint">
            New here? Crash one thread next to others, then one process next to others, side by side:{' '}
            <button className="link" onClick={() => setPage('blast')} title="Opens the Blast radius page">
              see which neighbours survive
            </button>
            .
          </p>
          {probes.open && (
            <ProbeInfo
              probe={probes.open.probe}
              driver={driverId(settings)}
              note={
                probes.open.noteFor === undefined || probes.open.noteFor === driverId(settings)
                  ? probes.open.note
                  : undefined
              }
              onClose={probes.closeProbe}
            />
          )}
          <div className="workspace">
            <div className="editor">
              <CodeEditor
                value={code}
                language={language === 'ts' ? 'typescript' : 'javascript'}
                theme={theme}
                onChange={setCode}
                onRun={run}
                onStop={stopNewest}
              />
            </div>
          </div>
          {runs.length === 0 ? (
            <section className="empty">
              <p>
                Pick a boundary and an evaluator, then press Run (Ctrl/Cmd+Enter). Compare runs the same code under
                several drivers side by side. Or open a probe from the library on the left: a documented escape attempt,
                explained.
              </p>
            </section>
          ) : (
            <>
              {/* What happened first (status, result, verdict), right under the editor; the charts below it. */}
              <div
                className="runs"
                style={{ gridTemplateColumns: `repeat(${Math.min(visible.length, 4)}, minmax(0, 1fr))` }}
              >
                {visible.map((r) => (
                  <RunView
                    key={r.id}
                    run={r}
                    label={labels.get(r.id) ?? r.driver}
                    {...(defaultNode ? { defaultNode } : {})}
                    onStop={() => void client.call('stopRun', { id: r.id })}
                    onClear={() => store.clearOutput(r.id)}
                    onClose={() => store.remove(r.id)}
                  />
                ))}
              </div>
              <Charts runs={visible} labels={labels} />
            </>
          )}
        </div>
        {/* A column of its own, the window's height: every field shows without the panel scrolling by itself
            beside a short editor. Only while shown: its Boundary select must be the only one on the page (the
            Blast radius page has one too); its settings are the app's. */}
        {page === 'workbench' && (
          <div className="driver-column">
            <DriverPanel
              drivers={panelDrivers}
              settings={settings}
              onChange={setSettings}
              onFieldProblem={onFieldProblem}
              nodeControl={
                <label className="inline-field">
                  Node
                  <NodeSelect label="Node" releases={nodeReleases.releases} value={runNode} onChange={setRunNode} />
                </label>
              }
              {...(runNode && nodeReleases.releases?.releases.some((r) => r.version === runNode && !r.installed)
                ? {
                    nodeNote: `Node ${runNode} is not installed yet: the first run downloads it (~${nodeReleases.releases.downloadMb} MB), then it is reused.`,
                  }
                : {})}
            />
          </div>
        )}
      </div>
      {/* Rendered only while shown: its Boundary select must not stand beside the driver panel's. Its state is
          the app's, so it survives a visit elsewhere. */}
      {page === 'blast' && (
        <div className="page">
          <BlastPage client={client} code={code} state={blast} onState={setBlast} />
        </div>
      )}
      <div className="page" hidden={page !== 'matrix'}>
        <MatrixPage
          client={client}
          store={props.matrixStore}
          probes={probes.probes}
          drivers={drivers}
          releases={nodeReleases.releases}
          onOpenCell={(cell, policy) => {
            setPage('workbench');
            // A column of a matrix over releases is `driver@release`: the release goes to the Node select.
            const [driver = cell.driver, release] = cell.driver.split('@');
            setRunNode(release === undefined || release === defaultNode ? '' : release);
            void probes.openProbe(cell.probe, {
              driver,
              policy,
              verdict: cell.verdict,
              detail: cell.detail,
            });
          }}
        />
      </div>
      <div className="page" hidden={page !== 'history'}>
        <HistoryPage
          client={client}
          drivers={drivers}
          active={page === 'history'}
          onOpenInEditor={(r) => {
            // The release it ran on, when it was not the default.
            const ranOn = r.result?.node;
            setRunNode(ranOn === undefined || ranOn === defaultNode ? '' : ranOn);
            openInWorkbench(
              r.code,
              r.language,
              panelSettings(r.driver, r.request.limits, r.request.policy, r.request.sampleHz).settings,
            );
          }}
        />
      </div>
      <div className="page" hidden={page !== 'lessons'}>
        <LessonsPage
          client={client}
          store={store}
          drivers={drivers}
          onLoadStep={openInWorkbench}
          blast={blast}
          onBlastState={setBlast}
        />
      </div>
    </div>
  );
}
