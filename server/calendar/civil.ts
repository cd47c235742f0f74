/**
 * Civil (proleptic Gregorian) calendar arithmetic on day numbers.
 *
 * A day number is the count of days since 1970-01-01 (which is day 0, a Thursday).
 * These functions know nothing about time zones: a 'YYYY-MM-DD' string names a
 * calendar day, not an instant. Algorithms after Howard Hinnant, "chrono-compatible
 * low-level date algorithms" (public domain).
 */

export const MS_PER_DAY = 86_400_000;

/** Day number of a civil date (month 1–12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The year of a day number. */
export function yearOfDay(z: number): number {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}

export function isWeekend(z: number): boolean {
  const w = weekdayOfDay(z);
  return w === 0 || w === 6;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000_000;
}

/**
 * Day number of a strict 'YYYY-MM-DD' string (years 0001–9999).
 * Throws RangeError for anything else, including impossible dates such as 2025-02-29.
 */
export function parseDate(s: string): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
    throw new RangeError(`not a YYYY-MM-DD date: ${String(s)}`);
  }
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`not a valid date: ${s}`);
  }
  return daysFromCivil(y, m, d);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** 'YYYY-MM-DD' of a day number (years 0001–9999). */
export function formatDate(z: number): string {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1 || y > 9999) throw new RangeError(`date out of range (year ${y})`);
  const ys = y >= 1000 ? `${y}` : `${y}`.padStart(4, '0');
  return `${ys}-${pad2(m)}-${pad2(d)}`;
}
