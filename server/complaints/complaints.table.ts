import { bigserial, boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';
import { contacts, parties } from '../parties/parties.table.js';
import { orderLines, orderShipments, orders } from '../orders/orders.table.js';

/** D0: the symptom as the customer sees it and the emergency response taken before the team is formed [standards F 29]. */
export type EmergencyData = { symptom: string; response: string; at: string; by: string };
export type AssessmentData = {
  severity: string;
  safetyRegulatory: boolean;
  customerImpact: string[];
  path: string;
  note: string | null;
  at: string;
  by: string;
};
export type TeamData = { leaderId: string; members: { userId: string; role: string }[]; owners: Record<string, string> };
export type ProblemData = { what: string; where: string; when: string; who: string; why: string; how: string; howMany: string; isNot: string | null };
export type RootCauseData = { method: string; occurrenceCause: string; escapePoint: string; analysis: string | null; evidenceAttachmentIds: string[] };
export type DocUpdateData = { answer: string; revision: string | null; justification: string | null };
export type PreventionData = {
  similarReviewed: string | null;
  pfmea: DocUpdateData | null;
  controlPlan: DocUpdateData | null;
  otherDocuments: string | null;
  lessonsLearned: string | null;
  riskUpdate: string | null;
  qmsChange: string | null;
};
export type EffectivenessData = {
  method: string;
  criterion: string;
  plannedDate: string;
  verifierId: string;
  result: string | null;
  note: string | null;
  recordedAt: string | null;
  history: { result: string; note: string; at: string; by: string }[];
};

/** 客户投诉/退货: one row per complaint, return or customer-found anomaly; the `complaint` procedure carries its status. */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    number: text('number').notNull(),
    kind: text('kind').notNull().default('complaint'),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    channel: text('channel').notNull(),
    receivedAt: ts('received_at').notNull(),
    receiverId: uuid('receiver_id').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    model: text('model').notNull(),
    lot: text('lot'),
    deliveredQuantity: integer('delivered_quantity'),
    defectiveQuantity: integer('defective_quantity').notNull(),
    description: text('description').notNull(),
    failureMode: text('failure_mode'),
    remedySought: jsonb('remedy_sought').$type<string[]>().notNull().default([]),
    remedyNote: text('remedy_note'),
    relatedReports: text('related_reports'),
    originCommunicationId: uuid('origin_communication_id'),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgementCommunicationId: uuid('acknowledgement_communication_id'),
    assessment: jsonb('assessment').$type<AssessmentData>(),
    emergency: jsonb('emergency').$type<EmergencyData>(),
    team: jsonb('team').$type<TeamData>(),
    problem: jsonb('problem').$type<ProblemData>(),
    rootCause: jsonb('root_cause').$type<RootCauseData>(),
    effectiveness: jsonb('effectiveness').$type<EffectivenessData>(),
    prevention: jsonb('prevention').$type<PreventionData>(),
    /** complaints this one repeats (IATF 10.2.3 d): linked by a person after the matcher offered them */
    recurrenceOf: jsonb('recurrence_of').$type<string[]>().notNull().default([]),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('complaints_number_idx').on(t.number),
    index('complaints_party_idx').on(t.partyId, t.receivedAt),
    // the complaint list's order (newest first)
    index('complaints_received_idx').on(t.receivedAt, t.seq),
    index('complaints_model_idx').on(t.model),
    check('complaints_defective_not_negative', sql`${t.defectiveQuantity} >= 0`),
  ],
);

/** D3 containment: where suspect stock was looked for, how many checked, how many found bad. */
export const complaintContainment = pgTable(
  'complaint_containment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    location: text('location').notNull(),
    description: text('description').notNull(),
    quantityChecked: integer('quantity_checked').notNull(),
    quantityFound: integer('quantity_found').notNull(),
    disposition: text('disposition'),
    ownerId: uuid('owner_id'),
    doneAt: ts('done_at'),
    /** interim containment is lifted only after the permanent action is validated (D6) */
    removedAt: ts('removed_at'),
    removedBy: uuid('removed_by'),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [
    index('complaint_containment_complaint_idx').on(t.complaintId),
    check('complaint_containment_found_le_checked', sql`${t.quantityFound} <= ${t.quantityChecked}`),
  ],
);

/** The customer's answer to the completed complaint form / 8D report: accepted closes, rejected reopens [CC 5.8.1]. */
export const complaintConfirmations = pgTable(
  'complaint_confirmations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    result: text('result').notNull(),
    at: ts('at').notNull(),
    communicationId: uuid('communication_id').notNull(),
    comment: text('comment'),
    ...tracked,
  },
  (t) => [index('complaint_confirmations_complaint_idx').on(t.complaintId, t.at)],
);

/** Returned goods: receipt, analysis before any credit, rework route / schedule / effect [SV 3.4–3.6, IATF 10.2.6]. */
export const complaintReturns = pgTable(
  'complaint_returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    receivedAt: ts('received_at').notNull(),
    quantity: integer('quantity').notNull(),
    note: text('note'),
    analysisResult: text('analysis_result'),
    analysisConfirmed: boolean('analysis_confirmed'),
    disposition: text('disposition'),
    analysisAttachmentIds: jsonb('analysis_attachment_ids').$type<string[]>().notNull().default([]),
    analysisAt: ts('analysis_at'),
    analysisBy: uuid('analysis_by'),
    reworkRoute: text('rework_route'),
    reworkScheduledDate: date('rework_scheduled_date', { mode: 'string' }),
    reworkedQuantity: integer('reworked_quantity'),
    reworkEffect: text('rework_effect'),
    reworkDoneAt: ts('rework_done_at'),
    /** a chronic problem becomes a change of the work standard (SV 3.6): which document, which revision */
    workStandardChange: text('work_standard_change'),
    creditAt: ts('credit_at'),
    creditBy: uuid('credit_by'),
    creditNote: text('credit_note'),
    creditOverrideReason: text('credit_override_reason'),
    ...tracked,
  },
  (t) => [index('complaint_returns_complaint_idx').on(t.complaintId), check('complaint_returns_quantity_positive', sql`${t.quantity} > 0`)],
);

/**
 * Tokenised links for the customer (no account): the completed 8D goes out, the customer accepts or
 * rejects once. Only the token's hash is stored; the link expires and is single use.
 */
export const complaintCustomerLinks = pgTable(
  'complaint_customer_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    result: text('result'),
    communicationId: uuid('communication_id'),
    ...tracked,
  },
  (t) => [uniqueIndex('complaint_customer_links_token_idx').on(t.tokenHash), index('complaint_customer_links_complaint_idx').on(t.complaintId)],
);

/** A customer's own 8D timing (calendar hours, calendar days or working days per step) over the procedure's defaults [standards F 30]. */
export const complaintTimingTemplates = pgTable(
  'complaint_timing_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    steps: jsonb('steps').$type<Record<string, { amount: number; unit: string }>>().notNull().default({}),
    note: text('note'),
    ...tracked,
  },
  (t) => [uniqueIndex('complaint_timing_templates_party_idx').on(t.partyId)],
);

/**
 * What the complaint concerns, line by line: model, lot, quantities delivered / defective / returned, and — where
 * known — the order line and the shipment it came with (the customer's own orders only). Lines replaced by an
 * edit are voided, never deleted; recurrence matching reads them (same model + lot, same order line).
 */
export const complaintLines = pgTable(
  'complaint_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    lineNo: integer('line_no').notNull(),
    model: text('model').notNull(),
    lot: text('lot'),
    deliveredQuantity: integer('delivered_quantity'),
    defectiveQuantity: integer('defective_quantity').notNull(),
    returnedQuantity: integer('returned_quantity'),
    orderId: uuid('order_id').references(() => orders.id),
    orderLineId: uuid('order_line_id').references(() => orderLines.id),
    shipmentId: uuid('shipment_id').references(() => orderShipments.id),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [
    index('complaint_lines_complaint_idx').on(t.complaintId, t.lineNo),
    index('complaint_lines_order_idx').on(t.orderId),
    index('complaint_lines_order_line_idx').on(t.orderLineId),
    index('complaint_lines_model_lot_idx').on(t.model, t.lot),
    check(
      'complaint_lines_quantities',
      sql`${t.defectiveQuantity} >= 0 and (${t.deliveredQuantity} is null or ${t.defectiveQuantity} <= ${t.deliveredQuantity}) and (${t.returnedQuantity} is null or ${t.returnedQuantity} >= 0)`,
    ),
  ],
);
