import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import type { CreateOverrideRequest, ImportNationalYearRequest, UpdateCalendarSettingsRequest, VoidOverrideRequest } from '../../contracts/calendar.js';
import { DEFAULT_WORKING_HOURS, parseClock, WorkingCalendar, type NationalYear, type OverrideType, type WorkingRange } from './working-calendar.js';
import { CN_NATIONAL_CALENDAR } from './national/cn-2025-2026.js';
import { statutoryHolidays, withProvisionalYears } from './national/statutory.js';
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
  const [overrides, settings, imported] = await Promise.all([repo.selectOverrides(db), repo.selectSettings(db), repo.selectNationalYears(db)]);
  const calendar = new WorkingCalendar({
    timeZone: siteTimeZone,
    national: nationalData(imported),
    workingHours: settings ? toRanges(settings.workingHours) : DEFAULT_WORKING_HOURS,
    overrides: overrides.map((o) => ({
      date: o.date,
      type: o.type as OverrideType,
      name: { zh: o.nameZh, en: o.nameEn },
      reason: o.reason ?? '',
      layer: 'site',
    })),
  });
  cache = { revision, calendar };
  return calendar;
}

type ImportedRow = Awaited<ReturnType<typeof repo.selectNationalYears>>[number];
const fromRow = (r: ImportedRow): NationalYear => ({ year: r.year, version: r.dataVersion, source: r.source, days: r.days });

/** Shipped notices, then imported ones (a later import wins), then provisional statutory years after them. */
function nationalData(imported: ImportedRow[]): NationalYear[] {
  return withProvisionalYears([...CN_NATIONAL_CALENDAR, ...imported.map(fromRow)]);
}

/** Every year the calendar knows: shipped and imported notices, and the provisional estimates after them. */
export async function listNationalYears(db: Db) {
  const [calendar, imported] = await Promise.all([siteCalendar(db), repo.selectNationalYears(db)]);
  const importedByYear = new Map(imported.map((r) => [r.year, r]));
  const years = [...calendar.publishedYears, ...calendar.provisionalYears].sort((a, b) => a - b);
  return {
    items: years.map((year) => {
      const y = calendar.nationalYear(year)!;
      const row = importedByYear.get(year);
      return {
        year,
        status: y.provisional ? ('provisional' as const) : row ? ('imported' as const) : ('shipped' as const),
        dataVersion: y.version,
        source: { ...y.source },
        days: y.days.map((d) => ({ date: d.date, type: d.type, name: { zh: d.name.zh, en: d.name.en } })),
        version: row?.version ?? null,
      };
    }),
    calendarVersion: calendar.version,
  };
}

/**
 * An administrator imports a year's State Council notice once it is published. It must hold
 * every statutory day off; replacing a notice already in force needs a reason (and, for an
 * imported one, the version read). Open deadlines computed on the estimate are recomputed
 * in the same transaction, each change logged on its record.
 */
export async function importNationalYear(db: Db, auth: AuthContext, input: z.infer<typeof ImportNationalYearRequest>) {
  const days = [...input.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  try {
    new WorkingCalendar({ national: [{ year: input.year, version: 'check', source: input.source, days }] });
  } catch (err) {
    const message = (err as Error).message.replace(/^national data \d+: /, '');
    const bad = days.findIndex((d) => message.startsWith(d.date));
    throw new AppError('CALENDAR_NOTICE_INVALID', [
      { path: bad >= 0 ? `body.days.${input.days.indexOf(days[bad]!)}.date` : 'body.days', code: 'invalid', message },
    ]);
  }
  const off = new Set(days.filter((d) => d.type === 'holiday').map((d) => d.date));
  const missing = statutoryHolidays(input.year).filter((h) => !off.has(h.date));
  if (missing.length) {
    throw new AppError(
      'CALENDAR_NOTICE_MISSING_STATUTORY',
      missing.map((h) => ({ path: 'body.days', code: 'missing_statutory', message: `${h.date} ${auth.locale === 'zh-CN' ? h.name.zh : h.name.en}` })),
    );
  }
  return db.transaction(async (tx) => {
    const before = await repo.selectNationalYear(tx, input.year);
    const shipped = CN_NATIONAL_CALENDAR.some((y) => y.year === input.year);
    if (before && input.version === undefined) throw new AppError('CALENDAR_NOTICE_EXISTS', [{ path: 'body.version', code: 'required' }]);
    if ((before || shipped) && !input.reason) throw new AppError('REASON_REQUIRED', [{ path: 'body.reason', code: 'required' }]);
    const rowVersion = before ? before.version + 1 : 1;
    const dataVersion = `cn-${input.year}.i${rowVersion}`;
    const values = { year: input.year, dataVersion, source: input.source, days };
    if (!(await repo.upsertNationalYear(tx, values, before ? input.version! : null, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'calendar', id: 'site' },
      action: before || shipped ? 'national.replace' : 'national.import',
      before: before ? { year: before.year, dataVersion: before.dataVersion, source: before.source, days: before.days } : null,
      after: values,
      reason: input.reason ?? null,
    });
    const calendar = await siteCalendar(tx);
    // a first notice turns provisional answers final; a correction may move any open deadline
    const recomputed = await recomputeProvisionalClocks(tx, calendar, { all: !!(before || shipped) });
    return { year: input.year, dataVersion, recomputed, calendarVersion: calendar.version };
  });
}

export async function listOverrides(db: Db) {
  return {
    items: (await repo.selectOverrides(db)).map((o) => ({
      id: o.id,
      date: o.date,
      type: o.type as 'shutdown',
      name: { zh: o.nameZh, en: o.nameEn },
      reason: o.reason,
      version: o.version,
    })),
  };
}

export async function addOverride(db: Db, auth: AuthContext, input: z.infer<typeof CreateOverrideRequest>) {
  const row = await db.transaction(async (tx) => {
    const created = await repo.insertOverride(
      tx,
      { date: input.date, type: input.type, nameZh: input.nameZh, nameEn: input.nameEn, reason: input.reason ?? null },
      auth.userId,
    );
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'calendar', id: 'site' },
      action: 'override.add',
      after: created,
      reason: input.reason ?? null,
    });
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
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'calendar', id: 'site' },
      action: 'settings.update',
      before: before ? { workingHours: before.workingHours } : null,
      after: { workingHours: input.workingHours },
    });
  });
  return getSettings(db);
}

/** The calendar date (YYYY-MM-DD) at the site at this instant. */
export function siteDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: siteTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
