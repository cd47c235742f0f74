import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { users } from '../identity/identity.table.js';
import { orderConfirmations, orderStatutoryItems, orderTaskSheets } from './orders.table.js';

/** The order's own records the procedure's later steps keep: statutory checklist (QC 4.2.1), confirmation (CS 2.4), task sheet (SP 5.3). */
const reviewer = alias(users, 'reviewer');
const recorder = alias(users, 'recorder');
const preparer = alias(users, 'preparer');
const signer = alias(users, 'signer');

// ---- statutory and regulatory checklist ----------------------------------------------------

export function selectStatutoryItems(db: Executor, orderId: string) {
  return db
    .select({
      id: orderStatutoryItems.id,
      item: orderStatutoryItems.item,
      applicable: orderStatutoryItems.applicable,
      evidence: orderStatutoryItems.evidence,
      reviewedBy: orderStatutoryItems.reviewedBy,
      reviewedByName: reviewer.displayName,
      reviewedAt: orderStatutoryItems.reviewedAt,
      version: orderStatutoryItems.version,
    })
    .from(orderStatutoryItems)
    .leftJoin(reviewer, eq(reviewer.id, orderStatutoryItems.reviewedBy))
    .where(eq(orderStatutoryItems.orderId, orderId));
}
export type StatutoryRow = Awaited<ReturnType<typeof selectStatutoryItems>>[number];

type StatutoryValues = { applicable: string; evidence: string | null; reviewedBy: string | null; reviewedAt: Date | null };

export async function insertStatutoryItem(tx: Executor, orderId: string, item: string, v: StatutoryValues, actorId: string) {
  await tx.insert(orderStatutoryItems).values({ orderId, item, ...v, createdBy: actorId, updatedBy: actorId });
}

export async function updateStatutoryItem(tx: Executor, id: string, version: number, v: StatutoryValues, actorId: string) {
  const res = await tx
    .update(orderStatutoryItems)
    .set({ ...v, version: sql`${orderStatutoryItems.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(orderStatutoryItems.id, id), eq(orderStatutoryItems.version, version)))
    .returning({ id: orderStatutoryItems.id });
  return res.length > 0;
}

// ---- order confirmation with the customer ----------------------------------------------------

export function selectConfirmations(db: Executor, orderId: string) {
  return db
    .select({
      id: orderConfirmations.id,
      deliveryAddress: orderConfirmations.deliveryAddress,
      paymentMethod: orderConfirmations.paymentMethod,
      confirmedBy: orderConfirmations.confirmedBy,
      confirmedAt: orderConfirmations.confirmedAt,
      channel: orderConfirmations.channel,
      communicationId: orderConfirmations.communicationId,
      recordedByName: recorder.displayName,
      createdAt: orderConfirmations.createdAt,
    })
    .from(orderConfirmations)
    .leftJoin(recorder, eq(recorder.id, orderConfirmations.createdBy))
    .where(eq(orderConfirmations.orderId, orderId))
    .orderBy(desc(orderConfirmations.createdAt), desc(orderConfirmations.id));
}

export async function insertConfirmation(
  tx: Executor,
  v: {
    orderId: string;
    deliveryAddress: string;
    paymentMethod: string;
    confirmedBy: string;
    confirmedAt: Date;
    channel: string;
    communicationId: string | null;
  },
  actorId: string,
) {
  await tx.insert(orderConfirmations).values({ ...v, createdBy: actorId, updatedBy: actorId });
}

// ---- production task sheet (生产任务单) --------------------------------------------------------

export function selectTaskSheets(db: Executor, orderId: string) {
  return db
    .select({
      id: orderTaskSheets.id,
      revision: orderTaskSheets.revision,
      productionStart: orderTaskSheets.productionStart,
      productionFinish: orderTaskSheets.productionFinish,
      instructions: orderTaskSheets.instructions,
      preparedByName: preparer.displayName,
      preparedAt: orderTaskSheets.preparedAt,
      status: orderTaskSheets.status,
      signedByName: signer.displayName,
      signedAt: orderTaskSheets.signedAt,
      returnReason: orderTaskSheets.returnReason,
      version: orderTaskSheets.version,
    })
    .from(orderTaskSheets)
    .leftJoin(preparer, eq(preparer.id, orderTaskSheets.preparedBy))
    .leftJoin(signer, eq(signer.id, orderTaskSheets.signedBy))
    .where(eq(orderTaskSheets.orderId, orderId))
    .orderBy(asc(orderTaskSheets.revision));
}

export async function insertTaskSheet(
  tx: Executor,
  v: { orderId: string; revision: number; productionStart: Date; productionFinish: Date; instructions: string; preparedBy: string; preparedAt: Date },
  actorId: string,
) {
  await tx.insert(orderTaskSheets).values({ ...v, createdBy: actorId, updatedBy: actorId });
}

/** The sheet awaiting the GM's signature is signed or returned (exactly one such row, else nothing changes). */
export async function closeTaskSheet(
  tx: Executor,
  id: string,
  version: number,
  v: { status: 'signed' | 'returned'; signedBy?: string; signedAt?: Date; returnReason?: string },
  actorId: string,
) {
  const res = await tx
    .update(orderTaskSheets)
    .set({ ...v, version: sql`${orderTaskSheets.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(orderTaskSheets.id, id), eq(orderTaskSheets.version, version), eq(orderTaskSheets.status, 'awaiting-signature')))
    .returning({ id: orderTaskSheets.id });
  return res.length > 0;
}
