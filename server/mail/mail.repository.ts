import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { rows } from '../platform/db/client.js';
import { mailIncoming, mailMailboxes, mailMessages, mailRules, mailSettings, mailTemplates } from './mail.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { users } from '../identity/identity.table.js';

export type SettingsRow = typeof mailSettings.$inferSelect;
export type TemplateRow = typeof mailTemplates.$inferSelect;
export type MessageRow = typeof mailMessages.$inferSelect;
export type MailboxRow = typeof mailMailboxes.$inferSelect;
export type IncomingRow = typeof mailIncoming.$inferSelect;
export type RuleRow = typeof mailRules.$inferSelect;

// ---- settings ---------------------------------------------------------------------------------
export async function selectSettings(db: Executor): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(mailSettings).where(eq(mailSettings.id, 'default'));
  return row;
}

export async function ensureSettings(db: Executor): Promise<SettingsRow> {
  await db.insert(mailSettings).values({ id: 'default' }).onConflictDoNothing();
  return (await selectSettings(db))!;
}

export async function updateSettings(tx: Executor, version: number, v: Partial<SettingsRow>, actorId: string) {
  const res = await tx
    .update(mailSettings)
    .set({ ...v, version: sql`${mailSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(mailSettings.id, 'default'), eq(mailSettings.version, version)))
    .returning();
  return res[0];
}

// ---- templates --------------------------------------------------------------------------------
export async function selectCurrentTemplates(db: Executor): Promise<TemplateRow[]> {
  return db.select().from(mailTemplates).where(isNull(mailTemplates.supersededAt)).orderBy(mailTemplates.key);
}

export async function selectTemplate(db: Executor, key: string, revision?: number): Promise<TemplateRow | undefined> {
  const [row] = await db
    .select()
    .from(mailTemplates)
    .where(
      revision ? and(eq(mailTemplates.key, key), eq(mailTemplates.revision, revision)) : and(eq(mailTemplates.key, key), isNull(mailTemplates.supersededAt)),
    );
  return row;
}

export async function insertTemplate(
  tx: Executor,
  v: { key: string; revision: number; subject: { zh: string; en: string }; body: { zh: string; en: string }; createdBy: string | null },
) {
  await tx.insert(mailTemplates).values(v).onConflictDoNothing();
}

export async function supersedeTemplate(tx: Executor, key: string, revision: number) {
  const res = await tx
    .update(mailTemplates)
    .set({ supersededAt: new Date() })
    .where(and(eq(mailTemplates.key, key), eq(mailTemplates.revision, revision), isNull(mailTemplates.supersededAt)))
    .returning({ id: mailTemplates.id });
  return res.length > 0;
}

// ---- parties and contacts ---------------------------------------------------------------------
export async function selectParty(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: parties.id,
      code: parties.code,
      nameZh: parties.nameZh,
      nameEn: parties.nameEn,
      preferredLanguage: parties.preferredLanguage,
      voidedAt: parties.voidedAt,
    })
    .from(parties)
    .where(eq(parties.id, id));
  return row;
}

export async function selectPartyContacts(db: Executor, partyId: string) {
  return db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, isPrimary: contacts.isPrimary })
    .from(contacts)
    .where(and(eq(contacts.partyId, partyId), isNull(contacts.voidedAt)))
    .orderBy(desc(contacts.isPrimary), contacts.name);
}

export async function selectContact(db: Executor, id: string) {
  const [row] = await db
    .select({ id: contacts.id, partyId: contacts.partyId, name: contacts.name, email: contacts.email, voidedAt: contacts.voidedAt })
    .from(contacts)
    .where(eq(contacts.id, id));
  return row;
}

/** The party (and contact) a record belongs to, for the record types mail is sent about. */
export async function selectRecordParty(
  db: Executor,
  ref: { type: string; id: string },
): Promise<{ partyId: string; contactId: string | null; number: string } | undefined> {
  const uuid = /^[0-9a-f-]{36}$/i.test(ref.id);
  if (!uuid) return undefined;
  const q: Record<string, ReturnType<typeof sql>> = {
    complaint: sql`select party_id as "partyId", contact_id as "contactId", number from complaints where id = ${ref.id}`,
    order: sql`select party_id as "partyId", contact_id as "contactId", number from orders where id = ${ref.id}`,
    quotation: sql`select party_id as "partyId", contact_id as "contactId", number from quotations where id = ${ref.id}`,
    customer: sql`select id as "partyId", null as "contactId", code as number from parties where id = ${ref.id}`,
    communication: sql`select party_id as "partyId", contact_id as "contactId", 'K' || seq as number from communications where id = ${ref.id}`,
  };
  const query = q[ref.type];
  if (!query) return undefined;
  const [row] = await rows<{ partyId: string; contactId: string | null; number: string }>(db, query);
  return row;
}

export async function selectUserForMail(db: Executor, id: string) {
  const [row] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, active: users.active })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

// ---- outgoing queue ---------------------------------------------------------------------------
export async function insertMessage(tx: Executor, v: typeof mailMessages.$inferInsert) {
  const [row] = await tx.insert(mailMessages).values(v).returning();
  return row!;
}

/** The message, locked for sending; null when another instance holds it. */
export async function lockMessage(tx: Executor, id: string): Promise<MessageRow | undefined> {
  const [r] = await rows<{ id: string }>(tx, sql`select id from mail_messages where id = ${id} for update skip locked`);
  if (!r) return undefined;
  const [row] = await tx.select().from(mailMessages).where(eq(mailMessages.id, id));
  return row;
}

export async function updateMessage(tx: Executor, id: string, v: Partial<MessageRow>) {
  await tx
    .update(mailMessages)
    .set({ ...v, version: sql`${mailMessages.version} + 1`, updatedAt: new Date() })
    .where(eq(mailMessages.id, id));
}

export async function selectMessage(db: Executor, id: string) {
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.id, id));
  return row;
}

export async function selectMessages(db: Executor, f: { status?: string | undefined; ref?: { type: string; id: string }; limit: number }) {
  const where = and(
    f.status ? eq(mailMessages.status, f.status) : undefined,
    f.ref ? and(eq(mailMessages.refType, f.ref.type), eq(mailMessages.refId, f.ref.id)) : undefined,
  );
  const [items, [count]] = await Promise.all([
    db.select().from(mailMessages).where(where).orderBy(desc(mailMessages.createdAt)).limit(f.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailMessages)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function selectMessageByMessageIds(db: Executor, ids: string[]) {
  if (!ids.length) return undefined;
  const [row] = await rows<{ id: string; partyId: string | null; refType: string | null; refId: string | null; communicationId: string | null }>(
    db,
    sql`select id, party_id as "partyId", ref_type as "refType", ref_id as "refId", communication_id as "communicationId"
        from mail_messages where message_id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}) order by created_at desc limit 1`,
  );
  return row;
}

// ---- mailboxes and incoming -------------------------------------------------------------------
export async function selectMailboxes(db: Executor, activeOnly = false) {
  return db
    .select()
    .from(mailMailboxes)
    .where(activeOnly ? eq(mailMailboxes.active, true) : undefined)
    .orderBy(mailMailboxes.name);
}

export async function selectMailbox(db: Executor, id: string) {
  const [row] = await db.select().from(mailMailboxes).where(eq(mailMailboxes.id, id));
  return row;
}

export async function insertMailbox(tx: Executor, v: typeof mailMailboxes.$inferInsert) {
  const [row] = await tx.insert(mailMailboxes).values(v).returning();
  return row!;
}

export async function updateMailbox(tx: Executor, id: string, version: number | null, v: Partial<MailboxRow>, actorId: string | null) {
  const res = await tx
    .update(mailMailboxes)
    .set({ ...v, version: sql`${mailMailboxes.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(version === null ? eq(mailMailboxes.id, id) : and(eq(mailMailboxes.id, id), eq(mailMailboxes.version, version)))
    .returning();
  return res[0];
}

/**
 * The mailbox's reading progress and status (last UID, UIDVALIDITY, last poll and error, the IDLE watcher's state):
 * written by the poller and the watcher, not by a person, so the row's version is left alone — an administrator
 * editing the mailbox is not told of a conflict because mail arrived meanwhile.
 */
export async function updateMailboxProgress(
  tx: Executor,
  id: string,
  v: Partial<Pick<MailboxRow, 'lastUid' | 'uidValidity' | 'lastPolledAt' | 'lastError' | 'watchState' | 'watchError' | 'watchChangedAt'>>,
) {
  const res = await tx.update(mailMailboxes).set(v).where(eq(mailMailboxes.id, id)).returning();
  return res[0];
}

/** Recorded once per (mailbox, UIDVALIDITY, UID): a second insert of the same mail returns undefined. */
export async function insertIncoming(tx: Executor, v: typeof mailIncoming.$inferInsert) {
  const [row] = await tx.insert(mailIncoming).values(v).onConflictDoNothing().returning();
  return row;
}

export async function selectIncomingByMessageId(db: Executor, mailboxId: string, messageId: string) {
  const [row] = await db
    .select({ id: mailIncoming.id })
    .from(mailIncoming)
    .where(and(eq(mailIncoming.mailboxId, mailboxId), eq(mailIncoming.messageId, messageId)));
  return row;
}

export async function selectIncoming(db: Executor, id: string) {
  const [row] = await db.select().from(mailIncoming).where(eq(mailIncoming.id, id));
  return row;
}

export async function selectIncomingList(db: Executor, status: string, limit: number) {
  const where = eq(mailIncoming.status, status);
  const [items, [count]] = await Promise.all([
    db.select().from(mailIncoming).where(where).orderBy(desc(mailIncoming.receivedAt)).limit(limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailIncoming)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function updateIncoming(tx: Executor, id: string, version: number | null, v: Partial<IncomingRow>, actorId: string | null) {
  const res = await tx
    .update(mailIncoming)
    .set({ ...v, version: sql`${mailIncoming.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(version === null ? eq(mailIncoming.id, id) : and(eq(mailIncoming.id, id), eq(mailIncoming.version, version)))
    .returning();
  return res[0];
}

/** Sender → customer: a contact with this address, else a customer whose contacts share the domain (one only). */
export async function matchSender(db: Executor, address: string): Promise<{ partyId: string; contactId: string | null } | undefined> {
  const a = address.trim().toLowerCase();
  const [byAddress] = await rows<{ partyId: string; contactId: string }>(
    db,
    sql`select c.party_id as "partyId", c.id as "contactId" from contacts c join parties p on p.id = c.party_id
        where lower(trim(c.email)) = ${a} and c.voided_at is null and p.voided_at is null order by c.is_primary desc limit 1`,
  );
  if (byAddress) return byAddress;
  const domain = a.split('@')[1];
  if (!domain) return undefined;
  const byDomain = await rows<{ partyId: string }>(
    db,
    sql`select distinct c.party_id as "partyId" from contacts c join parties p on p.id = c.party_id
        where lower(trim(c.email)) like ${'%@' + domain} and c.voided_at is null and p.voided_at is null limit 2`,
  );
  return byDomain.length === 1 ? { partyId: byDomain[0]!.partyId, contactId: null } : undefined;
}

/** A record named in a subject token: [CC-2026-0012] a complaint, [C000123] a customer, [SO-2026-0001] an order, [Q…] a quotation. */
export async function selectRecordByNumber(db: Executor, token: string): Promise<{ type: string; id: string; partyId: string } | undefined> {
  const queries = [
    sql`select 'complaint' as type, id::text as id, party_id as "partyId" from complaints where number = ${token}`,
    sql`select 'order' as type, id::text as id, party_id as "partyId" from orders where number = ${token}`,
    sql`select 'quotation' as type, id::text as id, party_id as "partyId" from quotations where number = ${token}`,
    sql`select 'customer' as type, id::text as id, id as "partyId" from parties where code = ${token} and kind = 'customer'`,
  ];
  for (const q of queries) {
    const [row] = await rows<{ type: string; id: string; partyId: string }>(db, q);
    if (row) return row;
  }
  return undefined;
}

export async function insertContact(tx: Executor, v: { partyId: string; name: string; email: string }, actorId: string) {
  const [row] = await tx
    .insert(contacts)
    .values({ partyId: v.partyId, name: v.name, email: v.email, createdBy: actorId, updatedBy: actorId })
    .returning({ id: contacts.id });
  return row!;
}

// ---- incoming mail rules ----------------------------------------------------------------------
export async function selectRules(db: Executor, activeOnly = false): Promise<RuleRow[]> {
  return db
    .select()
    .from(mailRules)
    .where(activeOnly ? eq(mailRules.active, true) : undefined)
    .orderBy(mailRules.position, mailRules.createdAt);
}

export async function selectRule(db: Executor, id: string) {
  const [row] = await db.select().from(mailRules).where(eq(mailRules.id, id));
  return row;
}

export async function countRules(db: Executor): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(mailRules);
  return r?.n ?? 0;
}

/** Inserted once: a fixed id, so two instances seeding at once keep one row. */
export async function insertRule(tx: Executor, v: typeof mailRules.$inferInsert) {
  const [row] = await tx.insert(mailRules).values(v).onConflictDoNothing().returning();
  return row;
}

export async function updateRule(tx: Executor, id: string, version: number, v: Partial<RuleRow>, actorId: string) {
  const res = await tx
    .update(mailRules)
    .set({ ...v, version: sql`${mailRules.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(mailRules.id, id), eq(mailRules.version, version)))
    .returning();
  return res[0];
}

/** Whether the ids a rule names exist: a mailbox, an active user, a department, a customer not voided. */
export async function ruleRefsExist(db: Executor, r: { mailboxIds: string[]; userId: string | null; departmentId: string | null; partyId: string | null }) {
  const one = async (q: ReturnType<typeof sql>) => (await rows<{ ok: number }>(db, q)).length > 0;
  const missingMailboxes: string[] = [];
  for (const id of r.mailboxIds) if (!(await one(sql`select 1 as ok from mail_mailboxes where id = ${id}`))) missingMailboxes.push(id);
  return {
    missingMailboxes,
    user: r.userId ? await one(sql`select 1 as ok from users where id = ${r.userId} and active`) : true,
    department: r.departmentId ? await one(sql`select 1 as ok from departments where id = ${r.departmentId}`) : true,
    party: r.partyId ? await one(sql`select 1 as ok from parties where id = ${r.partyId} and voided_at is null`) : true,
  };
}
