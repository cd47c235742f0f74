import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repositories accept either the database or a transaction. */
export type Executor = Db | Tx;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /**
   * Run `fn` while no other instance on the same database runs start-up work: migrations, the first-start
   * seeding and upgrades. PostgreSQL: a session advisory lock on a dedicated connection; PGlite has one process.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The advisory lock key of start-up work (migrations, seeding, upgrades). */
const STARTUP_LOCK = 727001;

export const migrationsFolder = path.join(projectRoot, 'migrations');
/** A freshly initialised, empty PGlite cluster: loading it is ~4x faster than initdb. */
export const pgliteTemplatePath = path.join(projectRoot, 'server/platform/db/pglite-template.tar.gz');

async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  const fresh = !dataDir || !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const options: ConstructorParameters<typeof PGlite>[0] = { extensions: { pg_trgm } };
  if (fresh && fs.existsSync(pgliteTemplatePath)) {
    const bytes = fs.readFileSync(pgliteTemplatePath);
    options.loadDataDir = new Blob([bytes]);
  }
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    options.dataDir = dataDir;
  }
  const client = new PGlite(options);
  await client.waitReady;
  return client;
}

/** Open PGlite (in `dataDir`, or in memory when undefined) and apply the migrations. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const client = await createPglite(dataDir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return { db, engine: 'pglite', exclusive: (fn) => fn(), close: () => client.close() };
}

/**
 * A connection that sends its queries one after the other. Several statements of one transaction may be asked for at
 * once (a bulk writer hands over its next statement while the current one runs, `Promise.all` of reads in a
 * transaction); node-postgres used to queue them itself and now deprecates that (pg@9 removes it). The queue is kept
 * here, in call order; a query with a callback or a custom submittable (a cursor) goes straight to the driver.
 */
class SerialClient extends pg.Client {
  #tail: Promise<unknown> = Promise.resolve();
  override query(...args: unknown[]): never {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args.at(-1) === 'function' || typeof first?.submit === 'function') return (super.query as (...a: unknown[]) => never)(...args);
    const run = this.#tail.then(() => (super.query as (...a: unknown[]) => Promise<unknown>)(...args));
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run as never;
  }
}

/** Open PostgreSQL through node-postgres and apply the migrations. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: SerialClient });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    const conn = await pool.connect();
    try {
      await conn.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
      return await fn();
    } finally {
      await conn.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
      conn.release();
    }
  };
  // Several instances may start at once: migrations run under the start-up lock.
  await exclusive(() => migratePg(db as never, { migrationsFolder }));
  return { db, engine: 'postgres', exclusive, close: () => pool.end() };
}

export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(path.join(opts.dataDir, 'pglite'));
}

/**
 * A query sent now. Drizzle's queries are lazy (sent when awaited, and `await` of such a thenable waits a microtask):
 * a bulk writer that sends its statements one after the other in one transaction calls this, so the database works
 * on a statement while the app prepares the next one (the driver queues them on the connection, in order).
 */
export function dispatch<T>(query: PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    query.then(resolve, reject);
  });
}

/** Rows of a raw query, the same on both drivers. */
export async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(res) ? res : res.rows;
}

export { sql };
