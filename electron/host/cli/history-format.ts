/** Human-readable history for the CLI: the run table and one run in full. Pure string building. */
import type { HistoryPage, HistoryRun, HistorySummary } from '../../common/api/types.ts';
import { formatResultValue, formatSummary } from './format.ts';
import { visible, visibleLine } from './terminal-text.ts';

/** Width of the CODE column; longer titles are cut. */
const CODE_WIDTH = 48;
/** Characters shown of an id in the table (any unique prefix of 4 or more is accepted back). */
export const SHORT_ID = 8;

/** Local time, to the second, sortable: 2025-01-31 14:05:09. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Code is the user's (and probes are hostile), and the history file is anyone's who can write it: no cell
 * brings a control character to the terminal, every one is shown as its escape.
 */
function cell(text: string, width = Infinity): string {
  const clean = visibleLine(text);
  return clean.length > width ? `${clean.slice(0, width - 1)}…` : clean;
}

function verdictOf(r: HistorySummary): string {
  if (r.status === 'running' || r.status === 'interrupted') return '—';
  return r.escaped ? `ESCAPED: ${r.breaches.join(', ')}` : 'contained';
}

export function formatHistoryTable(page: HistoryPage, offset: number, where: string): string {
  if (page.runs.length === 0)
    return page.total === 0 ? `No runs in the history (${where}).` : `No runs past ${offset} (${page.total} in all).`;
  const rows = page.runs.map((r) => [
    cell(r.id.slice(0, SHORT_ID)),
    formatTime(r.startedAt),
    cell(r.driver),
    cell(r.status),
    cell(verdictOf(r)),
    cell(r.title, CODE_WIDTH),
  ]);
  const header = ['ID', 'STARTED', 'DRIVER', 'STATUS', 'VERDICT', 'CODE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cols: string[]): string =>
    cols
      .map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const shown = `${offset + 1}–${offset + page.runs.length} of ${page.total}`;
  return [line(header), ...rows.map(line), '', `${shown} · workbench history show <ID> · ${cell(where)}`].join('\n');
}

/**
 * One stored run in full, for people. Everything in it was stored from a guest's run or can be edited in the
 * history file, so the header lines are one line each and code and output are lines, all with control
 * characters made visible; the summary with the verdict comes last.
 */
export function formatHistoryRun(run: HistoryRun): string {
  const { limits, policy } = run.request;
  const ended =
    run.endedAt !== undefined ? ` · ended ${formatTime(run.endedAt)} (${run.endedAt - run.startedAt} ms)` : '';
  const header = [
    `run ${run.id}`,
    `started ${formatTime(run.startedAt)}${ended}`,
    `driver ${run.driver}${run.result?.node !== undefined ? ` · Node ${run.result.node}` : ''} · ${run.language} · status ${run.status}`,
    `limits timeout ${limits.timeoutMs} ms · memory ${limits.memoryMb === undefined ? 'none' : `${limits.memoryMb} MB`} · output ${limits.maxOutputBytes} B`,
    `policy Permission Model ${policy.permission ? 'on' : 'off'}${policy.fsRead.length ? ` · read ${policy.fsRead.join(', ')}` : ''}${policy.fsWrite.length ? ` · write ${policy.fsWrite.join(', ')}` : ''}${policy.env.mode === 'allow' ? ` · env ${policy.env.names.join(', ') || '(none)'}` : ''}`,
  ];
  const lines = [...header.map(visibleLine), '', '── code ──', visible(run.code.replace(/\n$/, '')), ''];
  if (!run.result) {
    lines.push(
      run.status === 'running'
        ? 'No result yet: the run is still going (in another process).'
        : 'No result: the process that ran it ended before the run did.',
    );
    return lines.join('\n');
  }
  const { stdout, stderr } = run.result;
  if (stdout) lines.push('── stdout ──', visible(stdout.replace(/\n$/, '')), '');
  if (stderr) lines.push('── stderr ──', visible(stderr.replace(/\n$/, '')), '');
  lines.push('── result ──');
  const value = formatResultValue(run.result);
  if (value !== undefined) lines.push(`→ ${value}`);
  lines.push(formatSummary(run.result));
  return lines.join('\n');
}
