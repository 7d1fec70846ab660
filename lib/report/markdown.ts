/**
 * The report as GitHub/GitLab-flavoured Markdown: a change summary first, a Mermaid topology
 * diagram (one per namespace when the graph is large), then a collapsible card per job.
 */
import { defaultsSource } from './effective-config';
import { ExplainReport, GraphEdge, GraphNode, JobCard, push } from './model';
import { cardRows, cardSummary, changeHeadline, headline, nsTitle, SAFETY_LABEL, SOURCE_LABEL } from './text';

/** Above this many nodes the diagram is split by namespace. */
export const SPLIT_DIAGRAM_NODES = 60;

/** Escapes text for a Markdown table cell (pipes, HTML, line breaks). */
export function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Escapes text inside a Mermaid quoted label. */
function mer(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[\r\n]+/g, ' ');
}

const SHAPE: Record<string, [string, string]> = {
  PersistentVolumeClaim: ['[(', ')]'],
  ObjectStore: ['[(', ')]'],
  HostPath: ['[(', ')]'],
  Volume: ['[(', ')]'],
  ServiceAccount: ['([', '])'],
  Operator: ['[[', ']]'],
  FlinkStateSnapshot: ['{{', '}}'],
  FlinkSessionJob: ['(', ')'],
};

const groupId = (ns: string) => `ns_${ns.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

function nodeLine(n: GraphNode): string {
  const [open, close] = SHAPE[n.kind] ?? ['[', ']'];
  return `${n.id}${open}"<b>${mer(n.name)}</b><br/>${mer(n.kind)}${n.detail ? ` · ${mer(n.detail)}` : ''}"${close}`;
}

/** One Mermaid flowchart of `nodes` (and the edges between them), grouped by namespace. */
export function mermaid(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const ids = new Set(nodes.map((n) => n.id));
  const lines = ['flowchart LR'];
  const groups = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const g = n.kind === 'ObjectStore' ? '\u0000external' : n.namespace;
    push(groups, g, n);
  }
  const nsTargets = new Set(edges.filter((e) => e.to.startsWith('ns:')).map((e) => e.to.slice(3)));
  for (const ns of nsTargets) if (!groups.has(ns)) groups.set(ns, []);
  for (const [g, list] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const title = g === '\u0000external' ? 'outside the cluster' : nsTitle(g);
    lines.push(`  subgraph ${g === '\u0000external' ? 'external' : groupId(g)}["${mer(title)}"]`);
    if (list.length === 0) lines.push(`    ${groupId(g)}_empty[" "]:::hidden`);
    for (const n of list) lines.push(`    ${nodeLine(n)}`);
    lines.push('  end');
  }
  for (const e of edges) {
    const to = e.to.startsWith('ns:') ? groupId(e.to.slice(3)) : e.to;
    if (!ids.has(e.from) || (!e.to.startsWith('ns:') && !ids.has(e.to))) continue;
    lines.push(`  ${e.from} -->|${mer(e.label)}| ${to}`);
  }
  const fragile = nodes.filter((n) => n.fragile).map((n) => n.id);
  lines.push('  classDef fragile fill:#fdecea,stroke:#c0392b,color:#641e16');
  lines.push('  classDef hidden display:none');
  if (fragile.length) lines.push(`  class ${fragile.join(',')} fragile`);
  return lines.join('\n');
}

/** The diagrams: one, or one per namespace (with the external nodes each one uses) when large. */
export function diagrams(r: ExplainReport): Array<{ title?: string; source: string }> {
  const { nodes, edges } = r.graph;
  if (nodes.length <= SPLIT_DIAGRAM_NODES) return [{ source: mermaid(nodes, edges) }];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: Array<{ title?: string; source: string }> = [];
  const namespaces = [...new Set(nodes.filter((n) => n.kind !== 'ObjectStore').map((n) => n.namespace))].sort();
  for (const ns of namespaces) {
    const mine = nodes.filter((n) => n.kind !== 'ObjectStore' && n.namespace === ns);
    const ids = new Set(mine.map((n) => n.id));
    const related = edges.filter((e) => ids.has(e.from) && (byId.get(e.to)?.kind === 'ObjectStore'));
    const extra = [...new Set(related.map((e) => e.to))].map((id) => byId.get(id) as GraphNode);
    const all = [...mine, ...extra];
    const allIds = new Set(all.map((n) => n.id));
    out.push({ title: nsTitle(ns), source: mermaid(all, edges.filter((e) => allIds.has(e.from) && (allIds.has(e.to) || e.to === `ns:${ns}`))) });
  }
  return out;
}

function card(c: JobCard): string {
  const lines: string[] = [];
  lines.push(`<details><summary><b>${cell(c.name)}</b>${c.namespace ? ` (${cell(c.namespace)})` : ''}: ${cell(cardSummary(c))}</summary>`, '');
  lines.push('| | |', '|---|---|');
  for (const [k, v] of cardRows(c)) lines.push(`| ${k} | ${cell(v)} |`);
  lines.push('');
  if (c.state.length) {
    lines.push('**State**', '', '| directory | key | where | survives |', '|---|---|---|---|');
    for (const s of c.state) lines.push(`| ${s.group} | \`${cell(s.key)}\` = \`${cell(s.value)}\` | ${cell(s.where)} | ${cell(s.verdict)} |`);
    lines.push('');
  }
  if (c.findings.length) {
    lines.push('**Findings**', '');
    for (const f of c.findings) lines.push(`- ${f.severity === 'error' ? '**error**' : 'warning'} \`${f.rule}\`${f.ref ? ` (${f.ref})` : ''}: ${cell(f.message)} Fix: ${cell(f.fix)}`);
    lines.push('');
  }
  lines.push('**Effective configuration**', '', '| key | value | source | |', '|---|---|---|---|');
  for (const e of c.config) {
    lines.push(`| \`${cell(e.key)}\` | ${e.redacted ? '_(redacted)_' : `\`${cell(e.value)}\``} | ${SOURCE_LABEL[e.source]}${e.from ? ` ${cell(e.from)}` : ''} | ${cell(e.note ?? '')} |`);
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}

/** Renders the report as Markdown. Deterministic: the same report gives the same bytes. */
export function renderMarkdown(r: ExplainReport): string {
  const out: string[] = [`# ${cell(r.title)}`, ''];
  if (r.changes) {
    out.push(`> **What this change does:** ${changeHeadline(r.changes)}`, '');
    if (r.changes.length) {
      out.push('| resource | change | state | what happens |', '|---|---|---|---|');
      for (const c of r.changes) {
        const fields = c.fields.length ? `<br/><sub>${c.fields.slice(0, 8).map((f) => `\`${cell(f)}\``).join(', ')}${c.fields.length > 8 ? ` and ${c.fields.length - 8} more` : ''}</sub>` : '';
        out.push(`| ${c.kind} ${cell(c.namespace ? `${c.namespace}/${c.name}` : c.name)} | ${c.change}${fields} | ${c.safety === 'unsafe' ? '**UNSAFE**' : SAFETY_LABEL[c.safety]} | ${cell(c.summary)} |`);
      }
      out.push('');
    }
  }
  out.push(headline(r), '');
  if (r.empty) return `${out.join('\n').trimEnd()}\n`;
  out.push('## Topology', '');
  for (const d of diagrams(r)) {
    if (d.title) out.push(`### ${cell(d.title)}`, '');
    out.push('```mermaid', d.source, '```', '');
  }
  out.push('## Jobs and clusters', '');
  for (const c of r.cards) out.push(card(c));
  if (r.otherFindings.length) {
    out.push('## Other findings', '');
    for (const f of r.otherFindings) out.push(`- ${f.severity === 'error' ? '**error**' : 'warning'} ${f.kind} ${cell(f.name)}: \`${f.rule}\` ${cell(f.message)} Fix: ${cell(f.fix)}`);
    out.push('');
  }
  out.push(`<sub>Durability: ephemeral = lost with the pod; node-local = lost with the node; cluster-local = lost with the cluster; durable = outside the cluster. Flink defaults from the ${cell(defaultsSource())}.</sub>`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
