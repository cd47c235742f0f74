import { check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.table.js';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';
import { orderLines, orders } from '../orders/orders.table.js';

/**
 * Cutting sheets (裁剪单) for outsourced order lines [CR 5.4.2]. Vendors are parties of kind
 * `vendor` (the qualified vendor list 外包加工商清单); the `cutting-sheet` procedure carries the status.
 */
export const cuttingSheets = pgTable(
  'cutting_sheets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => orderLines.id),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => parties.id),
    quantity: integer('quantity').notNull(),
    material: text('material').notNull(),
    cuttingSpec: text('cutting_spec').notNull(),
    requiredDate: date('required_date', { mode: 'string' }).notNull(),
    vendorDeliveryDate: date('vendor_delivery_date', { mode: 'string' }),
    vendorConfirmedAt: ts('vendor_confirmed_at'),
    vendorConfirmationNote: text('vendor_confirmation_note'),
    notes: text('notes'),
    receivedQuantity: integer('received_quantity'),
    receivedAt: ts('received_at'),
    receivedNote: text('received_note'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('cutting_sheets_number_idx').on(t.number),
    index('cutting_sheets_order_idx').on(t.orderId),
    index('cutting_sheets_vendor_idx').on(t.vendorId),
    check('cutting_sheets_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/**
 * Periodic vendor evaluation [CR 5.4.3 → 外包加工商管理程序]: quality, delivery and cooperation scored for a period
 * (delivery suggested from the vendor's cutting sheets received on time); the result sets the vendor's place on the
 * qualified vendor list in the same transaction.
 */
export const vendorEvaluations = pgTable(
  'vendor_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => parties.id),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    quality: integer('quality').notNull(),
    delivery: integer('delivery').notNull(),
    cooperation: integer('cooperation').notNull(),
    total: integer('total').notNull(),
    result: text('result').notNull(),
    sheets: integer('sheets').notNull(),
    sheetsOnTime: integer('sheets_on_time').notNull(),
    comments: text('comments'),
    evaluatedBy: uuid('evaluated_by')
      .notNull()
      .references(() => users.id),
    evaluatedAt: ts('evaluated_at').notNull().defaultNow(),
  },
  (t) => [
    index('vendor_evaluations_vendor_idx').on(t.vendorId, t.periodTo),
    check('vendor_evaluations_scores', sql`${t.quality} between 0 and 100 and ${t.delivery} between 0 and 100 and ${t.cooperation} between 0 and 100`),
  ],
);
