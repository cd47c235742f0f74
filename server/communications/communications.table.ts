import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';
import { parties, contacts } from '../parties/parties.table.js';

/** 沟通记录: one row per contact with a customer, supplier or between departments. */
export const communications = pgTable(
  'communications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    channel: text('channel').notNull(),
    direction: text('direction').notNull(),
    topic: text('topic').notNull().default('other'),
    occurredAt: ts('occurred_at').notNull(),
    ourUserId: uuid('our_user_id').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    subject: text('subject').notNull(),
    content: text('content').notNull(),
    result: text('result'),
    followUpDue: ts('follow_up_due'),
    followUpDoneAt: ts('follow_up_done_at'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [
    index('communications_party_idx').on(t.partyId, t.occurredAt),
    index('communications_occurred_idx').on(t.occurredAt),
    index('communications_our_user_idx').on(t.ourUserId, t.occurredAt),
    // My work's open follow-ups of a user, due first: a few rows among the user's thousands of communications
    index('communications_open_follow_up_idx')
      .on(t.ourUserId, t.followUpDue)
      .where(sql`${t.followUpDue} is not null and ${t.followUpDoneAt} is null and ${t.voidedAt} is null`),
  ],
);

/** Links from a communication to any record ({type, id}); later features plug in here. */
export const communicationLinks = pgTable(
  'communication_links',
  {
    communicationId: uuid('communication_id')
      .notNull()
      .references(() => communications.id),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.communicationId, t.refType, t.refId] }), index('communication_links_ref_idx').on(t.refType, t.refId)],
);
