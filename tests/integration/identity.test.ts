import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { seedOrganisation } from '../../server/identity/index.js';
import { ADMIN_PASSWORD, adminClient, client, engines, expectProblem, signIn, testApp, userWithRoles } from '../support/harness.js';

describe.each(engines())('identity on %s', (engine) => {
  it('signs in, tells who I am, and signs out', async () => {
    const { app } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const me = (await api.get('/api/auth/me')).json();
    expect(me.username).toBe('admin');
    expect(me.roles).toEqual(['admin']);
    expect(me.permissions).toContain('users.admin');
    expect(me.csrfToken).toBe(session.csrf);
    expect((await api.post('/api/auth/logout')).statusCode).toBe(200);
    expectProblem(await api.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('locks the account after five wrong passwords, even against the right one, without telling the caller; an admin reset unlocks', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    const anon = client(app, null, 'en-US');
    for (let i = 0; i < 5; i++) {
      expectProblem(await anon.post('/api/auth/login', { username: 'clerk', password: 'wrong-password' }), 401, 'INVALID_CREDENTIALS');
    }
    const locked = expectProblem(await anon.post('/api/auth/login', { username: 'clerk', password: 'clerk-password-1' }), 401, 'INVALID_CREDENTIALS');
    expect(locked.detail).toMatch(/Wrong user name or password/);
    const audit = await rows<{ action: string }>(
      database.db,
      sql`select action from audit_log where ref_id = ${clerk.id} and (action like '%lock%' or action like 'login.%') order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['login.failed', 'login.failed', 'login.failed', 'login.failed', 'account.locked', 'login.refused']);

    const users = (await admin.get('/api/users')).json().items as { id: string; username: string; lockedUntil: string | null; version: number }[];
    const lockedUser = users.find((u) => u.username === 'clerk')!;
    expect(lockedUser.lockedUntil).not.toBeNull();
    expect((await admin.post(`/api/users/${lockedUser.id}/password`, { version: lockedUser.version, password: 'temporary-pass-9' })).statusCode).toBe(200);
    const again = await signIn(app, 'clerk', 'temporary-pass-9');
    expect((await client(app, again).get('/api/auth/me')).json().mustChangePassword).toBe(true);
  });

  it('answers an unknown user name exactly like a wrong password', async () => {
    const { app } = await testApp(engine);
    expectProblem(await client(app, null).post('/api/auth/login', { username: 'nobody', password: 'whatever-1' }), 401, 'INVALID_CREDENTIALS');
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const { app } = await testApp(engine);
    const { session } = await adminClient(app);
    const res = await app.inject({ method: 'PUT', url: '/api/auth/preferences', headers: { cookie: session.cookie }, payload: { locale: 'en-US' } });
    expectProblem(res, 403, 'CSRF_INVALID');
  });

  it('changes my password: the wrong current one is refused, the old sessions end', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const other = await signIn(app, 'admin', ADMIN_PASSWORD);
    const wrong = expectProblem(
      await api.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'brand-new-pass-1' }),
      422,
      'WRONG_PASSWORD',
    );
    expect(wrong.errors?.[0]?.path).toBe('body.currentPassword');
    expect((await api.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'brand-new-pass-1' })).statusCode).toBe(200);
    expect((await api.get('/api/auth/me')).statusCode).toBe(200);
    expectProblem(await client(app, other).get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    await signIn(app, 'admin', 'brand-new-pass-1');
  });

  it('keeps user administration to administrators and protects the last admin', async () => {
    const { app } = await testApp(engine);
    const { api: admin, session } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    expectProblem(await clerk.api.get('/api/users'), 403, 'FORBIDDEN');
    expectProblem(await clerk.api.post('/api/users', {}), 403, 'FORBIDDEN');
    const me = (await admin.get('/api/users')).json().items.find((u: { username: string }) => u.username === 'admin');
    const res = await admin.put(`/api/users/${session.me.id}`, {
      version: me.version,
      displayName: 'x',
      locale: 'zh-CN',
      active: false,
      roles: ['admin'],
      departmentIds: me.departmentIds,
    });
    expectProblem(res, 409, 'LAST_ADMIN');
    const after = (await admin.get('/api/users')).json().items.find((u: { username: string }) => u.username === 'admin');
    expect(after.active).toBe(true);
    expect(after.version).toBe(me.version);
  });

  it('lets an administrator rename a department and change what a role grants', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const depts = (await admin.get('/api/departments')).json().items as { id: string; code: string; version: number; name: { zh: string } }[];
    expect(depts.map((d) => d.code)).toContain('quality');
    const quality = depts.find((d) => d.code === 'quality')!;
    const renamed = await admin.put(`/api/departments/${quality.id}`, { version: quality.version, nameZh: '质量部', nameEn: 'Quality', active: true });
    expect(renamed.json().name.zh).toBe('质量部');
    expectProblem(
      await admin.put(`/api/departments/${quality.id}`, { version: quality.version, nameZh: '品管部', nameEn: 'QC', active: true }),
      409,
      'VERSION_CONFLICT',
    );

    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    expect(clerk.session.me.permissions).not.toContain('contacts.personal.read');
    const roles = (await admin.get('/api/roles')).json().items as { code: string; permissions: string[]; version: number }[];
    const staff = roles.find((r) => r.code === 'staff')!;
    await admin.put('/api/roles/staff', { version: staff.version, permissions: [...staff.permissions, 'contacts.personal.read'] });
    expect((await clerk.api.get('/api/auth/me')).json().permissions).toContain('contacts.personal.read');
  });

  it('gives the default roles the permissions a new release adds, but never re-grants one the company took away', async () => {
    const { database } = await testApp(engine);
    const perms = async (code: string) =>
      (await rows<{ permissions: string[] }>(database.db, sql`select permissions from roles where code = ${code}`))[0]!.permissions;
    // an older database: it never knew orders.write; the company took orders.read away from staff on purpose
    await database.db.execute(sql`update roles set permissions = permissions - 'orders.write' - 'orders.read' where code = 'staff'`);
    await database.db.execute(sql`update roles set permissions = permissions - 'orders.write' where code in ('manager', 'gm', 'vp', 'admin')`);
    await database.db.execute(sql`update organisation set known_permissions = known_permissions - 'orders.write'`);
    expect(await perms('staff')).not.toContain('orders.write');

    await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
    expect(await perms('staff')).toContain('orders.write');
    expect(await perms('staff')).not.toContain('orders.read');
    expect(await perms('manager')).toContain('orders.write');
    expect(await perms('admin')).toContain('orders.write');
    const audit = await rows<{ ref_id: string; reason: string }>(database.db, sql`select ref_id, reason from audit_log where ref_type = 'role' order by id`);
    expect(audit.map((a) => a.ref_id)).toEqual(expect.arrayContaining(['staff', 'manager', 'admin']));
    expect(audit.every((a) => a.reason === 'new release permissions')).toBe(true);

    // a second start changes nothing
    const before = audit.length;
    await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
    expect((await rows(database.db, sql`select 1 from audit_log where ref_type = 'role'`)).length).toBe(before);

    // a database from before the tracking: what no role but admin holds counts as new
    await database.db.execute(sql`update roles set permissions = permissions - 'products.read' where code <> 'admin'`);
    await database.db.execute(sql`update organisation set known_permissions = null`);
    await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
    expect(await perms('staff')).toContain('products.read');
    expect(await perms('staff')).not.toContain('orders.read');
  });

  it('rate-limits sign-in attempts per address with a 429 problem', async () => {
    const { database, dataDir } = await testApp(engine);
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '3' }), database, logger: false });
    try {
      const anon = client(app, null, 'en-US');
      for (let i = 0; i < 3; i++) expect((await anon.post('/api/auth/login', { username: 'ghost', password: 'x' })).statusCode).toBe(401);
      const limited = expectProblem(await anon.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 429, 'RATE_LIMITED');
      expect(limited.detail).toMatch(/Too many/);
    } finally {
      await app.close();
    }
  });
});
