import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import type { CreateOverrideRequest, UpdateCalendarSettingsRequest, VoidOverrideRequest } from '../../contracts/calendar.js';
import { DEFAULT_WORKING_HOURS, parseClock, WorkingCalendar, type OverrideType, type WorkingRange } from './working-calendar.js';
import { recomputeProvisionalClocks } from './recompute.js';
import * as repo from './calendar.repository.js';

let siteTimeZone = 'Asia/Shanghai';
let cache: { revision: string; calendar: WorkingCalendar } | undefined;

export function configureCalendar(timeZone: string) {
  siteTimeZone = timeZone;
  cache = undefined;
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const toRanges = (hours: { start: string; end: string }[]): WorkingRange[] => hours.map((h) => [parseClock(h.start), parseClock(h.end)] as const);
const fromRanges = (ranges: readonly WorkingRange[]) => ranges.map(([a, b]) => ({ start: clock(a), end: clock(b) }));

/**
 * The site's working calendar: national data + the site's overrides and working hours.
 * Rebuilt only when the site layer changed (one cheap query per use), so several app
 * instances stay consistent without a shared cache.
 */
export async function siteCalendar(db: Executor): Promise<WorkingCalendar> {
  const revision = await repo.siteRevision(db);
  if (cache?.revision === revision) return cache.calendar;
  const [overrides, settings] = await Promise.all([repo.selectOverrides(db), repo.selectSettings(db)]);
  const calendar = new WorkingCalendar({
    timeZone: siteTimeZone,
    workingHours: settings ? toRanges(settings.workingHours) : DEFAULT_WORKING_HOURS,
    overrides: overrides.map((o) => ({ date: o.date, type: o.type as OverrideType, name: { zh: o.nameZh, en: o.nameEn }, reason: o.reason ?? '', layer: 'site' })),
  });
  cache = { revision, calendar };
  return calendar;
}

export async function listOverrides(db: Db) {
  return {
    items: (await repo.selectOverrides(db)).map((o) => ({ id: o.id, date: o.date, type: o.type as 'shutdown', name: { zh: o.nameZh, en: o.nameEn }, reason: o.reason, version: o.version })),
  };
}

export async function addOverride(db: Db, auth: AuthContext, input: z.infer<typeof CreateOverrideRequest>) {
  const row = await db.transaction(async (tx) => {
    const created = await repo.insertOverride(tx, { date: input.date, type: input.type, nameZh: input.nameZh, nameEn: input.nameEn, reason: input.reason ?? null }, auth.userId);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'calendar', id: 'site' }, action: 'override.add', after: created, reason: input.reason ?? null });
    await recomputeProvisionalClocks(tx, await siteCalendar(tx), { all: true });
    return created;
  });
  return { id: row.id, date: row.date, type: row.type as 'shutdown', name: { zh: row.nameZh, en: row.nameEn }, reason: row.reason, version: row.version };
}

export async function voidOverride(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VoidOverrideRequest>) {
  await db.transaction(async (tx) => {
    const before = await repo.selectOverride(tx, id);
    if (!before || before.voidedAt) throw notFound();
    if (!(await repo.voidOverrideRow(tx, id, input.version, input.reason, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'calendar', id: 'site' }, action: 'override.void', before, reason: input.reason });
    await recomputeProvisionalClocks(tx, await siteCalendar(tx), { all: true });
  });
  return { ok: true as const };
}

export async function getSettings(db: Db) {
  const [calendar, settings] = await Promise.all([siteCalendar(db), repo.selectSettings(db)]);
  return {
    timeZone: calendar.timeZone,
    workingHours: fromRanges(calendar.workingHours),
    calendarVersion: calendar.version,
    publishedYears: calendar.publishedYears,
    sources: calendar.publishedYears.map((year) => {
      const y = calendar.nationalYear(year)!;
      return { year, source: `${y.source.issuer}《${y.source.title}》${y.source.documentNumber ?? ''} ${y.source.published}`.trim() };
    }),
    version: settings?.version ?? 1,
  };
}

export async function updateSettings(db: Db, auth: AuthContext, input: z.infer<typeof UpdateCalendarSettingsRequest>) {
  try {
    new WorkingCalendar({ workingHours: toRanges(input.workingHours) });
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'body.workingHours', code: 'invalid', message: (err as Error).message }]);
  }
  await db.transaction(async (tx) => {
    const before = await repo.selectSettings(tx);
    if (!(await repo.upsertSettings(tx, input.workingHours, input.version, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'calendar', id: 'site' }, action: 'settings.update', before: before ? { workingHours: before.workingHours } : null, after: { workingHours: input.workingHours } });
  });
  return getSettings(db);
}
