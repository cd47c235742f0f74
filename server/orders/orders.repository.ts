import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rows, type Executor } from '../platform/db/client.js';
import { cappedTotal, one, pageRows } from '../platform/db/paging.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import type { TClassificationReason } from '../../contracts/orders.js';
import { communications } from '../communications/communications.table.js';
import { orderClarifications, orderDeliveryChanges, orderDeliveryDates, orderLines, orderShipments, orders } from './orders.table.js';

export const ORDER_PROCEDURE = 'order';
const creator = alias(users, 'creator');
const overrider = alias(users, 'overrider');
const asker = alias(users, 'asker');
const approver = alias(users, 'approver');

/** The order's procedure instance (its status), joined on the {type, id} reference. */
const instanceJoin = and(
  eq(procedureInstances.refType, 'order'),
  eq(procedureInstances.refId, sql`${orders.id}::text`),
  eq(procedureInstances.procedureId, ORDER_PROCEDURE),
);
const openClarificationsSql = sql<number>`(select count(*)::int from ${orderClarifications} where ${orderClarifications.orderId} = ${orders.id} and ${orderClarifications.status} = 'open')`;

const columns = {
  id: orders.id,
  seq: orders.seq,
  number: orders.number,
  partyId: orders.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  customerPo: orders.customerPo,
  form: orders.form,
  orderDate: orders.orderDate,
  receivedAt: orders.receivedAt,
  receiverId: orders.receiverId,
  receiverName: users.displayName,
  contactId: orders.contactId,
  contactName: contacts.name,
  notes: orders.notes,
  writtenOrderOnFile: orders.writtenOrderOnFile,
  writtenOrderAttachmentIds: orders.writtenOrderAttachmentIds,
  writtenOrderAt: orders.writtenOrderAt,
  requirementsConfirmedAt: orders.requirementsConfirmedAt,
  requirementsConfirmationId: orders.requirementsConfirmationId,
  acceptanceConfirmedAt: orders.acceptanceConfirmedAt,
  acceptanceAttachmentIds: orders.acceptanceAttachmentIds,
  reviewWaiverAt: orders.reviewWaiverAt,
  reviewWaiverAttachmentIds: orders.reviewWaiverAttachmentIds,
  reviewWaiverNote: orders.reviewWaiverNote,
  reviewMeetingAt: orders.reviewMeetingAt,
  reviewMeetingAttendees: orders.reviewMeetingAttendees,
  reviewMeetingMinutes: orders.reviewMeetingMinutes,
  reviewMeetingAttachmentIds: orders.reviewMeetingAttachmentIds,
  type: orders.type,
  computedType: orders.computedType,
  classificationReasons: orders.classificationReasons,
  overrideReason: orders.overrideReason,
  overriddenByName: overrider.displayName,
  overriddenAt: orders.overriddenAt,
  reviewedAt: orders.reviewedAt,
  voidedAt: orders.voidedAt,
  version: orders.version,
  createdAt: orders.createdAt,
  createdByName: creator.displayName,
  updatedAt: orders.updatedAt,
  state: procedureInstances.state,
  instanceStatus: procedureInstances.status,
  openClarifications: openClarificationsSql,
};
export type OrderRow = {
  id: string;
  seq: number;
  number: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  customerPo: string | null;
  form: string;
  orderDate: string;
  receivedAt: Date;
  receiverId: string;
  receiverName: string | null;
  contactId: string | null;
  contactName: string | null;
  notes: string | null;
  writtenOrderOnFile: boolean;
  writtenOrderAttachmentIds: string[];
  writtenOrderAt: Date | null;
  requirementsConfirmedAt: Date | null;
  requirementsConfirmationId: string | null;
  acceptanceConfirmedAt: Date | null;
  acceptanceAttachmentIds: string[];
  reviewWaiverAt: Date | null;
  reviewWaiverAttachmentIds: string[];
  reviewWaiverNote: string | null;
  reviewMeetingAt: Date | null;
  reviewMeetingAttendees: string | null;
  reviewMeetingMinutes: string | null;
  reviewMeetingAttachmentIds: string[];
  type: string;
  computedType: string;
  classificationReasons: TClassificationReason[];
  overrideReason: string | null;
  overriddenByName: string | null;
  overriddenAt: Date | null;
  reviewedAt: Date | null;
  voidedAt: Date | null;
  version: number;
  createdAt: Date;
  createdByName: string | null;
  updatedAt: Date;
  state: string | null;
  instanceStatus: string | null;
  openClarifications: number;
};

function base(db: Executor) {
  return db
    .select(columns)
    .from(orders)
    .innerJoin(parties, eq(parties.id, orders.partyId))
    .leftJoin(users, eq(users.id, orders.receiverId))
    .leftJoin(contacts, eq(contacts.id, orders.contactId))
    .leftJoin(creator, eq(creator.id, orders.createdBy))
    .leftJoin(overrider, eq(overrider.id, orders.overriddenBy))
    .leftJoin(procedureInstances, instanceJoin);
}

export interface OrderFilter {
  partyId?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  q?: string | undefined;
  includeVoided?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function selectOrders(db: Executor, f: OrderFilter) {
  const where: (SQL | undefined)[] = [];
  if (!f.includeVoided) where.push(isNull(orders.voidedAt));
  if (f.partyId) where.push(eq(orders.partyId, f.partyId));
  if (f.type) where.push(eq(orders.type, f.type));
  if (f.status) where.push(eq(procedureInstances.state, f.status));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(orders.number, like),
        ilike(orders.customerPo, like),
        ilike(parties.code, like),
        ilike(parties.nameZh, like),
        sql`exists (select 1 from ${orderLines} where ${orderLines.orderId} = ${orders.id} and ${orderLines.voidedAt} is null and (${orderLines.model} ilike ${like} or ${orderLines.spec} ilike ${like}))`,
      ),
    );
  }
  const cond = where.length ? and(...where) : undefined;
  // the rows of the page are chosen first (the index on received_at, seq walked until the page is full; the instance's
  // join is dropped by the planner when no filter reads it) and only those rows are joined and described
  const pageIds = db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(parties, eq(parties.id, orders.partyId))
    .leftJoin(procedureInstances, instanceJoin)
    .where(cond)
    .orderBy(desc(orders.receivedAt), desc(orders.seq))
    .limit(f.limit)
    .offset(f.offset);
  const [items, total] = await Promise.all([
    pageRows(pageIds, (ids) => base(db).where(inArray(orders.id, ids)).orderBy(desc(orders.receivedAt), desc(orders.seq))),
    cappedTotal(
      db,
      db.select(one).from(orders).innerJoin(parties, eq(parties.id, orders.partyId)).leftJoin(procedureInstances, instanceJoin).where(cond),
      f.offset,
      f.limit,
    ),
  ]);
  return { items: items as OrderRow[], ...total };
}

export async function selectOrder(db: Executor, id: string): Promise<OrderRow | undefined> {
  const [row] = await base(db).where(eq(orders.id, id));
  return row as OrderRow | undefined;
}

/** Another order of the customer with the same PO number (trimmed, case-insensitive). */
export async function selectOrderByPo(db: Executor, partyId: string, customerPo: string, exceptId?: string) {
  const [row] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(
      and(
        eq(orders.partyId, partyId),
        sql`upper(trim(${orders.customerPo})) = upper(trim(${customerPo}))`,
        isNull(orders.voidedAt),
        exceptId ? sql`${orders.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return row;
}

export interface OrderValues {
  customerPo: string | null;
  form: string;
  orderDate: string;
  receivedAt: Date;
  receiverId: string;
  contactId: string | null;
  notes: string | null;
  writtenOrderOnFile: boolean;
  writtenOrderAttachmentIds: string[];
  writtenOrderAt: Date | null;
  type: string;
  computedType: string;
  classificationReasons: TClassificationReason[];
  overrideReason: string | null;
  overriddenBy: string | null;
  overriddenAt: Date | null;
  /** the incoming mail it was taken from (接单) */
  originCommunicationId?: string | null;
}

/** Insert an order; its number is SO-<year of the order date>-<n>, gapless and starting again each year. */
export async function insertOrder(tx: Executor, partyId: string, v: OrderValues, actorId: string): Promise<string> {
  const year = v.orderDate.slice(0, 4);
  const n = await nextNumber(
    tx,
    `order:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from orders where number like ${`SO-${year}-%`}`,
  );
  const number = `SO-${year}-${String(n).padStart(4, '0')}`;
  const [row] = await tx
    .insert(orders)
    .values({ partyId, ...v, number, createdBy: actorId, updatedBy: actorId })
    .returning({ id: orders.id });
  return row!.id;
}

export async function updateOrderRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<
    OrderValues & {
      reviewedAt: Date;
      reviewedBy: string;
      voidedAt: Date;
      voidReason: string;
      requirementsConfirmedAt: Date;
      requirementsConfirmationId: string;
      acceptanceConfirmedAt: Date;
      acceptanceAttachmentIds: string[];
      reviewWaiverAt: Date;
      reviewWaiverAttachmentIds: string[];
      reviewWaiverNote: string;
      reviewMeetingAt: Date;
      reviewMeetingAttendees: string;
      reviewMeetingMinutes: string;
      reviewMeetingAttachmentIds: string[];
    }
  >,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(orders)
    .set({ ...v, version: sql`${orders.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(orders.id, id), eq(orders.version, version)))
    .returning({ id: orders.id });
  return res.length > 0;
}

/** Inside a procedure transition (the instance is the lock): no version check. */
export async function markOrderReviewed(tx: Executor, id: string, actorId: string, at: Date) {
  await tx
    .update(orders)
    .set({ reviewedAt: at, reviewedBy: actorId, version: sql`${orders.version} + 1`, updatedAt: at, updatedBy: actorId })
    .where(eq(orders.id, id));
}

// ---- lines ------------------------------------------------------------------------------
const lineColumns = {
  id: orderLines.id,
  orderId: orderLines.orderId,
  lineNo: orderLines.lineNo,
  productId: orderLines.productId,
  model: orderLines.model,
  spec: orderLines.spec,
  quantity: orderLines.quantity,
  unit: orderLines.unit,
  requestedDate: orderLines.requestedDate,
  use: orderLines.use,
  qualityStandard: orderLines.qualityStandard,
  hsfRequirement: orderLines.hsfRequirement,
  specialRequirements: orderLines.specialRequirements,
  acceptanceBasis: orderLines.acceptanceBasis,
  unitPrice: orderLines.unitPrice,
  currency: orderLines.currency,
  unclear: orderLines.unclear,
  unclearNote: orderLines.unclearNote,
  voidedAt: orderLines.voidedAt,
};
export type LineRow = {
  id: string;
  orderId: string;
  lineNo: number;
  productId: string | null;
  model: string;
  spec: string | null;
  quantity: number;
  unit: string;
  requestedDate: string;
  use: string | null;
  qualityStandard: string | null;
  hsfRequirement: string | null;
  specialRequirements: string | null;
  acceptanceBasis: string;
  unitPrice: string | null;
  currency: string;
  unclear: boolean;
  unclearNote: string | null;
  voidedAt: Date | null;
};
export type LineValues = Omit<LineRow, 'id' | 'orderId' | 'voidedAt'>;

export function selectLines(db: Executor, orderIds: string[]): Promise<LineRow[]> {
  if (!orderIds.length) return Promise.resolve([]);
  return db
    .select(lineColumns)
    .from(orderLines)
    .where(and(inArray(orderLines.orderId, orderIds), isNull(orderLines.voidedAt)))
    .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
}

export async function insertLine(tx: Executor, orderId: string, v: LineValues, actorId: string) {
  await tx.insert(orderLines).values({ orderId, ...v, createdBy: actorId, updatedBy: actorId });
}

export async function updateLine(tx: Executor, id: string, v: LineValues, actorId: string) {
  await tx
    .update(orderLines)
    .set({ ...v, version: sql`${orderLines.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(orderLines.id, id));
}

export async function voidLines(tx: Executor, ids: string[], actorId: string) {
  if (!ids.length) return;
  await tx.update(orderLines).set({ voidedAt: new Date(), updatedAt: new Date(), updatedBy: actorId }).where(inArray(orderLines.id, ids));
}

export async function setLineClear(tx: Executor, id: string, actorId: string) {
  await tx
    .update(orderLines)
    .set({ unclear: false, version: sql`${orderLines.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(orderLines.id, id));
}

/**
 * The same customer's model on the most recently reviewed order (other than this one):
 * the price a continuous order must repeat [QC 4.3.1].
 */
export async function selectLastReviewedLine(db: Executor, partyId: string, model: string, exceptOrderId: string | null, reviewedBefore: Date | null = null) {
  const [row] = await db
    .select({
      orderId: orders.id,
      number: orders.number,
      unitPrice: orderLines.unitPrice,
      currency: orderLines.currency,
      spec: orderLines.spec,
      qualityStandard: orderLines.qualityStandard,
      hsfRequirement: orderLines.hsfRequirement,
      use: orderLines.use,
      specialRequirements: orderLines.specialRequirements,
      acceptanceBasis: orderLines.acceptanceBasis,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        eq(orders.partyId, partyId),
        isNotNull(orders.reviewedAt),
        isNull(orders.voidedAt),
        isNull(orderLines.voidedAt),
        sql`upper(${orderLines.model}) = upper(${model})`,
        exceptOrderId ? sql`${orders.id} <> ${exceptOrderId}` : undefined,
        reviewedBefore ? sql`${orders.reviewedAt} < ${reviewedBefore}` : undefined,
      ),
    )
    .orderBy(desc(orders.reviewedAt), asc(orderLines.lineNo))
    .limit(1);
  return row;
}

// ---- clarifications ---------------------------------------------------------------------
const answerComm = alias(communications, 'answer_comm');
const clarificationColumns = {
  id: orderClarifications.id,
  orderId: orderClarifications.orderId,
  lineId: orderClarifications.lineId,
  lineNo: orderLines.lineNo,
  question: orderClarifications.question,
  contactId: orderClarifications.contactId,
  contactName: contacts.name,
  channel: orderClarifications.channel,
  askedAt: orderClarifications.askedAt,
  askedByName: asker.displayName,
  askCommunicationId: orderClarifications.askCommunicationId,
  answer: orderClarifications.answer,
  decision: orderClarifications.decision,
  answeredAt: orderClarifications.answeredAt,
  answerCommunicationId: orderClarifications.answerCommunicationId,
  /** the channel the answer came by (its communication's), which may differ from the question's */
  answerChannel: answerComm.channel,
  status: orderClarifications.status,
  version: orderClarifications.version,
};
export type ClarificationRow = {
  id: string;
  orderId: string;
  lineId: string | null;
  lineNo: number | null;
  question: string;
  contactId: string | null;
  contactName: string | null;
  channel: string;
  askedAt: Date;
  askedByName: string | null;
  askCommunicationId: string | null;
  answer: string | null;
  decision: string | null;
  answeredAt: Date | null;
  answerCommunicationId: string | null;
  answerChannel: string | null;
  status: string;
  version: number;
};

function clarificationBase(db: Executor) {
  return db
    .select(clarificationColumns)
    .from(orderClarifications)
    .leftJoin(orderLines, eq(orderLines.id, orderClarifications.lineId))
    .leftJoin(contacts, eq(contacts.id, orderClarifications.contactId))
    .leftJoin(asker, eq(asker.id, orderClarifications.askedBy))
    .leftJoin(answerComm, eq(answerComm.id, orderClarifications.answerCommunicationId));
}

export async function selectClarifications(db: Executor, orderId: string): Promise<ClarificationRow[]> {
  return clarificationBase(db)
    .where(eq(orderClarifications.orderId, orderId))
    .orderBy(asc(orderClarifications.askedAt), asc(orderClarifications.createdAt)) as Promise<ClarificationRow[]>;
}

export async function selectClarification(db: Executor, id: string): Promise<ClarificationRow | undefined> {
  const [row] = await clarificationBase(db).where(eq(orderClarifications.id, id));
  return row as ClarificationRow | undefined;
}

export async function countOpenClarifications(db: Executor, orderId: string, lineId?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orderClarifications)
    .where(and(eq(orderClarifications.orderId, orderId), eq(orderClarifications.status, 'open'), lineId ? eq(orderClarifications.lineId, lineId) : undefined));
  return row?.n ?? 0;
}

export async function insertClarification(
  tx: Executor,
  v: { orderId: string; lineId: string | null; question: string; contactId: string | null; channel: string; askedAt: Date; askedBy: string },
  actorId: string,
): Promise<string> {
  const [row] = await tx
    .insert(orderClarifications)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: orderClarifications.id });
  return row!.id;
}

export async function updateClarificationRow(
  tx: Executor,
  id: string,
  version: number | null,
  v: Partial<{
    askCommunicationId: string;
    answer: string;
    decision: string;
    answeredAt: Date;
    answeredBy: string;
    answerCommunicationId: string;
    status: string;
  }>,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(orderClarifications)
    .set({ ...v, version: sql`${orderClarifications.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(orderClarifications.id, id), version === null ? undefined : eq(orderClarifications.version, version)))
    .returning({ id: orderClarifications.id });
  return res.length > 0;
}

// ---- delivery plan, its changes, shipments ------------------------------------------------
export function selectDeliveryDates(db: Executor, orderId: string) {
  return db
    .select({
      id: orderDeliveryDates.id,
      lineId: orderDeliveryDates.lineId,
      plannedDate: orderDeliveryDates.plannedDate,
      revision: orderDeliveryDates.revision,
    })
    .from(orderDeliveryDates)
    .where(eq(orderDeliveryDates.orderId, orderId));
}

export async function upsertDeliveryDate(tx: Executor, v: { orderId: string; lineId: string; plannedDate: string; revision: number }, actorId: string) {
  await tx
    .insert(orderDeliveryDates)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .onConflictDoUpdate({
      target: [orderDeliveryDates.lineId],
      set: { plannedDate: v.plannedDate, revision: v.revision, version: sql`${orderDeliveryDates.version} + 1`, updatedAt: new Date(), updatedBy: actorId },
    });
}

const changeColumns = {
  id: orderDeliveryChanges.id,
  orderId: orderDeliveryChanges.orderId,
  lineId: orderDeliveryChanges.lineId,
  lineNo: orderLines.lineNo,
  revision: orderDeliveryChanges.revision,
  oldDate: orderDeliveryChanges.oldDate,
  newDate: orderDeliveryChanges.newDate,
  reason: orderDeliveryChanges.reason,
  reasonNote: orderDeliveryChanges.reasonNote,
  approvedByName: approver.displayName,
  notifyCommunicationId: orderDeliveryChanges.notifyCommunicationId,
  customerAckAt: orderDeliveryChanges.customerAckAt,
  ackCommunicationId: orderDeliveryChanges.ackCommunicationId,
  createdAt: orderDeliveryChanges.createdAt,
  createdByName: creator.displayName,
  version: orderDeliveryChanges.version,
};
function changeBase(db: Executor) {
  return db
    .select(changeColumns)
    .from(orderDeliveryChanges)
    .innerJoin(orderLines, eq(orderLines.id, orderDeliveryChanges.lineId))
    .leftJoin(approver, eq(approver.id, orderDeliveryChanges.approvedBy))
    .leftJoin(creator, eq(creator.id, orderDeliveryChanges.createdBy));
}
export type DeliveryChangeRow = Awaited<ReturnType<typeof selectDeliveryChanges>>[number];

export function selectDeliveryChanges(db: Executor, orderId: string) {
  return changeBase(db).where(eq(orderDeliveryChanges.orderId, orderId)).orderBy(asc(orderDeliveryChanges.createdAt), asc(orderDeliveryChanges.revision));
}

export async function selectDeliveryChange(db: Executor, id: string) {
  const [row] = await changeBase(db).where(eq(orderDeliveryChanges.id, id));
  return row;
}

export async function insertDeliveryChange(
  tx: Executor,
  v: {
    orderId: string;
    lineId: string;
    revision: number;
    oldDate: string;
    newDate: string;
    reason: string;
    reasonNote: string | null;
    approvedBy: string;
    notifyCommunicationId: string;
  },
  actorId: string,
): Promise<string> {
  const [row] = await tx
    .insert(orderDeliveryChanges)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: orderDeliveryChanges.id });
  return row!.id;
}

export async function acknowledgeDeliveryChangeRow(
  tx: Executor,
  id: string,
  version: number,
  v: { customerAckAt: Date; ackCommunicationId: string },
  actorId: string,
) {
  const res = await tx
    .update(orderDeliveryChanges)
    .set({ ...v, version: sql`${orderDeliveryChanges.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(orderDeliveryChanges.id, id), eq(orderDeliveryChanges.version, version), isNull(orderDeliveryChanges.customerAckAt)))
    .returning({ id: orderDeliveryChanges.id });
  return res.length > 0;
}

export function selectShipments(db: Executor, orderId: string) {
  return db
    .select({
      id: orderShipments.id,
      lineId: orderShipments.lineId,
      lineNo: orderLines.lineNo,
      quantity: orderShipments.quantity,
      shippedAt: orderShipments.shippedAt,
      note: orderShipments.note,
      createdByName: creator.displayName,
    })
    .from(orderShipments)
    .innerJoin(orderLines, eq(orderLines.id, orderShipments.lineId))
    .leftJoin(creator, eq(creator.id, orderShipments.createdBy))
    .where(eq(orderShipments.orderId, orderId))
    .orderBy(asc(orderShipments.shippedAt), asc(orderLines.lineNo));
}

export async function insertShipment(
  tx: Executor,
  v: { orderId: string; lineId: string; quantity: number; shippedAt: Date; note: string | null },
  actorId: string,
) {
  await tx.insert(orderShipments).values({ ...v, createdBy: actorId, updatedBy: actorId });
}

/** Bump the order's version for a change held in a child table (plan, change, shipment). */
export async function touchOrder(tx: Executor, id: string, version: number, actorId: string): Promise<boolean> {
  return updateOrderRow(tx, id, version, {}, actorId);
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ receiverId: orders.receiverId, createdBy: orders.createdBy }).from(orders).where(eq(orders.id, id));
  return r ? { owners: [r.receiverId, r.createdBy] } : null;
}

// ---- for other features: what a complaint may point at (the customer's own order lines and shipments) -----------

/** The customer's order lines (newest orders first) with their shipments; no prices. */
export async function selectPartyOrderLines(db: Executor, partyId: string, q?: string) {
  const where: (SQL | undefined)[] = [eq(orders.partyId, partyId), isNull(orders.voidedAt), isNull(orderLines.voidedAt)];
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(orders.number, like), ilike(orders.customerPo, like), ilike(orderLines.model, like)));
  }
  const lines = await db
    .select({
      orderId: orders.id,
      orderNumber: orders.number,
      customerPo: orders.customerPo,
      orderDate: orders.orderDate,
      lineId: orderLines.id,
      lineNo: orderLines.lineNo,
      model: orderLines.model,
      quantity: orderLines.quantity,
      unit: orderLines.unit,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(...where))
    .orderBy(desc(orders.orderDate), desc(orders.seq), asc(orderLines.lineNo))
    .limit(200);
  const ships = lines.length
    ? await db
        .select({ id: orderShipments.id, lineId: orderShipments.lineId, shippedAt: orderShipments.shippedAt, quantity: orderShipments.quantity })
        .from(orderShipments)
        .where(
          inArray(
            orderShipments.lineId,
            lines.map((l) => l.lineId),
          ),
        )
        .orderBy(asc(orderShipments.shippedAt))
    : [];
  return lines.map((l) => ({
    ...l,
    shipments: ships.filter((s) => s.lineId === l.lineId).map((s) => ({ id: s.id, shippedAt: s.shippedAt, quantity: s.quantity })),
  }));
}

/** Order lines by id with their order's customer (for checking a reference). */
export async function selectOrderLineRefs(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      lineId: orderLines.id,
      orderId: orders.id,
      partyId: orders.partyId,
      model: orderLines.model,
      voided: sql<boolean>`(${orderLines.voidedAt} is not null or ${orders.voidedAt} is not null)`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(inArray(orderLines.id, ids));
}

/** Shipments by id with their line, order and customer. */
export async function selectShipmentRefs(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ shipmentId: orderShipments.id, lineId: orderShipments.lineId, orderId: orders.id, partyId: orders.partyId, quantity: orderShipments.quantity })
    .from(orderShipments)
    .innerJoin(orders, eq(orders.id, orderShipments.orderId))
    .where(inArray(orderShipments.id, ids));
}

/**
 * The mail an order is taken from, locked for the rest of the transaction so two users taking an order from the
 * same mail at once are served one after the other (the second then finds the first's order).
 */
export async function lockOriginCommunication(tx: Executor, id: string) {
  const [row] = await rows<{ id: string; party_id: string; seq: number; direction: string; channel: string; voided_at: Date | null }>(
    tx,
    sql`select id, party_id, seq, direction, channel, voided_at from communications where id = ${id} for update`,
  );
  return row;
}

/** The live order taken from a mail, if any. */
export async function selectOrderByOrigin(db: Executor, communicationId: string) {
  const [row] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.originCommunicationId, communicationId), isNull(orders.voidedAt)));
  return row;
}

/** What the order form needs of the mail an order is taken from. */
export async function selectCommunicationForDraft(db: Executor, id: string) {
  const [row] = await db
    .select({ subject: communications.subject, partyId: communications.partyId, contactId: communications.contactId, occurredAt: communications.occurredAt })
    .from(communications)
    .where(eq(communications.id, id));
  return row;
}

/** Number and customer of many orders in one statement (the record type's `fetchTitles`). */
export async function selectOrderTitles(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: orders.id, number: orders.number, partyName: parties.nameZh })
    .from(orders)
    .innerJoin(parties, eq(parties.id, orders.partyId))
    .where(inArray(orders.id, ids));
}
