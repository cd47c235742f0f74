import { bigserial, date, index, jsonb, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';

/**
 * Target and warning set by an administrator over the file's values: append-only, the newest row wins;
 * each row is a version of the KPI's targets with its reason (audited as well).
 */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kpiId: text('kpi_id').notNull(),
    target: numeric('target', { precision: 18, scale: 4 }).notNull(),
    warning: numeric('warning', { precision: 18, scale: 4 }).notNull(),
    reason: text('reason').notNull(),
    at: ts('at').notNull().defaultNow(),
    byId: uuid('by_id'),
  },
  (t) => [index('kpi_targets_kpi_idx').on(t.kpiId, t.id)],
);

/**
 * Events the KPIs count that no other record holds [IATF 9.1.2.1 c–e, Rules 8.1]: premium freight, customer
 * special status, quality / delivery notifications, customer disruptions, field returns, and the customer's
 * own rating of us from their scorecard or portal (score, document attached).
 */
export const kpiEvents = pgTable(
  'kpi_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    partyId: uuid('party_id').notNull().references(() => parties.id),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    cost: numeric('cost', { precision: 18, scale: 2 }),
    score: numeric('score', { precision: 10, scale: 2 }),
    cause: text('cause'),
    note: text('note'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [index('kpi_events_party_idx').on(t.partyId, t.occurredOn), index('kpi_events_type_idx').on(t.type, t.occurredOn)],
);
