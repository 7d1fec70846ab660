/**
 * A deterministic layout of the topology graph for the HTML report: one horizontal band per
 * namespace (object stores in a band of their own) and four columns inside a band, read from the
 * right: what the jobs stand on (storage, service accounts, operators), clusters and applications,
 * session jobs, snapshots. Clusters and applications keep their sorted order; every other node
 * sits at the average row of the clusters and applications it is connected to, which keeps most
 * edges short and straight.
 */
import { GraphEdge, GraphNode, push } from './model';
import { nsTitle } from './text';

export const BOX_W = 210;
export const BOX_H = 46;
const COL_GAP = 110;
const ROW_GAP = 14;
const BAND_PAD = 34;
const MARGIN = 16;
const TIERS = 4;

/** Column of each node tier (see GraphNode.tier). */
const COLUMN: Record<number, number> = { 4: 0, 3: 1, 2: 2, 1: 3, 0: 3 };
const HUB = 2;

/** A placed node. */
export interface Box { readonly node: GraphNode; readonly x: number; readonly y: number }
/** A placed namespace band. */
export interface Band { readonly key: string; readonly title: string; readonly x: number; readonly y: number; readonly w: number; readonly h: number }
/** A placed edge: from the right of one box (or band) to the left of another. */
export interface Line { readonly edge: GraphEdge; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly bands: readonly Band[];
  readonly boxes: readonly Box[];
  readonly lines: readonly Line[];
}

const EXTERNAL = '\u0000external';

/** Places every node and edge. Nodes arrive sorted (namespace, tier, kind, name). */
export function layout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Layout {
  const bandOf = (n: GraphNode) => (n.kind === 'ObjectStore' ? EXTERNAL : n.namespace);
  const keys = [...new Set(nodes.map(bandOf).concat(edges.filter((e) => e.to.startsWith('ns:')).map((e) => e.to.slice(3))))]
    .sort((a, b) => (a === EXTERNAL ? 1 : b === EXTERNAL ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const width = MARGIN * 2 + TIERS * BOX_W + (TIERS - 1) * COL_GAP;
  const bands: Band[] = [];
  const boxes: Box[] = [];
  const at = new Map<string, Box>();
  const byBand = new Map<string, GraphNode[]>();
  for (const n of nodes) push(byBand, bandOf(n), n);
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    push(neighbours, e.from, e.to);
    push(neighbours, e.to, e.from);
  }
  let y = MARGIN;
  for (const key of keys) {
    const mine = byBand.get(key) ?? [];
    const cols: GraphNode[][] = Array.from({ length: TIERS }, () => []);
    for (const n of mine) cols[key === EXTERNAL ? 3 : COLUMN[n.tier] ?? 3].push(n);
    const hubRow = new Map(cols[HUB].map((n, i) => [n.id, i]));
    const rowOf = (n: GraphNode): number => {
      const rows = (neighbours.get(n.id) ?? []).map((id) => hubRow.get(id)).filter((r): r is number => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
    };
    cols.forEach((col, c) => {
      if (c === HUB) return;
      const order = new Map(col.map((n, i) => [n.id, [rowOf(n), i] as const]));
      col.sort((a, b) => order.get(a.id)![0] - order.get(b.id)![0] || order.get(a.id)![1] - order.get(b.id)![1]);
    });
    const rows = Math.max(1, ...cols.map((c) => c.length));
    const h = BAND_PAD + rows * (BOX_H + ROW_GAP) + ROW_GAP;
    bands.push({ key, title: key === EXTERNAL ? 'outside the cluster' : nsTitle(key), x: MARGIN / 2, y, w: width - MARGIN, h });
    cols.forEach((col, tier) => col.forEach((n, i) => {
      const box = { node: n, x: MARGIN + tier * (BOX_W + COL_GAP), y: y + BAND_PAD + i * (BOX_H + ROW_GAP) };
      boxes.push(box);
      at.set(n.id, box);
    }));
    y += h + MARGIN;
  }
  const bandAt = new Map(bands.map((b) => [b.key, b]));
  const lines: Line[] = [];
  for (const e of edges) {
    const a = at.get(e.from);
    if (!a) continue;
    if (e.to.startsWith('ns:')) {
      const b = bandAt.get(e.to.slice(3));
      if (b) lines.push({ edge: e, x1: a.x + BOX_W / 2, y1: a.y + BOX_H, x2: b.x + 120, y2: b.y + 4 });
      continue;
    }
    const b = at.get(e.to);
    if (!b) continue;
    const leftToRight = a.x <= b.x;
    const x1 = leftToRight ? a.x + BOX_W : a.x;
    const x2 = leftToRight ? b.x : b.x + BOX_W;
    lines.push({ edge: e, x1: a.x === b.x ? a.x + BOX_W : x1, y1: a.y + BOX_H / 2, x2: a.x === b.x ? b.x + BOX_W : x2, y2: b.y + BOX_H / 2 });
  }
  return { width, height: y, bands, boxes, lines };
}
