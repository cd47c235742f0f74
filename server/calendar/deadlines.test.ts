import { describe, expect, it } from 'vitest';
import type { DeadlineCalculator } from '../procedures/index.js';
import { WorkingCalendar, type DeadlineSpec } from './index.js';

const cal = new WorkingCalendar();
/** a Shanghai wall-clock time as an instant (test data only; the code never assumes +08:00) */
const sh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const due = (start: string, amount: number, unit: DeadlineSpec['unit'], c = cal) => c.addDeadline(sh(start), { amount, unit }).due;

describe('workingHours deadlines', () => {
  it('skip the lunch break', () => {
    expect(due('2026-03-02 11:00', 2, 'workingHours')).toEqual(sh('2026-03-02 14:30'));
    expect(due('2026-03-02 12:30', 1, 'workingHours')).toEqual(sh('2026-03-02 14:30')); // arrives during lunch
  });

  it('end at the end of a period when they use it up exactly (12:00, not 13:30)', () => {
    expect(due('2026-03-02 10:00', 2, 'workingHours')).toEqual(sh('2026-03-02 12:00'));
    expect(due('2026-03-02 08:00', 8, 'workingHours')).toEqual(sh('2026-03-02 17:30'));
  });

  it('skip nights', () => {
    expect(due('2026-03-02 20:00', 1, 'workingHours')).toEqual(sh('2026-03-03 09:00'));
    expect(due('2026-03-03 06:00', 1, 'workingHours')).toEqual(sh('2026-03-03 09:00'));
    expect(due('2026-03-02 17:00', 1, 'workingHours')).toEqual(sh('2026-03-03 08:30'));
  });

  it('skip weekends', () => {
    expect(due('2026-03-06 17:00', 1, 'workingHours')).toEqual(sh('2026-03-09 08:30'));
    expect(due('2026-03-07 10:00', 1, 'workingHours')).toEqual(sh('2026-03-09 09:00'));
  });

  it('Friday 17:00 before a holiday, 24 working hours, lands on the right day after it', () => {
    // Qingming 2026: Sat 4/4 – Mon 4/6. 0.5 h Fri + 8 h Tue + 8 h Wed + 7.5 h Thu
    expect(due('2026-04-03 17:00', 24, 'workingHours')).toEqual(sh('2026-04-09 17:00'));
    // Spring Festival 2026: 0.5 h Fri 2/13 + 8 h Sat 2/14 (worked) + holiday 2/15–2/23 + 8 h Tue 2/24 + 7.5 h Wed 2/25
    expect(due('2026-02-13 17:00', 24, 'workingHours')).toEqual(sh('2026-02-25 17:00'));
    // before National Day 2026 the Sunday 9/20 is worked: 0.5 h Fri 9/18 + Sun 9/20 + Mon 9/21 + 7.5 h Tue 9/22
    expect(due('2026-09-18 17:00', 24, 'workingHours')).toEqual(sh('2026-09-22 17:00'));
    // National Day 2026: 0.5 h Wed 9/30 + Thu 10/8 + Fri 10/9 + 7.5 h Sat 10/10 (worked)
    expect(due('2026-09-30 17:00', 24, 'workingHours')).toEqual(sh('2026-10-10 17:00'));
    // National Day + Mid-Autumn 2025: 10/1–10/8 off
    expect(due('2025-09-30 17:00', 8, 'workingHours')).toEqual(sh('2025-10-09 17:00'));
  });

  it('are not provisional inside the data, provisional beyond it', () => {
    const r = cal.addDeadline(sh('2026-12-31 10:00'), { amount: 4, unit: 'workingHours' });
    expect(r).toEqual({ due: sh('2026-12-31 15:30'), provisional: false, calendarVersion: 'cn-2025.1+cn-2026.1+cn-law-2024' });
    expect(cal.addDeadline(sh('2026-12-31 10:00'), { amount: 16, unit: 'workingHours' }).provisional).toBe(true);
  });

  it('accept fractional hours; zero returns the start', () => {
    expect(due('2026-03-02 11:50', 0.25, 'workingHours')).toEqual(sh('2026-03-02 13:35'));
    expect(due('2026-03-07 03:00', 0, 'workingHours')).toEqual(sh('2026-03-07 03:00'));
  });

  it('use the site working hours', () => {
    const shifts = new WorkingCalendar({
      workingHours: [
        [0, 8 * 60],
        [16 * 60, 24 * 60],
      ],
    }); // night + late shift
    expect(due('2026-03-02 07:00', 2, 'workingHours', shifts)).toEqual(sh('2026-03-02 17:00'));
    expect(due('2026-03-02 23:00', 2, 'workingHours', shifts)).toEqual(sh('2026-03-03 01:00'));
    expect(due('2026-03-06 23:30', 1, 'workingHours', shifts)).toEqual(sh('2026-03-09 00:30'));
  });
});

describe('calendarHours, calendarDays and workingDays deadlines', () => {
  it('calendarHours is plain elapsed time', () => {
    expect(cal.addDeadline(sh('2026-09-30 17:00'), { amount: 24, unit: 'calendarHours' })).toEqual({
      due: sh('2026-10-01 17:00'),
      provisional: false,
      calendarVersion: 'cn-2025.1+cn-2026.1+cn-law-2024',
    });
  });

  it('calendarDays keeps the local time of day, even on a holiday', () => {
    expect(due('2026-09-01 15:20', 30, 'calendarDays')).toEqual(sh('2026-10-01 15:20'));
    expect(cal.addDeadline(sh('2026-12-15 09:00'), { amount: 30, unit: 'calendarDays' }).provisional).toBe(false);
  });

  it('workingDays ends at the end of working hours of the target day', () => {
    expect(due('2026-09-18 10:00', 2, 'workingDays')).toEqual(sh('2026-09-21 17:30')); // Sun 9/20 worked
    expect(due('2026-09-30 09:00', 1, 'workingDays')).toEqual(sh('2026-10-08 17:30'));
    expect(due('2026-03-07 10:00', 1, 'workingDays')).toEqual(sh('2026-03-09 17:30')); // Saturday arrival
    expect(due('2026-03-02 10:00', 0, 'workingDays')).toEqual(sh('2026-03-02 17:30'));
    expect(due('2026-03-07 10:00', 0, 'workingDays')).toEqual(sh('2026-03-09 17:30'));
    // 8D D4–D5 default: 10 working days from Wed 9/23 2026 → Thu 9/24, Mon 9/28 … (9/25–9/27, 10/1–10/7 off)
    expect(due('2026-09-23 14:00', 10, 'workingDays')).toEqual(sh('2026-10-14 17:30'));
  });

  it('workingDays: the after-hours arrival rule is configurable', () => {
    const next = new WorkingCalendar({ afterHoursArrival: 'next-working-day' });
    // Friday evening: same-day → Mon; next-working-day → arrival counts as Mon, due Tue
    expect(due('2026-03-06 20:00', 1, 'workingDays')).toEqual(sh('2026-03-09 17:30'));
    expect(due('2026-03-06 20:00', 1, 'workingDays', next)).toEqual(sh('2026-03-10 17:30'));
    expect(due('2026-03-06 17:30', 1, 'workingDays', next)).toEqual(sh('2026-03-10 17:30')); // at the end of the day
    expect(due('2026-03-06 17:29', 1, 'workingDays', next)).toEqual(sh('2026-03-09 17:30'));
    expect(due('2026-03-07 10:00', 1, 'workingDays', next)).toEqual(sh('2026-03-10 17:30')); // Saturday
    expect(due('2026-03-06 07:00', 1, 'workingDays', next)).toEqual(sh('2026-03-09 17:30')); // before hours: same day
    expect(next.version).toMatch(/\+site:/);
  });

  it('workingDays beyond the data is provisional', () => {
    expect(cal.addDeadline(sh('2026-12-28 10:00'), { amount: 3, unit: 'workingDays' })).toMatchObject({ due: sh('2026-12-31 17:30'), provisional: false });
    expect(cal.addDeadline(sh('2026-12-28 10:00'), { amount: 4, unit: 'workingDays' })).toMatchObject({ due: sh('2027-01-04 17:30'), provisional: true }); // 元旦 provisional, still off
  });

  it('rejects bad amounts, units and dates', () => {
    expect(() => cal.addDeadline(sh('2026-03-02 10:00'), { amount: -1, unit: 'workingHours' })).toThrow(RangeError);
    expect(() => cal.addDeadline(sh('2026-03-02 10:00'), { amount: Number.NaN, unit: 'calendarHours' })).toThrow(RangeError);
    expect(() => cal.addDeadline(sh('2026-03-02 10:00'), { amount: 1.5, unit: 'workingDays' })).toThrow(RangeError);
    expect(() => cal.addDeadline(sh('2026-03-02 10:00'), { amount: 1, unit: 'fortnights' as never })).toThrow(RangeError);
    expect(() => cal.addDeadline(new Date('nope'), { amount: 1, unit: 'calendarHours' })).toThrow(RangeError);
  });

  it('fits the procedure engine DeadlineCalculator', () => {
    const calculator: DeadlineCalculator = cal; // compile-time check (tsc)
    expect(calculator.addDeadline(sh('2026-03-02 10:00'), { amount: 1, unit: 'workingHours' }).due).toEqual(sh('2026-03-02 11:00'));
  });
});

describe('endOfWorkingDay (due dates chosen by date)', () => {
  it('is the end of the last working period of the day', () => {
    expect(cal.endOfWorkingDay('2026-09-30')).toEqual({ due: sh('2026-09-30 17:30'), provisional: false, calendarVersion: 'cn-2025.1+cn-2026.1+cn-law-2024' });
    expect(cal.endOfWorkingDay('2026-09-20').due).toEqual(sh('2026-09-20 17:30')); // worked Sunday
    expect(new WorkingCalendar({ workingHours: [[420, 960]] }).endOfWorkingDay('2026-03-02').due).toEqual(sh('2026-03-02 16:00'));
  });

  it('rolls a day off forward to the next working day; provisional beyond the data', () => {
    expect(cal.endOfWorkingDay('2026-10-01').due).toEqual(sh('2026-10-08 17:30'));
    expect(cal.endOfWorkingDay('2027-03-01')).toMatchObject({ due: sh('2027-03-01 17:30'), provisional: true });
  });
});

describe('elapsedWorkingMinutes (net time)', () => {
  it('counts only working time', () => {
    expect(cal.elapsedWorkingMinutes(sh('2026-03-02 11:00'), sh('2026-03-02 14:30'))).toBe(120);
    expect(cal.elapsedWorkingMinutes(sh('2026-03-06 17:00'), sh('2026-03-09 09:00'))).toBe(90);
    expect(cal.elapsedWorkingMinutes(sh('2026-03-07 00:00'), sh('2026-03-08 23:59'))).toBe(0);
    expect(cal.elapsedWorkingMinutes(sh('2026-02-13 17:00'), sh('2026-02-25 17:00'))).toBe(24 * 60);
    expect(cal.elapsedWorkingMinutes(sh('2026-03-09 09:00'), sh('2026-03-06 17:00'))).toBe(-90);
    expect(cal.elapsedWorkingMinutes(new Date('2026-03-02T00:00:00Z'), new Date('2026-03-02T00:00:30Z'))).toBe(0.5);
  });

  it('is the inverse of a workingHours deadline', () => {
    const start = sh('2026-09-29 16:45');
    const r = cal.addDeadline(start, { amount: 37.5, unit: 'workingHours' });
    expect(cal.elapsedWorkingMinutes(start, r.due)).toBe(37.5 * 60);
  });

  it('has a full working day of 480 minutes, and 248 × 480 in 2026', () => {
    expect(cal.elapsedWorkingMinutes(sh('2026-03-02 00:00'), sh('2026-03-03 00:00'))).toBe(480);
    expect(cal.elapsedWorkingMinutes(sh('2026-01-01 00:00'), sh('2027-01-01 00:00'))).toBe(248 * 480);
  });
});

describe('time zones', () => {
  it('reads calendar days in the site zone', () => {
    const t = new Date('2026-01-04T16:30:00Z'); // Mon 2026-01-05 00:30 in Shanghai
    expect(cal.localDate(t)).toBe('2026-01-05');
    expect(new WorkingCalendar({ timeZone: 'UTC' }).localDate(t)).toBe('2026-01-04');
    expect(cal.toInstant('2026-03-02', 8 * 60)).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(cal.workingPeriods('2026-03-02')).toEqual([
      { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-02T04:00:00Z') },
      { start: new Date('2026-03-02T05:30:00Z'), end: new Date('2026-03-02T09:30:00Z') },
    ]);
    expect(cal.workingPeriods('2026-03-07')).toEqual([]);
  });

  it('a site with daylight saving keeps local times across the change', () => {
    const berlin = new WorkingCalendar({ timeZone: 'Europe/Berlin' });
    // clocks go forward on Sun 2026-03-29; a week of calendar days keeps 09:00 local
    const start = new Date('2026-03-25T08:00:00Z'); // 09:00 CET
    expect(berlin.addDeadline(start, { amount: 7, unit: 'calendarDays' }).due).toEqual(new Date('2026-04-01T07:00:00Z')); // 09:00 CEST
    // Fri 27 Mar 17:00 CET + 1 working hour → Mon 30 Mar 08:30 CEST
    expect(berlin.addDeadline(new Date('2026-03-27T16:00:00Z'), { amount: 1, unit: 'workingHours' }).due).toEqual(new Date('2026-03-30T06:30:00Z'));
    expect(berlin.elapsedWorkingMinutes(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T06:30:00Z'))).toBe(60);
  });
});
