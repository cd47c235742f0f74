import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR, WorkingCalendar } from './index.js';

const cal = new WorkingCalendar();
const year = (y: number) => CN_NATIONAL_CALENDAR.find((e) => e.year === y)!;
const dates = (y: number, type: 'holiday' | 'workday', zh?: string) =>
  year(y)
    .days.filter((d) => d.type === type && (zh === undefined || d.name.zh === zh))
    .map((d) => d.date);
const run = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('national data: sources and versions', () => {
  it('ships 2025 and 2026, each with its State Council notice and a version', () => {
    expect(CN_NATIONAL_CALENDAR.map((y) => y.year)).toEqual([2025, 2026]);
    expect(year(2025).source.published).toBe('2024-11-12');
    expect(year(2025).source.title).toBe('国务院办公厅关于2025年部分节假日安排的通知');
    expect(year(2026).source.published).toBe('2025-11-04');
    expect(year(2026).source.title).toBe('国务院办公厅关于2026年部分节假日安排的通知');
    expect(year(2025).version).toBe('cn-2025.1');
    expect(year(2026).version).toBe('cn-2026.1');
    expect(cal.version).toBe('cn-2025.1+cn-2026.1+cn-law-2024');
    expect(cal.publishedYears).toEqual([2025, 2026]);
  });

  it('every date appears once, in its own year, with both names', () => {
    for (const y of CN_NATIONAL_CALENDAR) {
      const all = y.days.map((d) => d.date);
      expect(new Set(all).size).toBe(all.length);
      for (const d of y.days) {
        expect(d.date.startsWith(`${y.year}-`)).toBe(true);
        expect(d.name.zh.length).toBeGreaterThan(0);
        expect(d.name.en.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('2025 as published (notice of 2024-11-12)', () => {
  it('has exactly 248 working days', () => {
    expect(cal.countWorkingDays('2024-12-31', '2025-12-31')).toBe(248);
    expect(cal.days('2025-01-01', '2025-12-31').filter((d) => d.working)).toHaveLength(248);
  });

  it('lists the days off of each holiday', () => {
    expect(dates(2025, 'holiday', '元旦')).toEqual(['2025-01-01']);
    expect(dates(2025, 'holiday', '春节')).toEqual(run('2025-01-28', '2025-02-04'));
    expect(dates(2025, 'holiday', '清明节')).toEqual(run('2025-04-04', '2025-04-06'));
    expect(dates(2025, 'holiday', '劳动节')).toEqual(run('2025-05-01', '2025-05-05'));
    expect(dates(2025, 'holiday', '端午节')).toEqual(run('2025-05-31', '2025-06-02'));
    expect(dates(2025, 'holiday', '国庆节、中秋节')).toEqual(run('2025-10-01', '2025-10-08'));
    expect(dates(2025, 'holiday')).toHaveLength(28);
  });

  it('lists the weekend days worked (调休)', () => {
    expect(dates(2025, 'workday')).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(dates(2025, 'workday', '春节')).toEqual(['2025-01-26', '2025-02-08']);
    expect(dates(2025, 'workday', '劳动节')).toEqual(['2025-04-27']);
  });
});

describe('2026 as published (notice of 2025-11-04)', () => {
  it('has exactly 248 working days', () => {
    expect(cal.countWorkingDays('2025-12-31', '2026-12-31')).toBe(248);
    expect(cal.days('2026-01-01', '2026-12-31').filter((d) => d.working)).toHaveLength(248);
  });

  it('Spring Festival 2026: off Sun 2/15 – Mon 2/23 (9 days), worked Sat 2/14 and Sat 2/28', () => {
    expect(dates(2026, 'holiday', '春节')).toEqual(run('2026-02-15', '2026-02-23'));
    for (const d of cal.days('2026-02-15', '2026-02-23')) {
      expect(d).toMatchObject({ type: 'holiday', working: false, name: { zh: '春节', en: 'Spring Festival' }, provisional: false });
    }
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ type: 'adjusted-workday', working: true, name: { zh: '春节' } });
    expect(cal.dayInfo('2026-02-28')).toMatchObject({ type: 'adjusted-workday', working: true, name: { zh: '春节' } });
    // the week after the holiday: Tue 2/24 is the first working day
    expect(cal.addWorkingDays('2026-02-14', 1).date).toBe('2026-02-24');
    // Sat 2/21 and Sun 2/22 fall inside the holiday: reported as holiday, not weekend
    expect(cal.dayInfo('2026-02-21').type).toBe('holiday');
  });

  it('lists the days off of each holiday', () => {
    expect(dates(2026, 'holiday', '元旦')).toEqual(run('2026-01-01', '2026-01-03'));
    expect(dates(2026, 'holiday', '清明节')).toEqual(run('2026-04-04', '2026-04-06'));
    expect(dates(2026, 'holiday', '劳动节')).toEqual(run('2026-05-01', '2026-05-05'));
    expect(dates(2026, 'holiday', '端午节')).toEqual(run('2026-06-19', '2026-06-21'));
    expect(dates(2026, 'holiday', '中秋节')).toEqual(run('2026-09-25', '2026-09-27'));
    expect(dates(2026, 'holiday', '国庆节')).toEqual(run('2026-10-01', '2026-10-07'));
    expect(dates(2026, 'holiday')).toHaveLength(33);
  });

  it('lists the weekend days worked (调休)', () => {
    expect(dates(2026, 'workday')).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(dates(2026, 'workday', '国庆节')).toEqual(['2026-09-20', '2026-10-10']);
  });

  it('around National Day 2026: Fri 9/25 is Mid-Autumn, so Wed 9/30 is the last working day before it', () => {
    expect(cal.dayInfo('2026-09-25')).toMatchObject({ type: 'holiday', working: false, name: { zh: '中秋节', en: 'Mid-Autumn Festival' } });
    expect(cal.addWorkingDays('2026-10-01', -1).date).toBe('2026-09-30');
    expect(cal.addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
    // the week of 9/20: Sun 9/20 worked, Mon–Thu worked, Fri 9/25 – Sun 9/27 off
    expect(cal.days('2026-09-20', '2026-09-27').map((d) => d.working)).toEqual([true, true, true, true, true, false, false, false]);
    expect(cal.addWorkingDays('2026-09-18', 1).date).toBe('2026-09-20');
    // the week after: Sat 10/10 worked
    expect(cal.days('2026-10-08', '2026-10-11').map((d) => d.working)).toEqual([true, true, true, false]);
  });
});

describe('调休 days', () => {
  it('every declared working day is a weekend day and counts as a working day', () => {
    for (const y of CN_NATIONAL_CALENDAR) {
      for (const d of y.days.filter((x) => x.type === 'workday')) {
        const wd = new Date(`${d.date}T00:00:00Z`).getUTCDay();
        expect([0, 6]).toContain(wd);
        expect(cal.isWorkingDay(d.date)).toBe(true);
        expect(cal.dayInfo(d.date)).toMatchObject({ type: 'adjusted-workday', working: true, name: d.name, provisional: false });
      }
    }
  });

  it('every listed day off is off', () => {
    for (const y of CN_NATIONAL_CALENDAR) {
      for (const d of y.days.filter((x) => x.type === 'holiday')) expect(cal.isWorkingDay(d.date)).toBe(false);
    }
  });

  it('2025: Spring Festival and National Day around their 调休 Sundays', () => {
    expect(cal.addWorkingDays('2025-01-24', 1).date).toBe('2025-01-26'); // Fri → Sun (worked)
    expect(cal.addWorkingDays('2025-01-24', 2).date).toBe('2025-01-27');
    expect(cal.addWorkingDays('2025-01-27', 1).date).toBe('2025-02-05');
    expect(cal.addWorkingDays('2025-09-30', 1).date).toBe('2025-10-09');
    expect(cal.addWorkingDays('2025-10-10', 1).date).toBe('2025-10-11'); // Sat worked
    expect(cal.addWorkingDays('2025-10-10', 2).date).toBe('2025-10-13');
  });
});
