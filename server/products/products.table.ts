import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';

/** The product / model catalogue: model, spec, whether it is in the BOM. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    model: text('model').notNull(),
    spec: text('spec'),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    inBom: boolean('in_bom').notNull().default(false),
    notes: text('notes'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [
    // one active product per model, case-insensitive
    uniqueIndex('products_model_active_idx')
      .on(sql`upper(${t.model})`)
      .where(sql`voided_at is null`),
    index('products_model_idx').on(t.model),
  ],
);
