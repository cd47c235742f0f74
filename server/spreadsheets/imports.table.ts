import { integer, jsonb, pgTable, primaryKey, text, uuid, index } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.js';
import { users } from '../identity/identity.table.js';

export interface StoredRowError {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  params: Record<string, string | number>;
}
export interface StoredRowPlan {
  row: number;
  action: 'create' | 'update' | 'skip' | 'error' | 'line';
  key: string | null;
  label: string | null;
}

/**
 * An import from a spreadsheet (导入): the uploaded file (kept beside the data, by its hash), the column mapping,
 * the dry run's plan and errors, and the progress of the run — the page polls it and can be left and returned to.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileFormat: text('file_format').notNull(),
    sheet: text('sheet'),
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    status: text('status').notNull(),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    errors: jsonb('errors').$type<StoredRowError[]>().notNull().default([]),
    plan: jsonb('plan').$type<StoredRowPlan[]>().notNull().default([]),
    cancelRequested: integer('cancel_requested').notNull().default(0),
    message: text('message'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('import_jobs_user_idx').on(t.userId, t.createdAt)],
);

/** The column mapping a user last confirmed for a kind of import: offered again next time. */
export const importMappings = pgTable(
  'import_mappings',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    /** normalised header → field */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
