import type { Db } from '../platform/db/client.js';
import { countUnread, insertNotification, markRead, selectNotifications } from './notifications.repository.js';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { recordType } from '../platform/records/record-types.js';
import { implement } from '../platform/http/routes.js';
import { IdParams, Ok } from '../../contracts/common.js';
import { NotificationList } from '../../contracts/notifications.js';
import { notificationRoutes } from '../../contracts/notifications.routes.js';

/** Outbox handlers that turn domain events into in-app notifications. */
export function registerNotificationHandlers() {
  registerOutboxHandler('communication.assigned', async (db, p) => {
    const userId = String(p.userId);
    const refId = String(p.communicationId);
    const title = (await recordType('communication')?.fetchTitle(db, refId)) ?? '';
    await insertNotification(db, { userId, refType: 'communication', refId, messageKey: 'communication.assigned', params: { title } });
  });
}

async function listMine(db: Db, userId: string) {
  const [items, unread] = await Promise.all([selectNotifications(db, userId), countUnread(db, userId)]);
  return {
    items: items.map((n) => ({
      id: n.id,
      ref: { type: n.refType, id: n.refId },
      messageKey: n.messageKey,
      params: n.params,
      url: recordType(n.refType)?.url(n.refId) ?? '/',
      createdAt: n.createdAt.toISOString(),
      read: !!n.readAt,
    })),
    unread,
  };
}

export async function notificationsRoutes(app: App) {
  const r = notificationRoutes;
  const tags = ['notifications'];
  implement(
    app,
    r.list,
    { tags, summary: 'My notifications', config: { access: { authenticated: true } }, schemas: { response: NotificationList } },
    async (request) => listMine(app.db, requireAuth(request).userId),
  );
  implement(
    app,
    r.markRead,
    {
      tags,
      summary: 'Mark a notification read',
      config: { record: { anyHolder: "the caller's own notifications; the service checks the recipient" }, access: { authenticated: true } },
      schemas: { params: IdParams, response: Ok },
    },
    async (request) => {
      const auth = requireAuth(request);
      await markRead(app.db, auth.userId, request.params.id);
      return { ok: true as const };
    },
  );
}
