import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { auditActor } from '../platform/audit/actor.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { fetchTitles, recordType, recordTypes } from '../platform/records/record-types.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import type {
  ActionListQuery,
  CancelActionRequest,
  CompleteActionRequest,
  CreateActionRequest,
  TActionItem,
  UpdateActionRequest,
  VerifyActionRequest,
} from '../../contracts/actions.js';
import { selectDepartments, selectUser } from '../identity/index.js';
import { deadlineCalculator, nextCheckAt, insertClock, selectClocks, updateClock } from '../procedures/index.js';
import * as repo from './actions.repository.js';

export const actionNumber = (seq: number) => `A${String(seq).padStart(5, '0')}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DEFAULT_ESCALATION = [
  { atPercent: 100, notify: ['assignee', 'departmentManager'] },
  { atPercent: 200, notify: ['vp', 'gm'] },
];

/** Action items are visible where their source record is. */
function readableSourceTypes(auth: AuthContext) {
  return recordTypes()
    .filter((t) => auth.permissions.has(t.readPermission))
    .map((t) => t.type);
}

async function present(db: Executor, rows: repo.ActionRow[]): Promise<TActionItem[]> {
  const files = await attachmentsOf(
    db,
    'action',
    rows.map((r) => r.id),
  );
  // the sources' titles: one statement per source type, not one per row
  const titles = await fetchTitles(
    db,
    rows.map((r) => ({ type: r.sourceType, id: r.sourceId })),
  );
  const now = new Date();
  return Promise.all(
    rows.map(async (r) => {
      const type = recordType(r.sourceType);
      return {
        id: r.id,
        number: actionNumber(r.seq),
        source: { type: r.sourceType, id: r.sourceId, title: titles.get(`${r.sourceType}:${r.sourceId}`) ?? null, url: type?.url(r.sourceId) ?? '/' },
        title: r.title,
        description: r.description,
        ownerId: r.ownerId,
        ownerName: r.ownerName,
        department: r.department,
        dueDate: r.dueDate,
        dueAt: iso(r.dueAt),
        provisional: !!r.provisional,
        overdue: r.status === 'open' && !!r.dueAt && r.dueAt < now,
        status: r.status as TActionItem['status'],
        evidence: r.evidence,
        completedAt: iso(r.completedAt),
        verification:
          r.verificationMethod && r.verificationCriterion && r.verificationDate && r.verifierId
            ? {
                method: r.verificationMethod,
                criterion: r.verificationCriterion,
                date: r.verificationDate,
                verifierId: r.verifierId,
                verifierName: r.verifierName,
              }
            : null,
        verificationResult: r.verificationResult as TActionItem['verificationResult'],
        verificationNote: r.verificationNote,
        verifiedAt: iso(r.verifiedAt),
        attachments: files.filter((f) => f.ownerId === r.id).map(toAttachment),
        version: r.version,
      };
    }),
  );
}

async function load(db: Executor, auth: AuthContext, id: string) {
  const row = await repo.selectAction(db, id);
  if (!row || !readableSourceTypes(auth).includes(row.sourceType)) throw notFound();
  return row;
}

function snapshot(r: repo.ActionRow) {
  const { seq: _s, version: _v, dueAt: _d, provisional: _p, ...rest } = r;
  return rest;
}

/** (Re)start the action's clock: due at the end of working hours on its due date. */
async function restartClock(tx: Executor, id: string, values: { ownerId: string; department: string; dueDate: string }) {
  await stopClock(tx, id);
  const calc = await deadlineCalculator(tx);
  const { due, provisional, calendarVersion } = calc.endOfWorkingDay(values.dueDate);
  const now = new Date();
  const startedAt = now < due ? now : due;
  await insertClock(tx, {
    ownerType: 'action',
    ownerId: id,
    stepId: null,
    refType: 'action',
    refId: id,
    department: values.department,
    assigneeId: values.ownerId,
    deadlineAmount: 0,
    deadlineUnit: 'dueDate',
    startedAt,
    dueAt: due,
    provisional,
    calendarVersion,
    status: 'running',
    pausedSince: null,
    escalation: DEFAULT_ESCALATION,
    nextCheckAt: nextCheckAt(startedAt, due, 0, DEFAULT_ESCALATION, 0),
  });
}

async function stopClock(tx: Executor, id: string) {
  for (const c of await selectClocks(tx, 'action', [id])) {
    if (c.status !== 'stopped') await updateClock(tx, c.id, { status: 'stopped', stoppedAt: new Date(), nextCheckAt: null });
  }
}

async function validate(tx: Executor, input: z.infer<typeof CreateActionRequest> | z.infer<typeof UpdateActionRequest>, today: string) {
  const owner = await selectUser(tx, input.ownerId);
  if (!owner?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.ownerId', code: 'not_found' }]);
  if (!(await selectDepartments(tx)).some((d) => d.code === input.department))
    throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.department', code: 'not_found' }]);
  if (input.verification && !(await selectUser(tx, input.verification.verifierId))?.active) {
    throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.verification.verifierId', code: 'not_found' }]);
  }
  if (input.dueDate < today) throw new AppError('DUE_DATE_IN_PAST', [{ path: 'body.dueDate', code: 'past' }]);
  const calc = await deadlineCalculator(tx);
  if (!calc.isWorkingDay(input.dueDate)) throw new AppError('DUE_DATE_NOT_WORKING_DAY', [{ path: 'body.dueDate', code: 'not_working_day' }]);
  return {
    title: input.title,
    description: input.description,
    ownerId: input.ownerId,
    department: input.department,
    dueDate: input.dueDate,
    verificationMethod: input.verification?.method ?? null,
    verificationCriterion: input.verification?.criterion ?? null,
    verificationDate: input.verification?.date ?? null,
    verifierId: input.verification?.verifierId ?? null,
  };
}

export async function listActions(db: Db, auth: AuthContext, q: z.infer<typeof ActionListQuery>) {
  const { items, total, totalCapped } = await repo.selectActions(db, {
    ownerId: q.ownerId,
    status: q.status,
    sourceType: q.sourceType,
    sourceId: q.sourceId,
    overdue: q.overdue === 'true',
    sourceTypes: readableSourceTypes(auth),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await present(db, items), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

export async function getAction(db: Db | Executor, auth: AuthContext, id: string) {
  return (await present(db, [await load(db, auth, id)]))[0]!;
}

export async function createAction(
  db: Db | Executor,
  auth: AuthContext,
  input: z.infer<typeof CreateActionRequest>,
  today: string,
  purpose: string | null = null,
) {
  const id = await db.transaction(async (tx) => {
    const type = recordType(input.sourceType);
    if (!type) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'body.sourceType', code: 'unknown' }]);
    if (!auth.permissions.has(type.readPermission)) throw new AppError('FORBIDDEN');
    if (!(await type.fetchTitle(tx, input.sourceId))) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.sourceId', code: 'not_found' }]);
    const values = await validate(tx, input, today);
    const newId = await repo.insertAction(tx, { type: input.sourceType, id: input.sourceId }, values, auth.userId, purpose);
    await restartClock(tx, newId, values);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id: newId },
      action: 'create',
      after: snapshot((await repo.selectAction(tx, newId))!),
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: input.sourceType, id: input.sourceId },
      action: 'action.create',
      after: { action: newId, title: values.title, ownerId: values.ownerId, dueDate: values.dueDate },
    });
    if (values.ownerId !== auth.userId) await enqueue(tx, 'action.assigned', { actionId: newId, userId: values.ownerId });
    return newId;
  });
  return getAction(db, auth, id);
}

export async function updateAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateActionRequest>, today: string) {
  await db.transaction(async (tx) => {
    const before = await load(tx, auth, id);
    if (before.status !== 'open') throw new AppError('ACTION_WRONG_STATUS');
    const values = await validate(tx, input, today);
    if (!(await repo.updateActionRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    if (values.dueDate !== before.dueDate || values.ownerId !== before.ownerId || values.department !== before.department) await restartClock(tx, id, values);
    const after = (await repo.selectAction(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id },
      action: 'update',
      before: snapshot(before),
      after: snapshot(after),
      reason: input.reason ?? null,
    });
    if (values.ownerId !== before.ownerId) await enqueue(tx, 'action.assigned', { actionId: id, userId: values.ownerId });
  });
  return getAction(db, auth, id);
}

/**
 * Work addressed to a department is everyone's in it: a member takes an open action item of their
 * department as their own (the previous owner is told). Managers reassign through the update.
 */
export async function claimAction(db: Db, auth: AuthContext, id: string, input: { version: number }) {
  await db.transaction(async (tx) => {
    const before = await load(tx, auth, id);
    if (before.status !== 'open') throw new AppError('ACTION_WRONG_STATUS');
    if (!auth.departmentCodes.includes(before.department)) throw new AppError('ACTION_NOT_YOUR_DEPARTMENT');
    if (before.ownerId === auth.userId) throw new AppError('ACTION_ALREADY_YOURS');
    if (!(await repo.updateActionRow(tx, id, input.version, { ownerId: auth.userId }, auth.userId))) throw versionConflict();
    await restartClock(tx, id, { ownerId: auth.userId, department: before.department, dueDate: before.dueDate });
    const after = (await repo.selectAction(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id },
      action: 'claim',
      before: snapshot(before),
      after: snapshot(after),
      reason: null,
    });
    await enqueue(tx, 'action.claimed', { actionId: id, userId: before.ownerId, by: auth.displayName });
  });
  return getAction(db, auth, id);
}

export async function completeAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CompleteActionRequest>) {
  await db.transaction(async (tx) => {
    const before = await load(tx, auth, id);
    if (before.ownerId !== auth.userId && !auth.permissions.has('actions.manage')) throw new AppError('NOT_ACTION_OWNER');
    if (before.status !== 'open') throw new AppError('ACTION_WRONG_STATUS');
    const ok = await repo.updateActionRow(tx, id, input.version, { status: 'done', evidence: input.evidence, completedAt: new Date() }, auth.userId);
    if (!ok) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'action', id });
    await stopClock(tx, id);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id },
      action: 'complete',
      before: snapshot(before),
      after: snapshot((await repo.selectAction(tx, id))!),
    });
    if (before.verifierId) await enqueue(tx, 'action.verify', { actionId: id, userId: before.verifierId });
  });
  return getAction(db, auth, id);
}

/**
 * A procedure step that does what a task asked (the reconfirmation recorded on the order) completes the
 * open tasks it created for that purpose, in the step's transaction, with the step's record as evidence.
 */
export async function completeProcedureTasks(
  tx: Executor,
  auth: AuthContext,
  source: { type: string; id: string },
  purpose: string,
  evidence: string,
): Promise<number> {
  const open = await repo.selectOpenTaskIds(tx, source, purpose);
  for (const { id, version } of open) {
    const before = (await repo.selectAction(tx, id))!;
    if (!(await repo.updateActionRow(tx, id, version, { status: 'done', evidence, completedAt: new Date() }, auth.userId))) throw versionConflict();
    await stopClock(tx, id);
    await insertAudit(tx, {
      ...auditActor(auth),
      ref: { type: 'action', id },
      action: 'complete',
      before: snapshot(before),
      after: snapshot((await repo.selectAction(tx, id))!),
      reason: evidence,
    });
  }
  return open.length;
}

/** A procedure step that makes a task moot (a change request re-opens the review) cancels the open tasks it created for that purpose. */
export async function cancelProcedureTasks(
  tx: Executor,
  auth: AuthContext,
  source: { type: string; id: string },
  purpose: string,
  reason: string,
): Promise<number> {
  const open = await repo.selectOpenTaskIds(tx, source, purpose);
  for (const { id, version } of open) {
    const before = (await repo.selectAction(tx, id))!;
    if (!(await repo.updateActionRow(tx, id, version, { status: 'cancelled', cancelReason: reason }, auth.userId))) throw versionConflict();
    await stopClock(tx, id);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id },
      action: 'cancel',
      before: snapshot(before),
      after: snapshot((await repo.selectAction(tx, id))!),
      reason,
    });
  }
  return open.length;
}

/** The verifier records whether the action worked; "not effective" reopens it. */
export async function verifyAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VerifyActionRequest>) {
  await db.transaction(async (tx) => {
    const before = await load(tx, auth, id);
    if (!before.verifierId || before.verifierId !== auth.userId) throw new AppError('NOT_VERIFIER');
    if (before.status !== 'done') throw new AppError('ACTION_WRONG_STATUS');
    const effective = input.result === 'effective';
    const ok = await repo.updateActionRow(
      tx,
      id,
      input.version,
      {
        status: effective ? 'verified' : 'open',
        verificationResult: input.result,
        verificationNote: input.note,
        verifiedAt: new Date(),
        ...(effective ? {} : { completedAt: null }),
      },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    if (!effective) await restartClock(tx, id, before);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id },
      action: effective ? 'verify' : 'reopen',
      before: snapshot(before),
      after: snapshot((await repo.selectAction(tx, id))!),
      reason: input.note,
    });
    if (!effective) await enqueue(tx, 'action.assigned', { actionId: id, userId: before.ownerId });
  });
  return getAction(db, auth, id);
}

export async function cancelAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CancelActionRequest>) {
  await db.transaction(async (tx) => {
    const before = await load(tx, auth, id);
    if (before.status === 'cancelled' || before.status === 'verified') throw new AppError('ACTION_WRONG_STATUS');
    if (!(await repo.updateActionRow(tx, id, input.version, { status: 'cancelled', cancelReason: input.reason }, auth.userId))) throw versionConflict();
    await stopClock(tx, id);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'action', id },
      action: 'cancel',
      before: snapshot(before),
      after: snapshot((await repo.selectAction(tx, id))!),
      reason: input.reason,
    });
  });
  return getAction(db, auth, id);
}

/** Every action item raised on a record (a complaint's corrective actions), for its page and its procedure's guards. */
export async function actionsOfSource(db: Db | Executor, source: { type: string; id: string }): Promise<TActionItem[]> {
  const { items } = await repo.selectActions(db, { sourceType: source.type, sourceId: source.id, sourceTypes: [source.type], limit: 200, offset: 0 });
  return present(db, items);
}
