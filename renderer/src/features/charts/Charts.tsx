/**
 * Live charts for the visible runs: memory (RSS, heap, external, with the memory limit as a reference
 * line), CPU %, IPC bytes/s and messages/s — one colour per worker. Pause freezes the drawn data; export
 * gives CSV (samples) and PNG (the chart). `data-points` on each chart says how many rows it draws.
 */
import { memo, useMemo, useRef, useState } from 'react';
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
import { thin, toCsv, toRows, workersOf, type ChartRow } from './series.ts';
import { CHART_COLORS as COLORS, formatChartValue, formatTick, type ChartUnit } from './chart-format.ts';

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

/** One chart; re-rendered only when its rows change (a finished run's charts stay still). */
const Chart = memo(function Chart(props: {
  title: string;
  driver: string;
  rows: readonly ChartRow[];
  workers: readonly string[];
  measures: string[];
  unit: ChartUnit;
  limit?: number | undefined;
  frozen: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const live = props.rows;
  const [frozenRows, setFrozen] = useState(live);
  if (!props.frozen && frozenRows !== live) setFrozen(live);
  const rows = props.frozen ? frozenRows : live;
  const lines = props.workers.flatMap((w, wi) =>
    props.measures.map((m, mi) => ({
      key: `${w}:${m}`,
      color: COLORS[(wi * props.measures.length + mi) % COLORS.length]!,
    })),
  );
  return (
    <figure className="chart" ref={ref} data-points={rows.length} aria-label={`${props.title} of run ${props.driver}`}>
      <figcaption>
        {props.title} <span className="mute">({props.unit})</span>
        <button className="small" onClick={() => exportPng(ref.current, `${props.driver}-${props.title}.png`)}>
          PNG
        </button>
      </figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          {/* Colours from the theme (styles.css: .chart .recharts-…), not fixed dark ones. */}
          <CartesianGrid />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => `${v}s`} />
          <YAxis width={44} tickFormatter={formatTick} />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--fg)' }}
            labelFormatter={(t) => `${Number(t).toFixed(2)} s`}
            formatter={(value, name) => [formatChartValue(value, props.unit, String(name)), String(name)]}
          />
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
});

/** A run's three charts, from one pass over its samples. */
const RunCharts = memo(function RunCharts({ run, paused, label }: { run: RunState; paused: boolean; label: string }) {
  const rows = useMemo(() => thin(toRows(run.samples)), [run.samples]);
  const workers = useMemo(() => workersOf(run.samples), [run.samples]);
  const common = { driver: run.driver, rows, workers, frozen: paused };
  return (
    <div className="chart-col" data-run={run.id}>
      <h3>{label}</h3>
      <Chart title="Memory" unit="MB" measures={MEMORY} limit={run.memoryMb} {...common} />
      <Chart title="CPU" unit="%" measures={CPU} {...common} />
      <Chart title="IPC" unit="bytes/s, messages/s" measures={IPC} {...common} />
    </div>
  );
});
const MEMORY = ['rss', 'heap', 'external'];
const CPU = ['cpu'];
const IPC = ['ipcBytes', 'ipcMessages'];

export function Charts(props: {
  runs: readonly RunState[];
  /** What the page calls each run (run-labels.ts); its driver when absent. */
  labels?: ReadonlyMap<string, string>;
}) {
  const label = (r: RunState): string => props.labels?.get(r.id) ?? r.driver;
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
                `${label(r).replace(/[^\w+-]+/g, '-')}-${r.id.slice(0, 8)}.csv`,
                `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(r.samples))}`,
              )
            }
          >
            CSV {label(r)}
          </button>
        ))}
      </div>
      <div
        className="chart-grid"
        style={{ gridTemplateColumns: `repeat(${Math.min(props.runs.length, 4)}, minmax(0, 1fr))` }}
      >
        {props.runs.map((run) => (
          <RunCharts key={run.id} run={run} paused={paused} label={label(run)} />
        ))}
      </div>
    </section>
  );
}
