import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import ELK from 'elkjs/lib/elk.bundled.js';
import { ProcedureDefinition, type TProcedureDefinition } from '../../../contracts/procedures.js';
import { procedureDiagram, START_NODE, type Diagram } from '../../../contracts/procedure-diagram.js';
import { DEFAULT_LAYOUT, edgeSides, elkGraph, nodeSize, placeInLanes, type FlowLayout, type PlacedNode } from './flowLayout.js';

const elk = new ELK();
async function layout(d: Diagram): Promise<FlowLayout> {
  return placeInLanes(d, await elk.layout(elkGraph(d)));
}

const enquiry = ProcedureDefinition.parse(parse(fs.readFileSync(new URL('../../../procedures/enquiry/v1.yaml', import.meta.url), 'utf8')));

/** Three departments, a parallel sign-off with a rejection loop back to an earlier lane. */
const review: TProcedureDefinition = ProcedureDefinition.parse({
  id: 'review',
  version: 1,
  documentNo: 'T-01',
  title: { zh: '合同评审', en: 'Contract review' },
  recordType: 'communication',
  start: 'draft',
  steps: [
    { id: 'draft', name: { zh: '起草', en: 'Draft' }, lane: 'sales', deadline: { amount: 2, unit: 'workingDays' } },
    { id: 'check', name: { zh: '技术确认', en: 'Check' }, lane: 'engineering' },
    {
      id: 'signoff',
      name: { zh: '会签', en: 'Sign-off' },
      lane: 'quality',
      kind: 'signoff',
      signoff: { departments: ['quality', 'engineering', 'planning'], rejectTo: 'draft', approveTo: 'approved' },
    },
    { id: 'approved', name: { zh: '已批准', en: 'Approved' }, lane: 'sales' },
    { id: 'done', name: { zh: '结束', en: 'Done' }, lane: 'sales', kind: 'end' },
  ],
  transitions: [
    { id: 'submit', from: 'draft', to: 'check', action: { zh: '提交', en: 'Submit' }, roles: ['staff'] },
    { id: 'to-signoff', from: 'check', to: 'signoff', action: { zh: '送会签', en: 'To sign-off' }, roles: ['staff'] },
    { id: 'send', from: 'approved', to: 'done', action: { zh: '发出', en: 'Send' }, roles: ['staff'] },
    { id: 'cancel', from: 'draft', to: 'done', action: { zh: '取消', en: 'Cancel' }, roles: ['manager'], requiresReason: true },
  ],
  turtle: { owner: 'sales' },
});

const overlaps = (a: PlacedNode, b: PlacedNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function checkInvariants(d: Diagram, l: FlowLayout) {
  // every node once, with its drawn size
  expect(l.nodes.map((n) => n.id).sort()).toEqual(d.nodes.map((n) => n.id).sort());
  for (const n of l.nodes) expect({ width: n.width, height: n.height }).toEqual(nodeSize(d.nodes.find((x) => x.id === n.id)!));
  // lanes: diagram order, stacked without gaps, each node inside its own band, right of the title column
  expect(l.lanes.map((b) => b.id)).toEqual(d.lanes.map((x) => x.id));
  let y = 0;
  for (const band of l.lanes) {
    expect(band.y).toBe(y);
    y += band.height;
  }
  expect(l.height).toBe(y);
  for (const n of l.nodes) {
    const band = l.lanes.find((b) => b.id === n.lane)!;
    expect(n.lane).toBe(d.nodes.find((x) => x.id === n.id)!.lane);
    expect(n.y).toBeGreaterThanOrEqual(band.y);
    expect(n.y + n.height).toBeLessThanOrEqual(band.y + band.height);
    expect(n.x).toBeGreaterThanOrEqual(DEFAULT_LAYOUT.laneHeader);
    expect(n.x + n.width).toBeLessThanOrEqual(l.width);
  }
  // no two nodes on top of each other
  for (const a of l.nodes) for (const b of l.nodes) if (a.id < b.id) expect(overlaps(a, b), `${a.id} × ${b.id}`).toBe(false);
}

describe('flowchart layout', () => {
  it('lays the enquiry out left to right in one lane: start → received → answered → closed', async () => {
    const d = procedureDiagram(enquiry);
    const l = await layout(d);
    checkInvariants(d, l);
    expect(l.lanes).toHaveLength(1);
    const x = (id: string) => l.nodes.find((n) => n.id === id)!.x;
    expect(x(START_NODE)).toBeLessThan(x('received'));
    expect(x('received')).toBeLessThan(x('answered'));
    expect(x('answered')).toBeLessThan(x('closed'));
  });

  it('routes a skipped step (withdraw: received → closed) over the top, the main path side to side', async () => {
    const d = procedureDiagram(enquiry);
    const l = await layout(d);
    const node = (id: string) => l.nodes.find((n) => n.id === id)!;
    expect(edgeSides(node('received'), node('answered'), l.nodes)).toEqual({ source: 'r', target: 'l' });
    expect(edgeSides(node('received'), node('closed'), l.nodes)).toEqual({ source: 't', target: 't' });
  });

  it('puts each department in its own band and keeps the flow order across lanes', async () => {
    const d = procedureDiagram(review);
    const l = await layout(d);
    checkInvariants(d, l);
    expect(l.lanes.map((b) => b.id)).toEqual(['sales', 'engineering', 'quality']);
    const node = (id: string) => l.nodes.find((n) => n.id === id)!;
    expect(node('draft').x).toBeLessThan(node('check').x);
    expect(node('check').x).toBeLessThan(node('signoff').x);
    expect(node('signoff').x).toBeLessThan(node('approved').x);
    // a sign-off node is taller: one line per department
    expect(node('signoff').height).toBeGreaterThan(node('check').height);
    // the rejection goes back up to an earlier lane
    const back = edgeSides(node('signoff'), node('draft'), l.nodes);
    expect(back).toEqual({ source: 't', target: 'b' });
  });

  it('stacks nodes of one lane that elk put in the same column', () => {
    const d: Diagram = {
      lanes: [{ id: 'a' }],
      nodes: [
        { id: 'x', lane: 'a', kind: 'task', stepId: 'x', name: { zh: 'x', en: 'x' }, signoffDepartments: [] },
        { id: 'y', lane: 'a', kind: 'task', stepId: 'y', name: { zh: 'y', en: 'y' }, signoffDepartments: [] },
      ],
      edges: [],
    };
    const l = placeInLanes(d, {
      id: 'root',
      children: [
        { id: 'x', x: 0, y: 0 },
        { id: 'y', x: 0, y: 120 },
      ],
    });
    checkInvariants(d, l);
    const [x, y] = [l.nodes.find((n) => n.id === 'x')!, l.nodes.find((n) => n.id === 'y')!];
    expect(x.row).toBe(0);
    expect(y.row).toBe(1);
    expect(y.y).toBeGreaterThanOrEqual(x.y + x.height + DEFAULT_LAYOUT.rowGap);
    expect(edgeSides(x, y, l.nodes)).toEqual({ source: 'b', target: 't' });
  });

  it('is a pure function of its input', async () => {
    const d = procedureDiagram(review);
    const e = await elk.layout(elkGraph(d));
    expect(placeInLanes(d, e)).toEqual(placeInLanes(d, e));
    expect(elkGraph(d)).toEqual(elkGraph(d));
  });
});
