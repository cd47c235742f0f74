import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { notifications } from '../platform/platform.table.js';
import { enqueue } from '../platform/outbox/outbox.js';

/** A bell notification; the mail feature decides after commit whether it also goes by mail or to a group robot. */
export async function insertNotification(
  tx: Executor,
  v: { userId: string; refType: string; refId: string; messageKey: string; params: Record<string, string> },
) {
  const [row] = await tx.insert(notifications).values(v).returning({ id: notifications.id });
  await enqueue(tx, 'notification.mail', { id: row!.id });
}

export async function selectNotifications(db: Executor, userId: string, limit = 50) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markRead(db: Executor, userId: string, id: string) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
}
