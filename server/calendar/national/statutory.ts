/**
 * Provisional national years: the statutory holidays that the law fixes, for years whose
 * State Council notice is not (yet) in the data.
 *
 * 《全国年节及纪念日放假办法》 as revised by State Council Decree No. 795 (2024-11-10, in force
 * 2025-01-01), Article 2 — holidays for all citizens: 元旦 1 day (1 January); 春节 4 days
 * (除夕 to 正月初三); 清明节 1 day (the day of the Qingming solar term); 劳动节 2 days
 * (1–2 May); 端午节 1 day (5th day of the 5th lunar month); 中秋节 1 day (15th day of the
 * 8th lunar month); 国庆节 3 days (1–3 October). Article 6: a holiday for all citizens that
 * falls on a Saturday or Sunday is made up on a working day (补假) — here the next weekday
 * after the holiday that is not itself a day off; two holidays on one day (中秋 inside 国庆)
 * are made up the same way.
 *
 * What the law does not fix, and so only a notice can say: how the days are joined into
 * longer breaks with weekend days worked in exchange (调休). A provisional year therefore
 * has the statutory days (and make-up days) off and no 调休 working weekends; every answer
 * that depends on it stays `provisional` until the year's notice is imported.
 *
 * Lunar dates and solar terms come from tyme4ts (a maintained Chinese calendar library),
 * not from a hand-made table.
 */
import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';
import type { LocalizedName, NationalDay, NationalYear } from './cn-2025-2026.js';
import { statutoryHolidayNames } from '../../../contracts/calendar.js';

/** The rules this module implements; recorded in the calendar version of provisional answers. */
export const STATUTORY_RULES_VERSION = 'cn-law-2024';
/** The first year the 2024 revision applies to. */
export const STATUTORY_RULES_FROM = 2025;

const NAMES: Record<keyof typeof statutoryHolidayNames, LocalizedName> = statutoryHolidayNames;

const MAKE_UP: LocalizedName = { zh: '补假', en: 'make-up day' };

const DAY_MS = 86_400_000;
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const fromSolar = (s: SolarDay) => iso(s.getYear(), s.getMonth(), s.getDay());
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekendDate = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/** The statutory holidays of a year (Article 2), in date order, without make-up days. */
export function statutoryHolidays(year: number): { date: string; name: LocalizedName }[] {
  if (!Number.isInteger(year) || year < STATUTORY_RULES_FROM || year > 2200) throw new RangeError(`statutory holidays: no rule for ${year}`);
  const out: { date: string; name: LocalizedName }[] = [];
  out.push({ date: iso(year, 1, 1), name: NAMES.newYear });
  // 除夕 is the last day of the previous lunar year: the day before 正月初一
  const firstMonthFirst = fromSolar(LunarDay.fromYmd(year, 1, 1).getSolarDay());
  for (let i = -1; i <= 2; i++) out.push({ date: shift(firstMonthFirst, i), name: NAMES.spring });
  out.push({ date: fromSolar(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay()), name: NAMES.qingming });
  out.push({ date: iso(year, 5, 1), name: NAMES.labour }, { date: iso(year, 5, 2), name: NAMES.labour });
  out.push({ date: fromSolar(LunarDay.fromYmd(year, 5, 5).getSolarDay()), name: NAMES.dragonBoat });
  out.push({ date: fromSolar(LunarDay.fromYmd(year, 8, 15).getSolarDay()), name: NAMES.midAutumn });
  for (let d = 1; d <= 3; d++) out.push({ date: iso(year, 10, d), name: NAMES.national });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * A provisional national year: the statutory holidays plus a make-up weekday for each that
 * falls on a weekend (Article 6). Marked `provisional`; its version names the rules.
 */
export function provisionalYear(year: number): NationalYear {
  const holidays = statutoryHolidays(year);
  const off = new Map<string, LocalizedName>();
  const toMakeUp: LocalizedName[] = [];
  for (const h of holidays) {
    // two holidays on one day (中秋 inside 国庆) still owe two days off, as a weekend one does
    if (off.has(h.date)) toMakeUp.push(h.name);
    else {
      off.set(h.date, h.name);
      if (isWeekendDate(h.date)) toMakeUp.push(h.name);
    }
  }
  const days: NationalDay[] = [...off].map(([date, name]) => ({ date, type: 'holiday', name }));
  const lastOf = new Map<string, string>();
  for (const h of holidays) lastOf.set(h.name.zh, h.date);
  for (const name of toMakeUp) {
    let d = shift(lastOf.get(name.zh)!, 1);
    while (isWeekendDate(d) || off.has(d)) d = shift(d, 1);
    const madeUp = { zh: `${name.zh}${MAKE_UP.zh}`, en: `${name.en} (${MAKE_UP.en})` };
    off.set(d, madeUp);
    days.push({ date: d, type: 'holiday', name: madeUp });
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    year,
    version: `${STATUTORY_RULES_VERSION}:${year}`,
    provisional: true,
    source: {
      issuer: '国务院 (State Council)',
      title: '《全国年节及纪念日放假办法》（2024年修订）第二条、第六条 — 暂定，待国务院办公厅通知',
      documentNumber: '国务院令第795号',
      published: '2024-11-10',
    },
    days,
  };
}

const cache = new Map<number, NationalYear>();

/**
 * National data for a calendar: the confirmed years given (shipped notices and imported
 * ones, later entries winning), plus a provisional year for every year from the rules'
 * first year up to `horizon` years after the last confirmed one that has no notice.
 */
export function withProvisionalYears(confirmed: readonly NationalYear[], horizon = 10): NationalYear[] {
  const byYear = new Map<number, NationalYear>();
  for (const y of confirmed) byYear.set(y.year, y);
  const last = Math.max(STATUTORY_RULES_FROM - 1, ...byYear.keys());
  const out = [...byYear.values()];
  for (let year = STATUTORY_RULES_FROM; year <= last + horizon; year++) {
    if (byYear.has(year)) continue;
    let y = cache.get(year);
    if (!y) cache.set(year, (y = provisionalYear(year)));
    out.push(y);
  }
  return out.sort((a, b) => a.year - b.year);
}
