/**
 * The matrix as one self-contained HTML file: a heat-map of probes × drivers, filters by category, and a
 * panel that opens any cell's evidence, output and metrics. No external resources. Everything from the
 * report — probe output included, which is attacker-controlled — is embedded as JSON (with `<` escaped)
 * and rendered with textContent, never as markup.
 */
import { policyText, type MatrixReport } from './report.ts';
import { summarize } from './summary.ts';
import { verdictLegend } from '../verdict/verdict-words.ts';

/** The page's cell marks (its script has the same table); the words are the shared ones. */
const HTML_MARKS = {
  contained: '✓',
  escaped: '✗',
  'limit-enforced': 'L',
  'limit-bypassed': 'B',
  'host-crashed': '☠',
  error: '?',
} as const;

const STYLE = `
:root { color-scheme: dark; --bg:#111418; --fg:#d8dee9; --mute:#8a94a6; --line:#2a3039; }
body { margin:0; font:13px/1.4 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
header, #filters, main { padding: 12px 16px; }
h1 { font-size:18px; margin:0 0 4px; } .mute { color:var(--mute); }
#filters label { margin-right:12px; white-space:nowrap; }
main { display:flex; gap:16px; align-items:flex-start; }
.wrap { overflow:auto; max-height:80vh; }
table { border-collapse:collapse; }
th, td { border:1px solid var(--line); padding:2px 6px; text-align:center; }
th { position:sticky; top:0; background:#181c22; font-weight:600; }
th.probe, td.probe { text-align:left; position:sticky; left:0; background:#181c22; }
td.c { cursor:pointer; min-width:28px; }
td.contained { background:#1f3b2a; } td.limit-enforced { background:#1d3a45; }
td.escaped { background:#6b1f24; } td.limit-bypassed { background:#6b4a14; }
td.host-crashed { background:#4a1d5e; } td.error { background:#333; }
td.worse { outline:2px solid #ffcc00; outline-offset:-2px; }
td.unstable { outline:2px dashed #9ecbff; outline-offset:-3px; }
td.inconsistent { background:repeating-linear-gradient(45deg,#7a0010,#7a0010 4px,#2a0006 4px,#2a0006 8px); color:#fff; font-weight:700; }
.alarm { background:#7a0010; color:#fff; padding:6px 10px; font-weight:600; }
td.sel { outline:2px solid #fff; outline-offset:-2px; }
#detail { flex:1; min-width:320px; max-width:640px; position:sticky; top:8px; }
#detail pre { white-space:pre-wrap; word-break:break-word; background:#0b0d10; padding:8px; max-height:260px; overflow:auto; }
dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 10px; } dt { color:var(--mute); }
`;

const SCRIPT = `
const R = JSON.parse(document.getElementById('data').textContent);
const MARK = ${JSON.stringify(HTML_MARKS)};
const cells = new Map(R.cells.map(c => [c.probe + '\\u0000' + c.driver, c]));
const el = (tag, props = {}, ...kids) => { const e = document.createElement(tag); Object.assign(e, props); for (const k of kids) e.append(k); return e; };
const cats = [...new Set(R.probes.map(p => p.category))].sort();
const shown = new Set(cats);
const filters = document.getElementById('filters');
for (const c of cats) {
  const box = el('input', { type:'checkbox', checked:true });
  box.addEventListener('change', () => { box.checked ? shown.add(c) : shown.delete(c); draw(); });
  filters.append(el('label', {}, box, ' ' + c));
}
function detail(p, c) {
  const d = document.getElementById('detail'); d.replaceChildren();
  d.append(el('h2', { textContent: p.id + ' × ' + c.driver }));
  d.append(el('p', { textContent: p.title }), el('p', { className:'mute', textContent: p.technique }));
  const dl = el('dl');
  const row = (k, v) => { if (v !== undefined && v !== '') dl.append(el('dt', { textContent:k }), el('dd', { textContent:String(v) })); };
  row('verdict', c.verdict); row('expected', c.expected); row('comparison', c.comparison); row('evidence', c.detail);
  row('status', c.status); row('duration', c.durationMs !== undefined ? c.durationMs + ' ms' : '');
  row('cpu', c.cpuMs !== undefined ? c.cpuMs + ' ms' : ''); row('peak memory', c.peakMemoryBytes !== undefined ? (c.peakMemoryBytes / 1048576).toFixed(1) + ' MB' : '');
  row('overshoot', c.overshoot); row('references', p.references.join(', '));
  if (c.runs) row('runs', c.runs.map((r, i) => (i + 1) + ': ' + r.verdict + (r.status ? ' (' + r.status + ')' : '')).join(' · ') + (c.unstable ? ' — UNSTABLE' : ''));
  d.append(dl);
  if (c.inconsistent && c.inconsistent.length) {
    d.append(el('h3', { className:'alarm', textContent:'Workbench error: the result contradicts itself' }));
    const ul = el('ul'); for (const x of c.inconsistent) ul.append(el('li', { textContent:x })); d.append(ul);
  }
  if (c.stdout) d.append(el('h3', { textContent:'stdout' }), el('pre', { textContent:c.stdout }));
  if (c.stderr) d.append(el('h3', { textContent:'stderr' }), el('pre', { textContent:c.stderr }));
}
function draw() {
  const t = document.getElementById('grid'); t.replaceChildren();
  t.append(el('tr', {}, el('th', { className:'probe', textContent:'probe' }), ...R.drivers.map(d => el('th', { textContent:d }))));
  for (const p of R.probes) {
    if (!shown.has(p.category)) continue;
    const tr = el('tr', {}, el('td', { className:'probe', textContent:p.id, title:p.category + ' — ' + p.title }));
    for (const d of R.drivers) {
      const c = cells.get(p.id + '\\u0000' + d);
      const bad = c && c.inconsistent && c.inconsistent.length > 0;
      const cls = c ? c.verdict + (c.comparison === 'worse' ? ' worse' : '') + (c.unstable ? ' unstable' : '') + (bad ? ' inconsistent' : '') : '';
      const td = el('td', { className:'c ' + cls, textContent: c ? MARK[c.verdict] + (c.unstable ? '~' : '') + (bad ? '‼' : '') : '' });
      if (c) {
        td.title = c.verdict + (c.expected ? ' (expected ' + c.expected + ')' : '')
          + (c.unstable ? '\\nunstable — classes seen: ' + [...new Set(c.runs.map(r => r.verdict))].join(', ') : '')
          + (bad ? '\\nWORKBENCH ERROR — inconsistent result: ' + c.inconsistent.join('; ') : '');
        td.addEventListener('click', () => { document.querySelectorAll('td.sel').forEach(x => x.classList.remove('sel')); td.classList.add('sel'); detail(p, c); });
      }
      tr.append(td);
    }
    t.append(tr);
  }
}
draw();
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function formatMatrixHtml(report: MatrixReport): string {
  // `<` escaped so no string in the data can close the script element.
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  const repeat = report.repeat ?? 1;
  const meta = `${report.probes.length} probes × ${report.drivers.length} drivers${repeat > 1 ? `, each cell run ${repeat} times` : ''}, policy ${policyText(report)}, Node ${report.node}, ${report.platform}, ${report.generatedAt}`;
  const s = summarize(report);
  const alarm = [
    s.inconsistent > 0 ? `Workbench error: ${s.inconsistent} cell(s) with an inconsistent result (‼).` : '',
    s.unstable > 0 ? `${s.unstable} unstable cell(s) (~).` : '',
  ]
    .filter(Boolean)
    .map((text) => `<div class="${text.startsWith('Workbench') ? 'alarm' : 'mute'}">${escapeHtml(text)}</div>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Isolation matrix</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Isolation matrix</h1><div class="mute">${escapeHtml(meta)}</div>
<div class="mute">${escapeHtml(verdictLegend(HTML_MARKS))} · yellow outline: worse than expected · ~ dashed: unstable (its runs reached different classes; the most severe is shown) · ‼ striped red: workbench error (the result contradicts itself). Click a cell for its evidence.</div>${alarm}</header>
<div id="filters"><strong>Categories:</strong> </div>
<main><div class="wrap"><table id="grid"></table></div><aside id="detail" class="mute">Select a cell.</aside></main>
<script type="application/json" id="data">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
