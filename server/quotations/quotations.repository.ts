import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rows, type Executor } from '../platform/db/client.js';
import { cappedTotal, one, pageRows } from '../platform/db/paging.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { communications } from '../communications/communications.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { actionItems } from '../actions/actions.table.js';
import { orders } from '../orders/orders.table.js';
import { pricePending, quotationFollowUps, quotationLines, quotations, type PriceBreak } from './quotations.table.js';

export const QUOTATION_PROCEDURE = 'quotation';
export const FOLLOW_UP_TASK = 'quotation.follow-up';
const creator = alias(users, 'creator');
const approver = alias(users, 'approver');
const requestComm = alias(communications, 'request_comm');

const instanceJoin = and(
  eq(procedureInstances.refType, 'quotation'),
  eq(procedureInstances.refId, sql`${quotations.id}::text`),
  eq(procedureInstances.procedureId, QUOTATION_PROCEDURE),
);

const columns = {
  id: quotations.id,
  seq: quotations.seq,
  number: quotations.number,
  revision: quotations.revision,
  previousId: quotations.previousId,
  partyId: quotations.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  customerAccepted: parties.acceptedByGm,
  contactId: quotations.contactId,
  contactName: contacts.name,
  requestCommunicationId: quotations.requestCommunicationId,
  requestSeq: requestComm.seq,
  requestAt: quotations.requestAt,
  salespersonId: quotations.salespersonId,
  salespersonName: users.displayName,
  issueDate: quotations.issueDate,
  validUntil: quotations.validUntil,
  currency: quotations.currency,
  terms: quotations.terms,
  notes: quotations.notes,
  priceChangeReason: quotations.priceChangeReason,
  approvedBy: quotations.approvedBy,
  approvedByName: approver.displayName,
  approvedAt: quotations.approvedAt,
  sentAt: quotations.sentAt,
  sentCommunicationId: quotations.sentCommunicationId,
  followUpDue: quotations.followUpDue,
  followUpCount: quotations.followUpCount,
  result: quotations.result,
  resultReason: quotations.resultReason,
  resultAt: quotations.resultAt,
  orderId: quotations.orderId,
  orderNumber: orders.number,
  voidedAt: quotations.voidedAt,
  version: quotations.version,
  createdAt: quotations.createdAt,
  createdBy: quotations.createdBy,
  createdByName: creator.displayName,
  updatedAt: quotations.updatedAt,
  state: procedureInstances.state,
  instanceStatus: procedureInstances.status,
};
export type QuotationRow = {
  id: string;
  seq: number;
  number: string;
  revision: number;
  previousId: string | null;
  partyId: string;
  partyCode: string;
  partyName: string;
  customerAccepted: boolean;
  contactId: string | null;
  contactName: string | null;
  requestCommunicationId: string | null;
  requestSeq: number | null;
  requestAt: Date;
  salespersonId: string;
  salespersonName: string | null;
  issueDate: string;
  validUntil: string;
  currency: string;
  terms: string | null;
  notes: string | null;
  priceChangeReason: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: Date | null;
  sentAt: Date | null;
  sentCommunicationId: string | null;
  followUpDue: string | null;
  followUpCount: number;
  result: string | null;
  resultReason: string | null;
  resultAt: Date | null;
  orderId: string | null;
  orderNumber: string | null;
  voidedAt: Date | null;
  version: number;
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
  updatedAt: Date;
  state: string | null;
  instanceStatus: string | null;
};

function base(db: Executor) {
  return db
    .select(columns)
    .from(quotations)
    .innerJoin(parties, eq(parties.id, quotations.partyId))
    .leftJoin(users, eq(users.id, quotations.salespersonId))
    .leftJoin(contacts, eq(contacts.id, quotations.contactId))
    .leftJoin(creator, eq(creator.id, quotations.createdBy))
    .leftJoin(approver, eq(approver.id, quotations.approvedBy))
    .leftJoin(requestComm, eq(requestComm.id, quotations.requestCommunicationId))
    .leftJoin(orders, eq(orders.id, quotations.orderId))
    .leftJoin(procedureInstances, instanceJoin);
}

export interface QuotationFilter {
  partyId?: string | undefined;
  status?: string | undefined;
  result?: string | undefined;
  followUpDueBy?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function selectQuotations(db: Executor, f: QuotationFilter) {
  const where: (SQL | undefined)[] = [isNull(quotations.voidedAt)];
  if (f.partyId) where.push(eq(quotations.partyId, f.partyId));
  if (f.status) where.push(eq(procedureInstances.state, f.status));
  if (f.result) where.push(eq(quotations.result, f.result));
  if (f.followUpDueBy) where.push(and(lte(quotations.followUpDue, f.followUpDueBy), isNull(quotations.result)));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(quotations.number, like),
        ilike(parties.code, like),
        ilike(parties.nameZh, like),
        sql`exists (select 1 from ${quotationLines} where ${quotationLines.quotationId} = ${quotations.id} and ${quotationLines.voidedAt} is null and (${quotationLines.model} ilike ${like} or ${quotationLines.description} ilike ${like}))`,
      ),
    );
  }
  const cond = and(...where);
  // the page's rows chosen first (index on request_at, seq), only they joined and described; the count capped
  const order = [desc(quotations.requestAt), desc(quotations.seq)];
  const pageIds = db
    .select({ id: quotations.id })
    .from(quotations)
    .innerJoin(parties, eq(parties.id, quotations.partyId))
    .leftJoin(procedureInstances, instanceJoin)
    .where(cond)
    .orderBy(...order)
    .limit(f.limit)
    .offset(f.offset);
  const [items, total] = await Promise.all([
    pageRows(pageIds, (ids) =>
      base(db)
        .where(inArray(quotations.id, ids))
        .orderBy(...order),
    ),
    cappedTotal(
      db,
      db.select(one).from(quotations).innerJoin(parties, eq(parties.id, quotations.partyId)).leftJoin(procedureInstances, instanceJoin).where(cond),
      f.offset,
      f.limit,
    ),
  ]);
  return { items: items as QuotationRow[], ...total };
}

export async function selectQuotation(db: Executor, id: string): Promise<QuotationRow | undefined> {
  const [row] = await base(db).where(eq(quotations.id, id));
  return row as QuotationRow | undefined;
}

export async function selectRevisions(db: Executor, number: string) {
  return db
    .select({ id: quotations.id, revision: quotations.revision, status: procedureInstances.state, result: quotations.result, createdAt: quotations.createdAt })
    .from(quotations)
    .leftJoin(procedureInstances, instanceJoin)
    .where(eq(quotations.number, number))
    .orderBy(asc(quotations.revision));
}

export interface QuotationValues {
  contactId: string | null;
  requestCommunicationId: string | null;
  requestAt: Date;
  salespersonId: string;
  issueDate: string;
  validUntil: string;
  currency: string;
  terms: string | null;
  notes: string | null;
  priceChangeReason: string | null;
}

/** QT-<year of the issue date>-<n>, gapless; a revision keeps its number. */
export async function insertQuotation(
  tx: Executor,
  partyId: string,
  v: QuotationValues,
  actorId: string,
  revisionOf?: { number: string; revision: number; previousId: string },
): Promise<string> {
  let number = revisionOf?.number;
  if (!number) {
    const year = v.issueDate.slice(0, 4);
    const n = await nextNumber(
      tx,
      `quotation:${year}`,
      sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from quotations where number like ${`QT-${year}-%`}`,
    );
    number = `QT-${year}-${String(n).padStart(4, '0')}`;
  }
  const [row] = await tx
    .insert(quotations)
    .values({ partyId, ...v, number, revision: revisionOf?.revision ?? 1, previousId: revisionOf?.previousId ?? null, createdBy: actorId, updatedBy: actorId })
    .returning({ id: quotations.id });
  return row!.id;
}

type QuotationPatch = Partial<
  QuotationValues & {
    approvedBy: string | null;
    approvedAt: Date | null;
    sentAt: Date;
    sentCommunicationId: string;
    followUpDue: string | null;
    followUpCount: number;
    result: string;
    resultReason: string | null;
    resultAt: Date;
    orderId: string;
  }
>;

export async function updateQuotationRow(tx: Executor, id: string, version: number | null, v: QuotationPatch, actorId: string): Promise<boolean> {
  const res = await tx
    .update(quotations)
    .set({ ...v, version: sql`${quotations.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(version === null ? eq(quotations.id, id) : and(eq(quotations.id, id), eq(quotations.version, version)))
    .returning({ id: quotations.id });
  return res.length > 0;
}

// ---- lines ------------------------------------------------------------------------------
const lineColumns = {
  id: quotationLines.id,
  quotationId: quotationLines.quotationId,
  lineNo: quotationLines.lineNo,
  productId: quotationLines.productId,
  model: quotationLines.model,
  description: quotationLines.description,
  quantity: quotationLines.quantity,
  unit: quotationLines.unit,
  unitPrice: quotationLines.unitPrice,
  breaks: quotationLines.breaks,
  discount: quotationLines.discount,
  cost: quotationLines.cost,
};
export type LineRow = {
  id: string;
  quotationId: string;
  lineNo: number;
  productId: string | null;
  model: string;
  description: string | null;
  quantity: number | null;
  unit: string;
  unitPrice: string;
  breaks: PriceBreak[];
  discount: string | null;
  cost: string | null;
};
export type LineValues = Omit<LineRow, 'id' | 'quotationId'>;

export async function selectLines(db: Executor, ids: string[]): Promise<LineRow[]> {
  if (!ids.length) return [];
  return db
    .select(lineColumns)
    .from(quotationLines)
    .where(and(inArray(quotationLines.quotationId, ids), isNull(quotationLines.voidedAt)))
    .orderBy(asc(quotationLines.quotationId), asc(quotationLines.lineNo));
}

export async function insertLine(tx: Executor, quotationId: string, v: LineValues, actorId: string) {
  await tx.insert(quotationLines).values({ quotationId, ...v, createdBy: actorId, updatedBy: actorId });
}
export async function updateLine(tx: Executor, id: string, v: LineValues, actorId: string) {
  await tx
    .update(quotationLines)
    .set({ ...v, version: sql`${quotationLines.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(quotationLines.id, id));
}
export async function voidLines(tx: Executor, ids: string[], actorId: string) {
  if (!ids.length) return;
  await tx
    .update(quotationLines)
    .set({ voidedAt: new Date(), updatedAt: new Date(), updatedBy: actorId, version: sql`${quotationLines.version} + 1` })
    .where(inArray(quotationLines.id, ids));
}

/**
 * The executed price of a model for a customer: the line of its latest accepted quote
 * (other than `exceptNumber`, the quote being priced).
 */
export async function selectExecutedLine(db: Executor, partyId: string, model: string, exceptNumber: string | null) {
  const [row] = await db
    .select({
      quotationId: quotations.id,
      number: quotations.number,
      revision: quotations.revision,
      currency: quotations.currency,
      unitPrice: quotationLines.unitPrice,
      breaks: quotationLines.breaks,
      validUntil: quotations.validUntil,
    })
    .from(quotationLines)
    .innerJoin(quotations, eq(quotations.id, quotationLines.quotationId))
    .where(
      and(
        eq(quotations.partyId, partyId),
        sql`upper(${quotationLines.model}) = upper(${model})`,
        isNull(quotationLines.voidedAt),
        isNull(quotations.voidedAt),
        eq(quotations.result, 'accepted'),
        exceptNumber ? sql`${quotations.number} <> ${exceptNumber}` : undefined,
      ),
    )
    .orderBy(desc(quotations.resultAt), desc(quotations.seq))
    .limit(1);
  return row;
}

/** A quote still open with the customer (approved or sent, no result) within its validity. */
export async function selectOpenQuotedLine(db: Executor, partyId: string, model: string, today: string) {
  const [row] = await db
    .select({
      quotationId: quotations.id,
      number: quotations.number,
      revision: quotations.revision,
      currency: quotations.currency,
      unitPrice: quotationLines.unitPrice,
      breaks: quotationLines.breaks,
      validUntil: quotations.validUntil,
    })
    .from(quotationLines)
    .innerJoin(quotations, eq(quotations.id, quotationLines.quotationId))
    .where(
      and(
        eq(quotations.partyId, partyId),
        sql`upper(${quotationLines.model}) = upper(${model})`,
        isNull(quotationLines.voidedAt),
        isNull(quotations.voidedAt),
        isNull(quotations.result),
        isNotNull(quotations.approvedAt),
        sql`${quotations.validUntil} >= ${today}`,
      ),
    )
    .orderBy(desc(quotations.approvedAt))
    .limit(1);
  return row;
}

/** Every approved quote of the model for the customer, newest first: the price history. */
export async function selectPriceHistory(db: Executor, partyId: string, model: string) {
  return db
    .select({
      quotationId: quotations.id,
      number: quotations.number,
      revision: quotations.revision,
      issueDate: quotations.issueDate,
      validUntil: quotations.validUntil,
      state: procedureInstances.state,
      result: quotations.result,
      currency: quotations.currency,
      unitPrice: quotationLines.unitPrice,
      priceChangeReason: quotations.priceChangeReason,
      approvedByName: approver.displayName,
      approvedAt: quotations.approvedAt,
    })
    .from(quotationLines)
    .innerJoin(quotations, eq(quotations.id, quotationLines.quotationId))
    .leftJoin(approver, eq(approver.id, quotations.approvedBy))
    .leftJoin(procedureInstances, instanceJoin)
    .where(
      and(
        eq(quotations.partyId, partyId),
        sql`upper(${quotationLines.model}) = upper(${model})`,
        isNull(quotationLines.voidedAt),
        isNull(quotations.voidedAt),
        isNotNull(quotations.approvedAt),
      ),
    )
    .orderBy(desc(quotations.approvedAt));
}

// ---- follow-ups ---------------------------------------------------------------------------
export async function selectFollowUps(db: Executor, quotationId: string) {
  return db
    .select({
      id: quotationFollowUps.id,
      followedAt: quotationFollowUps.followedAt,
      dueDate: quotationFollowUps.dueDate,
      onTime: quotationFollowUps.onTime,
      channel: quotationFollowUps.channel,
      content: quotationFollowUps.content,
      result: quotationFollowUps.result,
      communicationId: quotationFollowUps.communicationId,
      byName: users.displayName,
    })
    .from(quotationFollowUps)
    .leftJoin(users, eq(users.id, quotationFollowUps.createdBy))
    .where(eq(quotationFollowUps.quotationId, quotationId))
    .orderBy(asc(quotationFollowUps.followedAt));
}

export async function insertFollowUp(
  tx: Executor,
  v: {
    quotationId: string;
    communicationId: string;
    followedAt: Date;
    dueDate: string | null;
    onTime: boolean;
    channel: string;
    content: string;
    result: string;
  },
  actorId: string,
) {
  await tx.insert(quotationFollowUps).values({ ...v, createdBy: actorId, updatedBy: actorId });
}

/** Sent quotes without a result whose follow-up is due by `date` and have no open follow-up task. */
export async function selectDueFollowUps(db: Executor, date: string) {
  return rows<{ id: string; number: string; revision: number; salespersonId: string; followUpDue: string }>(
    db,
    sql`select q.id, q.number, q.revision, q.salesperson_id as "salespersonId", q.follow_up_due::text as "followUpDue"
          from quotations q
          join procedure_instances i on i.ref_type = 'quotation' and i.ref_id = q.id::text and i.procedure_id = ${QUOTATION_PROCEDURE}
         where q.follow_up_due <= ${date} and q.result is null and q.voided_at is null and i.state = 'sent' and i.status = 'open'
           and not exists (select 1 from ${actionItems} a where a.source_type = 'quotation' and a.source_id = q.id::text and a.purpose = ${FOLLOW_UP_TASK} and a.status = 'open')
         order by q.follow_up_due
         for update of q skip locked`,
  );
}

/** Users of a department (Finance hears of every quote's result). */
export async function usersOfDepartment(db: Executor, code: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`select distinct u.id from users u join user_departments ud on ud.user_id = u.id join departments d on d.id = ud.department_id where u.active and d.code = ${code}`,
  );
  return found.map((r) => r.id);
}

// ---- KPIs ---------------------------------------------------------------------------------
export async function kpiFollowUps(db: Executor, from: string, to: string, today: string) {
  const [row] = await rows<{ due: number; onTime: number }>(
    db,
    sql`select count(*)::int as due,
               count(*) filter (where a.status in ('done', 'verified') and (a.completed_at at time zone 'Asia/Shanghai')::date <= a.due_date)::int as "onTime"
          from ${actionItems} a
         where a.source_type = 'quotation' and a.purpose = ${FOLLOW_UP_TASK} and a.status <> 'cancelled'
           and a.due_date between ${from} and ${to}
           and (a.status in ('done', 'verified') or a.due_date < ${today})`,
  );
  return row ?? { due: 0, onTime: 0 };
}

export async function kpiQuotes(db: Executor, fromAt: Date, toAt: Date) {
  const [row] = await rows<{ sent: number; accepted: number; ordered: number; count: number; hours: number | null }>(
    db,
    sql`select count(*)::int as sent,
               count(*) filter (where result = 'accepted')::int as accepted,
               count(*) filter (where order_id is not null)::int as ordered,
               count(*)::int as count,
               avg(extract(epoch from (sent_at - request_at)) / 3600.0)::float8 as hours
          from quotations
         where voided_at is null and sent_at is not null and sent_at >= ${fromAt} and sent_at < ${toAt} and revision = 1`,
  );
  return row ?? { sent: 0, accepted: 0, ordered: 0, count: 0, hours: null };
}

/** First revisions sent before the draft step's clock ran out (quoted on time). */
export async function kpiQuotedOnTime(db: Executor, fromAt: Date, toAt: Date) {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from quotations q
          join procedure_instances i on i.ref_type = 'quotation' and i.ref_id = q.id::text
          join clocks c on c.owner_type = 'procedure' and c.owner_id = i.id::text and c.step_id = 'draft'
         where q.voided_at is null and q.revision = 1 and q.sent_at >= ${fromAt} and q.sent_at < ${toAt} and coalesce(c.stopped_at, now()) <= c.due_at`,
  );
  return row?.n ?? 0;
}

// ---- produce first, price later ------------------------------------------------------------
const pendingCreator = alias(users, 'pending_creator');
const pendingQuote = alias(quotations, 'pending_quote');
const pendingOrder = alias(orders, 'pending_order');
export async function selectPricePending(db: Executor, f: { id?: string; open?: boolean; partyId?: string }) {
  const where: (SQL | undefined)[] = [];
  if (f.id) where.push(eq(pricePending.id, f.id));
  if (f.open !== undefined) where.push(f.open ? isNull(pricePending.closedAt) : isNotNull(pricePending.closedAt));
  if (f.partyId) where.push(eq(pricePending.partyId, f.partyId));
  return db
    .select({
      id: pricePending.id,
      partyId: pricePending.partyId,
      partyName: parties.nameZh,
      customerAccepted: parties.acceptedByGm,
      model: pricePending.model,
      description: pricePending.description,
      orderId: pricePending.orderId,
      orderNumber: pendingOrder.number,
      startedOn: pricePending.startedOn,
      quotationId: pricePending.quotationId,
      quotationNumber: pendingQuote.number,
      customerPo: pricePending.customerPo,
      poReceivedOn: pricePending.poReceivedOn,
      closedAt: pricePending.closedAt,
      note: pricePending.note,
      createdByName: pendingCreator.displayName,
      version: pricePending.version,
    })
    .from(pricePending)
    .innerJoin(parties, eq(parties.id, pricePending.partyId))
    .leftJoin(pendingCreator, eq(pendingCreator.id, pricePending.createdBy))
    .leftJoin(pendingQuote, eq(pendingQuote.id, pricePending.quotationId))
    .leftJoin(pendingOrder, eq(pendingOrder.id, pricePending.orderId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(pricePending.startedOn), asc(pricePending.createdAt));
}
export type PricePendingRow = Awaited<ReturnType<typeof selectPricePending>>[number];

export async function insertPricePending(
  tx: Executor,
  v: { partyId: string; model: string; description: string | null; orderId: string | null; startedOn: string; note: string | null },
  actorId: string,
) {
  const [row] = await tx
    .insert(pricePending)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: pricePending.id });
  return row!.id;
}

export async function closePricePendingRow(
  tx: Executor,
  id: string,
  version: number,
  v: { quotationId: string; customerPo: string; poReceivedOn: string; closedAt: Date },
  actorId: string,
) {
  const res = await tx
    .update(pricePending)
    .set({ ...v, version: sql`${pricePending.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(pricePending.id, id), eq(pricePending.version, version), isNull(pricePending.closedAt)))
    .returning({ id: pricePending.id });
  return res.length > 0;
}

/** An order's live lines with the customer, for the price check against quotes (read only). */
export async function selectOrderLinesForCheck(db: Executor, orderId: string) {
  return rows<{ lineId: string; lineNo: number; model: string; quantity: number; unitPrice: string | null; currency: string; partyId: string }>(
    db,
    sql`select l.id as "lineId", l.line_no as "lineNo", l.model, l.quantity, l.unit_price::text as "unitPrice", l.currency, o.party_id as "partyId"
          from order_lines l join orders o on o.id = l.order_id
         where l.order_id = ${orderId} and l.voided_at is null
         order by l.line_no`,
  );
}

export async function selectOrderBrief(db: Executor, id: string) {
  const [row] = await db.select({ id: orders.id, partyId: orders.partyId, number: orders.number }).from(orders).where(eq(orders.id, id));
  return row;
}

export async function selectCommunicationBrief(db: Executor, id: string) {
  const [row] = await db
    .select({ id: communications.id, partyId: communications.partyId, occurredAt: communications.occurredAt })
    .from(communications)
    .where(eq(communications.id, id));
  return row;
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ salespersonId: quotations.salespersonId, createdBy: quotations.createdBy }).from(quotations).where(eq(quotations.id, id));
  return r ? { owners: [r.salespersonId, r.createdBy] } : null;
}

export async function selectPricePendingEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ createdBy: pricePending.createdBy, ownerId: parties.ownerId })
    .from(pricePending)
    .innerJoin(parties, eq(parties.id, pricePending.partyId))
    .where(eq(pricePending.id, id));
  return r ? { owners: [r.createdBy, r.ownerId] } : null;
}

/** Number, revision and customer of many quotations in one statement (the record type's `fetchTitles`). */
export async function selectQuotationTitles(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: quotations.id, number: quotations.number, revision: quotations.revision, partyName: parties.nameZh })
    .from(quotations)
    .innerJoin(parties, eq(parties.id, quotations.partyId))
    .where(inArray(quotations.id, ids));
}
