/**
 * Database helpers for the benchmarks: scratch PostgreSQL databases and a bulk insert that
 * goes through the real tables (one multi-row INSERT … SELECT FROM json_to_recordset per batch,
 * identical on PGlite and PostgreSQL).
 */
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database, type Executor } from '../../server/platform/db/client.js';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function adminQuery(adminUrl: string, text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server `baseUrl` points at. */
export function databaseUrl(baseUrl: string, name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Create (or re-create) a scratch database beside the one `adminUrl` names. */
export async function createScratchDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  await adminQuery(adminUrl, `create database "${name}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  return databaseUrl(adminUrl, name);
}

export async function dropScratchDatabase(adminUrl: string, name: string) {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`).catch(() => undefined);
}

export interface Target {
  engine: 'pglite' | 'postgres';
  /** PostgreSQL URL */
  url?: string;
  /** DATA_DIR of the app (PGlite lives in DATA_DIR/pglite) */
  dataDir?: string;
}

/** Open the app's database (migrations applied, as the app does at start-up). */
export function openTarget(t: Target, poolSize = 10): Promise<Database> {
  if (t.engine === 'postgres') return openPostgres(t.url!, poolSize);
  return openPglite(path.join(t.dataDir!, 'pglite'));
}

export interface Column {
  name: string;
  /** the SQL type in json_to_recordset's column list */
  type: string;
  /** expression that turns the json column into the table column (default: the column) */
  expr?: string;
}

/** Insert `rows` (objects keyed by column name) into `table`, `batch` rows per statement. */
export async function bulkInsert(db: Executor, table: string, columns: Column[], rows: object[], batch = 1000) {
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const select = columns.map((c) => c.expr ?? `"${c.name}"`).join(', ');
  const defs = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  for (let i = 0; i < rows.length; i += batch) {
    const json = JSON.stringify(rows.slice(i, i + batch));
    await db.execute(sql`${sql.raw(`insert into ${table} (${names}) select ${select} from json_to_recordset(`)}${json}${sql.raw(`::json) as x(${defs})`)}`);
  }
}
