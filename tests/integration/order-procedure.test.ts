import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { guard } from '../../server/procedures/registry.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { closedRecordRefusal } from '../support/fixtures.js';
import { upload } from '../support/multipart.js';
import { confirmOrder, PLAN_DISTRIBUTION, statutoryReviewed, taskSheetIssued } from '../support/order-steps.js';

const CONTRACT_REVIEW = ['sales', 'engineering', 'quality', 'planning', 'warehouse', 'production', 'purchasing', 'finance'];
const CONTINUOUS_REVIEW = ['sales', 'planning', 'warehouse', 'production', 'finance'];
const NOTICE = ['engineering', 'quality', 'planning', 'warehouse', 'production', 'purchasing', 'finance'];
const PLAN_ACK = ['planning', 'production', 'warehouse', 'purchasing', 'quality'];

/** Walkthrough of the order procedure (procedures/order, its latest version) through the API, from intake to close, with its refusals. The steps v3 added are walked in detail in order-procedure-v3.test.ts. */
describe.each(engines())('order procedure on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    const salesManager = await userWithRoles(t.app, admin, 'wang', ['manager'], 'sales');
    const staff: Record<string, Awaited<ReturnType<typeof userWithRoles>>> = { sales: clerk };
    for (const d of CONTRACT_REVIEW.filter((x) => x !== 'sales')) staff[d] = await userWithRoles(t.app, admin, `${d}-staff`, ['staff'], d);
    const planningDirector = await userWithRoles(t.app, admin, 'pmc-director', ['manager'], 'planning');
    const gm = await userWithRoles(t.app, admin, 'boss', ['gm'], 'gm-office');
    const vp = await userWithRoles(t.app, admin, 'vp-liu', ['vp'], 'gm-office');
    const customer = (
      await admin.post('/api/customers', { code: 'HK-01', nameZh: '香港宏达贸易有限公司', contacts: [{ name: '黄先生', title: '采购经理' }] })
    ).json();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    await admin.post('/api/products', { model: 'RY-9909', spec: '5V 1A', nameZh: 'USB 充电器', inBom: true });
    return { ...t, admin, clerk, salesManager, staff, planningDirector, gm, vp, customer };
  }

  const line = (over: Record<string, unknown> = {}) => ({
    model: 'RY-2045',
    spec: '12V 2A',
    quantity: 5000,
    requestedDate: '2026-12-20',
    use: '车载充电',
    qualityStandard: 'AQL 0.65',
    hsfRequirement: 'RoHS 2.0',
    unitPrice: 12.5,
    currency: 'CNY',
    ...over,
  });
  const orderBody = (partyId: string, over: Record<string, unknown> = {}) => ({
    partyId,
    customerPo: 'HK-PO-1',
    form: 'fax',
    orderDate: '2026-11-20',
    receivedAt: '2026-11-20T02:00:00.000Z',
    lines: [line()],
    ...over,
  });

  const instanceOf = async (api: Client, orderId: string) => (await api.get(`/api/procedure-instances?refType=order&refId=${orderId}`)).json().items[0];
  async function move(api: Client, orderId: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, orderId);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  async function sign(api: Client, orderId: string, department: string, opinion = 'accept', comment?: string) {
    const i = await instanceOf(api, orderId);
    return api.post(`/api/procedure-instances/${i.id}/signoffs`, { version: i.version, department, opinion, ...(comment ? { comment } : {}) });
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { state: string; [k: string]: unknown };
  };

  /** From approval to the shipment step: notice, acknowledgements, delivery plan, production, reconfirmation. */
  async function toShipment(s: Awaited<ReturnType<typeof setup>>, orderId: string) {
    await confirmOrder(s.clerk.api, orderId);
    await ok(move(s.clerk.api, orderId, 'issue-notice'));
    for (const d of NOTICE) await ok(sign(s.staff[d]!.api, orderId, d));
    const o = (await s.clerk.api.get(`/api/orders/${orderId}`)).json();
    await ok(
      s.clerk.api.put(`/api/orders/${orderId}/delivery-plan`, {
        version: o.version,
        lines: o.lines.map((l: { id: string }) => ({ lineId: l.id, plannedDate: '2026-12-18' })),
      }),
    );
    await ok(move(s.clerk.api, orderId, 'reply-delivery-plan', { fields: { deliveryPlanReply: '12 月 18 日出货' } }));
    for (const d of PLAN_ACK) await ok(sign(s.staff[d]!.api, orderId, d));
    await taskSheetIssued(s.staff.planning!.api, gmSigner(s), signers(s), orderId);
    await ok(move(s.staff.planning!.api, orderId, 'ready-to-ship'));
    return ok(move(s.clerk.api, orderId, 'reconfirm', { fields: { reconfirmation: '已与黄先生确认 12 月 18 日出货，规格 12V 2A 不变' } }));
  }
  const gmSigner = (s: Awaited<ReturnType<typeof setup>>) => ({ api: s.gm.api, password: 'boss-password-1' });
  const signers = (s: Awaited<ReturnType<typeof setup>>) => ({
    production: s.staff.production!.api,
    quality: s.staff.quality!.api,
    purchasing: s.staff.purchasing!.api,
    'gm-office': s.gm.api,
  });
  const version = async (api: Client, orderId: string) => (await api.get(`/api/orders/${orderId}`)).json().version as number;

  it('runs the seed path: fax order with an unclear line → clarification → contract review with conditions → GM approval → notice → plan → reconfirmation → shipment → closed', async () => {
    const s = await setup();
    const { database, clerk, staff, gm, planningDirector, salesManager, customer } = s;
    const created = await clerk.api.post(
      '/api/orders',
      orderBody(customer.id, {
        contactId: customer.contacts[0].id,
        lines: [line(), line({ model: 'RY-9999', spec: null, quantity: 300, unclear: true, unclearNote: '传真上型号看不清：RY-9999 还是 RY-9909？' })],
      }),
    );
    expect(created.statusCode, created.body).toBe(200);
    const order = created.json();
    expect(order.type).toBe('contract');
    let instance = await instanceOf(clerk.api, order.id);
    expect(instance.actions.map((a: { transitionId: string }) => a.transitionId)).toEqual(['clarify', 'submit-contract-review', 'submit-continuous-review']);

    const visits = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from procedure_step_visits`))[0]!.n;
    const before = await visits();
    // an unclear line blocks the review, naming the line
    const unclear = expectProblem(await move(clerk.api, order.id, 'submit-contract-review'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(unclear.errors).toEqual([{ path: 'order.lines.1.unclear', code: 'unclear', message: '第 2 行仍标记为不清楚，须先与客户澄清。' }]);
    // wrong department, wrong role, wrong state, wrong order type
    expectProblem(await move(staff.quality!.api, order.id, 'clarify'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(clerk.api, order.id, 'cancel', { reason: '重复' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(clerk.api, order.id, 'approve'), 409, 'PROCEDURE_WRONG_STATE');
    expect(await visits()).toBe(before);

    // clarification: the question goes to the customer as a communication; leaving is blocked while it is open
    await ok(move(clerk.api, order.id, 'clarify'));
    const asked = (
      await clerk.api.post(`/api/orders/${order.id}/clarifications`, {
        lineId: order.lines[1].id,
        question: '第 2 行是 RY-9999 还是 RY-9909？',
        contactId: customer.contacts[0].id,
        channel: 'phone',
        askedAt: '2026-11-20T03:00:00.000Z',
      })
    ).json();
    const open = expectProblem(await move(clerk.api, order.id, 'clarified'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(open.errors!.map((e) => `${e.path}:${e.code}`)).toEqual(['order.clarifications:open']);
    const c = asked.clarifications[0];
    await clerk.api.post(`/api/orders/${order.id}/clarifications/${c.id}/answer`, {
      version: c.version,
      answer: '是 RY-9909',
      decision: '第 2 行改为 RY-9909',
      answeredAt: '2026-11-20T05:00:00.000Z',
    });
    // the decision is applied to the order while still in clarification
    const current = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    const fixed = await clerk.api.put(`/api/orders/${order.id}`, {
      version: current.version,
      reason: '按客户答复更正型号',
      customerPo: 'HK-PO-1',
      form: 'fax',
      orderDate: '2026-11-20',
      receivedAt: '2026-11-20T02:00:00.000Z',
      contactId: customer.contacts[0].id,
      lines: [
        { ...line(), id: current.lines[0].id },
        { ...line({ model: 'RY-9909', spec: '5V 1A', quantity: 300 }), id: current.lines[1].id },
      ],
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    await ok(move(clerk.api, order.id, 'clarified'));

    // a contract cannot take the continuous-order path
    const wrongPath = expectProblem(await move(clerk.api, order.id, 'submit-continuous-review'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(wrongPath.errors!.map((e) => e.path)).toEqual(['order.type']);
    instance = await ok(move(clerk.api, order.id, 'submit-contract-review'));
    expect(instance).toMatchObject({ state: 'contract-review', signoff: { departments: CONTRACT_REVIEW, signed: [], round: 1 } });
    await statutoryReviewed(clerk.api, order.id);
    expect((instance as unknown as { clock: { stepId: string } }).clock.stepId).toBe('contract-review');
    // the order is frozen once in review
    const frozen = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    expect(frozen.status).toBe('contract-review');
    expectProblem(await clerk.api.put(`/api/orders/${order.id}`, { ...orderBody(customer.id), version: frozen.version }), 409, 'ORDER_NOT_EDITABLE');
    expectProblem(
      await clerk.api.post(`/api/orders/${order.id}/clarifications`, { question: '?', channel: 'phone', askedAt: '2026-11-21T03:00:00.000Z' }),
      409,
      'ORDER_NOT_EDITABLE',
    );

    // sign-off: someone outside the department is refused; a condition needs its text; each department signs once
    expectProblem(await sign(staff.quality!.api, order.id, 'engineering'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await sign(staff.quality!.api, order.id, 'gm-office'), 409, 'SIGNOFF_NOT_EXPECTED');
    expectProblem(await sign(staff.engineering!.api, order.id, 'engineering', 'conditional'), 422, 'REASON_REQUIRED');
    await ok(sign(staff.engineering!.api, order.id, 'engineering', 'conditional', '包装须按客户 2026 版包装规范，每箱 50 只'));
    expectProblem(await sign(staff.engineering!.api, order.id, 'engineering'), 409, 'SIGNOFF_NOT_EXPECTED');
    for (const d of CONTRACT_REVIEW.filter((x) => x !== 'engineering' && x !== 'finance')) await ok(sign(staff[d]!.api, order.id, d));
    instance = await instanceOf(clerk.api, order.id);
    expect((instance.signoff as { signed: { department: string }[] }).signed.map((x) => x.department).sort()).toEqual(
      CONTRACT_REVIEW.filter((x) => x !== 'finance').sort(),
    );
    expect((await instanceOf(staff.finance!.api, order.id)).signoff.mine).toEqual(['finance']);
    instance = await ok(sign(staff.finance!.api, order.id, 'finance', 'accept', '付款条件月结 60 天，信用额度内'));
    expect(instance.state).toBe('approval');

    // approval: a contract is approved by the GM or a VP with an electronic signature
    expectProblem(await move(planningDirector.api, order.id, 'approve', { password: 'pmc-director-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(salesManager.api, order.id, 'approve', { password: 'wang-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(gm.api, order.id, 'approve', { password: 'wrong' }), 422, 'SIGNATURE_INVALID');
    await ok(move(gm.api, order.id, 'approve', { password: 'boss-password-1' }));
    const approved = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    expect(approved).toMatchObject({ status: 'order-confirmation' });
    expect(approved.reviewedAt).not.toBeNull();
    await confirmOrder(clerk.api, order.id);

    // a second review of an approved order is refused (a change request re-opens review, ISO 8.2.4)
    expectProblem(await move(clerk.api, order.id, 'submit-contract-review'), 409, 'PROCEDURE_WRONG_STATE');
    expectProblem(await sign(staff.quality!.api, order.id, 'quality'), 409, 'PROCEDURE_WRONG_STATE');
    expectProblem(await clerk.api.put(`/api/orders/${order.id}`, { ...orderBody(customer.id), version: approved.version }), 409, 'ORDER_NOT_EDITABLE');
    expectProblem(
      await salesManager.api.post(`/api/orders/${order.id}/classification`, { version: approved.version, type: 'continuous', reason: '改为连续订单' }),
      409,
      'ORDER_NOT_EDITABLE',
    );

    // production notice: every department acknowledges; the instance shows who has and who has not
    await ok(move(clerk.api, order.id, 'issue-notice'));
    for (const d of NOTICE.slice(0, 3)) await ok(sign(staff[d]!.api, order.id, d));
    instance = await instanceOf(clerk.api, order.id);
    expect(instance.signoff.departments.filter((d: string) => !instance.signoff.signed.some((x: { department: string }) => x.department === d))).toEqual(
      NOTICE.slice(3),
    );
    for (const d of NOTICE.slice(3)) await ok(sign(staff[d]!.api, order.id, d));

    // delivery plan: a date per line, replied to the customer (a communication on the order), reconfirmation task set
    expect((await instanceOf(clerk.api, order.id)).state).toBe('delivery-plan');
    const missing = expectProblem(await move(clerk.api, order.id, 'reply-delivery-plan'), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(missing.errors!.map((e) => e.path)).toEqual(['body.fields.deliveryPlanReply']);
    const noPlan = expectProblem(
      await move(clerk.api, order.id, 'reply-delivery-plan', { fields: { deliveryPlanReply: '按计划出货' } }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(noPlan.errors!.map((e) => e.path)).toEqual(['order.lines.0.plannedDate']);
    const planUrl = `/api/orders/${order.id}/delivery-plan`;
    const [l1, l2] = approved.lines.map((l: { id: string }) => l.id);
    const partial = expectProblem(
      await clerk.api.put(planUrl, { version: await version(clerk.api, order.id), lines: [{ lineId: l1, plannedDate: '2026-12-18' }] }),
      422,
      'ORDER_DELIVERY_PLAN_INCOMPLETE',
    );
    expect(partial.errors!.map((e) => e.code)).toEqual(['missing_line_2']);
    expectProblem(
      await clerk.api.put(planUrl, {
        version: await version(clerk.api, order.id),
        lines: [
          { lineId: l1, plannedDate: '2026-11-01' },
          { lineId: l2, plannedDate: '2026-12-18' },
        ],
      }),
      422,
      'ORDER_DELIVERY_BEFORE_ORDER_DATE',
    );
    const planned = (await ok(
      clerk.api.put(planUrl, {
        version: await version(clerk.api, order.id),
        lines: [
          { lineId: l1, plannedDate: '2026-12-18' },
          { lineId: l2, plannedDate: '2026-12-18' },
        ],
      }),
    )) as unknown as { deliveryPlanRevision: number; lines: { plannedDate: string }[] };
    expect(planned.deliveryPlanRevision).toBe(1);
    expect(planned.lines.map((l) => l.plannedDate)).toEqual(['2026-12-18', '2026-12-18']);
    await ok(move(clerk.api, order.id, 'reply-delivery-plan', { fields: { deliveryPlanReply: '两行均于 12 月 18 日出货' } }));
    // the plan is agreed: it now changes only through a recorded date change
    expectProblem(
      await clerk.api.put(planUrl, {
        version: await version(clerk.api, order.id),
        lines: [
          { lineId: l1, plannedDate: '2026-12-19' },
          { lineId: l2, plannedDate: '2026-12-19' },
        ],
      }),
      409,
      'PROCEDURE_WRONG_STATE',
    );
    const tasks = (await clerk.api.get(`/api/actions?sourceType=order&sourceId=${order.id}`)).json().items;
    expect(tasks).toHaveLength(1);
    const calendar = await siteCalendar(database.db);
    const today = calendar.localDate(new Date());
    const due = calendar.addWorkingDays('2026-12-18', -2).date;
    expect(tasks[0]).toMatchObject({
      ownerName: 'clerk',
      department: 'sales',
      status: 'open',
      dueDate: due < today ? calendar.addWorkingDays(today, 0).date : due,
    });

    // the plan is reported to the VP and signed for by the departments before production [CR 5.5]
    expect((await instanceOf(clerk.api, order.id)).state).toBe('plan-acknowledgement');
    expectProblem(await move(staff.planning!.api, order.id, 'cannot-meet', { reason: '太早' }), 409, 'PROCEDURE_WRONG_STATE');
    for (const d of PLAN_ACK) await ok(sign(staff[d]!.api, order.id, d));
    expect((await instanceOf(clerk.api, order.id)).state).toBe('task-sheet');
    await taskSheetIssued(staff.planning!.api, gmSigner(s), signers(s), order.id);
    expect((await instanceOf(clerk.api, order.id)).state).toBe('production');
    await drainOutbox(database.db);
    const vpNotes = await rows<{ message_key: string; params: { plan: string } }>(
      database.db,
      sql`select message_key, params from notifications where user_id = ${s.vp.id}`,
    );
    expect(vpNotes.find((n) => n.message_key === 'order.planReported')?.params.plan).toContain('2026-12-18');

    // Planning cannot meet the date: Sales agrees a new one with the customer [SP 6.3.1.3]
    expectProblem(await move(staff.planning!.api, order.id, 'cannot-meet'), 422, 'REASON_REQUIRED');
    await ok(move(staff.planning!.api, order.id, 'cannot-meet', { reason: '外壳物料延迟，第 2 行 12 月 18 日无法完成' }));
    expectProblem(await move(staff.planning!.api, order.id, 'new-date-agreed'), 403, 'PROCEDURE_NOT_YOUR_STEP');

    // a date change: approved internally by a manager, told to the customer, acknowledged by the customer
    const changeUrl = `/api/orders/${order.id}/delivery-changes`;
    const change = {
      lineId: l2,
      newDate: '2026-12-22',
      reason: 'material',
      reasonNote: '外壳物料延迟到货',
      approverId: salesManager.id,
      channel: 'phone',
      toldCustomerAt: '2026-12-01T02:00:00.000Z',
      message: '第 2 行因物料延迟改为 12 月 22 日出货',
    };
    expectProblem(
      await clerk.api.post(changeUrl, { ...change, version: await version(clerk.api, order.id), approverId: clerk.id }),
      422,
      'ORDER_APPROVER_NOT_ALLOWED',
    );
    expectProblem(
      await clerk.api.post(changeUrl, { ...change, version: await version(clerk.api, order.id), newDate: '2026-12-18' }),
      422,
      'ORDER_DELIVERY_DATE_UNCHANGED',
    );
    const changed = (await ok(clerk.api.post(changeUrl, { ...change, version: await version(clerk.api, order.id) }))) as unknown as {
      deliveryPlanRevision: number;
      lines: { plannedDate: string }[];
      deliveryChanges: { id: string; version: number; [k: string]: unknown }[];
    };
    expect(changed.deliveryChanges).toEqual([
      expect.objectContaining({
        lineNo: 2,
        revision: 2,
        oldDate: '2026-12-18',
        newDate: '2026-12-22',
        reason: 'material',
        approvedByName: 'wang',
        acknowledged: false,
      }),
    ]);
    expect(changed.lines.map((l) => l.plannedDate)).toEqual(['2026-12-18', '2026-12-22']);
    expect(changed.deliveryPlanRevision).toBe(2);
    const pending = expectProblem(await move(clerk.api, order.id, 'new-date-agreed'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(pending.errors!.map((e) => e.path)).toEqual(['order.deliveryChanges']);
    const ack = {
      version: changed.deliveryChanges[0]!.version,
      acknowledgedAt: '2026-12-01T06:00:00.000Z',
      channel: 'email',
      content: '同意第 2 行 12 月 22 日交货',
    };
    const acknowledged = (await ok(clerk.api.post(`${changeUrl}/${changed.deliveryChanges[0]!.id}/acknowledge`, ack))) as unknown as {
      deliveryChanges: { acknowledged: boolean; ackCommunicationId: string | null }[];
    };
    expect(acknowledged.deliveryChanges[0]).toMatchObject({ acknowledged: true });
    expectProblem(
      await clerk.api.post(`${changeUrl}/${changed.deliveryChanges[0]!.id}/acknowledge`, { ...ack, version: ack.version + 1 }),
      409,
      'DELIVERY_CHANGE_ACKNOWLEDGED',
    );
    await ok(move(clerk.api, order.id, 'new-date-agreed'));

    expectProblem(await move(clerk.api, order.id, 'ready-to-ship'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(staff.planning!.api, order.id, 'ready-to-ship'));
    expectProblem(await move(clerk.api, order.id, 'reconfirm'), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(
      move(clerk.api, order.id, 'reconfirm', {
        fields: { reconfirmation: '已与黄先生确认：第 1 行 12 月 18 日、第 2 行 12 月 22 日出货，规格不变', channel: 'phone' },
      }),
    );
    // the reconfirmation task is done by the reconfirmation recorded on the order, with it as evidence
    const [task] = (await clerk.api.get(`/api/actions?sourceType=order&sourceId=${order.id}&status=done`)).json().items;
    expect(task).toMatchObject({ status: 'done', evidence: expect.stringContaining('12 月 22 日出货') });

    // shipment: quantities per line, never more than ordered
    const shipUrl = `/api/orders/${order.id}/shipments`;
    // a late change at the shipment step blocks shipping until the customer acknowledges it
    const late = (await ok(
      clerk.api.post(changeUrl, {
        ...change,
        version: await version(clerk.api, order.id),
        lineId: l1,
        newDate: '2026-12-19',
        reason: 'customer-request',
        reasonNote: '客户要求推迟一天',
        message: '按贵司要求第 1 行改为 12 月 19 日出货',
      }),
    )) as unknown as { deliveryChanges: { id: string; version: number; revision: number }[] };
    expect(late.deliveryChanges.map((c) => c.revision)).toEqual([2, 2]);
    const unacknowledged = expectProblem(await move(clerk.api, order.id, 'ship'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(unacknowledged.errors!.map((e) => e.path)).toEqual(['order.deliveryChanges']);
    await ok(
      clerk.api.post(`${changeUrl}/${late.deliveryChanges[1]!.id}/acknowledge`, {
        version: late.deliveryChanges[1]!.version,
        acknowledgedAt: '2026-12-17T06:00:00.000Z',
        channel: 'phone',
        content: '确认 12 月 19 日',
      }),
    );
    const stillNothing = expectProblem(await move(clerk.api, order.id, 'ship'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(stillNothing.errors!.map((e) => e.path)).toEqual(['order.shipments']);
    const over = expectProblem(
      await clerk.api.post(shipUrl, {
        version: await version(clerk.api, order.id),
        shippedAt: '2026-12-18T08:00:00.000Z',
        lines: [
          { lineId: l1, quantity: 3000 },
          { lineId: l1, quantity: 2001 },
        ],
      }),
      422,
      'SHIPMENT_EXCEEDS_ORDER',
    );
    expect(over.errors!.map((e) => e.path)).toEqual(['body.lines.1.quantity']);
    expectProblem(
      await clerk.api.post(shipUrl, {
        version: await version(clerk.api, order.id),
        shippedAt: '2026-12-18T08:00:00.000Z',
        lines: [{ lineId: l1, quantity: 0 }],
      }),
      400,
      'VALIDATION_FAILED',
    );
    const shipped = (await ok(
      clerk.api.post(shipUrl, {
        version: await version(clerk.api, order.id),
        shippedAt: '2026-12-18T08:00:00.000Z',
        lines: [
          { lineId: l1, quantity: 5000 },
          { lineId: l2, quantity: 300 },
        ],
        note: '顺丰',
      }),
    )) as unknown as { lines: { shippedQuantity: number }[]; shipments: unknown[] };
    expect(shipped.lines.map((l) => l.shippedQuantity)).toEqual([5000, 300]);
    expect(shipped.shipments).toHaveLength(2);
    await ok(move(clerk.api, order.id, 'ship'));
    const closed = await ok(move(clerk.api, order.id, 'close'));
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', actions: [] });
    expect((await clerk.api.get(`/api/orders/${order.id}`)).json()).toMatchObject({ status: 'closed', closed: true });
    // a closed order is read-only in the database as well: no quantity or date changed behind the application
    await expect(database.db.execute(sql`update order_lines set quantity = 1 where order_id = ${order.id}`)).rejects.toSatisfy(closedRecordRefusal);
    await expect(database.db.execute(sql`delete from order_shipments where order_id = ${order.id}`)).rejects.toSatisfy(closedRecordRefusal);

    // the order's timeline: question, answer, delivery plan reply, reconfirmation — all linked communications
    const linked = (await clerk.api.get(`/api/communications?linkType=order&linkId=${order.id}`)).json().items;
    expect(linked.map((x: { subject: string }) => x.subject.split(' ')[0]).sort()).toEqual(
      ['交期变更', '交期变更', '交货计划回复', '出货前再确认', '客户确认交期变更', '客户确认交期变更', '答复', '订单澄清', '订单确认'].sort(),
    );
    expect(linked.filter((x: { subject: string }) => x.subject.startsWith('客户确认交期变更')).map((x: { id: string }) => x.id)).toContain(
      acknowledged.deliveryChanges[0]!.ackCommunicationId,
    );
    const history = (await clerk.api.get(`/api/history/order/${order.id}`)).json();
    const actions = history.entries.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 8)).toEqual([
      'create',
      'procedure.start',
      'procedure.clarify',
      'clarification.ask',
      'clarification.answer',
      'update',
      'procedure.clarified',
      'procedure.submit-contract-review',
    ]);
    expect(actions.filter((a: string) => a === 'procedure.signoff')).toHaveLength(
      CONTRACT_REVIEW.length + NOTICE.length + PLAN_ACK.length + PLAN_DISTRIBUTION.length,
    );
    const moves = actions.filter((a: string) => a.startsWith('procedure.') && a !== 'procedure.signoff');
    expect(moves.slice(moves.indexOf('procedure.submit-contract-review'))).toEqual([
      'procedure.submit-contract-review',
      'procedure.contract-review:approve',
      'procedure.approve',
      'procedure.confirm-order',
      'procedure.issue-notice',
      'procedure.notice-acknowledgement:approve',
      'procedure.reply-delivery-plan',
      'procedure.plan-acknowledgement:approve',
      'procedure.prepare-task-sheet',
      'procedure.sign-task-sheet',
      'procedure.plan-distribution:approve',
      'procedure.cannot-meet',
      'procedure.new-date-agreed',
      'procedure.ready-to-ship',
      'procedure.reconfirm',
      'procedure.ship',
      'procedure.close',
    ]);
    const conditional = history.entries.find(
      (e: { action: string; after: { opinion?: string } }) => e.action === 'procedure.signoff' && e.after.opinion === 'conditional',
    );
    expect(conditional.after).toMatchObject({ department: 'engineering', comment: '包装须按客户 2026 版包装规范，每箱 50 只' });

    // the flowchart counts: nothing open
    const counts = (await clerk.api.get('/api/procedures/order/counts')).json();
    expect(counts.steps.every((x: { open: number }) => x.open === 0)).toBe(true);
  }, 180_000);

  it('blocks an oral order at shipment until its written order is attached (SP 6.1.2)', async () => {
    const s = await setup();
    const { app, clerk, staff, gm, customer } = s;
    const order = (await clerk.api.post('/api/orders', orderBody(customer.id, { form: 'oral', customerPo: null }))).json();
    expect(order).toMatchObject({ form: 'oral', writtenOrderOnFile: false, writtenOrderAttachmentIds: [], requirementsConfirmedAt: null });
    // a verbal order's requirements are confirmed back to the customer before review (standards B 9)
    const unconfirmed = expectProblem(await move(clerk.api, order.id, 'submit-contract-review'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(unconfirmed.errors!.map((e) => e.path)).toEqual(['order.requirementsConfirmedAt']);
    const confirmed = (
      await clerk.api.post(`/api/orders/${order.id}/requirements-confirmation`, {
        version: order.version,
        channel: 'phone',
        confirmedAt: '2026-11-20T03:00:00.000Z',
        content: '电话复述：RY-2045 12V 2A 5000 件，12 月 20 日交货，RoHS 2.0，客户确认无误',
      })
    ).json();
    expect(confirmed.requirementsConfirmedAt).toBe('2026-11-20T03:00:00.000Z');
    const readBack = (await clerk.api.get(`/api/communications/${confirmed.requirementsConfirmationId}`)).json();
    expect(readBack).toMatchObject({ direction: 'out', channel: 'phone', links: [expect.objectContaining({ type: 'order', id: order.id })] });
    await ok(move(clerk.api, order.id, 'submit-contract-review'));
    await statutoryReviewed(clerk.api, order.id);
    for (const d of CONTRACT_REVIEW) await ok(sign(staff[d]!.api, order.id, d));
    await ok(move(gm.api, order.id, 'approve', { password: 'boss-password-1' }));
    await toShipment(s, order.id);

    const blocked = expectProblem(await move(clerk.api, order.id, 'ship'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(blocked.errors).toEqual([{ path: 'order.writtenOrderOnFile', code: 'missing', message: '口头订单须在交货前补回客户的书面订单。' }]);
    expect((await instanceOf(clerk.api, order.id)).state).toBe('shipment');
    const current = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    const shipment = { shippedAt: '2026-12-18T08:00:00.000Z', lines: [{ lineId: current.lines[0].id, quantity: 5000 }] };
    expectProblem(await clerk.api.post(`/api/orders/${order.id}/shipments`, { ...shipment, version: current.version }), 422, 'ORDER_WRITTEN_ORDER_MISSING');

    expectProblem(
      await clerk.api.post(`/api/orders/${order.id}/written-order`, { version: current.version, attachmentIds: ['00000000-0000-4000-8000-000000000000'] }),
      422,
      'ATTACHMENT_NOT_FOUND',
    );
    const scan = (await upload(app, clerk.session, '书面订单.pdf', '%PDF-1.4 written order', 'application/pdf')).json();
    const backed = (
      await clerk.api.post(`/api/orders/${order.id}/written-order`, { version: current.version, attachmentIds: [scan.id], note: '客户补回书面订单（传真）' })
    ).json();
    expect(backed).toMatchObject({ writtenOrderOnFile: true, writtenOrderAttachmentIds: [scan.id] });
    expect(backed.writtenOrderAt).not.toBeNull();
    await ok(clerk.api.post(`/api/orders/${order.id}/shipments`, { ...shipment, version: backed.version }));
    await ok(move(clerk.api, order.id, 'ship'));
    const history = (await clerk.api.get(`/api/history/order/${order.id}`)).json();
    expect(history.entries.find((e: { action: string }) => e.action === 'written-order')).toMatchObject({
      reason: '客户补回书面订单（传真）',
      after: { writtenOrderOnFile: true },
    });
  }, 180_000);

  it('re-opens the review only through a customer change request (ISO 8.2.4): the order is edited and reviewed and approved again', async () => {
    const s = await setup();
    const { database, clerk, staff, gm, customer } = s;
    const order = (await clerk.api.post('/api/orders', orderBody(customer.id))).json();
    await statutoryReviewed(clerk.api, order.id);
    await ok(move(clerk.api, order.id, 'submit-contract-review'));
    for (const d of CONTRACT_REVIEW) await ok(sign(staff[d]!.api, order.id, d));
    await ok(move(gm.api, order.id, 'approve', { password: 'boss-password-1' }));
    await confirmOrder(clerk.api, order.id);
    await ok(move(clerk.api, order.id, 'issue-notice'));
    for (const d of NOTICE) await ok(sign(staff[d]!.api, order.id, d));
    let o = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    await ok(
      clerk.api.put(`/api/orders/${order.id}/delivery-plan`, {
        version: o.version,
        lines: o.lines.map((l: { id: string }) => ({ lineId: l.id, plannedDate: '2026-12-18' })),
      }),
    );
    await ok(move(clerk.api, order.id, 'reply-delivery-plan', { fields: { deliveryPlanReply: '12 月 18 日出货' } }));
    for (const d of PLAN_ACK) await ok(sign(staff[d]!.api, order.id, d));
    await taskSheetIssued(staff.planning!.api, gmSigner(s), signers(s), order.id);
    expect((await instanceOf(clerk.api, order.id)).state).toBe('production');
    const [task] = (await clerk.api.get(`/api/actions?sourceType=order&sourceId=${order.id}`)).json().items;
    expect(task.status).toBe('open');

    // an approved order is not edited, nor reviewed a second time, outside a change request
    o = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    const edited = {
      partyId: customer.id,
      customerPo: 'HK-PO-1',
      form: 'fax',
      orderDate: '2026-11-20',
      receivedAt: '2026-11-20T02:00:00.000Z',
      lines: [{ ...line({ quantity: 8000 }), id: o.lines[0].id }],
      version: o.version,
      reason: '客户加量',
    };
    expectProblem(await clerk.api.put(`/api/orders/${order.id}`, edited), 409, 'ORDER_NOT_EDITABLE');
    expectProblem(await move(clerk.api, order.id, 'submit-contract-review'), 409, 'PROCEDURE_WRONG_STATE');
    // Planning produces, but the customer's change is taken by Sales; it needs what the customer asked
    expectProblem(await move(staff.quality!.api, order.id, 'change-request-production', { fields: { changeRequest: '加量' } }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(clerk.api, order.id, 'change-request-production'), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(
      move(clerk.api, order.id, 'change-request-production', { fields: { changeRequest: '黄先生来电：RY-2045 加量到 8000 件，交期不变', channel: 'phone' } }),
    );
    expect((await instanceOf(clerk.api, order.id)).state).toBe('intake');
    // the request is on file as a communication on the order; the old plan's reconfirmation task is cancelled
    const comms = (await clerk.api.get(`/api/communications?linkType=order&linkId=${order.id}`)).json().items;
    expect(comms.find((c: { subject: string }) => c.subject.includes('客户变更要求'))).toMatchObject({ direction: 'in', channel: 'phone' });
    expect((await clerk.api.get(`/api/actions/${task.id}`)).json().status).toBe('cancelled');

    // edited in intake, reviewed again by every department in a new round, approved again
    o = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    const changed = (await ok(clerk.api.put(`/api/orders/${order.id}`, { ...edited, version: o.version }))) as unknown as { lines: { quantity: number }[] };
    expect(changed.lines[0]!.quantity).toBe(8000);
    await ok(move(clerk.api, order.id, 'submit-contract-review'));
    const again = await instanceOf(clerk.api, order.id);
    expect(again.signoff).toMatchObject({ stepId: 'contract-review', signed: [] });
    expect(again.signoff.round).toBeGreaterThan(1);
    for (const d of CONTRACT_REVIEW) await ok(sign(staff[d]!.api, order.id, d));
    await ok(move(gm.api, order.id, 'approve', { password: 'boss-password-1' }));
    const visits = await rows<{ step_id: string }>(
      database.db,
      sql`select v.step_id from procedure_step_visits v join procedure_instances i on i.id = v.instance_id where i.ref_id = ${order.id} order by v.id`,
    );
    expect(visits.map((v) => v.step_id).filter((x) => x === 'contract-review')).toHaveLength(2);
  }, 180_000);

  it('classifies a repeat as a continuous order reviewed by fewer departments and approved by the planning director; a changed price makes a contract; a rejection returns to intake', async () => {
    const s = await setup();
    const { database, clerk, staff, gm, planningDirector, salesManager, customer, admin } = s;
    // the first order of the model is a contract; once approved it is the reference
    const first = (await clerk.api.post('/api/orders', orderBody(customer.id))).json();
    await statutoryReviewed(clerk.api, first.id);
    await ok(move(clerk.api, first.id, 'submit-contract-review'));
    for (const d of CONTRACT_REVIEW) await ok(sign(staff[d]!.api, first.id, d));
    await ok(move(gm.api, first.id, 'approve', { password: 'boss-password-1' }));

    const repeat = (await clerk.api.post('/api/orders', orderBody(customer.id, { customerPo: 'HK-PO-2' }))).json();
    expect(repeat).toMatchObject({ type: 'continuous', classificationReasons: [{ code: 'repeat-order', lineNo: null }] });
    expect(first.lines[0].previous).toBeNull();
    expect(repeat.lines[0].previous).toEqual({ orderId: first.id, orderNumber: first.number, differences: [] });
    const changed = (await admin.post('/api/orders', orderBody(customer.id, { customerPo: 'HK-PO-3', lines: [line({ unitPrice: 11.9 })] }))).json();
    expect(changed.type).toBe('contract');
    expect(changed.lines[0].previous).toEqual({ orderId: first.id, orderNumber: first.number, differences: ['price'] });
    const otherSpec = (
      await clerk.api.post(
        '/api/orders',
        orderBody(customer.id, { customerPo: 'HK-PO-4', lines: [line({ spec: '12V 3A', hsfRequirement: 'RoHS 2.0 + REACH' })] }),
      )
    ).json();
    expect(otherSpec.lines[0].previous.differences).toEqual(['spec', 'hsf']);
    // the approved order compares with what was reviewed before it, not with later orders
    expect((await clerk.api.get(`/api/orders/${first.id}`)).json().lines[0].previous).toBeNull();
    expect(changed.classificationReasons).toEqual([
      {
        code: 'price-changed',
        lineNo: 1,
        text: {
          zh: `第 1 行：型号 RY-2045 的价格与上次评审的订单 ${first.number} 不同`,
          en: `Line 1: the price of model RY-2045 differs from the last reviewed order ${first.number}`,
        },
      },
    ]);

    // the continuous path: the contract path is refused, fewer departments sign, one rejection sends it back
    expectProblem(await move(clerk.api, repeat.id, 'submit-contract-review'), 422, 'PROCEDURE_GUARD_FAILED');
    let view = await ok(move(clerk.api, repeat.id, 'submit-continuous-review'));
    expect(view).toMatchObject({ state: 'continuous-review', signoff: { departments: CONTINUOUS_REVIEW, round: 1 } });
    expectProblem(await sign(staff.engineering!.api, repeat.id, 'engineering'), 409, 'SIGNOFF_NOT_EXPECTED');
    await ok(sign(staff.sales!.api, repeat.id, 'sales'));
    view = await ok(sign(staff.warehouse!.api, repeat.id, 'warehouse', 'reject', '库存不足，原材料 3 周后到'));
    expect(view.state).toBe('intake');
    view = await ok(move(clerk.api, repeat.id, 'submit-continuous-review'));
    expect(view).toMatchObject({ signoff: { round: 2, signed: [] } });
    for (const d of CONTINUOUS_REVIEW) await ok(sign(staff[d]!.api, repeat.id, d));
    expect((await instanceOf(clerk.api, repeat.id)).state).toBe('planning-approval');
    // the planning director approves a continuous order; a sales manager may not
    expectProblem(await move(salesManager.api, repeat.id, 'approve-continuous', { password: 'wang-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(planningDirector.api, repeat.id, 'approve-continuous', { password: 'pmc-director-password-1' }));
    expect((await clerk.api.get(`/api/orders/${repeat.id}`)).json().status).toBe('order-confirmation');

    // the approver rule itself: a contract needs the GM or a VP, a continuous order the planning director (or GM/VP)
    const approver = guard('approver-matches-order-type')!;
    const auth = (roles: string[], departmentCodes: string[]) => ({ roles, departmentCodes, locale: 'en-US', userId: planningDirector.id }) as never;
    const ctx = (id: string, a: never) => ({ tx: database.db, auth: a, ref: { type: 'order', id }, instanceId: '', fields: {} });
    expect(await approver(ctx(changed.id, auth(['manager'], ['planning'])))).toEqual({
      path: 'order.type',
      code: 'approver',
      messages: { 'zh-CN': '合同须由总经理或副总批准。', 'en-US': 'A contract is approved by the GM or a VP.' },
    });
    expect(await approver(ctx(changed.id, auth(['vp'], ['gm-office'])))).toBe(true);
    expect(await approver(ctx(repeat.id, auth(['manager'], ['planning'])))).toBe(true);
    expect(await approver(ctx(repeat.id, auth(['manager'], ['sales'])))).toMatchObject({ code: 'approver' });
  });

  it('needs the customer’s written confirmation before a sample or approval sheet (承认书) is the acceptance standard (QC 4.2.2)', async () => {
    const { app, clerk, customer } = await setup();
    const order = (await clerk.api.post('/api/orders', orderBody(customer.id, { lines: [line({ acceptanceBasis: 'approval-sheet' })] }))).json();
    expect(order.lines[0].acceptanceBasis).toBe('approval-sheet');
    expect(order.classificationReasons[0]).toMatchObject({ code: 'special-requirements', lineNo: 1, text: { zh: '第 1 行：以客户样板或承认书作为接收标准' } });
    const refused = expectProblem(await move(clerk.api, order.id, 'submit-contract-review'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(refused.errors!.map((e) => e.path)).toEqual(['order.lines.0.acceptanceBasis']);
    const signed = (await upload(app, clerk.session, '承认书 RY-2045 客户签回.pdf', '%PDF-1.4 signed approval sheet', 'application/pdf')).json();
    const confirmed = (
      await clerk.api.post(`/api/orders/${order.id}/acceptance-confirmation`, {
        version: order.version,
        attachmentIds: [signed.id],
        confirmedAt: '2026-11-20T06:00:00.000Z',
        note: '客户已签回承认书',
      })
    ).json();
    expect(confirmed).toMatchObject({ acceptanceConfirmedAt: '2026-11-20T06:00:00.000Z', acceptanceAttachmentIds: [signed.id] });
    await ok(move(clerk.api, order.id, 'submit-contract-review'));
    const history = (await clerk.api.get(`/api/history/order/${order.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toContain('acceptance-standard.confirmed');
  });

  it('lets the GM or a VP waive the review only with the customer’s written waiver on file', async () => {
    const { app, clerk, gm, customer } = await setup();
    const order = (await clerk.api.post('/api/orders', orderBody(customer.id))).json();
    expectProblem(await move(clerk.api, order.id, 'waive-review', { reason: '客户授权', password: 'clerk-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    const none = expectProblem(
      await move(gm.api, order.id, 'waive-review', { reason: '紧急补货，客户书面授权', password: 'boss-password-1' }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(none.errors!.map((e) => e.path)).toEqual(['order.reviewWaiver']);
    const letter = (await upload(app, clerk.session, '客户免评审授权函.pdf', '%PDF-1.4 waiver', 'application/pdf')).json();
    expectProblem(
      await clerk.api.post(`/api/orders/${order.id}/review-waiver`, {
        version: order.version,
        attachmentIds: [letter.id],
        authorisedAt: '2026-11-20T04:00:00.000Z',
      }),
      400,
      'VALIDATION_FAILED',
    );
    const waived = (
      await clerk.api.post(`/api/orders/${order.id}/review-waiver`, {
        version: order.version,
        attachmentIds: [letter.id],
        authorisedAt: '2026-11-20T04:00:00.000Z',
        note: '黄先生邮件授权：按上次条件紧急补货，免评审',
      })
    ).json();
    expect(waived.reviewWaiver).toEqual({ at: '2026-11-20T04:00:00.000Z', attachmentIds: [letter.id], note: '黄先生邮件授权：按上次条件紧急补货，免评审' });
    expectProblem(await move(gm.api, order.id, 'waive-review', { password: 'boss-password-1' }), 422, 'REASON_REQUIRED');
    await ok(move(gm.api, order.id, 'waive-review', { reason: '紧急补货，客户书面授权', password: 'boss-password-1' }));
    const after = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    // the waiver is not a review: later orders do not take their reference price from it
    expect(after).toMatchObject({ status: 'order-confirmation', reviewedAt: null });
  });

  it('lets a manager cancel an order in intake with a reason; the definition and its BPMN are published', async () => {
    const { clerk, salesManager, customer } = await setup();
    const order = (await clerk.api.post('/api/orders', orderBody(customer.id))).json();
    expectProblem(await move(salesManager.api, order.id, 'cancel'), 422, 'REASON_REQUIRED');
    const cancelled = await ok(move(salesManager.api, order.id, 'cancel', { reason: '客户撤单' }));
    expect(cancelled).toMatchObject({ state: 'cancelled', status: 'closed' });
    expectProblem(
      await clerk.api.put(`/api/orders/${order.id}`, { ...orderBody(customer.id), version: (await clerk.api.get(`/api/orders/${order.id}`)).json().version }),
      409,
      'ORDER_NOT_EDITABLE',
    );

    const def = (await clerk.api.get('/api/procedures/order')).json();
    expect(def).toMatchObject({ id: 'order', recordType: 'order', documentNo: 'RY-B/Q/WL-06' });
    expect(def.steps.find((x: { id: string }) => x.id === 'contract-review').signoff.departments).toEqual(CONTRACT_REVIEW);
    expect(def.kpis.length).toBeGreaterThanOrEqual(3);
    const bpmn = await clerk.api.get('/api/procedures/order/bpmn');
    expect(bpmn.body).toContain('<bpmn:lane');
    expect(bpmn.body).toContain('计划部（PMC）');
  });
});
