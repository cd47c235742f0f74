import { date, integer, jsonb, pgTable, text, uuid, index } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';

/** Site layer over the national calendar: shutdowns and extra working days. */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    date: date('date', { mode: 'string' }).notNull(),
    type: text('type').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    reason: text('reason'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    ...tracked,
  },
  (t) => [index('calendar_overrides_date_idx').on(t.date)],
);

/** The site's working hours (one row). */
export const calendarSettings = pgTable('calendar_settings', {
  id: integer('id').primaryKey().default(1),
  workingHours: jsonb('working_hours').$type<{ start: string; end: string }[]>().notNull(),
  ...tracked,
});
