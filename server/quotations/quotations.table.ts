import { bigserial, boolean, check, date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';
import { contacts, parties } from '../parties/parties.table.js';
import { products } from '../products/products.table.js';

/** Quotations (报价单); a sent quote that changes gets a new revision (same number, revision + 1). */
export const quotations = pgTable(
  'quotations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    number: text('number').notNull(),
    revision: integer('revision').notNull().default(1),
    previousId: uuid('previous_id'),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    /** the communication (drawings, sample request, enquiry) that triggered the quote */
    requestCommunicationId: uuid('request_communication_id'),
    requestAt: ts('request_at').notNull(),
    salespersonId: uuid('salesperson_id').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    currency: text('currency').notNull().default('CNY'),
    terms: text('terms'),
    notes: text('notes'),
    priceChangeReason: text('price_change_reason'),
    approvedBy: uuid('approved_by'),
    approvedAt: ts('approved_at'),
    sentAt: ts('sent_at'),
    sentCommunicationId: uuid('sent_communication_id'),
    /** the next follow-up is due on this working day (3 working days after sending / the last follow-up) */
    followUpDue: date('follow_up_due', { mode: 'string' }),
    followUpCount: integer('follow_up_count').notNull().default(0),
    result: text('result'),
    resultReason: text('result_reason'),
    resultAt: ts('result_at'),
    orderId: uuid('order_id'),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('quotations_number_revision_idx').on(t.number, t.revision),
    index('quotations_party_idx').on(t.partyId, t.issueDate),
    // the quotation list's order (newest request first)
    index('quotations_request_idx').on(t.requestAt, t.seq),
    index('quotations_follow_up_idx').on(t.followUpDue),
    check('quotations_validity', sql`${t.validUntil} >= ${t.issueDate}`),
  ],
);

export type PriceBreak = { minQuantity: number; unitPrice: string };

/** Quotation lines: a catalogue model or free text, quantity breaks, price, discount, cost. */
export const quotationLines = pgTable(
  'quotation_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    quotationId: uuid('quotation_id')
      .notNull()
      .references(() => quotations.id),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id').references(() => products.id),
    model: text('model').notNull(),
    description: text('description'),
    quantity: integer('quantity'),
    unit: text('unit').notNull().default('pcs'),
    unitPrice: numeric('unit_price', { precision: 18, scale: 6 }).notNull(),
    breaks: jsonb('breaks').$type<PriceBreak[]>().notNull().default([]),
    discount: numeric('discount', { precision: 6, scale: 3 }),
    cost: numeric('cost', { precision: 18, scale: 6 }),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [
    index('quotation_lines_quotation_idx').on(t.quotationId, t.lineNo),
    index('quotation_lines_model_idx').on(t.model),
    check('quotation_lines_price_positive', sql`${t.unitPrice} > 0`),
  ],
);

/** Each follow-up of a sent quote: a communication with its result, against the due date it answered. */
export const quotationFollowUps = pgTable(
  'quotation_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    quotationId: uuid('quotation_id')
      .notNull()
      .references(() => quotations.id),
    communicationId: uuid('communication_id').notNull(),
    followedAt: ts('followed_at').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    onTime: boolean('on_time').notNull(),
    channel: text('channel').notNull(),
    content: text('content').notNull(),
    result: text('result').notNull(),
    ...tracked,
  },
  (t) => [index('quotation_follow_ups_quotation_idx').on(t.quotationId, t.followedAt)],
);

/** Produce first, price later (先生产后报价): open, with its age, until the countersigned quote and the PO are there. */
export const pricePending = pgTable(
  'price_pending',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    model: text('model').notNull(),
    description: text('description'),
    orderId: uuid('order_id'),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    quotationId: uuid('quotation_id').references(() => quotations.id),
    customerPo: text('customer_po'),
    poReceivedOn: date('po_received_on', { mode: 'string' }),
    closedAt: ts('closed_at'),
    note: text('note'),
    ...tracked,
  },
  (t) => [index('price_pending_party_idx').on(t.partyId, t.closedAt)],
);
