import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import dayjs from 'dayjs';
import { siteToday } from '../../server/actions/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

/** Walkthrough of procedures/cutting-sheet/v1.yaml [CR 5.4.2] through the API, with its refusals. */
describe.each(engines())('cutting sheet (outsourcing) on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff'], 'sales');
    const buyer = await userWithRoles(t.app, admin, 'buyer', ['manager'], 'purchasing');
    const vp = await userWithRoles(t.app, admin, 'vp-li', ['vp'], 'gm-office');
    const qa = await userWithRoles(t.app, admin, 'qa', ['staff'], 'quality');
    const customer = (await admin.post('/api/customers', { code: 'HK-01', nameZh: '香港宏达贸易有限公司' })).json();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const order = (
      await clerk.api.post('/api/orders', {
        partyId: customer.id,
        customerPo: 'HK-PO-7',
        form: 'fax',
        orderDate: '2026-11-20',
        receivedAt: '2026-11-20T02:00:00.000Z',
        lines: [{ model: 'RY-2045', spec: '12V 2A', quantity: 5000, requestedDate: '2026-12-20' }],
      })
    ).json();
    const vendor = (await buyer.api.post('/api/vendors', { code: 'V-01', nameZh: '东莞精裁加工厂', scope: '布料裁剪' })).json();
    const suspended = (await buyer.api.post('/api/vendors', { code: 'V-02', nameZh: '深圳快裁工作室', status: 'suspended' })).json();
    return { ...t, admin, clerk, buyer, vp, qa, customer, order, vendor, suspended };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=cutting-sheet&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const sheetBody = (lineId: string, vendorId: string, over: Record<string, unknown> = {}) => ({
    lineId,
    vendorId,
    quantity: 5000,
    material: '黑色尼龙布 600D，客供',
    cuttingSpec: '按图 RY-2045-C1 裁剪，公差 ±1 mm',
    requiredDate: '2026-12-10',
    ...over,
  });

  it('runs fill → vendor date → VP review → customer confirmation → sent → delivery followed → received', async () => {
    const { database, clerk, buyer, vp, qa, order, vendor, suspended } = await setup();
    const count = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from cutting_sheets`))[0]!.n;

    // a vendor not on the qualified list is refused, naming the field; nothing written
    const refused = expectProblem(
      await clerk.api.post(`/api/orders/${order.id}/cutting-sheets`, sheetBody(order.lines[0].id, suspended.id)),
      422,
      'VENDOR_NOT_QUALIFIED',
    );
    expect(refused.errors?.[0]?.path).toBe('body.vendorId');
    expectProblem(await clerk.api.post(`/api/orders/${order.id}/cutting-sheets`, sheetBody(order.id, vendor.id)), 422, 'ORDER_LINE_NOT_FOUND');
    expectProblem(
      await clerk.api.post(`/api/orders/${order.id}/cutting-sheets`, sheetBody(order.lines[0].id, vendor.id, { quantity: 0 })),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await qa.api.post('/api/vendors', { code: 'V-09', nameZh: '某厂' }), 403, 'FORBIDDEN');
    expect(await count()).toBe(0);

    let sheet = await ok(clerk.api.post(`/api/orders/${order.id}/cutting-sheets`, sheetBody(order.lines[0].id, vendor.id)));
    expect(sheet.number).toMatch(/^CT-\d{4}-0001$/);
    expect(sheet).toMatchObject({
      state: 'draft',
      status: 'open',
      orderNumber: order.number,
      lineNo: 1,
      vendorName: '东莞精裁加工厂',
      vendorDeliveryDate: null,
    });

    // the VP reviews only a sheet whose delivery date the vendor has confirmed
    const noDate = expectProblem(await move(clerk.api, sheet.id, 'submit-for-review'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(noDate.errors?.[0]?.path).toBe('cuttingSheet.vendorDeliveryDate');
    sheet = await ok(
      clerk.api.post(`/api/cutting-sheets/${sheet.id}/vendor-confirmation`, {
        version: sheet.version,
        vendorDeliveryDate: '2026-12-08',
        note: '陈厂长电话确认 12 月 8 日交货',
      }),
    );
    expect(sheet.vendorDeliveryDate).toBe('2026-12-08');
    // changing the vendor, quantity or date asks for the vendor's confirmation again
    const changed = await ok(
      clerk.api.put(`/api/cutting-sheets/${sheet.id}`, {
        ...sheetBody(order.lines[0].id, vendor.id, { quantity: 4800 }),
        lineId: undefined,
        version: sheet.version,
        reason: '客户减量',
      }),
    );
    expect(changed.vendorDeliveryDate).toBeNull();
    sheet = await ok(
      clerk.api.post(`/api/cutting-sheets/${sheet.id}/vendor-confirmation`, {
        version: changed.version,
        vendorDeliveryDate: '2026-12-08',
        note: '陈厂长再次确认',
      }),
    );

    await ok(move(clerk.api, sheet.id, 'submit-for-review'));
    // not editable once it has gone to the VP
    expectProblem(
      await clerk.api.put(`/api/cutting-sheets/${sheet.id}`, { ...sheetBody(order.lines[0].id, vendor.id), lineId: undefined, version: sheet.version }),
      409,
      'CUTTING_SHEET_NOT_EDITABLE',
    );
    // wrong role, missing signature, and the VP returns it once
    expectProblem(await move(clerk.api, sheet.id, 'approve', { password: 'clerk-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(vp.api, sheet.id, 'approve'), 422, 'SIGNATURE_INVALID');

    // the vendor is suspended meanwhile: the VP cannot approve sending work there
    const v = (await buyer.api.get('/api/vendors')).json().items.find((x: { id: string }) => x.id === vendor.id);
    await ok(buyer.api.put(`/api/vendors/${vendor.id}`, { ...v, status: 'suspended', reason: '来料检验连续不合格' }));
    const suspendedNow = expectProblem(await move(vp.api, sheet.id, 'approve', { password: 'vp-li-password-1' }), 422, 'PROCEDURE_GUARD_FAILED');
    expect(suspendedNow.errors?.[0]?.path).toBe('cuttingSheet.vendorId');
    const v2 = (await buyer.api.get('/api/vendors')).json().items.find((x: { id: string }) => x.id === vendor.id);
    await ok(buyer.api.put(`/api/vendors/${vendor.id}`, { ...v2, status: 'conditional', reason: '整改后有条件合格' }));

    await ok(move(vp.api, sheet.id, 'approve', { password: 'vp-li-password-1' }));
    // the customer's confirmation needs what they said; it is logged as a communication on the order and the sheet
    expectProblem(await move(clerk.api, sheet.id, 'customer-confirmed', { fields: { channel: 'fax' } }), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(move(clerk.api, sheet.id, 'customer-confirmed', { fields: { channel: 'fax', customerConfirmation: '黄先生传真回签确认裁剪单' } }));
    const comms = (await clerk.api.get(`/api/communications?linkType=cutting-sheet&linkId=${sheet.id}`)).json();
    expect(comms.items.map((c: { subject: string }) => c.subject).join()).toContain(sheet.number);

    // sent to the vendor: a follow-up task due on the date the vendor confirmed
    await ok(move(clerk.api, sheet.id, 'send'));
    const [task] = (await clerk.api.get(`/api/actions?sourceType=cutting-sheet&sourceId=${sheet.id}`)).json().items;
    expect(task).toMatchObject({ dueDate: '2026-12-08', status: 'open' });

    // receiving needs the quantity; recording it is refused before this step
    expectProblem(await move(clerk.api, sheet.id, 'receive'), 422, 'PROCEDURE_GUARD_FAILED');
    sheet = (await clerk.api.get(`/api/cutting-sheets/${sheet.id}`)).json();
    await ok(clerk.api.post(`/api/cutting-sheets/${sheet.id}/receipt`, { version: sheet.version, receivedQuantity: 4800, note: '外观抽检合格' }));
    await ok(move(clerk.api, sheet.id, 'receive'));
    sheet = (await clerk.api.get(`/api/cutting-sheets/${sheet.id}`)).json();
    expect(sheet).toMatchObject({ state: 'received', status: 'closed', receivedQuantity: 4800 });
    const [done] = (await clerk.api.get(`/api/actions?sourceType=cutting-sheet&sourceId=${sheet.id}&status=done`)).json().items;
    expect(done.id).toBe(task.id);

    // the order lists its cutting sheets; the history of the sheet and the vendor is kept
    const listed = (await clerk.api.get(`/api/cutting-sheets?orderId=${order.id}`)).json().items;
    expect(listed.map((s: { number: string }) => s.number)).toEqual([sheet.number]);
    const history = (await buyer.api.get(`/api/history/vendor/${vendor.id}`)).json();
    expect(history.entries.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['status.suspended', 'status.conditional', 'create']));

    // the periodic evaluation: the delivery score's basis is the sheets received in the period (this one, on time)
    const today = siteToday('Asia/Shanghai');
    const monthAgo = dayjs(today).subtract(1, 'month').format('YYYY-MM-DD');
    const facts = await ok(buyer.api.get(`/api/vendors/${vendor.id}/evaluation-facts?from=${monthAgo}&to=${today}`));
    expect(facts).toEqual({ sheets: 1, sheetsOnTime: 1, suggestedDelivery: 100 });
    const v3 = (await buyer.api.get('/api/vendors')).json().items.find((x: { id: string }) => x.id === vendor.id);
    expect(v3).toMatchObject({ status: 'conditional', lastEvaluation: null, evaluationDue: true });
    // quality 85 × 40 % + delivery 100 × 40 % + cooperation 70 × 20 % = 88 → back to qualified
    const evaluation = await ok(
      buyer.api.post(`/api/vendors/${vendor.id}/evaluations`, {
        version: v3.version,
        periodFrom: monthAgo,
        periodTo: today,
        quality: 85,
        delivery: 100,
        cooperation: 70,
        comments: '整改后来料合格',
      }),
    );
    expect(evaluation).toMatchObject({ total: 88, result: 'qualified', sheets: 1, sheetsOnTime: 1, evaluatedByName: 'buyer' });
    const v4 = (await buyer.api.get('/api/vendors')).json().items.find((x: { id: string }) => x.id === vendor.id);
    expect(v4).toMatchObject({ status: 'qualified', lastEvaluation: { total: 88, result: 'qualified', periodTo: today }, evaluationDue: false });
    const listed2 = await ok(buyer.api.get(`/api/vendors/${vendor.id}/evaluations`));
    expect(listed2.items).toHaveLength(1);
    expect(listed2.nextDue).toBe(dayjs(today).add(12, 'month').format('YYYY-MM-DD'));
  });

  it('evaluates a vendor periodically: a failing result suspends it from new cutting sheets; refusals write nothing', async () => {
    const { database, clerk, buyer, order, vendor } = await setup();
    const today = siteToday('Asia/Shanghai');
    const from = dayjs(today).subtract(6, 'month').format('YYYY-MM-DD');
    const count = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from vendor_evaluations`))[0]!.n;
    // no sheets received: no delivery suggestion
    expect(await ok(buyer.api.get(`/api/vendors/${vendor.id}/evaluation-facts?from=${from}&to=${today}`))).toEqual({
      sheets: 0,
      sheetsOnTime: 0,
      suggestedDelivery: null,
    });
    const body = { version: vendor.version, periodFrom: from, periodTo: today, quality: 50, delivery: 60, cooperation: 40 };
    // wrong role, a period in the future or backwards, scores out of range, a stale version
    expectProblem(await clerk.api.post(`/api/vendors/${vendor.id}/evaluations`, body), 403, 'FORBIDDEN');
    const future = expectProblem(
      await buyer.api.post(`/api/vendors/${vendor.id}/evaluations`, { ...body, periodTo: dayjs(today).add(1, 'day').format('YYYY-MM-DD') }),
      422,
      'VENDOR_EVALUATION_PERIOD_INVALID',
    );
    expect(future.errors?.[0]?.path).toBe('body.periodTo');
    expectProblem(
      await buyer.api.post(`/api/vendors/${vendor.id}/evaluations`, { ...body, periodFrom: today, periodTo: from }),
      422,
      'VENDOR_EVALUATION_PERIOD_INVALID',
    );
    expectProblem(await buyer.api.post(`/api/vendors/${vendor.id}/evaluations`, { ...body, quality: 101 }), 400, 'VALIDATION_FAILED');
    expectProblem(await buyer.api.post(`/api/vendors/${vendor.id}/evaluations`, { ...body, version: vendor.version + 5 }), 409, 'VERSION_CONFLICT');
    expect(await count()).toBe(0);
    // 50 × 40 % + 60 × 40 % + 40 × 20 % = 52 → suspended: no new cutting sheet goes there
    const failed = await ok(buyer.api.post(`/api/vendors/${vendor.id}/evaluations`, body));
    expect(failed).toMatchObject({ total: 52, result: 'suspended' });
    expect(await count()).toBe(1);
    const refused = expectProblem(
      await clerk.api.post(`/api/orders/${order.id}/cutting-sheets`, sheetBody(order.lines[0].id, vendor.id)),
      422,
      'VENDOR_NOT_QUALIFIED',
    );
    expect(refused.errors?.[0]?.path).toBe('body.vendorId');
    const history = (await buyer.api.get(`/api/history/vendor/${vendor.id}`)).json();
    const suspension = history.entries.find((h: { action: string }) => h.action === 'status.suspended');
    expect(suspension.reason).toContain('52');
    expect(history.entries.map((h: { action: string }) => h.action)).toContain('evaluate');
  });

  it('refuses a stale version and a receipt before the delivery step, writing nothing', async () => {
    const { clerk, order, vendor } = await setup();
    const sheet = await ok(clerk.api.post(`/api/orders/${order.id}/cutting-sheets`, sheetBody(order.lines[0].id, vendor.id)));
    expectProblem(
      await clerk.api.post(`/api/cutting-sheets/${sheet.id}/receipt`, { version: sheet.version, receivedQuantity: 10 }),
      409,
      'CUTTING_SHEET_WRONG_STEP',
    );
    await ok(clerk.api.post(`/api/cutting-sheets/${sheet.id}/vendor-confirmation`, { version: sheet.version, vendorDeliveryDate: '2026-12-08', note: '确认' }));
    expectProblem(
      await clerk.api.post(`/api/cutting-sheets/${sheet.id}/vendor-confirmation`, { version: sheet.version, vendorDeliveryDate: '2026-12-09', note: '再确认' }),
      409,
      'VERSION_CONFLICT',
    );
    const now = (await clerk.api.get(`/api/cutting-sheets/${sheet.id}`)).json();
    expect(now.vendorDeliveryDate).toBe('2026-12-08');
    await ok(move(clerk.api, sheet.id, 'cancel', { reason: '客户改为本厂生产' }));
    expect((await clerk.api.get(`/api/cutting-sheets/${sheet.id}`)).json()).toMatchObject({ state: 'cancelled', status: 'closed' });
  });
});
