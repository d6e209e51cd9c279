/**
 * The Workbench page: the probe library on the left, the editor with the runs (status, result, verdict first)
 * and their live charts below it, and the driver panel in a column of its own, as tall as the window.
 */
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import { CodeEditor } from '../editor/CodeEditor.tsx';
import { DriverPanel } from '../drivers/DriverPanel.tsx';
import { driverId } from '../drivers/run-settings.ts';
import type { RunStore } from '../runs/store.ts';
import { RunView } from '../runs/RunView.tsx';
import { Charts } from '../charts/Charts.tsx';
import { ProbeSidebar } from '../probes/ProbeSidebar.tsx';
import { ProbeInfo } from '../probes/ProbeInfo.tsx';
import type { useProbes } from '../probes/use-probes.ts';
import { NodeSelect } from '../node-versions/NodeSelect.tsx';
import type { NodeReleasesState } from '../node-versions/use-node-releases.ts';
import type { Workbench } from './use-workbench.ts';

export function WorkbenchPage(props: {
  readonly client: ApiClient;
  readonly store: RunStore;
  readonly wb: Workbench;
  readonly probes: ReturnType<typeof useProbes>;
  readonly nodeReleases: NodeReleasesState;
  readonly theme: 'dark' | 'light';
  /** Whether the page is the one shown (its driver panel exists only then). */
  readonly shown: boolean;
  readonly onOpenBlast: () => void;
}) {
  const { client, store, wb, probes, nodeReleases } = props;
  const { settings, visible, labels, runNode } = wb;
  const defaultNode = nodeReleases.releases?.defaultVersion;
  return (
    <div className="page workbench-page" hidden={!props.shown}>
      <ProbeSidebar
        probes={probes.probes}
        openId={probes.open?.probe.id}
        onOpen={(id) => void probes.openProbe(id)}
        {...(probes.listError ? { error: probes.listError } : {})}
      />
      <div className="work">
        <p className="newcomer hint">
          New here? Crash one thread next to others, then one process next to others, side by side:{' '}
          <button className="link" onClick={props.onOpenBlast} title="Opens the Blast radius page">
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
              value={wb.code}
              language={wb.language === 'ts' ? 'typescript' : 'javascript'}
              theme={props.theme}
              onChange={wb.setCode}
              onRun={wb.run}
              onStop={wb.stopNewest}
            />
          </div>
        </div>
        {wb.runs.length === 0 ? (
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
      {props.shown && (
        <div className="driver-column">
          <DriverPanel
            drivers={wb.panelDrivers}
            settings={settings}
            onChange={wb.setSettings}
            onFieldProblem={wb.onFieldProblem}
            nodeControl={
              <label className="inline-field">
                Node
                <NodeSelect label="Node" releases={nodeReleases.releases} value={runNode} onChange={wb.setRunNode} />
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
  );
}
