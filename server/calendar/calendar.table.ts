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

/**
 * A year's State Council notice imported by an administrator once published: it replaces
 * the provisional statutory estimate (or a shipped year, as a correction). `days` holds the
 * notice's 放假 days and 调休 working weekends.
 */
export const nationalCalendarYears = pgTable('national_calendar_years', {
  year: integer('year').primaryKey(),
  dataVersion: text('data_version').notNull(),
  source: jsonb('source').$type<{ issuer: string; title: string; documentNumber?: string; published: string; url?: string }>().notNull(),
  days: jsonb('days').$type<{ date: string; type: 'holiday' | 'workday'; name: { zh: string; en: string } }[]>().notNull(),
  ...tracked,
});
