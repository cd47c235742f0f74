/**
 * The working calendar: which calendar days are working days, and deadline arithmetic
 * on top of it. Pure computation — no database, no HTTP; the caller loads overrides and
 * settings and builds a WorkingCalendar from plain values.
 *
 * Layers, later ones winning: weekday rule (Mon–Fri working) → national data (State
 * Council notices) → overrides in the order given (region → site → customer).
 *
 * Design choices (details on each method):
 * - Calendar days are 'YYYY-MM-DD' strings; instants are JS Dates (UTC). The calendar
 *   day of an instant is read in the site's time zone through Intl, never a fixed offset.
 * - Counting is done on "day numbers" (days since 1970-01-01) with a precomputed prefix
 *   sum of working days over the years that have data or overrides, and the closed-form
 *   Mon–Fri rule outside them, so addWorkingDays and countWorkingDays are O(1).
 * - A year without a published notice is "provisional": its days follow the statutory
 *   holidays the law fixes (national/statutory.ts, when the caller includes them — the
 *   default does) or else the Mon–Fri rule, plus any overrides, and every answer that
 *   depends on such a day says provisional: true, so deadlines can be recomputed when the
 *   notice is added.
 */
import { formatDate, isWeekend, parseDate, yearOfDay, daysFromCivil } from './civil.js';
import { CN_NATIONAL_CALENDAR, type LocalizedName, type NationalYear } from './national/cn-2025-2026.js';
import { STATUTORY_RULES_VERSION, withProvisionalYears } from './national/statutory.js';
import { TimeZoneOffsets } from './time-zone.js';

/** The shipped notices plus provisional statutory years after them: the default national data. */
export const DEFAULT_NATIONAL: readonly NationalYear[] = withProvisionalYears(CN_NATIONAL_CALENDAR);

export type { LocalizedName, NationalYear, NationalDay } from './national/cn-2025-2026.js';

export type DayType = 'workday' | 'weekend' | 'holiday' | 'adjusted-workday' | 'shutdown' | 'extra-workday';

export interface DayInfo {
  date: string;
  /**
   * workday / weekend: the plain Mon–Fri rule; holiday: statutory day off (national data
   * or an override); adjusted-workday: weekend day declared a working day (调休);
   * shutdown: site/customer day off (e.g. factory shutdown); extra-workday: site working day.
   */
  type: DayType;
  working: boolean;
  name?: LocalizedName;
  /** true when the day's year has no published national data (Mon–Fri rule assumed) */
  provisional: boolean;
  /** why an override set this day */
  reason?: string;
  /** which override layer set this day (e.g. 'site', 'region:GX', 'customer:DE001') */
  layer?: string;
}

/**
 * Override types:
 * - shutdown: day off (company shutdown, site holiday)
 * - extra-workday: working day (e.g. a Saturday the site works)
 * - holiday / adjusted-workday: corrections or regional additions to the national data
 *   (e.g. Guangxi 三月三), reported as the national types
 * - regular: correction that removes any national entry for the day (Mon–Fri rule again)
 */
export type OverrideType = 'shutdown' | 'extra-workday' | 'holiday' | 'adjusted-workday' | 'regular';
export const overrideTypes: readonly OverrideType[] = ['shutdown', 'extra-workday', 'holiday', 'adjusted-workday', 'regular'];

export interface CalendarOverride {
  date: string;
  type: OverrideType;
  /** a plain string is used for both languages */
  name: string | LocalizedName;
  reason: string;
  layer?: string;
}

/** [start, end) of a working period in minutes after local midnight, e.g. [480, 720] = 08:00–12:00 */
export type WorkingRange = readonly [start: number, end: number];

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** 08:00–12:00 and 13:30–17:30 */
export const DEFAULT_WORKING_HOURS: readonly WorkingRange[] = [
  [8 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

/**
 * When an enquiry arrives outside working hours (after the day's last working period, or
 * on a day off), which day is "day 0" of a workingDays deadline:
 * - 'same-day': the calendar day of arrival (default; the customer's view of the date)
 * - 'next-working-day': the next working day, as if it had arrived that morning
 * Only workingDays deadlines are affected; workingHours deadlines start counting at the
 * next working minute anyway.
 */
export type AfterHoursArrival = 'same-day' | 'next-working-day';

export interface WorkingCalendarOptions {
  /**
   * national data by year; a later entry for the same year replaces an earlier one; entries
   * marked `provisional` count as unpublished. Default: shipped CN data + provisional statutory years
   */
  national?: readonly NationalYear[];
  /** region/site/customer overrides in layer order; for one date the last one wins */
  overrides?: readonly CalendarOverride[];
  /** IANA zone of the site. Default Asia/Shanghai */
  timeZone?: string;
  /** working periods of every working day, in minutes after local midnight */
  workingHours?: readonly WorkingRange[];
  afterHoursArrival?: AfterHoursArrival;
  /**
   * Identifies the site layer (overrides + settings) in calendarVersion, e.g. a revision
   * number from the database. Default: a hash of the overrides and settings.
   */
  siteVersion?: string;
}

export type DeadlineUnit = 'calendarHours' | 'calendarDays' | 'workingDays' | 'workingHours';
export const deadlineUnits: readonly DeadlineUnit[] = ['calendarHours', 'calendarDays', 'workingDays', 'workingHours'];

export interface DeadlineSpec {
  amount: number;
  unit: DeadlineUnit;
}

export interface DeadlineResult {
  due: Date;
  /** the answer depends on a day in a year without published national data */
  provisional: boolean;
  calendarVersion: string;
}

export interface WorkingDayResult {
  date: string;
  provisional: boolean;
}

// day kinds, stored one byte per day
const K_WORKDAY = 0;
const K_WEEKEND = 1;
const K_HOLIDAY = 2;
const K_ADJUSTED = 3;
const K_SHUTDOWN = 4;
const K_EXTRA = 5;
const KIND_TYPE: readonly DayType[] = ['workday', 'weekend', 'holiday', 'adjusted-workday', 'shutdown', 'extra-workday'];
const KIND_WORKING: readonly boolean[] = [true, false, false, true, false, true];
const OVERRIDE_KIND: Record<Exclude<OverrideType, 'regular'>, number> = {
  shutdown: K_SHUTDOWN,
  'extra-workday': K_EXTRA,
  holiday: K_HOLIDAY,
  'adjusted-workday': K_ADJUSTED,
};

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** the precomputed span must stay small (memory); real data covers a few decades at most */
const MAX_SPAN_YEARS = 400;
const MAX_DAYS_LIST = 366 * 50;

interface Annotation {
  name?: LocalizedName;
  reason?: string;
  layer?: string;
}

/** Weekdays (Mon–Fri) with day number < x, counted from an arbitrary fixed origin. */
function weekdaysBefore(x: number): number {
  const e = x - 4; // day 4 (1970-01-05) is a Monday
  const w = Math.floor(e / 7);
  const r = e - 7 * w;
  return 5 * w + (r < 5 ? r : 5);
}

/** The day number d of the m-th weekday, i.e. d is Mon–Fri and weekdaysBefore(d + 1) === m. */
function nthWeekday(m: number): number {
  const q = Math.floor((m - 1) / 5);
  return 4 + 7 * q + (m - 1 - 5 * q);
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function sameRanges(a: readonly WorkingRange[], b: readonly WorkingRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r[0] === b[i]?.[0] && r[1] === b[i]?.[1]);
}

export class WorkingCalendar {
  readonly timeZone: string;
  /** recorded on every computed deadline: national data versions (+ site layer) */
  readonly version: string;
  readonly afterHoursArrival: AfterHoursArrival;
  /** normalised working periods (sorted, merged), minutes after midnight */
  readonly workingHours: readonly WorkingRange[];

  private readonly tz: TimeZoneOffsets;
  private readonly years: ReadonlyMap<number, NationalYear>;
  /** years whose data is a published notice (not provisional) */
  private readonly confirmed: ReadonlySet<number>;
  /** precomputed span [L, L + N) of day numbers */
  private readonly L: number;
  private readonly N: number;
  private readonly kind: Uint8Array;
  private readonly work: Uint8Array;
  /** prefix[i] = working days in [L, L + i] */
  private readonly prefix: Int32Array;
  /** offset from L of the k-th (1-based) working day of the span, at [k - 1] */
  private readonly nth: Int32Array;
  /** provisionalBefore[i] = days in [L, L + i) whose year has no national data */
  private readonly provisionalBefore: Int32Array;
  private readonly total: number;
  private readonly fL: number;
  private readonly fR: number;
  private readonly dateStrings: string[];
  private readonly notes = new Map<number, Annotation>();
  // working periods in ms after local midnight
  private readonly startsMs: number[];
  private readonly endsMs: number[];
  private readonly dayMs: number;
  private readonly lastEndMs: number;

  constructor(options: WorkingCalendarOptions = {}) {
    this.tz = TimeZoneOffsets.for(options.timeZone ?? DEFAULT_TIME_ZONE);
    this.timeZone = this.tz.timeZone;
    this.afterHoursArrival = options.afterHoursArrival ?? 'same-day';
    if (this.afterHoursArrival !== 'same-day' && this.afterHoursArrival !== 'next-working-day') {
      throw new RangeError(`unknown afterHoursArrival: ${String(this.afterHoursArrival)}`);
    }

    // working hours
    this.workingHours = normaliseWorkingHours(options.workingHours ?? DEFAULT_WORKING_HOURS);
    this.startsMs = this.workingHours.map((r) => r[0] * MS_PER_MINUTE);
    this.endsMs = this.workingHours.map((r) => r[1] * MS_PER_MINUTE);
    this.dayMs = this.workingHours.reduce((s, r) => s + (r[1] - r[0]) * MS_PER_MINUTE, 0);
    this.lastEndMs = this.endsMs[this.endsMs.length - 1] ?? 0;

    // national data, validated; a later entry for a year replaces an earlier one
    const years = new Map<number, NationalYear>();
    for (const y of options.national ?? DEFAULT_NATIONAL) years.set(y.year, validateNationalYear(y));
    this.years = years;
    const confirmed = new Set([...years.values()].filter((y) => !y.provisional).map((y) => y.year));
    this.confirmed = confirmed;

    const overrides = (options.overrides ?? []).map((o, i) => {
      if (!overrideTypes.includes(o.type)) throw new RangeError(`override ${i} (${o.date}): unknown type ${String(o.type)}`);
      return { ...o, day: parseDate(o.date) };
    });

    // the precomputed span: whole years covering national data and overrides
    const allYears = [
      ...years.keys(),
      ...[...years.values()].flatMap((y) => y.days.map((d) => yearOfDay(parseDate(d.date)))),
      ...overrides.map((o) => yearOfDay(o.day)),
    ];
    const minYear = allYears.length ? Math.min(...allYears) : 2025;
    const maxYear = allYears.length ? Math.max(...allYears) : 2025;
    if (maxYear - minYear >= MAX_SPAN_YEARS) throw new RangeError(`calendar data spans too many years (${minYear}–${maxYear})`);
    const L = daysFromCivil(minYear, 1, 1);
    const N = daysFromCivil(maxYear + 1, 1, 1) - L;
    this.L = L;
    this.N = N;

    const kind = new Uint8Array(N);
    for (let i = 0; i < N; i++) kind[i] = isWeekend(L + i) ? K_WEEKEND : K_WORKDAY;
    // in year order, so a notice's entries for the turn of the year win over the previous year's
    for (const y of [...years.values()].sort((a, b) => a.year - b.year)) {
      for (const d of y.days) {
        const day = parseDate(d.date);
        kind[day - L] = d.type === 'holiday' ? K_HOLIDAY : K_ADJUSTED;
        this.notes.set(day, { name: d.name });
      }
    }
    for (const o of overrides) {
      const i = o.day - L;
      if (o.type === 'regular') {
        kind[i] = isWeekend(o.day) ? K_WEEKEND : K_WORKDAY;
      } else {
        kind[i] = OVERRIDE_KIND[o.type];
      }
      const note: Annotation = { reason: o.reason };
      if (o.type !== 'regular') note.name = typeof o.name === 'string' ? { zh: o.name, en: o.name } : { zh: o.name.zh, en: o.name.en };
      if (o.layer !== undefined) note.layer = o.layer;
      this.notes.set(o.day, note);
    }
    this.kind = kind;

    const work = new Uint8Array(N);
    const prefix = new Int32Array(N);
    const provisionalBefore = new Int32Array(N + 1);
    let count = 0;
    for (let i = 0; i < N; i++) {
      const w = KIND_WORKING[kind[i]!] ? 1 : 0;
      work[i] = w;
      count += w;
      prefix[i] = count;
      provisionalBefore[i + 1] = provisionalBefore[i]! + (confirmed.has(yearOfDay(L + i)) ? 0 : 1);
    }
    const nth = new Int32Array(count);
    for (let i = 0, k = 0; i < N; i++) if (work[i]) nth[k++] = i;
    this.work = work;
    this.prefix = prefix;
    this.nth = nth;
    this.total = count;
    this.provisionalBefore = provisionalBefore;
    this.fL = weekdaysBefore(L);
    this.fR = weekdaysBefore(L + N);
    this.dateStrings = Array.from({ length: N }, (_, i) => formatDate(L + i));

    // version: national data versions, plus the site layer when there is one
    const sortedYears = [...years.values()].sort((a, b) => a.year - b.year);
    const national = sortedYears.filter((y) => !y.provisional).map((y) => y.version);
    // provisional years are fixed by the rules' version: one name for all of them
    if (sortedYears.some((y) => y.provisional)) national.push(STATUTORY_RULES_VERSION);
    const isDefaultSite =
      overrides.length === 0 &&
      this.timeZone === DEFAULT_TIME_ZONE &&
      sameRanges(this.workingHours, DEFAULT_WORKING_HOURS) &&
      this.afterHoursArrival === 'same-day';
    const site =
      options.siteVersion ??
      (isDefaultSite
        ? undefined
        : fnv1a(
            JSON.stringify({
              o: overrides.map((o) => [o.date, o.type, o.name, o.reason, o.layer ?? null]),
              z: this.timeZone,
              h: this.workingHours,
              a: this.afterHoursArrival,
            }),
          ));
    this.version = (national.length ? national.join('+') : 'no-national-data') + (site ? `+site:${site}` : '');
  }

  // ───────────────────────────── calendar days ─────────────────────────────

  /** Years with a published notice (not provisional), ascending. */
  get publishedYears(): number[] {
    return [...this.confirmed].sort((a, b) => a - b);
  }

  /** Years whose days are a provisional estimate from the statutory rules, ascending. */
  get provisionalYears(): number[] {
    return [...this.years.values()]
      .filter((y) => y.provisional)
      .map((y) => y.year)
      .sort((a, b) => a - b);
  }

  /** The national data entry for a year (a notice, or a provisional estimate), if any. */
  nationalYear(year: number): NationalYear | undefined {
    return this.years.get(year);
  }

  dayInfo(date: string): DayInfo {
    return this.info(parseDate(date));
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(parseDate(date));
  }

  /** Every day in [from, to] (inclusive); empty when to < from. */
  days(from: string, to: string): DayInfo[] {
    const a = parseDate(from);
    const b = parseDate(to);
    if (b - a >= MAX_DAYS_LIST) throw new RangeError(`too many days requested (${b - a + 1})`);
    const out: DayInfo[] = [];
    for (let d = a; d <= b; d++) out.push(this.info(d));
    return out;
  }

  /**
   * The n-th working day after `start` (the start day itself is not counted), so that
   * countWorkingDays(start, result) === n.
   * - n = 0: `start` if it is a working day, else the next working day (a due date that
   *   falls on a day off rolls forward).
   * - n < 0: the |n|-th working day before `start` (start not counted): −1 from a
   *   Monday or a Saturday is the Friday before.
   * provisional: a day that decided the answer lies in a year without national data.
   */
  addWorkingDays(start: string, n: number): WorkingDayResult {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
    const s = parseDate(start);
    const r = this.addDays(s, n);
    const provisional = n > 0 ? this.isProvisionalSpan(s + 1, r) : n === 0 ? this.isProvisionalSpan(s, r) : this.isProvisionalSpan(r, s - 1);
    return { date: this.format(r), provisional };
  }

  /**
   * Working days in (from, to]: `from` is not counted, `to` is. Negative when to < from
   * (minus the working days in (to, from]).
   */
  countWorkingDays(from: string, to: string): number {
    return this.G(parseDate(to)) - this.G(parseDate(from));
  }

  /** Whether any day in [from, to] lies in a year without published national data. */
  isProvisional(from: string, to: string = from): boolean {
    const a = parseDate(from);
    const b = parseDate(to);
    return a <= b ? this.isProvisionalSpan(a, b) : this.isProvisionalSpan(b, a);
  }

  // ───────────────────────────── instants ─────────────────────────────

  /** The site-local calendar day of an instant. */
  localDate(instant: Date): string {
    return this.format(this.tz.toLocal(instantMs(instant)).day);
  }

  /** The instant of a site-local wall-clock time ('YYYY-MM-DD', minutes after midnight). */
  toInstant(date: string, minuteOfDay: number): Date {
    return new Date(this.tz.toInstant(parseDate(date), Math.round(minuteOfDay * MS_PER_MINUTE)));
  }

  /** The working periods of a day as instants; empty on a day off. */
  workingPeriods(date: string): { start: Date; end: Date }[] {
    const d = parseDate(date);
    if (!this.isWorking(d)) return [];
    return this.startsMs.map((s, i) => ({ start: new Date(this.tz.toInstant(d, s)), end: new Date(this.tz.toInstant(d, this.endsMs[i]!)) }));
  }

  /**
   * The end of working hours (end of the last working period) of a calendar day, as a
   * deadline — for due dates chosen by date. A day off rolls forward to the next working
   * day, as in addWorkingDays(date, 0). provisional when that depends on unpublished data.
   */
  endOfWorkingDay(date: string): DeadlineResult {
    const d = parseDate(date);
    const r = this.addDays(d, 0);
    return this.result(this.tz.toInstant(r, this.lastEndMs), this.isProvisionalSpan(d, r));
  }

  /** Whether an instant lies inside a working period of a working day (both ends included). */
  isWithinWorkingHours(instant: Date): boolean {
    const { day, msOfDay } = this.tz.toLocal(instantMs(instant));
    if (this.isWorking(day)) {
      for (let i = 0; i < this.startsMs.length; i++) {
        if (msOfDay >= this.startsMs[i]! && msOfDay <= this.endsMs[i]!) return true;
      }
    }
    // a period ending at midnight (a late shift until 24:00) ends at 00:00 of the next day
    return msOfDay === 0 && this.isWorking(day - 1) && this.endsMs.includes(24 * 3_600_000);
  }

  /**
   * Deadline arithmetic from an instant:
   * - calendarHours: start + amount hours, exactly.
   * - calendarDays: the same local wall-clock time `amount` calendar days later (a due
   *   time on a day off is not moved).
   *   These two do not depend on the calendar data, so they are never provisional.
   * - workingDays: the end of working hours (last working period's end, 17:30 by
   *   default) on addWorkingDays(arrival day, amount); the arrival day is not counted;
   *   see afterHoursArrival for arrivals outside working hours.
   * - workingHours: the earliest instant by which `amount` hours of working time have
   *   passed, counting only working periods of working days. A deadline that uses up a
   *   period exactly ends at the period's end (12:00), not at the next period's start.
   * amount 0 returns the start (calendarHours/calendarDays/workingHours) or the end of
   * the arrival's working day (workingDays, rolled to the next working day on a day off).
   * Fractional amounts are allowed for the hour units; day units take whole numbers.
   */
  addDeadline(start: Date, spec: DeadlineSpec): DeadlineResult {
    const t = instantMs(start);
    const { amount, unit } = spec;
    if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`deadline amount must be a non-negative number, got ${amount}`);
    switch (unit) {
      case 'calendarHours':
        return this.result(t + Math.round(amount * MS_PER_HOUR), false);
      case 'calendarDays': {
        requireWhole(amount, unit);
        const { day, msOfDay } = this.tz.toLocal(t);
        return this.result(this.tz.toInstant(day + amount, msOfDay), false);
      }
      case 'workingDays': {
        requireWhole(amount, unit);
        const { day, msOfDay } = this.tz.toLocal(t);
        let day0 = day;
        if (this.afterHoursArrival === 'next-working-day' && (!this.isWorking(day) || msOfDay >= this.lastEndMs)) {
          day0 = this.H(this.G(day) + 1);
        }
        const due = this.addDays(day0, amount);
        return this.result(this.tz.toInstant(due, this.lastEndMs), this.isProvisionalSpan(day, due));
      }
      case 'workingHours': {
        const ms = Math.round(amount * MS_PER_HOUR);
        const { day } = this.tz.toLocal(t);
        if (ms === 0) return this.result(t, false);
        const target = this.workingMsAt(t) + ms;
        const [dueDay, msOfDay] = this.fromWorkingMs(target);
        return this.result(this.tz.toInstant(dueDay, msOfDay), this.isProvisionalSpan(day, dueDay));
      }
      default:
        throw new RangeError(`unknown deadline unit: ${String(unit)}`);
    }
  }

  /**
   * Working time between two instants in minutes (net time for reports): only time
   * inside working periods of working days counts. Negative when to < from.
   */
  elapsedWorkingMinutes(from: Date, to: Date): number {
    return (this.workingMsAt(instantMs(to)) - this.workingMsAt(instantMs(from))) / MS_PER_MINUTE;
  }

  // ───────────────────────────── internals ─────────────────────────────

  private format(d: number): string {
    const i = d - this.L;
    return i >= 0 && i < this.N ? this.dateStrings[i]! : formatDate(d);
  }

  private isWorking(d: number): boolean {
    const i = d - this.L;
    return i >= 0 && i < this.N ? this.work[i] === 1 : !isWeekend(d);
  }

  private info(d: number): DayInfo {
    const i = d - this.L;
    const inSpan = i >= 0 && i < this.N;
    const k = inSpan ? this.kind[i]! : isWeekend(d) ? K_WEEKEND : K_WORKDAY;
    const out: DayInfo = {
      date: this.format(d),
      type: KIND_TYPE[k]!,
      working: KIND_WORKING[k]!,
      provisional: inSpan ? this.provisionalBefore[i + 1]! - this.provisionalBefore[i]! === 1 : true,
    };
    const note = inSpan ? this.notes.get(d) : undefined;
    if (note?.name) out.name = note.name;
    if (note?.reason !== undefined) out.reason = note.reason;
    if (note?.layer !== undefined) out.layer = note.layer;
    return out;
  }

  /**
   * G(d): working days up to and including day d, counted from a fixed origin (the day
   * before the span has G = 0). Continuous across the span's edges.
   */
  private G(d: number): number {
    const i = d - this.L;
    if (i < 0) return weekdaysBefore(d + 1) - this.fL;
    if (i < this.N) return this.prefix[i]!;
    return this.total + weekdaysBefore(d + 1) - this.fR;
  }

  /** H(K): the working day d with G(d) === K (the smallest d with G(d) >= K). */
  private H(K: number): number {
    if (K <= 0) return nthWeekday(K + this.fL);
    if (K <= this.total) return this.L + this.nth[K - 1]!;
    return nthWeekday(K - this.total + this.fR);
  }

  private addDays(s: number, n: number): number {
    if (n > 0) return this.H(this.G(s) + n);
    if (n === 0) return this.H(this.G(s - 1) + 1);
    return this.H(this.G(s - 1) + n + 1);
  }

  /** any day in [a, b] (a <= b) in a year without national data */
  private isProvisionalSpan(a: number, b: number): boolean {
    if (b < a) return false;
    const i = a - this.L;
    const j = b - this.L;
    if (i < 0 || j >= this.N) return true;
    return this.provisionalBefore[j + 1]! - this.provisionalBefore[i]! > 0;
  }

  /** working ms of a working day before `msOfDay` */
  private workedBefore(msOfDay: number): number {
    let sum = 0;
    for (let i = 0; i < this.startsMs.length; i++) {
      const s = this.startsMs[i]!;
      if (msOfDay <= s) break;
      const e = this.endsMs[i]!;
      sum += (msOfDay < e ? msOfDay : e) - s;
    }
    return sum;
  }

  /** W(t): working ms from a fixed origin up to instant t; continuous and non-decreasing. */
  private workingMsAt(t: number): number {
    const { day, msOfDay } = this.tz.toLocal(t);
    if (!this.isWorking(day)) return this.G(day) * this.dayMs;
    return (this.G(day) - 1) * this.dayMs + this.workedBefore(msOfDay);
  }

  /** The earliest wall-clock position [day, msOfDay] where W reaches `target`. */
  private fromWorkingMs(target: number): [number, number] {
    const M = this.dayMs;
    let K = Math.ceil(target / M);
    // guard against floating-point rounding of the division
    if ((K - 1) * M >= target) K--;
    else if (K * M < target) K++;
    let r = target - (K - 1) * M; // in (0, M]
    const day = this.H(K);
    for (let i = 0; i < this.startsMs.length; i++) {
      const len = this.endsMs[i]! - this.startsMs[i]!;
      if (r <= len) return [day, this.startsMs[i]! + r];
      r -= len;
    }
    return [day, this.lastEndMs]; // unreachable: r <= M
  }

  private result(due: number, provisional: boolean): DeadlineResult {
    return { due: new Date(due), provisional, calendarVersion: this.version };
  }
}

function instantMs(d: Date): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError('not a valid Date');
  return t;
}

function requireWhole(amount: number, unit: DeadlineUnit) {
  if (!Number.isInteger(amount)) throw new RangeError(`${unit} must be a whole number, got ${amount}`);
}

/** Sort, validate and merge touching working periods. At least one period is required. */
export function normaliseWorkingHours(ranges: readonly WorkingRange[]): WorkingRange[] {
  if (ranges.length === 0) throw new RangeError('working hours: at least one period is required');
  const sorted = [...ranges].map((r) => [r[0], r[1]] as [number, number]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > 24 * 60 || s >= e) {
      throw new RangeError(`working hours: bad period [${s}, ${e}] (whole minutes, 0 <= start < end <= 1440)`);
    }
    const last = out[out.length - 1];
    if (last && s < last[1]) throw new RangeError(`working hours: periods overlap at minute ${s}`);
    if (last && s === last[1]) last[1] = e;
    else out.push([s, e]);
  }
  return out;
}

/** 'HH:MM' → minutes after midnight ('24:00' allowed as the end of the day). */
export function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const h = m ? Number(m[1]) : Number.NaN;
  const min = m ? Number(m[2]) : Number.NaN;
  if (!(h >= 0 && min >= 0 && min < 60 && h * 60 + min <= 24 * 60)) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return h * 60 + min;
}

function validateNationalYear(y: NationalYear): NationalYear {
  const where = `national data ${y.year}`;
  if (!Number.isInteger(y.year) || y.year < 1900 || y.year > 9999) throw new RangeError(`${where}: bad year`);
  if (!y.version) throw new RangeError(`${where}: version is required`);
  const seen = new Set<string>();
  for (const d of y.days) {
    const day = parseDate(d.date);
    // a notice's New Year item may reach into the neighbouring year (e.g. 2023's began on 2022-12-31)
    if (Math.abs(yearOfDay(day) - y.year) > 1) throw new RangeError(`${where}: ${d.date} is too far from ${y.year}`);
    if (seen.has(d.date)) throw new RangeError(`${where}: ${d.date} listed twice`);
    seen.add(d.date);
    if (d.type !== 'holiday' && d.type !== 'workday') throw new RangeError(`${where}: ${d.date} has unknown type ${String(d.type)}`);
    if (d.type === 'workday' && !isWeekend(day)) throw new RangeError(`${where}: ${d.date} is declared a working day but is not a weekend day`);
  }
  return y;
}
