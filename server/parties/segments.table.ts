import { boolean, date, index, integer, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.js';
import { parties } from './parties.table.js';

/**
 * A customer's value segment (ABC by revenue share, RFM scores, high-value flag, the cadence it suggests), derived
 * from orders by a refresh (on demand and nightly) and stored, so the customer list filters and joins it without
 * aggregating orders. Replaced whole by each refresh; `computed_at` tells the reader how fresh it is.
 */
export const customerSegments = pgTable(
  'customer_segments',
  {
    partyId: uuid('party_id')
      .primaryKey()
      .references(() => parties.id),
    abcClass: text('abc_class'),
    recencyScore: integer('recency_score'),
    frequencyScore: integer('frequency_score'),
    monetaryScore: integer('monetary_score'),
    highValue: boolean('high_value').notNull().default(false),
    orderCount: integer('order_count').notNull().default(0),
    lastOrderDate: date('last_order_date', { mode: 'string' }),
    revenue: numeric('revenue', { precision: 20, scale: 2 }).notNull().default('0'),
    currency: text('currency').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    cadenceDays: integer('cadence_days').notNull(),
    rulesVersion: integer('rules_version').notNull(),
    computedAt: ts('computed_at').notNull(),
    computedBy: uuid('computed_by'),
  },
  (t) => [index('customer_segments_abc_idx').on(t.abcClass), index('customer_segments_high_value_idx').on(t.highValue)],
);
