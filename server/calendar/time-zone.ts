import { MS_PER_DAY } from './civil.js';

/** A wall-clock position in the site's time zone: a day number and milliseconds into that day. */
export interface LocalTime {
  day: number;
  msOfDay: number;
}

/**
 * UTC offsets of an IANA time zone, read from Intl (the ICU data that ships with Node),
 * so nothing is hard-coded — not even Asia/Shanghai's +08:00.
 *
 * Intl is slow (microseconds per call), so offsets are memoised per UTC day: if the
 * offset at the start and at the end of a UTC day agree, the whole day uses it; days
 * that contain a transition are looked up per instant. (A zone changing its offset
 * twice within one UTC day and back would be missed; no zone does this.)
 */
export class TimeZoneOffsets {
  readonly timeZone: string;
  private readonly fmt: Intl.DateTimeFormat;
  /** UTC day → offset in ms, or NaN when the day contains a transition */
  private readonly byDay = new Map<number, number>();

  private static readonly shared = new Map<string, TimeZoneOffsets>();

  /** One shared (memoising) instance per zone name. */
  static for(timeZone: string): TimeZoneOffsets {
    let z = TimeZoneOffsets.shared.get(timeZone);
    if (!z) {
      z = new TimeZoneOffsets(timeZone);
      if (TimeZoneOffsets.shared.size > 100) TimeZoneOffsets.shared.clear();
      TimeZoneOffsets.shared.set(timeZone, z);
    }
    return z;
  }

  constructor(timeZone: string) {
    // throws RangeError for an unknown zone
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.timeZone = this.fmt.resolvedOptions().timeZone;
  }

  /** Offset (local − UTC) in ms at an instant, straight from Intl. */
  private exactOffset(ms: number): number {
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const p of this.fmt.formatToParts(ms)) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
        case 'era':
          bc = p.value.startsWith('B');
          break;
        default:
          break;
      }
    }
    const wall = new Date(0);
    wall.setUTCFullYear(bc ? 1 - y : y, mo - 1, d);
    wall.setUTCHours(h, mi, s, 0);
    const whole = ms - (((ms % 1000) + 1000) % 1000);
    return wall.getTime() - whole;
  }

  /** Offset (local − UTC) in ms at an instant. */
  offsetAt(ms: number): number {
    const bucket = Math.floor(ms / MS_PER_DAY);
    let off = this.byDay.get(bucket);
    if (off === undefined) {
      const a = this.exactOffset(bucket * MS_PER_DAY);
      const b = this.exactOffset(bucket * MS_PER_DAY + MS_PER_DAY - 1);
      off = a === b ? a : Number.NaN;
      if (this.byDay.size > 200_000) this.byDay.clear();
      this.byDay.set(bucket, off);
    }
    return Number.isNaN(off) ? this.exactOffset(ms) : off;
  }

  /** The wall-clock day and time of an instant. */
  toLocal(ms: number): LocalTime {
    const wall = ms + this.offsetAt(ms);
    const day = Math.floor(wall / MS_PER_DAY);
    return { day, msOfDay: wall - day * MS_PER_DAY };
  }

  /**
   * The instant of a wall-clock time. Like Temporal's 'compatible' disambiguation:
   * a time that occurs twice (clocks going back) resolves to the earlier instant; a
   * time that does not exist (clocks going forward) is read with the offset before
   * the transition, i.e. it lands that much later.
   */
  toInstant(day: number, msOfDay: number): number {
    const wall = day * MS_PER_DAY + msOfDay;
    const before = this.offsetAt(wall - MS_PER_DAY);
    const after = this.offsetAt(wall + MS_PER_DAY);
    if (before === after) {
      const t = wall - before;
      // a transition and its reversal within two days would leave before === after
      if (this.offsetAt(t) === before) return t;
    }
    const tBefore = wall - before;
    const tAfter = wall - after;
    const okBefore = tBefore + this.offsetAt(tBefore) === wall;
    const okAfter = tAfter + this.offsetAt(tAfter) === wall;
    if (okBefore && okAfter) return Math.min(tBefore, tAfter);
    if (okBefore) return tBefore;
    if (okAfter) return tAfter;
    return tBefore; // in a gap
  }
}
