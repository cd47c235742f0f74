import { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import { countUnread, insertNotification, markRead, selectNotifications } from './notifications.repository.js';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { registerOutboxHandler } from '../platform/outbox/outbox.js';
import { recordType } from '../platform/records/record-types.js';
import { Id, IsoDateTime, Ok, RecordRef } from '../../contracts/common.js';

const NotificationItem = z.object({
  id: Id,
  ref: RecordRef,
  messageKey: z.string(),
  params: z.record(z.string(), z.string()),
  url: z.string(),
  createdAt: IsoDateTime,
  read: z.boolean(),
});
const NotificationList = z.object({ items: z.array(NotificationItem), unread: z.int() });

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
  app.get(
    '/api/notifications',
    { config: { access: { authenticated: true } }, schema: { tags: ['notifications'], summary: 'My notifications', response: { 200: NotificationList } } },
    async (request) => listMine(app.db, requireAuth(request).userId),
  );
  app.post(
    '/api/notifications/:id/read',
    {
      config: { record: { anyHolder: "the caller's own notifications; the service checks the recipient" }, access: { authenticated: true } },
      schema: { tags: ['notifications'], summary: 'Mark a notification read', params: z.object({ id: Id }), response: { 200: Ok } },
    },
    async (request) => {
      const auth = requireAuth(request);
      await markRead(app.db, auth.userId, request.params.id);
      return { ok: true as const };
    },
  );
}
