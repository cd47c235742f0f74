import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { rows } from '../../server/platform/db/client.js';
import { undeclaredRecordRules, type RouteEntry } from '../../server/platform/http/access.js';
import { editRights, loadEditFacts, mayEdit, type EditableType } from '../../server/platform/records/edit-rights.js';
import { recordType } from '../../server/platform/records/record-types.js';
import { seedOrganisation } from '../../server/identity/index.js';
import { defaultDepartments } from '../../server/identity/organisation.data.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';
import { ADMIN_PASSWORD, adminClient, client, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

const NIL = '00000000-0000-4000-8000-000000000000';
type Json = Record<string, any>;

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<Json> {
  const r = await res;
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as Json;
}

/** One record of every editable type, made through the API by the administrator. */
async function fixtures(admin: Client, anon: Client): Promise<Record<EditableType, string> & { customerOfContact: string }> {
  const customer = await ok(admin.post('/api/customers', { code: 'ER-01', nameZh: '权限测试客户', contacts: [{ name: '钱先生' }] }));
  await ok(admin.post(`/api/customers/${customer.id}/accept`, { version: customer.version }));
  await ok(admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true }));
  const order = await ok(
    admin.post('/api/orders', {
      partyId: customer.id,
      customerPo: 'ER-PO-1',
      form: 'fax',
      orderDate: '2026-11-20',
      receivedAt: '2026-11-20T02:00:00.000Z',
      lines: [{ model: 'RY-2045', quantity: 100, requestedDate: '2026-12-20', unitPrice: 9.5 }],
    }),
  );
  const quotation = await ok(
    admin.post('/api/quotations', {
      partyId: customer.id,
      issueDate: '2026-11-20',
      validUntil: '2099-12-31',
      lines: [{ model: 'RY-2045', quantity: 1000, unitPrice: 12.5 }],
    }),
  );
  const communication = await ok(
    admin.post('/api/communications', {
      partyId: customer.id,
      channel: 'phone',
      direction: 'in',
      occurredAt: '2026-11-20T02:00:00.000Z',
      subject: '来电',
      content: '询问交期',
    }),
  );
  const vendor = await ok(admin.post('/api/vendors', { code: 'V-ER', nameZh: '权限测试加工厂', scope: '裁剪' }));
  const sheet = await ok(
    admin.post(`/api/orders/${order.id}/cutting-sheets`, {
      lineId: order.lines[0].id,
      vendorId: vendor.id,
      quantity: 100,
      material: '尼龙布',
      cuttingSpec: '按图裁剪',
      requiredDate: '2026-12-10',
    }),
  );
  const complaint = await ok(
    admin.post('/api/complaints', {
      partyId: customer.id,
      channel: 'fax',
      receivedAt: '2026-11-20T02:00:00.000Z',
      model: 'RY-2045',
      deliveredQuantity: 100,
      defectiveQuantity: 3,
      description: '输出电压偏低',
      failureMode: '输出电压偏低',
      remedySought: ['replace'],
    }),
  );
  const visit = await ok(
    admin.post('/api/visits', { partyId: customer.id, direction: 'outgoing', purpose: '年度拜访', startDate: '2026-12-15', endDate: '2026-12-15' }),
  );
  const plan = await ok(admin.post('/api/communication-plans', { title: '新品导入沟通', departments: ['engineering'], goal: 'coordinate' }));
  const me = (await admin.get('/api/auth/me')).json() as { id: string };
  const meeting = await ok(admin.post('/api/meetings', { title: '品质例会', heldAt: '2026-11-23T06:00:00.000Z', chairId: me.id, participantIds: [me.id] }));
  const action = await ok(
    admin.post('/api/actions', {
      sourceType: 'customer',
      sourceId: customer.id,
      title: '更新包装作业指导书',
      ownerId: me.id,
      department: 'gm-office',
      dueDate: '2099-06-01',
    }),
  );
  const template = await ok(admin.post('/api/survey-templates', { ...defaultSurveyTemplate, key: 'er' }));
  const sent = await ok(
    admin.post('/api/survey-campaigns', {
      title: '调查',
      templateId: template.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-11-30',
      responseDeadline: '2099-12-31',
      recipients: [{ partyId: customer.id, contactId: customer.contacts[0].id }],
    }),
  );
  const scores = Object.fromEntries(defaultSurveyTemplate.dimensions.map((d) => [d.key, 4]));
  await ok(anon.post(`/api/public/surveys/${sent.links[0].token}`, { scores, recommend: 8 }));
  const campaign = await ok(admin.get(`/api/survey-campaigns/${sent.campaign.id}`));
  const responseId = campaign.recipients.find((r: { responseId: string | null }) => r.responseId).responseId as string;
  const pending = await ok(admin.post('/api/price-pending', { partyId: customer.id, model: 'RY-2045', startedOn: '2026-11-01' }));
  const property = await ok(admin.post('/api/customer-property', { partyId: customer.id, kind: 'mould', description: '外壳注塑模具', location: '模具房 A-3' }));
  const csr = await ok(admin.post('/api/csr', { partyId: customer.id, title: '客户特殊要求手册', revision: 'A', receivedDate: '2026-11-20' }));
  const sample = await ok(admin.post('/api/samples', { partyId: customer.id, model: 'RY-2045', quantity: 5, sentOn: '2026-11-20', shipVia: 'courier' }));
  const draft = { channel: 'phone', subject: '工艺疑问', content: '外壳公差确认' };
  const question = await ok(
    admin.post('/api/process-questions', {
      partyId: customer.id,
      processData: '图纸 DWG-1 A版',
      question: '公差？',
      askedOn: '2026-11-20',
      communication: draft,
    }),
  );
  const anomaly = await ok(
    admin.post('/api/anomalies', {
      partyId: customer.id,
      title: '上线异常',
      description: '输出电压偏低',
      foundIn: 'use',
      occurredOn: '2026-11-20',
      communication: draft,
    }),
  );
  const serviceRequest = await ok(
    admin.post('/api/service-requests', { partyId: customer.id, kind: 'repair', model: 'RY-2045', description: '客户反馈无输出', communication: draft }),
  );
  return {
    order: order.id,
    quotation: quotation.id,
    communication: communication.id,
    customer: customer.id,
    contact: customer.contacts[0].id,
    customerOfContact: customer.id,
    vendor: vendor.id,
    complaint: complaint.id,
    visit: visit.id,
    meeting: meeting.id,
    'communication-plan': plan.id,
    'survey-template': template.id,
    'survey-campaign': sent.campaign.id,
    'survey-response': responseId,
    action: action.id,
    'cutting-sheet': sheet.id,
    'price-pending': pending.id,
    'customer-property': property.id,
    csr: csr.id,
    sample: sample.id,
    'process-question': question.id,
    anomaly: anomaly.id,
    'service-request': serviceRequest.id,
  };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe.each(engines())('record and field write rights on %s', (engine) => {
  it('every mutating route declares its record rule; a forgotten one is caught', async () => {
    const { app, database, dataDir } = await testApp(engine);
    expect(undeclaredRecordRules(app)).toEqual([]);
    for (const r of app.routeCatalogue.filter((x) => MUTATING.has(x.method) && x.record && 'edits' in x.record)) {
      const type = (r.record as { edits: EditableType }).edits;
      expect(editRights[type], `${r.method} ${r.url}`).toBeDefined();
      expect(recordType(type)?.editPeople, `${type} registers editPeople`).toBeTypeOf('function');
    }
    const extra = await buildApp({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database,
      logger: false,
      extraRoutes: async (a) => {
        a.put('/api/forgotten/:id', { config: { access: { authenticated: true } } }, async () => ({ ok: true }));
      },
    });
    try {
      expect(undeclaredRecordRules(extra).map((r) => `${r.method} ${r.url}`)).toEqual(['PUT /api/forgotten/:id']);
    } finally {
      await extra.close();
    }
  });

  it('walks every mutating route as a user of each department and role: the declared matrix holds', { timeout: 240_000 }, async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const ids = await fixtures(admin, client(app, null));

    // a staff member and a manager of every department, each holding every duty role (so the route's permission
    // rarely decides: the record rule does)
    const duties = ['sales-clerk', 'finance-clerk', 'qa-engineer', 'engineer', 'purchaser'];
    const people: { label: string; id: string; roles: string[]; departments: string[]; permissions: Set<string>; api: Client }[] = [];
    for (const d of defaultDepartments) {
      for (const base of ['staff', 'manager']) {
        const roles = [base, ...duties];
        const u = await userWithRoles(app, admin, `${d.code}-${base}`.slice(0, 40), roles, d.code);
        people.push({ label: `${d.code}/${base}`, id: u.id, roles, departments: [d.code], permissions: new Set(u.session.me.permissions), api: u.api });
      }
    }

    const routes = app.routeCatalogue.filter(
      (r): r is RouteEntry & { record: { edits: EditableType; param?: string } } => MUTATING.has(r.method) && !!r.record && 'edits' in r.record,
    );
    expect(routes.length).toBeGreaterThan(60);
    const mismatches: string[] = [];
    const permittedSomewhere = new Set<string>();
    const refusedSomewhere = new Set<string>();
    const allowedSomewhere = new Set<string>();
    for (const route of routes) {
      const { edits: type, param = 'id' } = route.record;
      const values: Record<string, string> = { [param]: ids[type], ...(param === 'contactId' ? { id: ids.customerOfContact } : {}) };
      const url = route.url.replace(/:(\w+)/g, (_, n: string) => values[n] ?? NIL);
      const key = `${route.method} ${route.url}`;
      for (const p of people) {
        const access = route.access!;
        const permitted = !('permission' in access) || p.permissions.has(access.permission);
        const facts = (await loadEditFacts(database.db, type, ids[type]))!;
        const editable = mayEdit({ userId: p.id, roles: p.roles, departmentCodes: p.departments }, type, facts);
        const res = await p.api.call(route.method as 'POST', url, {});
        const code = res.statusCode === 403 ? (res.json() as { code: string }).code : String(res.statusCode);
        const expected = !permitted ? 'FORBIDDEN' : editable ? 'not 403' : 'RECORD_NOT_EDITABLE';
        const actual = res.statusCode >= 500 ? `5xx ${res.body}` : res.statusCode === 403 ? code : 'not 403';
        if (actual !== expected) mismatches.push(`${key} as ${p.label}: expected ${expected}, got ${actual}`);
        if (permitted) permittedSomewhere.add(key);
        if (permitted && !editable) refusedSomewhere.add(key);
        if (permitted && editable) allowedSomewhere.add(key);
      }
    }
    expect(mismatches).toEqual([]);
    // the matrix bites: every record route refuses someone holding its permission, and lets someone through
    // (accepting a customer is the GM's and VP's alone: no staff member or manager holds the permission)
    const walked = routes.map((r) => `${r.method} ${r.url}`).filter((k) => permittedSomewhere.has(k));
    expect(routes.length - walked.length).toBeLessThanOrEqual(1);
    expect(walked.filter((k) => !refusedSomewhere.has(k))).toEqual([]);
    expect(walked.filter((k) => !allowedSomewhere.has(k))).toEqual([]);
  });

  it('refuses a price written by a user who cannot see prices, naming the field, and the price stays', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const ids = await fixtures(admin, client(app, null));
    const production = await userWithRoles(app, admin, 'prod-staff', ['staff'], 'production');
    const blindSales = await userWithRoles(app, admin, 'sales-blind', ['staff'], 'sales');
    const q = (await admin.get(`/api/quotations/${ids.quotation}`)).json();
    const payload = {
      partyId: q.partyId,
      issueDate: q.issueDate,
      validUntil: q.validUntil,
      version: q.version,
      lines: [{ id: q.lines[0].id, model: 'RY-2045', quantity: 1000, unitPrice: 1 }],
    };
    for (const user of [production, blindSales]) {
      const problem = expectProblem(await user.api.put(`/api/quotations/${ids.quotation}`, payload), 403, 'FIELD_NOT_PERMITTED');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'body.lines.0.unitPrice', code: 'needs_price' })]);
    }
    // nested and in the query too; discounts and costs alike; English as well
    const deep = expectProblem(
      await blindSales.api.post('/api/quotations', {
        partyId: q.partyId,
        issueDate: q.issueDate,
        validUntil: q.validUntil,
        lines: [{ model: 'X', breaks: [{ minQuantity: 5, unitPrice: 2 }], discount: 3, cost: 1 }],
      }),
      403,
      'FIELD_NOT_PERMITTED',
    );
    expect(deep.errors!.map((e) => e.path).sort()).toEqual(['body.lines.0.breaks.0.unitPrice', 'body.lines.0.cost', 'body.lines.0.discount']);
    const inQuery = expectProblem(
      await blindSales.api.get(`/api/quotations/price-check?partyId=${q.partyId}&model=RY-2045&unitPrice=12.5`),
      403,
      'FIELD_NOT_PERMITTED',
    );
    expect(inQuery.errors!.map((e) => e.path)).toEqual(['query.unitPrice']);
    const order = (await admin.get(`/api/orders/${ids.order}`)).json();
    expectProblem(
      await blindSales.api.put(`/api/orders/${ids.order}`, {
        ...order,
        version: order.version,
        lines: [{ id: order.lines[0].id, model: 'RY-2045', quantity: 100, requestedDate: '2026-12-20', unitPrice: 0.01 }],
      }),
      403,
      'FIELD_NOT_PERMITTED',
    );
    const after = (await admin.get(`/api/quotations/${ids.quotation}`)).json();
    expect(after.lines[0].unitPrice).toBe(12.5);
    expect(after.version).toBe(q.version);
    expect((await admin.get(`/api/orders/${ids.order}`)).json().lines[0].unitPrice).toBe(9.5);
    // a user who sees prices may set them
    const seller = await userWithRoles(app, admin, 'seller', ['staff', 'sales-clerk'], 'sales');
    const res = await seller.api.put(`/api/quotations/${ids.quotation}`, { ...payload, lines: [{ ...payload.lines[0], unitPrice: 11 }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lines[0].unitPrice).toBe(11);
  });

  it("refuses contacts' personal fields from a user without contacts.personal.read", async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const roles = (await admin.get('/api/roles')).json().items as { code: string; permissions: string[]; version: number }[];
    const staff = roles.find((r) => r.code === 'staff')!;
    await admin.put('/api/roles/staff', { version: staff.version, permissions: [...staff.permissions, 'customers.write'] });
    const clerk = await userWithRoles(app, admin, 'clerk-p', ['staff'], 'sales');
    const created = expectProblem(
      await clerk.api.post('/api/customers', { code: 'PP-1', nameZh: '个人信息客户', contacts: [{ name: '孙女士', email: 'sun@customer.cn' }] }),
      403,
      'FIELD_NOT_PERMITTED',
    );
    expect(created.errors!.map((e) => e.path)).toEqual(['body.contacts.0.email']);
    const customer = (
      await admin.post('/api/customers', { code: 'PP-2', nameZh: '个人信息客户二', contacts: [{ name: '周先生', phone: '0755-1234' }] })
    ).json();
    const contact = (await clerk.api.get(`/api/customers/${customer.id}`)).json().contacts[0];
    const wipe = expectProblem(
      await clerk.api.put(`/api/customers/${customer.id}/contacts/${contact.id}`, { ...contact, phone: null }),
      403,
      'FIELD_NOT_PERMITTED',
    );
    expect(wipe.errors!.map((e) => e.path)).toEqual(['body.phone']);
    expect((await admin.get(`/api/customers/${customer.id}`)).json().contacts[0].phone).toBe('0755-1234');
    // without the personal fields the edit goes through
    expect((await clerk.api.put(`/api/customers/${customer.id}/contacts/${contact.id}`, { ...contact, title: '采购经理' })).statusCode).toBe(200);
  });

  it("answers an order's price check without the 'differs' flag to a user who cannot see prices", async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const ids = await fixtures(admin, client(app, null));
    // the quote becomes the valid one (approved and sent): 12.5 against the order's 9.5
    const seller = await userWithRoles(app, admin, 'seller-p', ['staff', 'sales-clerk'], 'sales');
    const gm = await userWithRoles(app, admin, 'boss', ['gm'], 'gm-office');
    const move = async (api: Client, transitionId: string, extra: Json = {}) => {
      const i = (await api.get(`/api/procedure-instances?refType=quotation&refId=${ids.quotation}`)).json().items[0];
      await ok(api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra }));
    };
    await move(seller.api, 'submit-for-approval');
    await move(gm.api, 'approve', { password: 'boss-password-1' });
    await move(seller.api, 'send', { fields: { sendNote: '请查收' } });
    const url = `/api/orders/${ids.order}/quote-price-check`;
    expect((await admin.get(url)).json().items[0]).toMatchObject({ differs: true, price: 12.5 });
    const blind = await userWithRoles(app, admin, 'blind-p', ['staff'], 'sales');
    const seen = await blind.api.get(url);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items[0].differs).toBeNull();
    expect(seen.body).not.toContain('12.5');
    expect(seen.body).not.toContain('true');
    // Finance reviewing the price (QC 3.2) sees it: the finance clerk template
    const finance = await userWithRoles(app, admin, 'finance-1', ['staff', 'finance-clerk'], 'finance');
    expect((await finance.api.get(url)).json().items[0]).toMatchObject({ differs: true, price: 12.5 });
  });

  it("refuses another department's order, keeps the receiver on an allowed edit, and guards communications and survey reminders", async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const ids = await fixtures(admin, client(app, null));
    const taker = await userWithRoles(app, admin, 'taker', ['staff', 'sales-clerk'], 'sales');
    const colleague = await userWithRoles(app, admin, 'colleague', ['staff', 'sales-clerk'], 'sales');
    const salesManager = await userWithRoles(app, admin, 'sales-boss', ['manager'], 'sales');
    const production = await userWithRoles(app, admin, 'prod-2', ['staff'], 'production');
    const prodManager = await userWithRoles(app, admin, 'prod-boss', ['manager'], 'production');
    const customerId = ids.customer;

    const o = await ok(
      taker.api.post('/api/orders', {
        partyId: customerId,
        customerPo: 'PO-T1',
        form: 'fax',
        orderDate: '2026-11-20',
        receivedAt: '2026-11-20T02:00:00.000Z',
        lines: [{ model: 'RY-2045', quantity: 10, requestedDate: '2026-12-20' }],
      }),
    );
    const edit = {
      version: o.version,
      reason: '数量更正',
      customerPo: 'PO-T1',
      form: 'fax',
      orderDate: '2026-11-20',
      receivedAt: '2026-11-20T02:00:00.000Z',
      lines: [{ id: o.lines[0].id, model: 'RY-2045', quantity: 20, requestedDate: '2026-12-20' }],
    };
    expectProblem(await production.api.put(`/api/orders/${o.id}`, edit), 403, 'RECORD_NOT_EDITABLE');
    expect((await admin.get(`/api/orders/${o.id}`)).json()).toMatchObject({ version: o.version, lines: [expect.objectContaining({ quantity: 10 })] });
    const edited = await ok(colleague.api.put(`/api/orders/${o.id}`, edit));
    expect(edited.lines[0].quantity).toBe(20);
    expect(edited.receiverId).toBe(taker.id);
    expect(edited.receiverName).toBe('taker');

    // a communication is its author's: a colleague may not rewrite it, the author's manager may
    const c = await ok(
      taker.api.post('/api/communications', {
        partyId: customerId,
        channel: 'phone',
        direction: 'in',
        occurredAt: '2026-11-20T02:00:00.000Z',
        subject: '来电',
        content: '客户询问交期',
      }),
    );
    const correction = { ...c, version: c.version, content: '客户改口：不要了', reason: '更正' };
    expectProblem(await colleague.api.put(`/api/communications/${c.id}`, correction), 403, 'RECORD_NOT_EDITABLE');
    expectProblem(await prodManager.api.put(`/api/communications/${c.id}`, correction), 403, 'RECORD_NOT_EDITABLE');
    expect((await admin.get(`/api/communications/${c.id}`)).json().content).toBe('客户询问交期');
    const byManager = await salesManager.api.put(`/api/communications/${c.id}`, { ...correction, content: '客户询问交期（经理补充）' });
    expect(byManager.statusCode, byManager.body).not.toBe(403);

    // survey reminders: Sales runs the survey; Production may not send its reminders
    const remind = await prodManager.api.post(`/api/survey-campaigns/${ids['survey-campaign']}/reminders`, {});
    expectProblem(remind, 403, 'RECORD_NOT_EDITABLE');
    expect((await salesManager.api.post(`/api/survey-campaigns/${ids['survey-campaign']}/reminders`, {})).statusCode).not.toBe(403);
  });

  it('a role template sets department and roles in one step; a sales clerk takes customers and orders', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const u = await userWithRoles(app, admin, 'newcomer', ['staff'], 'production');
    const before = (await admin.get('/api/users')).json().items.find((x: { id: string }) => x.id === u.id);
    const applied = await ok(admin.post(`/api/users/${u.id}/template`, { version: before.version, template: 'sales-clerk' }));
    const sales = (await admin.get('/api/departments')).json().items.find((d: { code: string }) => d.code === 'sales');
    expect(applied).toMatchObject({ roles: expect.arrayContaining(['staff', 'sales-clerk']), departmentIds: [sales.id] });
    expect(applied.roles).toHaveLength(2);
    const { signIn } = await import('../support/harness.js');
    const clerk = client(app, await signIn(app, 'newcomer', 'newcomer-password-1'));
    const customer = await ok(clerk.post('/api/customers', { code: 'TPL-1', nameZh: '模板客户', contacts: [{ name: '吴先生', mobile: '13900000000' }] }));
    expect(customer.contacts[0].mobile).toBe('13900000000');
    await ok(admin.post(`/api/customers/${customer.id}/accept`, { version: customer.version }));
    await ok(
      clerk.post('/api/orders', {
        partyId: customer.id,
        customerPo: 'TPL-PO',
        form: 'fax',
        orderDate: '2026-11-20',
        receivedAt: '2026-11-20T02:00:00.000Z',
        lines: [{ model: 'RY-1', quantity: 10, requestedDate: '2026-12-20', unitPrice: 3 }],
      }),
    );
    // a template without its own department needs one
    expectProblem(await admin.post(`/api/users/${u.id}/template`, { version: applied.version, template: 'department-manager' }), 400, 'VALIDATION_FAILED');
    expectProblem(await clerk.post(`/api/users/${u.id}/template`, { version: applied.version, template: 'planner' }), 403, 'FORBIDDEN');
  });

  it('the duty roles of a new release reach an existing installation once', async () => {
    const { database } = await testApp(engine);
    await database.db.execute(sql`delete from roles where code = 'finance-clerk'`);
    await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
    await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
    const role = await rows<{ permissions: string[] }>(database.db, sql`select permissions from roles where code = 'finance-clerk'`);
    expect(role[0]!.permissions).toContain('prices.read');
    const audits = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where ref_type = 'role' and ref_id = 'finance-clerk' and reason = 'new release role'`,
    );
    expect(audits[0]!.n).toBe(1);
  });
});
