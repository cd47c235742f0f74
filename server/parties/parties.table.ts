import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

/** Customers, and later suppliers and qualified outsourcing vendors (kind). */
export const parties = pgTable(
  'parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull().default('customer'),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    /** pinyin-ordered sort key computed in the app (PGlite has no ICU collations) */
    nameSortKey: text('name_sort_key').notNull(),
    grade: text('grade'),
    status: text('status').notNull().default('prospect'),
    ownerId: uuid('owner_id'),
    acceptedByGm: boolean('accepted_by_gm').notNull().default(false),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    contactCadenceDays: integer('contact_cadence_days'),
    preferredLanguage: text('preferred_language').notNull().default('zh-CN'),
    notes: text('notes'),
    /** vendors: the processes they are qualified for (加工范围) */
    scope: text('scope'),
    lastContactAt: ts('last_contact_at'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('parties_kind_code_idx').on(t.kind, t.code),
    index('parties_sort_idx').on(t.kind, t.nameSortKey),
    index('parties_owner_idx').on(t.ownerId),
  ],
);

/** Contact persons: name and title are business data; phone, email, IM are personal. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    name: text('name').notNull(),
    title: text('title'),
    phone: text('phone'),
    mobile: text('mobile'),
    email: text('email'),
    im: text('im'),
    preferredChannel: text('preferred_channel'),
    isPrimary: boolean('is_primary').notNull().default(false),
    notes: text('notes'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [index('contacts_party_idx').on(t.partyId)],
);
