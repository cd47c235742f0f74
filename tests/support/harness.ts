import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { applyProcessConfig, buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { openPglite, openPostgres, rows, type Database, type Engine } from '../../server/platform/db/client.js';
import { seedOrganisation } from '../../server/identity/index.js';
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
  const config = loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD, LOGIN_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'silent', MAX_UPLOAD_MB: '1', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
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

export async function resetDatabase(database: Database) {
  const tables = await rows<{ tablename: string }>(database.db, sql`select tablename from pg_tables where schemaname = 'public'`);
  const names = tables.map((t) => `"${t.tablename}"`).join(', ');
  await database.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
  await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
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
