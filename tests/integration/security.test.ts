import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rows } from '../../server/platform/db/client.js';
import { buildApp, webDist } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { AdminPasswordError, seedOrganisation } from '../../server/identity/index.js';
import { ADMIN_PASSWORD, adminClient, client, engines, expectProblem, resetDatabase, signIn, testApp, userWithRoles } from '../support/harness.js';

async function withApp<T>(
  env: Record<string, string>,
  t: { database: Parameters<typeof buildApp>[0]['database']; dataDir: string },
  fn: (app: FastifyInstance) => Promise<T>,
) {
  const app = await buildApp({ config: loadConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', ...env }), database: t.database, logger: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

const login = (app: FastifyInstance, username: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-US', ...headers }, payload: { username, password } });

describe.each(engines())('sign-in and browser security on %s', (engine) => {
  // ---- 1. trusted proxies -----------------------------------------------------------------
  it('by default trusts no proxy: rotating X-Forwarded-For does not escape the sign-in rate limit', async () => {
    const t = await testApp(engine);
    await withApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' }, t, async (app) => {
      for (let i = 0; i < 3; i++) expect((await login(app, 'ghost', 'x', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode).toBe(401);
      expectProblem(await login(app, 'admin', ADMIN_PASSWORD, { 'x-forwarded-for': '203.0.113.99' }), 429, 'RATE_LIMITED');
    });
  });

  it('with TRUST_PROXY naming the proxy, the forwarded address is the client (rate limit and audit)', async () => {
    const t = await testApp(engine);
    await withApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' }, t, async (app) => {
      for (let i = 0; i < 3; i++) expect((await login(app, 'ghost', 'x', { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(401);
      expectProblem(await login(app, 'ghost', 'x', { 'x-forwarded-for': '203.0.113.7' }), 429, 'RATE_LIMITED');
      // another client behind the same proxy has its own budget; its address is what the audit keeps
      expect((await login(app, 'admin', ADMIN_PASSWORD, { 'x-forwarded-for': '198.51.100.20' })).statusCode).toBe(200);
    });
    const audit = await rows<{ after: { ip: string } }>(t.database.db, sql`select after from audit_log where action = 'login' order by id desc limit 1`);
    expect(audit[0]!.after.ip).toBe('198.51.100.20');
  });

  it('reads TRUST_PROXY as a hop count or a list of addresses/CIDRs, and refuses anything else by name', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  // ---- 2. no username oracle, back-off lockout, unlock, notification -----------------------
  it('answers an unknown user, a wrong password and a locked account the same way', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    await userWithRoles(app, admin, 'clerk', ['staff']);
    const unknown = await login(app, 'nobody-here', 'wrong-password');
    for (let i = 0; i < 5; i++) await login(app, 'clerk', 'wrong-password');
    const locked = await login(app, 'clerk', 'wrong-password');
    const lockedRight = await login(app, 'clerk', 'clerk-password-1');
    const wrong = await login(app, 'admin', 'wrong-password');
    for (const res of [unknown, locked, lockedRight, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(res.body).toBe(unknown.body);
    }
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
    // an unknown name costs the same work (hash check and an audit row) and is not kept
    const audit = await rows<{ after: unknown }>(database.db, sql`select after from audit_log where ref_type = 'login' and action = 'login.failed'`);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('nobody-here');
  });

  it('locks after five failures for a minute, then for twice as long each time, up to 15 minutes; a success starts afresh', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    const lockedFor = async () => {
      const [row] = await rows<{ s: number | null }>(
        database.db,
        sql`select extract(epoch from locked_until - now())::float8 as s from users where id = ${clerk.id}`,
      );
      return row!.s === null ? null : Math.round(Number(row!.s) / 60);
    };
    const expire = () => database.db.execute(sql`update users set locked_until = now() - interval '1 second' where id = ${clerk.id}`);
    for (let i = 0; i < 4; i++) await login(app, 'clerk', 'wrong-password');
    expect(await lockedFor()).toBeNull();
    await login(app, 'clerk', 'wrong-password');
    expect(await lockedFor()).toBe(1);
    // attempts while locked do not extend the lock
    await login(app, 'clerk', 'wrong-password');
    expect(await lockedFor()).toBe(1);
    const minutes = [];
    for (let i = 0; i < 6; i++) {
      await expire();
      await login(app, 'clerk', 'wrong-password');
      minutes.push(await lockedFor());
    }
    expect(minutes).toEqual([2, 4, 8, 15, 15, 15]);
    // not a permanent lock: once it ends, the right password signs in and the count starts afresh
    await expire();
    expect((await login(app, 'clerk', 'clerk-password-1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login(app, 'clerk', 'wrong-password');
    expect(await lockedFor()).toBeNull();
    const audit = await rows<{ action: string }>(
      database.db,
      sql`select action from audit_log where ref_id = ${clerk.id} and action in ('account.locked', 'login.refused') order by id`,
    );
    expect(audit.filter((a) => a.action === 'account.locked')).toHaveLength(7);
    expect(audit.filter((a) => a.action === 'login.refused')).toHaveLength(1);
  });

  it('tells the user in the app that the account was locked', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    for (let i = 0; i < 5; i++) await login(app, 'clerk', 'wrong-password');
    await drainOutbox(database.db);
    const list = (await clerk.api.get('/api/notifications')).json() as {
      items: { messageKey: string; params: Record<string, string>; url: string }[];
      unread: number;
    };
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ messageKey: 'account.locked', params: { minutes: '1', failures: '5' }, url: '/account/password' });
  });

  it('lets an administrator unlock an account (audited); nobody else can', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin, session } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    const other = await userWithRoles(app, admin, 'other', ['manager']);
    for (let i = 0; i < 5; i++) await login(app, 'clerk', 'wrong-password');
    expect((await login(app, 'clerk', 'clerk-password-1')).statusCode).toBe(401);
    expectProblem(await other.api.post(`/api/users/${clerk.id}/unlock`), 403, 'FORBIDDEN');
    const res = await admin.post(`/api/users/${clerk.id}/unlock`);
    expect(res.statusCode).toBe(200);
    expect(res.json().lockedUntil).toBeNull();
    expectProblem(await admin.post('/api/users/00000000-0000-4000-8000-000000000000/unlock'), 404, 'NOT_FOUND');
    expect((await login(app, 'clerk', 'clerk-password-1')).statusCode).toBe(200);
    const audit = await rows<{ actor_id: string; before: { lockedUntil: string | null } }>(
      database.db,
      sql`select actor_id, before from audit_log where ref_id = ${clerk.id} and action = 'account.unlocked'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(session.me.id);
    expect(audit[0]!.before.lockedUntil).not.toBeNull();
  });

  it('gives staff pickers names and departments, but user names only to user administrators', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    const staffView = (await clerk.api.get('/api/users/options')).json().items as Record<string, unknown>[];
    expect(staffView.length).toBeGreaterThanOrEqual(2);
    for (const u of staffView) {
      expect(u).not.toHaveProperty('username');
      // the pinyin of the display name lets a picker find 王经理 by 'wang'; it is not the sign-in name
      expect(Object.keys(u).sort()).toEqual(['departmentIds', 'displayName', 'id', 'searchKey']);
    }
    expect(JSON.stringify(staffView)).not.toContain('"admin"');
    const adminView = (await admin.get('/api/users/options')).json().items as { username?: string }[];
    expect(adminView.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'clerk']));
  });

  // ---- 3. password policy ------------------------------------------------------------------
  it('refuses short and common passwords with PASSWORD_TOO_WEAK and the reason in the user language', async () => {
    const { app } = await testApp(engine);
    const { session } = await adminClient(app);
    const api = client(app, session);
    // the message follows the user's own language (zh-CN for the admin at first)
    const short = expectProblem(await api.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Short-pw-1' }), 422, 'PASSWORD_TOO_WEAK');
    expect(short.errors).toEqual([{ path: 'body.newPassword', code: 'too_short', message: '密码至少需要 12 个字符。' }]);
    const commonZh = expectProblem(
      await api.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'password1234' }),
      422,
      'PASSWORD_TOO_WEAK',
    );
    expect(commonZh.errors![0]!.path).toBe('body.newPassword');
    expect(commonZh.errors![0]!.message).toMatch(/常用密码/);
    expect((await api.put('/api/auth/preferences', { locale: 'en-US' })).statusCode).toBe(200);
    const common = expectProblem(
      await api.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'password1234' }),
      422,
      'PASSWORD_TOO_WEAK',
    );
    expect(common.errors![0]!.message).toMatch(/common/i);
    const shortEn = expectProblem(
      await api.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Short-pw-1' }),
      422,
      'PASSWORD_TOO_WEAK',
    );
    expect(shortEn.errors![0]!.message).toBe('The password needs at least 12 characters.');
    // the old password still works: nothing was written
    await signIn(app, 'admin', ADMIN_PASSWORD);
  });

  it("applies the policy to an administrator's new users and temporary passwords", async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const depts = (await admin.get('/api/departments')).json().items as { id: string }[];
    const body = { username: 'zhangwei', displayName: '张伟', roles: ['staff'], departmentIds: [depts[0]!.id], locale: 'zh-CN' };
    const weak = expectProblem(await admin.post('/api/users', { ...body, password: 'zhangwei1234' }), 422, 'PASSWORD_TOO_WEAK');
    expect(weak.errors![0]!.path).toBe('body.password');
    expect((await admin.get('/api/users')).json().items.map((u: { username: string }) => u.username)).not.toContain('zhangwei');
    const created = await admin.post('/api/users', { ...body, password: 'blue-screwdriver-drawer-3' });
    expect(created.statusCode).toBe(200);
    const u = created.json() as { id: string; version: number };
    const reset = expectProblem(await admin.post(`/api/users/${u.id}/password`, { version: u.version, password: 'qwertyuiop12' }), 422, 'PASSWORD_TOO_WEAK');
    expect(reset.errors![0]!.path).toBe('body.password');
  });

  it('refuses to create the first administrator with a weak ADMIN_PASSWORD, saying why', async () => {
    const { database } = await testApp(engine);
    await database.db.execute(sql`truncate organisation, users, roles, departments cascade`);
    await expect(seedOrganisation(database.db, { adminPassword: 'admin123', timeZone: 'Asia/Shanghai' })).rejects.toThrow(AdminPasswordError);
    await expect(seedOrganisation(database.db, { adminPassword: 'admin123', timeZone: 'Asia/Shanghai' })).rejects.toThrow(/ADMIN_PASSWORD.*12/);
    await resetDatabase(database);
  });

  // ---- 4. headers, cross-site writes, API documentation --------------------------------------
  it('sends security headers on every answer: API, refusals, unknown paths and the web app', async () => {
    const { app } = await testApp(engine);
    for (const url of ['/api/health', '/api/customers', '/api/nope', '/', '/customers']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
    // a hashed script of the web app: only what means something for a script (each first load fetches ~50–90 of them)
    const script = fs.readdirSync(path.join(webDist, 'assets')).find((f) => /^react-[\w-]+\.js$/.test(f));
    if (script) {
      const res = await app.inject({ method: 'GET', url: `/assets/${script}`, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toContain('immutable');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      for (const h of ['strict-transport-security', 'cross-origin-opener-policy', 'x-xss-protection', 'x-frame-options', 'etag', 'last-modified'])
        expect(res.headers[h], h).toBeUndefined();
      const headerBytes = Object.entries(res.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
      expect(headerBytes).toBeLessThan(550);
    }
  });

  it('refuses cross-site writes with 403 CROSS_SITE_REQUEST; same-origin pages and non-browser clients pass', async () => {
    const { app } = await testApp(engine);
    const { session } = await adminClient(app);
    const put = (headers: Record<string, string>) =>
      app.inject({
        method: 'PUT',
        url: '/api/auth/preferences',
        headers: { host: 'accord.example', cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US', ...headers },
        payload: { locale: 'zh-CN' },
      });
    const refused = expectProblem(await put({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), 403, 'CROSS_SITE_REQUEST');
    expect(refused.detail).toMatch(/another site/);
    expectProblem(await put({ 'sec-fetch-site': 'same-site' }), 403, 'CROSS_SITE_REQUEST');
    expectProblem(await put({ origin: 'https://evil.example' }), 403, 'CROSS_SITE_REQUEST');
    expectProblem(await put({ origin: 'null' }), 403, 'CROSS_SITE_REQUEST');
    expect((await put({ 'sec-fetch-site': 'same-origin', origin: 'http://accord.example' })).statusCode).toBe(200);
    expect((await put({ origin: 'http://accord.example' })).statusCode).toBe(200);
    expect((await put({})).statusCode).toBe(200);
    // sign-in itself is a write: a cross-site page cannot sign a browser in (login CSRF)
    expectProblem(await login(app, 'admin', ADMIN_PASSWORD, { 'sec-fetch-site': 'cross-site' }), 403, 'CROSS_SITE_REQUEST');
    // reading is not refused
    expect((await app.inject({ method: 'GET', url: '/api/health', headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
  });

  it('shows the API documentation to signed-in users only, unless API_DOCS_PUBLIC=true', async () => {
    const t = await testApp(engine);
    const anon = client(t.app, null);
    expectProblem(await anon.get('/api/openapi.json'), 401, 'UNAUTHENTICATED');
    expectProblem(await anon.get('/api/docs/'), 401, 'UNAUTHENTICATED');
    const { api } = await adminClient(t.app);
    expect((await api.get('/api/openapi.json')).json().openapi).toMatch(/^3\./);
    expect((await api.get('/api/docs/')).statusCode).toBe(200);
    await withApp({ API_DOCS_PUBLIC: 'true' }, t, async (app) => {
      expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
    });
  });
});
