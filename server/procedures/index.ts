import { registerRecordType } from '../platform/records/record-types.js';
import { selectInstance, selectInstancesOf } from './procedures.repository.js';
import { setLaneResolver } from '../platform/records/edit-rights.js';
import { definitionVersion } from './catalogue.js';

/** The departments acting on a record now: each open procedure's step lane, its transitions' own lanes, its sign-off departments. */
async function actingDepartments(db: Parameters<typeof selectInstancesOf>[0], ref: { type: string; id: string }): Promise<string[]> {
  const out = new Set<string>();
  for (const i of await selectInstancesOf(db, ref.type, ref.id)) {
    if (i.status !== 'open') continue;
    const def = definitionVersion(i.procedureId, i.procedureVersion);
    const step = def.steps.find((s) => s.id === i.state);
    if (!step) continue;
    out.add(step.lane);
    for (const d of step.signoff?.departments ?? []) out.add(d);
    for (const t of def.transitions) if (t.from === step.id && t.lane) out.add(t.lane);
  }
  return [...out];
}

export { usersWithRole, selectInstance, selectInstanceFor } from './procedures.repository.js';

export { proceduresRoutes } from './procedures.routes.js';
export { initProcedures, allDefinitions, autoStartDefinitions, definitionVersion } from './catalogue.js';
export {
  startProcedure,
  startProcedureAt,
  openSteps,
  autoStartProcedures,
  instancesOf,
  performTransition,
  performSystemTransition,
  signOff,
  SYSTEM,
  CONTACT,
  type SystemActor,
} from './engine.service.js';
export { stepView, assertEditable } from './views.js';
export { refuse, because } from './refuse.js';
export { registerGuard, registerEffect, registerDeadlineOverride, registerPanels, type ProcedureContext } from './registry.js';
export { setDeadlineProvider, type DeadlineCalculator } from './deadlines.js';
export { sweepClocks, startEscalationSweeper } from './escalation.js';

export function registerProcedureRecordTypes() {
  setLaneResolver(actingDepartments);
  registerRecordType({
    type: 'procedure-instance',
    title: { zh: '程序实例', en: 'Procedure instance' },
    readPermission: 'communications.read',
    fetchTitle: async (db, id) => {
      const i = await selectInstance(db, id);
      return i ? `${i.procedureId} ${i.state}` : null;
    },
    url: () => '/procedures',
  });
}

// used by other features
export { deadlineCalculator, nextCheckAt } from './deadlines.js';
export { insertClock, selectClocks, selectOpenClocks, updateClock } from './procedures.repository.js';
