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
  const [language, setLanguage] = useState<'js' | 'ts'>('js');
  const [settings, setSettings] = useState<RunSettings>(() => load(SETTINGS_KEY, DEFAULT_SETTINGS));
  const [drivers, setDrivers] = useState<readonly DriverListing[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [compare, setCompare] = useState<string[]>(['worker', 'process']);
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
  const applyProbe = useCallback((text: string, lang: 'js' | 'ts', change: (s: RunSettings) => RunSettings) => {
    setCode(text);
    setLanguage(lang);
    setSettings(change);
  }, []);
  const probes = useProbes(client, drivers, applyProbe, setError);
  /** A stored run or a lesson step back in the editor and driver panel, on the Workbench page. */
  const openInWorkbench = (text: string, lang: 'js' | 'ts', next: RunSettings): void => {
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
    async (driver: string): Promise<string | undefined> => {
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
        const input = toRunInput(code, language, settings, driver);
        const started = await client.call('startRun', input);
        store.started(started.id, started.driver, input.limits.memoryMb);
        return started.id;
      } catch (e) {
        setError(`${driver}: ${(e as Error).message}`);
        return undefined;
      }
    },
    [client, code, language, settings, store, drivers, fieldProblems],
  );
  const run = useCallback(() => {
    setFocus(undefined);
    void start(driverId(settings));
  }, [start, settings]);
  const stopNewest = useCallback(() => {
    const running = store.runs.find((r) => !r.result);
    if (running) void client.call('stopRun', { id: running.id });
  }, [client, store]);
  const runCompare = useCallback(() => {
    void Promise.all(compare.slice(0, 4).map((d) => start(d))).then((ids) =>
      setFocus(ids.filter((id): id is string => id !== undefined)),
    );
  }, [compare, start]);

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
  const labels = useMemo(() => runLabels(visible), [visible]);
  const available = drivers.filter((d) => d.available);
  const runProblem =
    fieldProblems.timeout ?? fieldProblems.memory ?? memorySettingProblem(settings, drivers, driverId(settings));
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
              <summary title={compare.join(', ')}>
                {compare.length === 0
                  ? 'choose 2–4 drivers'
                  : compare.length <= 2
                    ? compare.join(', ')
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
              </fieldset>
            </details>
          </span>
          <label className="lang">
            <select aria-label="Language" value={language} onChange={(e) => setLanguage(e.target.value as 'js' | 'ts')}>
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
            <DriverPanel drivers={drivers} settings={settings} onChange={setSettings} onFieldProblem={onFieldProblem} />
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
          onOpenCell={(cell, policy) => {
            setPage('workbench');
            void probes.openProbe(cell.probe, {
              driver: cell.driver,
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
          onOpenInEditor={(r) =>
            openInWorkbench(
              r.code,
              r.language,
              panelSettings(r.driver, r.request.limits, r.request.policy, r.request.sampleHz).settings,
            )
          }
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
