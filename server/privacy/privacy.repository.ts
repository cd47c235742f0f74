import { and, desc, eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';
import { contacts, parties } from '../parties/parties.table.js';
import { users } from '../identity/identity.table.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { contactPrivacy, personalDataViews, privacyRequests } from './privacy.table.js';

export async function selectContact(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: contacts.id,
      partyId: contacts.partyId,
      name: contacts.name,
      title: contacts.title,
      phone: contacts.phone,
      mobile: contacts.mobile,
      email: contacts.email,
      im: contacts.im,
      notes: contacts.notes,
      partyCode: parties.code,
      partyName: parties.nameZh,
    })
    .from(contacts)
    .innerJoin(parties, eq(parties.id, contacts.partyId))
    .where(eq(contacts.id, id));
  return row;
}

export async function selectPrivacy(db: Executor, contactId: string) {
  const [row] = await db.select().from(contactPrivacy).where(eq(contactPrivacy.contactId, contactId));
  return row;
}

export type PrivacyValues = { legalBasis: string; consentAt: Date | null; source: string; note: string | null };

/** Insert (version 0: none yet) or update at the version read; false when someone else wrote first. */
export async function writePrivacy(tx: Executor, contactId: string, version: number, v: PrivacyValues, actorId: string): Promise<boolean> {
  if (version === 0) {
    const res = await tx
      .insert(contactPrivacy)
      .values({ contactId, ...v, createdBy: actorId, updatedBy: actorId })
      .onConflictDoNothing()
      .returning({ id: contactPrivacy.contactId });
    return res.length === 1;
  }
  const res = await tx
    .update(contactPrivacy)
    .set({ ...v, version: sql`${contactPrivacy.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(contactPrivacy.contactId, contactId), eq(contactPrivacy.version, version)))
    .returning({ id: contactPrivacy.contactId });
  return res.length === 1;
}

export async function markAnonymised(tx: Executor, contactId: string, at: Date, actorId: string) {
  await tx
    .insert(contactPrivacy)
    .values({ contactId, anonymisedAt: at, createdBy: actorId, updatedBy: actorId })
    .onConflictDoUpdate({
      target: contactPrivacy.contactId,
      set: { anonymisedAt: at, version: sql`${contactPrivacy.version} + 1`, updatedAt: at, updatedBy: actorId },
    });
}

export async function insertRequest(
  tx: Executor,
  v: {
    kind: 'access' | 'anonymise';
    contactId: string;
    receivedAt: Date;
    channel: string;
    requester: string;
    reason: string | null;
    summary: Record<string, number>;
  },
  actorId: string,
) {
  const n = await nextNumber(tx, 'privacy-request', sql`select coalesce(max(split_part(number, '-', 2)::int), 0) from privacy_requests`);
  const [row] = await tx
    .insert(privacyRequests)
    .values({ ...v, number: `PR-${String(n).padStart(5, '0')}`, handledBy: actorId, handledAt: new Date() })
    .returning({ id: privacyRequests.id });
  return row!.id;
}

export async function selectRequests(db: Executor, contactId: string, id?: string) {
  return db
    .select({
      id: privacyRequests.id,
      number: privacyRequests.number,
      kind: privacyRequests.kind,
      contactId: privacyRequests.contactId,
      receivedAt: privacyRequests.receivedAt,
      channel: privacyRequests.channel,
      requester: privacyRequests.requester,
      handledByName: users.displayName,
      handledAt: privacyRequests.handledAt,
      summary: privacyRequests.summary,
    })
    .from(privacyRequests)
    .innerJoin(users, eq(users.id, privacyRequests.handledBy))
    .where(id ? and(eq(privacyRequests.contactId, contactId), eq(privacyRequests.id, id)) : eq(privacyRequests.contactId, contactId))
    .orderBy(desc(privacyRequests.handledAt));
}

export async function selectViews(db: Executor, contactId: string, limit = 100) {
  const [items, [count]] = await Promise.all([
    db
      .select({ at: personalDataViews.at, userName: users.displayName, route: personalDataViews.route })
      .from(personalDataViews)
      .innerJoin(users, eq(users.id, personalDataViews.userId))
      .where(eq(personalDataViews.contactId, contactId))
      .orderBy(desc(personalDataViews.at), desc(personalDataViews.id))
      .limit(limit),
    rows<{ n: number }>(db, sql`select count(*)::int as n from personal_data_views where contact_id = ${contactId}`),
  ]);
  return { items, count: count?.n ?? 0 };
}

/** Of these ids, the ones that are contacts (what a response showed may hold other objects of the same shape). */
export async function existingContactIds(db: Executor, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (
    await rows<{ id: string }>(
      db,
      sql`select id::text as id from contacts where id in (${sql.join(
        ids.map((i) => sql`${i}::uuid`),
        sql`, `,
      )})`,
    )
  ).map((r) => r.id);
}

export async function insertViews(db: Executor, userId: string, contactIds: string[], route: string) {
  if (!contactIds.length) return;
  await db.insert(personalDataViews).values(contactIds.map((contactId) => ({ userId, contactId, route })));
}

// ---- what we hold about a person (the export) and its erasure ------------------------------------------------------

export async function communicationsOf(db: Executor, contactId: string) {
  return rows<{ number: string; occurred_at: Date | string; channel: string; direction: string; subject: string; content: string; result: string | null }>(
    db,
    sql`select 'C' || lpad(seq::text, 6, '0') as number, occurred_at, channel, direction, subject, content, result
        from communications where contact_id = ${contactId} and voided_at is null order by occurred_at`,
  );
}

export async function mailOf(db: Executor, email: string | null) {
  if (!email) return [];
  return rows<{ direction: string; at: Date | string | null; address: string; subject: string }>(
    db,
    sql`select 'out' as direction, sent_at as at, to_address as address, subject from mail_messages where lower(to_address) = lower(${email})
        union all
        select 'in', received_at, from_address, subject from mail_incoming where lower(from_address) = lower(${email})
        order by at nulls last`,
  );
}

export async function contactHistory(db: Executor, contactId: string) {
  return rows<{ at: Date | string; action: string; reason: string | null }>(
    db,
    sql`select at, action, reason from audit_log where ref_type = 'contact' and ref_id = ${contactId} order by id`,
  );
}

/** Another live contact holding the same value (a switchboard number): such values are not the person's alone. */
export async function sharedValues(db: Executor, contactId: string, values: string[]): Promise<Set<string>> {
  if (!values.length) return new Set();
  const found = await rows<{ v: string }>(
    db,
    sql`select distinct v from contacts c, unnest(array[c.phone, c.mobile, c.email, c.im]) as v
        where c.id <> ${contactId} and c.voided_at is null and v in (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
  );
  return new Set(found.map((r) => r.v));
}

interface Column {
  table: string;
  column: string;
  json: boolean;
}

/** Text and JSON columns of the tables that hold a party's or a contact's records, and how each is scoped. */
export async function scopedColumns(db: Executor, exclude: Set<string>) {
  const cols = await rows<{ table_name: string; column_name: string; data_type: string }>(
    db,
    sql`select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb')
        order by table_name, ordinal_position`,
  );
  const keys = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name in ('party_id', 'contact_id', 'id')`,
  );
  const has = (t: string, c: string) => keys.some((k) => k.table_name === t && k.column_name === c);
  const byTable = new Map<string, { scope: 'contact' | 'party' | 'self-party'; hasId: boolean; columns: Column[] }>();
  for (const c of cols) {
    if (exclude.has(c.table_name)) continue;
    const scope = c.table_name === 'parties' ? 'self-party' : has(c.table_name, 'contact_id') ? 'contact' : has(c.table_name, 'party_id') ? 'party' : null;
    if (!scope) continue;
    if (!byTable.has(c.table_name)) byTable.set(c.table_name, { scope, hasId: has(c.table_name, 'id'), columns: [] });
    byTable.get(c.table_name)!.columns.push({ table: c.table_name, column: c.column_name, json: c.data_type === 'jsonb' });
  }
  return byTable;
}

/**
 * Replace each value with the mask in the scoped rows' text (JSON: inside its strings), returning the ids of the rows
 * changed. Rows of a table with both a contact and a party column are scoped by the party (the person's company's
 * records), and by the contact otherwise.
 */
export async function scrubTable(
  tx: Executor,
  table: string,
  spec: { scope: 'contact' | 'party' | 'self-party'; hasId: boolean; columns: Column[] },
  who: { contactId: string; partyId: string },
  values: string[],
  mask: string,
  hasPartyColumn: boolean,
): Promise<string[]> {
  const where =
    spec.scope === 'self-party'
      ? sql`id = ${who.partyId}::uuid`
      : hasPartyColumn
        ? sql`(party_id = ${who.partyId}::uuid${spec.scope === 'contact' ? sql` or contact_id = ${who.contactId}::uuid` : sql``})`
        : sql`contact_id = ${who.contactId}::uuid`;
  const replaced = (col: Column) => {
    const inJson = (v: string) => JSON.stringify(v).slice(1, -1);
    let expr = col.json ? sql`${sql.identifier(col.column)}::text` : sql`${sql.identifier(col.column)}`;
    for (const v of values) expr = sql`replace(${expr}, ${col.json ? inJson(v) : v}, ${col.json ? inJson(mask) : mask})`;
    return col.json ? sql`(${expr})::jsonb` : expr;
  };
  const mentions = sql.join(
    spec.columns.flatMap((col) =>
      values.map(
        (v) =>
          sql`strpos(${col.json ? sql`${sql.identifier(col.column)}::text` : sql.identifier(col.column)}, ${col.json ? JSON.stringify(v).slice(1, -1) : v}) > 0`,
      ),
    ),
    sql` or `,
  );
  const set = sql.join(
    spec.columns.map((col) => sql`${sql.identifier(col.column)} = ${replaced(col)}`),
    sql`, `,
  );
  const out = await rows<{ id: string | null }>(
    tx,
    sql`update ${sql.identifier(table)} set ${set} where ${where} and (${mentions}) returning ${spec.hasId ? sql`id::text as id` : sql`null as id`}`,
  );
  return out.map((r) => r.id ?? '');
}

/** Ids of every record of the party and of the contact (their audit rows and search entries are rewritten too). */
export async function recordIdsOf(db: Executor, who: { contactId: string; partyId: string }, tables: { name: string; scope: 'contact' | 'party' }[]) {
  const ids = new Set<string>([who.contactId, who.partyId]);
  for (const t of tables) {
    const found = await rows<{ id: string }>(
      db,
      t.scope === 'party'
        ? sql`select id::text as id from ${sql.identifier(t.name)} where party_id = ${who.partyId}::uuid`
        : sql`select id::text as id from ${sql.identifier(t.name)} where contact_id = ${who.contactId}::uuid`,
    );
    for (const r of found) ids.add(r.id);
  }
  return ids;
}

export async function auditRowsMentioning(db: Executor, refIds: Set<string>, values: string[]) {
  if (!values.length || !refIds.size) return [];
  const list = [...refIds];
  const mentions = sql.join(
    values.map(
      (v) =>
        sql`(strpos(coalesce(before::text, ''), ${JSON.stringify(v).slice(1, -1)}) > 0 or strpos(coalesce(after::text, ''), ${JSON.stringify(v).slice(1, -1)}) > 0 or strpos(coalesce(reason, ''), ${v}) > 0)`,
    ),
    sql` or `,
  );
  const found: number[] = [];
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    const res = await rows<{ id: number | string }>(
      db,
      sql`select id from audit_log where ref_id in (${sql.join(
        chunk.map((x) => sql`${x}`),
        sql`, `,
      )}) and (${mentions})`,
    );
    found.push(...res.map((r) => Number(r.id)));
  }
  return found;
}

export async function searchRowsMentioning(db: Executor, who: { contactId: string; partyId: string }, values: string[]) {
  if (!values.length) return [];
  const mentions = sql.join(
    values.map((v) => sql`(strpos(title, ${v}) > 0 or strpos(body, ${v}) > 0 or strpos(codes, ${v}) > 0)`),
    sql` or `,
  );
  return rows<{
    ref_type: string;
    ref_id: string;
    party_id: string | null;
    permission: string;
    title: string;
    body: string;
    codes: string;
    at: Date | string;
    voided: boolean;
  }>(
    db,
    sql`select ref_type, ref_id, party_id, permission, title, body, codes, at, voided from search_index
        where (party_id = ${who.partyId}::uuid or ref_id = ${who.contactId}) and (${mentions})`,
  );
}

export async function tablesWithColumn(db: Executor, column: string): Promise<Set<string>> {
  const found = await rows<{ t: string }>(
    db,
    sql`select table_name as t from information_schema.columns where table_schema = 'public' and column_name = ${column}`,
  );
  return new Set(found.map((r) => r.t));
}

export async function clearContact(tx: Executor, contactId: string, name: string, actorId: string) {
  await tx
    .update(contacts)
    .set({
      name,
      title: null,
      phone: null,
      mobile: null,
      email: null,
      im: null,
      notes: null,
      version: sql`${contacts.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actorId,
    })
    .where(eq(contacts.id, contactId));
}

export async function enableMaintenance(tx: Executor) {
  await tx.execute(sql`select set_config('accord.maintenance', 'on', true)`);
}

/** Attachments' file names on the person's company's records (a scan named after the person). */
export async function scrubAttachmentNames(tx: Executor, ownerIds: Set<string>, values: string[], mask: string): Promise<number> {
  if (!ownerIds.size || !values.length) return 0;
  let expr = sql`filename`;
  for (const v of values) expr = sql`replace(${expr}, ${v}, ${mask})`;
  const mentions = sql.join(
    values.map((v) => sql`strpos(filename, ${v}) > 0`),
    sql` or `,
  );
  const ids = [...ownerIds];
  let n = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = sql.join(
      ids.slice(i, i + 1000).map((x) => sql`${x}`),
      sql`, `,
    );
    const done = await rows<{ id: string }>(tx, sql`update attachments set filename = ${expr} where owner_id in (${chunk}) and (${mentions}) returning id`);
    n += done.length;
  }
  return n;
}
