import { date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';

/** Customer property (顾客财产) [IATF 16949 8.5.3]: tooling, gauges, packaging, drawings/IP, data — CP-00001. */
export const customerProperty = pgTable(
  'customer_property',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    location: text('location').notNull(),
    condition: text('condition').notNull().default('good'),
    custodianId: uuid('custodian_id'),
    receivedDate: date('received_date', { mode: 'string' }),
    lastVerifiedOn: date('last_verified_on', { mode: 'string' }),
    nextVerificationDue: date('next_verification_due', { mode: 'string' }),
    notes: text('notes'),
    orderIds: jsonb('order_ids').$type<string[]>().notNull().default([]),
    ...tracked,
  },
  (t) => [
    uniqueIndex('customer_property_number_idx').on(t.number),
    index('customer_property_party_idx').on(t.partyId),
    index('customer_property_due_idx').on(t.nextVerificationDue),
  ],
);

/** Lost / damaged / unsuitable: what happened and the communication that told the customer. */
export const customerPropertyIncidents = pgTable(
  'customer_property_incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => customerProperty.id),
    no: integer('no').notNull(),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    conditionBefore: text('condition_before').notNull(),
    communicationId: uuid('communication_id'),
    ...tracked,
  },
  (t) => [uniqueIndex('customer_property_incidents_no_idx').on(t.propertyId, t.no)],
);

/** Customer-specific requirements (顾客特殊要求) [IATF 16949 4.3.2]: one row per revision; procedures/csr-review carries the status. */
export const csrDocuments = pgTable(
  'csr_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    title: text('title').notNull(),
    documentNo: text('document_no'),
    revision: text('revision').notNull(),
    receivedDate: date('received_date', { mode: 'string' }).notNull(),
    notes: text('notes'),
    supersedesId: uuid('supersedes_id'),
    supersededById: uuid('superseded_by_id'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('csr_documents_number_idx').on(t.number),
    index('csr_documents_party_idx').on(t.partyId),
    // one newer revision per document: racing supersessions cannot both win
    uniqueIndex('csr_documents_supersedes_idx').on(t.supersedesId),
  ],
);

/** Where a CSR was deployed: the procedure, KPI, control plan or document changed, by whom, when. */
export const csrDeployments = pgTable('csr_deployments', {
  id: uuid('id').primaryKey().defaultRandom(),
  csrId: uuid('csr_id')
    .notNull()
    .references(() => csrDocuments.id),
  target: text('target').notNull(),
  reference: text('reference').notNull(),
  change: text('change').notNull(),
  department: text('department').notNull(),
  doneOn: date('done_on', { mode: 'string' }).notNull(),
  ...tracked,
});
