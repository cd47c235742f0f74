import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR, provisionalYear, statutoryHolidays, withProvisionalYears } from './index.js';

const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('statutory holidays (放假办法 2024, Art. 2 and 6)', () => {
  it('agree with the published notices of 2025 and 2026: every statutory day is a day off there', () => {
    for (const notice of CN_NATIONAL_CALENDAR) {
      const off = new Set(notice.days.filter((d) => d.type === 'holiday').map((d) => d.date));
      const statutory = statutoryHolidays(notice.year);
      expect(statutory).toHaveLength(13);
      for (const h of statutory) expect(off.has(h.date), `${notice.year}: ${h.date} ${h.name.zh}`).toBe(true);
    }
  });

  it('computes the lunar and solar-term days of 2027', () => {
    const byName = (zh: string) =>
      statutoryHolidays(2027)
        .filter((h) => h.name.zh === zh)
        .map((h) => h.date);
    expect(byName('元旦')).toEqual(['2027-01-01']);
    expect(byName('春节')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']); // 除夕 to 初三
    expect(byName('清明节')).toEqual(['2027-04-05']);
    expect(byName('劳动节')).toEqual(['2027-05-01', '2027-05-02']);
    expect(byName('端午节')).toEqual(['2027-06-09']);
    expect(byName('中秋节')).toEqual(['2027-09-15']);
    expect(byName('国庆节')).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
  });

  it('makes up weekend holidays and a holiday on the same day as another on the next free weekday', () => {
    const y2027 = provisionalYear(2027);
    expect(y2027.provisional).toBe(true);
    expect(y2027.days.filter((d) => d.name.zh.endsWith('补假')).map((d) => d.date)).toEqual([
      '2027-02-09',
      '2027-02-10',
      '2027-05-03',
      '2027-05-04',
      '2027-10-04',
      '2027-10-05',
    ]);
    // 2028: 中秋 is 10-03, inside 国庆 — one more day is owed
    const y2028 = provisionalYear(2028);
    expect(y2028.days.find((d) => d.date === '2028-10-03')).toBeTruthy();
    expect(y2028.days.filter((d) => d.date.startsWith('2028-10')).length).toBeGreaterThanOrEqual(4);
  });

  it('every provisional year gives exactly 13 weekdays off, as the law counts them', () => {
    for (let year = 2027; year <= 2040; year++) {
      const days = provisionalYear(year).days;
      expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
      expect(
        days.filter((d) => weekday(d.date) !== 0 && weekday(d.date) !== 6),
        String(year),
      ).toHaveLength(13);
    }
  });

  it('fills the years after the last notice, and a notice replaces its provisional year', () => {
    const years = withProvisionalYears(CN_NATIONAL_CALENDAR, 3);
    expect(years.map((y) => [y.year, !!y.provisional])).toEqual([
      [2025, false],
      [2026, false],
      [2027, true],
      [2028, true],
      [2029, true],
    ]);
  });
});
