import { registerRecordType, uuidsOf } from '../platform/records/record-types.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { insertNotification } from '../notifications/index.js';
import { actionNumber } from './actions.service.js';
import { selectAction, selectActionTitles, selectEditPeople } from './actions.repository.js';

export { actionsRoutes, siteToday } from './actions.routes.js';
export { createAction, getAction, listActions, completeProcedureTasks, cancelProcedureTasks, actionsOfSource } from './actions.service.js';

export function registerActionFeature() {
  registerRecordType({
    type: 'action',
    title: { zh: '措施项', en: 'Action item' },
    readPermission: 'communications.read',
    fetchTitle: async (db, id) => {
      const a = await selectAction(db, id);
      return a ? `${actionNumber(a.seq)} ${a.title}` : null;
    },
    fetchTitles: async (db, ids) => new Map((await selectActionTitles(db, uuidsOf(ids))).map((a) => [a.id, `${actionNumber(a.seq)} ${a.title}`])),
    url: (id) => `/actions/${id}`,
    editPeople: selectEditPeople,
  });
  for (const [topic, key] of [
    ['action.assigned', 'action.assigned'],
    ['action.verify', 'action.verify'],
  ] as const) {
    registerOutboxHandler(topic, async (db, p) => {
      const a = await selectAction(db, String(p.actionId));
      if (!a) return;
      await insertNotification(db, {
        userId: String(p.userId),
        refType: 'action',
        refId: a.id,
        messageKey: key,
        params: { title: `${actionNumber(a.seq)} ${a.title}`, dueDate: a.dueDate },
      });
    });
  }
  // the previous owner learns that a colleague of the department took the item
  registerOutboxHandler('action.claimed', async (db, p) => {
    const a = await selectAction(db, String(p.actionId));
    if (!a) return;
    await insertNotification(db, {
      userId: String(p.userId),
      refType: 'action',
      refId: a.id,
      messageKey: 'action.claimed',
      params: { title: `${actionNumber(a.seq)} ${a.title}`, by: String(p.by ?? '') },
    });
  });
}

// used by other features
export { actionNumber } from './actions.service.js';
