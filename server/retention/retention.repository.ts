import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { disposalBatches, legalHolds, retentionRules, tombstones } from './retention.table.js';

/** The record types a retention rule may govern: their table, and the date a rule counts from when not their closing. */
export const RETAINABLE: Record<string, { table: string; created: string }> = {
  communication: { table: 'communications', created: 'occurred_at' },
  order: { table: 'orders', created: 'created_at' },
  complaint: { table: 'complaints', created: 'created_at' },
  quotation: { table: 'quotations', created: 'created_at' },
  visit: { table: 'visits', created: 'created_at' },
};

export const selectRules = (db: Executor) => db.select().from(retentionRules).orderBy(retentionRules.recordType);
export async function selectRule(db: Executor, type: string) {
  const [r] = await db.select().from(retentionRules).where(eq(retentionRules.recordType, type));
  return r;
}
export async function writeRule(tx: Executor, type: string, version: number, v: { keepYears: number; countedFrom: string; basis: string }, actorId: string) {
  if (version === 0) {
    const res = await tx
      .insert(retentionRules)
      .values({ recordType: type, ...v, createdBy: actorId, updatedBy: actorId })
      .onConflictDoNothing()
      .returning({ t: retentionRules.recordType });
    return res.length === 1;
  }
  const res = await tx
    .update(retentionRules)
    .set({ ...v, version: sql`${retentionRules.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(retentionRules.recordType, type), eq(retentionRules.version, version)))
    .returning({ t: retentionRules.recordType });
  return res.length === 1;
}

export const selectHolds = (db: Executor, activeOnly: boolean) =>
  db
    .select()
    .from(legalHolds)
    .where(activeOnly ? isNull(legalHolds.releasedAt) : undefined)
    .orderBy(desc(legalHolds.placedAt));
export async function selectHold(db: Executor, id: string) {
  const [h] = await db.select().from(legalHolds).where(eq(legalHolds.id, id));
  return h;
}
export async function insertHold(tx: Executor, v: { refType: string; refId: string; reason: string }, actorId: string) {
  const [h] = await tx
    .insert(legalHolds)
    .values({ ...v, placedBy: actorId, placedAt: new Date() })
    .returning();
  return h!;
}
export async function releaseHold(tx: Executor, id: string, reason: string, actorId: string) {
  const res = await tx
    .update(legalHolds)
    .set({ releasedAt: new Date(), releasedBy: actorId, releaseReason: reason })
    .where(and(eq(legalHolds.id, id), isNull(legalHolds.releasedAt)))
    .returning();
  return res[0];
}

/**
 * Records of a type past their retention at `now`, not under a hold (on themselves or on their customer) and not
 * disposed of: counted from their closing (every procedure on them ended) or from their creation.
 */
export async function selectDue(db: Executor, type: string, rule: { keepYears: number; countedFrom: string }, now: Date, limit = 500) {
  const { table, created } = RETAINABLE[type]!;
  const since =
    rule.countedFrom === 'closed'
      ? sql`(select max(i.closed_at) from procedure_instances i where i.ref_type = ${type} and i.ref_id = r.id::text
              having bool_and(i.status = 'closed'))`
      : sql`r.${sql.identifier(created)}`;
  return rows<{ id: string; party_id: string | null; since: Date | string }>(
    db,
    sql`select * from (
          select r.id::text as id, r.party_id::text as party_id, ${since} as since from ${sql.identifier(table)} r
        ) x
        where x.since is not null and x.since < ${now.toISOString()}::timestamptz - make_interval(years => ${rule.keepYears})
          and not exists (select 1 from legal_holds h where h.released_at is null
                          and ((h.ref_type = ${type} and h.ref_id = x.id) or (h.ref_type = 'customer' and h.ref_id = x.party_id)))
          and not exists (select 1 from tombstones t where t.ref_type = ${type} and t.ref_id = x.id)
        order by x.since, x.id
        limit ${limit}`,
  );
}

export async function insertBatch(tx: Executor, items: (typeof disposalBatches.$inferInsert)['items'], actorId: string) {
  const n = await nextNumber(tx, 'disposal', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from disposal_batches`);
  const [b] = await tx
    .insert(disposalBatches)
    .values({
      number: `DS-${String(n).padStart(4, '0')}`,
      status: 'proposed',
      items,
      proposedBy: actorId,
      proposedAt: new Date(),
      createdBy: actorId,
      updatedBy: actorId,
    })
    .returning();
  return b!;
}
export const selectBatches = (db: Executor) => db.select().from(disposalBatches).orderBy(desc(disposalBatches.proposedAt));
export async function selectBatch(db: Executor, id: string) {
  const [b] = await db.select().from(disposalBatches).where(eq(disposalBatches.id, id));
  return b;
}
export async function decideBatch(tx: Executor, id: string, version: number, status: 'disposed' | 'rejected', reason: string | null, actorId: string) {
  const res = await tx
    .update(disposalBatches)
    .set({
      status,
      decidedBy: actorId,
      decidedAt: new Date(),
      decisionReason: reason,
      version: sql`${disposalBatches.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actorId,
    })
    .where(and(eq(disposalBatches.id, id), eq(disposalBatches.version, version), eq(disposalBatches.status, 'proposed')))
    .returning();
  return res[0];
}

export async function insertTombstone(tx: Executor, v: typeof tombstones.$inferInsert) {
  await tx.insert(tombstones).values(v);
}
export const selectTombstones = (db: Executor, limit = 200) => db.select().from(tombstones).orderBy(desc(tombstones.disposedAt)).limit(limit);

// ---- disposal: the record and what is its own, generically ---------------------------------------------------------

interface ForeignKey {
  child: string;
  column: string;
  nullable: boolean;
}

async function foreignKeysTo(tx: Executor, table: string): Promise<ForeignKey[]> {
  return rows<ForeignKey>(
    tx,
    sql`select cl.relname as child, a.attname as column, not a.attnotnull as nullable
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_class pt on pt.oid = c.confrelid
        join pg_namespace n on n.oid = cl.relnamespace
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and n.nspname = 'public' and pt.relname = ${table} and array_length(c.conkey, 1) = 1`,
  );
}

async function hasIdColumn(tx: Executor, table: string) {
  const found = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from information_schema.columns where table_schema = 'public' and table_name = ${table} and column_name = 'id'`,
  );
  return (found[0]?.n ?? 0) > 0;
}

/**
 * Delete the rows of `table` matching `where` and what is theirs: rows whose required (NOT NULL) foreign key points at
 * them, recursively, and the clocks they own; a nullable reference from another record is set to null instead (a
 * complaint keeps existing when the order it named is disposed of). Returns the number of rows deleted per table.
 */
export async function purge(
  tx: Executor,
  table: string,
  where: ReturnType<typeof sql>,
  counts: Record<string, number> = {},
  depth = 0,
): Promise<Record<string, number>> {
  if (depth > 6) throw new Error(`disposal: references nested too deep at ${table}`);
  if (await hasIdColumn(tx, table)) {
    const ids = (await rows<{ id: string }>(tx, sql`select id::text as id from ${sql.identifier(table)} where ${where}`)).map((r) => r.id);
    if (ids.length) {
      const list = sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      );
      for (const fk of await foreignKeysTo(tx, table)) {
        if (fk.child === table) continue;
        const match = sql`${sql.identifier(fk.column)}::text in (${list})`;
        if (fk.nullable) await tx.execute(sql`update ${sql.identifier(fk.child)} set ${sql.identifier(fk.column)} = null where ${match}`);
        else await purge(tx, fk.child, match, counts, depth + 1);
      }
      const clocks = await rows<{ n: number }>(
        tx,
        sql`with d as (delete from clocks where owner_id in (${list}) returning 1) select count(*)::int as n from d`,
      );
      if (clocks[0]?.n) counts.clocks = (counts.clocks ?? 0) + clocks[0].n;
    }
  }
  const deleted = await rows<{ n: number }>(
    tx,
    sql`with d as (delete from ${sql.identifier(table)} where ${where} returning 1) select count(*)::int as n from d`,
  );
  if (deleted[0]?.n) counts[table] = (counts[table] ?? 0) + deleted[0].n;
  return counts;
}

/** Tables that speak of a record by `(type, id)` text columns: what is the record's own goes with it. */
export const TEXT_REFERENCES: { table: string; type: string; id: string }[] = [
  { table: 'procedure_instances', type: 'ref_type', id: 'ref_id' },
  { table: 'communication_links', type: 'ref_type', id: 'ref_id' },
  { table: 'action_items', type: 'source_type', id: 'source_id' },
  { table: 'notifications', type: 'ref_type', id: 'ref_id' },
  { table: 'attachments', type: 'owner_type', id: 'owner_id' },
  { table: 'search_index', type: 'ref_type', id: 'ref_id' },
];

export async function auditIdsOf(tx: Executor, type: string, id: string) {
  return (await rows<{ id: number | string }>(tx, sql`select id from audit_log where ref_type = ${type} and ref_id = ${id}`)).map((r) => Number(r.id));
}
