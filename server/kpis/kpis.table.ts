import { bigint, bigserial, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
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

/**
 * Rollup of the order-side KPIs (on time against the first / last agreed date, parts delivered for PPM, reconfirmation
 * before the first shipment): one row per order and local month of its shipments, the month sums of the pack's
 * statements `shipmentMonths` / `reconfirmedByMonth` split by order. Kept current incrementally: triggers on the tables
 * these sums read (orders, shipments, delivery dates and changes, procedure step visits of orders) mark the order in
 * `kpi_dirty_orders` in the writing transaction; the next pack recomputes only the marked orders
 * (`refreshOrderRollup`). Months are local to the site calendar's time zone (`kpi_rollup_state.time_zone`; another zone
 * rebuilds the whole rollup).
 */
export const kpiOrderMonths = pgTable(
  'kpi_order_months',
  {
    orderId: uuid('order_id').notNull(),
    month: text('month').notNull(),
    partyId: uuid('party_id').notNull(),
    shipments: integer('shipments').notNull(),
    delivered: bigint('delivered', { mode: 'number' }).notNull(),
    onTimeFirst: integer('on_time_first').notNull(),
    onTimeLast: integer('on_time_last').notNull(),
    /** 1 in the month of the order's first shipment */
    firstShipped: integer('first_shipped').notNull(),
    /** 1 there when the reconfirmation step was left before the first shipment */
    reconfirmed: integer('reconfirmed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.month] }), index('kpi_order_months_month_idx').on(t.month, t.partyId)],
);

/** Orders whose rollup rows are out of date (written by triggers, taken by the next refresh). */
export const kpiDirtyOrders = pgTable('kpi_dirty_orders', {
  orderId: uuid('order_id').primaryKey(),
  markedAt: ts('marked_at').notNull().defaultNow(),
});

/** One row per rollup: the time zone its months were cut in (null: never built). */
export const kpiRollupState = pgTable('kpi_rollup_state', {
  name: text('name').primaryKey(),
  timeZone: text('time_zone'),
  builtAt: ts('built_at'),
});
