import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { contacts, parties } from '../parties/parties.table.js';
import { portalAccess, portalLinks, portalSessions, portalSettings, portalUploads } from './portal.table.js';
import { attachments } from '../platform/platform.table.js';
import { communications } from '../communications/communications.table.js';

export async function selectSettings(db: Executor, partyId: string) {
  const [row] = await db.select().from(portalSettings).where(eq(portalSettings.partyId, partyId));
  return row ?? { partyId, ...DEFAULT_SETTINGS, version: 0 };
}

export const DEFAULT_SETTINGS = {
  showOrders: true,
  showComplaints: true,
  showStepNames: false,
  showReport: true,
  showSurveys: true,
  showVisits: false,
  allowUploads: true,
};
export type SettingsValues = typeof DEFAULT_SETTINGS;

/** Insert (version 0 → 1) or update at the version read; false on a conflict. */
export async function saveSettings(tx: Executor, partyId: string, version: number, v: SettingsValues, by: string) {
  if (version === 0) {
    const r = await tx
      .insert(portalSettings)
      .values({ partyId, ...v, createdBy: by, updatedBy: by })
      .onConflictDoNothing()
      .returning({ id: portalSettings.partyId });
    return r.length > 0;
  }
  const r = await tx
    .update(portalSettings)
    .set({ ...v, version: version + 1, updatedAt: new Date(), updatedBy: by })
    .where(and(eq(portalSettings.partyId, partyId), eq(portalSettings.version, version)))
    .returning({ id: portalSettings.partyId });
  return r.length > 0;
}

export function selectAccessOfParty(db: Executor, partyId: string) {
  return db
    .select({
      id: portalAccess.id,
      contactId: portalAccess.contactId,
      contactName: contacts.name,
      active: portalAccess.active,
      invitedAt: portalAccess.invitedAt,
      lastSignInAt: portalAccess.lastSignInAt,
    })
    .from(portalAccess)
    .innerJoin(contacts, eq(contacts.id, portalAccess.contactId))
    .where(eq(portalAccess.partyId, partyId))
    .orderBy(portalAccess.invitedAt);
}

export async function selectAccess(db: Executor, id: string) {
  const [row] = await db.select().from(portalAccess).where(eq(portalAccess.id, id));
  return row;
}

export async function selectAccessByContact(db: Executor, contactId: string) {
  const [row] = await db.select().from(portalAccess).where(eq(portalAccess.contactId, contactId));
  return row;
}

/** Active invitations for an address (an address may be a contact of one customer only once per contact). */
export function selectActiveByEmail(db: Executor, email: string) {
  return db
    .select()
    .from(portalAccess)
    .where(and(eq(portalAccess.email, email), eq(portalAccess.active, true)));
}

export async function upsertAccess(tx: Executor, v: { partyId: string; contactId: string; email: string; invitedBy: string }) {
  const [row] = await tx
    .insert(portalAccess)
    .values(v)
    .onConflictDoUpdate({ target: portalAccess.contactId, set: { email: v.email, active: true, invitedBy: v.invitedBy, invitedAt: new Date() } })
    .returning({ id: portalAccess.id });
  return row!.id;
}

export async function setAccessActive(tx: Executor, id: string, active: boolean) {
  await tx.update(portalAccess).set({ active }).where(eq(portalAccess.id, id));
  if (!active)
    await tx
      .update(portalSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(portalSessions.accessId, id), isNull(portalSessions.revokedAt)));
}

export async function insertLink(tx: Executor, v: { tokenHash: string; accessId: string; expiresAt: Date }) {
  await tx.insert(portalLinks).values(v);
}

/** Take a link once: the row that is still unused and unexpired, marked used in the same statement. */
export async function takeLink(tx: Executor, tokenHash: string) {
  const [row] = await tx
    .update(portalLinks)
    .set({ usedAt: new Date() })
    .where(and(eq(portalLinks.tokenHash, tokenHash), isNull(portalLinks.usedAt), gt(portalLinks.expiresAt, new Date())))
    .returning({ accessId: portalLinks.accessId });
  return row;
}

export async function insertSession(tx: Executor, v: typeof portalSessions.$inferInsert) {
  await tx.insert(portalSessions).values(v);
}

export async function touchSignIn(tx: Executor, accessId: string) {
  await tx.update(portalAccess).set({ lastSignInAt: new Date() }).where(eq(portalAccess.id, accessId));
}

export async function revokeSession(tx: Executor, tokenHash: string) {
  await tx.update(portalSessions).set({ revokedAt: new Date() }).where(eq(portalSessions.tokenHash, tokenHash));
}

/** A live portal session with its (still active) invitation, contact and company. */
export async function selectSession(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      accessId: portalSessions.accessId,
      partyId: portalSessions.partyId,
      csrfToken: portalSessions.csrfToken,
      contactId: portalAccess.contactId,
      contactName: contacts.name,
      companyName: parties.nameZh,
      invitedBy: portalAccess.invitedBy,
      email: portalAccess.email,
      passwordSet: sql<boolean>`${portalAccess.passwordHash} is not null`,
      totpEnabled: sql<boolean>`${portalAccess.totpSecretEnc} is not null`,
    })
    .from(portalSessions)
    .innerJoin(portalAccess, eq(portalAccess.id, portalSessions.accessId))
    .innerJoin(contacts, eq(contacts.id, portalAccess.contactId))
    .innerJoin(parties, eq(parties.id, portalSessions.partyId))
    .where(
      and(
        eq(portalSessions.tokenHash, tokenHash),
        isNull(portalSessions.revokedAt),
        gt(portalSessions.expiresAt, new Date()),
        eq(portalAccess.active, true),
        isNull(contacts.voidedAt),
        sql`${portalAccess.partyId} = ${portalSessions.partyId}`,
      ),
    );
  return row;
}

/** The sign-in fields of an invitation (password, TOTP, failures). */
export async function updateAccessAuth(
  tx: Executor,
  id: string,
  v: Partial<
    Pick<
      typeof portalAccess.$inferInsert,
      'passwordHash' | 'passwordSetAt' | 'totpSecretEnc' | 'totpPendingEnc' | 'totpLastStep' | 'failedSignIns' | 'lockedUntil'
    >
  >,
) {
  await tx.update(portalAccess).set(v).where(eq(portalAccess.id, id));
}

/** One more failed password sign-in; the new count. */
export async function countFailure(tx: Executor, id: string) {
  const [row] = await tx
    .update(portalAccess)
    .set({ failedSignIns: sql`${portalAccess.failedSignIns} + 1` })
    .where(eq(portalAccess.id, id))
    .returning({ failures: portalAccess.failedSignIns });
  return row?.failures ?? 0;
}

// ---- uploads ------------------------------------------------------------------------------------------

export async function insertUpload(
  tx: Executor,
  v: {
    partyId: string;
    contactId: string;
    attachmentId: string;
    kind: string;
    refType: string | null;
    refId: string | null;
    filedAs: 'written-order' | 'communication';
    communicationId: string;
    note: string | null;
  },
) {
  const [row] = await tx.insert(portalUploads).values(v).returning({ id: portalUploads.id });
  return row!.id;
}

const uploadColumns = {
  id: portalUploads.id,
  contactId: portalUploads.contactId,
  contactName: contacts.name,
  kind: portalUploads.kind,
  refType: portalUploads.refType,
  refId: portalUploads.refId,
  filedAs: portalUploads.filedAs,
  note: portalUploads.note,
  uploadedAt: portalUploads.uploadedAt,
  attachmentId: portalUploads.attachmentId,
  filename: attachments.filename,
  size: attachments.size,
  communicationId: portalUploads.communicationId,
  communicationSeq: communications.seq,
};

/** A customer's portal uploads, newest first; of one contact when `contactId` is given; one by id when `id` is. */
export function selectUploads(db: Executor, f: { partyId: string; contactId?: string; id?: string }) {
  const where = [eq(portalUploads.partyId, f.partyId)];
  if (f.contactId) where.push(eq(portalUploads.contactId, f.contactId));
  if (f.id) where.push(eq(portalUploads.id, f.id));
  return db
    .select(uploadColumns)
    .from(portalUploads)
    .innerJoin(attachments, eq(attachments.id, portalUploads.attachmentId))
    .innerJoin(communications, eq(communications.id, portalUploads.communicationId))
    .leftJoin(contacts, eq(contacts.id, portalUploads.contactId))
    .where(and(...where))
    .orderBy(desc(portalUploads.uploadedAt), desc(portalUploads.id))
    .limit(200);
}
