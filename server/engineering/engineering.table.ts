import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';

/** Sample confirmations (样品确认) [CC 5.4]: SMP-00001; procedures/sample-confirmation carries the state and the answer's clock. */
export const samples = pgTable(
  'samples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    model: text('model').notNull(),
    description: text('description'),
    quantity: integer('quantity').notNull(),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    shipVia: text('ship_via').notNull(),
    trackingNo: text('tracking_no'),
    orderId: uuid('order_id'),
    quotationId: uuid('quotation_id'),
    answerWithinDays: integer('answer_within_days').notNull().default(5),
    notes: text('notes'),
    decision: text('decision'),
    answeredOn: date('answered_on', { mode: 'string' }),
    rejectionReason: text('rejection_reason'),
    answeredByContactId: uuid('answered_by_contact_id'),
    answerCommunicationId: uuid('answer_communication_id'),
    ...tracked,
  },
  (t) => [uniqueIndex('samples_number_idx').on(t.number), index('samples_party_idx').on(t.partyId), index('samples_order_idx').on(t.orderId)],
);

/** Process-design questions (工艺设计疑问) [CC 5.3], recorded on the customer's original process data and signed by the contact. */
export const processQuestions = pgTable(
  'process_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    processData: text('process_data').notNull(),
    model: text('model'),
    /** the order whose process data it concerns (optional; shown on the order page) */
    orderId: uuid('order_id'),
    question: text('question').notNull(),
    askedBy: uuid('asked_by').notNull(),
    askedOn: date('asked_on', { mode: 'string' }).notNull(),
    askedCommunicationId: uuid('asked_communication_id'),
    answer: text('answer'),
    answeredOn: date('answered_on', { mode: 'string' }),
    answerCommunicationId: uuid('answer_communication_id'),
    signedByContactId: uuid('signed_by_contact_id'),
    signedOn: date('signed_on', { mode: 'string' }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    ...tracked,
  },
  (t) => [
    uniqueIndex('process_questions_number_idx').on(t.number),
    index('process_questions_party_idx').on(t.partyId),
    index('process_questions_order_idx').on(t.orderId),
  ],
);

/** Anomalies (异常) [CC 5.6]: found by the customer in verification or use; linked to reports, order, complaint. */
export const anomalies = pgTable(
  'anomalies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    foundIn: text('found_in').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    model: text('model'),
    lotNo: text('lot_no'),
    quantity: integer('quantity'),
    orderId: uuid('order_id'),
    complaintId: uuid('complaint_id'),
    reportedCommunicationId: uuid('reported_communication_id'),
    conclusion: text('conclusion'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...tracked,
  },
  (t) => [
    uniqueIndex('anomalies_number_idx').on(t.number),
    index('anomalies_party_idx').on(t.partyId),
    index('anomalies_order_idx').on(t.orderId),
    index('anomalies_complaint_idx').on(t.complaintId),
  ],
);

/** The inspection, scrap and anomaly reports an anomaly is reflected in: document no., optional scan. */
export const anomalyReports = pgTable('anomaly_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  anomalyId: uuid('anomaly_id')
    .notNull()
    .references(() => anomalies.id),
  kind: text('kind').notNull(),
  documentNo: text('document_no').notNull(),
  note: text('note'),
  attachmentId: uuid('attachment_id'),
  ...tracked,
});
