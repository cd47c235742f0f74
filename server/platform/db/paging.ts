import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { rows, type Executor } from './client.js';

/**
 * How many matching rows a list counts exactly. Past it the total is a lower bound and the response says so
 * (`totalCapped`, shown as "10,000+"): counting half a million communications to print "500,000 in all" under
 * the first page cost more than the page itself, and nobody pages that far by hand.
 */
export const COUNT_CAP = 10_000;

/**
 * Where the count of a page stops: the next multiple of the cap past the page's last row, so while more rows
 * exist the pager always offers the page after this one (page 500 of "10,000+" leads on to "20,000+").
 */
export function countLimit(offset: number, pageSize: number, cap = COUNT_CAP): number {
  return Math.ceil((offset + pageSize + 1) / cap) * cap;
}

export interface PageTotal {
  total: number;
  /** true when more rows match than were counted: `total` is then a lower bound */
  totalCapped: boolean;
}

/**
 * Counts the rows of `matching` (a `select 1 … where …` of the list, without order, limit or offset) up to
 * `countLimit(offset, pageSize)` — an index or sequential scan that stops there instead of reading every match.
 */
export async function cappedTotal(db: Executor, matching: SQLWrapper, offset: number, pageSize: number, cap = COUNT_CAP): Promise<PageTotal> {
  const limit = countLimit(offset, pageSize, cap);
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from (${matching} limit ${limit + 1}) counted`);
  const n = Number(row?.n ?? 0);
  return n > limit ? { total: limit, totalCapped: true } : { total: n, totalCapped: false };
}

/** `select 1` for `cappedTotal`'s `matching`: the list's own from/joins/where follow. */
export const one: { one: SQL<number> } = { one: sql<number>`1` };

/**
 * A list page's rows in two statements: the page's ids first (ordered, limited — an index serves it), then only those
 * rows joined and described, the ids passed as values. Given as a subquery (`id in (select … limit 20)`) PostgreSQL
 * may join the whole table first and filter late (the quotation list at scale 10: every quotation joined with half a
 * million communications, 270–450 ms, for 20 rows).
 */
export async function pageRows<T>(ids: PromiseLike<{ id: string }[]>, describe: (ids: string[]) => PromiseLike<T[]>): Promise<T[]> {
  const chosen = (await ids).map((r) => r.id);
  return chosen.length ? await describe(chosen) : [];
}
