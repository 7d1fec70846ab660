/**
 * The report as one self-contained HTML page: the topology as inline SVG (no script, no external
 * resource), the change summary, and a collapsible card per job.
 */
import { defaultsSource } from './effective-config';
import { BOX_H, BOX_W, layout } from './layout';
import { ExplainReport, JobCard } from './model';
import { cardRows, cardSummary, changeHeadline, headline, SAFETY_LABEL, SOURCE_LABEL } from './text';

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITY[c]) : text;
}
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const FILL: Record<string, string> = {
  FlinkDeployment: '#e8f1fb', FlinkBlueGreenDeployment: '#e8f1fb', FlinkApplication: '#e8f1fb', FlinkSessionJob: '#eef7ee',
  FlinkStateSnapshot: '#fff7e0', PersistentVolumeClaim: '#f1ecf9', ObjectStore: '#f1ecf9', Volume: '#f1ecf9',
  HostPath: '#fdecea', ServiceAccount: '#f4f4f4', Operator: '#f4f4f4',
};

/** The topology as an SVG element. */
export function svg(r: ExplainReport): string {
  const l = layout(r.graph.nodes, r.graph.edges);
  const out: string[] = [];
  out.push(`<svg id="topology" xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" role="img" aria-label="Topology of the Flink resources">`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#556"/></marker></defs>');
  for (const b of l.bands) {
    out.push(`<g class="band"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="#fafbfc" stroke="#c9d1d9"/><text x="${b.x + 10}" y="${b.y + 20}" font-weight="bold" font-size="13">${esc(b.title)}</text></g>`);
  }
  for (const ln of l.lines) {
    const mx = (ln.x1 + ln.x2) / 2;
    const my = (ln.y1 + ln.y2) / 2;
    out.push(`<g class="edge"><path d="M${ln.x1},${ln.y1} C${mx},${ln.y1} ${mx},${ln.y2} ${ln.x2},${ln.y2}" fill="none" stroke="#556" stroke-width="1.2" marker-end="url(#arrow)"/>`
      + `<text x="${mx}" y="${my - 3}" font-size="10" text-anchor="middle" fill="#334" stroke="#fafbfc" stroke-width="3" paint-order="stroke">${esc(clip(ln.edge.label, 24))}</text></g>`);
  }
  for (const b of l.boxes) {
    const n = b.node;
    out.push(`<g class="node" data-kind="${esc(n.kind)}"><title>${esc(`${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}: ${n.detail}`)}</title>`
      + `<rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${FILL[n.kind] ?? '#ffffff'}" stroke="${n.fragile ? '#c0392b' : '#8b949e'}"/>`
      + `<text x="${b.x + 8}" y="${b.y + 18}" font-size="12" font-weight="bold">${esc(clip(n.name, 29))}</text>`
      + `<text x="${b.x + 8}" y="${b.y + 35}" font-size="10" fill="#445">${esc(clip(`${n.kind} · ${n.detail}`, 38))}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

function card(c: JobCard): string {
  const o: string[] = [];
  o.push(`<details class="card" id="${esc(c.id)}"><summary><b>${esc(c.name)}</b>${c.namespace ? ` <span class="ns">${esc(c.namespace)}</span>` : ''}: ${esc(cardSummary(c))}</summary>`);
  o.push('<table class="facts">');
  for (const [k, v] of cardRows(c)) o.push(`<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`);
  o.push('</table>');
  if (c.state.length) {
    o.push('<h4>State</h4><table><tr><th>directory</th><th>key = value</th><th>where</th><th>survives</th></tr>');
    for (const s of c.state) o.push(`<tr class="d-${s.durability}"><td>${s.group}</td><td><code>${esc(s.key)}</code> = <code>${esc(s.value)}</code></td><td>${esc(s.where)}</td><td>${esc(s.verdict)}</td></tr>`);
    o.push('</table>');
  }
  if (c.findings.length) {
    o.push('<h4>Findings</h4><ul>');
    for (const f of c.findings) o.push(`<li class="${f.severity}"><b>${f.severity}</b> <code>${esc(f.rule)}</code>${f.ref ? ` (${esc(f.ref)})` : ''}: ${esc(f.message)} <i>Fix: ${esc(f.fix)}</i></li>`);
    o.push('</ul>');
  }
  o.push('<h4>Effective configuration</h4><table><tr><th>key</th><th>value</th><th>source</th><th></th></tr>');
  for (const e of c.config) {
    o.push(`<tr class="src-${e.source}"><td><code>${esc(e.key)}</code></td><td>${e.redacted ? '<i>(redacted)</i>' : `<code>${esc(e.value)}</code>`}</td><td>${esc(SOURCE_LABEL[e.source])}${e.from ? ` ${esc(e.from)}` : ''}</td><td>${esc(e.note ?? '')}</td></tr>`);
  }
  o.push('</table></details>');
  return o.join('\n');
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1f2328}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}h4{margin:12px 0 4px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.facts th{width:180px}code{font-size:12px}
.card{border:1px solid #d0d7de;border-radius:6px;padding:6px 10px;margin:8px 0}.card summary{cursor:pointer}
.ns{color:#57606a}.unsafe{color:#b42318;font-weight:bold}.error{color:#b42318}.warning{color:#9a6700}
.d-none td:last-child,.d-pod td:last-child{color:#b42318}.diagram{overflow:auto;border:1px solid #d0d7de;border-radius:6px}
.changes{border-left:4px solid #0969da;padding:4px 12px;background:#f6f8fa}`;

/** Renders the report as a self-contained HTML page. Deterministic. */
export function renderHtml(r: ExplainReport): string {
  const o: string[] = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(r.title)}</title>`, `<style>${STYLE}</style></head><body>`, `<h1>${esc(r.title)}</h1>`];
  if (r.changes) {
    o.push(`<div class="changes"><p><b>What this change does:</b> ${esc(changeHeadline(r.changes))}</p>`);
    if (r.changes.length) {
      o.push('<table><tr><th>resource</th><th>change</th><th>state</th><th>what happens</th></tr>');
      for (const c of r.changes) {
        o.push(`<tr><td>${esc(`${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`)}</td><td>${c.change}${c.fields.length ? `<br><small>${c.fields.map((f) => `<code>${esc(f)}</code>`).join(', ')}</small>` : ''}</td>`
          + `<td class="${c.safety === 'unsafe' ? 'unsafe' : ''}">${SAFETY_LABEL[c.safety]}</td><td>${esc(c.summary)}</td></tr>`);
      }
      o.push('</table>');
    }
    o.push('</div>');
  }
  o.push(`<p class="headline">${esc(headline(r))}</p>`);
  if (!r.empty) {
    o.push('<h2>Topology</h2>', `<div class="diagram">${svg(r)}</div>`, '<h2>Jobs and clusters</h2>');
    for (const c of r.cards) o.push(card(c));
    if (r.otherFindings.length) {
      o.push('<h2>Other findings</h2><ul>');
      for (const f of r.otherFindings) o.push(`<li class="${f.severity}"><b>${f.severity}</b> ${esc(f.kind)} ${esc(f.name)}: <code>${esc(f.rule)}</code> ${esc(f.message)} <i>Fix: ${esc(f.fix)}</i></li>`);
      o.push('</ul>');
    }
    o.push(`<p><small>Durability: ephemeral = lost with the pod; node-local = lost with the node; cluster-local = lost with the cluster; durable = outside the cluster. Flink defaults from the ${esc(defaultsSource())}.</small></p>`);
  }
  o.push('</body></html>', '');
  return o.join('\n');
}
