import { index, pgTable, text, uuid, bigserial, date } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

/** One action-item capability for every procedure: 8D actions, survey improvements, review conditions… */
export const actionItems = pgTable(
  'action_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    ownerId: uuid('owner_id').notNull(),
    department: text('department').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('open'),
    evidence: text('evidence'),
    completedAt: ts('completed_at'),
    verificationMethod: text('verification_method'),
    verificationCriterion: text('verification_criterion'),
    verificationDate: date('verification_date', { mode: 'string' }),
    verifierId: uuid('verifier_id'),
    verificationResult: text('verification_result'),
    verificationNote: text('verification_note'),
    verifiedAt: ts('verified_at'),
    cancelReason: text('cancel_reason'),
    /** set when a procedure created the task (e.g. `order.reconfirmation`), so the procedure can close it */
    purpose: text('purpose'),
    ...tracked,
  },
  (t) => [
    index('action_items_source_idx').on(t.sourceType, t.sourceId),
    index('action_items_owner_idx').on(t.ownerId, t.status),
    index('action_items_due_idx').on(t.dueDate, t.seq),
  ],
);
