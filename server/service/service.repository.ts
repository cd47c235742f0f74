import { and, asc, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { orderLines, orderShipments, orders } from '../orders/orders.table.js';
import { communications } from '../communications/communications.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { serviceRequests, warrantyRules } from './service.table.js';

export const SERVICE_PROCEDURE = 'service-request';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ---- the records others keep, as far as a request names them -----------------------------------
export async function selectCommunicationOf(db: Executor, partyId: string, id: string) {
  const [r] = await db
    .select({
      id: communications.id,
      seq: communications.seq,
      channel: communications.channel,
      occurredAt: communications.occurredAt,
      voidedAt: communications.voidedAt,
    })
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
/** An order line of the customer (not void) with its model. */
export async function selectOrderLineOf(db: Executor, partyId: string, lineId: string) {
  const [r] = await db
    .select({ lineId: orderLines.id, orderId: orders.id, model: orderLines.model })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orderLines.id, lineId), eq(orders.partyId, partyId), isNull(orders.voidedAt), isNull(orderLines.voidedAt)));
  return r;
}
/** The shipments of an order line, oldest first. */
export async function selectLineShipments(db: Executor, lineId: string) {
  return db
    .select({ id: orderShipments.id, shippedAt: orderShipments.shippedAt })
    .from(orderShipments)
    .where(eq(orderShipments.lineId, lineId))
    .orderBy(asc(orderShipments.shippedAt));
}

// ---- service requests ------------------------------------------------------------------------------
const serviceInstance = and(
  eq(procedureInstances.refType, 'service-request'),
  eq(procedureInstances.refId, sql`${serviceRequests.id}::text`),
  eq(procedureInstances.procedureId, SERVICE_PROCEDURE),
);
const assessor = alias(users, 'assessor');
const columns = {
  id: serviceRequests.id,
  number: serviceRequests.number,
  partyId: serviceRequests.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  contactId: serviceRequests.contactId,
  contactName: sql<string | null>`(select k.name from contacts k where k.id = "service_requests"."contact_id")`,
  kind: serviceRequests.kind,
  model: serviceRequests.model,
  serialNo: serviceRequests.serialNo,
  lotNo: serviceRequests.lotNo,
  orderLineId: serviceRequests.orderLineId,
  orderId: sql<string | null>`(select l.order_id from order_lines l where l.id = "service_requests"."order_line_id")`,
  orderNumber: sql<string | null>`(select o.number from order_lines l join orders o on o.id = l.order_id where l.id = "service_requests"."order_line_id")`,
  lineNo: sql<number | null>`(select l.line_no from order_lines l where l.id = "service_requests"."order_line_id")`,
  shipmentId: serviceRequests.shipmentId,
  deliveredOn: serviceRequests.deliveredOn,
  quantity: serviceRequests.quantity,
  description: serviceRequests.description,
  receivedAt: serviceRequests.receivedAt,
  receivedCommunicationId: serviceRequests.receivedCommunicationId,
  receivedCommunicationSeq: sql<number | string | null>`(select c.seq from communications c where c.id = "service_requests"."received_communication_id")`,
  channel: sql<string | null>`(select c.channel from communications c where c.id = "service_requests"."received_communication_id")`,
  chargeDecision: serviceRequests.chargeDecision,
  decisionReason: serviceRequests.decisionReason,
  plannedAction: serviceRequests.plannedAction,
  price: serviceRequests.price,
  assessedByName: assessor.displayName,
  assessedAt: serviceRequests.assessedAt,
  warrantyRuleId: serviceRequests.warrantyRuleId,
  workReport: serviceRequests.workReport,
  workDoneOn: serviceRequests.workDoneOn,
  returnQuantity: serviceRequests.returnQuantity,
  totalAmount: serviceRequests.totalAmount,
  creditNote: serviceRequests.creditNote,
  confirmedOn: serviceRequests.confirmedOn,
  confirmedByContactId: serviceRequests.confirmedByContactId,
  confirmedByContactName: sql<string | null>`(select k.name from contacts k where k.id = "service_requests"."confirmed_by_contact_id")`,
  confirmationNote: serviceRequests.confirmationNote,
  confirmationCommunicationId: serviceRequests.confirmationCommunicationId,
  confirmationCommunicationSeq: sql<
    number | string | null
  >`(select c.seq from communications c where c.id = "service_requests"."confirmation_communication_id")`,
  state: procedureInstances.state,
  status: procedureInstances.status,
  stepDue: sql<
    Date | string | null
  >`(select k.due_at from clocks k where k.ref_type = 'service-request' and k.ref_id = "service_requests"."id"::text and k.status <> 'stopped' order by k.started_at desc limit 1)`,
  ownerId: serviceRequests.createdBy,
  ownerName: users.displayName,
  createdAt: serviceRequests.createdAt,
  version: serviceRequests.version,
};
export type ServiceRow = {
  id: string;
  number: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  contactId: string | null;
  contactName: string | null;
  kind: string;
  model: string;
  serialNo: string | null;
  lotNo: string | null;
  orderLineId: string | null;
  orderId: string | null;
  orderNumber: string | null;
  lineNo: number | null;
  shipmentId: string | null;
  deliveredOn: string | null;
  quantity: number | null;
  description: string;
  receivedAt: Date;
  receivedCommunicationId: string | null;
  receivedCommunicationSeq: number | string | null;
  channel: string | null;
  chargeDecision: string | null;
  decisionReason: string | null;
  plannedAction: string | null;
  price: string | null;
  assessedByName: string | null;
  assessedAt: Date | null;
  warrantyRuleId: string | null;
  workReport: string | null;
  workDoneOn: string | null;
  returnQuantity: number | null;
  totalAmount: string | null;
  creditNote: string | null;
  confirmedOn: string | null;
  confirmedByContactId: string | null;
  confirmedByContactName: string | null;
  confirmationNote: string | null;
  confirmationCommunicationId: string | null;
  confirmationCommunicationSeq: number | string | null;
  state: string | null;
  status: string | null;
  stepDue: Date | string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  version: number;
};

function query(db: Executor) {
  return db
    .select(columns)
    .from(serviceRequests)
    .innerJoin(parties, eq(parties.id, serviceRequests.partyId))
    .leftJoin(users, eq(users.id, serviceRequests.createdBy))
    .leftJoin(assessor, eq(assessor.id, serviceRequests.assessedBy))
    .leftJoin(procedureInstances, serviceInstance);
}

export async function selectServiceRequests(
  db: Executor,
  f: { partyId?: string | undefined; kind?: string | undefined; state?: string | undefined; q?: string | undefined },
) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(serviceRequests.partyId, f.partyId));
  if (f.kind) where.push(eq(serviceRequests.kind, f.kind));
  if (f.state) where.push(eq(procedureInstances.state, f.state));
  if (f.q)
    where.push(
      or(
        ilike(serviceRequests.number, like(f.q)),
        ilike(serviceRequests.model, like(f.q)),
        ilike(serviceRequests.serialNo, like(f.q)),
        ilike(serviceRequests.lotNo, like(f.q)),
        ilike(parties.nameZh, like(f.q)),
        ilike(parties.code, like(f.q)),
      ),
    );
  return (await query(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(serviceRequests.receivedAt), desc(serviceRequests.number))
    .limit(1000)) as ServiceRow[];
}

export async function selectServiceRequest(db: Executor, id: string): Promise<ServiceRow | undefined> {
  const [row] = await query(db).where(eq(serviceRequests.id, id));
  return row as ServiceRow | undefined;
}

export interface RequestValues {
  contactId: string | null;
  kind: string;
  model: string;
  serialNo: string | null;
  lotNo: string | null;
  orderLineId: string | null;
  shipmentId: string | null;
  deliveredOn: string | null;
  quantity: number | null;
  description: string;
}
export interface AssessmentValues {
  chargeDecision: string;
  decisionReason: string | null;
  plannedAction: string;
  price?: string | null;
  assessedBy: string;
  assessedAt: Date;
  warrantyRuleId: string | null;
}
export interface WorkValues {
  workReport: string;
  workDoneOn: string;
  returnQuantity: number | null;
  totalAmount?: string | null;
  creditNote: string | null;
}
export interface ConfirmationValues {
  confirmedOn: string;
  confirmedByContactId: string | null;
  confirmationNote: string | null;
  confirmationCommunicationId: string;
}

export async function insertServiceRequest(
  tx: Executor,
  partyId: string,
  v: RequestValues & { receivedAt: Date; receivedCommunicationId: string | null },
  actorId: string,
) {
  const year = v.receivedAt.getUTCFullYear();
  const n = await nextNumber(
    tx,
    `service-request:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from service_requests where number like ${`SR-${year}-%`}`,
  );
  const [row] = await tx
    .insert(serviceRequests)
    .values({ ...v, number: `SR-${year}-${String(n).padStart(4, '0')}`, partyId, createdBy: actorId, updatedBy: actorId })
    .returning({ id: serviceRequests.id });
  return row!.id;
}

export async function updateServiceRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<RequestValues & AssessmentValues & WorkValues & ConfirmationValues>,
  actorId: string,
) {
  const r = await tx
    .update(serviceRequests)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(serviceRequests.id, id), eq(serviceRequests.version, version)))
    .returning({ id: serviceRequests.id });
  return r.length > 0;
}

export async function selectServiceEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ createdBy: serviceRequests.createdBy, assessedBy: serviceRequests.assessedBy })
    .from(serviceRequests)
    .where(eq(serviceRequests.id, id));
  return r ? { owners: [r.createdBy, r.assessedBy].filter((x): x is string => !!x) } : null;
}

// ---- warranty rules --------------------------------------------------------------------------------
const ruleAuthor = alias(users, 'rule_author');
const ruleColumns = {
  id: warrantyRules.id,
  scopeKey: warrantyRules.scopeKey,
  partyId: warrantyRules.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  model: warrantyRules.model,
  months: warrantyRules.months,
  basis: warrantyRules.basis,
  revision: warrantyRules.revision,
  note: warrantyRules.note,
  reason: warrantyRules.reason,
  retired: warrantyRules.retired,
  supersededAt: warrantyRules.supersededAt,
  createdByName: ruleAuthor.displayName,
  createdAt: warrantyRules.createdAt,
};
export type RuleRow = {
  id: string;
  scopeKey: string;
  partyId: string | null;
  partyCode: string | null;
  partyName: string | null;
  model: string | null;
  months: number;
  basis: string;
  revision: number;
  note: string | null;
  reason: string | null;
  retired: boolean;
  supersededAt: Date | null;
  createdByName: string | null;
  createdAt: Date;
};
const ruleQuery = (db: Executor) =>
  db
    .select(ruleColumns)
    .from(warrantyRules)
    .leftJoin(parties, eq(parties.id, warrantyRules.partyId))
    .leftJoin(ruleAuthor, eq(ruleAuthor.id, warrantyRules.createdBy));

export async function selectRules(db: Executor, f: { partyId?: string | undefined; history?: boolean }) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(warrantyRules.partyId, f.partyId));
  if (!f.history) where.push(isNull(warrantyRules.supersededAt), eq(warrantyRules.retired, false));
  return (await ruleQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(parties.code), asc(warrantyRules.model), desc(warrantyRules.revision))
    .limit(2000)) as RuleRow[];
}

export async function selectRule(db: Executor, id: string) {
  const [r] = await ruleQuery(db).where(eq(warrantyRules.id, id));
  return r as RuleRow | undefined;
}

/** The current row of a scope (retired or not), locked for the change. */
export async function selectCurrentRuleForUpdate(tx: Executor, scopeKey: string) {
  const [r] = await tx
    .select({
      id: warrantyRules.id,
      revision: warrantyRules.revision,
      retired: warrantyRules.retired,
      months: warrantyRules.months,
      basis: warrantyRules.basis,
      note: warrantyRules.note,
    })
    .from(warrantyRules)
    .where(and(eq(warrantyRules.scopeKey, scopeKey), isNull(warrantyRules.supersededAt)))
    .for('update');
  return r;
}

export async function supersedeRule(tx: Executor, id: string, actorId: string) {
  await tx
    .update(warrantyRules)
    .set({ supersededAt: new Date(), updatedAt: new Date(), updatedBy: actorId, version: sql`${warrantyRules.version} + 1` })
    .where(eq(warrantyRules.id, id));
}

export async function insertRule(
  tx: Executor,
  v: {
    scopeKey: string;
    partyId: string | null;
    model: string | null;
    months: number;
    basis: string;
    revision: number;
    note: string | null;
    reason: string | null;
    retired: boolean;
  },
  actorId: string,
) {
  const [row] = await tx
    .insert(warrantyRules)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: warrantyRules.id });
  return row!.id;
}

/** The current, active rules that can apply to a customer and model: (customer, model), (customer, all), (all, model), (all, all). */
export async function selectApplicableRules(db: Executor, partyId: string, model: string) {
  const keys = [`${partyId}:${model.toUpperCase()}`, `${partyId}:*`, `*:${model.toUpperCase()}`, '*:*'];
  const rows = await db
    .select({
      id: warrantyRules.id,
      scopeKey: warrantyRules.scopeKey,
      months: warrantyRules.months,
      basis: warrantyRules.basis,
      revision: warrantyRules.revision,
    })
    .from(warrantyRules)
    .where(
      and(
        isNull(warrantyRules.supersededAt),
        eq(warrantyRules.retired, false),
        sql`${warrantyRules.scopeKey} in (${sql.join(
          keys.map((k) => sql`${k}`),
          sql`, `,
        )})`,
      ),
    );
  return keys.map((k) => rows.find((r) => r.scopeKey === k)).filter((r): r is NonNullable<typeof r> => !!r);
}

export async function selectAssessedRule(db: Executor, id: string) {
  const [r] = await db.select({ ruleId: serviceRequests.warrantyRuleId }).from(serviceRequests).where(eq(serviceRequests.id, id));
  return r?.ruleId ?? null;
}

export async function setReceived(tx: Executor, id: string, receivedAt: Date, communicationId: string) {
  await tx.update(serviceRequests).set({ receivedAt, receivedCommunicationId: communicationId }).where(eq(serviceRequests.id, id));
}

export async function clearWorkRow(tx: Executor, id: string, actorId: string) {
  await tx
    .update(serviceRequests)
    .set({ workReport: null, workDoneOn: null, version: sql`${serviceRequests.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(serviceRequests.id, id));
}
