import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR, WorkingCalendar, parseClock, type CalendarOverride, type NationalYear } from './index.js';

const cal = new WorkingCalendar();

describe('dayInfo', () => {
  it('plain weekdays and weekends follow the Mon–Fri rule', () => {
    expect(cal.dayInfo('2026-03-02')).toEqual({ date: '2026-03-02', type: 'workday', working: true, provisional: false });
    expect(cal.dayInfo('2026-03-07')).toEqual({ date: '2026-03-07', type: 'weekend', working: false, provisional: false });
  });

  it('rejects anything but a real YYYY-MM-DD date', () => {
    for (const bad of ['2026-2-3', '2026-02-30', '2025-02-29', '26-02-03', '2026/02/03', '2026-13-01', '2026-00-10', 'abcd-ef-gh', '']) {
      expect(() => cal.dayInfo(bad)).toThrow(RangeError);
    }
    expect(cal.dayInfo('2028-02-29').date).toBe('2028-02-29');
  });

  it('days() lists an inclusive range', () => {
    expect(cal.days('2026-01-01', '2026-01-05').map((d) => d.type)).toEqual(['holiday', 'holiday', 'holiday', 'adjusted-workday', 'workday']);
    expect(cal.days('2026-01-05', '2026-01-01')).toEqual([]);
  });
});

describe('years without a published notice are provisional (statutory holidays, Mon–Fri otherwise)', () => {
  it('2027 is provisional with the holidays the law fixes', () => {
    // 元旦 is a statutory holiday whatever the notice says: not a working day even before it is published
    expect(cal.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01',
      type: 'holiday',
      working: false,
      name: { zh: '元旦', en: "New Year's Day" },
      provisional: true,
    });
    expect(cal.dayInfo('2027-01-02')).toMatchObject({ type: 'weekend', provisional: true });
    expect(cal.dayInfo('2027-10-01')).toMatchObject({ type: 'holiday', working: false, provisional: true });
    // 10-02 and 10-03 fall on the weekend: made up on the following Monday and Tuesday (Article 6)
    expect(cal.dayInfo('2027-10-04')).toMatchObject({ type: 'holiday', working: false, name: { zh: '国庆节补假' }, provisional: true });
    expect(cal.dayInfo('2027-10-06')).toMatchObject({ type: 'workday', working: true, provisional: true });
    expect(cal.dayInfo('2024-06-03')).toMatchObject({ type: 'workday', provisional: true }); // 2024 is not shipped and precedes the 2024 rules: Mon–Fri
    expect(cal.dayInfo('2045-01-02')).toMatchObject({ type: 'workday', provisional: true }); // beyond the provisional horizon: Mon–Fri
    expect(cal.provisionalYears[0]).toBe(2027);
    expect(cal.publishedYears).toEqual([2025, 2026]);
  });

  it('an answer that reaches into 2027 is provisional; one inside 2026 is not', () => {
    expect(cal.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
    expect(cal.addWorkingDays('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: true });
    // two working days before 2027-01-04 is 2026-12-30: 元旦 is not worked
    expect(cal.addWorkingDays('2027-01-04', -2)).toEqual({ date: '2026-12-30', provisional: true });
    expect(cal.addWorkingDays('2027-03-01', 5)).toEqual({ date: '2027-03-08', provisional: true });
    expect(cal.isProvisional('2026-12-01', '2026-12-31')).toBe(false);
    expect(cal.isProvisional('2026-12-01', '2027-01-01')).toBe(true);
  });

  it('counts across the edge of the data', () => {
    // 2027: 261 weekdays less the 13 statutory days, each on a weekday or made up on one; 2024: 262 weekdays (Mon–Fri)
    expect(cal.countWorkingDays('2026-12-31', '2027-12-31')).toBe(248);
    expect(cal.countWorkingDays('2023-12-31', '2024-12-31')).toBe(262);
    expect(cal.countWorkingDays('2024-12-31', '2027-12-31')).toBe(248 + 248 + 248);
    expect(cal.addWorkingDays('2024-12-31', 248 + 248 + 248).date).toBe('2027-12-31');
    expect(cal.addWorkingDays('2030-01-01', 0).date).toBe('2030-01-02'); // 元旦 2030 (provisional) rolls forward
    expect(cal.addWorkingDays('2020-01-04', 1).date).toBe('2020-01-06');
  });

  it("adding the year's data makes it final and changes the version", () => {
    const y2027: NationalYear = {
      year: 2027,
      version: 'cn-2027.1',
      source: { issuer: 'test', title: 'made-up data for the test', published: '2026-11-01' },
      days: [{ date: '2027-01-01', type: 'holiday', name: { zh: '元旦', en: "New Year's Day" } }],
    };
    const c = new WorkingCalendar({ national: [...CN_NATIONAL_CALENDAR, y2027] });
    expect(c.dayInfo('2027-01-01')).toMatchObject({ type: 'holiday', working: false, provisional: false });
    expect(c.addWorkingDays('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: false });
    expect(c.version).toBe('cn-2025.1+cn-2026.1+cn-2027.1');
  });

  it('a corrected year replaces the shipped one', () => {
    const fixed: NationalYear = {
      ...CN_NATIONAL_CALENDAR[1]!,
      version: 'cn-2026.2',
      days: CN_NATIONAL_CALENDAR[1]!.days.filter((d) => d.date !== '2026-10-10'),
    };
    const c = new WorkingCalendar({ national: [...CN_NATIONAL_CALENDAR, fixed] });
    expect(c.version).toBe('cn-2025.1+cn-2026.2');
    expect(c.isWorkingDay('2026-10-10')).toBe(false);
  });
});

describe('addWorkingDays / countWorkingDays', () => {
  it('does not count the start day', () => {
    expect(cal.addWorkingDays('2026-03-02', 1).date).toBe('2026-03-03'); // Mon → Tue
    expect(cal.addWorkingDays('2026-03-06', 1).date).toBe('2026-03-09'); // Fri → Mon
    expect(cal.addWorkingDays('2026-03-07', 1).date).toBe('2026-03-09'); // Sat → Mon
    expect(cal.countWorkingDays('2026-03-02', '2026-03-03')).toBe(1);
    expect(cal.countWorkingDays('2026-03-06', '2026-03-09')).toBe(1);
  });

  it('n = 0: the start if it is a working day, else the next working day', () => {
    expect(cal.addWorkingDays('2026-03-02', 0).date).toBe('2026-03-02');
    expect(cal.addWorkingDays('2026-03-07', 0).date).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-10-01', 0).date).toBe('2026-10-08');
  });

  it('negative n counts back, the start not counted', () => {
    expect(cal.addWorkingDays('2026-03-09', -1).date).toBe('2026-03-06'); // Mon → Fri
    expect(cal.addWorkingDays('2026-03-07', -1).date).toBe('2026-03-06'); // Sat → Fri
    expect(cal.addWorkingDays('2026-02-24', -1).date).toBe('2026-02-14'); // after Spring Festival → the worked Saturday
    expect(cal.addWorkingDays('2026-02-24', -2).date).toBe('2026-02-13');
  });

  it('count is negative when to < from, and 0 for the same day', () => {
    expect(cal.countWorkingDays('2026-03-09', '2026-03-02')).toBe(-5);
    expect(cal.countWorkingDays('2026-03-09', '2026-03-09')).toBe(0);
  });

  it('rejects fractional n', () => {
    expect(() => cal.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });
});

describe('overrides (site shutdowns, extra working days, corrections)', () => {
  const overrides: CalendarOverride[] = [
    // factory Spring Festival shutdown runs four days longer than the national holiday
    ...['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'].map((date) => ({
      date,
      type: 'shutdown' as const,
      name: { zh: '春节停产', en: 'Spring Festival shutdown' },
      reason: 'annual maintenance',
      layer: 'site',
    })),
    { date: '2026-03-07', type: 'extra-workday', name: '加班日', reason: 'customer build-ahead', layer: 'site' },
  ];
  const site = new WorkingCalendar({ overrides });

  it('shutdown days are off, extra working days are on', () => {
    expect(site.dayInfo('2026-02-25')).toEqual({
      date: '2026-02-25',
      type: 'shutdown',
      working: false,
      provisional: false,
      name: { zh: '春节停产', en: 'Spring Festival shutdown' },
      reason: 'annual maintenance',
      layer: 'site',
    });
    expect(site.dayInfo('2026-03-07')).toMatchObject({ type: 'extra-workday', working: true, name: { zh: '加班日', en: '加班日' } });
    expect(site.countWorkingDays('2025-12-31', '2026-12-31')).toBe(248 - 4 + 1);
  });

  it('deadlines move past the shutdown', () => {
    expect(site.addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14'); // the worked Saturday still counts
    expect(site.addWorkingDays('2026-02-13', 2).date).toBe('2026-02-28');
    expect(site.addWorkingDays('2026-02-13', 3).date).toBe('2026-03-02');
    expect(cal.addWorkingDays('2026-02-13', 2).date).toBe('2026-02-24');
  });

  it('the last override for a date wins; regular restores the weekday rule', () => {
    const c = new WorkingCalendar({
      overrides: [
        { date: '2026-10-07', type: 'shutdown', name: 'x', reason: 'first' },
        { date: '2026-10-07', type: 'regular', name: '', reason: 'correction: national data wrong', layer: 'site' },
        { date: '2026-10-10', type: 'regular', name: '', reason: 'correction' },
        { date: '2026-04-03', type: 'holiday', name: { zh: '三月三', en: 'Sanyuesan' }, reason: 'Guangxi', layer: 'region:GX' },
      ],
    });
    expect(c.dayInfo('2026-10-07')).toMatchObject({ type: 'workday', working: true, reason: 'correction: national data wrong', layer: 'site' });
    expect(c.dayInfo('2026-10-07').name).toBeUndefined();
    expect(c.dayInfo('2026-10-10')).toMatchObject({ type: 'weekend', working: false });
    expect(c.dayInfo('2026-04-03')).toMatchObject({ type: 'holiday', working: false, name: { zh: '三月三' }, layer: 'region:GX' });
  });

  it('overrides in a year without national data apply but the year stays provisional', () => {
    const c = new WorkingCalendar({ overrides: [{ date: '2027-02-08', type: 'shutdown', name: '停产', reason: 'plan' }] });
    expect(c.dayInfo('2027-02-08')).toMatchObject({ type: 'shutdown', working: false, provisional: true });
    // 02-06/07 weekend (春节, made up on 02-09/10), 02-08 春节 and the shutdown
    expect(c.addWorkingDays('2027-02-05', 1)).toEqual({ date: '2027-02-11', provisional: true });
    expect(c.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
  });

  it('the site layer shows in the version', () => {
    expect(site.version).toMatch(/^cn-2025\.1\+cn-2026\.1\+cn-law-2024\+site:[0-9a-f]{8}$/);
    expect(new WorkingCalendar({ overrides }).version).toBe(site.version);
    expect(new WorkingCalendar({ overrides: overrides.slice(1) }).version).not.toBe(site.version);
    expect(new WorkingCalendar({ overrides, siteVersion: 'r42' }).version).toBe('cn-2025.1+cn-2026.1+cn-law-2024+site:r42');
    expect(new WorkingCalendar({ workingHours: [[480, 1020]] }).version).toMatch(/\+site:/);
  });

  it('rejects malformed overrides', () => {
    expect(() => new WorkingCalendar({ overrides: [{ date: '2026-02-30', type: 'shutdown', name: 'x', reason: '' }] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ overrides: [{ date: '2026-02-03', type: 'nap' as never, name: 'x', reason: '' }] })).toThrow(RangeError);
  });
});

describe('settings validation', () => {
  it('rejects bad national data', () => {
    const base = CN_NATIONAL_CALENDAR[1]!;
    const onWeekday: NationalYear = { ...base, days: [{ date: '2026-03-04', type: 'workday', name: { zh: 'x', en: 'x' } }] };
    expect(() => new WorkingCalendar({ national: [onWeekday] })).toThrow(/not a weekend day/);
    const twice: NationalYear = { ...base, days: [...base.days, base.days[0]!] };
    expect(() => new WorkingCalendar({ national: [twice] })).toThrow(/listed twice/);
  });

  it('rejects bad working hours and time zones', () => {
    expect(() => new WorkingCalendar({ workingHours: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ workingHours: [[600, 500]] })).toThrow(RangeError);
    expect(
      () =>
        new WorkingCalendar({
          workingHours: [
            [480, 720],
            [700, 900],
          ],
        }),
    ).toThrow(/overlap/);
    expect(() => new WorkingCalendar({ workingHours: [[480, 1500]] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });

  it('sorts and merges working periods', () => {
    const c = new WorkingCalendar({
      workingHours: [
        [780, 1020],
        [480, 720],
        [720, 750],
      ],
    });
    expect(c.workingHours).toEqual([
      [480, 750],
      [780, 1020],
    ]);
  });

  it('parseClock reads HH:MM', () => {
    expect(parseClock('08:00')).toBe(480);
    expect(parseClock('13:30')).toBe(810);
    expect(parseClock('24:00')).toBe(1440);
    expect(() => parseClock('8:00')).toThrow(RangeError);
    expect(() => parseClock('24:30')).toThrow(RangeError);
  });
});
