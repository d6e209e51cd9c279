/** One run: live status, console (levels, timestamps, search, clear, copy), result, verdict, worker tree. */
import { formatGuestLocation, guestLocation } from '../../../../electron/common/run/guest-location.ts';
import { describeMemoryLimit, describeTimeoutLimit } from '../../../../electron/common/run/limit-text.ts';
import { useState } from 'react';
import type { RunState } from './store.ts';

function Console(props: { run: RunState; onClear: () => void }) {
  const [query, setQuery] = useState('');
  const lines = props.run.lines.filter((l) => !query || l.text.toLowerCase().includes(query.toLowerCase()));
  const copy = (): void => void navigator.clipboard?.writeText(props.run.lines.map((l) => l.text).join('\n'));
  return (
    <section className="console" aria-label="Console">
      <div className="toolbar">
        <input
          aria-label="Search console"
          placeholder="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button className="small" onClick={props.onClear}>
          Clear
        </button>
        <button className="small" onClick={copy}>
          Copy
        </button>
      </div>
      {props.run.lines.length === 0 ? (
        <p className="mute">{props.run.result ? 'No output.' : 'No output yet.'}</p>
      ) : (
        <ol>
          {lines.map((l, i) => (
            <li key={i} className={`line ${l.level}`}>
              {/* Stored output has no times (NaN): no timestamp then. */}
              {Number.isFinite(l.atMs) && <span className="ts">{(l.atMs / 1000).toFixed(3)}s </span>}
              <span className="lvl">{l.level}</span> <span className="text">{l.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Verdict(props: { run: RunState }) {
  const r = props.run.result;
  const breaches = r ? r.verdict.breaches : props.run.breaches;
  return (
    <section className="verdict" aria-label="Verdict">
      {!r && breaches.length === 0 && <p className="mute">Running… breaches appear here as they are observed.</p>}
      {r && breaches.length === 0 && (
        // What was seen, not more: a secret read and never let out (or let out encrypted) leaves no trace outside.
        <p
          className="ok"
          title="The verdict is what the supervisor observed from outside the guest: tokens in the output and frames, connections to CANARY_PORT, files changed in the run directory, processes started, the host dying. A secret read and never let out, or let out encrypted, is not seen."
        >
          Contained: no breach seen.
        </p>
      )}
      {breaches.length > 0 && (
        <>
          <p className="bad">Escaped: {breaches.length} breach(es)</p>
          <ul>
            {breaches.map((b, i) => (
              <li key={i}>
                <strong>{b.canary}</strong>: {b.evidence}
              </li>
            ))}
          </ul>
        </>
      )}
      {r && (
        <ul className="limits">
          <li>{describeTimeoutLimit(r.limits.timeout)}</li>
          <li className={r.limits.memory.held === false ? 'limit-not-held' : undefined}>
            {describeMemoryLimit(r.limits.memory)}
          </li>
        </ul>
      )}
    </section>
  );
}

export function RunView(props: {
  run: RunState;
  /** What the page calls this run (run-labels.ts); its driver by default. */
  label?: string;
  /** The release hosts run on when a run names none (a result without `node` ran on it). */
  defaultNode?: string;
  onStop: () => void;
  onClear: () => void;
  onClose: () => void;
}) {
  const { run } = props;
  const label = props.label ?? run.driver;
  const r = run.result;
  // The exact release the result ran on; before the end, the one asked for (the select offers exact releases).
  const node = r?.node ?? run.node ?? props.defaultNode;
  return (
    <article className="run" data-run={run.id} data-status={r?.status ?? 'running'} aria-label={`Run ${label}`}>
      <header>
        <strong>{label}</strong>
        <span className={`status ${r?.status ?? 'running'}`} role="status">
          {r ? r.status : 'running'}
        </span>
        {node && (
          <span
            className="node-release"
            data-node={node}
            title={r ? 'The Node release this run ran on' : 'The Node release this run runs on'}
          >
            Node {node}
          </span>
        )}
        {r && (
          <span className="mute">
            <span title="From the guest's start to the run's end">{r.durationMs.toFixed(0)} ms</span> ·{' '}
            <span title="CPU time of the run's processes in the same window, in /proc's 10 ms ticks: the host's set-up before the guest started is not in it">
              cpu {r.cpuMs} ms
            </span>{' '}
            ·{' '}
            <span title="The most the guest's side of the boundary held at once">
              peak {(r.peakMemoryBytes / 1048576).toFixed(1)} MB
            </span>
          </span>
        )}
        {!r && <button onClick={props.onStop}>Stop</button>}
        {r && (
          <button className="small" aria-label={`Close run ${label}`} onClick={props.onClose}>
            ×
          </button>
        )}
      </header>
      {r && (
        <section className="result" aria-label="Result">
          {r.error ? (
            <pre className="error">
              {`${r.error.name}: ${r.error.message}`}
              {(() => {
                const at = guestLocation(r.error);
                return at ? `\n(at ${formatGuestLocation(at)} of the code)` : '';
              })()}
            </pre>
          ) : (
            <pre>
              {r.result === undefined
                ? // A run that was stopped has no completion value; one that ended on its own may end in undefined.
                  r.status === 'ok'
                  ? 'undefined'
                  : `no result (${r.status})`
                : typeof r.result === 'string'
                  ? r.result
                  : JSON.stringify(r.result, null, 2)}
            </pre>
          )}
        </section>
      )}
      <Verdict run={run} />
      <Console run={run} onClear={props.onClear} />
      <section className="workers" aria-label="Workers">
        <ul>
          {(r ? r.workers : [...run.workers.values()]).map((w) => (
            <li key={w.id} style={{ marginLeft: w.parent ? 16 : 0 }}>
              {w.kind} {w.id} pid {w.pid ?? '?'}
              {w.tid !== undefined ? ` tid ${w.tid}` : ''} — {w.state}
              {w.helperPids?.length ? ` (sandbox pids ${w.helperPids.join(', ')})` : ''}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
