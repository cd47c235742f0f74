import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { orders } from '../orders/orders.table.js';
import { quotations } from '../quotations/quotations.table.js';
import { complaints } from '../complaints/complaints.table.js';
import { communications } from '../communications/communications.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { anomalies, anomalyReports, processQuestions, samples } from './engineering.table.js';

export const SAMPLE_PROCEDURE = 'sample-confirmation';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const pad = (n: number) => String(n).padStart(5, '0');

// ---- the records others keep, as far as these records name them -------------------------------
export async function selectOrderOf(db: Executor, partyId: string, id: string) {
  const [r] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.partyId, partyId)));
  return r;
}
/** The order the order page shows (any customer): its id and customer, or nothing. */
export async function selectOrderRef(db: Executor, id: string) {
  const [r] = await db.select({ id: orders.id, number: orders.number, partyId: orders.partyId }).from(orders).where(eq(orders.id, id));
  return r;
}
export async function selectComplaintRef(db: Executor, id: string) {
  const [r] = await db
    .select({ id: complaints.id, number: complaints.number, partyId: complaints.partyId, voidedAt: complaints.voidedAt })
    .from(complaints)
    .where(eq(complaints.id, id));
  return r;
}
export async function selectQuotationOf(db: Executor, partyId: string, id: string) {
  const [r] = await db
    .select({ id: quotations.id, number: quotations.number })
    .from(quotations)
    .where(and(eq(quotations.id, id), eq(quotations.partyId, partyId)));
  return r;
}
export async function selectComplaintOf(db: Executor, partyId: string, id: string) {
  const [r] = await db
    .select({ id: complaints.id, number: complaints.number })
    .from(complaints)
    .where(and(eq(complaints.id, id), eq(complaints.partyId, partyId)));
  return r;
}
export async function selectCommunicationOf(db: Executor, partyId: string, id: string) {
  const [r] = await db
    .select({ id: communications.id, seq: communications.seq, voidedAt: communications.voidedAt })
    .from(communications)
    .where(and(eq(communications.id, id), eq(communications.partyId, partyId)));
  return r;
}
export async function selectContactOf(db: Executor, partyId: string, id: string) {
  const [r] = await db
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.id, id), eq(contacts.partyId, partyId)));
  return r;
}

const commNumber = (col: string) => sql<number | null>`(select c.seq from communications c where c.id = ${sql.raw(col)})`;
const contactName = (col: string) => sql<string | null>`(select k.name from contacts k where k.id = ${sql.raw(col)})`;

// ---- samples ----------------------------------------------------------------------------------------
const sampleInstance = and(
  eq(procedureInstances.refType, 'sample'),
  eq(procedureInstances.refId, sql`${samples.id}::text`),
  eq(procedureInstances.procedureId, SAMPLE_PROCEDURE),
);
const sampleColumns = {
  id: samples.id,
  number: samples.number,
  partyId: samples.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  model: samples.model,
  description: samples.description,
  quantity: samples.quantity,
  sentOn: samples.sentOn,
  shipVia: samples.shipVia,
  trackingNo: samples.trackingNo,
  orderId: samples.orderId,
  orderNumber: sql<string | null>`(select o.number from orders o where o.id = "samples"."order_id")`,
  quotationId: samples.quotationId,
  quotationNumber: sql<string | null>`(select q.number from quotations q where q.id = "samples"."quotation_id")`,
  answerWithinDays: samples.answerWithinDays,
  notes: samples.notes,
  decision: samples.decision,
  answeredOn: samples.answeredOn,
  rejectionReason: samples.rejectionReason,
  answeredByContactId: samples.answeredByContactId,
  answeredByContactName: contactName('"samples"."answered_by_contact_id"'),
  answerCommunicationId: samples.answerCommunicationId,
  answerCommunicationSeq: commNumber('"samples"."answer_communication_id"'),
  state: procedureInstances.state,
  status: procedureInstances.status,
  answerDue: sql<
    string | null
  >`(select k.due_at from clocks k where k.ref_type = 'sample' and k.ref_id = "samples"."id"::text and k.step_id = 'awaiting-customer' and k.status <> 'stopped' order by k.started_at desc limit 1)`,
  ownerId: samples.createdBy,
  ownerName: users.displayName,
  createdAt: samples.createdAt,
  version: samples.version,
};
export type SampleRow = {
  id: string;
  number: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  model: string;
  description: string | null;
  quantity: number;
  sentOn: string;
  shipVia: string;
  trackingNo: string | null;
  orderId: string | null;
  orderNumber: string | null;
  quotationId: string | null;
  quotationNumber: string | null;
  answerWithinDays: number;
  notes: string | null;
  decision: string | null;
  answeredOn: string | null;
  rejectionReason: string | null;
  answeredByContactId: string | null;
  answeredByContactName: string | null;
  answerCommunicationId: string | null;
  answerCommunicationSeq: number | string | null;
  state: string | null;
  status: string | null;
  /** a Date or a string, as the driver gives a sub-select's timestamp */
  answerDue: Date | string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  version: number;
};

function sampleQuery(db: Executor) {
  return db
    .select(sampleColumns)
    .from(samples)
    .innerJoin(parties, eq(parties.id, samples.partyId))
    .leftJoin(users, eq(users.id, samples.createdBy))
    .leftJoin(procedureInstances, sampleInstance);
}

export async function selectSamples(
  db: Executor,
  f: { partyId?: string | undefined; orderId?: string | undefined; state?: string | undefined; q?: string | undefined },
) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(samples.partyId, f.partyId));
  if (f.orderId) where.push(eq(samples.orderId, f.orderId));
  if (f.state) where.push(eq(procedureInstances.state, f.state));
  if (f.q) where.push(or(ilike(samples.number, like(f.q)), ilike(samples.model, like(f.q)), ilike(parties.nameZh, like(f.q)), ilike(parties.code, like(f.q))));
  return (await sampleQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(samples.sentOn), desc(samples.number))
    .limit(1000)) as SampleRow[];
}

export async function selectSample(db: Executor, id: string): Promise<SampleRow | undefined> {
  const [row] = await sampleQuery(db).where(eq(samples.id, id));
  return row as SampleRow | undefined;
}

export interface SampleValues {
  model: string;
  description: string | null;
  quantity: number;
  sentOn: string;
  shipVia: string;
  trackingNo: string | null;
  orderId: string | null;
  quotationId: string | null;
  answerWithinDays: number;
  notes: string | null;
}
export interface SampleAnswerValues {
  decision: string;
  answeredOn: string;
  rejectionReason: string | null;
  answeredByContactId: string | null;
  answerCommunicationId: string;
}

export async function insertSample(tx: Executor, partyId: string, v: SampleValues, actorId: string) {
  const n = await nextNumber(tx, 'sample', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from samples`);
  const [row] = await tx
    .insert(samples)
    .values({ ...v, number: `SMP-${pad(n)}`, partyId, createdBy: actorId, updatedBy: actorId })
    .returning({ id: samples.id });
  return row!.id;
}

export async function updateSampleRow(tx: Executor, id: string, version: number, v: Partial<SampleValues & SampleAnswerValues>, actorId: string) {
  const r = await tx
    .update(samples)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(samples.id, id), eq(samples.version, version)))
    .returning({ id: samples.id });
  return r.length > 0;
}

export async function selectSampleEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: samples.createdBy }).from(samples).where(eq(samples.id, id));
  return r ? { owners: [r.createdBy] } : null;
}

// ---- process-design questions -----------------------------------------------------------------
const asker = alias(users, 'asker');
const questionColumns = {
  id: processQuestions.id,
  number: processQuestions.number,
  partyId: processQuestions.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  processData: processQuestions.processData,
  model: processQuestions.model,
  orderId: processQuestions.orderId,
  orderNumber: sql<string | null>`(select o.number from orders o where o.id = "process_questions"."order_id")`,
  question: processQuestions.question,
  askedById: processQuestions.askedBy,
  askedByName: asker.displayName,
  askedOn: processQuestions.askedOn,
  askedCommunicationId: processQuestions.askedCommunicationId,
  askedCommunicationSeq: commNumber('"process_questions"."asked_communication_id"'),
  answer: processQuestions.answer,
  answeredOn: processQuestions.answeredOn,
  answerCommunicationId: processQuestions.answerCommunicationId,
  answerCommunicationSeq: commNumber('"process_questions"."answer_communication_id"'),
  signedByContactId: processQuestions.signedByContactId,
  signedByContactName: contactName('"process_questions"."signed_by_contact_id"'),
  signedOn: processQuestions.signedOn,
  signedAt: processQuestions.signedAt,
  createdBy: processQuestions.createdBy,
  createdAt: processQuestions.createdAt,
  version: processQuestions.version,
};
export type QuestionRow = {
  id: string;
  number: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  processData: string;
  model: string | null;
  orderId: string | null;
  orderNumber: string | null;
  question: string;
  askedById: string;
  askedByName: string | null;
  askedOn: string;
  askedCommunicationId: string | null;
  askedCommunicationSeq: number | null;
  answer: string | null;
  answeredOn: string | null;
  answerCommunicationId: string | null;
  answerCommunicationSeq: number | null;
  signedByContactId: string | null;
  signedByContactName: string | null;
  signedOn: string | null;
  signedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  version: number;
};

function questionQuery(db: Executor) {
  return db
    .select(questionColumns)
    .from(processQuestions)
    .innerJoin(parties, eq(parties.id, processQuestions.partyId))
    .leftJoin(asker, eq(asker.id, processQuestions.askedBy));
}

export async function selectQuestions(
  db: Executor,
  f: { partyId?: string | undefined; orderId?: string | undefined; status?: string | undefined; q?: string | undefined },
) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(processQuestions.partyId, f.partyId));
  if (f.orderId) where.push(eq(processQuestions.orderId, f.orderId));
  if (f.status === 'open') where.push(sql`${processQuestions.answer} is null`);
  if (f.status === 'answered') where.push(sql`${processQuestions.answer} is not null and ${processQuestions.signedAt} is null`);
  if (f.status === 'signed') where.push(sql`${processQuestions.signedAt} is not null`);
  if (f.q)
    where.push(
      or(
        ilike(processQuestions.number, like(f.q)),
        ilike(processQuestions.processData, like(f.q)),
        ilike(processQuestions.question, like(f.q)),
        ilike(parties.nameZh, like(f.q)),
        ilike(parties.code, like(f.q)),
      ),
    );
  return (await questionQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(processQuestions.askedOn), desc(processQuestions.number))
    .limit(1000)) as QuestionRow[];
}

export async function selectQuestion(db: Executor, id: string): Promise<QuestionRow | undefined> {
  const [row] = await questionQuery(db).where(eq(processQuestions.id, id));
  return row as QuestionRow | undefined;
}

export async function insertQuestion(
  tx: Executor,
  v: {
    partyId: string;
    processData: string;
    model: string | null;
    orderId: string | null;
    question: string;
    askedOn: string;
    askedCommunicationId: string | null;
  },
  actorId: string,
) {
  const n = await nextNumber(tx, 'process-question', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from process_questions`);
  const [row] = await tx
    .insert(processQuestions)
    .values({ ...v, number: `PQ-${pad(n)}`, askedBy: actorId, createdBy: actorId, updatedBy: actorId })
    .returning({ id: processQuestions.id });
  return row!.id;
}

export async function updateQuestionRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<{
    answer: string;
    answeredOn: string;
    answerCommunicationId: string | null;
    signedByContactId: string | null;
    signedOn: string | null;
    signedAt: Date;
  }>,
  actorId: string,
) {
  const r = await tx
    .update(processQuestions)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(processQuestions.id, id), eq(processQuestions.version, version)))
    .returning({ id: processQuestions.id });
  return r.length > 0;
}

export async function selectQuestionEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ createdBy: processQuestions.createdBy, askedBy: processQuestions.askedBy })
    .from(processQuestions)
    .where(eq(processQuestions.id, id));
  return r ? { owners: [r.createdBy, r.askedBy] } : null;
}

// ---- anomalies ------------------------------------------------------------------------------------
const anomalyColumns = {
  id: anomalies.id,
  number: anomalies.number,
  partyId: anomalies.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  title: anomalies.title,
  description: anomalies.description,
  foundIn: anomalies.foundIn,
  occurredOn: anomalies.occurredOn,
  model: anomalies.model,
  lotNo: anomalies.lotNo,
  quantity: anomalies.quantity,
  orderId: anomalies.orderId,
  orderNumber: sql<string | null>`(select o.number from orders o where o.id = "anomalies"."order_id")`,
  complaintId: anomalies.complaintId,
  complaintNumber: sql<string | null>`(select c.number from complaints c where c.id = "anomalies"."complaint_id")`,
  reportedCommunicationId: anomalies.reportedCommunicationId,
  reportedCommunicationSeq: commNumber('"anomalies"."reported_communication_id"'),
  conclusion: anomalies.conclusion,
  closedAt: anomalies.closedAt,
  ownerId: anomalies.createdBy,
  ownerName: users.displayName,
  createdAt: anomalies.createdAt,
  version: anomalies.version,
  reportCount: sql<number>`(select count(*)::int from anomaly_reports r where r.anomaly_id = "anomalies"."id")`,
};
export type AnomalyRow = {
  id: string;
  number: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  title: string;
  description: string;
  foundIn: string;
  occurredOn: string;
  model: string | null;
  lotNo: string | null;
  quantity: number | null;
  orderId: string | null;
  orderNumber: string | null;
  complaintId: string | null;
  complaintNumber: string | null;
  reportedCommunicationId: string | null;
  reportedCommunicationSeq: number | null;
  conclusion: string | null;
  closedAt: Date | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  version: number;
  reportCount: number;
};

function anomalyQuery(db: Executor) {
  return db.select(anomalyColumns).from(anomalies).innerJoin(parties, eq(parties.id, anomalies.partyId)).leftJoin(users, eq(users.id, anomalies.createdBy));
}

export async function selectAnomalies(
  db: Executor,
  f: { partyId?: string | undefined; orderId?: string | undefined; complaintId?: string | undefined; status?: string | undefined; q?: string | undefined },
) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(anomalies.partyId, f.partyId));
  if (f.orderId) where.push(eq(anomalies.orderId, f.orderId));
  if (f.complaintId) where.push(eq(anomalies.complaintId, f.complaintId));
  if (f.status === 'open') where.push(sql`${anomalies.closedAt} is null`);
  if (f.status === 'closed') where.push(sql`${anomalies.closedAt} is not null`);
  if (f.q)
    where.push(
      or(
        ilike(anomalies.number, like(f.q)),
        ilike(anomalies.title, like(f.q)),
        ilike(anomalies.model, like(f.q)),
        ilike(anomalies.lotNo, like(f.q)),
        ilike(parties.nameZh, like(f.q)),
        ilike(parties.code, like(f.q)),
      ),
    );
  return (await anomalyQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(anomalies.occurredOn), desc(anomalies.number))
    .limit(1000)) as AnomalyRow[];
}

export async function selectAnomaly(db: Executor, id: string): Promise<AnomalyRow | undefined> {
  const [row] = await anomalyQuery(db).where(eq(anomalies.id, id));
  return row as AnomalyRow | undefined;
}

export interface AnomalyValues {
  partyId: string;
  title: string;
  description: string;
  foundIn: string;
  occurredOn: string;
  model: string | null;
  lotNo: string | null;
  quantity: number | null;
  orderId: string | null;
  complaintId: string | null;
  reportedCommunicationId: string | null;
}

export async function insertAnomaly(tx: Executor, v: AnomalyValues, actorId: string) {
  const n = await nextNumber(tx, 'anomaly', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from anomalies`);
  const [row] = await tx
    .insert(anomalies)
    .values({ ...v, number: `ANO-${pad(n)}`, createdBy: actorId, updatedBy: actorId })
    .returning({ id: anomalies.id });
  return row!.id;
}

export async function updateAnomalyRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<{ conclusion: string; closedAt: Date; complaintId: string | null }>,
  actorId: string,
) {
  const r = await tx
    .update(anomalies)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(anomalies.id, id), eq(anomalies.version, version)))
    .returning({ id: anomalies.id });
  return r.length > 0;
}

const adder = alias(users, 'adder');
export async function selectReports(db: Executor, anomalyId: string) {
  return db
    .select({
      id: anomalyReports.id,
      kind: anomalyReports.kind,
      documentNo: anomalyReports.documentNo,
      note: anomalyReports.note,
      attachmentId: anomalyReports.attachmentId,
      addedByName: adder.displayName,
      createdAt: anomalyReports.createdAt,
    })
    .from(anomalyReports)
    .leftJoin(adder, eq(adder.id, anomalyReports.createdBy))
    .where(eq(anomalyReports.anomalyId, anomalyId))
    .orderBy(asc(anomalyReports.createdAt));
}

export async function insertReport(
  tx: Executor,
  v: { anomalyId: string; kind: string; documentNo: string; note: string | null; attachmentId: string | null },
  actorId: string,
) {
  const [row] = await tx
    .insert(anomalyReports)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: anomalyReports.id });
  return row!.id;
}

export async function selectAnomalyEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: anomalies.createdBy }).from(anomalies).where(eq(anomalies.id, id));
  return r ? { owners: [r.createdBy] } : null;
}

/** The communication the question went through (written right after it, in the same transaction). */
export async function setAskedCommunication(tx: Executor, id: string, communicationId: string) {
  await tx.update(processQuestions).set({ askedCommunicationId: communicationId }).where(eq(processQuestions.id, id));
}
/** The communication that reported the anomaly (written right after it, in the same transaction). */
export async function setReportedCommunication(tx: Executor, id: string, communicationId: string) {
  await tx.update(anomalies).set({ reportedCommunicationId: communicationId }).where(eq(anomalies.id, id));
}
