import { registerRecordType, uuidsOf } from '../platform/records/record-types.js';
import { selectComplaint, selectComplaintTitles, selectEditPeople } from './complaints.repository.js';
import { registerComplaintProcedureHooks } from './complaints.procedure.js';
import { templateDeadline } from './complaints.service.js';
import { registerDeadlineOverride } from '../procedures/index.js';

export { complaintsRoutes } from './complaints.routes.js';
export { createComplaint, getComplaint, listComplaints, recordCustomerConfirmation } from './complaints.service.js';

export function registerComplaintFeature() {
  registerRecordType({
    type: 'complaint',
    title: { zh: '客户投诉', en: 'Customer complaint' },
    readPermission: 'complaints.read',
    fetchTitle: async (db, id) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const c = await selectComplaint(db, id);
      return c ? `${c.number} ${c.partyName} ${c.model}` : null;
    },
    fetchTitles: async (db, ids) => new Map((await selectComplaintTitles(db, uuidsOf(ids))).map((c) => [c.id, `${c.number} ${c.partyName} ${c.model}`])),
    url: (id) => `/complaints/${id}`,
    editPeople: selectEditPeople,
  });
  registerComplaintProcedureHooks();
  // a customer's timing template gives the step deadlines of its complaints
  registerDeadlineOverride('complaint', (tx, ref, stepId) => templateDeadline(tx, ref.id, stepId));
}

// used by other features
export { recordAssessment, saveContainment, setProblem, setTeam } from './complaints.service.js';
// the demo data's complaints (server/demo/load-records.ts)
export { addCorrectiveAction, setRootCause } from './complaints.service.js';
