import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from './parties.table.js';
import { customerSegments } from './segments.table.js';

const acceptor = alias(users, 'acceptor');

const customerColumns = {
  id: parties.id,
  code: parties.code,
  nameZh: parties.nameZh,
  nameEn: parties.nameEn,
  grade: parties.grade,
  status: parties.status,
  ownerId: parties.ownerId,
  ownerName: users.displayName,
  acceptedByGm: parties.acceptedByGm,
  acceptedAt: parties.acceptedAt,
  acceptedBy: parties.acceptedBy,
  acceptedByName: acceptor.displayName,
  contactCadenceDays: parties.contactCadenceDays,
  preferredLanguage: parties.preferredLanguage,
  notes: parties.notes,
  lastContactAt: parties.lastContactAt,
  voidedAt: parties.voidedAt,
  voidReason: parties.voidReason,
  version: parties.version,
  createdAt: parties.createdAt,
  updatedAt: parties.updatedAt,
  // the stored value segment (customer_segments, refreshed on demand and nightly; left-joined on its key)
  abcClass: customerSegments.abcClass,
  highValue: customerSegments.highValue,
  segmentCadenceDays: customerSegments.cadenceDays,
};
export type CustomerRow = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  grade: string | null;
  status: string;
  ownerId: string | null;
  ownerName: string | null;
  acceptedByGm: boolean;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  acceptedByName: string | null;
  contactCadenceDays: number | null;
  preferredLanguage: string;
  notes: string | null;
  lastContactAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  abcClass: string | null;
  highValue: boolean | null;
  segmentCadenceDays: number | null;
};

/** The customer's own contact cadence, else the one its value segment gives (crm/segmentation.yaml). */
const cadenceSql = sql`coalesce(${parties.contactCadenceDays}, ${customerSegments.cadenceDays})`;
/** A customer not contacted within its cadence (or never contacted) is due. */
const contactDueSql = sql<boolean>`(${cadenceSql} is not null and (${parties.lastContactAt} is null or ${parties.lastContactAt} < now() - make_interval(days => ${cadenceSql})))`;

export interface CustomerFilter {
  q?: string | undefined;
  status?: string | undefined;
  grade?: string | undefined;
  ownerId?: string | undefined;
  contactDue?: boolean | undefined;
  /** ABC class of the stored segment; `none` = no class (no revenue in the period, or not yet computed) */
  segment?: 'A' | 'B' | 'C' | 'none' | undefined;
  highValue?: boolean | undefined;
  includeVoided?: boolean | undefined;
  sort: 'code' | 'name' | 'lastContact';
  limit: number;
  offset: number;
}

export async function selectCustomers(db: Executor, f: CustomerFilter) {
  const where: (SQL | undefined)[] = [eq(parties.kind, 'customer')];
  if (!f.includeVoided) where.push(isNull(parties.voidedAt));
  if (f.status) where.push(eq(parties.status, f.status));
  if (f.grade) where.push(eq(parties.grade, f.grade));
  if (f.ownerId) where.push(eq(parties.ownerId, f.ownerId));
  if (f.contactDue !== undefined) where.push(f.contactDue ? contactDueSql : sql`not ${contactDueSql}`);
  if (f.segment) where.push(f.segment === 'none' ? isNull(customerSegments.abcClass) : eq(customerSegments.abcClass, f.segment));
  if (f.highValue !== undefined) where.push(f.highValue ? eq(customerSegments.highValue, true) : sql`coalesce(${customerSegments.highValue}, false) = false`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(parties.code, like), ilike(parties.nameZh, like), ilike(parties.nameEn, like)));
  }
  const order =
    f.sort === 'name'
      ? [asc(parties.nameSortKey), asc(parties.code)]
      : f.sort === 'lastContact'
        ? [sql`${parties.lastContactAt} desc nulls last`, asc(parties.code)]
        : [asc(parties.code)];
  const cond = and(...where);
  const [items, [count]] = await Promise.all([
    db
      .select({ ...customerColumns, contactDue: contactDueSql })
      .from(parties)
      .leftJoin(users, eq(users.id, parties.ownerId))
      .leftJoin(acceptor, eq(acceptor.id, parties.acceptedBy))
      .leftJoin(customerSegments, eq(customerSegments.partyId, parties.id))
      .where(cond)
      .orderBy(...order)
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(parties)
      .leftJoin(customerSegments, eq(customerSegments.partyId, parties.id))
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function selectCustomer(db: Executor, id: string): Promise<(CustomerRow & { contactDue: boolean }) | undefined> {
  const [row] = await db
    .select({ ...customerColumns, contactDue: contactDueSql })
    .from(parties)
    .leftJoin(users, eq(users.id, parties.ownerId))
    .leftJoin(acceptor, eq(acceptor.id, parties.acceptedBy))
    .leftJoin(customerSegments, eq(customerSegments.partyId, parties.id))
    .where(and(eq(parties.id, id), eq(parties.kind, 'customer')));
  return row;
}

export async function selectCustomerByCode(db: Executor, code: string) {
  const [row] = await db
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.kind, 'customer'), eq(parties.code, code)));
  return row;
}

/** code → id of the customers with these codes, in one statement (an import looks up a whole file's customers). */
export async function selectCustomerIdsByCodes(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const found = await db
    .select({ id: parties.id, code: parties.code })
    .from(parties)
    .where(and(eq(parties.kind, 'customer'), inArray(parties.code, codes)));
  return new Map(found.map((r) => [r.code, r.id]));
}

export interface CustomerValues {
  nameZh: string;
  nameEn: string | null;
  nameSortKey: string;
  grade: string | null;
  status: string;
  ownerId: string | null;
  contactCadenceDays: number | null;
  preferredLanguage: string;
  notes: string | null;
}

export async function insertCustomer(tx: Executor, code: string, v: CustomerValues, actorId: string): Promise<string> {
  const [row] = await tx
    .insert(parties)
    .values({ kind: 'customer', code, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: parties.id });
  return row!.id;
}

export async function updateCustomerRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<CustomerValues & { acceptedByGm: boolean; acceptedAt: Date; acceptedBy: string; voidedAt: Date; voidReason: string }>,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(parties)
    .set({ ...v, version: sql`${parties.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(parties.id, id), eq(parties.version, version)))
    .returning({ id: parties.id });
  return res.length > 0;
}

/** Bookkeeping, not an edit: no version bump. */
export async function touchLastContact(tx: Executor, partyId: string, at: Date) {
  await tx
    .update(parties)
    .set({ lastContactAt: sql`greatest(${parties.lastContactAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(parties.id, partyId));
}

/** touchLastContact for many customers in one statement: each gets the latest of its times. */
export async function touchLastContacts(tx: Executor, latest: { partyId: string; at: Date }[]) {
  if (!latest.length) return;
  const json = JSON.stringify(latest.map((l) => ({ id: l.partyId, at: l.at.toISOString() })));
  await tx.execute(sql`update parties set last_contact_at = greatest(parties.last_contact_at, x.at)
    from json_to_recordset(${json}::json) as x(id uuid, at timestamptz) where parties.id = x.id`);
}

// ---- contacts -----------------------------------------------------------------------
const contactColumns = {
  id: contacts.id,
  partyId: contacts.partyId,
  name: contacts.name,
  title: contacts.title,
  phone: contacts.phone,
  mobile: contacts.mobile,
  email: contacts.email,
  im: contacts.im,
  preferredChannel: contacts.preferredChannel,
  isPrimary: contacts.isPrimary,
  notes: contacts.notes,
  voidedAt: contacts.voidedAt,
  version: contacts.version,
};
export type ContactRow = {
  id: string;
  partyId: string;
  name: string;
  title: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  im: string | null;
  preferredChannel: string | null;
  isPrimary: boolean;
  notes: string | null;
  voidedAt: Date | null;
  version: number;
};
export interface ContactValues {
  name: string;
  title: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  im: string | null;
  preferredChannel: string | null;
  isPrimary: boolean;
  notes: string | null;
}

export function selectContacts(db: Executor, partyIds: string[]): Promise<ContactRow[]> {
  if (!partyIds.length) return Promise.resolve([]);
  return db.select(contactColumns).from(contacts).where(inArray(contacts.partyId, partyIds)).orderBy(desc(contacts.isPrimary), asc(contacts.name));
}

export async function selectContact(db: Executor, id: string): Promise<ContactRow | undefined> {
  const [row] = await db.select(contactColumns).from(contacts).where(eq(contacts.id, id));
  return row;
}

export async function insertContact(tx: Executor, partyId: string, v: ContactValues, actorId: string): Promise<ContactRow> {
  const [row] = await tx
    .insert(contacts)
    .values({ partyId, ...v, createdBy: actorId, updatedBy: actorId })
    .returning(contactColumns);
  return row!;
}

export async function updateContactRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<ContactValues & { voidedAt: Date; voidReason: string }>,
  actorId: string,
): Promise<ContactRow | undefined> {
  const [row] = await tx
    .update(contacts)
    .set({ ...v, version: sql`${contacts.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(contacts.id, id), eq(contacts.version, version)))
    .returning(contactColumns);
  return row;
}

export async function clearPrimaryContact(tx: Executor, partyId: string, exceptId: string) {
  await tx
    .update(contacts)
    .set({ isPrimary: false })
    .where(and(eq(contacts.partyId, partyId), sql`${contacts.id} <> ${exceptId}`, eq(contacts.isPrimary, true)));
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectPartyEditPeople(db: Executor, id: string, kind: 'customer' | 'vendor') {
  const [r] = await db
    .select({ ownerId: parties.ownerId, createdBy: parties.createdBy })
    .from(parties)
    .where(and(eq(parties.id, id), eq(parties.kind, kind)));
  return r ? { owners: [r.ownerId, r.createdBy] } : null;
}

export async function selectContactEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ createdBy: contacts.createdBy, ownerId: parties.ownerId, partyCreatedBy: parties.createdBy })
    .from(contacts)
    .innerJoin(parties, eq(parties.id, contacts.partyId))
    .where(eq(contacts.id, id));
  return r ? { owners: [r.createdBy, r.ownerId, r.partyCreatedBy] } : null;
}
