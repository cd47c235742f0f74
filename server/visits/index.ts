import { registerRecordType } from '../platform/records/record-types.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { insertNotification } from '../notifications/index.js';
import { selectEditPeople, selectVisit } from './visits.repository.js';
import { registerVisitHooks } from './visits.procedure.js';

export { visitsRoutes } from './visits.routes.js';
export { createVisit, getVisit, plannedVisitsOf } from './visits.service.js';
export { selectPendingNotices } from './visits.repository.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

export function registerVisitFeature() {
  registerRecordType({
    type: 'visit',
    title: { zh: '客户访问/审核', en: 'Visit / audit' },
    readPermission: 'visits.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const v = await selectVisit(db, id);
      return v ? `${v.number} ${v.partyName}` : null;
    },
    url: (id) => `/visits/${id}`,
    editPeople: selectEditPeople,
  });
  registerVisitHooks();
  registerOutboxHandler('visit.notice', async (db, p) => {
    const v = await selectVisit(db, String(p.visitId));
    if (!v) return;
    await insertNotification(db, {
      userId: String(p.userId),
      refType: 'visit',
      refId: v.id,
      messageKey: 'visit.notice',
      params: { title: `${v.number} ${v.partyName}`, dates: `${v.startDate} – ${v.endDate}` },
    });
  });
}

// used by other features
export { departmentNames } from './visits.procedure.js';
export { acknowledgeNotice, informCustomer, recordMinutes } from './visits.service.js';
