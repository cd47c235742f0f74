import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';

/**
 * After-sales service requests (售后服务申请单) [CS 2.5–2.6, service standards 5–6]: SR-2026-0001;
 * procedures/service-request carries the state and the clocks.
 */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    contactId: uuid('contact_id'),
    kind: text('kind').notNull(),
    model: text('model').notNull(),
    serialNo: text('serial_no'),
    lotNo: text('lot_no'),
    orderLineId: uuid('order_line_id'),
    shipmentId: uuid('shipment_id'),
    deliveredOn: date('delivered_on', { mode: 'string' }),
    quantity: integer('quantity'),
    description: text('description').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
    receivedCommunicationId: uuid('received_communication_id'),
    chargeDecision: text('charge_decision'),
    decisionReason: text('decision_reason'),
    plannedAction: text('planned_action'),
    price: numeric('price', { precision: 18, scale: 2 }),
    assessedBy: uuid('assessed_by'),
    assessedAt: ts('assessed_at'),
    /** the warranty as decided at the assessment (rule, dates) — the record keeps what the decision was based on */
    warrantyRuleId: uuid('warranty_rule_id'),
    workReport: text('work_report'),
    workDoneOn: date('work_done_on', { mode: 'string' }),
    returnQuantity: integer('return_quantity'),
    totalAmount: numeric('total_amount', { precision: 18, scale: 2 }),
    creditNote: text('credit_note'),
    confirmedOn: date('confirmed_on', { mode: 'string' }),
    confirmedByContactId: uuid('confirmed_by_contact_id'),
    confirmationNote: text('confirmation_note'),
    confirmationCommunicationId: uuid('confirmation_communication_id'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('service_requests_number_idx').on(t.number),
    index('service_requests_party_idx').on(t.partyId, t.receivedAt),
    index('service_requests_line_idx').on(t.orderLineId),
  ],
);

/**
 * Warranty rules (保修条款) as data, one row per revision: months from shipment or delivery, for a product model
 * (null: every product) and a customer (null: every customer — a customer's row is its own agreement). The current
 * revision of a scope has no `superseded_at`; a retired scope keeps its last row, `retired`.
 */
export const warrantyRules = pgTable(
  'warranty_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scopeKey: text('scope_key').notNull(),
    partyId: uuid('party_id').references(() => parties.id),
    model: text('model'),
    months: integer('months').notNull(),
    basis: text('basis').notNull(),
    revision: integer('revision').notNull(),
    note: text('note'),
    reason: text('reason'),
    retired: boolean('retired').notNull().default(false),
    supersededAt: ts('superseded_at'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('warranty_rules_scope_current_idx')
      .on(t.scopeKey)
      .where(sql`superseded_at is null`),
    uniqueIndex('warranty_rules_scope_revision_idx').on(t.scopeKey, t.revision),
    index('warranty_rules_party_idx').on(t.partyId),
  ],
);
