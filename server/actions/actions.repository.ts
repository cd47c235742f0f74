import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { cappedTotal, one, pageRows } from '../platform/db/paging.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { clocks } from '../procedures/procedures.table.js';
import { actionItems } from './actions.table.js';

const verifier = alias(users, 'verifier');

const columns = {
  id: actionItems.id,
  seq: actionItems.seq,
  sourceType: actionItems.sourceType,
  sourceId: actionItems.sourceId,
  title: actionItems.title,
  description: actionItems.description,
  ownerId: actionItems.ownerId,
  ownerName: users.displayName,
  department: actionItems.department,
  dueDate: actionItems.dueDate,
  status: actionItems.status,
  evidence: actionItems.evidence,
  completedAt: actionItems.completedAt,
  verificationMethod: actionItems.verificationMethod,
  verificationCriterion: actionItems.verificationCriterion,
  verificationDate: actionItems.verificationDate,
  verifierId: actionItems.verifierId,
  verifierName: verifier.displayName,
  verificationResult: actionItems.verificationResult,
  verificationNote: actionItems.verificationNote,
  verifiedAt: actionItems.verifiedAt,
  version: actionItems.version,
  dueAt: clocks.dueAt,
  provisional: clocks.provisional,
};
export type ActionRow = {
  id: string;
  seq: number;
  sourceType: string;
  sourceId: string;
  title: string;
  description: string | null;
  ownerId: string;
  ownerName: string | null;
  department: string;
  dueDate: string;
  status: string;
  evidence: string | null;
  completedAt: Date | null;
  verificationMethod: string | null;
  verificationCriterion: string | null;
  verificationDate: string | null;
  verifierId: string | null;
  verifierName: string | null;
  verificationResult: string | null;
  verificationNote: string | null;
  verifiedAt: Date | null;
  version: number;
  dueAt: Date | null;
  provisional: boolean | null;
};

function base(db: Executor) {
  return db
    .select(columns)
    .from(actionItems)
    .leftJoin(users, eq(users.id, actionItems.ownerId))
    .leftJoin(verifier, eq(verifier.id, actionItems.verifierId))
    .leftJoin(clocks, and(eq(clocks.ownerType, 'action'), eq(clocks.ownerId, sql`${actionItems.id}::text`), sql`${clocks.status} <> 'stopped'`));
}

export interface ActionFilter {
  ownerId?: string | undefined;
  status?: string | undefined;
  sourceType?: string | undefined;
  sourceId?: string | undefined;
  overdue?: boolean | undefined;
  sourceTypes: string[];
  limit: number;
  offset: number;
}

export async function selectActions(db: Executor, f: ActionFilter) {
  const where: (SQL | undefined)[] = [inArray(actionItems.sourceType, f.sourceTypes.length ? f.sourceTypes : ['-'])];
  if (f.ownerId) where.push(eq(actionItems.ownerId, f.ownerId));
  if (f.status) where.push(eq(actionItems.status, f.status));
  if (f.sourceType) where.push(eq(actionItems.sourceType, f.sourceType));
  if (f.sourceId) where.push(eq(actionItems.sourceId, f.sourceId));
  if (f.overdue) where.push(eq(actionItems.status, 'open'), lt(clocks.dueAt, new Date()));
  const cond = and(...where);
  // the page's rows chosen first (index on due_date, seq), only they joined; the count capped
  const order = [asc(actionItems.dueDate), asc(actionItems.seq)];
  const clockJoin = and(eq(clocks.ownerType, 'action'), eq(clocks.ownerId, sql`${actionItems.id}::text`), sql`${clocks.status} <> 'stopped'`);
  const pageIds = db
    .select({ id: actionItems.id })
    .from(actionItems)
    .leftJoin(clocks, clockJoin)
    .where(cond)
    .orderBy(...order)
    .limit(f.limit)
    .offset(f.offset);
  const [items, total] = await Promise.all([
    pageRows(pageIds, (ids) =>
      base(db)
        .where(inArray(actionItems.id, ids))
        .orderBy(...order),
    ),
    cappedTotal(db, db.select(one).from(actionItems).leftJoin(clocks, clockJoin).where(cond), f.offset, f.limit),
  ]);
  return { items: items as ActionRow[], ...total };
}

export async function selectAction(db: Executor, id: string): Promise<ActionRow | undefined> {
  const [row] = await base(db).where(eq(actionItems.id, id));
  return row as ActionRow | undefined;
}

export interface ActionValues {
  title: string;
  description: string | null;
  ownerId: string;
  department: string;
  dueDate: string;
  verificationMethod: string | null;
  verificationCriterion: string | null;
  verificationDate: string | null;
  verifierId: string | null;
}

/** Open tasks a procedure created on a record for a purpose. */
export async function selectOpenTaskIds(tx: Executor, source: { type: string; id: string }, purpose: string): Promise<{ id: string; version: number }[]> {
  return tx
    .select({ id: actionItems.id, version: actionItems.version })
    .from(actionItems)
    .where(and(eq(actionItems.sourceType, source.type), eq(actionItems.sourceId, source.id), eq(actionItems.purpose, purpose), eq(actionItems.status, 'open')));
}

export async function insertAction(
  tx: Executor,
  source: { type: string; id: string },
  v: ActionValues,
  actorId: string,
  purpose: string | null = null,
): Promise<string> {
  const [row] = await tx
    .insert(actionItems)
    .values({
      sourceType: source.type,
      sourceId: source.id,
      ...v,
      purpose,
      seq: await nextNumber(tx, 'action', sql`select coalesce(max(seq), 0) from action_items`),
      createdBy: actorId,
      updatedBy: actorId,
    })
    .returning({ id: actionItems.id });
  return row!.id;
}

export async function updateActionRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<
    ActionValues & {
      status: string;
      evidence: string | null;
      completedAt: Date | null;
      verificationResult: string | null;
      verificationNote: string | null;
      verifiedAt: Date | null;
      cancelReason: string;
    }
  >,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(actionItems)
    .set({ ...v, version: sql`${actionItems.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(actionItems.id, id), eq(actionItems.version, version)))
    .returning({ id: actionItems.id });
  return res.length > 0;
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ ownerId: actionItems.ownerId, createdBy: actionItems.createdBy, verifierId: actionItems.verifierId, department: actionItems.department })
    .from(actionItems)
    .where(eq(actionItems.id, id));
  return r ? { owners: [r.ownerId, r.createdBy, r.verifierId], departments: [r.department] } : null;
}

/** Number and title of many action items in one statement (the record type's `fetchTitles`). */
export async function selectActionTitles(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: actionItems.id, seq: actionItems.seq, title: actionItems.title }).from(actionItems).where(inArray(actionItems.id, ids));
}
