import { bigserial, boolean, check, date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';
import { contacts, parties } from '../parties/parties.table.js';
import { products } from '../products/products.table.js';
import type { TClassificationReason } from '../../contracts/orders.js';

/** Customer orders (客户订单) in any form; the `order` procedure carries their status. */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    number: text('number').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    customerPo: text('customer_po'),
    form: text('form').notNull(),
    orderDate: date('order_date', { mode: 'string' }).notNull(),
    receivedAt: ts('received_at').notNull(),
    receiverId: uuid('receiver_id').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    notes: text('notes'),
    /** an oral order must be backed by a written one before delivery [SP 6.1.2] */
    writtenOrderOnFile: boolean('written_order_on_file').notNull().default(false),
    writtenOrderAttachmentIds: jsonb('written_order_attachment_ids').$type<string[]>().notNull().default([]),
    writtenOrderAt: ts('written_order_at'),
    /** verbal orders: the requirements read back to the customer before review (standards B 9) */
    requirementsConfirmedAt: ts('requirements_confirmed_at'),
    requirementsConfirmationId: uuid('requirements_confirmation_id'),
    /** sample or approval sheet (承认书) as acceptance standard: the customer's written confirmation [QC 4.2.2] */
    acceptanceConfirmedAt: ts('acceptance_confirmed_at'),
    acceptanceAttachmentIds: jsonb('acceptance_attachment_ids').$type<string[]>().notNull().default([]),
    /** a customer-authorised waiver of review: the recorded alternative to the review [ISO 8.2.3.1, standards B 7] */
    reviewWaiverAt: ts('review_waiver_at'),
    reviewWaiverAttachmentIds: jsonb('review_waiver_attachment_ids').$type<string[]>().notNull().default([]),
    reviewWaiverNote: text('review_waiver_note'),
    /** major contracts (amount or new product) may be reviewed in a meeting, its minutes on file [QC 3.3] */
    reviewMeetingAt: ts('review_meeting_at'),
    reviewMeetingAttendees: text('review_meeting_attendees'),
    reviewMeetingMinutes: text('review_meeting_minutes'),
    reviewMeetingAttachmentIds: jsonb('review_meeting_attachment_ids').$type<string[]>().notNull().default([]),
    /** the classification in force (computed, or overridden) and the rule's own result */
    type: text('type').notNull(),
    computedType: text('computed_type').notNull(),
    classificationReasons: jsonb('classification_reasons').$type<TClassificationReason[]>().notNull().default([]),
    overrideReason: text('override_reason'),
    overriddenBy: uuid('overridden_by'),
    overriddenAt: ts('overridden_at'),
    /** set when the review is approved: later orders compare their prices with this one */
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    /** the incoming mail (communication) the order was taken from (接单): one live order per mail */
    originCommunicationId: uuid('origin_communication_id'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('orders_number_idx').on(t.number),
    uniqueIndex('orders_origin_communication_idx')
      .on(t.originCommunicationId)
      .where(sql`origin_communication_id is not null and voided_at is null`),
    index('orders_party_idx').on(t.partyId, t.receivedAt),
    // the order list's order (newest first): its page is read from here
    index('orders_received_idx').on(t.receivedAt, t.seq),
    index('orders_party_po_idx').on(t.partyId, t.customerPo),
  ],
);

/** Order lines: what, how many, when, for what use, to which quality and HSF standard. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id').references(() => products.id),
    model: text('model').notNull(),
    spec: text('spec'),
    quantity: integer('quantity').notNull(),
    unit: text('unit').notNull().default('pcs'),
    requestedDate: date('requested_date', { mode: 'string' }).notNull(),
    use: text('use'),
    qualityStandard: text('quality_standard'),
    hsfRequirement: text('hsf_requirement'),
    specialRequirements: text('special_requirements'),
    /** standard, or the customer's sample / approval sheet (承认书) as the acceptance standard */
    acceptanceBasis: text('acceptance_basis').notNull().default('standard'),
    unitPrice: numeric('unit_price', { precision: 18, scale: 6 }),
    currency: text('currency').notNull().default('CNY'),
    unclear: boolean('unclear').notNull().default(false),
    unclearNote: text('unclear_note'),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.lineNo),
    index('order_lines_model_idx').on(t.model),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Questions to the customer about an order (or one line), each asked and answered as a communication. */
export const orderClarifications = pgTable(
  'order_clarifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: uuid('line_id').references(() => orderLines.id),
    question: text('question').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    channel: text('channel').notNull(),
    askedAt: ts('asked_at').notNull(),
    askedBy: uuid('asked_by').notNull(),
    askCommunicationId: uuid('ask_communication_id'),
    answer: text('answer'),
    decision: text('decision'),
    answeredAt: ts('answered_at'),
    answeredBy: uuid('answered_by'),
    answerCommunicationId: uuid('answer_communication_id'),
    status: text('status').notNull().default('open'),
    ...tracked,
  },
  (t) => [index('order_clarifications_order_idx').on(t.orderId, t.status)],
);

/** The delivery plan (交货计划表): the planned date of each line; `revision` grows with every agreed change. */
export const orderDeliveryDates = pgTable(
  'order_delivery_dates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => orderLines.id),
    plannedDate: date('planned_date', { mode: 'string' }).notNull(),
    revision: integer('revision').notNull().default(1),
    ...tracked,
  },
  (t) => [uniqueIndex('order_delivery_dates_line_idx').on(t.lineId), index('order_delivery_dates_order_idx').on(t.orderId)],
);

/**
 * Each change of a planned date once the plan went to the customer: old and new date, why, who
 * approved it internally, the communication that told the customer and the customer's acknowledgement [CC 5.5].
 */
export const orderDeliveryChanges = pgTable(
  'order_delivery_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => orderLines.id),
    revision: integer('revision').notNull(),
    oldDate: date('old_date', { mode: 'string' }).notNull(),
    newDate: date('new_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    reasonNote: text('reason_note'),
    approvedBy: uuid('approved_by').notNull(),
    notifyCommunicationId: uuid('notify_communication_id').notNull(),
    customerAckAt: ts('customer_ack_at'),
    ackCommunicationId: uuid('ack_communication_id'),
    ...tracked,
  },
  (t) => [index('order_delivery_changes_order_idx').on(t.orderId, t.createdAt)],
);

/** What left the factory: quantity per line (the basis of on-time delivery and PPM). */
export const orderShipments = pgTable(
  'order_shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => orderLines.id),
    quantity: integer('quantity').notNull(),
    shippedAt: ts('shipped_at').notNull(),
    note: text('note'),
    ...tracked,
  },
  (t) => [index('order_shipments_order_idx').on(t.orderId), check('order_shipments_quantity_positive', sql`${t.quantity} > 0`)],
);

/**
 * Statutory and regulatory requirements of an order (QC 4.2.1): one row per checklist item (RoHS, REACH, export
 * control, labelling, customer-specific, other) — whether it applies, the evidence or remark, and who reviewed it
 * in the contract review. An item without a row is undecided; changing an item clears its review.
 */
export const orderStatutoryItems = pgTable(
  'order_statutory_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    item: text('item').notNull(),
    applicable: text('applicable').notNull(),
    evidence: text('evidence'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('order_statutory_items_item_idx').on(t.orderId, t.item),
    check('order_statutory_items_applicable', sql`${t.applicable} in ('yes', 'no', 'na')`),
  ],
);

/**
 * The order confirmed with the customer (CS 2.4): delivery address and payment method, who at the customer
 * confirmed them, when and how — the communication written by the step. A change request confirms again (new row).
 */
export const orderConfirmations = pgTable(
  'order_confirmations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    deliveryAddress: text('delivery_address').notNull(),
    paymentMethod: text('payment_method').notNull(),
    confirmedBy: text('confirmed_by').notNull(),
    confirmedAt: ts('confirmed_at').notNull(),
    channel: text('channel').notNull(),
    communicationId: uuid('communication_id'),
    ...tracked,
  },
  (t) => [index('order_confirmations_order_idx').on(t.orderId, t.createdAt)],
);

/**
 * The production task sheet (生产任务单, SP 5.3): PMC schedules production by the order's delivery dates and the
 * GM signs it before it is issued (SP 6.3.1.2: then distributed as the manufacturing order / production plan).
 * One row per issue; a sheet the GM returns stays on file as `returned`.
 */
export const orderTaskSheets = pgTable(
  'order_task_sheets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    revision: integer('revision').notNull(),
    productionStart: ts('production_start').notNull(),
    productionFinish: ts('production_finish').notNull(),
    instructions: text('instructions').notNull(),
    preparedBy: uuid('prepared_by').notNull(),
    preparedAt: ts('prepared_at').notNull(),
    status: text('status').notNull().default('awaiting-signature'),
    signedBy: uuid('signed_by'),
    signedAt: ts('signed_at'),
    returnReason: text('return_reason'),
    ...tracked,
  },
  (t) => [uniqueIndex('order_task_sheets_revision_idx').on(t.orderId, t.revision)],
);
