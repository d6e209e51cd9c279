/**
 * An experiment's live charts: CPU per member (each neighbour's and the culprit's thread or process) and memory
 * (the one process under threads, each child under processes), as read from /proc by the experiment process.
 * The culprit's line is red; a member's line ends where it ended.
 */
import { memo, useMemo } from 'react';
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
import type { BlastSample } from '../../../../electron/common/blast/blast.ts';
import { CHART_COLORS, formatChartValue, formatTick, type ChartUnit } from '../charts/chart-format.ts';
import { blastMembers, blastRows } from './blast-rows.ts';

const CULPRIT_COLOR = '#e57373';
const NEIGHBOUR_COLORS = CHART_COLORS.filter((c) => c !== CULPRIT_COLOR);

function colorOf(id: string, index: number): string {
  if (id === 'culprit') return CULPRIT_COLOR;
  if (id === 'process') return '#9e9e9e';
  return NEIGHBOUR_COLORS[index % NEIGHBOUR_COLORS.length]!;
}

const BlastChart = memo(function BlastChart(props: {
  readonly title: string;
  readonly unit: ChartUnit;
  readonly samples: readonly BlastSample[];
  readonly measure: 'cpu' | 'memory';
  readonly boundaryLabel: string;
  /** When the misbehaviour started (ms since the experiment started), marked on the chart. */
  readonly misbehaviourAtMs?: number | undefined;
  /** How long the experiment has run so far (ms): the time axis's end. */
  readonly durationMs?: number | undefined;
}) {
  const rows = useMemo(() => blastRows(props.samples, props.measure), [props.samples, props.measure]);
  const members = useMemo(() => blastMembers(props.samples, props.measure), [props.samples, props.measure]);
  return (
    <figure
      className="chart"
      data-points={rows.length}
      aria-label={`${props.title} of the ${props.boundaryLabel} experiment`}
    >
      <figcaption>
        {props.title} <span className="mute">({props.unit})</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={130}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid />
          {/* From the experiment's start to now: a process that died leaves its lines ended, not stretched. */}
          <XAxis
            dataKey="t"
            type="number"
            domain={[0, Math.max((props.durationMs ?? 0) / 1000, rows.at(-1)?.t ?? 0) || 'dataMax']}
            allowDataOverflow
            tickFormatter={(v: number) => `${v.toFixed(1)}s`}
          />
          <YAxis width={44} tickFormatter={formatTick} />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--fg)' }}
            labelFormatter={(t) => `${Number(t).toFixed(1)} s`}
            formatter={(value, name) => [formatChartValue(value, props.unit), String(name)]}
          />
          <Legend />
          {props.misbehaviourAtMs !== undefined && (
            <ReferenceLine
              x={props.misbehaviourAtMs / 1000}
              stroke={CULPRIT_COLOR}
              strokeDasharray="4 4"
              label={{ value: 'misbehaves', fill: CULPRIT_COLOR, position: 'insideTopLeft' }}
            />
          )}
          {members.map((id, i) => (
            <Line key={id} dataKey={id} stroke={colorOf(id, i)} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

export function BlastCharts(props: {
  readonly samples: readonly BlastSample[];
  readonly boundaryLabel: string;
  readonly misbehaviourAtMs?: number | undefined;
  readonly durationMs?: number | undefined;
}) {
  if (props.samples.length === 0) return null;
  const memoryTitle = props.boundaryLabel === 'thread' ? 'Memory (the shared process)' : 'Memory per process';
  return (
    <div className="blast-charts">
      <BlastChart title="CPU" unit="%" measure="cpu" {...props} />
      <BlastChart title={memoryTitle} unit="MB" measure="memory" {...props} />
    </div>
  );
}
