import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';
import { calendarOverrides, calendarSettings, nationalCalendarYears } from './calendar.table.js';

const overrideColumns = {
  id: calendarOverrides.id,
  date: calendarOverrides.date,
  type: calendarOverrides.type,
  nameZh: calendarOverrides.nameZh,
  nameEn: calendarOverrides.nameEn,
  reason: calendarOverrides.reason,
  version: calendarOverrides.version,
  updatedAt: calendarOverrides.updatedAt,
};
export type OverrideRow = { id: string; date: string; type: string; nameZh: string; nameEn: string; reason: string | null; version: number; updatedAt: Date };

export function selectOverrides(db: Executor): Promise<OverrideRow[]> {
  return db
    .select(overrideColumns)
    .from(calendarOverrides)
    .where(isNull(calendarOverrides.voidedAt))
    .orderBy(asc(calendarOverrides.date), asc(calendarOverrides.createdAt));
}

export async function selectOverride(db: Executor, id: string) {
  const [row] = await db
    .select({ ...overrideColumns, voidedAt: calendarOverrides.voidedAt })
    .from(calendarOverrides)
    .where(eq(calendarOverrides.id, id));
  return row;
}

export async function insertOverride(tx: Executor, v: { date: string; type: string; nameZh: string; nameEn: string; reason: string | null }, actorId: string) {
  const [row] = await tx
    .insert(calendarOverrides)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning(overrideColumns);
  return row!;
}

export async function voidOverrideRow(tx: Executor, id: string, version: number, reason: string, actorId: string) {
  const res = await tx
    .update(calendarOverrides)
    .set({ voidedAt: new Date(), voidReason: reason, version: sql`${calendarOverrides.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(calendarOverrides.id, id), eq(calendarOverrides.version, version), isNull(calendarOverrides.voidedAt)))
    .returning({ id: calendarOverrides.id });
  return res.length > 0;
}

export async function selectSettings(db: Executor) {
  const [row] = await db
    .select({ workingHours: calendarSettings.workingHours, version: calendarSettings.version, updatedAt: calendarSettings.updatedAt })
    .from(calendarSettings)
    .where(eq(calendarSettings.id, 1));
  return row;
}

export async function upsertSettings(tx: Executor, workingHours: { start: string; end: string }[], version: number, actorId: string): Promise<boolean> {
  const existing = await selectSettings(tx);
  if (!existing) {
    if (version !== 1) return false;
    await tx.insert(calendarSettings).values({ id: 1, workingHours, version: 2, createdBy: actorId, updatedBy: actorId });
    return true;
  }
  const res = await tx
    .update(calendarSettings)
    .set({ workingHours, version: sql`${calendarSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(calendarSettings.id, 1), eq(calendarSettings.version, version)))
    .returning({ id: calendarSettings.id });
  return res.length > 0;
}

/** A cheap fingerprint of the site layer: changes whenever an override, the settings or an imported notice change. */
export async function siteRevision(db: Executor): Promise<string> {
  const [row] = await rows<{ o: string; s: string; n: string }>(
    db,
    sql`select (select coalesce(max(updated_at)::text, '') || ':' || count(*)::text from calendar_overrides) as o,
               (select coalesce(max(version)::text, '0') from calendar_settings) as s,
               (select coalesce(max(updated_at)::text, '') || ':' || count(*)::text from national_calendar_years) as n`,
  );
  return `${row?.o}|${row?.s}|${row?.n}`;
}

const nationalColumns = {
  year: nationalCalendarYears.year,
  dataVersion: nationalCalendarYears.dataVersion,
  source: nationalCalendarYears.source,
  days: nationalCalendarYears.days,
  version: nationalCalendarYears.version,
  updatedAt: nationalCalendarYears.updatedAt,
  updatedBy: nationalCalendarYears.updatedBy,
};
export type NationalYearRow = typeof nationalCalendarYears.$inferSelect;

/** Notices imported by an administrator, by year. */
export function selectNationalYears(db: Executor) {
  return db.select(nationalColumns).from(nationalCalendarYears).orderBy(asc(nationalCalendarYears.year));
}

export async function selectNationalYear(db: Executor, year: number) {
  const [row] = await db.select(nationalColumns).from(nationalCalendarYears).where(eq(nationalCalendarYears.year, year));
  return row;
}

export async function upsertNationalYear(
  tx: Executor,
  v: { year: number; dataVersion: string; source: NationalYearRow['source']; days: NationalYearRow['days'] },
  expectedVersion: number | null,
  actorId: string,
): Promise<boolean> {
  if (expectedVersion === null) {
    const res = await tx
      .insert(nationalCalendarYears)
      .values({ ...v, createdBy: actorId, updatedBy: actorId })
      .onConflictDoNothing()
      .returning({ year: nationalCalendarYears.year });
    return res.length > 0;
  }
  const res = await tx
    .update(nationalCalendarYears)
    .set({
      dataVersion: v.dataVersion,
      source: v.source,
      days: v.days,
      version: sql`${nationalCalendarYears.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actorId,
    })
    .where(and(eq(nationalCalendarYears.year, v.year), eq(nationalCalendarYears.version, expectedVersion)))
    .returning({ year: nationalCalendarYears.year });
  return res.length > 0;
}
