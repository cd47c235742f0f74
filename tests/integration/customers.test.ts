import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

const acme = {
  code: 'SZ-HQ01',
  nameZh: '深圳华强电子有限公司',
  nameEn: 'Shenzhen Huaqiang Electronics Co., Ltd.',
  grade: 'A',
  status: 'active',
  contactCadenceDays: 30,
  contacts: [
    { name: '李明', title: '采购经理', phone: '+86 755 8888 1234', email: 'liming@hq-elec.cn', isPrimary: true },
    { name: '张华', title: '品质主管', mobile: '13800138000' },
  ],
};

async function auditCount(db: Parameters<typeof rows>[0]) {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
  return r!.n;
}

describe.each(engines())('customer master on %s', (engine) => {
  it('creates a customer with contacts, audited, and finds it by code, Chinese or English name', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const res = await api.post('/api/customers', acme);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({ code: 'SZ-HQ01', nameZh: acme.nameZh, grade: 'A', status: 'active', acceptedByGm: false, version: 1, contactDue: true });
    expect(c.contacts).toHaveLength(2);
    expect(c.contacts[0]).toMatchObject({ name: '李明', isPrimary: true, phone: '+86 755 8888 1234' });

    for (const q of ['HQ01', '华强', 'huaqiang']) {
      const list = (await api.get(`/api/customers?q=${encodeURIComponent(q)}`)).json();
      expect(
        list.items.map((x: { code: string }) => x.code),
        q,
      ).toEqual(['SZ-HQ01']);
    }
    const history = (await api.get(`/api/history/customer/${c.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'create', 'create']);
  });

  it('sorts Chinese names by pinyin and pages the list', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    for (const [code, nameZh] of [
      ['C1', '中山五金'],
      ['C2', '阿里贸易'],
      ['C3', '北京精密'],
      ['C4', '东莞塑胶'],
    ]) {
      expect((await api.post('/api/customers', { code, nameZh })).statusCode).toBe(200);
    }
    const byName = (await api.get('/api/customers?sort=name')).json();
    expect(byName.items.map((x: { nameZh: string }) => x.nameZh)).toEqual(['阿里贸易', '北京精密', '东莞塑胶', '中山五金']);
    const page2 = (await api.get('/api/customers?sort=code&page=2&pageSize=3')).json();
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((x: { code: string }) => x.code)).toEqual(['C4']);
  });

  it('refuses a stale update with 409 and writes nothing', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const c = (await api.post('/api/customers', acme)).json();
    const fields = {
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      grade: 'B',
      status: 'active',
      ownerId: null,
      contactCadenceDays: 30,
      preferredLanguage: 'zh-CN',
      notes: null,
    };
    expect((await api.put(`/api/customers/${c.id}`, { ...fields, version: 1 })).json().version).toBe(2);
    const before = await auditCount(database.db);
    expectProblem(await api.put(`/api/customers/${c.id}`, { ...fields, grade: 'D', version: 1 }), 409, 'VERSION_CONFLICT');
    expect(await auditCount(database.db)).toBe(before);
    const now = (await api.get(`/api/customers/${c.id}`)).json();
    expect(now).toMatchObject({ grade: 'B', version: 2 });
  });

  it('answers malformed payloads with 400 and the field paths, in the user language, writing nothing', async () => {
    const { app, database } = await testApp(engine);
    const { session } = await adminClient(app);
    const en = client(app, session, 'en-US');
    await en.put('/api/auth/preferences', { locale: 'en-US' });
    const before = await auditCount(database.db);
    const bad = expectProblem(
      await en.post('/api/customers', { code: '!', nameZh: '', grade: 'Z', contacts: [{ name: '', email: 'not-mail' }] }),
      400,
      'VALIDATION_FAILED',
    );
    const paths = bad.errors!.map((e) => e.path).sort();
    expect(paths).toEqual(['body.code', 'body.contacts.0.email', 'body.contacts.0.name', 'body.grade', 'body.nameZh']);
    expect(bad.detail).toMatch(/invalid/i);
    const zh = client(app, session, 'zh-CN');
    await zh.put('/api/auth/preferences', { locale: 'zh-CN' });
    const badZh = expectProblem(await zh.post('/api/customers', { code: 'OK1' }), 400, 'VALIDATION_FAILED');
    expect(badZh.errors![0]).toMatchObject({ path: 'body.nameZh' });
    expect(badZh.detail).toMatch(/字段/);
    expect(await auditCount(database.db)).toBe(before + 1); // only the second preference change
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      payload: '{"code":',
    });
    expectProblem(notJson, 400, 'BAD_REQUEST');
    expectProblem(await zh.get('/api/customers/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectProblem(await zh.get('/api/customers?pageSize=100000'), 400, 'VALIDATION_FAILED');
  });

  it('refuses a duplicate code, names the field, and keeps the first', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    await api.post('/api/customers', acme);
    const dup = expectProblem(await api.post('/api/customers', { ...acme, code: 'sz-hq01', nameZh: '另一个' }), 409, 'DUPLICATE_CODE');
    expect(dup.errors?.[0]?.path).toBe('body.code');
    expect((await api.get('/api/customers')).json().total).toBe(1);
  });

  it('lets only a GM accept a new customer; voiding hides it and blocks edits', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const manager = await userWithRoles(app, admin, 'wang', ['manager']);
    const gm = await userWithRoles(app, admin, 'boss', ['gm']);
    const c = (await manager.api.post('/api/customers', { code: 'NEW1', nameZh: '新客户' })).json();
    expectProblem(await manager.api.post(`/api/customers/${c.id}/accept`, { version: c.version }), 403, 'FORBIDDEN');
    const accepted = (await gm.api.post(`/api/customers/${c.id}/accept`, { version: c.version, reason: '同意开发' })).json();
    expect(accepted).toMatchObject({ acceptedByGm: true, version: 2 });
    expect(accepted.acceptedAt).not.toBeNull();
    expectProblem(await manager.api.post(`/api/customers/${c.id}/void`, { version: 2 }), 400, 'VALIDATION_FAILED');
    expect((await manager.api.post(`/api/customers/${c.id}/void`, { version: 2, reason: '重复建档' })).json().voided).toBe(true);
    expect((await manager.api.get('/api/customers')).json().total).toBe(0);
    expect((await manager.api.get('/api/customers?includeVoided=true')).json().total).toBe(1);
    const fields = { nameZh: '新客户', version: 3 };
    expectProblem(await manager.api.put(`/api/customers/${c.id}`, fields), 409, 'RECORD_VOIDED');
  });

  it('maintains contacts: add, edit, one primary, void with reason', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const c = (await api.post('/api/customers', acme)).json();
    const added = (await api.post(`/api/customers/${c.id}/contacts`, { name: 'Anna Schmidt', title: 'SQE', email: 'anna@example.de', isPrimary: true })).json();
    const after = (await api.get(`/api/customers/${c.id}`)).json();
    expect(after.contacts.filter((x: { isPrimary: boolean }) => x.isPrimary).map((x: { name: string }) => x.name)).toEqual(['Anna Schmidt']);
    const edited = (await api.put(`/api/customers/${c.id}/contacts/${added.id}`, { ...added, title: 'Supplier Quality Engineer' })).json();
    expect(edited).toMatchObject({ title: 'Supplier Quality Engineer', version: 2 });
    expectProblem(await api.put(`/api/customers/${c.id}/contacts/${added.id}`, { ...added, title: 'x' }), 409, 'VERSION_CONFLICT');
    const voided = (await api.post(`/api/customers/${c.id}/contacts/${added.id}/void`, { version: 2, reason: 'left the company' })).json();
    expect(voided.voided).toBe(true);
    const history = (await api.get(`/api/history/contact/${added.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'void']);
    expect(history.entries[2].reason).toBe('left the company');
  });
});
