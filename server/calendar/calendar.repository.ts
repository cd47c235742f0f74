import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';
import { calendarOverrides, calendarSettings } from './calendar.table.js';

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
  return db.select(overrideColumns).from(calendarOverrides).where(isNull(calendarOverrides.voidedAt)).orderBy(asc(calendarOverrides.date), asc(calendarOverrides.createdAt));
}

export async function selectOverride(db: Executor, id: string) {
  const [row] = await db.select({ ...overrideColumns, voidedAt: calendarOverrides.voidedAt }).from(calendarOverrides).where(eq(calendarOverrides.id, id));
  return row;
}

export async function insertOverride(tx: Executor, v: { date: string; type: string; nameZh: string; nameEn: string; reason: string | null }, actorId: string) {
  const [row] = await tx.insert(calendarOverrides).values({ ...v, createdBy: actorId, updatedBy: actorId }).returning(overrideColumns);
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

/** A cheap fingerprint of the site layer: changes whenever an override or the settings change. */
export async function siteRevision(db: Executor): Promise<string> {
  const [row] = await rows<{ o: string; s: string }>(
    db,
    sql`select (select coalesce(max(updated_at)::text, '') || ':' || count(*)::text from calendar_overrides) as o,
               (select coalesce(max(version)::text, '0') from calendar_settings) as s`,
  );
  return `${row?.o}|${row?.s}`;
}
