import { registerRecordType } from '../platform/records/record-types.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { insertNotification } from '../notifications/index.js';
import { selectDepartments } from '../identity/index.js';
import { selectMeeting, selectMeetingEditPeople, selectPlan, selectPlanEditPeople } from './internal.repository.js';
import { registerPlanHooks } from './internal.procedure.js';

export { internalRoutes } from './internal.routes.js';
export { createPlan, createMeeting } from './internal.service.js';
export { selectMinutesToAcknowledge, selectPlansAwaitingReply } from './internal.repository.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

export function registerInternalFeature() {
  registerRecordType({
    type: 'communication-plan',
    title: { zh: '内部沟通计划', en: 'Internal communication plan' },
    readPermission: 'internal.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const p = await selectPlan(db, id);
      return p ? `${p.number} ${p.title}` : null;
    },
    url: (id) => `/communication-plans/${id}`,
    editPeople: selectPlanEditPeople,
  });
  registerRecordType({
    type: 'meeting',
    title: { zh: '会议记要', en: 'Meeting minutes' },
    readPermission: 'internal.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const m = await selectMeeting(db, id);
      return m ? `${m.number} ${m.title}` : null;
    },
    url: (id) => `/meetings/${id}`,
    editPeople: selectMeetingEditPeople,
  });
  registerPlanHooks();
  registerOutboxHandler('plan.reply', async (db, p) => {
    const plan = await selectPlan(db, String(p.planId));
    if (!plan) return;
    const d = (await selectDepartments(db)).find((x) => x.code === String(p.department));
    const department = d ? `${d.nameZh} ${d.nameEn}` : String(p.department);
    await insertNotification(db, {
      userId: String(p.userId),
      refType: 'communication-plan',
      refId: plan.id,
      messageKey: 'plan.reply',
      params: { title: `${plan.number} ${plan.title}`, department },
    });
  });
  registerOutboxHandler('meeting.minutes', async (db, p) => {
    const m = await selectMeeting(db, String(p.meetingId));
    if (!m) return;
    await insertNotification(db, {
      userId: String(p.userId),
      refType: 'meeting',
      refId: m.id,
      messageKey: 'meeting.minutes',
      params: { title: `${m.number} ${m.title}` },
    });
  });
}

// used by other features
export { acknowledgeMeeting, addMeetingAction, createSeries, distributeMeeting, getMeeting, replyToPlan, updateMeeting } from './internal.service.js';
