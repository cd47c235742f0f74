import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { applyProcessConfig, buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { openPglite, openPostgres, rows, type Database, type Engine } from '../../server/platform/db/client.js';
import { seedOrganisation } from '../../server/identity/index.js';
import { auditKeyFingerprint } from '../../server/platform/audit/index.js';
import { adminQuery, workerDatabaseUrl } from './postgres.js';
import { insertFixtureUser } from './fixtures.js';

export const ADMIN_PASSWORD = 'admin-password-1';

/** The engines integration tests run on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function engines(): Engine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
}

const cache = new Map<Engine, Promise<TestApp>>();
const databases = new WeakMap<FastifyInstance, Database>();

async function open(engine: Engine): Promise<TestApp> {
  let database: Database;
  if (engine === 'postgres') {
    const base = process.env.DATABASE_URL!;
    const { url, name } = workerDatabaseUrl(base, `${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}`);
    await adminQuery(base, `drop database if exists "${name}" with (force)`);
    await adminQuery(base, `create database "${name}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
    database = await openPostgres(url, 5);
  } else {
    database = await openPglite(undefined);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `accord-test-${engine}-`));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    MAX_UPLOAD_MB: '1',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  const app = await buildApp({ config, database, logger: false });
  databases.set(app, database);
  return { app, database, dataDir };
}

/** One app and database per worker and engine, emptied and re-seeded for each test. */
export async function testApp(engine: Engine): Promise<TestApp> {
  if (!cache.has(engine)) cache.set(engine, open(engine));
  const t = await cache.get(engine)!;
  // another file of this worker may have built an app of its own since (its data directory, its keys)
  applyProcessConfig(t.app.config);
  await resetDatabase(t.database);
  return t;
}

/**
 * Every test starts from the seeded organisation. The first reset of a worker's database seeds it and keeps a copy of
 * what the seed wrote (schema `test_seed`: its rows, without generated columns, and where each sequence stood); every
 * later reset deletes all rows and copies the seed back — triggers and foreign keys off for both
 * (`session_replication_role = replica`, inside one statement). On PostgreSQL a TRUNCATE of the ~90 tables costs ~2 s
 * (new files for each table), the deletes ~60 ms; the copy saves the seed's password hash and inserts. Deleted rows
 * leave dead tuples (PGlite has no autovacuum): every 25th reset truncates instead.
 */
interface SeedSnapshot {
  restore: string;
  resets: number;
  /** the audit key the seed's audit row was sealed with: a file that changes the key (a backup restored into the
   * worker's data directory) makes the copy stale — then the seed runs again */
  auditKey: string;
}
const snapshots = new WeakMap<Database, SeedSnapshot>();
const CLEAR = `do $$ declare r record; begin
  perform set_config('session_replication_role', 'replica', true);
  for r in select tablename from pg_tables where schemaname = 'public' loop execute format('delete from public.%I', r.tablename); end loop;
end $$`;

async function truncateAll(database: Database) {
  const tables = await rows<{ tablename: string }>(database.db, sql`select tablename from pg_tables where schemaname = 'public'`);
  const names = tables.map((t) => `"${t.tablename}"`).join(', ');
  await database.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
}

async function takeSnapshot(database: Database): Promise<SeedSnapshot> {
  const db = database.db;
  await db.execute(sql.raw('drop schema if exists test_seed cascade'));
  await db.execute(sql.raw('create schema test_seed'));
  const columns = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.table_name, c.column_name from information_schema.columns c
        join pg_tables t on t.schemaname = c.table_schema and t.tablename = c.table_name
        where c.table_schema = 'public' and c.is_generated = 'NEVER' order by c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), `"${c.column_name}"`]);
  const copies: string[] = [];
  for (const [table, cols] of byTable) {
    const [count] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from public."${table}"`));
    if (!count?.n) continue;
    await db.execute(sql.raw(`create table test_seed."${table}" as select ${cols.join(', ')} from public."${table}"`));
    copies.push(`insert into public."${table}" (${cols.join(', ')}) overriding system value select ${cols.join(', ')} from test_seed."${table}";`);
  }
  const sequences = await rows<{ name: string; last_value: string | null }>(
    db,
    sql`select sequencename as name, last_value::text from pg_sequences where schemaname = 'public'`,
  );
  const seqs = sequences.map((q) =>
    q.last_value === null ? `execute 'alter sequence public."${q.name}" restart';` : `perform setval('public."${q.name}"', ${q.last_value}, true);`,
  );
  const restore = `do $$ begin
  perform set_config('session_replication_role', 'replica', true);
  ${copies.join('\n  ')}
  ${seqs.join('\n  ')}
end $$`;
  return { restore, resets: 0, auditKey: auditKeyFingerprint() };
}

export async function resetDatabase(database: Database) {
  let snapshot = snapshots.get(database);
  if (snapshot && snapshot.auditKey !== auditKeyFingerprint()) {
    snapshots.delete(database);
    snapshot = undefined;
  }
  if (!snapshot || ++snapshot.resets % 25 === 0) await truncateAll(database);
  else await database.db.execute(sql.raw(CLEAR));
  if (snapshot) {
    await database.db.execute(sql.raw(snapshot.restore));
    return;
  }
  await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
  snapshots.set(database, await takeSnapshot(database));
}

export interface Session {
  cookie: string;
  csrf: string;
  me: { id: string; permissions: string[] };
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'accord_session');
  const me = res.json() as { id: string; csrfToken: string; permissions: string[] };
  return { cookie: `accord_session=${setCookie!.value}`, csrf: me.csrfToken, me };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** A small client bound to a session: `api.post('/api/x', body)`. */
export function client(app: FastifyInstance, session: Session | null, locale = 'zh-CN') {
  const call = (method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: {
        'accept-language': locale,
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    put: (url: string, body?: unknown) => call('PUT', url, body ?? {}),
    call,
  };
}
export type Client = ReturnType<typeof client>;

export async function adminClient(app: FastifyInstance) {
  const session = await signIn(app, 'admin', ADMIN_PASSWORD);
  return { session, api: client(app, session) };
}

/**
 * A user with the given roles in one department (sales by default), signed in: as the administrator's
 * POST /api/users makes it (password `<username>-password-1`, to be changed at first sign-in), written
 * as a fixture with the password's hash computed once per worker (tests/support/fixtures.ts).
 */
export async function userWithRoles(app: FastifyInstance, _admin: Client, username: string, roles: string[], department = 'sales') {
  const database = databases.get(app);
  if (!database) throw new Error('userWithRoles: not an app of testApp()');
  const password = `${username}-password-1`;
  const id = await insertFixtureUser(database.db, { username, displayName: username, roles, departments: [department], password, locale: 'zh-CN' });
  const session = await signIn(app, username, password);
  return { session, api: client(app, session), id };
}

export function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  const body = res.json() as { code: string; status: number };
  if (res.statusCode !== status || body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.statusCode} ${res.body}`);
  }
  return body as { code: string; status: number; detail: string; errors?: { path: string; code: string; message: string }[] };
}
