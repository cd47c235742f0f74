import type { TInstanceView, TProcedureDefinition } from '../../../contracts/procedures.js';

export interface PathItem {
  stepId: string;
  state: 'done' | 'current' | 'ahead';
  /** the visit, for steps passed or current */
  visit?: TInstanceView['history'][number];
}

/**
 * The compact path of one record through a procedure: the steps it visited (in order,
 * a rework loop shows a step again), the step it is at, then the usual way on to the end
 * (the first transition of each step that leads somewhere new; a sign-off's approval). A record on a route
 * (`route`, e.g. a complaint's short-8d path) goes the transitions declared for that route (`routes:`), then
 * the ones for every route — never another route's.
 */
export function stepPath(def: TProcedureDefinition, instance: Pick<TInstanceView, 'state' | 'status' | 'history'>, route?: string | null): PathItem[] {
  const visits = [...instance.history].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
  const items: PathItem[] = visits.map((v, i) => ({
    stepId: v.stepId,
    state: i === visits.length - 1 && instance.status === 'open' ? 'current' : 'done',
    visit: v,
  }));
  if (!items.length) items.push({ stepId: instance.state, state: instance.status === 'open' ? 'current' : 'done' });
  if (instance.status !== 'open') return items;
  const seen = new Set([instance.state]);
  let at = instance.state;
  for (let guard = 0; guard < def.steps.length; guard++) {
    const step = def.steps.find((s) => s.id === at);
    if (!step || step.kind === 'end') break;
    const onward = def.transitions.filter((t) => t.from === at && !seen.has(t.to));
    // a record on a route (the complaint's path) follows that route's transitions first, never another route's
    const usual = route ? (onward.find((t) => t.routes?.includes(route)) ?? onward.find((t) => !t.routes?.length)) : onward[0];
    const next = step.signoff?.approveTo ?? usual?.to;
    if (!next || seen.has(next)) break;
    items.push({ stepId: next, state: 'ahead' });
    seen.add(next);
    at = next;
  }
  return items;
}
