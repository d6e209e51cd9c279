/**
 * The app: a top bar with the page navigation (and the Workbench page's controls), and its pages. The
 * Workbench's state lives in useWorkbench (features/workbench), held here because other pages put code and
 * settings back into it: a lesson step, a stored run, a matrix cell. The Matrix page runs probes × drivers into
 * a heat-map whose cells open back into the workbench.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../electron/common/api/client.ts';
import type { RunSettings } from './features/drivers/run-settings.ts';
import type { RunStore } from './features/runs/store.ts';
import { HostRuntimeSelect } from './features/settings/HostRuntimeSelect.tsx';
import { useMenuCommands } from './features/settings/useMenuCommands.ts';
import { Nav, type NavPage } from './features/nav/Nav.tsx';
import { useProbes } from './features/probes/use-probes.ts';
import { MatrixPage } from './features/matrix/MatrixPage.tsx';
import type { MatrixStore } from './features/matrix/store.ts';
import { HistoryPage } from './features/history/HistoryPage.tsx';
import { panelSettings } from './features/drivers/run-settings.ts';
import { LessonsPage } from './features/lessons/LessonsPage.tsx';
import { BlastPage, INITIAL_BLAST_STATE, useBlastEvents, type BlastState } from './features/blast/BlastPage.tsx';
import { installText, useNodeReleases } from './features/node-versions/use-node-releases.ts';
import { useWorkbench } from './features/workbench/use-workbench.ts';
import { WorkbenchControls } from './features/workbench/WorkbenchControls.tsx';
import { WorkbenchPage } from './features/workbench/WorkbenchPage.tsx';
import type { Language } from '../../electron/common/run/run-spec.ts';

type Page = 'workbench' | 'blast' | 'matrix' | 'history' | 'lessons';

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

export function App(props: { client: ApiClient; store: RunStore; matrixStore: MatrixStore }) {
  const { client, store } = props;
  const [page, setPage] = useState<Page>('workbench');
  const [blast, setBlast] = useState<BlastState>(INITIAL_BLAST_STATE);
  useBlastEvents(client, setBlast);
  const [error, setError] = useState<string | undefined>();
  const wb = useWorkbench(client, store, setError);
  const nodeReleases = useNodeReleases(client);
  const defaultNode = nodeReleases.releases?.defaultVersion;
  const [theme, setTheme] = useState<'dark' | 'light'>(() =>
    localStorage.getItem('workbench.theme') === 'light' ? 'light' : 'dark',
  );
  const { apply } = wb;
  const probes = useProbes(client, wb.drivers, apply, setError);
  /** A stored run or a lesson step back in the editor and driver panel, on the Workbench page. */
  const openInWorkbench = useCallback(
    (text: string, lang: Language, next: RunSettings): void => {
      apply(text, lang, () => next);
      probes.closeProbe();
      setPage('workbench');
    },
    [apply, probes],
  );
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('workbench.theme', theme);
  }, [theme]);
  useMenuCommands(client, { run: wb.run, stop: wb.stopNewest, compare: wb.runCompare });

  return (
    <div className="app">
      <header className="topbar">
        <h1>Sandbox Workbench</h1>
        <Nav pages={PAGES} current={page} onChange={setPage} />
        {/* The editor's controls: shown on the Workbench page only. */}
        <WorkbenchControls wb={wb} nodeReleases={nodeReleases} hidden={page !== 'workbench'} />
        <HostRuntimeSelect client={client} onChanged={wb.reloadDrivers} />
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
      <WorkbenchPage
        client={client}
        store={store}
        wb={wb}
        probes={probes}
        nodeReleases={nodeReleases}
        theme={theme}
        shown={page === 'workbench'}
        onOpenBlast={() => setPage('blast')}
      />
      {/* Rendered only while shown: its Boundary select must not stand beside the driver panel's. Its state is
          the app's, so it survives a visit elsewhere. */}
      {page === 'blast' && (
        <div className="page">
          <BlastPage client={client} code={wb.code} state={blast} onState={setBlast} />
        </div>
      )}
      <div className="page" hidden={page !== 'matrix'}>
        <MatrixPage
          client={client}
          store={props.matrixStore}
          probes={probes.probes}
          drivers={wb.drivers}
          releases={nodeReleases.releases}
          onOpenCell={(cell, policy) => {
            setPage('workbench');
            // A column of a matrix over releases is `driver@release`: the release goes to the Node select.
            const [driver = cell.driver, release] = cell.driver.split('@');
            wb.setRunNode(release === undefined || release === defaultNode ? '' : release);
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
          drivers={wb.drivers}
          active={page === 'history'}
          onOpenInEditor={(r) => {
            // The release it ran on, when it was not the default.
            const ranOn = r.result?.node;
            wb.setRunNode(ranOn === undefined || ranOn === defaultNode ? '' : ranOn);
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
          drivers={wb.drivers}
          onLoadStep={openInWorkbench}
          blast={blast}
          onBlastState={setBlast}
        />
      </div>
    </div>
  );
}
