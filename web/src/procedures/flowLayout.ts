import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Diagram, DiagramNode } from '../../../contracts/procedure-diagram.js';

/**
 * The layout of a cross-functional flowchart, as pure functions:
 *   1. `elkGraph(diagram)` — the graph elk's layered algorithm (left → right) orders;
 *   2. elk runs (async; the only impure part, done by the caller);
 *   3. `placeInLanes(diagram, elkResult)` — keeps elk's columns (x) and puts every node in
 *      its department's horizontal band; nodes of one lane that would overlap stack in
 *      sub-rows. Lanes keep the diagram's order (first appearance).
 * `edgeSides` picks which side of each node an edge leaves and enters.
 */

export interface Size {
  width: number;
  height: number;
}

export const START_SIZE: Size = { width: 44, height: 44 };
export const END_SIZE: Size = { width: 48, height: 48 };
export const TASK_SIZE: Size = { width: 184, height: 86 };
const SIGNOFF_BASE: Size = { width: 204, height: 86 };
const SIGNOFF_LINE = 18;

/** The drawn size of a node (the node components use the same numbers). */
export function nodeSize(n: Pick<DiagramNode, 'kind' | 'signoffDepartments'>): Size {
  switch (n.kind) {
    case 'start':
      return START_SIZE;
    case 'end':
      return END_SIZE;
    case 'signoff':
      return { width: SIGNOFF_BASE.width, height: SIGNOFF_BASE.height + SIGNOFF_LINE * Math.max(1, n.signoffDepartments.length) };
    default:
      return TASK_SIZE;
  }
}

export interface LayoutOptions {
  /** width of the lane title column on the left */
  laneHeader: number;
  /** space above and below the nodes inside a lane (room for edges routed over/under) */
  lanePadding: number;
  /** vertical gap between sub-rows of one lane */
  rowGap: number;
  /** horizontal gap that counts as "overlapping" within a lane */
  minGap: number;
  /** margin right of the last node and left of the first */
  marginX: number;
  /** space between elk's layers (room for edge labels) */
  layerSpacing: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { laneHeader: 132, lanePadding: 44, rowGap: 28, minGap: 24, marginX: 28, layerSpacing: 120 };

export function elkGraph(d: Diagram, opts: LayoutOptions = DEFAULT_LAYOUT, sizeOf: (n: DiagramNode) => Size = nodeSize): ElkNode {
  const ids = new Set(d.nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = d.edges
    .filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to)
    .map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(opts.layerSpacing),
      'elk.spacing.nodeNode': '36',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: d.nodes.map((n) => ({ id: n.id, ...sizeOf(n) })),
    edges,
  };
}

export interface PlacedNode {
  id: string;
  lane: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** sub-row inside the lane, 0 = top */
  row: number;
}
export interface LaneBand {
  id: string;
  y: number;
  height: number;
}
export interface FlowLayout {
  nodes: PlacedNode[];
  lanes: LaneBand[];
  width: number;
  height: number;
}

/** Lays elk's result out in swimlanes: x from elk, y from the node's lane. */
export function placeInLanes(d: Diagram, elk: ElkNode, opts: LayoutOptions = DEFAULT_LAYOUT, sizeOf: (n: DiagramNode) => Size = nodeSize): FlowLayout {
  const pos = new Map((elk.children ?? []).map((c) => [c.id, c]));
  const minX = Math.min(0, ...[...pos.values()].map((c) => c.x ?? 0));
  const x0 = opts.laneHeader + opts.marginX;
  const laneIds = [...d.lanes.map((l) => l.id)];
  for (const n of d.nodes) if (!laneIds.includes(n.lane)) laneIds.push(n.lane);

  const placed: PlacedNode[] = [];
  const lanes: LaneBand[] = [];
  let y = 0;
  for (const laneId of laneIds) {
    const members = d.nodes
      .filter((n) => n.lane === laneId)
      .map((n) => {
        const p = pos.get(n.id);
        const size = sizeOf(n);
        return { n, x: x0 + (p?.x ?? 0) - minX, elkY: p?.y ?? 0, ...size };
      })
      // top to bottom as elk had them, then left to right
      .sort((a, b) => a.elkY - b.elkY || a.x - b.x);
    // greedy sub-rows: a node goes to the first row where it overlaps no one
    const rows: { x: number; width: number }[][] = [];
    const rowOf = new Map<string, number>();
    for (const m of members) {
      let r = rows.findIndex((row) => row.every((o) => m.x + m.width + opts.minGap <= o.x || o.x + o.width + opts.minGap <= m.x));
      if (r < 0) {
        rows.push([]);
        r = rows.length - 1;
      }
      rows[r]!.push({ x: m.x, width: m.width });
      rowOf.set(m.n.id, r);
    }
    const rowHeights = rows.map((_, r) => Math.max(...members.filter((m) => rowOf.get(m.n.id) === r).map((m) => m.height)));
    const contentHeight = rowHeights.reduce((s, h) => s + h, 0) + opts.rowGap * Math.max(0, rows.length - 1);
    const height = Math.max(opts.lanePadding * 2 + contentHeight, 120);
    const top = y + (height - contentHeight) / 2;
    for (const m of members) {
      const r = rowOf.get(m.n.id)!;
      const rowTop = top + rowHeights.slice(0, r).reduce((s, h) => s + h + opts.rowGap, 0);
      placed.push({ id: m.n.id, lane: laneId, x: m.x, y: rowTop + (rowHeights[r]! - m.height) / 2, width: m.width, height: m.height, row: r });
    }
    lanes.push({ id: laneId, y, height });
    y += height;
  }
  const width = Math.max(x0 + 200, ...placed.map((p) => p.x + p.width + opts.marginX));
  return { nodes: placed, lanes, width, height: y };
}

export type Side = 'l' | 'r' | 't' | 'b';

/**
 * Where an edge leaves its source and enters its target:
 * - forward to a later column: right → left; if another node of the same row sits in
 *   between (a step skipped), over the top instead (top → top);
 * - back to an earlier column (a rework loop): under the nodes (bottom → bottom) in
 *   the same lane, else out of the side facing the target's lane;
 * - same column, another lane or row: bottom → top (down) or top → bottom (up).
 */
export function edgeSides(source: PlacedNode, target: PlacedNode, all: readonly PlacedNode[]): { source: Side; target: Side } {
  const sCx = source.x + source.width / 2;
  const tCx = target.x + target.width / 2;
  const sCy = source.y + source.height / 2;
  const tCy = target.y + target.height / 2;
  const forward = target.x >= source.x + source.width - 1;
  const backward = target.x + target.width <= source.x + 1;
  if (forward) {
    const sameRow = source.lane === target.lane && source.row === target.row;
    const blocked =
      sameRow &&
      all.some(
        (n) =>
          n.id !== source.id &&
          n.id !== target.id &&
          n.lane === source.lane &&
          n.row === source.row &&
          n.x > source.x + source.width - 1 &&
          n.x + n.width < target.x + 1,
      );
    return blocked ? { source: 't', target: 't' } : { source: 'r', target: 'l' };
  }
  if (backward) {
    if (source.lane === target.lane) return { source: 'b', target: 'b' };
    return tCy < sCy ? { source: 't', target: 'b' } : { source: 'b', target: 't' };
  }
  if (Math.abs(tCy - sCy) < 1) return tCx >= sCx ? { source: 'r', target: 'l' } : { source: 'b', target: 'b' };
  return tCy > sCy ? { source: 'b', target: 't' } : { source: 't', target: 'b' };
}
