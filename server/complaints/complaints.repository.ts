import { and, asc, desc, eq, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rows, type Executor } from '../platform/db/client.js';
import { cappedTotal, one, pageRows } from '../platform/db/paging.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { communications } from '../communications/communications.table.js';
import { clocks, procedureInstances, procedureStepVisits } from '../procedures/procedures.table.js';
import { orderLines, orderShipments, orders } from '../orders/orders.table.js';
import {
  complaintLines,
  complaintTimingTemplates,
  complaintCustomerLinks,
  complaintConfirmations,
  complaintContainment,
  complaintReturns,
  complaints,
  type AssessmentData,
  type EmergencyData,
  type EffectivenessData,
  type PreventionData,
  type ProblemData,
  type RootCauseData,
  type TeamData,
} from './complaints.table.js';

export const COMPLAINT_PROCEDURE = 'complaint';
const creator = alias(users, 'creator');

const instanceJoin = and(
  eq(procedureInstances.refType, 'complaint'),
  eq(procedureInstances.refId, sql`${complaints.id}::text`),
  eq(procedureInstances.procedureId, COMPLAINT_PROCEDURE),
);
/** the due time of the clock running on the current step */
const dueSql = sql<Date | null>`(select max(${clocks.dueAt}) from ${clocks} where ${clocks.ownerType} = 'procedure' and ${clocks.ownerId} = ${procedureInstances.id}::text and ${clocks.status} <> 'stopped')`;

const columns = {
  id: complaints.id,
  seq: complaints.seq,
  number: complaints.number,
  kind: complaints.kind,
  partyId: complaints.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  channel: complaints.channel,
  receivedAt: complaints.receivedAt,
  receiverId: complaints.receiverId,
  receiverName: users.displayName,
  contactId: complaints.contactId,
  contactName: contacts.name,
  model: complaints.model,
  lot: complaints.lot,
  deliveredQuantity: complaints.deliveredQuantity,
  defectiveQuantity: complaints.defectiveQuantity,
  description: complaints.description,
  failureMode: complaints.failureMode,
  remedySought: complaints.remedySought,
  remedyNote: complaints.remedyNote,
  relatedReports: complaints.relatedReports,
  originCommunicationId: complaints.originCommunicationId,
  acknowledgedAt: complaints.acknowledgedAt,
  acknowledgementCommunicationId: complaints.acknowledgementCommunicationId,
  assessment: complaints.assessment,
  emergency: complaints.emergency,
  team: complaints.team,
  problem: complaints.problem,
  rootCause: complaints.rootCause,
  effectiveness: complaints.effectiveness,
  prevention: complaints.prevention,
  recurrenceOf: complaints.recurrenceOf,
  voidedAt: complaints.voidedAt,
  version: complaints.version,
  createdAt: complaints.createdAt,
  createdByName: creator.displayName,
  updatedAt: complaints.updatedAt,
  instanceId: procedureInstances.id,
  instanceVersion: procedureInstances.procedureVersion,
  state: procedureInstances.state,
  instanceStatus: procedureInstances.status,
  closedAt: procedureInstances.closedAt,
  dueAt: dueSql,
};
export type ComplaintRow = {
  id: string;
  seq: number;
  number: string;
  kind: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  channel: string;
  receivedAt: Date;
  receiverId: string;
  receiverName: string | null;
  contactId: string | null;
  contactName: string | null;
  model: string;
  lot: string | null;
  deliveredQuantity: number | null;
  defectiveQuantity: number;
  description: string;
  failureMode: string | null;
  remedySought: string[];
  remedyNote: string | null;
  relatedReports: string | null;
  originCommunicationId: string | null;
  acknowledgedAt: Date | null;
  acknowledgementCommunicationId: string | null;
  assessment: AssessmentData | null;
  emergency: EmergencyData | null;
  team: TeamData | null;
  problem: ProblemData | null;
  rootCause: RootCauseData | null;
  effectiveness: EffectivenessData | null;
  prevention: PreventionData | null;
  recurrenceOf: string[];
  voidedAt: Date | null;
  version: number;
  createdAt: Date;
  createdByName: string | null;
  updatedAt: Date;
  instanceId: string | null;
  instanceVersion: number | null;
  state: string | null;
  instanceStatus: string | null;
  closedAt: Date | null;
  dueAt: Date | string | null;
};

function base(db: Executor) {
  return db
    .select(columns)
    .from(complaints)
    .innerJoin(parties, eq(parties.id, complaints.partyId))
    .leftJoin(users, eq(users.id, complaints.receiverId))
    .leftJoin(contacts, eq(contacts.id, complaints.contactId))
    .leftJoin(creator, eq(creator.id, complaints.createdBy))
    .leftJoin(procedureInstances, instanceJoin);
}

export interface ComplaintFilter {
  q?: string | undefined;
  partyId?: string | undefined;
  orderId?: string | undefined;
  status?: string | undefined;
  severity?: string | undefined;
  open?: boolean | undefined;
  overdue?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function selectComplaints(db: Executor, f: ComplaintFilter) {
  const where: (SQL | undefined)[] = [isNull(complaints.voidedAt)];
  if (f.partyId) where.push(eq(complaints.partyId, f.partyId));
  if (f.orderId)
    where.push(sql`exists (select 1 from ${complaintLines} l where l.complaint_id = ${complaints.id} and l.order_id = ${f.orderId} and l.voided_at is null)`);
  if (f.status) where.push(eq(procedureInstances.state, f.status));
  if (f.severity) where.push(sql`${complaints.assessment}->>'severity' = ${f.severity}`);
  if (f.open !== undefined) where.push(f.open ? eq(procedureInstances.status, 'open') : eq(procedureInstances.status, 'closed'));
  if (f.overdue) where.push(sql`${dueSql} < now()`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(complaints.number, like),
        ilike(complaints.model, like),
        ilike(complaints.lot, like),
        ilike(parties.code, like),
        ilike(parties.nameZh, like),
        ilike(complaints.description, like),
      ),
    );
  }
  const cond = and(...where);
  // the page's rows chosen first (index on received_at, seq), only they joined and described; the count capped
  const order = [desc(complaints.receivedAt), desc(complaints.seq)];
  const pageIds = db
    .select({ id: complaints.id })
    .from(complaints)
    .innerJoin(parties, eq(parties.id, complaints.partyId))
    .leftJoin(procedureInstances, instanceJoin)
    .where(cond)
    .orderBy(...order)
    .limit(f.limit)
    .offset(f.offset);
  const [items, total] = await Promise.all([
    pageRows(pageIds, (ids) =>
      base(db)
        .where(inArray(complaints.id, ids))
        .orderBy(...order),
    ),
    cappedTotal(
      db,
      db.select(one).from(complaints).innerJoin(parties, eq(parties.id, complaints.partyId)).leftJoin(procedureInstances, instanceJoin).where(cond),
      f.offset,
      f.limit,
    ),
  ]);
  return { items: items as ComplaintRow[], ...total };
}

export async function selectComplaint(db: Executor, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await base(db).where(eq(complaints.id, id));
  return row as ComplaintRow | undefined;
}

export async function selectComplaintsByIds(db: Executor, ids: string[]): Promise<ComplaintRow[]> {
  if (!ids.length) return [];
  return (await base(db).where(inArray(complaints.id, ids))) as ComplaintRow[];
}

export interface ComplaintValues {
  kind: string;
  channel: string;
  receivedAt: Date;
  receiverId: string;
  contactId: string | null;
  model: string;
  lot: string | null;
  deliveredQuantity: number | null;
  defectiveQuantity: number;
  description: string;
  failureMode: string | null;
  remedySought: string[];
  remedyNote: string | null;
  relatedReports: string | null;
  originCommunicationId: string | null;
}

/** CC-<year received, site time>-<n>: gapless, starting again each year. */
export async function insertComplaint(
  tx: Executor,
  partyId: string,
  year: string,
  v: ComplaintValues,
  actorId: string,
): Promise<{ id: string; number: string }> {
  const n = await nextNumber(
    tx,
    `complaint:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from complaints where number like ${`CC-${year}-%`}`,
  );
  const number = `CC-${year}-${String(n).padStart(4, '0')}`;
  const [row] = await tx
    .insert(complaints)
    .values({ partyId, ...v, number, createdBy: actorId, updatedBy: actorId })
    .returning({ id: complaints.id });
  return { id: row!.id, number };
}

export type ComplaintPatch = Partial<{
  acknowledgedAt: Date;
  acknowledgementCommunicationId: string;
  assessment: AssessmentData;
  emergency: EmergencyData;
  team: TeamData;
  problem: ProblemData;
  rootCause: RootCauseData;
  effectiveness: EffectivenessData;
  prevention: PreventionData;
  recurrenceOf: string[];
}>;

/** Optimistic update; `version` null inside a procedure transition (the instance is the lock). */
export async function updateComplaintRow(tx: Executor, id: string, version: number | null, v: ComplaintPatch, actorId: string): Promise<boolean> {
  const res = await tx
    .update(complaints)
    .set({ ...v, version: sql`${complaints.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(version === null ? eq(complaints.id, id) : and(eq(complaints.id, id), eq(complaints.version, version)))
    .returning({ id: complaints.id });
  return res.length > 0;
}

// ---- containment --------------------------------------------------------------------------

const owner = alias(users, 'owner');
export function selectContainment(db: Executor, complaintId: string) {
  return db
    .select({
      id: complaintContainment.id,
      location: complaintContainment.location,
      description: complaintContainment.description,
      quantityChecked: complaintContainment.quantityChecked,
      quantityFound: complaintContainment.quantityFound,
      disposition: complaintContainment.disposition,
      ownerId: complaintContainment.ownerId,
      ownerName: owner.displayName,
      doneAt: complaintContainment.doneAt,
      removedAt: complaintContainment.removedAt,
    })
    .from(complaintContainment)
    .leftJoin(owner, eq(owner.id, complaintContainment.ownerId))
    .where(and(eq(complaintContainment.complaintId, complaintId), isNull(complaintContainment.voidedAt)))
    .orderBy(asc(complaintContainment.createdAt));
}

export interface ContainmentValues {
  location: string;
  description: string;
  quantityChecked: number;
  quantityFound: number;
  disposition: string | null;
  ownerId: string | null;
  doneAt: Date | null;
}
export async function insertContainment(tx: Executor, complaintId: string, v: ContainmentValues, actorId: string) {
  const [row] = await tx
    .insert(complaintContainment)
    .values({ complaintId, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: complaintContainment.id });
  return row!.id;
}
export async function updateContainment(tx: Executor, complaintId: string, rowId: string, v: ContainmentValues, actorId: string) {
  const res = await tx
    .update(complaintContainment)
    .set({ ...v, version: sql`${complaintContainment.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(complaintContainment.id, rowId), eq(complaintContainment.complaintId, complaintId), isNull(complaintContainment.voidedAt)))
    .returning({ id: complaintContainment.id });
  return res.length > 0;
}

// ---- confirmations ------------------------------------------------------------------------

const recorder = alias(users, 'recorder');
export function selectConfirmations(db: Executor, complaintId: string) {
  return db
    .select({
      result: complaintConfirmations.result,
      at: complaintConfirmations.at,
      communicationId: complaintConfirmations.communicationId,
      comment: complaintConfirmations.comment,
      recordedByName: recorder.displayName,
      createdAt: complaintConfirmations.createdAt,
    })
    .from(complaintConfirmations)
    .leftJoin(recorder, eq(recorder.id, complaintConfirmations.createdBy))
    .where(eq(complaintConfirmations.complaintId, complaintId))
    .orderBy(asc(complaintConfirmations.createdAt));
}
export async function insertConfirmation(
  tx: Executor,
  v: { complaintId: string; result: string; at: Date; communicationId: string; comment: string | null },
  actorId: string,
) {
  await tx.insert(complaintConfirmations).values({ ...v, createdBy: actorId, updatedBy: actorId });
}

// ---- returns ----------------------------------------------------------------------------

const analyst = alias(users, 'analyst');
const creditor = alias(users, 'creditor');
const returnColumns = {
  id: complaintReturns.id,
  complaintId: complaintReturns.complaintId,
  receivedAt: complaintReturns.receivedAt,
  quantity: complaintReturns.quantity,
  note: complaintReturns.note,
  analysisResult: complaintReturns.analysisResult,
  analysisConfirmed: complaintReturns.analysisConfirmed,
  disposition: complaintReturns.disposition,
  analysisAttachmentIds: complaintReturns.analysisAttachmentIds,
  analysisAt: complaintReturns.analysisAt,
  analysisByName: analyst.displayName,
  reworkRoute: complaintReturns.reworkRoute,
  reworkScheduledDate: complaintReturns.reworkScheduledDate,
  reworkedQuantity: complaintReturns.reworkedQuantity,
  reworkEffect: complaintReturns.reworkEffect,
  reworkDoneAt: complaintReturns.reworkDoneAt,
  workStandardChange: complaintReturns.workStandardChange,
  creditAt: complaintReturns.creditAt,
  creditByName: creditor.displayName,
  creditNote: complaintReturns.creditNote,
  creditOverrideReason: complaintReturns.creditOverrideReason,
  version: complaintReturns.version,
};
export type ReturnRow = Awaited<ReturnType<typeof selectReturns>>[number];
export function selectReturns(db: Executor, complaintId: string) {
  return db
    .select(returnColumns)
    .from(complaintReturns)
    .leftJoin(analyst, eq(analyst.id, complaintReturns.analysisBy))
    .leftJoin(creditor, eq(creditor.id, complaintReturns.creditBy))
    .where(eq(complaintReturns.complaintId, complaintId))
    .orderBy(asc(complaintReturns.createdAt));
}
export async function insertReturn(tx: Executor, v: { complaintId: string; receivedAt: Date; quantity: number; note: string | null }, actorId: string) {
  const [row] = await tx
    .insert(complaintReturns)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: complaintReturns.id });
  return row!.id;
}
export async function updateReturn(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<{
    analysisResult: string;
    analysisConfirmed: boolean;
    disposition: string;
    analysisAttachmentIds: string[];
    analysisAt: Date;
    analysisBy: string;
    reworkRoute: string | null;
    reworkScheduledDate: string | null;
    reworkedQuantity: number;
    reworkEffect: string | null;
    reworkDoneAt: Date;
    workStandardChange: string | null;
    creditAt: Date;
    creditBy: string;
    creditNote: string;
    creditOverrideReason: string | null;
  }>,
  actorId: string,
) {
  const res = await tx
    .update(complaintReturns)
    .set({ ...v, version: sql`${complaintReturns.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(complaintReturns.id, id), eq(complaintReturns.version, version)))
    .returning({ id: complaintReturns.id });
  return res.length > 0;
}

// ---- procedure facts: disciplines, recurrence, KPI ------------------------------------------

/** Every visit of the complaint's instance with the clock started with it (due) and who left it (approver). */
export async function selectStepFacts(db: Executor, instanceId: string) {
  return rows<{ stepId: string; enteredAt: Date | string; leftAt: Date | string | null; leftByName: string | null; dueAt: Date | string | null }>(
    db,
    sql`select v.step_id as "stepId", v.entered_at as "enteredAt", v.left_at as "leftAt", u.display_name as "leftByName",
               (select c.due_at from ${clocks} c where c.owner_type = 'procedure' and c.owner_id = ${instanceId} and c.step_id = v.step_id and c.started_at = v.entered_at limit 1) as "dueAt"
        from ${procedureStepVisits} v left join ${users} u on u.id = v.left_by
        where v.instance_id = ${instanceId} order by v.id`,
  );
}

/**
 * Other complaints, open or closed, any customer, on the same model (header or a line), the same failure mode,
 * the same model and lot on a line, or the same order line [IATF 10.2.3 d].
 */
export async function selectRecurrenceCandidates(
  db: Executor,
  c: { id: string; model: string; failureMode: string | null },
  lines: { model: string; lot: string | null; orderLineId: string | null }[],
) {
  const models = [...new Set([c.model, ...lines.map((l) => l.model)].map((m) => m.trim().toUpperCase()))];
  const modelList = sql.join(
    models.map((m) => sql`${m}`),
    sql`, `,
  );
  const sameModel = sql`(upper(trim(${complaints.model})) in (${modelList}) or exists (select 1 from ${complaintLines} l where l.complaint_id = ${complaints.id} and l.voided_at is null and upper(trim(l.model)) in (${modelList})))`;
  const sameMode = c.failureMode ? sql`lower(trim(${complaints.failureMode})) = lower(trim(${c.failureMode}))` : sql`false`;
  const lots = lines.filter((l) => l.lot).map((l) => sql`(${l.model.trim().toUpperCase()}, ${l.lot!.trim().toUpperCase()})`);
  const sameLot = lots.length
    ? sql`exists (select 1 from ${complaintLines} l where l.complaint_id = ${complaints.id} and l.voided_at is null and (upper(trim(l.model)), upper(trim(l.lot))) in (${sql.join(lots, sql`, `)}))`
    : sql`false`;
  const orderLineIds = [...new Set(lines.map((l) => l.orderLineId).filter((x): x is string => !!x))];
  const sameOrderLine = orderLineIds.length
    ? sql`exists (select 1 from ${complaintLines} l where l.complaint_id = ${complaints.id} and l.voided_at is null and l.order_line_id in (${sql.join(
        orderLineIds.map((x) => sql`${x}::uuid`),
        sql`, `,
      )}))`
    : sql`false`;
  return (await base(db)
    .where(and(ne(complaints.id, c.id), isNull(complaints.voidedAt), or(sameModel, sameMode, sameLot, sameOrderLine)))
    .orderBy(desc(complaints.receivedAt))
    .limit(50)) as ComplaintRow[];
}

// ---- lines: model, lot, quantities, and the order line / shipment where known --------------------

export type ComplaintLineRow = Awaited<ReturnType<typeof selectLines>>[number];
/** The live lines of these complaints, with their order and shipment. */
export function selectLines(db: Executor, complaintIds: string[]) {
  return db
    .select({
      id: complaintLines.id,
      complaintId: complaintLines.complaintId,
      lineNo: complaintLines.lineNo,
      model: complaintLines.model,
      lot: complaintLines.lot,
      deliveredQuantity: complaintLines.deliveredQuantity,
      defectiveQuantity: complaintLines.defectiveQuantity,
      returnedQuantity: complaintLines.returnedQuantity,
      orderId: complaintLines.orderId,
      orderLineId: complaintLines.orderLineId,
      orderNumber: orders.number,
      customerPo: orders.customerPo,
      orderLineNo: orderLines.lineNo,
      shipmentId: complaintLines.shipmentId,
      shippedAt: orderShipments.shippedAt,
      shippedQuantity: orderShipments.quantity,
    })
    .from(complaintLines)
    .leftJoin(orders, eq(orders.id, complaintLines.orderId))
    .leftJoin(orderLines, eq(orderLines.id, complaintLines.orderLineId))
    .leftJoin(orderShipments, eq(orderShipments.id, complaintLines.shipmentId))
    .where(and(complaintIds.length ? inArray(complaintLines.complaintId, complaintIds) : sql`false`, isNull(complaintLines.voidedAt)))
    .orderBy(asc(complaintLines.complaintId), asc(complaintLines.lineNo));
}

export interface LineValues {
  model: string;
  lot: string | null;
  deliveredQuantity: number | null;
  defectiveQuantity: number;
  returnedQuantity: number | null;
  orderId: string | null;
  orderLineId: string | null;
  shipmentId: string | null;
}
/** The complaint's lines replaced: the live ones voided (kept for the history), the new ones numbered from 1. */
export async function replaceLines(tx: Executor, complaintId: string, lines: LineValues[], actorId: string) {
  await tx
    .update(complaintLines)
    .set({ voidedAt: new Date(), version: sql`${complaintLines.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(complaintLines.complaintId, complaintId), isNull(complaintLines.voidedAt)));
  if (lines.length) await tx.insert(complaintLines).values(lines.map((l, i) => ({ complaintId, lineNo: i + 1, ...l, createdBy: actorId, updatedBy: actorId })));
}

export async function communicationSeq(db: Executor, id: string) {
  const [row] = await db
    .select({ seq: communications.seq, partyId: communications.partyId, voidedAt: communications.voidedAt })
    .from(communications)
    .where(eq(communications.id, id));
  return row;
}

/** Per complaint received in the period: did every step clock stop by its due time (net of pauses)? */
export async function selectTimeliness(db: Executor, from: Date, to: Date) {
  return rows<{ complaintId: string; clocks: number; late: number; running_late: number; ack_late: number }>(
    db,
    sql`select c.id as "complaintId",
               count(k.id)::int as clocks,
               count(k.id) filter (where k.status = 'stopped' and k.stopped_at > k.due_at)::int as late,
               count(k.id) filter (where k.status <> 'stopped' and k.due_at < now())::int as running_late,
               count(k.id) filter (where k.step_id = 'acknowledge' and ((k.status = 'stopped' and k.stopped_at > k.due_at) or (k.status <> 'stopped' and k.due_at < now())))::int as ack_late
        from ${complaints} c
        join ${procedureInstances} i on i.ref_type = 'complaint' and i.ref_id = c.id::text and i.procedure_id = ${COMPLAINT_PROCEDURE}
        left join ${clocks} k on k.owner_type = 'procedure' and k.owner_id = i.id::text
        where c.voided_at is null and c.received_at >= ${from} and c.received_at < ${to}
        group by c.id`,
  );
}

export async function selectStepLateness(db: Executor, from: Date, to: Date) {
  return rows<{ stepId: string; visits: number; late: number }>(
    db,
    sql`select k.step_id as "stepId", count(*)::int as visits,
               count(*) filter (where (k.status = 'stopped' and k.stopped_at > k.due_at) or (k.status <> 'stopped' and k.due_at < now()))::int as late
        from ${clocks} k
        join ${procedureInstances} i on i.id::text = k.owner_id and k.owner_type = 'procedure' and i.procedure_id = ${COMPLAINT_PROCEDURE}
        join ${complaints} c on c.id::text = i.ref_id
        where c.voided_at is null and c.received_at >= ${from} and c.received_at < ${to}
        group by k.step_id order by k.step_id`,
  );
}

// ---- customer links -------------------------------------------------------------------------

const linkCreator = alias(users, 'link_creator');
export function selectCustomerLinks(db: Executor, complaintId: string) {
  return db
    .select({
      createdAt: complaintCustomerLinks.createdAt,
      expiresAt: complaintCustomerLinks.expiresAt,
      usedAt: complaintCustomerLinks.usedAt,
      result: complaintCustomerLinks.result,
      createdByName: linkCreator.displayName,
    })
    .from(complaintCustomerLinks)
    .leftJoin(linkCreator, eq(linkCreator.id, complaintCustomerLinks.createdBy))
    .where(eq(complaintCustomerLinks.complaintId, complaintId))
    .orderBy(asc(complaintCustomerLinks.createdAt));
}
export async function insertCustomerLink(tx: Executor, v: { complaintId: string; tokenHash: string; expiresAt: Date }, actorId: string) {
  await tx.insert(complaintCustomerLinks).values({ ...v, createdBy: actorId, updatedBy: actorId });
}
export async function selectCustomerLinkByHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      id: complaintCustomerLinks.id,
      complaintId: complaintCustomerLinks.complaintId,
      expiresAt: complaintCustomerLinks.expiresAt,
      usedAt: complaintCustomerLinks.usedAt,
      createdBy: complaintCustomerLinks.createdBy,
    })
    .from(complaintCustomerLinks)
    .where(eq(complaintCustomerLinks.tokenHash, tokenHash));
  return row;
}
/** Single use: only the first answer finds the link unused. */
export async function markCustomerLinkUsed(tx: Executor, id: string, v: { result: string; communicationId: string }) {
  const res = await tx
    .update(complaintCustomerLinks)
    .set({
      usedAt: new Date(),
      result: v.result,
      communicationId: v.communicationId,
      version: sql`${complaintCustomerLinks.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(complaintCustomerLinks.id, id), isNull(complaintCustomerLinks.usedAt)))
    .returning({ id: complaintCustomerLinks.id });
  return res.length > 0;
}

// ---- timing templates -------------------------------------------------------------------------

export async function selectTimingTemplate(db: Executor, partyId: string) {
  const [row] = await db
    .select({
      id: complaintTimingTemplates.id,
      steps: complaintTimingTemplates.steps,
      note: complaintTimingTemplates.note,
      version: complaintTimingTemplates.version,
    })
    .from(complaintTimingTemplates)
    .where(eq(complaintTimingTemplates.partyId, partyId));
  return row;
}
export async function insertTimingTemplate(
  tx: Executor,
  v: { partyId: string; steps: Record<string, { amount: number; unit: string }>; note: string | null },
  actorId: string,
) {
  await tx.insert(complaintTimingTemplates).values({ ...v, createdBy: actorId, updatedBy: actorId });
}
export async function updateTimingTemplate(
  tx: Executor,
  partyId: string,
  version: number,
  v: { steps: Record<string, { amount: number; unit: string }>; note: string | null },
  actorId: string,
) {
  const res = await tx
    .update(complaintTimingTemplates)
    .set({ ...v, version: sql`${complaintTimingTemplates.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(complaintTimingTemplates.partyId, partyId), eq(complaintTimingTemplates.version, version)))
    .returning({ id: complaintTimingTemplates.id });
  return res.length > 0;
}
/** The complaint's customer, for the deadline override (no joins). */
export async function selectComplaintParty(db: Executor, id: string) {
  const [row] = await db.select({ partyId: complaints.partyId }).from(complaints).where(eq(complaints.id, id));
  return row?.partyId;
}

export async function removeContainment(tx: Executor, complaintId: string, rowId: string, actorId: string) {
  const res = await tx
    .update(complaintContainment)
    .set({ removedAt: new Date(), removedBy: actorId, version: sql`${complaintContainment.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(
      and(
        eq(complaintContainment.id, rowId),
        eq(complaintContainment.complaintId, complaintId),
        isNull(complaintContainment.voidedAt),
        isNull(complaintContainment.removedAt),
      ),
    )
    .returning({ id: complaintContainment.id });
  return res.length > 0;
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ receiverId: complaints.receiverId, createdBy: complaints.createdBy, team: complaints.team })
    .from(complaints)
    .where(eq(complaints.id, id));
  if (!r) return null;
  const team = r.team ? [r.team.leaderId, ...r.team.members.map((m) => m.userId), ...Object.values(r.team.owners ?? {})] : [];
  return { owners: [r.receiverId, r.createdBy, ...team] };
}

/** Number, customer and model of many complaints in one statement (the record type's `fetchTitles`). */
export async function selectComplaintTitles(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: complaints.id, number: complaints.number, partyName: parties.nameZh, model: complaints.model })
    .from(complaints)
    .innerJoin(parties, eq(parties.id, complaints.partyId))
    .where(inArray(complaints.id, ids));
}
