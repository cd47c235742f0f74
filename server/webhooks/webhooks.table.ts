import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  /** the signing secret, sealed with AES-256-GCM (the mail key) */
  secretEnc: text('secret_enc').notNull(),
  active: boolean('active').notNull().default(true),
  disabledReason: text('disabled_reason'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  maxConsecutiveFailures: integer('max_consecutive_failures').notNull().default(10),
  ...tracked,
});

/** One row per event, written in the transaction of the change that caused it. */
export const webhookEvents = pgTable('webhook_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  type: text('type').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  occurredAt: ts('occurred_at').notNull().defaultNow(),
});

/** One row per (event, subscription) — and per replay; the delivery log. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
    replayOf: uuid('replay_of'),
  },
  (t) => [index('webhook_deliveries_sub_idx').on(t.subscriptionId, t.createdAt)],
);
