import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { actionItems } from '../actions/actions.table.js';
import { communicationPlanReplies, communicationPlans, meetingCarriedActions, meetingParticipants, meetingSeries, meetings } from './internal.table.js';

export const PLAN_PROCEDURE = 'internal-communication';

// ---- communication plans ----

const planInstanceJoin = and(
  eq(procedureInstances.refType, 'communication-plan'),
  eq(procedureInstances.refId, sql`${communicationPlans.id}::text`),
  eq(procedureInstances.procedureId, PLAN_PROCEDURE),
);
const planColumns = {
  id: communicationPlans.id,
  number: communicationPlans.number,
  title: communicationPlans.title,
  sourceType: communicationPlans.sourceType,
  sourceId: communicationPlans.sourceId,
  partyId: communicationPlans.partyId,
  departments: communicationPlans.departments,
  goal: communicationPlans.goal,
  objective: communicationPlans.objective,
  channel: communicationPlans.channel,
  scheduledAt: communicationPlans.scheduledAt,
  place: communicationPlans.place,
  participants: communicationPlans.participants,
  content: communicationPlans.content,
  form: communicationPlans.form,
  communicatedAt: communicationPlans.communicatedAt,
  communicationNote: communicationPlans.communicationNote,
  followUpNote: communicationPlans.followUpNote,
  score: communicationPlans.score,
  lessons: communicationPlans.lessons,
  improvement: communicationPlans.improvement,
  state: procedureInstances.state,
  status: procedureInstances.status,
  ownerId: communicationPlans.createdBy,
  ownerName: users.displayName,
  createdAt: communicationPlans.createdAt,
  version: communicationPlans.version,
};
export type PlanRow = {
  id: string;
  number: string;
  title: string;
  sourceType: string | null;
  sourceId: string | null;
  partyId: string | null;
  departments: string[];
  goal: string | null;
  objective: string | null;
  channel: string | null;
  scheduledAt: Date | null;
  place: string | null;
  participants: string | null;
  content: string | null;
  form: string | null;
  communicatedAt: Date | null;
  communicationNote: string | null;
  followUpNote: string | null;
  score: number | null;
  lessons: string | null;
  improvement: string | null;
  state: string | null;
  status: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  version: number;
};
export type PlanValues = Partial<Omit<PlanRow, 'id' | 'number' | 'state' | 'status' | 'ownerId' | 'ownerName' | 'createdAt' | 'version'>>;

function planQuery(db: Executor) {
  return db
    .select(planColumns)
    .from(communicationPlans)
    .leftJoin(users, eq(users.id, communicationPlans.createdBy))
    .leftJoin(procedureInstances, planInstanceJoin);
}

export async function selectPlans(db: Executor, f: { open?: boolean | undefined; sourceType?: string | undefined; sourceId?: string | undefined }) {
  const where: (SQL | undefined)[] = [];
  if (f.open !== undefined) where.push(f.open ? eq(procedureInstances.status, 'open') : ne(procedureInstances.status, 'open'));
  if (f.sourceType) where.push(eq(communicationPlans.sourceType, f.sourceType));
  if (f.sourceId) where.push(eq(communicationPlans.sourceId, f.sourceId));
  return (await planQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(communicationPlans.createdAt))
    .limit(500)) as PlanRow[];
}

export async function selectPlan(db: Executor, id: string): Promise<PlanRow | undefined> {
  const [row] = await planQuery(db).where(eq(communicationPlans.id, id));
  return row as PlanRow | undefined;
}

export async function insertPlan(tx: Executor, v: PlanValues & { title: string; departments: string[] }, actorId: string, year: number) {
  const n = await nextNumber(
    tx,
    `communication-plan:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from communication_plans where number like ${`IC-${year}-%`}`,
  );
  const [row] = await tx
    .insert(communicationPlans)
    .values({ number: `IC-${year}-${String(n).padStart(4, '0')}`, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: communicationPlans.id });
  return row!.id;
}

export async function updatePlanRow(tx: Executor, id: string, version: number | null, v: PlanValues, actorId: string) {
  const res = await tx
    .update(communicationPlans)
    .set({ ...v, version: sql`${communicationPlans.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(communicationPlans.id, id), version === null ? undefined : eq(communicationPlans.version, version)))
    .returning({ id: communicationPlans.id });
  return res.length === 1;
}

export async function selectReplies(db: Executor, planId: string) {
  return db
    .select({
      id: communicationPlanReplies.id,
      department: communicationPlanReplies.department,
      userName: users.displayName,
      content: communicationPlanReplies.content,
      at: communicationPlanReplies.at,
    })
    .from(communicationPlanReplies)
    .leftJoin(users, eq(users.id, communicationPlanReplies.userId))
    .where(eq(communicationPlanReplies.planId, planId))
    .orderBy(asc(communicationPlanReplies.at));
}

export async function insertReply(tx: Executor, v: { planId: string; department: string; userId: string; content: string }) {
  const [row] = await tx.insert(communicationPlanReplies).values(v).returning({ id: communicationPlanReplies.id });
  return row!.id;
}

/** Plans waiting for feedback from these departments (no reply from the department yet). */
export async function selectPlansAwaitingReply(db: Executor, codes: string[]) {
  if (!codes.length) return [];
  const list = await db
    .select({ id: communicationPlans.id, number: communicationPlans.number, title: communicationPlans.title, departments: communicationPlans.departments })
    .from(communicationPlans)
    .innerJoin(procedureInstances, planInstanceJoin)
    .where(and(eq(procedureInstances.status, 'open'), eq(procedureInstances.state, 'feedback')));
  const mine = list.filter((p) => p.departments.some((d) => codes.includes(d)));
  if (!mine.length) return [];
  const replies = await db
    .select({ planId: communicationPlanReplies.planId, department: communicationPlanReplies.department })
    .from(communicationPlanReplies)
    .where(
      inArray(
        communicationPlanReplies.planId,
        mine.map((p) => p.id),
      ),
    );
  return mine.flatMap((p) =>
    p.departments.filter((d) => codes.includes(d) && !replies.some((r) => r.planId === p.id && r.department === d)).map((department) => ({ ...p, department })),
  );
}

// ---- meetings ----

export async function selectSeriesList(db: Executor) {
  return db
    .select({
      id: meetingSeries.id,
      title: meetingSeries.title,
      cadence: meetingSeries.cadence,
      version: meetingSeries.version,
      meetings: sql<number>`(select count(*)::int from meetings m where m.series_id = "meeting_series"."id")`,
    })
    .from(meetingSeries)
    .orderBy(asc(meetingSeries.title));
}

export async function selectSeries(db: Executor, id: string) {
  const [row] = await db.select({ id: meetingSeries.id, title: meetingSeries.title }).from(meetingSeries).where(eq(meetingSeries.id, id));
  return row;
}

export async function insertSeries(tx: Executor, v: { title: string; cadence: string | null }, actorId: string) {
  const [row] = await tx
    .insert(meetingSeries)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: meetingSeries.id });
  return row!.id;
}

const meetingColumns = {
  id: meetings.id,
  number: meetings.number,
  seriesId: meetings.seriesId,
  seriesTitle: meetingSeries.title,
  title: meetings.title,
  heldAt: meetings.heldAt,
  place: meetings.place,
  chairId: meetings.chairId,
  chairName: users.displayName,
  agenda: meetings.agenda,
  minutes: meetings.minutes,
  decisions: meetings.decisions,
  sourceType: meetings.sourceType,
  sourceId: meetings.sourceId,
  distributedAt: meetings.distributedAt,
  createdAt: meetings.createdAt,
  version: meetings.version,
  participantCount: sql<number>`(select count(*)::int from meeting_participants p where p.meeting_id = "meetings"."id")`,
  acknowledged: sql<number>`(select count(*)::int from meeting_participants p where p.meeting_id = "meetings"."id" and p.acknowledged_at is not null)`,
};
export type MeetingRow = {
  id: string;
  number: string;
  seriesId: string | null;
  seriesTitle: string | null;
  title: string;
  heldAt: Date;
  place: string | null;
  chairId: string | null;
  chairName: string | null;
  agenda: string | null;
  minutes: string | null;
  decisions: string | null;
  sourceType: string | null;
  sourceId: string | null;
  distributedAt: Date | null;
  createdAt: Date;
  version: number;
  participantCount: number;
  acknowledged: number;
};

function meetingQuery(db: Executor) {
  return db
    .select(meetingColumns)
    .from(meetings)
    .leftJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
    .leftJoin(users, eq(users.id, meetings.chairId));
}

export async function selectMeetings(db: Executor, f: { seriesId?: string | undefined }) {
  return (await meetingQuery(db)
    .where(f.seriesId ? eq(meetings.seriesId, f.seriesId) : undefined)
    .orderBy(desc(meetings.heldAt))
    .limit(500)) as MeetingRow[];
}

export async function selectMeeting(db: Executor, id: string): Promise<MeetingRow | undefined> {
  const [row] = await meetingQuery(db).where(eq(meetings.id, id));
  return row as MeetingRow | undefined;
}

export interface MeetingValues {
  seriesId?: string | null;
  title: string;
  heldAt: Date;
  place: string | null;
  chairId: string | null;
  agenda: string | null;
  minutes?: string | null;
  decisions?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
}

export async function insertMeeting(tx: Executor, v: MeetingValues, actorId: string, year: number) {
  const n = await nextNumber(
    tx,
    `meeting:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from meetings where number like ${`M-${year}-%`}`,
  );
  const [row] = await tx
    .insert(meetings)
    .values({ number: `M-${year}-${String(n).padStart(4, '0')}`, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: meetings.id });
  return row!.id;
}

export async function updateMeetingRow(tx: Executor, id: string, version: number, v: Partial<MeetingValues & { distributedAt: Date }>, actorId: string) {
  const res = await tx
    .update(meetings)
    .set({ ...v, version: sql`${meetings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(meetings.id, id), eq(meetings.version, version)))
    .returning({ id: meetings.id });
  return res.length === 1;
}

export async function selectParticipants(db: Executor, meetingId: string) {
  return db
    .select({
      userId: meetingParticipants.userId,
      name: users.displayName,
      attendance: meetingParticipants.attendance,
      acknowledgedAt: meetingParticipants.acknowledgedAt,
    })
    .from(meetingParticipants)
    .leftJoin(users, eq(users.id, meetingParticipants.userId))
    .where(eq(meetingParticipants.meetingId, meetingId))
    .orderBy(asc(users.displayName));
}

/** Replace the participant list, keeping the attendance and acknowledgement of those who stay. */
export async function setParticipants(tx: Executor, meetingId: string, userIds: string[], attendance: Map<string, string>) {
  const current = await selectParticipants(tx, meetingId);
  const keep = new Set(userIds);
  const gone = current.filter((p) => !keep.has(p.userId)).map((p) => p.userId);
  if (gone.length) await tx.delete(meetingParticipants).where(and(eq(meetingParticipants.meetingId, meetingId), inArray(meetingParticipants.userId, gone)));
  for (const userId of userIds) {
    const a = attendance.get(userId);
    if (current.some((p) => p.userId === userId)) {
      if (a)
        await tx
          .update(meetingParticipants)
          .set({ attendance: a })
          .where(and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.userId, userId)));
    } else {
      await tx.insert(meetingParticipants).values({ meetingId, userId, attendance: a ?? 'invited' });
    }
  }
}

export async function acknowledgeMinutes(tx: Executor, meetingId: string, userId: string) {
  const res = await tx
    .update(meetingParticipants)
    .set({ acknowledgedAt: new Date() })
    .where(and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.userId, userId), isNull(meetingParticipants.acknowledgedAt)))
    .returning({ userId: meetingParticipants.userId });
  return res.length === 1;
}

/** Distributed minutes this user has not acknowledged yet. */
export async function selectMinutesToAcknowledge(db: Executor, userId: string) {
  return db
    .select({ id: meetings.id, number: meetings.number, title: meetings.title, heldAt: meetings.heldAt, distributedAt: meetings.distributedAt })
    .from(meetingParticipants)
    .innerJoin(meetings, eq(meetings.id, meetingParticipants.meetingId))
    .where(and(eq(meetingParticipants.userId, userId), isNull(meetingParticipants.acknowledgedAt), isNotNull(meetings.distributedAt)));
}

/** Open actions of earlier meetings of the series (before this one), not carried yet. */
export async function selectOpenSeriesActions(db: Executor, seriesId: string, before: Date) {
  const earlier = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), sql`${meetings.heldAt} < ${before.toISOString()}::timestamptz`));
  if (!earlier.length) return [];
  const ids = earlier.map((m) => m.id);
  return db
    .select({ id: actionItems.id })
    .from(actionItems)
    .where(and(eq(actionItems.sourceType, 'meeting'), inArray(actionItems.sourceId, ids), eq(actionItems.status, 'open')))
    .orderBy(asc(actionItems.seq));
}

export async function insertCarried(tx: Executor, meetingId: string, actionIds: string[]) {
  if (actionIds.length)
    await tx
      .insert(meetingCarriedActions)
      .values(actionIds.map((actionId) => ({ meetingId, actionId })))
      .onConflictDoNothing();
}

export async function selectCarriedIds(db: Executor, meetingId: string) {
  return (
    await db
      .select({ actionId: meetingCarriedActions.actionId })
      .from(meetingCarriedActions)
      .where(eq(meetingCarriedActions.meetingId, meetingId))
      .orderBy(asc(meetingCarriedActions.id))
  ).map((r) => r.actionId);
}

export async function selectMeetingActionIds(db: Executor, meetingId: string) {
  return (
    await db
      .select({ id: actionItems.id })
      .from(actionItems)
      .where(and(eq(actionItems.sourceType, 'meeting'), eq(actionItems.sourceId, meetingId)))
      .orderBy(asc(actionItems.seq))
  ).map((r) => r.id);
}

/** The customer a record belongs to, as the search index knows it (any record type). */
export async function selectPartyOfRecord(db: Executor, refType: string, refId: string): Promise<string | null> {
  const [row] = await rows<{ party_id: string | null }>(db, sql`select party_id from search_index where ref_type = ${refType} and ref_id = ${refId} limit 1`);
  return row?.party_id ?? null;
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectPlanEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: communicationPlans.createdBy }).from(communicationPlans).where(eq(communicationPlans.id, id));
  return r ? { owners: [r.createdBy] } : null;
}

export async function selectMeetingEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ chairId: meetings.chairId, createdBy: meetings.createdBy }).from(meetings).where(eq(meetings.id, id));
  return r ? { owners: [r.chairId, r.createdBy] } : null;
}
