import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { performTransition, sweepClocks } from '../../server/procedures/index.js';
import { TransitionRequest } from '../../contracts/procedures.js';
import { resolveSession } from '../../server/identity/index.js';
import { sweepQuotationFollowUps } from '../../server/quotations/index.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { ADMIN_PASSWORD, adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

/** Walkthrough of procedures/quotation/v1.yaml: request → quote → GM approval → sent → follow-ups → accepted → order. */
describe.each(engines())('quotation procedure on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const sales = await userWithRoles(t.app, admin, 'li-sales', ['staff', 'sales-clerk'], 'sales');
    const salesManager = await userWithRoles(t.app, admin, 'wang-mgr', ['manager'], 'sales');
    const gm = await userWithRoles(t.app, admin, 'boss', ['gm'], 'gm-office');
    const finance = await userWithRoles(t.app, admin, 'zhao-finance', ['staff', 'finance-clerk'], 'finance');
    const customer = (
      await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳宏达电子有限公司', contacts: [{ name: '黄先生', title: '采购经理' }] })
    ).json();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    return { ...t, admin, sales, salesManager, gm, finance, customer };
  }
  type Setup = Awaited<ReturnType<typeof setup>>;

  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=quotation&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const gmSign = { password: 'boss-password-1' };
  const quoteBody = (partyId: string, over: Record<string, unknown> = {}) => ({
    partyId,
    issueDate: '2026-11-20',
    validUntil: '2099-12-31',
    currency: 'CNY',
    terms: '月结 30 天；含税含运费',
    lines: [{ model: 'RY-2045', quantity: 5000, unitPrice: 12.5, breaks: [{ minQuantity: 10000, unitPrice: 11.8 }] }],
    ...over,
  });
  async function acceptCustomer(s: Setup) {
    const c = (await s.gm.api.get(`/api/customers/${s.customer.id}`)).json();
    await ok(s.gm.api.post(`/api/customers/${s.customer.id}/accept`, { version: c.version }));
  }
  async function toSent(s: Setup, body: Record<string, unknown> = {}) {
    const q = await ok(s.sales.api.post('/api/quotations', quoteBody(s.customer.id, body)));
    await ok(move(s.sales.api, q.id, 'submit-for-approval'));
    await ok(move(s.gm.api, q.id, 'approve', gmSign));
    await ok(move(s.sales.api, q.id, 'send', { fields: { sendNote: '请查收报价，如有问题请联系。', channel: 'email' } }));
    return (await s.sales.api.get(`/api/quotations/${q.id}`)).json();
  }

  it('sent on the eve of National Day, the follow-up falls due 3 working days later across the holiday: Saturday 2026-10-10 (调休)', async () => {
    const s = await setup();
    await acceptCustomer(s);
    const q = await ok(s.sales.api.post('/api/quotations', quoteBody(s.customer.id, { issueDate: '2026-09-29' })));
    await ok(move(s.sales.api, q.id, 'submit-for-approval'));
    await ok(move(s.gm.api, q.id, 'approve', gmSign));
    // sent Wednesday 2026-09-30 10:00 Shanghai time (the engine takes the time it happened, as an import would)
    const raw = s.app.unsignCookie(decodeURIComponent(s.sales.session.cookie.split('=')[1]!));
    const auth = (await resolveSession(s.database.db, raw.value!))!;
    const i = await instanceOf(s.sales.api, q.id);
    await performTransition(
      s.database.db,
      auth,
      i.id,
      TransitionRequest.parse({ version: i.version, transitionId: 'send', fields: { sendNote: '节前报价，请查收', channel: 'email' } }),
      new Date('2026-09-30T02:00:00Z'),
    );
    const sent = (await s.sales.api.get(`/api/quotations/${q.id}`)).json();
    // 1–7 October are public holidays (and 8 October is the first working day after them); Saturday 10 October is a working day in lieu
    expect(sent.followUpDue).toBe('2026-10-10');
  });

  it('runs request → quote → GM approval → sent → follow-up due after 3 working days (across a shutdown) → follow-ups → accepted → order with the prices', async () => {
    const s = await setup();
    const { database, sales, salesManager, gm, finance, customer, admin } = s;
    // the request: the customer sends drawings (an incoming communication)
    const request = await ok(
      sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'email',
        direction: 'in',
        topic: 'product-info',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        subject: '图纸询价 RY-2045',
        content: '附图纸，请报 5000 / 10000 pcs 价格',
      }),
    );
    const created = await ok(
      sales.api.post('/api/quotations', quoteBody(customer.id, { requestCommunicationId: request.id, contactId: customer.contacts[0].id })),
    );
    expect(created).toMatchObject({ number: 'QT-2026-0001', revision: 1, status: 'draft', requestNumber: request.number, customerAccepted: false });
    expect(created.requestAt).toBe(request.occurredAt);
    const instance = await instanceOf(sales.api, created.id);
    // the quote deadline: 1 working day from the request
    const cal = await siteCalendar(database.db);
    expect(instance.clock.stepId).toBe('draft');
    expect(new Date(instance.clock.dueAt).getTime()).toBeGreaterThan(new Date(request.occurredAt).getTime());

    const audits = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`))[0]!.n;
    let before = await audits();
    // a new customer: the GM decides to take them on first
    const notAccepted = expectProblem(await move(sales.api, created.id, 'submit-for-approval'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(notAccepted.errors?.[0]).toMatchObject({ path: 'quotation.partyId', code: 'not_accepted' });
    expect(await audits()).toBe(before);
    await acceptCustomer(s);
    // wrong role: the salesperson cannot approve; the GM cannot approve before submission
    expectProblem(await move(gm.api, created.id, 'approve', gmSign), 409, 'PROCEDURE_WRONG_STATE');
    await ok(move(sales.api, created.id, 'submit-for-approval'));
    // a sent-for-approval quote cannot be edited
    expectProblem(await sales.api.put(`/api/quotations/${created.id}`, { ...quoteBody(customer.id), version: created.version }), 409, 'QUOTATION_NOT_EDITABLE');
    expectProblem(await move(sales.api, created.id, 'approve', gmSign), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(salesManager.api, created.id, 'approve', gmSign), 403, 'PROCEDURE_NOT_YOUR_STEP');
    // the electronic signature: the GM's password
    before = await audits();
    expectProblem(await move(gm.api, created.id, 'approve', { password: 'wrong-password' }), 422, 'SIGNATURE_INVALID');
    expect(await audits()).toBe(before);
    await ok(move(gm.api, created.id, 'approve', gmSign));
    let q = (await sales.api.get(`/api/quotations/${created.id}`)).json();
    expect(q).toMatchObject({ status: 'approved', approvedByName: 'boss' });

    // sending needs the note; then it is a communication linked to the quotation
    expectProblem(await move(sales.api, created.id, 'send'), 422, 'PROCEDURE_FIELDS_MISSING');
    // a shutdown on the next working day moves the follow-up date by one working day
    const today = cal.localDate(new Date());
    const nextWorking = cal.addWorkingDays(today, 1).date;
    const withoutShutdown = cal.addWorkingDays(today, 3).date;
    await ok(
      admin.post('/api/calendar/overrides', { date: nextWorking, type: 'shutdown', nameZh: '停电检修', nameEn: 'Power maintenance', reason: '供电局通知' }),
    );
    const cal2 = await siteCalendar(database.db);
    const expectedDue = cal2.addWorkingDays(today, 3).date;
    expect(expectedDue > withoutShutdown).toBe(true);
    await ok(move(sales.api, created.id, 'send', { fields: { sendNote: '黄先生：附上 RY-2045 报价，请确认。', channel: 'email' } }));
    q = (await sales.api.get(`/api/quotations/${created.id}`)).json();
    expect(q).toMatchObject({ status: 'sent', followUpDue: expectedDue, followUpCount: 0 });
    const sentComm = (await sales.api.get(`/api/communications/${q.sentCommunicationId}`)).json();
    expect(sentComm).toMatchObject({ direction: 'out', channel: 'email' });
    expect(sentComm.links.map((l: { type: string }) => l.type)).toEqual(expect.arrayContaining(['quotation', 'communication']));
    expect(sentComm.content).not.toContain('12.5');

    // no task before the due day; on the due day the sweeper gives the salesperson a follow-up task (once, even with two sweepers)
    const tasks = async () =>
      (await sales.api.get(`/api/actions?sourceType=quotation&sourceId=${created.id}`)).json().items as {
        id: string;
        status: string;
        dueDate: string;
        ownerName: string;
        version: number;
      }[];
    const dayBefore = cal2.toInstant(cal2.addWorkingDays(expectedDue, -1).date, 10 * 60);
    expect(await sweepQuotationFollowUps(database.db, dayBefore)).toBe(0);
    const onDue = cal2.toInstant(expectedDue, 9 * 60);
    const swept = await Promise.all([sweepQuotationFollowUps(database.db, onDue), sweepQuotationFollowUps(database.db, onDue)]);
    expect(swept[0] + swept[1]).toBe(1);
    let open = await tasks();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ status: 'open', dueDate: expectedDue, ownerName: 'li-sales' });
    await drainOutbox(database.db);
    expect((await sales.api.get('/api/notifications')).json().items.map((n: { messageKey: string }) => n.messageKey)).toContain('action.assigned');
    expect((await sales.api.get('/api/quotations')).json().items.map((x: { id: string; followUpDue: string }) => [x.id, x.followUpDue])).toEqual([
      [created.id, expectedDue],
    ]);

    // overdue follow-up escalates on the task's clock: the sales manager hears of it
    await sweepClocks(database.db, new Date(cal2.toInstant(expectedDue, 23 * 60).getTime() + 3 * 86_400_000));
    expect((await salesManager.api.get('/api/notifications')).json().items.map((n: { messageKey: string }) => n.messageKey)).toContain('clock.overdue');

    // a follow-up: a communication with its result; the task is done, the next one falls due 3 working days later
    const fu = await ok(
      sales.api.post(`/api/quotations/${created.id}/follow-ups`, {
        version: q.version,
        channel: 'phone',
        followedAt: new Date().toISOString(),
        content: '电话询问报价确认情况',
        result: '客户在比价，下周答复',
      }),
    );
    expect(fu.followUpCount).toBe(1);
    expect(fu.followUps[0]).toMatchObject({ result: '客户在比价，下周答复', channel: 'phone' });
    expect(fu.followUpDue).toBe(cal2.addWorkingDays(today, 3).date);
    open = await tasks();
    expect(open.map((t) => t.status)).toEqual(['done']);
    // it recurs: the next due day makes another task
    expect(await sweepQuotationFollowUps(database.db, cal2.toInstant(fu.followUpDue, 9 * 60))).toBe(1);
    expect((await tasks()).filter((t) => t.status === 'open')).toHaveLength(1);
    const fu2 = await ok(
      sales.api.post(`/api/quotations/${created.id}/follow-ups`, {
        version: fu.version,
        channel: 'im',
        followedAt: new Date().toISOString(),
        content: '微信跟进',
        result: '客户同意价格，将回签',
      }),
    );
    expect(fu2.followUpCount).toBe(2);
    expect((await tasks()).every((t) => t.status === 'done')).toBe(true);

    // the result: accepted (countersigned); Finance hears of it; no more follow-ups
    expectProblem(await move(sales.api, created.id, 'accept'), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(move(sales.api, created.id, 'accept', { fields: { customerConfirmation: '客户回签报价单', channel: 'email' } }));
    q = (await sales.api.get(`/api/quotations/${created.id}`)).json();
    expect(q).toMatchObject({ status: 'accepted', result: 'accepted', closed: true, followUpDue: null });
    expect(await sweepQuotationFollowUps(database.db, new Date(Date.now() + 30 * 86_400_000))).toBe(0);
    expectProblem(
      await sales.api.post(`/api/quotations/${created.id}/follow-ups`, {
        version: q.version,
        channel: 'phone',
        followedAt: new Date().toISOString(),
        content: 'x',
        result: 'y',
      }),
      409,
      'QUOTATION_NOT_SENT',
    );
    await drainOutbox(database.db);
    const financeInbox = (await finance.api.get('/api/notifications')).json().items;
    expect(financeInbox.map((n: { messageKey: string }) => n.messageKey)).toEqual(['quotation.accepted']);

    // the order from it, prices carried over (the 10000 pcs break applies)
    const withOrder = await ok(
      sales.api.post(`/api/quotations/${created.id}/order`, {
        version: q.version,
        customerPo: 'PO-8899',
        orderDate: today,
        receivedAt: new Date().toISOString(),
        requestedDate: '2099-01-30',
        quantities: [10000],
      }),
    );
    expect(withOrder.orderNumber).toMatch(/^SO-/);
    const order = (await gm.api.get(`/api/orders/${withOrder.orderId}`)).json();
    expect(order.lines[0]).toMatchObject({ model: 'RY-2045', quantity: 10000, unitPrice: 11.8, currency: 'CNY' });
    expectProblem(
      await sales.api.post(`/api/quotations/${created.id}/order`, {
        version: withOrder.version,
        customerPo: 'PO-8899',
        orderDate: today,
        receivedAt: new Date().toISOString(),
        requestedDate: '2099-01-30',
      }),
      409,
      'QUOTATION_ORDER_EXISTS',
    );

    // the order price check: the valid quote's price, and whether the order differs
    const check = (await gm.api.get(`/api/quotations/price-check?partyId=${customer.id}&model=RY-2045&quantity=5000&unitPrice=12.5&currency=CNY`)).json();
    expect(check).toMatchObject({ quotation: { number: 'QT-2026-0001' }, price: 12.5, differs: false });
    const differs = (await gm.api.get(`/api/quotations/price-check?partyId=${customer.id}&model=RY-2045&quantity=5000&unitPrice=13&currency=CNY`)).json();
    expect(differs.differs).toBe(true);
    // on the order: the flag per line for the review (Finance, which sees prices, signs it)
    const onOrder = (await gm.api.get(`/api/orders/${withOrder.orderId}/quote-price-check`)).json();
    expect(onOrder.items).toEqual([
      expect.objectContaining({ lineNo: 1, model: 'RY-2045', price: 11.8, differs: false, quotation: expect.objectContaining({ number: 'QT-2026-0001' }) }),
    ]);
    const other = await ok(
      gm.api.post('/api/orders', {
        partyId: customer.id,
        customerPo: 'PO-9000',
        form: 'fax',
        orderDate: today,
        receivedAt: new Date().toISOString(),
        lines: [{ model: 'RY-2045', quantity: 5000, requestedDate: '2099-01-30', unitPrice: 13, currency: 'CNY' }],
      }),
    );
    const flagged = (await finance.api.get(`/api/orders/${other.id}/quote-price-check`)).json();
    expect(flagged.items[0]).toMatchObject({ differs: true, price: 12.5 });

    // KPIs: one quote sent, one order; follow-ups: 2 due, on time
    const kpis = (await sales.api.get(`/api/quotations/kpis?from=${cal2.addWorkingDays(today, -5).date}&to=${cal2.addWorkingDays(today, 30).date}`)).json();
    expect(kpis.conversion).toMatchObject({ sent: 1, accepted: 1, ordered: 1, rate: 1 });
    expect(kpis.timeToQuote.count).toBe(1);
    expect(kpis.timeToQuote.averageHours).toBeGreaterThan(0);
    expect(kpis.followUpCompliance).toMatchObject({ due: 2, onTime: 2, rate: 1 });
  });

  it('refuses self-approval, changes an executed price only with a reason, revises a sent quote and records rejection and expiry', async () => {
    const s = await setup();
    const { sales, gm, customer, database } = s;
    await acceptCustomer(s);
    const first = await toSent(s);
    await ok(move(sales.api, first.id, 'accept', { fields: { customerConfirmation: '已回签' } }));

    // the GM cannot approve a quote they prepared themselves
    const own = await ok(gm.api.post('/api/quotations', quoteBody(customer.id, { lines: [{ model: 'RY-3000', unitPrice: 3.2 }] })));
    await ok(move(gm.api, own.id, 'submit-for-approval'));
    const self = expectProblem(await move(gm.api, own.id, 'approve', gmSign), 422, 'PROCEDURE_GUARD_FAILED');
    expect(self.errors?.[0]).toMatchObject({ path: 'quotation.approvedBy', code: 'own' });
    await ok(move(gm.api, own.id, 'return', { reason: '由业务员重新编制' }));
    expect((await instanceOf(gm.api, own.id)).state).toBe('draft');

    // a new price for the executed model: flagged, and it needs a reason before the GM approves it
    const changed = await ok(sales.api.post('/api/quotations', quoteBody(customer.id, { lines: [{ model: 'RY-2045', quantity: 5000, unitPrice: 13.2 }] })));
    // the salesperson (a sales clerk, who sees prices) sees the flag and the prices
    expect(changed.lines[0]).toMatchObject({ priceChanged: true, executed: { number: 'QT-2026-0001 R1' } });
    expect(changed.lines[0].unitPrice).toBe(13.2);
    expect((await gm.api.get(`/api/quotations/${changed.id}`)).json().lines[0]).toMatchObject({ unitPrice: 13.2, executed: { price: 12.5 } });
    const noReason = expectProblem(await move(sales.api, changed.id, 'submit-for-approval'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(noReason.errors?.[0]?.path).toBe('quotation.priceChangeReason');
    const withReason = await ok(
      sales.api.put(`/api/quotations/${changed.id}`, {
        ...quoteBody(customer.id, { lines: [{ id: changed.lines[0].id, model: 'RY-2045', quantity: 5000, unitPrice: 13.2 }] }),
        version: changed.version,
        priceChangeReason: '铜价上涨 8%',
      }),
    );
    await ok(move(sales.api, withReason.id, 'submit-for-approval'));
    await ok(move(gm.api, withReason.id, 'approve', gmSign));
    const history = (await gm.api.get(`/api/quotations/price-history?partyId=${customer.id}&model=RY-2045`)).json().items;
    expect(
      history.map((h: { unitPrice: number; priceChangeReason: string | null; result: string | null }) => [h.unitPrice, h.priceChangeReason, h.result]),
    ).toEqual([
      [13.2, '铜价上涨 8%', null],
      [12.5, null, 'accepted'],
    ]);

    // editing a sent quote: refused; a revision instead (the old one superseded, the new one back to draft)
    const sent = await toSent(s, { lines: [{ model: 'RY-9909', quantity: 300, unitPrice: 4.5 }] });
    const audits = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`))[0]!.n;
    const before = await audits();
    expectProblem(await sales.api.put(`/api/quotations/${sent.id}`, { ...quoteBody(customer.id), version: sent.version }), 409, 'QUOTATION_NOT_EDITABLE');
    expect(await audits()).toBe(before);
    const rev = await ok(sales.api.post(`/api/quotations/${sent.id}/revisions`, { version: sent.version, reason: '客户要求改为含运费价' }));
    expect(rev).toMatchObject({ number: sent.number, revision: 2, status: 'draft', previousId: sent.id });
    expect(rev.revisions.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'draft'],
    ]);
    const old = (await sales.api.get(`/api/quotations/${sent.id}`)).json();
    expect(old).toMatchObject({ result: 'superseded', closed: true });
    expectProblem(await sales.api.post(`/api/quotations/${sent.id}/revisions`, { version: old.version, reason: '再改一次' }), 409, 'QUOTATION_NOT_REVISABLE');
    const edited = await ok(
      sales.api.put(`/api/quotations/${rev.id}`, {
        ...quoteBody(customer.id, { lines: [{ id: rev.lines[0].id, model: 'RY-9909', quantity: 300, unitPrice: 4.8 }] }),
        version: rev.version,
      }),
    );
    expect((await gm.api.get(`/api/quotations/${edited.id}`)).json().lines[0].unitPrice).toBe(4.8);

    // rejection needs its reason; expiry only once the validity has passed
    const toReject = await toSent(s, { lines: [{ model: 'RY-7000', quantity: 100, unitPrice: 9 }] });
    expectProblem(await move(sales.api, toReject.id, 'reject'), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(move(sales.api, toReject.id, 'reject', { fields: { rejectionReason: '客户选择了更便宜的供应商' } }));
    expect((await sales.api.get(`/api/quotations/${toReject.id}`)).json()).toMatchObject({ result: 'rejected', resultReason: '客户选择了更便宜的供应商' });
    const toExpire = await toSent(s, { lines: [{ model: 'RY-7001', quantity: 100, unitPrice: 9 }] });
    const notYet = expectProblem(await move(sales.api, toExpire.id, 'expire'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(notYet.errors?.[0]?.path).toBe('quotation.validUntil');
  });

  it('admin password is not the GM signature', async () => {
    const s = await setup();
    await acceptCustomer(s);
    const q = await ok(s.sales.api.post('/api/quotations', quoteBody(s.customer.id)));
    await ok(move(s.sales.api, q.id, 'submit-for-approval'));
    expectProblem(await move(s.gm.api, q.id, 'approve', { password: ADMIN_PASSWORD }), 422, 'SIGNATURE_INVALID');
  });
});
