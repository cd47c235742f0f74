import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError, versionConflict } from '../platform/http/app-error.js';
import { insertAudit, redactAuditRows } from '../platform/audit/index.js';
import { recordType } from '../platform/records/record-types.js';
import type { DisposalBatch, DueRecord, LegalHold, PlaceHoldRequest, RetentionRule, UpdateRuleRequest } from '../../contracts/retention.js';
import * as repo from './retention.repository.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export async function listRules(db: Db): Promise<z.infer<typeof RetentionRule>[]> {
  const rules = await repo.selectRules(db);
  return Object.keys(repo.RETAINABLE).map((type) => {
    const r = rules.find((x) => x.recordType === type);
    return {
      recordType: type,
      keepYears: r?.keepYears ?? null,
      countedFrom: (r?.countedFrom ?? 'closed') as 'closed' | 'created',
      basis: r?.basis ?? null,
      version: r?.version ?? 0,
    };
  });
}

export async function updateRule(db: Db, auth: AuthContext, type: string, input: z.infer<typeof UpdateRuleRequest>) {
  if (!repo.RETAINABLE[type]) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    const before = await repo.selectRule(tx, type);
    if (!(await repo.writeRule(tx, type, input.version, { keepYears: input.keepYears, countedFrom: input.countedFrom, basis: input.basis }, auth.userId)))
      throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'retention-rule', id: type },
      action: 'update',
      before: before ? { keepYears: before.keepYears, countedFrom: before.countedFrom, basis: before.basis } : null,
      after: { keepYears: input.keepYears, countedFrom: input.countedFrom, basis: input.basis },
    });
  });
  return listRules(db);
}

const holdView = (h: Awaited<ReturnType<typeof repo.selectHold>>): z.infer<typeof LegalHold> => ({
  id: h!.id,
  refType: h!.refType,
  refId: h!.refId,
  reason: h!.reason,
  placedAt: iso(h!.placedAt)!,
  releasedAt: iso(h!.releasedAt),
  releaseReason: h!.releaseReason,
});

export async function listHolds(db: Db, activeOnly: boolean) {
  const holds = await repo.selectHolds(db, activeOnly);
  return Promise.all(holds.map(async (h) => ({ ...holdView(h), title: (await recordType(h.refType)?.fetchTitle(db, h.refId)) ?? h.refId })));
}

export async function placeHold(db: Db, auth: AuthContext, input: z.infer<typeof PlaceHoldRequest>) {
  const type = recordType(input.refType);
  if (!type || !(input.refType === 'customer' || repo.RETAINABLE[input.refType]))
    throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'body.refType', code: 'unknown' }]);
  if (!(await type.fetchTitle(db, input.refId))) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.refId', code: 'not_found' }]);
  const hold = await db.transaction(async (tx) => {
    const h = await repo.insertHold(tx, input, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: input.refType, id: input.refId },
      action: 'legal-hold.place',
      after: { holdId: h.id },
      reason: input.reason,
    });
    return h;
  });
  return holdView(hold);
}

export async function releaseHold(db: Db, auth: AuthContext, id: string, reason: string) {
  const h = await db.transaction(async (tx) => {
    const released = await repo.releaseHold(tx, id, reason, auth.userId);
    if (!released) throw new AppError((await repo.selectHold(tx, id)) ? 'HOLD_ALREADY_RELEASED' : 'NOT_FOUND');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: released.refType, id: released.refId },
      action: 'legal-hold.release',
      after: { holdId: id },
      reason,
    });
    return released;
  });
  return holdView(h);
}

/** Every record past its retention, oldest first: the list a disposal is proposed from. */
export async function dueForDisposal(db: Db, now = new Date()): Promise<z.infer<typeof DueRecord>[]> {
  const out: z.infer<typeof DueRecord>[] = [];
  for (const rule of await repo.selectRules(db)) {
    if (!repo.RETAINABLE[rule.recordType]) continue;
    const type = recordType(rule.recordType)!;
    for (const r of await repo.selectDue(db, rule.recordType, rule, now)) {
      out.push({
        refType: rule.recordType,
        refId: r.id,
        title: (await type.fetchTitle(db, r.id)) ?? r.id,
        partyId: r.party_id,
        since: iso(r.since)!,
        keepYears: rule.keepYears,
      });
    }
  }
  return out;
}

const batchView = (b: NonNullable<Awaited<ReturnType<typeof repo.selectBatch>>>): z.infer<typeof DisposalBatch> => ({
  id: b.id,
  number: b.number,
  status: b.status as z.infer<typeof DisposalBatch>['status'],
  items: b.items,
  proposedBy: b.proposedBy,
  proposedAt: iso(b.proposedAt)!,
  decidedBy: b.decidedBy,
  decidedAt: iso(b.decidedAt),
  decisionReason: b.decisionReason,
  version: b.version,
});

export async function listBatches(db: Db) {
  return (await repo.selectBatches(db)).map(batchView);
}

/** Propose the records chosen from the due list (all of it when none are named) for disposal. */
export async function proposeDisposal(db: Db, auth: AuthContext, refs: { refType: string; refId: string }[] | undefined, now = new Date()) {
  const due = await dueForDisposal(db, now);
  const chosen = refs?.length
    ? refs.map((r, i) => {
        const d = due.find((x) => x.refType === r.refType && x.refId === r.refId);
        if (!d) throw new AppError('NOT_DUE_FOR_DISPOSAL', [{ path: `body.items.${i}`, code: 'not_due' }]);
        return d;
      })
    : due;
  if (!chosen.length) throw new AppError('NOTHING_DUE_FOR_DISPOSAL');
  const batch = await db.transaction(async (tx) => {
    const b = await repo.insertBatch(
      tx,
      chosen.map(({ refType, refId, title, partyId, since }) => ({ refType, refId, title, partyId, since })),
      auth.userId,
    );
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'disposal', id: b.id }, action: 'propose', after: { number: b.number, items: chosen.length } });
    return b;
  });
  return batchView(batch);
}

export async function rejectDisposal(db: Db, auth: AuthContext, id: string, version: number, reason: string) {
  const b = await db.transaction(async (tx) => {
    const done = await repo.decideBatch(tx, id, version, 'rejected', reason, auth.userId);
    if (!done) throw (await repo.selectBatch(tx, id)) ? versionConflict() : new AppError('NOT_FOUND');
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'disposal', id }, action: 'reject', reason });
    return done;
  });
  return batchView(b);
}

/**
 * Approve and carry out a disposal — by someone other than who proposed it. Each record is checked again (still past
 * its retention, no hold placed since), then deleted with what is its own; its audit rows keep that something
 * happened but lose the content; a tombstone keeps its name, dates and the approval. One transaction.
 */
export async function approveDisposal(db: Db, auth: AuthContext, id: string, version: number, now = new Date()) {
  const batch = await repo.selectBatch(db, id);
  if (!batch) throw new AppError('NOT_FOUND');
  if (batch.proposedBy === auth.userId) throw new AppError('DISPOSAL_SELF_APPROVAL');
  const b = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('accord.maintenance', 'on', true)`); // closed records' triggers (migration 0019)
    const done = await repo.decideBatch(tx, id, version, 'disposed', null, auth.userId);
    if (!done) throw batch.status !== 'proposed' ? new AppError('DISPOSAL_DECIDED') : versionConflict();
    const rules = new Map((await repo.selectRules(tx)).map((r) => [r.recordType, r]));
    // what is due now, read once per record type (not once per item): still past its retention, no hold since
    const dueNow = new Map<string, Set<string>>();
    for (const type of new Set(done.items.map((x) => x.refType))) {
      const rule = rules.get(type);
      dueNow.set(type, new Set(rule ? (await repo.selectDue(tx, type, rule, now, 100_000)).map((d) => d.id) : []));
    }
    const counts: Record<string, number> = {};
    for (const [i, item] of done.items.entries()) {
      const rule = rules.get(item.refType);
      const stillDue = !!rule && dueNow.get(item.refType)!.has(item.refId);
      if (!stillDue) {
        throw new AppError('NOT_DUE_FOR_DISPOSAL', [{ path: `items.${i}`, code: 'not_due', message: item.title }]);
      }
      const { table } = repo.RETAINABLE[item.refType]!;
      for (const ref of repo.TEXT_REFERENCES) {
        await repo.purge(tx, ref.table, sql`${sql.identifier(ref.type)} = ${item.refType} and ${sql.identifier(ref.id)} = ${item.refId}`, counts);
      }
      await repo.purge(tx, table, sql`id = ${item.refId}::uuid`, counts);
      const auditIds = await repo.auditIdsOf(tx, item.refType, item.refId);
      await redactAuditRows(tx, auditIds, (c) => ({
        before: c.before ? { disposed: done.number } : null,
        after: c.after ? { disposed: done.number } : null,
        reason: c.reason === null ? null : `[${done.number}]`,
      }));
      await repo.insertTombstone(tx, {
        refType: item.refType,
        refId: item.refId,
        title: item.title,
        partyId: item.partyId,
        since: new Date(item.since),
        disposedAt: now,
        batchId: id,
        rule: { keepYears: rule!.keepYears, countedFrom: rule!.countedFrom, basis: rule!.basis },
      });
    }
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'disposal', id },
      action: 'approve',
      after: { number: done.number, items: done.items.length, deleted: counts },
    });
    return done;
  });
  return batchView(b);
}

export async function listTombstones(db: Db) {
  return (await repo.selectTombstones(db)).map((t) => ({
    refType: t.refType,
    refId: t.refId,
    title: t.title,
    since: iso(t.since)!,
    disposedAt: iso(t.disposedAt)!,
    batchId: t.batchId,
    rule: t.rule,
  }));
}
