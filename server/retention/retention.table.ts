import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

/** How long the company keeps a kind of record (ISO 9001 7.5.3.2), counted from its closing or its creation. */
export const retentionRules = pgTable('retention_rules', {
  recordType: text('record_type').primaryKey(),
  keepYears: integer('keep_years').notNull(),
  countedFrom: text('counted_from').notNull(),
  basis: text('basis').notNull(),
  ...tracked,
});

/** A legal hold on a customer (all its records) or on one record: nothing under it is disposed of. */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: uuid('placed_by').notNull(),
    placedAt: ts('placed_at').notNull(),
    releasedBy: uuid('released_by'),
    releasedAt: ts('released_at'),
    releaseReason: text('release_reason'),
  },
  (t) => [index('legal_holds_ref_idx').on(t.refType, t.refId)],
);

/** A list of records past their retention, proposed for disposal and approved (or not) by another person. */
export const disposalBatches = pgTable('disposal_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  status: text('status').notNull(),
  items: jsonb('items').$type<{ refType: string; refId: string; title: string; partyId: string | null; since: string }[]>().notNull(),
  proposedBy: uuid('proposed_by').notNull(),
  proposedAt: ts('proposed_at').notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: ts('decided_at'),
  decisionReason: text('decision_reason'),
  ...tracked,
});

/** What remains of a disposed record: that it existed, what it was called, when it closed, who approved its end. */
export const tombstones = pgTable(
  'tombstones',
  {
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    title: text('title').notNull(),
    partyId: uuid('party_id'),
    since: ts('since').notNull(),
    disposedAt: ts('disposed_at').notNull(),
    batchId: uuid('batch_id').notNull(),
    rule: jsonb('rule').$type<{ keepYears: number; countedFrom: string; basis: string }>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.refType, t.refId] })],
);
