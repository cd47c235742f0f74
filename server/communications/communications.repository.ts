import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rows, dispatch, type Executor } from '../platform/db/client.js';
import { cappedTotal, one, pageRows } from '../platform/db/paging.js';
import { nextNumbers, takeNumberSql } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { communicationLinks, communications } from './communications.table.js';

const creator = alias(users, 'creator');

const columns = {
  id: communications.id,
  seq: communications.seq,
  partyId: communications.partyId,
  partyCode: parties.code,
  partyName: parties.nameZh,
  partyNameEn: parties.nameEn,
  channel: communications.channel,
  direction: communications.direction,
  topic: communications.topic,
  occurredAt: communications.occurredAt,
  ourUserId: communications.ourUserId,
  ourUserName: users.displayName,
  contactId: communications.contactId,
  contactName: contacts.name,
  subject: communications.subject,
  content: communications.content,
  result: communications.result,
  followUpDue: communications.followUpDue,
  followUpDoneAt: communications.followUpDoneAt,
  voidedAt: communications.voidedAt,
  voidReason: communications.voidReason,
  version: communications.version,
  createdAt: communications.createdAt,
  createdByName: creator.displayName,
  updatedAt: communications.updatedAt,
};
export type CommunicationRow = {
  id: string;
  seq: number;
  partyId: string;
  partyCode: string;
  partyName: string;
  partyNameEn: string | null;
  channel: string;
  direction: string;
  topic: string;
  occurredAt: Date;
  ourUserId: string;
  ourUserName: string | null;
  contactId: string | null;
  contactName: string | null;
  subject: string;
  content: string;
  result: string | null;
  followUpDue: Date | null;
  followUpDoneAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  version: number;
  createdAt: Date;
  createdByName: string | null;
  updatedAt: Date;
};

function base(db: Executor) {
  return db
    .select(columns)
    .from(communications)
    .innerJoin(parties, eq(parties.id, communications.partyId))
    .leftJoin(users, eq(users.id, communications.ourUserId))
    .leftJoin(contacts, eq(contacts.id, communications.contactId))
    .leftJoin(creator, eq(creator.id, communications.createdBy));
}

export interface CommunicationFilter {
  partyId?: string | undefined;
  channel?: string | undefined;
  direction?: string | undefined;
  topic?: string | undefined;
  ourUserId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  followUp?: 'open' | 'overdue' | undefined;
  link?: { type: string; id?: string | undefined } | undefined;
  includeVoided?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function selectCommunications(db: Executor, f: CommunicationFilter) {
  const where: (SQL | undefined)[] = [];
  if (!f.includeVoided) where.push(isNull(communications.voidedAt));
  if (f.partyId) where.push(eq(communications.partyId, f.partyId));
  if (f.channel) where.push(eq(communications.channel, f.channel));
  if (f.direction) where.push(eq(communications.direction, f.direction));
  if (f.topic) where.push(eq(communications.topic, f.topic));
  if (f.ourUserId) where.push(eq(communications.ourUserId, f.ourUserId));
  if (f.from) where.push(gte(communications.occurredAt, f.from));
  if (f.to) where.push(lte(communications.occurredAt, f.to));
  if (f.followUp) {
    where.push(isNotNull(communications.followUpDue), isNull(communications.followUpDoneAt));
    if (f.followUp === 'overdue') where.push(lt(communications.followUpDue, new Date()));
  }
  if (f.link) {
    const linkCond = f.link.id
      ? and(eq(communicationLinks.refType, f.link.type), eq(communicationLinks.refId, f.link.id))
      : eq(communicationLinks.refType, f.link.type);
    where.push(sql`exists (select 1 from ${communicationLinks} where ${communicationLinks.communicationId} = ${communications.id} and ${linkCond})`);
  }
  const cond = where.length ? and(...where) : undefined;
  const order = f.followUp ? [communications.followUpDue, desc(communications.occurredAt)] : [desc(communications.occurredAt), desc(communications.seq)];
  // the page's rows chosen first (index on occurred_at), only they joined; the count capped
  const pageIds = db
    .select({ id: communications.id })
    .from(communications)
    .where(cond)
    .orderBy(...order)
    .limit(f.limit)
    .offset(f.offset);
  const [items, total] = await Promise.all([
    pageRows(pageIds, (ids) =>
      base(db)
        .where(inArray(communications.id, ids))
        .orderBy(...order),
    ),
    cappedTotal(db, db.select(one).from(communications).where(cond), f.offset, f.limit),
  ]);
  return { items: items as CommunicationRow[], ...total };
}

export interface TimelineRow {
  id: string;
  seq: number;
  channel: string;
  direction: string;
  occurredAt: Date;
  ourUserName: string | null;
  subject: string;
  content: string;
  result: string | null;
  voidedAt: Date | null;
}

/**
 * One page of a customer's timeline, newest first, keyset-paged on (occurred_at, seq): an index range
 * scan of communications_party_idx that stops after `limit` rows, whatever the customer's history.
 * Only the columns the timeline shows (content and result cut to their summary length in SQL).
 */
export function selectTimelinePage(db: Executor, partyId: string, limit: number, before: { at: Date; seq: number } | null): Promise<TimelineRow[]> {
  const cond = before
    ? and(
        eq(communications.partyId, partyId),
        lte(communications.occurredAt, before.at),
        sql`(${communications.occurredAt} < ${before.at.toISOString()} or ${communications.seq} < ${before.seq})`,
      )
    : eq(communications.partyId, partyId);
  return db
    .select({
      id: communications.id,
      seq: communications.seq,
      channel: communications.channel,
      direction: communications.direction,
      occurredAt: communications.occurredAt,
      ourUserName: users.displayName,
      subject: communications.subject,
      content: sql<string>`left(${communications.content}, 200)`,
      result: sql<string | null>`left(${communications.result}, 120)`,
      voidedAt: communications.voidedAt,
    })
    .from(communications)
    .leftJoin(users, eq(users.id, communications.ourUserId))
    .where(cond)
    .orderBy(desc(communications.occurredAt), desc(communications.seq))
    .limit(limit);
}

export async function selectCommunication(db: Executor, id: string): Promise<CommunicationRow | undefined> {
  const [row] = await base(db).where(eq(communications.id, id));
  return row as CommunicationRow | undefined;
}

export interface CommunicationValues {
  channel: string;
  direction: string;
  topic: string;
  occurredAt: Date;
  ourUserId: string;
  contactId: string | null;
  subject: string;
  content: string;
  result: string | null;
  followUpDue: Date | null;
}

/** The communication's own columns, as an insert returns them (names of party, users and contact come from the caller). */
const ownColumns = {
  id: communications.id,
  seq: communications.seq,
  partyId: communications.partyId,
  channel: communications.channel,
  direction: communications.direction,
  topic: communications.topic,
  occurredAt: communications.occurredAt,
  ourUserId: communications.ourUserId,
  contactId: communications.contactId,
  subject: communications.subject,
  content: communications.content,
  result: communications.result,
  followUpDue: communications.followUpDue,
  followUpDoneAt: communications.followUpDoneAt,
  voidedAt: communications.voidedAt,
  voidReason: communications.voidReason,
  version: communications.version,
  createdAt: communications.createdAt,
  updatedAt: communications.updatedAt,
};
export type OwnRow = Omit<CommunicationRow, 'partyCode' | 'partyName' | 'partyNameEn' | 'ourUserName' | 'contactName' | 'createdByName'>;

/** Insert with the next gapless number; returns the whole row, so nothing needs to read it back. */
export async function insertCommunication(tx: Executor, partyId: string, v: CommunicationValues, actorId: string): Promise<OwnRow> {
  // the gapless number and the insert in one statement (the counter row stays locked until commit)
  const taken = tx.$with('taken', { value: sql<number>`value` }).as(takeNumberSql('communication', sql`select coalesce(max(seq), 0) from communications`));
  const [row] = await tx
    .with(taken)
    .insert(communications)
    .values({ partyId, ...v, seq: sql`(select value from ${taken})`, createdBy: actorId, updatedBy: actorId })
    .returning(ownColumns);
  return row!;
}

/** Many communications in one statement, numbered consecutively from one counter update (an import's batch). */
/** Numbers for `count` new communications, the first returned (gapless: the counter row stays locked until commit). */
export function takeCommunicationNumbers(tx: Executor, count: number): Promise<number> {
  return nextNumbers(tx, 'communication', count, sql`select coalesce(max(seq), 0) from communications`);
}

/**
 * Many communications in one statement, with the ids and numbers the caller gave them (`takeCommunicationNumbers`),
 * so nothing needs to come back: the statement is sent at once and the caller prepares the batch's audit and search
 * rows while it runs. One JSON parameter for the batch (json_to_recordset): binding a dozen values per row costs
 * more than the rows.
 */
export function insertCommunications(
  tx: Executor,
  list: { id: string; seq: number; partyId: string; values: CommunicationValues }[],
  actorId: string,
): Promise<unknown> {
  if (!list.length) return Promise.resolve();
  const values = list.map((c) => ({
    id: c.id,
    n: c.seq,
    p: c.partyId,
    ch: c.values.channel,
    d: c.values.direction,
    t: c.values.topic,
    o: c.values.occurredAt.toISOString(),
    u: c.values.ourUserId,
    k: c.values.contactId,
    s: c.values.subject,
    b: c.values.content,
    r: c.values.result,
    f: c.values.followUpDue?.toISOString() ?? null,
  }));
  return dispatch(
    tx.execute(
      sql`insert into communications (id, seq, party_id, channel, direction, topic, occurred_at, our_user_id, contact_id, subject, content, result, follow_up_due, created_by, updated_by)
          select v.id, v.n, v.p, v.ch, v.d, v.t, v.o, v.u, v.k, v.s, v.b, v.r, v.f, ${actorId}::uuid, ${actorId}::uuid
          from json_to_recordset(${JSON.stringify(values)}::json) as v(id uuid, n bigint, p uuid, ch text, d text, t text, o timestamptz, u uuid, k uuid, s text, b text, r text, f timestamptz)
          order by v.n`,
    ),
  );
}

/** The customers (code, names, voided) and contacts (name, customer, voided) a batch of communications names, in two statements. */
export async function selectBulkRefs(db: Executor, partyIds: string[], contactIds: string[]) {
  const ps = partyIds.length
    ? await db
        .select({ id: parties.id, code: parties.code, nameZh: parties.nameZh, nameEn: parties.nameEn, voidedAt: parties.voidedAt })
        .from(parties)
        .where(inArray(parties.id, [...new Set(partyIds)]))
    : [];
  const cs = contactIds.length
    ? await db
        .select({ id: contacts.id, partyId: contacts.partyId, name: contacts.name, voidedAt: contacts.voidedAt })
        .from(contacts)
        .where(inArray(contacts.id, [...new Set(contactIds)]))
    : [];
  return { parties: ps, contacts: cs };
}

export interface CreateRefs {
  party: { code: string; nameZh: string; nameEn: string | null; voidedAt: string | null } | null;
  users: { id: string; displayName: string; active: boolean }[];
  contact: { partyId: string; name: string; voidedAt: string | null } | null;
}

/**
 * What logging a communication checks, in one statement: the customer, the users (ours and the
 * writer) and the contact — each null / missing when it does not exist.
 */
export async function selectCreateRefs(db: Executor, partyId: string, userIds: string[], contactId: string | null): Promise<CreateRefs> {
  const [a, b] = [userIds[0]!, userIds[1] ?? userIds[0]!];
  const [row] = await rows<{ party: unknown; users: unknown; contact: unknown }>(
    db,
    sql`select
      (select json_build_object('code', ${parties.code}, 'nameZh', ${parties.nameZh}, 'nameEn', ${parties.nameEn}, 'voidedAt', ${parties.voidedAt})
         from ${parties} where ${parties.id} = ${partyId} and ${parties.kind} = 'customer') as party,
      coalesce((select json_agg(json_build_object('id', ${users.id}, 'displayName', ${users.displayName}, 'active', ${users.active}))
         from ${users} where ${users.id} in (${a}, ${b})), '[]'::json) as users,
      (select json_build_object('partyId', ${contacts.partyId}, 'name', ${contacts.name}, 'voidedAt', ${contacts.voidedAt})
         from ${contacts} where ${contacts.id} = ${contactId}) as contact`,
  );
  // node-postgres and PGlite parse json; a driver returning text would need JSON.parse
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return { party: parse(row!.party), users: parse(row!.users), contact: parse(row!.contact) };
}

/** Display name and active flag of the given users, in one query. */
export function selectUserNames(db: Executor, ids: string[]) {
  return db
    .select({ id: users.id, displayName: users.displayName, active: users.active })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
}

export async function updateCommunicationRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<CommunicationValues & { followUpDoneAt: Date | null; voidedAt: Date; voidReason: string }>,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(communications)
    .set({ ...v, version: sql`${communications.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(communications.id, id), eq(communications.version, version)))
    .returning({ id: communications.id });
  return res.length > 0;
}

export async function selectLinks(db: Executor, communicationIds: string[]) {
  if (!communicationIds.length) return [];
  return db
    .select({ communicationId: communicationLinks.communicationId, type: communicationLinks.refType, id: communicationLinks.refId })
    .from(communicationLinks)
    .where(inArray(communicationLinks.communicationId, communicationIds));
}

/** Set a communication's links (`fresh`: a new communication, nothing to delete first). */
export async function replaceLinks(tx: Executor, communicationId: string, links: { type: string; id: string }[], actorId: string, fresh = false) {
  if (!fresh) await tx.delete(communicationLinks).where(eq(communicationLinks.communicationId, communicationId));
  if (links.length) {
    await tx
      .insert(communicationLinks)
      .values(links.map((l) => ({ communicationId, refType: l.type, refId: l.id, createdBy: actorId })))
      .onConflictDoNothing();
  }
}

/** Add one link, keeping the others (a record written back on the communication it came from). */
export async function addLink(tx: Executor, communicationId: string, link: { type: string; id: string }, actorId: string) {
  await tx.insert(communicationLinks).values({ communicationId, refType: link.type, refId: link.id, createdBy: actorId }).onConflictDoNothing();
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ ourUserId: communications.ourUserId, createdBy: communications.createdBy })
    .from(communications)
    .where(eq(communications.id, id));
  return r ? { owners: [r.ourUserId, r.createdBy] } : null;
}

/**
 * (customer, time, subject) of the communications of these customers, within the times asked about when given (the
 * first and last of a file): an import skips rows already logged.
 */
export function selectCommunicationKeys(db: Executor, partyIds: string[], within?: { from: Date; to: Date }) {
  if (!partyIds.length) return Promise.resolve([]);
  return db
    .select({ partyId: communications.partyId, occurredAt: communications.occurredAt, subject: communications.subject })
    .from(communications)
    .where(
      and(
        inArray(communications.partyId, partyIds),
        isNull(communications.voidedAt),
        within ? and(gte(communications.occurredAt, within.from), lte(communications.occurredAt, within.to)) : undefined,
      ),
    );
}
