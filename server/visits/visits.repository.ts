import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { departments, userDepartments, users } from '../identity/identity.table.js';
import { parties } from '../parties/parties.table.js';
import { communicationLinks, communications } from '../communications/communications.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { visitAcknowledgements, visitFindings, visits } from './visits.table.js';

export const VISIT_PROCEDURE = 'customer-visit';

const instanceJoin = and(
  eq(procedureInstances.refType, 'visit'),
  eq(procedureInstances.refId, sql`${visits.id}::text`),
  eq(procedureInstances.procedureId, VISIT_PROCEDURE),
);

const columns = {
  id: visits.id,
  number: visits.number,
  direction: visits.direction,
  kind: visits.kind,
  partyId: visits.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  purpose: visits.purpose,
  visitors: visits.visitors,
  startDate: visits.startDate,
  endDate: visits.endDate,
  focusItems: visits.focusItems,
  accompanyingIds: visits.accompanyingIds,
  ndaRequired: visits.ndaRequired,
  restrictedAreas: visits.restrictedAreas,
  noticeDepartments: visits.noticeDepartments,
  noticeRound: visits.noticeRound,
  minutes: visits.minutes,
  outcomes: visits.outcomes,
  nextContact: visits.nextContact,
  heldCommunicationId: visits.heldCommunicationId,
  state: procedureInstances.state,
  status: procedureInstances.status,
  ownerId: visits.createdBy,
  ownerName: users.displayName,
  createdAt: visits.createdAt,
  version: visits.version,
  openFindings: sql<number>`(select count(*)::int from visit_findings f where f.visit_id = "visits"."id" and f.response is null)`,
};
export type VisitRow = {
  id: string;
  number: string;
  direction: string;
  kind: string;
  partyId: string;
  partyCode: string;
  partyName: string;
  purpose: string;
  visitors: string | null;
  startDate: string;
  endDate: string;
  focusItems: string | null;
  accompanyingIds: string[];
  ndaRequired: boolean;
  restrictedAreas: string | null;
  noticeDepartments: string[];
  noticeRound: number;
  minutes: string | null;
  outcomes: string | null;
  nextContact: string | null;
  heldCommunicationId: string | null;
  state: string | null;
  status: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  version: number;
  openFindings: number;
};

function query(db: Executor) {
  return db
    .select(columns)
    .from(visits)
    .innerJoin(parties, eq(parties.id, visits.partyId))
    .leftJoin(users, eq(users.id, visits.createdBy))
    .leftJoin(procedureInstances, instanceJoin);
}

export async function selectVisits(db: Executor, f: { partyId?: string | undefined; direction?: string | undefined; open?: boolean | undefined }) {
  const where: (SQL | undefined)[] = [];
  if (f.partyId) where.push(eq(visits.partyId, f.partyId));
  if (f.direction) where.push(eq(visits.direction, f.direction));
  if (f.open !== undefined) where.push(f.open ? eq(procedureInstances.status, 'open') : ne(procedureInstances.status, 'open'));
  return (await query(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(visits.startDate), desc(visits.createdAt))
    .limit(500)) as VisitRow[];
}

export async function selectVisit(db: Executor, id: string): Promise<VisitRow | undefined> {
  const [row] = await query(db).where(eq(visits.id, id));
  return row as VisitRow | undefined;
}

export interface VisitValues {
  direction: string;
  kind: string;
  purpose: string;
  visitors: string | null;
  startDate: string;
  endDate: string;
  focusItems: string | null;
  accompanyingIds: string[];
  ndaRequired: boolean;
  restrictedAreas: string | null;
  noticeDepartments: string[];
  outcomes: string | null;
  nextContact: string | null;
}

export async function insertVisit(tx: Executor, partyId: string, v: VisitValues, actorId: string, year: number) {
  const n = await nextNumber(tx, `visit:${year}`, sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from visits where number like ${`V-${year}-%`}`);
  const number = `V-${year}-${String(n).padStart(4, '0')}`;
  const [row] = await tx
    .insert(visits)
    .values({ number, partyId, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: visits.id });
  return row!.id;
}

export async function updateVisitRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<VisitValues & { minutes: string | null; heldCommunicationId: string; noticeRound: number }>,
  actorId: string,
) {
  const res = await tx
    .update(visits)
    .set({ ...v, version: sql`${visits.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(visits.id, id), eq(visits.version, version)))
    .returning({ id: visits.id });
  return res.length === 1;
}

/** Bump the version when a child row (finding, acknowledgement) changes, so readers see the record changed. */
export async function touchVisit(tx: Executor, id: string, actorId: string) {
  await tx
    .update(visits)
    .set({ version: sql`${visits.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(eq(visits.id, id));
}

// ---- acknowledgements ----

export async function selectAcknowledgements(db: Executor, visitId: string, round: number) {
  return db
    .select({ department: visitAcknowledgements.department, userName: users.displayName, comment: visitAcknowledgements.comment, at: visitAcknowledgements.at })
    .from(visitAcknowledgements)
    .leftJoin(users, eq(users.id, visitAcknowledgements.userId))
    .where(and(eq(visitAcknowledgements.visitId, visitId), eq(visitAcknowledgements.round, round)))
    .orderBy(asc(visitAcknowledgements.id));
}

export async function insertAcknowledgement(tx: Executor, v: { visitId: string; round: number; department: string; userId: string; comment: string | null }) {
  const res = await tx.insert(visitAcknowledgements).values(v).onConflictDoNothing().returning({ id: visitAcknowledgements.id });
  return res.length === 1;
}

/** Visits at the notice step addressed to these departments, with the departments that have not acknowledged. */
export async function selectPendingNotices(db: Executor, departments: string[]) {
  if (!departments.length) return [];
  const list = await db
    .select({
      id: visits.id,
      number: visits.number,
      partyName: parties.nameZh,
      startDate: visits.startDate,
      noticeDepartments: visits.noticeDepartments,
      round: visits.noticeRound,
    })
    .from(visits)
    .innerJoin(parties, eq(parties.id, visits.partyId))
    .innerJoin(procedureInstances, instanceJoin)
    .where(and(eq(procedureInstances.status, 'open'), eq(procedureInstances.state, 'notice')));
  const mine = list.filter((v) => v.noticeDepartments.some((d) => departments.includes(d)));
  if (!mine.length) return [];
  const acks = await db
    .select({ visitId: visitAcknowledgements.visitId, round: visitAcknowledgements.round, department: visitAcknowledgements.department })
    .from(visitAcknowledgements)
    .where(
      inArray(
        visitAcknowledgements.visitId,
        mine.map((v) => v.id),
      ),
    );
  return mine.flatMap((v) =>
    v.noticeDepartments
      .filter((d) => departments.includes(d) && !acks.some((a) => a.visitId === v.id && a.round === v.round && a.department === d))
      .map((department) => ({ ...v, department })),
  );
}

// ---- findings ----

const findingColumns = {
  id: visitFindings.id,
  visitId: visitFindings.visitId,
  no: visitFindings.no,
  area: visitFindings.area,
  department: visitFindings.department,
  severity: visitFindings.severity,
  description: visitFindings.description,
  response: visitFindings.response,
  respondedByName: users.displayName,
  respondedAt: visitFindings.respondedAt,
  version: visitFindings.version,
};
export type FindingRow = {
  id: string;
  visitId: string;
  no: number;
  area: string;
  department: string;
  severity: string;
  description: string;
  response: string | null;
  respondedByName: string | null;
  respondedAt: Date | null;
  version: number;
};

export async function selectFindings(db: Executor, visitId: string): Promise<FindingRow[]> {
  return db
    .select(findingColumns)
    .from(visitFindings)
    .leftJoin(users, eq(users.id, visitFindings.respondedBy))
    .where(eq(visitFindings.visitId, visitId))
    .orderBy(asc(visitFindings.no));
}

export async function insertFinding(
  tx: Executor,
  visitId: string,
  v: { area: string; department: string; severity: string; description: string },
  actorId: string,
) {
  const [{ n }] = (await tx
    .select({ n: sql<number>`coalesce(max(${visitFindings.no}), 0)::int + 1` })
    .from(visitFindings)
    .where(eq(visitFindings.visitId, visitId))) as [{ n: number }];
  const [row] = await tx
    .insert(visitFindings)
    .values({ visitId, no: n, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: visitFindings.id });
  return row!.id;
}

export async function updateFindingRow(tx: Executor, id: string, version: number, v: { response: string }, actorId: string) {
  const res = await tx
    .update(visitFindings)
    .set({ ...v, respondedBy: actorId, respondedAt: new Date(), version: sql`${visitFindings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(visitFindings.id, id), eq(visitFindings.version, version)))
    .returning({ id: visitFindings.id });
  return res.length === 1;
}

export async function countUnanswered(db: Executor, visitId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(visitFindings)
    .where(and(eq(visitFindings.visitId, visitId), isNull(visitFindings.response)));
  return row?.n ?? 0;
}

/** Outgoing communications linked to the visit other than the one logged when it took place: the customer informed. */
export async function countInforming(db: Executor, visitId: string, exceptId: string | null) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(communicationLinks)
    .innerJoin(communications, eq(communications.id, communicationLinks.communicationId))
    .where(
      and(
        eq(communicationLinks.refType, 'visit'),
        eq(communicationLinks.refId, visitId),
        eq(communications.direction, 'out'),
        isNull(communications.voidedAt),
        exceptId ? ne(communications.id, exceptId) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function selectUserNames(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
}

export async function selectUserIdsInDepartments(db: Executor, codes: string[]) {
  if (!codes.length) return [];
  const list = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userDepartments, eq(userDepartments.userId, users.id))
    .innerJoin(departments, eq(departments.id, userDepartments.departmentId))
    .where(and(inArray(departments.code, codes), eq(users.active, true)));
  return list.map((u) => u.id);
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: visits.createdBy, accompanyingIds: visits.accompanyingIds }).from(visits).where(eq(visits.id, id));
  return r ? { owners: [r.createdBy, ...r.accompanyingIds] } : null;
}
