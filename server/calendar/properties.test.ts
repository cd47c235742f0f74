/**
 * Property-based tests (fast-check): the O(1) arithmetic against a day-by-day reference,
 * and the algebra deadlines must obey, over random dates, spans, overrides and hours.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NATIONAL, WorkingCalendar, overrideTypes, type CalendarOverride, type WorkingRange } from './index.js';
import { NaiveCalendar, shift } from './testing/naive.js';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** dates from mid-2023 to mid-2028: the shipped years, unpublished years either side, and their edges */
const dateArb = fc.integer({ min: Date.parse('2023-06-01'), max: Date.parse('2028-06-30') }).map((t) => isoDay(Math.floor(t / DAY) * DAY));
const overrideArb: fc.Arbitrary<CalendarOverride> = fc.record({
  date: fc.integer({ min: Date.parse('2024-12-01'), max: Date.parse('2027-02-28') }).map((t) => isoDay(Math.floor(t / DAY) * DAY)),
  type: fc.constantFrom(...overrideTypes),
  name: fc.constant('override'),
  reason: fc.constant('property test'),
});
const overridesArb = fc.array(overrideArb, { maxLength: 25 });

const shipped = new WorkingCalendar();
const shippedNaive = new NaiveCalendar(DEFAULT_NATIONAL);

describe('working-day arithmetic (properties)', () => {
  it('adding n ≥ 1 working days then counting back gives n', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 500 }), (s, n) => {
        expect(shipped.countWorkingDays(s, shipped.addWorkingDays(s, n).date)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('n = 0 gives the start when it is a working day, else the next working day (count 1)', () => {
    fc.assert(
      fc.property(dateArb, (s) => {
        const r = shipped.addWorkingDays(s, 0).date;
        expect(shipped.countWorkingDays(s, r)).toBe(shipped.isWorkingDay(s) ? 0 : 1);
        expect(r === s).toBe(shipped.isWorkingDay(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('the result is always a working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -500, max: 500 }), overridesArb, (s, n, overrides) => {
        const c = new WorkingCalendar({ overrides });
        expect(c.isWorkingDay(c.addWorkingDays(s, n).date)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic in n (strictly, except 0 → 1 from a day off)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), (s, a, b) => {
        const [n1, n2] = a <= b ? [a, b] : [b, a];
        const r1 = shipped.addWorkingDays(s, n1).date;
        const r2 = shipped.addWorkingDays(s, n2).date;
        expect(r1 <= r2).toBe(true);
        if (n1 < n2 && !(n1 === 0 && n2 === 1)) expect(r1 < r2).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('counting is additive: count(a, b) + count(b, c) = count(a, c)', () => {
    fc.assert(
      fc.property(dateArb, dateArb, dateArb, (a, b, c) => {
        expect(shipped.countWorkingDays(a, b) + shipped.countWorkingDays(b, c)).toBe(shipped.countWorkingDays(a, c));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a day-by-day reference, with random overrides, across the edges of the data', () => {
    fc.assert(
      fc.property(overridesArb, dateArb, fc.integer({ min: -120, max: 120 }), dateArb, (overrides, s, n, t) => {
        const c = new WorkingCalendar({ overrides });
        const ref = new NaiveCalendar(DEFAULT_NATIONAL, overrides);
        const r = c.addWorkingDays(s, n);
        expect(r.date).toBe(ref.add(s, n));
        expect(c.countWorkingDays(s, t) + 0).toBe(ref.count(s, t) + 0); // + 0: the reference may say -0 for an empty span
        expect(c.isWorkingDay(t)).toBe(ref.isWorking(t));
        expect(c.dayInfo(t).provisional).toBe(!ref.isPublished(t));
        // provisional: some day that decided the answer is unpublished
        const [lo, hi] = n > 0 ? [shift(s, 1), r.date] : n === 0 ? [s, r.date] : [r.date, shift(s, -1)];
        let expected = false;
        for (let d = lo; d <= hi && !expected; d = shift(d, 1)) expected = !ref.isPublished(d);
        expect(r.provisional).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('the shipped calendar agrees with the reference for every day of 2024–2027', () => {
    for (let d = '2024-01-01'; d <= '2027-12-31'; d = shift(d, 1)) {
      expect(shipped.isWorkingDay(d)).toBe(shippedNaive.isWorking(d));
    }
  });
});

// ───────────────────────────── working-hours deadlines ─────────────────────────────

/** instants in Shanghai working days of 2024-12 … 2027-01, biased to the edges of working periods */
const instantArb = fc
  .tuple(
    fc.integer({ min: Date.parse('2024-12-01'), max: Date.parse('2027-01-31') }).map((t) => Math.floor(t / DAY) * DAY),
    fc.oneof(fc.constantFrom(0, 479, 480, 481, 719, 720, 721, 809, 810, 811, 1049, 1050, 1051, 1439), fc.integer({ min: 0, max: 1439 })),
    fc.integer({ min: 0, max: 59_999 }),
  )
  .map(([day, minute, ms]) => new Date(day - 8 * 3_600_000 + minute * 60_000 + ms));
const hoursArb = fc.oneof(
  fc.integer({ min: 1, max: 200 }),
  fc.integer({ min: 1, max: 2000 }).map((q) => q / 4),
);
const workingHoursArb: fc.Arbitrary<WorkingRange[]> = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 8 }).map((xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const out: WorkingRange[] = [];
  for (let i = 0; i + 1 < s.length; i += 2) out.push([s[i]!, s[i + 1]!]);
  return out;
});

describe('workingHours deadlines (properties)', () => {
  it('never land outside working hours, come after the start, and are the earliest instant with that much working time', () => {
    fc.assert(
      fc.property(instantArb, hoursArb, (start, hours) => {
        const { due } = shipped.addDeadline(start, { amount: hours, unit: 'workingHours' });
        expect(shipped.isWithinWorkingHours(due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(shipped.elapsedWorkingMinutes(start, due)).toBe(hours * 60);
        // the earliest such instant: a millisecond earlier is not enough
        expect(shipped.elapsedWorkingMinutes(start, new Date(due.getTime() - 1))).toBeLessThan(hours * 60);
      }),
      { numRuns: 3000 },
    );
  });

  it('are monotonic in the amount and in the start', () => {
    fc.assert(
      fc.property(instantArb, instantArb, hoursArb, hoursArb, (s1, s2, h1, h2) => {
        const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [x, y] = h1 <= h2 ? [h1, h2] : [h2, h1];
        const due = (s: Date, h: number) => shipped.addDeadline(s, { amount: h, unit: 'workingHours' }).due.getTime();
        expect(due(a, x)).toBeLessThanOrEqual(due(a, y));
        expect(due(a, x)).toBeLessThanOrEqual(due(b, x));
      }),
      { numRuns: 3000 },
    );
  });

  it('hold for any site working hours and overrides', () => {
    fc.assert(
      fc.property(workingHoursArb, overridesArb, instantArb, hoursArb, hoursArb, (workingHours, overrides, start, h1, h2) => {
        const c = new WorkingCalendar({ workingHours, overrides });
        const [x, y] = h1 <= h2 ? [h1, h2] : [h2, h1];
        const d1 = c.addDeadline(start, { amount: x, unit: 'workingHours' }).due;
        const d2 = c.addDeadline(start, { amount: y, unit: 'workingHours' }).due;
        expect(c.isWithinWorkingHours(d1)).toBe(true);
        expect(d1.getTime()).toBeGreaterThan(start.getTime());
        expect(d1.getTime()).toBeLessThanOrEqual(d2.getTime());
        expect(c.elapsedWorkingMinutes(start, d1)).toBe(x * 60);
      }),
      { numRuns: 500 },
    );
  });

  it('treat a period ending at midnight as ending at 00:00 of the next day (found by the property above)', () => {
    const c = new WorkingCalendar({ workingHours: [[1434, 1440]], overrides: [] });
    const { due } = c.addDeadline(new Date('2024-11-30T16:00:00.000Z'), { amount: 1, unit: 'workingHours' });
    expect(c.isWithinWorkingHours(due)).toBe(true);
    expect(c.elapsedWorkingMinutes(new Date('2024-11-30T16:00:00.000Z'), due)).toBe(60);
  });

  it('split additively: h1 then h2 working hours equals h1 + h2', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), (start, h1, h2) => {
        const first = shipped.addDeadline(start, { amount: h1, unit: 'workingHours' }).due;
        const second = shipped.addDeadline(first, { amount: h2, unit: 'workingHours' }).due;
        expect(second).toEqual(shipped.addDeadline(start, { amount: h1 + h2, unit: 'workingHours' }).due);
      }),
      { numRuns: 2000 },
    );
  });

  it('net working time is additive over consecutive intervals', () => {
    fc.assert(
      fc.property(instantArb, instantArb, instantArb, (a, b, c) => {
        const e = (x: Date, y: Date) => shipped.elapsedWorkingMinutes(x, y);
        expect(e(a, b) + e(b, c)).toBeCloseTo(e(a, c), 9);
      }),
      { numRuns: 2000 },
    );
  });
});
