/**
 * The Blast radius page: the user's code (or a chosen misbehaviour) runs next to N neighbours doing steady
 * work — as worker threads of one process, or as one child process each, or both side by side — and each
 * neighbour's state is shown as it is observed (electron/engine/blast.ts). A real experiment: what the page
 * shows is what happened to those threads and processes.
 */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import {
  DEFAULT_NEIGHBOURS,
  MAX_NEIGHBOURS,
  MIN_NEIGHBOURS,
  MISBEHAVIOURS,
  MISBEHAVIOUR_TEXT,
  type BlastBoundary,
  type BlastResult,
  type BlastSample,
  type Misbehaviour,
} from '../../../../electron/common/blast/blast.ts';
import { ExperimentView } from './ExperimentView.tsx';
import { MAX_BLAST_SAMPLES } from './blast-rows.ts';

export type BoundaryChoice = BlastBoundary | 'both';

export interface Experiment {
  readonly boundary: BlastBoundary;
  readonly id?: string;
  readonly result?: BlastResult;
  readonly ended: boolean;
  readonly output: string;
  /** Live readings of its members, for the charts (the latest MAX_BLAST_SAMPLES). */
  readonly samples: readonly BlastSample[];
  readonly error?: string;
}

/** What the page shows, kept by the app so it survives a visit to another page. */
export interface BlastState {
  readonly boundary: BoundaryChoice;
  readonly misbehaviour: Misbehaviour | 'code';
  readonly neighbours: string;
  readonly experiments: readonly Experiment[];
  /** Who started the experiments shown: a lesson's experiment (its key), or the page itself (undefined). */
  readonly origin?: string | undefined;
}

export const INITIAL_BLAST_STATE: BlastState = {
  boundary: 'both',
  misbehaviour: 'crash',
  neighbours: String(DEFAULT_NEIGHBOURS),
  experiments: [],
};

const OUTPUT_CHARS = 8000;

/**
 * Start the experiments of one choice (both boundaries side by side, or one) and put them in the page's state,
 * each with its id once the engine has it. Used by the page and by a lesson's experiment (`origin` says whose).
 */
export async function startExperiments(
  client: ApiClient,
  choice: {
    readonly boundary: BoundaryChoice;
    readonly misbehaviour: Misbehaviour | 'code';
    readonly neighbours: number;
    readonly code?: string;
    readonly origin?: string;
  },
  onState: (update: (s: BlastState) => BlastState) => void,
): Promise<void> {
  const boundaries: BlastBoundary[] = choice.boundary === 'both' ? ['worker', 'process'] : [choice.boundary];
  onState((s) => ({
    ...s,
    boundary: choice.boundary,
    misbehaviour: choice.misbehaviour,
    neighbours: String(choice.neighbours),
    experiments: boundaries.map((b) => ({ boundary: b, ended: false, output: '', samples: [] })),
    ...(choice.origin !== undefined ? { origin: choice.origin } : { origin: undefined }),
  }));
  await Promise.all(
    boundaries.map(async (boundary) => {
      try {
        const { id } = await client.call('startBlast', {
          boundary,
          misbehaviour: choice.misbehaviour,
          neighbours: choice.neighbours,
          ...(choice.misbehaviour === 'code' ? { code: choice.code ?? '' } : {}),
        });
        onState((s) => ({
          ...s,
          experiments: s.experiments.map((e) => (e.boundary === boundary && !e.id ? { ...e, id } : e)),
        }));
      } catch (e) {
        const message = (e as Error).message;
        onState((s) => ({
          ...s,
          experiments: s.experiments.map((x) => (x.boundary === boundary ? { ...x, ended: true, error: message } : x)),
        }));
      }
    }),
  );
}

/** The neighbours field's value as a count, or why it is not one. */
export function neighboursProblem(text: string): string | undefined {
  const n = Number(text);
  return /^\d+$/.test(text.trim()) && n >= MIN_NEIGHBOURS && n <= MAX_NEIGHBOURS
    ? undefined
    : `Neighbours must be a whole number from ${MIN_NEIGHBOURS} to ${MAX_NEIGHBOURS}.`;
}

/**
 * The experiments' events, applied to the page's state. Subscribed by the app for as long as it runs, so an
 * experiment that ends while another page is shown is shown ended when the user comes back.
 */
export function useBlastEvents(client: ApiClient, onState: (update: (s: BlastState) => BlastState) => void): void {
  useEffect(() => {
    const patch = (id: string, change: (e: Experiment) => Experiment): void =>
      onState((s) => ({ ...s, experiments: s.experiments.map((e) => (e.id === id ? change(e) : e)) }));
    const offs = [
      client.subscribe('blastUpdate', (e) => patch(e.blastId, (x) => (x.ended ? x : { ...x, result: e.result }))),
      client.subscribe('blastOutput', (e) =>
        patch(e.blastId, (x) => ({ ...x, output: (x.output + e.text).slice(0, OUTPUT_CHARS) })),
      ),
      client.subscribe('blastSamples', (e) =>
        patch(e.blastId, (x) => ({ ...x, samples: [...x.samples, ...e.samples].slice(-MAX_BLAST_SAMPLES) })),
      ),
      client.subscribe('blastEnd', (e) => patch(e.blastId, (x) => ({ ...x, result: e.result, ended: true }))),
    ];
    return () => offs.forEach((off) => off());
  }, [client, onState]);
}

export function BlastPage(props: {
  readonly client: ApiClient;
  /** The editor's code, for "own code". */
  readonly code: string;
  readonly state: BlastState;
  readonly onState: (update: (s: BlastState) => BlastState) => void;
}) {
  const { client, code, state, onState } = props;
  const [error, setError] = useState<string>();
  const running = state.experiments.some((e) => !e.ended);

  const problem = neighboursProblem(state.neighbours);
  const start = async (): Promise<void> => {
    if (problem || running) return;
    setError(undefined);
    await startExperiments(client, { ...state, neighbours: Number(state.neighbours), code }, onState);
  };
  const stop = (): void => {
    for (const e of state.experiments)
      if (e.id && !e.ended) void client.call('stopBlast', { id: e.id }).catch((x: Error) => setError(x.message));
  };

  return (
    <section className="blast-page" aria-label="Blast radius">
      <div className="panel blast-setup">
        <h2>Blast radius</h2>
        <p className="hint">
          Code that misbehaves runs next to neighbours that beat every 50 ms: as threads of one process, or as one child
          process each. Which neighbours survive?
        </p>
        <label>
          Boundary
          <select
            aria-label="Boundary"
            value={state.boundary}
            disabled={running}
            onChange={(e) => onState((s) => ({ ...s, boundary: e.target.value as BoundaryChoice }))}
          >
            <option value="both">thread and process, side by side</option>
            <option value="worker">thread</option>
            <option value="process">process</option>
          </select>
        </label>
        <label>
          Misbehaviour
          <select
            aria-label="Misbehaviour"
            value={state.misbehaviour}
            disabled={running}
            onChange={(e) => onState((s) => ({ ...s, misbehaviour: e.target.value as Misbehaviour | 'code' }))}
          >
            {MISBEHAVIOURS.map((m) => (
              <option key={m} value={m} title={MISBEHAVIOUR_TEXT[m]}>
                {m}
              </option>
            ))}
            <option value="code">own code (the editor’s)</option>
          </select>
        </label>
        <p className="hint">
          {state.misbehaviour === 'code'
            ? 'The code in the Workbench editor runs as the culprit.'
            : MISBEHAVIOUR_TEXT[state.misbehaviour]}
        </p>
        <label>
          Neighbours
          <input
            aria-label="Neighbours"
            type="number"
            inputMode="numeric"
            min={MIN_NEIGHBOURS}
            max={MAX_NEIGHBOURS}
            step={1}
            value={state.neighbours}
            disabled={running}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? 'neighbours-problem' : undefined}
            onChange={(e) => onState((s) => ({ ...s, neighbours: e.target.value }))}
          />
        </label>
        {problem && (
          <p className="error" id="neighbours-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="blast-actions">
          <button className="primary" onClick={() => void start()} disabled={running || problem !== undefined}>
            Run experiment
          </button>
          <button onClick={stop} disabled={!running}>
            Stop
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="blast-results">
        {state.experiments.map((e) => (
          <ExperimentView key={e.boundary} experiment={e} alone={state.experiments.length === 1} />
        ))}
      </div>
    </section>
  );
}
