import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { contacts } from '../parties/parties.table.js';
import { tracked, ts } from '../platform/db/columns.js';

/** On what basis we hold a contact's personal data (PIPL art. 13), and whether it was erased. One row per contact. */
export const contactPrivacy = pgTable('contact_privacy', {
  contactId: uuid('contact_id')
    .primaryKey()
    .references(() => contacts.id),
  legalBasis: text('legal_basis'),
  consentAt: ts('consent_at'),
  source: text('source'),
  note: text('note'),
  anonymisedAt: ts('anonymised_at'),
  ...tracked,
});

/** A person's request about their data, handled: an export of what we hold, or anonymisation. */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    receivedAt: ts('received_at').notNull(),
    channel: text('channel').notNull(),
    requester: text('requester').notNull(),
    reason: text('reason'),
    handledBy: uuid('handled_by').notNull(),
    handledAt: ts('handled_at').notNull(),
    /** counts only, never the data itself */
    summary: jsonb('summary').$type<Record<string, number>>().notNull(),
  },
  (t) => [index('privacy_requests_contact_idx').on(t.contactId)],
);

/** Who was shown a contact's personal fields, when, by which request (written for users who may see them). */
export const personalDataViews = pgTable(
  'personal_data_views',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    userId: uuid('user_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    route: text('route').notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [index('personal_data_views_contact_idx').on(t.contactId, t.at)],
);
