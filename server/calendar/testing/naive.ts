/**
 * A deliberately naive reference calendar for tests: day-by-day loops over JS Dates,
 * built straight from the raw data, sharing no code with WorkingCalendar.
 */
import type { CalendarOverride, NationalYear } from '../working-calendar.js';

const DAY = 86_400_000;

export function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export class NaiveCalendar {
  private readonly status = new Map<string, boolean>();
  private readonly published = new Set<number>();

  constructor(national: readonly NationalYear[], overrides: readonly CalendarOverride[] = []) {
    for (const y of national) {
      if (!y.provisional) this.published.add(y.year);
      for (const d of y.days) this.status.set(d.date, d.type === 'workday');
    }
    for (const o of overrides) {
      if (o.type === 'regular') this.status.delete(o.date);
      else this.status.set(o.date, o.type === 'extra-workday' || o.type === 'adjusted-workday');
    }
  }

  isWorking(date: string): boolean {
    const s = this.status.get(date);
    if (s !== undefined) return s;
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  }

  isPublished(date: string): boolean {
    return this.published.has(Number(date.slice(0, 4)));
  }

  add(start: string, n: number): string {
    if (n === 0) {
      let d = start;
      while (!this.isWorking(d)) d = shift(d, 1);
      return d;
    }
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    let d = start;
    while (left > 0) {
      d = shift(d, step);
      if (this.isWorking(d)) left--;
    }
    return d;
  }

  /** working days in (from, to] */
  count(from: string, to: string): number {
    if (to < from) return -this.count(to, from);
    let c = 0;
    for (let d = shift(from, 1); d <= to; d = shift(d, 1)) if (this.isWorking(d)) c++;
    return c;
  }
}
