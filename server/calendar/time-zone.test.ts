import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatDate, parseDate, weekdayOfDay, yearOfDay } from './civil.js';
import { TimeZoneOffsets } from './time-zone.js';

describe('civil day numbers', () => {
  it('round-trips dates and knows weekdays', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(weekdayOfDay(0)).toBe(4); // Thursday
    expect(formatDate(parseDate('2026-02-28'))).toBe('2026-02-28');
    expect(weekdayOfDay(parseDate('2026-10-01'))).toBe(4);
    expect(weekdayOfDay(parseDate('1969-12-28'))).toBe(0);
    for (let d = daysFromCivil(1899, 12, 1); d < daysFromCivil(2101, 2, 1); d += 13) {
      const s = formatDate(d);
      expect(parseDate(s)).toBe(d);
      expect(s).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
      expect(yearOfDay(d)).toBe(Number(s.slice(0, 4)));
    }
  });
});

describe('time zone offsets', () => {
  it('reads Asia/Shanghai as +08:00 from Intl', () => {
    const z = new TimeZoneOffsets('Asia/Shanghai');
    expect(z.offsetAt(Date.parse('2026-06-01T00:00:00Z'))).toBe(8 * 3_600_000);
    // China observed daylight saving in 1986–1991
    expect(z.offsetAt(Date.parse('1988-07-01T00:00:00Z'))).toBe(9 * 3_600_000);
  });

  it('resolves wall-clock times around daylight-saving changes like Temporal "compatible"', () => {
    const z = new TimeZoneOffsets('Europe/Berlin');
    const day = (s: string) => parseDate(s);
    const h = (x: number) => x * 3_600_000;
    // 02:30 on 2026-03-29 does not exist → read with the winter offset, i.e. 03:30 CEST
    expect(new Date(z.toInstant(day('2026-03-29'), h(2.5))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 2026-10-25 happens twice → the earlier one (CEST)
    expect(new Date(z.toInstant(day('2026-10-25'), h(2.5))).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(z.toInstant(day('2026-10-25'), h(12))).toISOString()).toBe('2026-10-25T11:00:00.000Z');
    expect(z.toLocal(Date.parse('2026-10-25T00:30:00Z'))).toEqual({ day: day('2026-10-25'), msOfDay: h(2.5) });
    expect(z.toLocal(Date.parse('2026-10-25T01:30:00Z'))).toEqual({ day: day('2026-10-25'), msOfDay: h(2.5) });
  });
});
