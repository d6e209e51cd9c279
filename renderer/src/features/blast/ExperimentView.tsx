/**
 * One blast-radius experiment as it stands: each neighbour's state as text, the summary line, the culprit's end,
 * notes, live charts and the culprit's output. Shown by the Blast radius page and by a lesson's experiment.
 */
import type { Experiment } from './BlastPage.tsx';
import { BlastCharts } from './BlastCharts.tsx';
import type { BlastBoundary } from '../../../../electron/common/blast/blast.ts';

const BOUNDARY_LABEL: Readonly<Record<BlastBoundary, string>> = { worker: 'thread', process: 'process' };

export function ExperimentView(props: { readonly experiment: Experiment; readonly alone: boolean }) {
  const { experiment: e, alone } = props;
  const label = BOUNDARY_LABEL[e.boundary];
  const r = e.result;
  return (
    <section className="panel blast-experiment" aria-label={`Experiment: ${label}`} data-boundary={e.boundary}>
      <h3>
        {label === 'thread' ? 'Threads of one process' : 'One child process each'}{' '}
        <span className="status" data-state={e.ended ? 'done' : 'running'}>
          {e.ended ? 'done' : 'running…'}
        </span>
      </h3>
      {e.error && (
        <p className="error" role="alert">
          {e.error}
        </p>
      )}
      <section className="neighbours" aria-label={alone ? 'Neighbours' : `Neighbours (${label})`}>
        <ul>
          {(r?.neighbours ?? []).map((n) => (
            <li key={n.id} data-state={n.state}>
              <span className={`dot ${n.state}`} aria-hidden="true" /> {n.id}: {n.state}{' '}
              <span className="hint">({n.beats} beats)</span>
            </li>
          ))}
        </ul>
      </section>
      {r && (
        <>
          <p className="blast-summary" role="status">
            neighbours lost: {r.lost} of {r.total}
          </p>
          <p>
            culprit: {r.culprit.state}
            {r.culprit.how ? ` (${r.culprit.how})` : ''}
            {e.boundary === 'worker' ? ` · the process: ${r.processEnd ?? 'running'}` : ''}
          </p>
          {r.notes.map((n) => (
            <p key={n} className="hint">
              {n}
            </p>
          ))}
        </>
      )}
      <BlastCharts
        samples={e.samples}
        boundaryLabel={label}
        misbehaviourAtMs={r?.misbehaviourAtMs}
        durationMs={r?.durationMs}
      />
      {e.output && <pre className="blast-output">{e.output}</pre>}
    </section>
  );
}
