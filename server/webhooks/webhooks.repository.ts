import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { rows } from '../platform/db/client.js';
import { webhookDeliveries, webhookEvents, webhookSubscriptions } from './webhooks.table.js';

const subColumns = {
  id: webhookSubscriptions.id,
  name: webhookSubscriptions.name,
  url: webhookSubscriptions.url,
  events: webhookSubscriptions.events,
  active: webhookSubscriptions.active,
  disabledReason: webhookSubscriptions.disabledReason,
  consecutiveFailures: webhookSubscriptions.consecutiveFailures,
  maxConsecutiveFailures: webhookSubscriptions.maxConsecutiveFailures,
  createdAt: webhookSubscriptions.createdAt,
  version: webhookSubscriptions.version,
};
export type SubscriptionRow = Awaited<ReturnType<typeof selectSubscriptions>>[number];

export function selectSubscriptions(db: Executor) {
  return db.select(subColumns).from(webhookSubscriptions).orderBy(webhookSubscriptions.createdAt);
}

export async function selectSubscription(db: Executor, id: string) {
  const [row] = await db
    .select({ ...subColumns, secretEnc: webhookSubscriptions.secretEnc })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.id, id));
  return row;
}

export async function insertSubscription(tx: Executor, v: typeof webhookSubscriptions.$inferInsert) {
  const [row] = await tx.insert(webhookSubscriptions).values(v).returning({ id: webhookSubscriptions.id });
  return row!.id;
}

export async function updateSubscription(tx: Executor, id: string, version: number, v: Partial<typeof webhookSubscriptions.$inferInsert>, by: string | null) {
  const r = await tx
    .update(webhookSubscriptions)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: by })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.version, version)))
    .returning({ id: webhookSubscriptions.id });
  return r.length > 0;
}

/** Active subscriptions to an event type (ids only): asked in the writing transaction of every event. */
export async function selectSubscribers(tx: Executor, type: string): Promise<string[]> {
  const found = await rows<{ id: string }>(tx, sql`select id from webhook_subscriptions where active and events @> ${JSON.stringify([type])}::jsonb`);
  return found.map((r) => r.id);
}

export async function insertEvent(tx: Executor, type: string, data: Record<string, unknown>) {
  const [row] = await tx.insert(webhookEvents).values({ type, data }).returning({ id: webhookEvents.id, occurredAt: webhookEvents.occurredAt });
  return row!;
}

export async function selectEvent(db: Executor, id: string) {
  const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, id));
  return row;
}

export async function insertDelivery(tx: Executor, v: typeof webhookDeliveries.$inferInsert) {
  const [row] = await tx.insert(webhookDeliveries).values(v).returning({ id: webhookDeliveries.id });
  return row!.id;
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  subscriptionId: webhookDeliveries.subscriptionId,
  eventId: webhookDeliveries.eventId,
  eventType: webhookEvents.type,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  responseStatus: webhookDeliveries.responseStatus,
  lastError: webhookDeliveries.lastError,
  createdAt: webhookDeliveries.createdAt,
  deliveredAt: webhookDeliveries.deliveredAt,
  replayOf: webhookDeliveries.replayOf,
};

export function selectDeliveries(db: Executor, subscriptionId: string, limit = 200) {
  return db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

export async function selectDelivery(db: Executor, id: string) {
  const [row] = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, id));
  return row;
}

/** The delivery, locked for this attempt (a second drainer waits, then finds it no longer queued). */
export async function lockDelivery(tx: Executor, id: string) {
  const [row] = await rows<{ id: string; subscription_id: string; event_id: string; status: string; attempts: number; next_attempt_at: Date | string | null }>(
    tx,
    sql`select id, subscription_id, event_id, status, attempts, next_attempt_at from webhook_deliveries where id = ${id} for update`,
  );
  return row;
}

export async function updateDelivery(tx: Executor, id: string, v: Partial<typeof webhookDeliveries.$inferInsert>) {
  await tx.update(webhookDeliveries).set(v).where(eq(webhookDeliveries.id, id));
}

/** Count a failed attempt; the new count in a row. */
export async function countFailure(tx: Executor, subscriptionId: string): Promise<{ failures: number; max: number; active: boolean }> {
  const [row] = await rows<{ consecutive_failures: number; max_consecutive_failures: number; active: boolean }>(
    tx,
    sql`update webhook_subscriptions set consecutive_failures = consecutive_failures + 1 where id = ${subscriptionId}
        returning consecutive_failures, max_consecutive_failures, active`,
  );
  return { failures: row!.consecutive_failures, max: row!.max_consecutive_failures, active: row!.active };
}

export async function resetFailures(tx: Executor, subscriptionId: string) {
  await tx.execute(sql`update webhook_subscriptions set consecutive_failures = 0 where id = ${subscriptionId} and consecutive_failures <> 0`);
}

/** Switch off after too many failures (only once: the row that is still active). */
export async function autoDisable(tx: Executor, subscriptionId: string): Promise<boolean> {
  const r = await rows<{ id: string }>(
    tx,
    sql`update webhook_subscriptions set active = false, disabled_reason = 'auto', version = version + 1, updated_at = now() where id = ${subscriptionId} and active returning id`,
  );
  return r.length > 0;
}
