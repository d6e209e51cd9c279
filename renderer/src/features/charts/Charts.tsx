/**
 * Live charts for the visible runs: memory (RSS, heap, external, with the memory limit as a reference
 * line), CPU %, IPC bytes/s and messages/s — one colour per worker. Pause freezes the drawn data; export
 * gives CSV (samples) and PNG (the chart). `data-points` on each chart says how many rows it draws.
 */
import { useMemo, useRef, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RunState } from '../runs/store.ts';
import { toCsv, toRows, workersOf } from './series.ts';

const COLORS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#fff176', '#4db6ac', '#f06292'];

function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}

function exportPng(container: HTMLElement | null, name: string): void {
  const svg = container?.querySelector('svg');
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const data = new XMLSerializer().serializeToString(svg);
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#111418';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0);
    download(name, canvas.toDataURL('image/png'));
  };
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data)}`;
}

function Chart(props: {
  title: string;
  run: RunState;
  measures: string[];
  unit: string;
  limit?: number | undefined;
  frozen: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const live = useMemo(() => toRows(props.run.samples), [props.run.samples]);
  const [frozenRows, setFrozen] = useState(live);
  if (!props.frozen && frozenRows !== live) setFrozen(live);
  const rows = props.frozen ? frozenRows : live;
  const workers = workersOf(props.run.samples);
  const lines = workers.flatMap((w, wi) =>
    props.measures.map((m, mi) => ({
      key: `${w}:${m}`,
      color: COLORS[(wi * props.measures.length + mi) % COLORS.length]!,
    })),
  );
  return (
    <figure
      className="chart"
      ref={ref}
      data-points={rows.length}
      aria-label={`${props.title} of run ${props.run.driver}`}
    >
      <figcaption>
        {props.title} <span className="mute">({props.unit})</span>
        <button className="small" onClick={() => exportPng(ref.current, `${props.run.driver}-${props.title}.png`)}>
          PNG
        </button>
      </figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3039" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => `${v}s`}
            stroke="#8a94a6"
          />
          <YAxis stroke="#8a94a6" width={48} />
          <Tooltip contentStyle={{ background: '#181c22', border: '1px solid #2a3039' }} />
          <Legend />
          {props.limit !== undefined && (
            <ReferenceLine
              y={props.limit}
              stroke="#e57373"
              strokeDasharray="4 4"
              label={{ value: 'limit', fill: '#e57373' }}
            />
          )}
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} stroke={l.color} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function Charts(props: { runs: readonly RunState[] }) {
  const [paused, setPaused] = useState(false);
  if (props.runs.length === 0) return null;
  return (
    <section className="charts" aria-label="Charts">
      <div className="toolbar">
        <button onClick={() => setPaused(!paused)}>{paused ? 'Resume' : 'Pause'}</button>
        {props.runs.map((r) => (
          <button
            key={r.id}
            className="small"
            onClick={() =>
              download(
                `${r.driver}-${r.id.slice(0, 8)}.csv`,
                `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(r.samples))}`,
              )
            }
          >
            CSV {r.driver}
          </button>
        ))}
      </div>
      <div
        className="chart-grid"
        style={{ gridTemplateColumns: `repeat(${Math.min(props.runs.length, 4)}, minmax(0, 1fr))` }}
      >
        {props.runs.map((run) => (
          <div key={run.id} className="chart-col" data-run={run.id}>
            <h3>{run.driver}</h3>
            <Chart
              title="Memory"
              unit="MB"
              run={run}
              measures={['rss', 'heap', 'external']}
              limit={run.memoryMb}
              frozen={paused}
            />
            <Chart title="CPU" unit="%" run={run} measures={['cpu']} frozen={paused} />
            <Chart
              title="IPC"
              unit="bytes/s, messages/s"
              run={run}
              measures={['ipcBytes', 'ipcMessages']}
              frozen={paused}
            />
          </div>
        ))}
      </div>
    </section>
  );
}
