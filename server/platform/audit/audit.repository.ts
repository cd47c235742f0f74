import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { dispatch, type Executor } from '../db/client.js';
import { auditLog } from '../platform.table.js';
import { users } from '../../identity/identity.table.js';
import { contacts, parties } from '../../parties/parties.table.js';
import type { TRecordRef } from '../../../contracts/common.js';
import { auditChainOn, auditMac, CanonicalText, canonicalJson } from './chain.js';
import { CONTACT_LABEL_SUFFIX } from './actor.js';

export interface AuditInput {
  actorId: string | null;
  /** a customer's contact acting through the portal (see `auditActor`): then actorId is null */
  actorContactId?: string | null;
  ref: TRecordRef;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

/** Who a row names: our user, or a customer's contact acting through the portal — "张三 (ACME · 客户联系人 customer contact)". */
export const actorNameSql = sql<
  string | null
>`coalesce(${users.displayName}, ${contacts.name} || ' (' || coalesce(nullif(${parties.nameZh}, ''), ${parties.nameEn}) || ${CONTACT_LABEL_SUFFIX})`;

/** Write one audit row; call it inside the transaction that makes the change. */
export async function insertAudit(tx: Executor, input: AuditInput) {
  const row = {
    at: new Date(),
    actorId: input.actorId,
    ...(input.actorContactId ? { actorContactId: input.actorContactId } : {}),
    refType: input.ref.type,
    refId: input.ref.id,
    action: input.action,
    before: input.before ? toJson(input.before) : null,
    after: input.after ? toJson(input.after) : null,
    reason: input.reason ?? null,
  };
  // the row's mac is written with it; its place in the chain comes from the sealer after commit (chain.ts)
  await tx.insert(auditLog).values({ ...row, mac: auditChainOn() ? auditMac(row) : null });
}

/**
 * Many audit rows in one statement (a bulk write: an import's batch); the same rows as insertAudit one by one. The
 * rows travel as one JSON parameter (`json_to_recordset`, in the order given, so ids — and the sealer's order —
 * follow it): a statement with one bound value per column and row costs more to build and bind than the rows.
 */
export async function insertAudits(tx: Executor, inputs: AuditInput[]) {
  if (!inputs.length) return;
  const at = new Date();
  const chain = auditChainOn();
  // each before/after serialised once, canonically: the same text is the row's jsonb (key order does not matter
  // there) and the part of its mac — no JSON round trip, no second serialisation of the snapshot
  const parts = inputs.map((input, n) => {
    const before = input.before ? new CanonicalText(canonicalJson(input.before)) : null;
    const after = input.after ? new CanonicalText(canonicalJson(input.after)) : null;
    const reason = input.reason ?? null;
    const mac = chain
      ? auditMac({
          at,
          actorId: input.actorId,
          actorContactId: input.actorContactId ?? null,
          refType: input.ref.type,
          refId: input.ref.id,
          action: input.action,
          before,
          after,
          reason,
        })
      : null;
    const str = JSON.stringify;
    return `{"n":${n},"a":${str(input.actorId)},"c":${str(input.actorContactId ?? null)},"t":${str(input.ref.type)},"i":${str(input.ref.id)},"x":${str(input.action)},"b":${before?.text ?? 'null'},"f":${after?.text ?? 'null'},"r":${str(reason)},"m":${str(mac)}}`;
  });
  const payload = `[${parts.join(',')}]`;
  // sent at once: a bulk writer prepares its next statement while this one runs
  await dispatch(
    tx.execute(sql`
    insert into audit_log (at, actor_id, actor_contact_id, ref_type, ref_id, action, before, after, reason, mac)
    select ${at.toISOString()}::timestamptz, v.a, v.c, v.t, v.i, v.x, v.b, v.f, v.r, v.m
    from json_to_recordset(${payload}::json) as v(n int, a uuid, c uuid, t text, i text, x text, b jsonb, f jsonb, r text, m text)
    order by v.n`),
  );
}

function toJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export async function selectHistory(db: Executor, ref: TRecordRef) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      refType: auditLog.refType,
      refId: auditLog.refId,
      actorId: auditLog.actorId,
      actorName: actorNameSql,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
      reason: auditLog.reason,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(contacts, eq(contacts.id, auditLog.actorContactId))
    .leftJoin(parties, eq(parties.id, contacts.partyId))
    .where(and(eq(auditLog.refType, ref.type), eq(auditLog.refId, ref.id)))
    .orderBy(asc(auditLog.id));
}

export interface AuditTrailFilter {
  refType?: string;
  refId?: string;
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** The trail, newest first, filtered (the audit page and its export); `total` only when asked. */
export async function selectAuditTrail(db: Executor, f: AuditTrailFilter, page: number, pageSize: number, withTotal: boolean) {
  const where: SQL[] = [];
  if (f.refType) where.push(eq(auditLog.refType, f.refType));
  if (f.refId) where.push(eq(auditLog.refId, f.refId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.from) where.push(gte(auditLog.at, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lt(auditLog.at, new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000)));
  const cond = where.length ? and(...where) : undefined;
  const items = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      refType: auditLog.refType,
      refId: auditLog.refId,
      actorId: auditLog.actorId,
      actorName: actorNameSql,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
      reason: auditLog.reason,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(contacts, eq(contacts.id, auditLog.actorContactId))
    .leftJoin(parties, eq(parties.id, contacts.partyId))
    .where(cond)
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const total = withTotal
    ? ((
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditLog)
          .where(cond)
      )[0]?.n ?? 0)
    : 0;
  return { items, total };
}

/** A cheap round trip to the database (health check). */
export async function pingDatabase(db: Executor) {
  await db.execute(sql`select 1`);
}
