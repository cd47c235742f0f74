import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Db, type Executor } from '../db/client.js';
import type { Config } from '../config.js';
import { secretBesideData } from '../secrets.js';

/**
 * The tamper-evident audit trail. Two keyed hashes (HMAC-SHA256, the key outside the database):
 * - every row carries a `mac` over its content, written by the app in the row's own transaction (no lock, no
 *   extra statement): a row changed or inserted with SQL behind the app's back has no mac that fits;
 * - a sealer (after commit, every few seconds, one at a time across instances: the head row is locked) gives each
 *   row its place `seq` and a `chain_hash` over the previous link, the place and the mac: a deleted row leaves a
 *   gap, a moved or inserted one breaks the links, a cut tail no longer reaches the head.
 * One global chain, not one per table: a transaction that audits several record types would otherwise lock
 * several heads in varying order (deadlocks), and sealing after commit keeps the chain off the write path anyway.
 * A database user who knows no key cannot forge either hash; one who deletes rows still in the sealing window
 * (seconds) is not detected — the verification reports how many rows wait for their seal.
 */
let key: Buffer | null = null;
/** false only while the bench measures the trail's cost (AUDIT_CHAIN=off): rows are written without their mac */
let chainOn = true;
export const auditChainOn = () => chainOn;

/** Set once at start-up (AUDIT_KEY, or the key file kept beside the data): see `auditKey` in config handling. */
export function setAuditKey(value: string) {
  key = Buffer.from(value, 'utf8');
}

/** Which key is in force, without revealing it (the test harness keeps a seeded snapshot per key). */
export function auditKeyFingerprint(): string {
  return key ? crypto.createHash('sha256').update(key).digest('hex').slice(0, 16) : '';
}

function hmac(text: string): string {
  if (!key) throw new Error('the audit chain key is not set (setAuditKey at start-up)');
  return crypto.createHmac('sha256', key).update(text).digest('hex');
}

export interface AuditContent {
  at: Date;
  actorId: string | null;
  /** a customer's contact acting through the portal (then actorId is null) */
  actorContactId?: string | null;
  refType: string;
  refId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

/** JSON text placed verbatim into a canonical form (already canonical: a part serialised once for the row and its mac). */
export class CanonicalText {
  constructor(readonly text: string) {}
}

/**
 * The RFC 8785 canonical form of what `JSON.stringify` would write of `value` — byte for byte
 * `canonicalize(JSON.parse(JSON.stringify(value)))` (the `canonicalize` package, which the trail used before; the
 * unit test compares both), in one pass without the JSON round trip: object keys sorted by UTF-16 code units,
 * strings and numbers as `JSON.stringify` writes them, `toJSON` honoured (dates), undefined/functions/symbols
 * left out of objects and null in arrays, a non-finite number null; a string with a lone surrogate is refused.
 */
/** no lone surrogate (Node 20's String.prototype.isWellFormed; the TS lib here predates it) */
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (!wellFormed(value)) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (value instanceof CanonicalText) return value.text;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      const v: unknown = value[i];
      out += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const o = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of Object.keys(o).sort()) {
    const v = o[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (!wellFormed(k)) throw new Error('Lone surrogate is not allowed');
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * The mac of a row's content, canonical JSON (RFC 8785) so that jsonb's key order does not matter. `before`/`after`
 * may come already serialised (`CanonicalText`, from `canonicalJson`): a bulk write serialises each once.
 */
export function auditMac(
  row: Omit<AuditContent, 'before' | 'after'> & {
    before: Record<string, unknown> | CanonicalText | null;
    after: Record<string, unknown> | CanonicalText | null;
  },
): string {
  return hmac(
    canonicalJson({
      at: row.at.toISOString(),
      actorId: row.actorId,
      // only in a contact's row: the macs of every other row (and of rows written before the column) stay as they were
      ...(row.actorContactId ? { actorContactId: row.actorContactId } : {}),
      refType: row.refType,
      refId: row.refId,
      action: row.action,
      before: row.before,
      after: row.after,
      reason: row.reason,
    }),
  );
}

const link = (previous: string, seq: number, mac: string) => hmac(`${seq}:${previous}:${mac}`);

interface StoredRow {
  id: number;
  at: Date | string;
  actor_id: string | null;
  actor_contact_id: string | null;
  ref_type: string;
  ref_id: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  mac: string | null;
  seq: number | string | null;
  chain_hash: string | null;
  link_mac: string | null;
}

const content = (r: StoredRow): AuditContent => ({
  at: new Date(r.at),
  actorId: r.actor_id,
  actorContactId: r.actor_contact_id,
  refType: r.ref_type,
  refId: r.ref_id,
  action: r.action,
  before: r.before,
  after: r.after,
  reason: r.reason,
});

const COLUMNS = sql`id::int8 as id, at, actor_id, actor_contact_id, ref_type, ref_id, action, before, after, reason, mac, seq, chain_hash, link_mac`;

async function head(tx: Executor, lock: boolean) {
  await tx.execute(sql`insert into audit_chain (id) values (1) on conflict (id) do nothing`);
  const [h] = await rows<{ seq: number | string; hash: string; adopted_through_id: number | string }>(
    tx,
    lock
      ? sql`select seq, hash, adopted_through_id from audit_chain where id = 1 for update`
      : sql`select seq, hash, adopted_through_id from audit_chain where id = 1`,
  );
  return { seq: Number(h!.seq), hash: h!.hash, adoptedThroughId: Number(h!.adopted_through_id) };
}

/**
 * Seal the rows written since the last seal, in id order, `batch` at a time. A row whose mac does not fit its
 * content (or that has none and is newer than the adoption) is left unsealed: the verification names it.
 */
export async function sealAudit(db: Db, batch = 2000): Promise<{ sealed: number }> {
  let sealed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const h = await head(tx, true);
      const pending = await rows<StoredRow>(
        tx,
        sql`select ${COLUMNS} from audit_log where seq is null and (mac is not null or id <= ${h.adoptedThroughId}) order by id limit ${batch}`,
      );
      let { seq, hash } = h;
      const links: { id: number; seq: number; hash: string; mac: string }[] = [];
      for (const r of pending) {
        const mac = auditMac(content(r));
        const adopted = r.mac === null && Number(r.id) <= h.adoptedThroughId;
        if (!adopted && r.mac !== mac) continue;
        seq += 1;
        hash = link(hash, seq, r.link_mac ?? mac);
        links.push({ id: Number(r.id), seq, hash, mac });
      }
      if (links.length) {
        const values = sql.join(
          links.map((l) => sql`(${l.id}::int8, ${l.seq}::int8, ${l.hash}, ${l.mac})`),
          sql`, `,
        );
        await tx.execute(
          sql`update audit_log set seq = v.seq, chain_hash = v.hash, mac = v.mac from (values ${values}) as v(id, seq, hash, mac) where audit_log.id = v.id`,
        );
        await tx.execute(sql`update audit_chain set seq = ${seq}, hash = ${hash}, sealed_at = now() where id = 1`);
      }
      return { links: links.length, full: pending.length === batch };
    });
    sealed += done.links;
    // a full batch of rows that could not be sealed would repeat forever: stop, the verification reports them
    if (!done.full || done.links === 0) return { sealed };
  }
}

/**
 * A declared erasure (PIPL anonymisation): rewrite the content of audit rows through `rewrite` and give each a mac
 * that fits its new content, keeping the mac it was linked with (`link_mac`) so the chain still verifies. Rows the
 * rewrite leaves unchanged are not touched. Returns the ids rewritten — the caller audits them with the request.
 */
export async function redactAuditRows(
  tx: Executor,
  ids: number[],
  rewrite: (c: Pick<AuditContent, 'before' | 'after' | 'reason'>) => Pick<AuditContent, 'before' | 'after' | 'reason'>,
): Promise<number[]> {
  if (!ids.length) return [];
  const found = await rows<StoredRow>(
    tx,
    sql`select ${COLUMNS} from audit_log where id in (${sql.join(
      ids.map((id) => sql`${id}::int8`),
      sql`, `,
    )}) for update`,
  );
  const done: number[] = [];
  for (const r of found) {
    const was = content(r);
    const next = rewrite({ before: was.before, after: was.after, reason: was.reason });
    if (JSON.stringify(next) === JSON.stringify({ before: was.before, after: was.after, reason: was.reason })) continue;
    const mac = auditMac({ ...was, ...next });
    await tx.execute(
      sql`update audit_log set before = ${next.before === null ? null : JSON.stringify(next.before)}::jsonb, after = ${next.after === null ? null : JSON.stringify(next.after)}::jsonb,
              reason = ${next.reason}, link_mac = coalesce(link_mac, mac), mac = ${mac}
          where id = ${Number(r.id)}::int8`,
    );
    done.push(Number(r.id));
  }
  return done;
}

export type AuditProblemKind = 'changed' | 'missing' | 'broken-link' | 'unsealed' | 'head-mismatch';
export interface AuditVerification {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  /** rows written within the grace period, not sealed yet */
  pending: number;
  problem: { kind: AuditProblemKind; id: number | null; seq: number | null; at: string | null; refType: string | null; refId: string | null } | null;
}

/**
 * Recompute the chain from its start and name the first broken row: a changed row (its mac no longer fits), a
 * missing place (deleted), a link that does not follow (moved/inserted), a row older than `graceSeconds` that was
 * never sealed (written behind the app's back, or changed before its seal), or a chain that ends before its head.
 */
export async function verifyAudit(db: Db, opts: { graceSeconds?: number; batch?: number } = {}): Promise<AuditVerification> {
  const grace = opts.graceSeconds ?? 120;
  const batch = opts.batch ?? 5000;
  const h = await head(db, false);
  const result = (problem: AuditVerification['problem'], checked: number, pending = 0): AuditVerification => ({
    ok: !problem,
    checked,
    head: { seq: h.seq, hash: h.hash },
    pending,
    problem,
  });
  const at = (r: StoredRow) => new Date(r.at).toISOString();
  let expected = 1;
  let previous = '';
  let checked = 0;
  for (;;) {
    const page = await rows<StoredRow>(db, sql`select ${COLUMNS} from audit_log where seq >= ${expected} order by seq limit ${batch}`);
    for (const r of page) {
      const seq = Number(r.seq);
      const where = { id: Number(r.id), seq, at: at(r), refType: r.ref_type, refId: r.ref_id };
      if (seq !== expected) return result({ kind: 'missing', ...where, id: null, seq: expected, at: null, refType: null, refId: null }, checked);
      const mac = auditMac(content(r));
      if (r.mac !== mac) return result({ kind: 'changed', ...where }, checked);
      // a row rewritten by a declared erasure keeps its place through the mac it was linked with (only the app, which
      // holds the key, can write a mac that fits the new content)
      if (r.chain_hash !== link(previous, seq, r.link_mac ?? mac)) return result({ kind: 'broken-link', ...where }, checked);
      previous = r.chain_hash;
      expected += 1;
      checked += 1;
    }
    if (page.length < batch) break;
  }
  if (expected - 1 !== h.seq || previous !== h.hash)
    return result({ kind: 'head-mismatch', id: null, seq: expected - 1, at: null, refType: null, refId: null }, checked);
  const [old] = await rows<StoredRow>(
    db,
    sql`select ${COLUMNS} from audit_log where seq is null and at < now() - make_interval(secs => ${grace}) and not (mac is null and id <= ${h.adoptedThroughId}) order by id limit 1`,
  );
  const [pending] = await rows<{ n: number | string }>(db, sql`select count(*) as n from audit_log where seq is null`);
  if (old)
    return result({ kind: 'unsealed', id: Number(old.id), seq: null, at: at(old), refType: old.ref_type, refId: old.ref_id }, checked, Number(pending!.n));
  return result(null, checked, Number(pending!.n));
}

/** The key from AUDIT_KEY, or the key file beside the data (created on the first start). */
export function configureAuditChain(config: Pick<Config, 'dataDir' | 'auditKey'> & { auditChain?: boolean }) {
  setAuditKey(secretBesideData(config.dataDir, 'audit-key', config.auditKey));
  chainOn = config.auditChain ?? true;
}
