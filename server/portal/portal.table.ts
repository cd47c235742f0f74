import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

/** Per customer: what its contacts see in the portal. */
export const portalSettings = pgTable('portal_settings', {
  partyId: uuid('party_id').primaryKey(),
  showOrders: boolean('show_orders').notNull().default(true),
  showComplaints: boolean('show_complaints').notNull().default(true),
  showStepNames: boolean('show_step_names').notNull().default(false),
  /** the 8D report once released (at the customer's confirmation or closed); off: status only */
  showReport: boolean('show_report').notNull().default(true),
  showSurveys: boolean('show_surveys').notNull().default(true),
  /** planned visits and audits (dates, purpose, kind); off by default: a visit plan is the factory's until it says so */
  showVisits: boolean('show_visits').notNull().default(false),
  allowUploads: boolean('allow_uploads').notNull().default(true),
  ...tracked,
});

/** A contact invited to the portal; the address is the contact's at the time of the invitation. */
export const portalAccess = pgTable(
  'portal_access',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyId: uuid('party_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    email: text('email').notNull(),
    active: boolean('active').notNull().default(true),
    invitedAt: ts('invited_at').notNull().defaultNow(),
    invitedBy: uuid('invited_by').notNull(),
    lastSignInAt: ts('last_sign_in_at'),
    /** argon2id, set by the contact after a link sign-in (the staff password policy) */
    passwordHash: text('password_hash'),
    passwordSetAt: ts('password_set_at'),
    /** the TOTP secret sealed with AES-256-GCM (the mail key); pending until the first code confirms it */
    totpSecretEnc: text('totp_secret_enc'),
    totpPendingEnc: text('totp_pending_enc'),
    /** the last accepted TOTP time step: a code is accepted once */
    totpLastStep: integer('totp_last_step'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: ts('locked_until'),
  },
  (t) => [uniqueIndex('portal_access_contact_idx').on(t.contactId), index('portal_access_email_idx').on(t.email)],
);

/** One-time sign-in links: only the SHA-256 is kept; 30 minutes, used once. */
export const portalLinks = pgTable('portal_links', {
  tokenHash: text('token_hash').primaryKey(),
  accessId: uuid('access_id').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Portal sessions, apart from staff sessions: the cookie holds a random token, the row its SHA-256. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accessId: uuid('access_id').notNull(),
    partyId: uuid('party_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('portal_sessions_access_idx').on(t.accessId)],
);

/**
 * A document a contact uploaded in the portal: what, when, on which record and what became of it (filed as the order's
 * written order, or attached to the incoming communication). The contact's own list and the customer page read it.
 */
export const portalUploads = pgTable(
  'portal_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyId: uuid('party_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
    kind: text('kind').notNull(),
    refType: text('ref_type'),
    refId: uuid('ref_id'),
    /** `written-order`: filed as the order's written order; `communication`: attached to the incoming communication */
    filedAs: text('filed_as').notNull(),
    communicationId: uuid('communication_id').notNull(),
    note: text('note'),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [index('portal_uploads_party_idx').on(t.partyId, t.uploadedAt)],
);
