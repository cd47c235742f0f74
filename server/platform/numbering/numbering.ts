import { sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../db/client.js';

/**
 * Gapless record numbers. A sequence leaves a hole whenever a transaction that took a value rolls
 * back, and an auditor reading C000041, C000043 asks where 42 went. Here the next number is taken
 * from the `counters` row inside the caller's transaction: a rollback gives the number back, and the
 * row lock makes concurrent writers of the same kind take turns until commit.
 *
 * `floor` is the highest number already used (an indexed max): it starts a counter that does not
 * exist yet (a database from before counters, a new year's order numbers) and keeps the counter
 * ahead of rows written by other paths (a bulk import).
 */
export async function nextNumber(tx: Executor, key: string, floor: SQL): Promise<number> {
  const [row] = await rows<{ value: string | number }>(tx, takeNumberSql(key, floor));
  return Number(row!.value);
}

/**
 * The statement behind nextNumber (`returning value`), for a writer that takes its number in the same
 * statement as its insert (a data-modifying CTE): one round trip less while the counter row is locked.
 */
export function takeNumberSql(key: string, floor: SQL): SQL {
  return sql`insert into counters (key, value) values (${key}, (${floor}) + 1)
        on conflict (key) do update set value = greatest(counters.value, excluded.value - 1) + 1
        returning value`;
}

/**
 * `count` consecutive numbers in one statement (a bulk writer: an import's batch); returns the first. Gapless
 * like nextNumber: a rollback gives them all back.
 */
export async function nextNumbers(tx: Executor, key: string, count: number, floor: SQL): Promise<number> {
  const [row] = await rows<{ value: string | number }>(
    tx,
    sql`insert into counters (key, value) values (${key}, (${floor}) + ${count}::bigint)
        on conflict (key) do update set value = greatest(counters.value, excluded.value - ${count}::bigint) + ${count}::bigint
        returning value`,
  );
  return Number(row!.value) - count + 1;
}
