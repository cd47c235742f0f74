import { registerRecordType } from '../platform/records/record-types.js';
import { selectInstance } from './procedures.repository.js';

export { usersWithRole } from './procedures.repository.js';

export { proceduresRoutes } from './procedures.routes.js';
export { initProcedures } from './catalogue.js';
export { startProcedure, autoStartProcedures, instancesOf, performTransition, signOff } from './engine.service.js';
export { registerGuard, registerEffect, registerDeadlineOverride, type ProcedureContext } from './registry.js';
export { setDeadlineProvider, type DeadlineCalculator } from './deadlines.js';
export { sweepClocks, startEscalationSweeper } from './escalation.js';

export function registerProcedureRecordTypes() {
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
