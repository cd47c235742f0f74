/**
 * What the dataset generators share: the database, the scale, one seeded random stream per
 * generator (so adding a generator does not change what the others produce), deterministic ids
 * and dates, and the records earlier generators made (users → customers → communications → …).
 */
import type { Db } from '../../server/platform/db/client.js';
import { Rng, hashSeed } from '../../server/demo/prng.js';
import type { Industry } from './words.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** the generated factory works on Shanghai time */
export const SITE_OFFSET = 8 * HOUR;
/** the dataset ends here (fixed, so a seed always gives the same rows); it covers the year before */
export const DATASET_END = new Date('2026-10-31T10:00:00Z');
export const BENCH_USER_PASSWORD = 'bench-user-password-1';

export interface GenUser {
  id: string;
  username: string;
  displayName: string;
  department: string;
  role: string;
}

export interface GenContact {
  id: string;
  name: string;
  role: 'buy' | 'qa' | 'eng' | 'mgmt';
}

export interface GenCustomer {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  region: 'CN' | 'HK' | 'DE' | 'JP' | 'US';
  industry: Industry;
  ownerId: string;
  prospect: boolean;
  contacts: GenContact[];
  models: { model: string; zh: string; en: string }[];
  /** relative share of the communications (a few large customers, a long tail) */
  weight: number;
}

export interface GenContext {
  db: Db;
  scale: number;
  seed: number;
  /** the dataset covers [start, end) */
  start: Date;
  end: Date;
  /** an independent, seeded stream per purpose */
  rng(purpose: string): Rng;
  /** a deterministic UUID (v4 layout) from the given stream */
  uuid(rng: Rng): string;
  users: GenUser[];
  customers: GenCustomer[];
  log(line: string): void;
}

export interface Generator {
  /** the feature it fills; the order of the list is the order they run */
  name: string;
  /** returns row counts per table, for the summary */
  generate(ctx: GenContext): Promise<Record<string, number>>;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function createContext(db: Db, opts: { scale: number; seed: number; log?: (line: string) => void }): GenContext {
  return {
    db,
    scale: opts.scale,
    seed: opts.seed,
    start: new Date(DATASET_END.getTime() - 365 * DAY),
    end: DATASET_END,
    rng: (purpose) => new Rng(hashSeed(purpose, opts.seed)),
    uuid: (rng) => {
      const w = () => rng.int(0, 0xffff);
      return `${hex(w(), 4)}${hex(w(), 4)}-${hex(w(), 4)}-4${hex(w() & 0xfff, 3)}-${hex(0x8000 | (w() & 0x3fff), 4)}-${hex(w(), 4)}${hex(w(), 4)}${hex(w(), 4)}`;
    },
    users: [],
    customers: [],
    log: opts.log ?? ((line) => console.log(line)),
  };
}

/** Working-hours moment on the site calendar's weekdays, `t` in [0, 1) across the dataset's year. */
export function workMoment(ctx: GenContext, t: number, rng: Rng): Date {
  const dayIndex = Math.floor(t * 365);
  let local = ctx.start.getTime() + SITE_OFFSET + dayIndex * DAY;
  const dow = new Date(local).getUTCDay();
  if (dow === 0) local -= 2 * DAY;
  if (dow === 6) local -= DAY;
  const d = new Date(local);
  const minute = rng.int(8 * 60 + 30, 17 * 60 + 45);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 0, minute, rng.int(0, 59)) - SITE_OFFSET);
}
