import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { addMonths } from '../../server/service/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { closedRecordRefusal } from '../support/fixtures.js';

/**
 * After-sales service [CS 2.5–2.6, service standards 5–6] on procedures/service-request: warranty rules as data
 * (per product, overridden per customer, revised with a reason), the warranty computed from the order line's shipment
 * or the entered delivery date, a repair walked from receipt to the customer's confirmation, a return through the
 * VP's approval and back to the assessment when the customer says it is not resolved — with the refusals.
 */
describe.each(engines())('after-sales service requests and warranty rules on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const sales = await userWithRoles(t.app, admin, 'sales-li', ['staff'], 'sales');
    const clerk = await userWithRoles(t.app, admin, 'sales-wang', ['staff', 'sales-clerk'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'qa-zhang', ['staff'], 'quality');
    const qaMgr = await userWithRoles(t.app, admin, 'qa-mgr', ['manager'], 'quality');
    const eng = await userWithRoles(t.app, admin, 'eng-chen', ['staff'], 'engineering');
    const prod = await userWithRoles(t.app, admin, 'prod-wu', ['staff'], 'production');
    const mr = await userWithRoles(t.app, admin, 'mr-gao', ['mr'], 'quality');
    const vp = await userWithRoles(t.app, admin, 'vp-liu', ['vp'], 'gm-office');
    const gm = await userWithRoles(t.app, admin, 'gm-zhao', ['gm'], 'gm-office');
    const bosch = (await admin.post('/api/customers', { code: 'DE-01', nameZh: '德国博世汽车部件', contacts: [{ name: 'Mr. Weber' }] })).json();
    const denso = (await admin.post('/api/customers', { code: 'JP-02', nameZh: '日本电装', contacts: [{ name: '田中' }] })).json();
    for (const c of [bosch, denso]) await admin.post(`/api/customers/${c.id}/accept`, { version: c.version });
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const order = async (partyId: string, po: string) =>
      (
        await admin.post('/api/orders', {
          partyId,
          customerPo: po,
          form: 'fax',
          orderDate: '2025-05-10',
          receivedAt: '2025-05-10T02:00:00.000Z',
          lines: [{ model: 'RY-2045', quantity: 100, requestedDate: '2025-06-01' }],
        })
      ).json();
    const boschOrder = await order(bosch.id, 'DE-PO-1');
    const densoOrder = await order(denso.id, 'JP-PO-1');
    const ship = async (o: { id: string; lines: { id: string }[] }, at: string) =>
      (
        await rows<{ id: string }>(
          t.database.db,
          sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${o.id}, ${o.lines[0]!.id}, 100, ${at}) returning id`,
        )
      )[0]!.id;
    const boschShip = await ship(boschOrder, '2025-06-01T02:00:00Z');
    const densoShip = await ship(densoOrder, '2025-06-01T02:00:00Z');
    return { ...t, admin, sales, clerk, qa, qaMgr, eng, prod, mr, vp, gm, bosch, denso, boschOrder, densoOrder, boschShip, densoShip };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=service-request&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const get = (api: Client, id: string) => ok(api.get(`/api/service-requests/${id}`));

  it.skipIf(engine === 'postgres')('computes months from shipment or delivery with the calendar month', () => {
    expect(addMonths('2025-06-01', 12)).toBe('2026-06-01');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('keeps warranty rules as data: per product, per customer agreement, revised with a reason; computes in/out of warranty', async () => {
    const { admin, sales, qa, gm, bosch, denso, boschOrder, densoOrder, boschShip } = await setup();
    const rule = { model: 'RY-2045', months: 12, basis: 'shipment', note: '标准保修' };
    // only a permitted role edits them; bad input refused
    expectProblem(await sales.api.post('/api/warranty-rules', rule), 403, 'FORBIDDEN');
    expectProblem(await qa.api.post('/api/warranty-rules', rule), 403, 'FORBIDDEN');
    expectProblem(await gm.api.post('/api/warranty-rules', { ...rule, months: -1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await gm.api.post('/api/warranty-rules', { ...rule, basis: 'forever' }), 400, 'VALIDATION_FAILED');
    const product = await ok(gm.api.post('/api/warranty-rules', rule));
    expect(product).toMatchObject({ model: 'RY-2045', partyId: null, months: 12, revision: 1, current: true });
    await ok(gm.api.post('/api/warranty-rules', { months: 6, basis: 'delivery', note: '其他产品' }));
    // the customer's agreement: 24 months for this model
    const agreement = await ok(
      gm.api.post('/api/warranty-rules', { partyId: bosch.id, model: 'ry-2045', months: 18, basis: 'shipment', note: '框架协议 2025' }),
    );
    expect(agreement).toMatchObject({ partyCode: 'DE-01', model: 'RY-2045', months: 18, revision: 1 });
    // a change of an existing scope needs its reason and becomes revision 2; the first stays in the history
    expectProblem(
      await gm.api.post('/api/warranty-rules', { partyId: bosch.id, model: 'RY-2045', months: 24, basis: 'shipment' }),
      409,
      'WARRANTY_RULE_EXISTS',
    );
    const revised = await ok(
      gm.api.post('/api/warranty-rules', { partyId: bosch.id, model: 'RY-2045', months: 24, basis: 'shipment', reason: '2026 年框架协议续签' }),
    );
    expect(revised).toMatchObject({ months: 24, revision: 2, reason: '2026 年框架协议续签', current: true });
    const current = (await ok(sales.api.get('/api/warranty-rules'))).items;
    expect(current.map((r: { partyCode: string | null; model: string | null; months: number }) => [r.partyCode, r.model, r.months]).sort()).toEqual(
      [
        ['DE-01', 'RY-2045', 24],
        [null, 'RY-2045', 12],
        [null, null, 6],
      ].sort(),
    );
    const history = (await ok(sales.api.get(`/api/warranty-rules?partyId=${bosch.id}&history=true`))).items;
    expect(history.map((r: { revision: number; current: boolean }) => [r.revision, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const trail = (await ok(admin.get(`/api/history/warranty-rule/${revised.id}`))).entries as { action: string; reason: string | null }[];
    expect(trail[0]).toMatchObject({ action: 'revise', reason: '2026 年框架协议续签' });

    // shipped 2025-06-01: the product's 12 months end 2026-06-01 — out on 2026-11-20 for Denso; Bosch's 24 months — in
    const out = await ok(sales.api.get(`/api/warranty?partyId=${denso.id}&model=RY-2045&orderLineId=${densoOrder.lines[0].id}&on=2026-11-20`));
    expect(out).toMatchObject({
      status: 'out',
      months: 12,
      startsOn: '2025-06-01',
      startFrom: 'shipment',
      endsOn: '2026-06-01',
      charge: 'chargeable',
      rule: { scope: 'product' },
    });
    const inside = await ok(
      sales.api.get(`/api/warranty?partyId=${bosch.id}&model=RY-2045&orderLineId=${boschOrder.lines[0].id}&shipmentId=${boschShip}&on=2026-11-20`),
    );
    expect(inside).toMatchObject({ status: 'in', months: 24, endsOn: '2027-06-01', charge: 'free', rule: { scope: 'customer-product', revision: 2 } });
    // another model: the default rule, from the entered delivery date; without any date: unknown
    expect(await ok(sales.api.get(`/api/warranty?partyId=${denso.id}&model=XX-9&deliveredOn=2026-08-01&on=2026-11-20`))).toMatchObject({
      status: 'in',
      months: 6,
      startFrom: 'delivery',
      endsOn: '2027-02-01',
      rule: { scope: 'default' },
    });
    expect(await ok(sales.api.get(`/api/warranty?partyId=${denso.id}&model=XX-9&on=2026-11-20`))).toMatchObject({ status: 'unknown', charge: null });
    // retiring the customer's agreement falls back to the product's rule
    expectProblem(await sales.api.post(`/api/warranty-rules/${revised.id}/retire`, { reason: '协议终止' }), 403, 'FORBIDDEN');
    expectProblem(await gm.api.post(`/api/warranty-rules/${agreement.id}/retire`, { reason: '协议终止' }), 409, 'WARRANTY_RULE_NOT_CURRENT');
    await ok(gm.api.post(`/api/warranty-rules/${revised.id}/retire`, { reason: '协议终止' }));
    expect(await ok(sales.api.get(`/api/warranty?partyId=${bosch.id}&model=RY-2045&orderLineId=${boschOrder.lines[0].id}&on=2026-11-20`))).toMatchObject({
      status: 'out',
      months: 12,
      rule: { scope: 'product' },
    });
  });

  it('walks a repair: received from a phone call → answered → assessed in warranty (free) → repaired by Engineering → confirmed by the customer → closed', async () => {
    const { database, sales, qa, eng, prod, mr, gm, bosch, denso, boschOrder, boschShip } = await setup();
    await ok(gm.api.post('/api/warranty-rules', { model: 'RY-2045', months: 12, basis: 'shipment' }));
    await ok(gm.api.post('/api/warranty-rules', { partyId: bosch.id, model: 'RY-2045', months: 24, basis: 'shipment' }));
    const count = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from service_requests`))[0]!.n;
    const body = {
      partyId: bosch.id,
      contactId: bosch.contacts[0].id,
      kind: 'repair',
      model: 'RY-2045',
      serialNo: 'SN-0001',
      lotNo: 'L2505',
      orderLineId: boschOrder.lines[0].id,
      shipmentId: boschShip,
      quantity: 2,
      description: '两台适配器无输出，需返修',
      receivedAt: '2026-11-20T01:30:00.000Z',
      communication: { channel: 'phone', contactId: bosch.contacts[0].id, subject: '适配器无输出', content: 'Weber 先生来电：两台无输出。' },
    };
    // refusals before anything is written
    expectProblem(await sales.api.post('/api/service-requests', { ...body, description: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await sales.api.post('/api/service-requests', { ...body, kind: 'magic' }), 400, 'VALIDATION_FAILED');
    expectProblem(await sales.api.post('/api/service-requests', { ...body, communication: null }), 422, 'COMMUNICATION_REQUIRED');
    expectProblem(await mr.api.post('/api/service-requests', body), 403, 'FORBIDDEN');
    expectProblem(await prod.api.post('/api/service-requests', body), 403, 'RECORD_NOT_EDITABLE');
    expect(
      (
        await expectProblem(
          await sales.api.post('/api/service-requests', {
            ...body,
            partyId: denso.id,
            contactId: null,
            communication: { ...body.communication, contactId: null },
          }),
          422,
          'LINKED_RECORD_NOT_FOUND',
        )
      ).errors?.[0]?.path,
    ).toBe('body.orderLineId');
    expect(
      (await expectProblem(await sales.api.post('/api/service-requests', { ...body, model: 'RY-9999' }), 422, 'SERVICE_ORDER_LINE_MISMATCH')).errors?.[0]?.path,
    ).toBe('body.model');
    expect(await count()).toBe(0);

    let sr = await ok(sales.api.post('/api/service-requests', body));
    expect(sr).toMatchObject({
      number: 'SR-2026-0001',
      state: 'received',
      status: 'open',
      channel: 'phone',
      receivedAt: '2026-11-20T01:30:00.000Z',
      receivedThrough: { number: expect.stringMatching(/^C\d{6}$/) },
      orderLine: { orderNumber: boschOrder.number, lineNo: 1 },
      contactName: 'Mr. Weber',
      warranty: { status: 'in', months: 24, startsOn: '2025-06-01', endsOn: '2027-06-01', charge: 'free', rule: { scope: 'customer-product' } },
      ownerName: 'sales-li',
    });
    expect(sr.stepDue).toEqual(expect.any(String));

    // the assessment is not open yet (wrong state); Engineering may not acknowledge (wrong lane); the answer is asked for
    expectProblem(
      await eng.api.post(`/api/service-requests/${sr.id}/assessment`, { version: sr.version, chargeDecision: 'free', plannedAction: '返厂维修' }),
      403,
      'RECORD_NOT_EDITABLE',
    );
    expectProblem(
      await qa.api.post(`/api/service-requests/${sr.id}/assessment`, { version: sr.version, chargeDecision: 'free', plannedAction: '返厂维修' }),
      409,
      'SERVICE_NOT_EDITABLE',
    );
    expectProblem(await move(eng.api, sr.id, 'acknowledge', { fields: { acknowledgement: '已收到' } }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expect((await expectProblem(await move(sales.api, sr.id, 'acknowledge'), 422, 'PROCEDURE_FIELDS_MISSING')).errors?.[0]?.path).toBe(
      'body.fields.acknowledgement',
    );
    await ok(move(sales.api, sr.id, 'acknowledge', { fields: { acknowledgement: '已收到，请寄回两台不良品，品质部评估后答复。', channel: 'email' } }));
    sr = await get(sales.api, sr.id);
    expect(sr.state).toBe('assessment');

    // arranging the service before the assessment: refused naming it
    expect((await expectProblem(await move(qa.api, sr.id, 'decide-service'), 422, 'PROCEDURE_GUARD_FAILED')).errors?.[0]?.path).toBe(
      'serviceRequest.assessment',
    );
    // chargeable needs its reason; a price needs prices.read
    expectProblem(
      await qa.api.post(`/api/service-requests/${sr.id}/assessment`, { version: sr.version, chargeDecision: 'chargeable', plannedAction: '返厂维修' }),
      422,
      'SERVICE_DECISION_REASON_REQUIRED',
    );
    expectProblem(
      await qa.api.post(`/api/service-requests/${sr.id}/assessment`, {
        version: sr.version,
        chargeDecision: 'chargeable',
        decisionReason: '人为损坏',
        plannedAction: '返厂维修',
        price: '200',
      }),
      403,
      'FIELD_NOT_PERMITTED',
    );
    sr = await ok(
      qa.api.post(`/api/service-requests/${sr.id}/assessment`, { version: sr.version, chargeDecision: 'free', plannedAction: '返厂维修，更换输出电容' }),
    );
    expect(sr).toMatchObject({ chargeDecision: 'free', assessedByName: 'qa-zhang', plannedAction: '返厂维修，更换输出电容' });
    // a repair is not sent for return approval
    expect((await expectProblem(await move(qa.api, sr.id, 'submit-return'), 422, 'PROCEDURE_GUARD_FAILED')).errors?.[0]?.path).toBe('serviceRequest.kind');
    await ok(move(qa.api, sr.id, 'decide-service'));
    sr = await get(eng.api, sr.id);
    expect(sr.state).toBe('service');

    // the service report: Engineering's lane; Production may not; done only with it
    expect((await expectProblem(await move(eng.api, sr.id, 'service-done'), 422, 'PROCEDURE_GUARD_FAILED')).errors?.[0]?.path).toBe('serviceRequest.work');
    const work = { version: sr.version, workReport: '更换 C12 输出电容，老化 4 小时合格', workDoneOn: '2026-11-25' };
    expectProblem(await prod.api.post(`/api/service-requests/${sr.id}/work`, work), 403, 'RECORD_NOT_EDITABLE');
    expectProblem(await eng.api.post(`/api/service-requests/${sr.id}/work`, { ...work, workDoneOn: 'soon' }), 400, 'VALIDATION_FAILED');
    sr = await ok(eng.api.post(`/api/service-requests/${sr.id}/work`, work));
    expectProblem(await eng.api.post(`/api/service-requests/${sr.id}/work`, work), 409, 'VERSION_CONFLICT');
    await ok(move(eng.api, sr.id, 'service-done'));
    sr = await get(sales.api, sr.id);
    expect(sr.state).toBe('customer-confirmation');

    // nothing closed without the customer's confirmation
    expect((await expectProblem(await move(sales.api, sr.id, 'confirm'), 422, 'PROCEDURE_GUARD_FAILED')).errors?.[0]?.path).toBe('serviceRequest.confirmation');
    const confirmation = { version: sr.version, confirmedOn: '2026-11-27', confirmedByContactId: bosch.contacts[0].id, note: '客户确认两台已正常' };
    expectProblem(await sales.api.post(`/api/service-requests/${sr.id}/confirmation`, confirmation), 422, 'COMMUNICATION_REQUIRED');
    expectProblem(
      await prod.api.post(`/api/service-requests/${sr.id}/confirmation`, {
        ...confirmation,
        communication: { channel: 'email', subject: 'OK', content: 'OK' },
      }),
      403,
      'RECORD_NOT_EDITABLE',
    );
    sr = await ok(
      sales.api.post(`/api/service-requests/${sr.id}/confirmation`, {
        ...confirmation,
        communication: { channel: 'email', contactId: bosch.contacts[0].id, subject: '维修确认', content: '两台已装机测试正常，谢谢。' },
      }),
    );
    expect(sr).toMatchObject({
      state: 'closed',
      status: 'closed',
      confirmedOn: '2026-11-27',
      confirmedByContactName: 'Mr. Weber',
      confirmationCommunication: { number: expect.stringMatching(/^C\d{6}$/) },
    });
    // closed: read-only, refused as closed whatever is written (as a closed complaint or order)
    expectProblem(
      await sales.api.post(`/api/service-requests/${sr.id}/confirmation`, {
        ...confirmation,
        version: sr.version,
        communicationId: sr.confirmationCommunication.id,
      }),
      409,
      'RECORD_CLOSED',
    );
    expectProblem(await sales.api.put(`/api/service-requests/${sr.id}`, { ...body, version: sr.version }), 409, 'RECORD_CLOSED');
    expectProblem(
      await qa.api.post(`/api/service-requests/${sr.id}/assessment`, {
        version: sr.version,
        chargeDecision: 'chargeable',
        decisionReason: '改判',
        plannedAction: '改判收费',
      }),
      409,
      'RECORD_CLOSED',
    );
    expectProblem(
      await sales.api.post(`/api/service-requests/${sr.id}/work`, { version: sr.version, workReport: '补记', workDoneOn: '2026-11-28' }),
      409,
      'RECORD_CLOSED',
    );
    expectProblem(await move(sales.api, sr.id, 'not-resolved', { fields: { notResolvedNote: '再看看' } }), 409, 'PROCEDURE_WRONG_STATE');
    expect(await get(sales.api, sr.id)).toMatchObject({ version: sr.version, chargeDecision: 'free', workReport: work.workReport, confirmedOn: '2026-11-27' });
    // … in the database too: a write behind the application is refused (SQLSTATE AC409), a declared maintenance passes
    await expect(database.db.execute(sql`update service_requests set description = '改过' where id = ${sr.id}`)).rejects.toSatisfy(closedRecordRefusal);
    await expect(database.db.execute(sql`delete from service_requests where id = ${sr.id}`)).rejects.toSatisfy(closedRecordRefusal);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('accord.maintenance', 'on', true)`);
      await tx.execute(sql`update service_requests set version = version where id = ${sr.id}`);
    });

    // every contact is a communication linked to the request: the call, our answer, the customer's confirmation
    const comms = (await ok(sales.api.get(`/api/communications?linkType=service-request&linkId=${sr.id}`))).items as { direction: string; channel: string }[];
    expect(comms.map((c) => `${c.direction}:${c.channel}`).sort()).toEqual(['in:email', 'in:phone', 'out:email']);
    const history = (await ok(sales.api.get(`/api/history/service-request/${sr.id}`))).entries as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining([
        'create',
        'procedure.acknowledge',
        'assess',
        'procedure.decide-service',
        'work',
        'procedure.service-done',
        'confirm',
        'procedure.confirm',
      ]),
    );
    // listed, filtered, in the customer's list
    expect((await ok(sales.api.get(`/api/service-requests?partyId=${bosch.id}`))).items).toHaveLength(1);
    expect((await ok(sales.api.get('/api/service-requests?q=SN-0001'))).items).toHaveLength(1);
    expect((await ok(sales.api.get('/api/service-requests?state=received'))).items).toHaveLength(0);
  });

  it('walks a return out of warranty: reason required, approved by the VP only, refund by Sales with prices, "not resolved" goes back to the assessment', async () => {
    const { database, sales, clerk, qa, qaMgr, vp, gm, denso, densoOrder, densoShip } = await setup();
    await ok(gm.api.post('/api/warranty-rules', { model: 'RY-2045', months: 12, basis: 'shipment' }));
    let sr = await ok(
      clerk.api.post('/api/service-requests', {
        partyId: denso.id,
        kind: 'return',
        model: 'RY-2045',
        lotNo: 'L2505',
        orderLineId: densoOrder.lines[0].id,
        shipmentId: densoShip,
        quantity: 20,
        description: '客户要求退回 20 台库存品',
        receivedAt: '2026-11-20T01:30:00.000Z',
        communication: { channel: 'fax', subject: '退货申请', content: '申请退回 20 台。' },
      }),
    );
    expect(sr).toMatchObject({
      number: 'SR-2026-0001',
      kind: 'return',
      channel: 'fax',
      warranty: { status: 'out', endsOn: '2026-06-01', charge: 'chargeable' },
    });
    await ok(move(clerk.api, sr.id, 'acknowledge', { fields: { acknowledgement: '已收到退货申请，评估后答复。' } }));
    sr = await get(qa.api, sr.id);
    // out of warranty: free (goodwill) or chargeable, either needs the reason
    expect(
      (
        await expectProblem(
          await qa.api.post(`/api/service-requests/${sr.id}/assessment`, { version: sr.version, chargeDecision: 'free', plannedAction: '同意退货' }),
          422,
          'SERVICE_DECISION_REASON_REQUIRED',
        )
      ).errors?.[0]?.path,
    ).toBe('body.decisionReason');
    sr = await ok(
      qa.api.post(`/api/service-requests/${sr.id}/assessment`, {
        version: sr.version,
        chargeDecision: 'chargeable',
        decisionReason: '已过保修期（2026-06-01 到期），按 15% 收取退货处理费',
        plannedAction: '退货入库，扣处理费后退款',
      }),
    );
    // a return is not a repair; it goes to the approval
    expect((await expectProblem(await move(qa.api, sr.id, 'decide-service'), 422, 'PROCEDURE_GUARD_FAILED')).errors?.[0]?.path).toBe('serviceRequest.kind');
    await ok(move(qa.api, sr.id, 'submit-return'));
    sr = await get(qa.api, sr.id);
    expect(sr.state).toBe('approval');
    // only the VP / GM approves (a QA manager is refused); a refusal needs its reason
    expectProblem(await move(qaMgr.api, sr.id, 'approve-return'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(vp.api, sr.id, 'reject-return'), 422, 'REASON_REQUIRED');
    await ok(move(vp.api, sr.id, 'approve-return', { fields: { approvalNote: '同意，按评估处理' } }));
    sr = await get(clerk.api, sr.id);
    expect(sr.state).toBe('return-handling');
    // the refund amount is a price: a sales staff member without prices.read may not write it, nor see it
    const work = {
      version: sr.version,
      workReport: '20 台已入库，开具红字发票',
      workDoneOn: '2026-11-26',
      returnQuantity: 20,
      totalAmount: '1700.00',
      creditNote: 'CN-2026-031',
    };
    expectProblem(await sales.api.post(`/api/service-requests/${sr.id}/work`, work), 403, 'FIELD_NOT_PERMITTED');
    sr = await ok(clerk.api.post(`/api/service-requests/${sr.id}/work`, work));
    expect(sr).toMatchObject({ returnQuantity: 20, totalAmount: '1700.00', creditNote: 'CN-2026-031' });
    expect((await get(sales.api, sr.id)).totalAmount).toBeUndefined();
    await ok(move(clerk.api, sr.id, 'return-done'));
    // the customer says it is not resolved: back to the assessment, the earlier report cleared
    expectProblem(await move(clerk.api, sr.id, 'not-resolved'), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(move(clerk.api, sr.id, 'not-resolved', { fields: { notResolvedNote: '客户称退款金额不对' } }));
    sr = await get(qa.api, sr.id);
    expect(sr).toMatchObject({ state: 'assessment', workReport: null });
    // the VP's refusal sends it back to the assessment as well
    await ok(move(qa.api, sr.id, 'submit-return'));
    await ok(move(vp.api, sr.id, 'reject-return', { reason: '请先与客户核对金额' }));
    expect((await get(qa.api, sr.id)).state).toBe('assessment');
    // cancelled (not an after-sales matter): read-only like a closed request, in the API and in the database
    await ok(move(qaMgr.api, sr.id, 'cancel-assessment', { reason: '客户撤回，改走正常订单' }));
    sr = await get(qa.api, sr.id);
    expect(sr).toMatchObject({ state: 'cancelled', status: 'closed' });
    expectProblem(
      await qa.api.post(`/api/service-requests/${sr.id}/assessment`, {
        version: sr.version,
        chargeDecision: 'chargeable',
        decisionReason: '过保',
        plannedAction: '退货',
      }),
      409,
      'RECORD_CLOSED',
    );
    expectProblem(
      await clerk.api.put(`/api/service-requests/${sr.id}`, { version: sr.version, kind: 'return', model: 'RY-2045', description: '改过' }),
      409,
      'RECORD_CLOSED',
    );
    await expect(database.db.execute(sql`update service_requests set quantity = 1 where id = ${sr.id}`)).rejects.toSatisfy(closedRecordRefusal);
  });
});
