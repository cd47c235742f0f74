import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { parties } from '../parties/parties.table.js';
import { orders } from '../orders/orders.table.js';
import { communications } from '../communications/communications.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { csrDeployments, csrDocuments, customerProperty, customerPropertyIncidents } from './registers.table.js';

export const CSR_PROCEDURE = 'csr-review';

// ---- customer property ----------------------------------------------------------------------
const custodian = alias(users, 'custodian');
const propertyColumns = {
  id: customerProperty.id,
  number: customerProperty.number,
  kind: customerProperty.kind,
  description: customerProperty.description,
  partyId: customerProperty.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  location: customerProperty.location,
  condition: customerProperty.condition,
  custodianId: customerProperty.custodianId,
  custodianName: custodian.displayName,
  receivedDate: customerProperty.receivedDate,
  lastVerifiedOn: customerProperty.lastVerifiedOn,
  nextVerificationDue: customerProperty.nextVerificationDue,
  notes: customerProperty.notes,
  orderIds: customerProperty.orderIds,
  createdBy: customerProperty.createdBy,
  createdAt: customerProperty.createdAt,
  version: customerProperty.version,
  incidentCount: sql<number>`(select count(*)::int from customer_property_incidents i where i.property_id = "customer_property"."id")`,
};
export type PropertyRow = {
  id: string;
  number: string;
  kind: string;
  description: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  location: string;
  condition: string;
  custodianId: string | null;
  custodianName: string | null;
  receivedDate: string | null;
  lastVerifiedOn: string | null;
  nextVerificationDue: string | null;
  notes: string | null;
  orderIds: string[];
  createdBy: string | null;
  createdAt: Date;
  version: number;
  incidentCount: number;
};

function propertyQuery(db: Executor) {
  return db
    .select(propertyColumns)
    .from(customerProperty)
    .innerJoin(parties, eq(parties.id, customerProperty.partyId))
    .leftJoin(custodian, eq(custodian.id, customerProperty.custodianId));
}

export async function selectProperties(
  db: Executor,
  f: { partyId?: string | undefined; kind?: string | undefined; condition?: string | undefined; dueBy?: string | undefined; q?: string | undefined },
) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(customerProperty.partyId, f.partyId));
  if (f.kind) where.push(eq(customerProperty.kind, f.kind));
  if (f.condition) where.push(eq(customerProperty.condition, f.condition));
  if (f.dueBy)
    where.push(
      and(isNotNull(customerProperty.nextVerificationDue), lte(customerProperty.nextVerificationDue, f.dueBy), ne(customerProperty.condition, 'lost')),
    );
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(customerProperty.number, like),
        ilike(customerProperty.description, like),
        ilike(customerProperty.location, like),
        ilike(parties.nameZh, like),
        ilike(parties.code, like),
      ),
    );
  }
  return (await propertyQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(customerProperty.number))
    .limit(1000)) as PropertyRow[];
}

export async function selectProperty(db: Executor, id: string): Promise<PropertyRow | undefined> {
  const [row] = await propertyQuery(db).where(eq(customerProperty.id, id));
  return row as PropertyRow | undefined;
}

export interface PropertyValues {
  kind: string;
  description: string;
  location: string;
  custodianId: string | null;
  receivedDate: string | null;
  nextVerificationDue: string | null;
  notes: string | null;
  orderIds: string[];
  condition?: string;
  lastVerifiedOn?: string | null;
}

export async function insertProperty(tx: Executor, partyId: string, v: PropertyValues, actorId: string) {
  const n = await nextNumber(tx, 'customer-property', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from customer_property`);
  const [row] = await tx
    .insert(customerProperty)
    .values({ ...v, number: `CP-${String(n).padStart(5, '0')}`, partyId, createdBy: actorId, updatedBy: actorId })
    .returning({ id: customerProperty.id });
  return row!.id;
}

export async function updatePropertyRow(tx: Executor, id: string, version: number, v: Partial<PropertyValues>, actorId: string) {
  const r = await tx
    .update(customerProperty)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(customerProperty.id, id), eq(customerProperty.version, version)))
    .returning({ id: customerProperty.id });
  return r.length > 0;
}

const reporter = alias(users, 'reporter');
export async function selectIncidents(db: Executor, propertyId: string) {
  return db
    .select({
      id: customerPropertyIncidents.id,
      no: customerPropertyIncidents.no,
      kind: customerPropertyIncidents.kind,
      occurredOn: customerPropertyIncidents.occurredOn,
      description: customerPropertyIncidents.description,
      conditionBefore: customerPropertyIncidents.conditionBefore,
      communicationId: customerPropertyIncidents.communicationId,
      communicationSeq: communications.seq,
      reportedByName: reporter.displayName,
      createdAt: customerPropertyIncidents.createdAt,
    })
    .from(customerPropertyIncidents)
    .leftJoin(communications, eq(communications.id, customerPropertyIncidents.communicationId))
    .leftJoin(reporter, eq(reporter.id, customerPropertyIncidents.createdBy))
    .where(eq(customerPropertyIncidents.propertyId, propertyId))
    .orderBy(asc(customerPropertyIncidents.no));
}

export async function insertIncident(
  tx: Executor,
  v: { propertyId: string; kind: string; occurredOn: string; description: string; conditionBefore: string; communicationId: string | null },
  actorId: string,
) {
  const [{ n }] = (await tx
    .select({ n: sql<number>`coalesce(max(${customerPropertyIncidents.no}), 0)::int + 1` })
    .from(customerPropertyIncidents)
    .where(eq(customerPropertyIncidents.propertyId, v.propertyId))) as [{ n: number }];
  const [row] = await tx
    .insert(customerPropertyIncidents)
    .values({ ...v, no: n, createdBy: actorId, updatedBy: actorId })
    .returning({ id: customerPropertyIncidents.id, no: customerPropertyIncidents.no });
  return row!;
}

export async function selectPropertyEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ createdBy: customerProperty.createdBy, custodianId: customerProperty.custodianId })
    .from(customerProperty)
    .where(eq(customerProperty.id, id));
  return r ? { owners: [r.createdBy, r.custodianId] } : null;
}

/** The orders among `ids` that belong to the customer (id → number). */
export async function selectOrdersOf(db: Executor, partyId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.partyId, partyId), inArray(orders.id, ids)));
}

// ---- customer-specific requirements -----------------------------------------------------------
const instanceJoin = and(
  eq(procedureInstances.refType, 'csr'),
  eq(procedureInstances.refId, sql`${csrDocuments.id}::text`),
  eq(procedureInstances.procedureId, CSR_PROCEDURE),
);
const csrColumns = {
  id: csrDocuments.id,
  number: csrDocuments.number,
  partyId: csrDocuments.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  title: csrDocuments.title,
  documentNo: csrDocuments.documentNo,
  revision: csrDocuments.revision,
  receivedDate: csrDocuments.receivedDate,
  notes: csrDocuments.notes,
  supersedesId: csrDocuments.supersedesId,
  supersedesNumber: sql<string | null>`(select c.number from csr_documents c where c.id = "csr_documents"."supersedes_id")`,
  supersededById: csrDocuments.supersededById,
  supersededByNumber: sql<string | null>`(select c.number from csr_documents c where c.id = "csr_documents"."superseded_by_id")`,
  state: procedureInstances.state,
  status: procedureInstances.status,
  ownerId: csrDocuments.createdBy,
  ownerName: users.displayName,
  createdAt: csrDocuments.createdAt,
  version: csrDocuments.version,
  deploymentCount: sql<number>`(select count(*)::int from csr_deployments d where d.csr_id = "csr_documents"."id")`,
};
export type CsrRow = {
  id: string;
  number: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  title: string;
  documentNo: string | null;
  revision: string;
  receivedDate: string;
  notes: string | null;
  supersedesId: string | null;
  supersedesNumber: string | null;
  supersededById: string | null;
  supersededByNumber: string | null;
  state: string | null;
  status: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  version: number;
  deploymentCount: number;
};

function csrQuery(db: Executor) {
  return db
    .select(csrColumns)
    .from(csrDocuments)
    .innerJoin(parties, eq(parties.id, csrDocuments.partyId))
    .leftJoin(users, eq(users.id, csrDocuments.createdBy))
    .leftJoin(procedureInstances, instanceJoin);
}

export async function selectCsrs(
  db: Executor,
  f: { partyId?: string | undefined; inForce?: boolean | undefined; current?: boolean | undefined; q?: string | undefined },
) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(csrDocuments.partyId, f.partyId));
  const inForce = and(isNull(csrDocuments.supersededById), eq(procedureInstances.state, 'in-force'));
  if (f.inForce !== undefined) where.push(f.inForce ? inForce : sql`not (${inForce})`);
  if (f.current !== undefined) where.push(f.current ? isNull(csrDocuments.supersededById) : isNotNull(csrDocuments.supersededById));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(csrDocuments.number, like),
        ilike(csrDocuments.title, like),
        ilike(csrDocuments.documentNo, like),
        ilike(parties.nameZh, like),
        ilike(parties.code, like),
      ),
    );
  }
  return (await csrQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(csrDocuments.receivedDate), desc(csrDocuments.createdAt))
    .limit(1000)) as CsrRow[];
}

export async function selectCsr(db: Executor, id: string): Promise<CsrRow | undefined> {
  const [row] = await csrQuery(db).where(eq(csrDocuments.id, id));
  return row as CsrRow | undefined;
}

export interface CsrValues {
  title: string;
  documentNo: string | null;
  revision: string;
  receivedDate: string;
  notes: string | null;
}

export async function insertCsr(tx: Executor, partyId: string, supersedesId: string | null, v: CsrValues, actorId: string) {
  const n = await nextNumber(tx, 'csr', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from csr_documents`);
  const [row] = await tx
    .insert(csrDocuments)
    .values({ ...v, number: `CSR-${String(n).padStart(5, '0')}`, partyId, supersedesId, createdBy: actorId, updatedBy: actorId })
    .returning({ id: csrDocuments.id });
  return row!.id;
}

export async function updateCsrRow(tx: Executor, id: string, version: number, v: Partial<CsrValues> & { supersededById?: string }, actorId: string) {
  const r = await tx
    .update(csrDocuments)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(csrDocuments.id, id), eq(csrDocuments.version, version)))
    .returning({ id: csrDocuments.id });
  return r.length > 0;
}

const doer = alias(users, 'doer');
export async function selectDeployments(db: Executor, csrId: string) {
  return db
    .select({
      id: csrDeployments.id,
      target: csrDeployments.target,
      reference: csrDeployments.reference,
      change: csrDeployments.change,
      department: csrDeployments.department,
      doneOn: csrDeployments.doneOn,
      doneByName: doer.displayName,
      createdAt: csrDeployments.createdAt,
    })
    .from(csrDeployments)
    .leftJoin(doer, eq(doer.id, csrDeployments.createdBy))
    .where(eq(csrDeployments.csrId, csrId))
    .orderBy(asc(csrDeployments.createdAt));
}

export async function insertDeployment(
  tx: Executor,
  v: { csrId: string; target: string; reference: string; change: string; department: string; doneOn: string },
  actorId: string,
) {
  const [row] = await tx
    .insert(csrDeployments)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: csrDeployments.id });
  return row!.id;
}

export async function selectCsrEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: csrDocuments.createdBy }).from(csrDocuments).where(eq(csrDocuments.id, id));
  return r ? { owners: [r.createdBy] } : null;
}
