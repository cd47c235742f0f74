import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { recordType } from '../platform/records/record-types.js';
import type { TRecordRef } from '../../contracts/common.js';
import type {
  CommunicationPlanListQuery,
  CreateCommunicationPlanRequest,
  CreateMeetingRequest,
  CreateMeetingSeriesRequest,
  DistributeMeetingRequest,
  MeetingActionRequest,
  MeetingListQuery,
  PlanReplyRequest,
  TCommunicationPlan,
  TMeeting,
  UpdateMeetingRequest,
} from '../../contracts/internal.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { selectDepartments, selectUser } from '../identity/index.js';
import { createCommunication } from '../communications/index.js';
import { assertEditable, startProcedure } from '../procedures/index.js';
import { createAction, getAction } from '../actions/index.js';
import { siteCalendar } from '../calendar/index.js';
import * as repo from './internal.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function sourceOf(db: Executor, type: string | null, id: string | null) {
  if (!type || !id) return null;
  const t = recordType(type);
  return { type, id, title: (await t?.fetchTitle(db, id)) ?? null, url: t?.url(id) ?? '/' };
}

async function checkSource(tx: Executor, auth: AuthContext, source: TRecordRef | null) {
  if (!source) return;
  const t = recordType(source.type);
  if (!t) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'body.source.type', code: 'unknown' }]);
  if (!auth.permissions.has(t.readPermission)) throw new AppError('FORBIDDEN');
  if (!(await t.fetchTitle(tx, source.id))) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.source.id', code: 'not_found' }]);
}

async function year(tx: Executor) {
  return Number((await siteCalendar(tx)).localDate(new Date()).slice(0, 4));
}

// ———————————————————— communication plans ————————————————————

function planOut(r: repo.PlanRow) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    partyId: r.partyId,
    departments: r.departments,
    goal: r.goal as TCommunicationPlan['goal'],
    objective: r.objective,
    channel: r.channel as TCommunicationPlan['channel'],
    scheduledAt: iso(r.scheduledAt),
    place: r.place,
    participants: r.participants,
    content: r.content,
    form: r.form,
    communicatedAt: iso(r.communicatedAt),
    communicationNote: r.communicationNote,
    followUpNote: r.followUpNote,
    score: r.score,
    lessons: r.lessons,
    improvement: r.improvement,
    state: r.state,
    status: (r.status as TCommunicationPlan['status']) ?? null,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

export async function listPlans(db: Db, q: z.infer<typeof CommunicationPlanListQuery>) {
  const list = await repo.selectPlans(db, { open: q.open === undefined ? undefined : q.open === 'true', sourceType: q.sourceType, sourceId: q.sourceId });
  return { items: await Promise.all(list.map(async (r) => ({ ...planOut(r), source: await sourceOf(db, r.sourceType, r.sourceId) }))) };
}

export async function loadPlan(db: Db | Executor, id: string) {
  const r = await repo.selectPlan(db, id);
  if (!r) throw notFound();
  return r;
}

export async function getPlan(db: Db | Executor, id: string): Promise<TCommunicationPlan> {
  const r = await loadPlan(db, id);
  const replies = await repo.selectReplies(db, id);
  return { ...planOut(r), source: await sourceOf(db, r.sourceType, r.sourceId), replies: replies.map((x) => ({ ...x, at: x.at.toISOString() })) };
}

async function checkDepartments(tx: Executor, list: string[], path: string) {
  const codes = new Set((await selectDepartments(tx)).filter((d) => d.active).map((d) => d.code));
  list.forEach((d, i) => {
    if (!codes.has(d)) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `${path}.${i}`, code: 'not_found' }]);
  });
}

/** A plan, possibly forwarding a customer's communication or complaint (its source) to the departments [CC 5.6]. */
export async function createPlan(db: Db, auth: AuthContext, input: z.infer<typeof CreateCommunicationPlanRequest>) {
  const id = await db.transaction(async (tx) => {
    await checkDepartments(tx, input.departments, 'body.departments');
    await checkSource(tx, auth, input.source);
    const partyId = input.source ? await repo.selectPartyOfRecord(tx, input.source.type, input.source.id) : null;
    const newId = await repo.insertPlan(
      tx,
      {
        title: input.title,
        departments: [...new Set(input.departments)],
        goal: input.goal,
        objective: input.objective,
        sourceType: input.source?.type ?? null,
        sourceId: input.source?.id ?? null,
        partyId,
      },
      auth.userId,
      await year(tx),
    );
    const row = (await repo.selectPlan(tx, newId))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'communication-plan', id: newId },
      action: 'create',
      after: { number: row.number, title: row.title, departments: row.departments, source: input.source },
    });
    if (input.source)
      await insertAudit(tx, {
        actorId: auth.userId,
        ref: input.source,
        action: 'communication-plan.create',
        after: { plan: row.number, departments: row.departments },
      });
    await upsertSearchDocument(tx, {
      refType: 'communication-plan',
      refId: newId,
      partyId,
      permission: 'internal.read',
      title: `${row.number} ${row.title}`,
      body: row.objective ?? '',
      codes: [row.number],
      at: row.createdAt,
      voided: false,
    });
    await startProcedure(tx, auth, {
      procedureId: repo.PLAN_PROCEDURE,
      ref: { type: 'communication-plan', id: newId },
      assigneeId: auth.userId,
      at: new Date(),
    });
    return newId;
  });
  return getPlan(db, id);
}

/**
 * A department's feedback (接收反馈): only the departments addressed reply, while the plan collects
 * feedback. It comes back to the plan's owner (Sales) as a notification, and — when the plan forwards a
 * customer's record — as an internal communication on that customer's timeline.
 */
export async function replyToPlan(db: Db, auth: AuthContext, id: string, input: z.infer<typeof PlanReplyRequest>) {
  await db.transaction(async (tx) => {
    const p = await loadPlan(tx, id);
    if (!p.departments.includes(input.department) || !auth.departmentCodes.includes(input.department))
      throw new AppError('NOT_ADDRESSED', [{ path: 'body.department', code: 'not_addressed' }]);
    await assertEditable(tx, { type: 'communication-plan', id }, repo.PLAN_PROCEDURE, 'replies', 'PLAN_WRONG_STEP');
    const replyId = await repo.insertReply(tx, { planId: id, department: input.department, userId: auth.userId, content: input.content });
    await repo.updatePlanRow(tx, id, null, {}, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'communication-plan', id },
      action: 'reply',
      after: { department: input.department, content: input.content },
    });
    if (p.partyId) {
      const links: TRecordRef[] = [{ type: 'communication-plan', id }];
      if (p.sourceType && p.sourceId) links.push({ type: p.sourceType, id: p.sourceId });
      await createCommunication(
        tx,
        auth,
        CreateCommunicationRequest.parse({
          partyId: p.partyId,
          channel: p.channel ?? 'meeting',
          direction: 'internal',
          topic: 'other',
          occurredAt: new Date().toISOString(),
          subject: `${p.number} 部门反馈 Reply from ${input.department}`.slice(0, 200),
          content: input.content,
          links,
        }),
      );
    }
    if (p.ownerId && p.ownerId !== auth.userId) await enqueue(tx, 'plan.reply', { planId: id, replyId, userId: p.ownerId, department: input.department });
  });
  return getPlan(db, id);
}

// ———————————————————— meetings ————————————————————

export async function listSeries(db: Db) {
  return { items: await repo.selectSeriesList(db) };
}

export async function createSeries(db: Db, auth: AuthContext, input: z.infer<typeof CreateMeetingSeriesRequest>) {
  await db.transaction(async (tx) => {
    const id = await repo.insertSeries(tx, input, auth.userId);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'meeting-series', id }, action: 'create', after: input });
  });
  return listSeries(db);
}

async function loadMeeting(db: Db | Executor, id: string) {
  const r = await repo.selectMeeting(db, id);
  if (!r) throw notFound();
  return r;
}

export async function listMeetings(db: Db, q: z.infer<typeof MeetingListQuery>) {
  const list = await repo.selectMeetings(db, { seriesId: q.seriesId });
  return {
    items: await Promise.all(
      list.map(async (r) => ({
        ...meetingOut(r),
        source: await sourceOf(db, r.sourceType, r.sourceId),
        participantCount: r.participantCount,
        acknowledged: r.acknowledged,
      })),
    ),
  };
}

function meetingOut(r: repo.MeetingRow) {
  return {
    id: r.id,
    number: r.number,
    seriesId: r.seriesId,
    seriesTitle: r.seriesTitle,
    title: r.title,
    heldAt: r.heldAt.toISOString(),
    place: r.place,
    chairId: r.chairId,
    chairName: r.chairName,
    agenda: r.agenda,
    minutes: r.minutes,
    decisions: r.decisions,
    distributedAt: iso(r.distributedAt),
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

export async function getMeeting(db: Db | Executor, auth: AuthContext, id: string): Promise<TMeeting> {
  const r = await loadMeeting(db, id);
  const [participants, actionIds, carriedIds] = await Promise.all([
    repo.selectParticipants(db, id),
    repo.selectMeetingActionIds(db, id),
    repo.selectCarriedIds(db, id),
  ]);
  return {
    ...meetingOut(r),
    source: await sourceOf(db, r.sourceType, r.sourceId),
    participants: participants.map((p) => ({
      userId: p.userId,
      name: p.name ?? '',
      attendance: p.attendance as 'present',
      acknowledgedAt: iso(p.acknowledgedAt),
    })),
    actions: await Promise.all(actionIds.map((a) => getAction(db, auth, a))),
    carriedActions: await Promise.all(carriedIds.map((a) => getAction(db, auth, a))),
  };
}

async function checkPeople(tx: Executor, ids: (string | null)[], path: string) {
  for (const [i, id] of ids.entries()) {
    if (id && !(await selectUser(tx, id))?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `${path}.${i}`, code: 'not_found' }]);
  }
}

function meetingSnapshot(r: repo.MeetingRow, participants: { userId: string; name: string | null; attendance: string }[]) {
  return {
    number: r.number,
    title: r.title,
    heldAt: r.heldAt.toISOString(),
    place: r.place,
    chairId: r.chairId,
    agenda: r.agenda,
    minutes: r.minutes,
    decisions: r.decisions,
    participants: participants.map((p) => `${p.name ?? p.userId}: ${p.attendance}`),
  };
}

/** A new meeting; in a series, the open actions of the earlier meetings are carried into it. */
export async function createMeeting(db: Db, auth: AuthContext, input: z.infer<typeof CreateMeetingRequest>) {
  const id = await db.transaction(async (tx) => {
    if (input.seriesId && !(await repo.selectSeries(tx, input.seriesId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.seriesId', code: 'not_found' }]);
    await checkPeople(tx, input.participantIds, 'body.participantIds');
    if (input.chairId) await checkPeople(tx, [input.chairId], 'body.chairId');
    await checkSource(tx, auth, input.source);
    const heldAt = new Date(input.heldAt);
    const newId = await repo.insertMeeting(
      tx,
      {
        seriesId: input.seriesId,
        title: input.title,
        heldAt,
        place: input.place,
        chairId: input.chairId,
        agenda: input.agenda,
        sourceType: input.source?.type ?? null,
        sourceId: input.source?.id ?? null,
      },
      auth.userId,
      await year(tx),
    );
    await repo.setParticipants(tx, newId, [...new Set(input.participantIds)], new Map());
    if (input.seriesId)
      await repo.insertCarried(
        tx,
        newId,
        (await repo.selectOpenSeriesActions(tx, input.seriesId, heldAt)).map((a) => a.id),
      );
    const row = (await repo.selectMeeting(tx, newId))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'meeting', id: newId },
      action: 'create',
      after: meetingSnapshot(row, await repo.selectParticipants(tx, newId)),
    });
    await upsertSearchDocument(tx, {
      refType: 'meeting',
      refId: newId,
      partyId: input.source ? await repo.selectPartyOfRecord(tx, input.source.type, input.source.id) : null,
      permission: 'internal.read',
      title: `${row.number} ${row.title}`,
      body: row.agenda ?? '',
      codes: [row.number],
      at: heldAt,
      voided: false,
    });
    return newId;
  });
  return getMeeting(db, auth, id);
}

export async function updateMeeting(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateMeetingRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadMeeting(tx, id);
    if (before.distributedAt) throw new AppError('MEETING_ALREADY_DISTRIBUTED');
    await checkPeople(tx, input.participantIds, 'body.participantIds');
    if (input.chairId) await checkPeople(tx, [input.chairId], 'body.chairId');
    input.attendance.forEach((a, i) => {
      if (!input.participantIds.includes(a.userId))
        throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.attendance.${i}.userId`, code: 'not_participant' }]);
    });
    const beforeParticipants = await repo.selectParticipants(tx, id);
    const ok = await repo.updateMeetingRow(
      tx,
      id,
      input.version,
      {
        title: input.title,
        heldAt: new Date(input.heldAt),
        place: input.place,
        chairId: input.chairId,
        agenda: input.agenda,
        minutes: input.minutes,
        decisions: input.decisions,
      },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    await repo.setParticipants(tx, id, [...new Set(input.participantIds)], new Map(input.attendance.map((a) => [a.userId, a.attendance])));
    const after = (await repo.selectMeeting(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'meeting', id },
      action: 'update',
      before: meetingSnapshot(before, beforeParticipants),
      after: meetingSnapshot(after, await repo.selectParticipants(tx, id)),
    });
    await upsertSearchDocument(tx, {
      refType: 'meeting',
      refId: id,
      partyId: after.sourceType && after.sourceId ? await repo.selectPartyOfRecord(tx, after.sourceType, after.sourceId) : null,
      permission: 'internal.read',
      title: `${after.number} ${after.title}`,
      body: [after.agenda, after.minutes, after.decisions].filter(Boolean).join('\n'),
      codes: [after.number],
      at: after.heldAt,
      voided: false,
    });
  });
  return getMeeting(db, auth, id);
}

/** Distribute the minutes to the participants, who each acknowledge. */
export async function distributeMeeting(db: Db, auth: AuthContext, id: string, input: z.infer<typeof DistributeMeetingRequest>) {
  await db.transaction(async (tx) => {
    const m = await loadMeeting(tx, id);
    if (m.distributedAt) throw new AppError('MEETING_ALREADY_DISTRIBUTED');
    if (!m.minutes?.trim()) throw new AppError('MEETING_MINUTES_MISSING', [{ path: 'meeting.minutes', code: 'required' }]);
    if (!(await repo.updateMeetingRow(tx, id, input.version, { distributedAt: new Date() }, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'meeting', id }, action: 'distribute', after: { distributedAt: new Date().toISOString() } });
    for (const p of await repo.selectParticipants(tx, id)) {
      if (p.userId !== auth.userId) await enqueue(tx, 'meeting.minutes', { meetingId: id, userId: p.userId });
    }
  });
  return getMeeting(db, auth, id);
}

export async function acknowledgeMeeting(db: Db, auth: AuthContext, id: string) {
  await db.transaction(async (tx) => {
    const m = await loadMeeting(tx, id);
    const p = (await repo.selectParticipants(tx, id)).find((x) => x.userId === auth.userId);
    if (!p) throw new AppError('NOT_ADDRESSED');
    if (!m.distributedAt) throw new AppError('MEETING_NOT_DISTRIBUTED');
    if (!(await repo.acknowledgeMinutes(tx, id, auth.userId))) throw new AppError('ALREADY_ACKNOWLEDGED');
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'meeting', id }, action: 'minutes.acknowledge', after: { userId: auth.userId } });
  });
  return getMeeting(db, auth, id);
}

export async function addMeetingAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof MeetingActionRequest>, today: string) {
  const m = await loadMeeting(db, id);
  if (m.distributedAt) throw new AppError('MEETING_ALREADY_DISTRIBUTED');
  return createAction(
    db,
    auth,
    {
      sourceType: 'meeting',
      sourceId: id,
      title: input.title,
      description: input.description,
      ownerId: input.ownerId,
      department: input.department,
      dueDate: input.dueDate,
      verification: null,
    },
    today,
  );
}
