import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';

/**
 * Customer visits and audits (客户访厂/审核) and our visits to customers (拜访) [SV 4.1①, SV 3.1B/F];
 * the `customer-visit` procedure carries the status.
 */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    direction: text('direction').notNull(),
    kind: text('kind').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    purpose: text('purpose').notNull(),
    visitors: text('visitors'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    focusItems: text('focus_items'),
    accompanyingIds: jsonb('accompanying_ids').$type<string[]>().notNull().default([]),
    ndaRequired: boolean('nda_required').notNull().default(false),
    restrictedAreas: text('restricted_areas'),
    noticeDepartments: jsonb('notice_departments').$type<string[]>().notNull().default([]),
    /** grows each time the notice is issued: a changed plan is acknowledged again */
    noticeRound: integer('notice_round').notNull().default(0),
    minutes: text('minutes'),
    outcomes: text('outcomes'),
    nextContact: date('next_contact', { mode: 'string' }),
    /** the communication logged when the visit took place (not the one that informs the customer) */
    heldCommunicationId: uuid('held_communication_id'),
    ...tracked,
  },
  (t) => [uniqueIndex('visits_number_idx').on(t.number), index('visits_party_idx').on(t.partyId, t.startDate)],
);

/** Each addressed department's acknowledgement of the visit notice (客户访厂通知签收). */
export const visitAcknowledgements = pgTable(
  'visit_acknowledgements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    round: integer('round').notNull(),
    department: text('department').notNull(),
    userId: uuid('user_id').notNull(),
    comment: text('comment'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('visit_acknowledgements_unique_idx').on(t.visitId, t.round, t.department)],
);

/** Findings of a visit or audit, by area and department, with severity and our response. */
export const visitFindings = pgTable(
  'visit_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    no: integer('no').notNull(),
    area: text('area').notNull(),
    department: text('department').notNull(),
    severity: text('severity').notNull(),
    description: text('description').notNull(),
    response: text('response'),
    respondedBy: uuid('responded_by'),
    respondedAt: ts('responded_at'),
    ...tracked,
  },
  (t) => [uniqueIndex('visit_findings_no_idx').on(t.visitId, t.no)],
);
