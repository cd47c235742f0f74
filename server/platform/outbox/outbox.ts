import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Executor } from '../db/client.js';
import { rows } from '../db/client.js';
import { outbox } from '../platform.table.js';
import { startPeriodic, type StopPeriodic } from '../periodic/index.js';

/**
 * A handler runs in the drain's transaction (its own savepoint). It may return work for after the commit (an HTTP
 * call: claim → commit → deliver → record), given the database outside any transaction.
 */
export type AfterCommit = (db: Db) => Promise<void>;
export type OutboxHandler = (db: Db, payload: Record<string, unknown>) => Promise<void | AfterCommit>;
const handlers = new Map<string, OutboxHandler>();

export function registerOutboxHandler(topic: string, handler: OutboxHandler) {
  handlers.set(topic, handler);
}

/** Queue a side effect inside the business transaction; it runs after commit. */
export async function enqueue(tx: Executor, topic: string, payload: Record<string, unknown>, opts: { runAfter?: Date } = {}) {
  await tx.insert(outbox).values({ topic, payload, runAfter: opts.runAfter ?? null });
}

/**
 * Deliver pending rows. Rows are claimed with FOR UPDATE SKIP LOCKED so several app
 * instances never run the same side effect twice.
 */
export async function drainOutbox(db: Db, log?: FastifyBaseLogger, batch = 50): Promise<number> {
  let done = 0;
  const after: AfterCommit[] = [];
  await db.transaction(async (tx) => {
    const pending = await rows<{ id: number; topic: string; payload: Record<string, unknown> }>(
      tx,
      sql`select id, topic, payload from outbox where processed_at is null and attempts < 5 and (run_after is null or run_after <= now())
          order by id limit ${batch} for update skip locked`,
    );
    for (const row of pending) {
      const handler = handlers.get(row.topic);
      try {
        // a savepoint per row: a failing handler leaves no partial writes
        const then = handler ? await tx.transaction(async (sp) => handler(sp as unknown as Db, row.payload)) : undefined;
        if (then) after.push(then);
        await tx.execute(sql`update outbox set processed_at = now(), attempts = attempts + 1 where id = ${row.id}`);
        done++;
      } catch (err) {
        log?.error({ err, topic: row.topic }, 'outbox handler failed');
        await tx.execute(sql`update outbox set attempts = attempts + 1, last_error = ${String(err)} where id = ${row.id}`);
      }
    }
  });
  // after the commit: no row lock or transaction is held while these wait on the network; one failing does not stop the others
  const results = await Promise.allSettled(after.map((f) => f(db)));
  for (const r of results) if (r.status === 'rejected') log?.error({ err: r.reason }, 'outbox after-commit work failed');
  return done;
}

export function startOutboxWorker(db: Db, log: FastifyBaseLogger, intervalMs = 1000): StopPeriodic {
  return startPeriodic('outbox drain', () => drainOutbox(db, log), log, intervalMs);
}
