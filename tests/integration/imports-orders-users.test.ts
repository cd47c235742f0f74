import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { rows } from '../../server/platform/db/client.js';
import { importSettled } from '../../server/spreadsheets/index.js';
import { sealAudit, verifyAudit } from '../../server/platform/audit/index.js';
import { adminClient, engines, expectProblem, signIn, testApp, userWithRoles, type Session } from '../support/harness.js';

async function xlsx(headers: string[], data: (string | number | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of data) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(app: FastifyInstance, session: Session, kind: string, filename: string, content: Buffer) {
  const boundary = `----accord${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'zh-CN' },
    payload,
  });
}

const orderHeaders = ['客户编号', '客户订单号', '订货日期', '当前步骤', '型号', '数量', '要求交期', '单价'];

describe.each(engines())('importing open orders and users on %s', (engine) => {
  it('imports open orders with their lines AT their step, the clock running from the given time; audited, searchable, on the timeline; a PO on file is skipped', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const customer = (await api.post('/api/customers', { code: 'ORD-1', nameZh: '宁波精工' })).json();
    const file = await xlsx(
      [...orderHeaders, '进入步骤时间'],
      [
        ['ORD-1', 'PO-7001', '2026/3/5', '生产中', 'A100', 500, '2026-04-01', 1.25, '2026-03-10 09:00'],
        ['ORD-1', 'PO-7001', '2026/3/5', 'production', 'B200', '1,200', '2026-04-15', 2, '2026-03-10 09:00'],
        ['ord-1', 'PO-7002', '2026年3月6日', 'intake', 'A100', 10, '2026-03-30', null, null],
      ],
    );
    const job = (await upload(app, session, 'orders', '未结订单.xlsx', file)).json();
    expect(job.mapping).toMatchObject({
      customerCode: '客户编号',
      customerPo: '客户订单号',
      step: '当前步骤',
      quantity: '数量',
      unitPrice: '单价',
      stepSince: '进入步骤时间',
    });
    const checked = (await api.post(`/api/imports/${job.id}/check`, { mapping: job.mapping })).json();
    expect(checked).toMatchObject({ status: 'checked', created: 2, updated: 0, skipped: 0, errorCount: 0 });
    expect(checked.plan.map((p: { row: number; action: string }) => [p.row, p.action])).toEqual([
      [2, 'create'],
      [3, 'line'],
      [4, 'create'],
    ]);
    await api.post(`/api/imports/${job.id}/run`);
    await importSettled(job.id);
    expect((await api.get(`/api/imports/${job.id}`)).json()).toMatchObject({ status: 'done', processed: 3, created: 2 });

    const list = (await api.get(`/api/orders?q=PO-7001`)).json();
    expect(list.items).toHaveLength(1);
    const order = (await api.get(`/api/orders/${list.items[0].id}`)).json();
    expect(order).toMatchObject({ customerPo: 'PO-7001', orderDate: '2026-03-05', partyId: customer.id });
    expect(order.lines.map((l: { model: string; quantity: number; unitPrice: string | number | null }) => [l.model, l.quantity, Number(l.unitPrice)])).toEqual([
      ['A100', 500, 1.25],
      ['B200', 1200, 2],
    ]);
    const [instance] = (await api.get(`/api/procedure-instances?refType=order&refId=${order.id}`)).json().items;
    expect(instance).toMatchObject({ procedureId: 'order', state: 'production', status: 'open' });
    const full = (await api.get(`/api/procedure-instances/${instance.id}`)).json();
    expect(full.history).toEqual([expect.objectContaining({ stepId: 'production', leftAt: null })]);
    expect(full.history[0].enteredAt).toBe('2026-03-10T01:00:00.000Z');
    const audit = await rows<{ action: string; reason: string | null }>(
      database.db,
      sql`select action, reason from audit_log where ref_type = 'order' and ref_id = ${order.id} order by id`,
    );
    expect(audit).toEqual([
      { action: 'create', reason: null },
      { action: 'procedure.start', reason: 'imported from file 未结订单.xlsx row 2' },
      { action: 'import', reason: 'imported from file 未结订单.xlsx row 2' },
    ]);
    const second = (await api.get(`/api/orders?q=PO-7002`)).json().items[0];
    const [i2] = (await api.get(`/api/procedure-instances?refType=order&refId=${second.id}`)).json().items;
    expect(i2.state).toBe('intake');
    // searchable like a typed-in order
    expect(JSON.stringify((await api.get('/api/search?q=PO-7001')).json())).toContain(order.id);

    // the same file again: both POs on file, skipped
    const again = (await upload(app, session, 'orders', 'again.xlsx', file)).json();
    expect((await api.post(`/api/imports/${again.id}/check`, { mapping: again.mapping })).json()).toMatchObject({ created: 0, skipped: 3, errorCount: 0 });
  });

  it('names the bad rows of an orders file: unknown step, lines that disagree, delivery before the order date; a price column refused without prices.read', async () => {
    const { app } = await testApp(engine);
    const { api, session } = await adminClient(app);
    await api.post('/api/customers', { code: 'ORD-2', nameZh: '苏州电子' });
    const bad = await xlsx(orderHeaders, [
      ['ORD-2', 'PO-1', '2026-03-05', '飞行中', 'A100', 5, '2026-04-01', null],
      ['ORD-2', 'PO-2', '2026-03-05', '生产中', 'A100', 5, '2026-03-01', null],
      ['ORD-2', 'PO-3', '2026-03-05', '生产中', 'A100', 5, '2026-04-01', null],
      ['ORD-2', 'PO-3', '2026-03-05', 'intake', 'B200', 5, '2026-04-01', null],
    ]);
    const j = (await upload(app, session, 'orders', 'bad.xlsx', bad)).json();
    const checked = (await api.post(`/api/imports/${j.id}/check`, { mapping: j.mapping })).json();
    expect(checked.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [2, 'step', 'unknown_step'],
      [3, 'requestedDate', 'before_order_date'],
      [4, 'customerPo', 'line_has_errors'],
      [5, 'step', 'group_mismatch'],
    ]);
    expect(checked.errors[0].message).toContain('飞行中');
    expectProblem(await api.post(`/api/imports/${j.id}/run`), 409, 'IMPORT_HAS_ERRORS');

    // a staff member may import orders, but not a price column
    const { session: staff, api: staffApi } = await userWithRoles(app, api, 'ordstaff', ['staff']);
    const priced = await xlsx(orderHeaders, [['ORD-2', 'PO-9', '2026-03-05', '生产中', 'A100', 5, '2026-04-01', 3.5]]);
    const sj = (await upload(app, staff, 'orders', 'priced.xlsx', priced)).json();
    expect(sj.mapping.unitPrice).toBeUndefined();
    const refused = await staffApi.post(`/api/imports/${sj.id}/check`, { mapping: { ...sj.mapping, unitPrice: '单价' } });
    const p = expectProblem(refused, 403, 'FIELD_NOT_PERMITTED');
    expect(JSON.stringify(p)).toContain('body.mapping.unitPrice');
  });

  it('imports users with departments and roles by code or name; one-time passwords handed out once; the first sign-in must change it; admins only', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const file = await xlsx(
      ['用户名', '姓名', '部门', '角色', '工作邮箱'],
      [
        ['zhang.wei', '张伟', '品质部', 'staff、sales-clerk', 'zw@factory.cn'],
        ['li.na', '李娜', 'quality, production', '部门经理', null],
        ['wang.x', '王小', '不存在的部门', 'nobody', null],
      ],
    );
    const j = (await upload(app, session, 'users', '用户.xlsx', file)).json();
    const bad = (await api.post(`/api/imports/${j.id}/check`, { mapping: j.mapping })).json();
    expect(bad.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [4, 'unknown_department'],
      [4, 'unknown_role'],
    ]);
    const good = await xlsx(
      ['Username', 'Name', 'Departments', 'Roles'],
      [
        ['zhang.wei', '张伟', 'sales', 'staff、sales-clerk'],
        ['li.na', '李娜', 'quality, production', '部门经理'],
      ],
    );
    const g = (await upload(app, session, 'users', 'users.xlsx', good)).json();
    expect((await api.post(`/api/imports/${g.id}/check`, { mapping: g.mapping })).json()).toMatchObject({ created: 2, errorCount: 0 });
    await api.post(`/api/imports/${g.id}/run`);
    await importSettled(g.id);
    expect((await api.get(`/api/imports/${g.id}`)).json()).toMatchObject({ status: 'done', created: 2 });
    const users = (await api.get('/api/users')).json().items;
    const li = users.find((u: { username: string }) => u.username === 'li.na');
    expect(li.roles).toEqual(['manager']);
    expect(li.departmentIds).toHaveLength(2);

    const pw = await api.get(`/api/imports/${g.id}/passwords`);
    expect(pw.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(pw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe('zhang.wei');
    const password = String(sheet.getRow(2).getCell(3).value);
    // once only
    expect((await api.get(`/api/imports/${g.id}/passwords`)).statusCode).toBe(404);
    // the password is nowhere in the database or the trail
    const leaked = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where coalesce(after::text, '') like ${'%' + password + '%'}`,
    );
    expect(leaked[0]!.n).toBe(0);
    const zw = await signIn(app, 'zhang.wei', password);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: zw.cookie } });
    expect(me.json()).toMatchObject({ mustChangePassword: true });

    // a manager cannot import users
    const { session: m } = await userWithRoles(app, api, 'usrmgr', ['manager']);
    expectProblem(await upload(app, m, 'users', 'u.xlsx', good), 403, 'FORBIDDEN');
  });

  it('the bulk communications import writes what typing them in writes: numbers in order, the same audit content, search rows, last contact', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const c = (await api.post('/api/customers', { code: 'BK-1', nameZh: '宁波精工', contacts: [{ name: '陈静' }] })).json();
    const typed = (
      await api.post('/api/communications', {
        partyId: c.id,
        channel: 'phone',
        direction: 'in',
        topic: 'other',
        occurredAt: '2026-02-01T02:00:00.000Z',
        contactId: c.contacts[0].id,
        subject: '来电 A',
        content: '内容 A',
      })
    ).json();
    const file = await xlsx(
      ['客户编号', '沟通时间', '沟通方式', '方向', '类别', '客户联系人', '主题', '内容'],
      [
        ['BK-1', '2026-02-02 10:00', '电话', '收到', '其他', '陈静', '来电 B', '内容 B'],
        ['BK-1', '2026-02-03 10:00', '邮件', '发出', '其他', null, '邮件 C', '内容 C'],
      ],
    );
    const j = (await upload(app, session, 'communications', 'c.xlsx', file)).json();
    expect((await api.post(`/api/imports/${j.id}/check`, { mapping: j.mapping })).json()).toMatchObject({ created: 2, errorCount: 0 });
    await api.post(`/api/imports/${j.id}/run`);
    await importSettled(j.id);
    const list = (await api.get(`/api/communications?partyId=${c.id}&pageSize=10`)).json().items;
    const numbers = list.map((x: { number: string }) => x.number).sort();
    expect(numbers).toEqual([
      typed.number,
      `C${String(Number(typed.number.slice(1)) + 1).padStart(6, '0')}`,
      `C${String(Number(typed.number.slice(1)) + 2).padStart(6, '0')}`,
    ]);
    const b = list.find((x: { subject: string }) => x.subject === '来电 B');
    expect(b).toMatchObject({ contactName: '陈静', channel: 'phone', direction: 'in' });
    const audit = await rows<{ ref_id: string; action: string; after: Record<string, unknown> }>(
      database.db,
      sql`select ref_id, action, after from audit_log where ref_type = 'communication' order by id`,
    );
    const createOf = (id: string) => audit.find((a) => a.ref_id === id && a.action === 'create')!.after;
    // the same snapshot keys, the typed one and the imported one
    expect(Object.keys(createOf(b.id)).sort()).toEqual(Object.keys(createOf(typed.id)).sort());
    expect(createOf(b.id)).toMatchObject({ subject: '来电 B', contactName: '陈静', number: b.number });
    // one audit row per record: its own create row says "imported from file X row N"; the import's row lists the batch
    const reasons = await rows<{ ref_id: string; reason: string | null }>(
      database.db,
      sql`select ref_id, reason from audit_log where ref_type = 'communication' and action = 'create' order by id`,
    );
    expect(reasons.map((r) => r.reason)).toEqual([null, 'imported from file c.xlsx row 2', 'imported from file c.xlsx row 3']);
    expect(audit.filter((a) => a.action === 'import')).toEqual([]);
    const [batch] = await rows<{ reason: string; after: { rows: [number, string, string][] } }>(
      database.db,
      sql`select reason, after from audit_log where ref_type = 'import' and ref_id = ${j.id} and action = 'import.batch'`,
    );
    expect(batch!.reason).toBe('imported from file c.xlsx rows 2–3');
    expect(batch!.after.rows).toEqual([
      [2, b.id, 'created'],
      [3, reasons[2]!.ref_id, 'created'],
    ]);
    const search = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from search_index where ref_type = 'communication'`);
    expect(search[0]!.n).toBe(3);
    expect(JSON.stringify((await api.get(`/api/search?q=${encodeURIComponent('邮件 C')}`)).json())).toContain('BK-1');
    const party = (await api.get(`/api/customers/${c.id}`)).json();
    expect(party.lastContactAt).toBe('2026-02-03T02:00:00.000Z');
    // the rows written in one statement each carry a mac that fits: sealed and verified like any other
    await sealAudit(database.db);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, pending: 0, problem: null });
  });
});
