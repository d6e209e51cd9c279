/**
 * The Workbench page's state and what can be done with it: the code and its language, the driver panel's
 * settings (remembered), the Node release of the next run and of each Compare column, the drivers as they are
 * on that release, and Run / Stop / Compare. Other pages put code and settings back here (a lesson step, a
 * stored run, a matrix cell), so App holds one of these for the whole app.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { DriverListing } from '../../../../electron/common/api/types.ts';
import type { Language } from '../../../../electron/common/run/run-spec.ts';
import type { FieldProblems } from '../drivers/DriverPanel.tsx';
import { DEFAULT_SETTINGS, driverId, toRunInput, type RunSettings } from '../drivers/run-settings.ts';
import { memorySettingProblem } from '../drivers/settings-problem.ts';
import type { RunState, RunStore } from '../runs/store.ts';
import { runLabels } from '../runs/run-labels.ts';
import { useShortcuts } from './use-shortcuts.ts';

/**
 * Runs shown at once (newest first) when Compare has not picked them: two rows of four, i.e. 16 workers
 * charted live (a host and its thread or child each).
 */
const MAX_VISIBLE_RUNS = 8;

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

export function useWorkbench(client: ApiClient, store: RunStore, setError: (error: string | undefined) => void) {
  const [fieldProblems, setFieldProblems] = useState<FieldProblems>({ timeout: undefined, memory: undefined });
  const onFieldProblem = useCallback(
    (field: keyof FieldProblems, problem: string | undefined) =>
      setFieldProblems((p) => (p[field] === problem ? p : { ...p, [field]: problem })),
    [],
  );
  const [code, setCode] = useState(() => localStorage.getItem(CODE_KEY) ?? STARTER);
  const [language, setLanguage] = useState<Language>('js');
  const [settings, setSettings] = useState<RunSettings>(() => load(SETTINGS_KEY, DEFAULT_SETTINGS));
  const [drivers, setDrivers] = useState<readonly DriverListing[]>([]);
  const [compare, setCompare] = useState<string[]>(['worker', 'process']);
  const [runNode, setRunNode] = useState(() => localStorage.getItem(NODE_KEY) ?? '');
  const [compareNodes, setCompareNodes] = useState<Readonly<Record<string, string>>>(() =>
    load<Record<string, string>>(COMPARE_NODES_KEY, {}),
  );
  /** The drivers as they are on the chosen release: the driver panel's capabilities follow the Node select. */
  const [panelDrivers, setPanelDrivers] = useState<readonly DriverListing[]>([]);
  /** After Compare, the runs it started are the ones shown side by side. */
  const [focus, setFocus] = useState<string[] | undefined>();
  useSyncExternalStore(store.subscribe, store.getVersion);
  const runs = store.runs;

  const reloadDrivers = useCallback(
    () => void client.call('listDrivers', {}).then(setDrivers, (e: Error) => setError(e.message)),
    [client, setError],
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
  }, [client, runNode, drivers, setError]);
  useEffect(() => localStorage.setItem(NODE_KEY, runNode), [runNode]);
  useEffect(() => localStorage.setItem(COMPARE_NODES_KEY, JSON.stringify(compareNodes)), [compareNodes]);
  useEffect(() => localStorage.setItem(CODE_KEY, code), [code]);
  useEffect(() => localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)), [settings]);

  /** Code, language and settings into the editor and driver panel (a probe, a lesson step, a stored run). */
  const apply = useCallback((text: string, lang: Language, change: (s: RunSettings) => RunSettings) => {
    setCode(text);
    setLanguage(lang);
    setSettings(change);
  }, []);

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
    [client, code, language, settings, store, drivers, fieldProblems, setError],
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
  useShortcuts({ run, stop: stopNewest });

  const visible: readonly RunState[] = useMemo(() => {
    const focused = focus ? runs.filter((r) => focus.includes(r.id)) : [];
    return focused.length > 0 ? focused : runs.slice(0, MAX_VISIBLE_RUNS);
  }, [runs, focus]);
  // Runs of one driver on different releases are told apart by their release.
  const labels = useMemo(
    () => runLabels(visible.map((r) => ({ id: r.id, driver: r.node ? `${r.driver} · Node ${r.node}` : r.driver }))),
    [visible],
  );
  const runProblem =
    fieldProblems.timeout ?? fieldProblems.memory ?? memorySettingProblem(settings, panelDrivers, driverId(settings));

  return {
    code,
    setCode,
    language,
    setLanguage,
    settings,
    setSettings,
    drivers,
    panelDrivers,
    reloadDrivers,
    fieldProblems,
    onFieldProblem,
    compare,
    setCompare,
    compareNodes,
    setCompareNodes,
    runNode,
    setRunNode,
    runs,
    visible,
    labels,
    runProblem,
    apply,
    run,
    stopNewest,
    runCompare,
  };
}

export type Workbench = ReturnType<typeof useWorkbench>;
