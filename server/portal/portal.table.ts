import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

/** Per customer: what its contacts see in the portal. */
export const portalSettings = pgTable('portal_settings', {
  partyId: uuid('party_id').primaryKey(),
  showOrders: boolean('show_orders').notNull().default(true),
  showComplaints: boolean('show_complaints').notNull().default(true),
  showStepNames: boolean('show_step_names').notNull().default(false),
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
