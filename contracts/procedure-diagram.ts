import type { TProcedureDefinition } from './procedures.js';

/**
 * The cross-functional flowchart of a procedure, as a pure function of its definition:
 * one swimlane per responsible department (in order of first appearance), a start event,
 * one node per step, one edge per transition (and a sign-off's approve/reject exits).
 * The web app lays it out and draws it; the BPMN export writes the same model.
 */
export interface DiagramLane {
  id: string;
}
export interface DiagramNode {
  id: string;
  lane: string;
  kind: 'start' | 'task' | 'signoff' | 'end';
  stepId: string | null;
  name: { zh: string; en: string };
  signoffDepartments: string[];
}
export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  label: { zh: string; en: string } | null;
  kind: 'flow' | 'approve' | 'reject';
}
export interface Diagram {
  lanes: DiagramLane[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export const START_NODE = '__start';

export function procedureDiagram(def: TProcedureDefinition): Diagram {
  const lanes: DiagramLane[] = [];
  const laneOf = (id: string) => {
    if (!lanes.some((l) => l.id === id)) lanes.push({ id });
    return id;
  };
  const startStep = def.steps.find((s) => s.id === def.start)!;
  const nodes: DiagramNode[] = [
    { id: START_NODE, lane: laneOf(startStep.lane), kind: 'start', stepId: null, name: { zh: '开始', en: 'Start' }, signoffDepartments: [] },
  ];
  for (const s of def.steps) {
    nodes.push({ id: s.id, lane: laneOf(s.lane), kind: s.kind, stepId: s.id, name: s.name, signoffDepartments: s.signoff?.departments ?? [] });
  }
  const edges: DiagramEdge[] = [{ id: `${START_NODE}->${def.start}`, from: START_NODE, to: def.start, label: null, kind: 'flow' }];
  for (const t of def.transitions) edges.push({ id: t.id, from: t.from, to: t.to, label: t.action, kind: 'flow' });
  for (const s of def.steps) {
    if (!s.signoff) continue;
    edges.push({ id: `${s.id}:approve`, from: s.id, to: s.signoff.approveTo, label: { zh: '全部同意', en: 'All accepted' }, kind: 'approve' });
    edges.push({ id: `${s.id}:reject`, from: s.id, to: s.signoff.rejectTo, label: { zh: '有部门拒绝', en: 'Rejected' }, kind: 'reject' });
  }
  return { lanes, nodes, edges };
}
