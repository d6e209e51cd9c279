/**
 * The workbench: editor and driver panel on top, runs and their live charts below. Run (Ctrl/Cmd+Enter)
 * starts the code under the chosen driver; Stop (Ctrl/Cmd+.) ends the newest running run; Compare starts
 * the same code under 2–4 drivers and shows them side by side.
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
  type RunSettings,
} from './features/drivers/DriverPanel.tsx';
import type { RunStore } from './features/runs/store.ts';
import { RunView } from './features/runs/RunView.tsx';
import { Charts } from './features/charts/Charts.tsx';

const CODE_KEY = 'workbench.code';
const SETTINGS_KEY = 'workbench.settings';
const STARTER = `// Write a script: its last expression is the result. Try reaching a canary:
// process.env.WORKBENCH_CANARY, __hostSecret, ../canary.txt, or a connection to CANARY_PORT.
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

export function App(props: { client: ApiClient; store: RunStore }) {
  const { client, store } = props;
  const [code, setCode] = useState(() => localStorage.getItem(CODE_KEY) ?? STARTER);
  const [language, setLanguage] = useState<'js' | 'ts'>('js');
  const [settings, setSettings] = useState<RunSettings>(() => load(SETTINGS_KEY, DEFAULT_SETTINGS));
  const [drivers, setDrivers] = useState<readonly DriverListing[]>([]);
  const [runtime, setRuntime] = useState<string>('');
  const [error, setError] = useState<string | undefined>();
  const [compare, setCompare] = useState<string[]>(['worker', 'process']);
  /** After Compare, the runs it started are the ones shown side by side. */
  const [focus, setFocus] = useState<string[] | undefined>();
  const [theme, setTheme] = useState<'dark' | 'light'>(() =>
    localStorage.getItem('workbench.theme') === 'light' ? 'light' : 'dark',
  );
  useSyncExternalStore(store.subscribe, store.getVersion);
  const runs = store.runs;

  useEffect(() => void client.call('listDrivers', {}).then(setDrivers, (e: Error) => setError(e.message)), [client]);
  useEffect(
    () =>
      void client.call('info', {}).then(
        (i) => setRuntime(`hosts on Node ${i.node} · ${i.mode} mode`),
        () => undefined,
      ),
    [client],
  );
  useEffect(() => localStorage.setItem(CODE_KEY, code), [code]);
  useEffect(() => localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)), [settings]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('workbench.theme', theme);
  }, [theme]);

  const start = useCallback(
    async (driver: string): Promise<string | undefined> => {
      setError(undefined);
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
    [client, code, language, settings, store],
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
    return focused.length > 0 ? focused : runs.slice(0, 4);
  }, [runs, focus]);
  const available = drivers.filter((d) => d.available);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Sandbox Workbench</h1>
        <button className="primary" onClick={run} title="Ctrl/Cmd+Enter">
          Run
        </button>
        <button onClick={stopNewest} disabled={!runs.some((r) => !r.result)} title="Ctrl/Cmd+.">
          Stop
        </button>
        <span className="compare">
          <button onClick={runCompare} disabled={compare.length < 2}>
            Compare
          </button>
          <details>
            <summary>{compare.length ? compare.join(', ') : 'choose 2–4 drivers'}</summary>
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
        <span className="mute runtime" title="The Node that runs hosts: isolated-vm needs a real Node ≥ 24">
          {runtime}
        </span>
        <button className="small" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {theme === 'dark' ? 'Light' : 'Dark'} theme
        </button>
      </header>
      {error && (
        <p className="error banner" role="alert">
          {error}
        </p>
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
        <DriverPanel drivers={drivers} settings={settings} onChange={setSettings} />
      </div>
      {runs.length === 0 ? (
        <section className="empty">
          <p>
            Pick a boundary and an evaluator, then press Run (Ctrl/Cmd+Enter). Compare runs the same code under several
            drivers side by side.
          </p>
        </section>
      ) : (
        <>
          <Charts runs={visible} />
          <div
            className="runs"
            style={{ gridTemplateColumns: `repeat(${Math.min(visible.length, 4)}, minmax(0, 1fr))` }}
          >
            {visible.map((r) => (
              <RunView
                key={r.id}
                run={r}
                onStop={() => void client.call('stopRun', { id: r.id })}
                onClear={() => store.clearOutput(r.id)}
                onClose={() => store.remove(r.id)}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
