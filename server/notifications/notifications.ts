import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { notifications } from '../platform/platform.table.js';
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

export async function insertNotification(tx: Executor, v: { userId: string; refType: string; refId: string; messageKey: string; params: Record<string, string> }) {
  await tx.insert(notifications).values(v);
}

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
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(50);
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
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
    unread: unread?.n ?? 0,
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
    { config: { access: { authenticated: true } }, schema: { tags: ['notifications'], summary: 'Mark a notification read', params: z.object({ id: Id }), response: { 200: Ok } } },
    async (request) => {
      const auth = requireAuth(request);
      await app.db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.id, request.params.id), eq(notifications.userId, auth.userId)));
      return { ok: true as const };
    },
  );
}
