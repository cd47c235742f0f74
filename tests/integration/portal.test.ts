import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rows } from '../../server/platform/db/client.js';
import { mailKey, open } from '../../server/mail/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { siteCalendar } from '../../server/calendar/index.js';
import type { Client } from '../support/harness.js';
import { jpegBytes, upload } from '../support/multipart.js';

/** A contact's browser: the portal cookie and its CSRF header only. */
function portalClient(app: FastifyInstance, cookie: string, csrf: string) {
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie, 'x-portal-csrf': csrf, 'accept-language': 'zh-CN' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return { get: (url: string) => call('GET', url), post: (url: string, body: unknown = {}) => call('POST', url, body), cookie };
}

const line = { model: 'RY-2045', quantity: 500, requestedDate: '2026-12-20', unitPrice: 7.77 };
const orderOf = (partyId: string, po: string) => ({
  partyId,
  customerPo: po,
  form: 'email',
  orderDate: '2026-11-20',
  receivedAt: '2026-11-20T02:00:00.000Z',
  lines: [line],
});

describe.each(engines())('customer portal on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    // a mail server is configured (the mails stay queued: no outbox runs here)
    const mail = (await admin.get('/api/mail/settings')).json();
    const configured = await admin.put('/api/mail/settings', {
      version: mail.version,
      smtpHost: '127.0.0.1',
      smtpPort: 2525,
      smtpSecurity: 'none',
      smtpUser: 'accord',
      password: 'x',
      fromAddress: 'sales@accord.test',
      fromName: '瑞源销售部',
      senders: [],
      signature: { zh: '瑞源', en: 'Ruiyuan' },
    });
    expect(configured.statusCode, configured.body).toBe(200);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    const a = (await admin.post('/api/customers', { code: 'A-01', nameZh: '甲公司', contacts: [{ name: '陈小姐', email: 'chen@a.cn' }] })).json();
    const b = (await admin.post('/api/customers', { code: 'B-02', nameZh: '乙公司', contacts: [{ name: '王先生', email: 'wang@b.cn' }] })).json();
    const orderA = (await clerk.api.post('/api/orders', orderOf(a.id, 'PO-A'))).json();
    const orderB = (await clerk.api.post('/api/orders', orderOf(b.id, 'PO-B'))).json();
    const qa = await userWithRoles(t.app, admin, 'qa', ['staff'], 'quality');
    const complaintB = (
      await qa.api.post('/api/complaints', {
        partyId: b.id,
        channel: 'fax',
        receivedAt: '2026-11-20T02:00:00.000Z',
        model: 'RY-2045',
        lot: 'L1',
        deliveredQuantity: 10,
        defectiveQuantity: 1,
        description: '外壳破损',
        remedySought: ['replace'],
      })
    ).json();
    /** the link of the newest queued mail to this address, as the mail will carry it */
    const linkTo = async (address: string) => {
      const [m] = await rows<{ secrets_enc: string | null; body: string }>(
        t.database.db,
        sql`select secrets_enc, body from mail_messages where to_address = ${address} order by created_at desc limit 1`,
      );
      if (!m?.secrets_enc) return null;
      expect(m.body).toContain('{{link}}');
      const link = (JSON.parse(open(mailKey({ dataDir: t.dataDir, mailSecretKey: undefined }), m.secrets_enc)!) as { link: string }).link;
      return link.split('#')[1]!;
    };
    const signIn = async (token: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/portal/auth/redeem', payload: { token } });
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'accord_portal')!;
      expect(cookie).toMatchObject({ httpOnly: true, path: '/api/portal', sameSite: 'Strict' });
      return portalClient(t.app, `accord_portal=${cookie.value}`, res.json().csrfToken);
    };
    /** the audit trail of a record as the audit page shows it: who (actorId, actorName) did what */
    const trail = async (refType: string, refId: string) =>
      (await admin.get(`/api/audit/trail?refType=${refType}&refId=${refId}&pageSize=100`)).json().items as {
        action: string;
        actorId: string | null;
        actorName: string | null;
      }[];
    return { ...t, admin, clerk, a, b, orderA, orderB, complaintB, linkTo, signIn, trail };
  }

  it('invites a contact by e-mail; the one-time link signs in once; the contact sees only its own company, by any route', async () => {
    const { app, database, clerk, a, b, orderA, orderB, complaintB, linkTo, signIn } = await setup();
    // a contact of another customer cannot be invited through this one
    expectProblem(await clerk.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: b.contacts[0].id }), 422, 'CONTACT_NOT_OF_PARTY');
    const invited = await clerk.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: a.contacts[0].id });
    expect(invited.statusCode, invited.body).toBe(200);
    expect(invited.json().access).toMatchObject([{ contactName: '陈小姐', active: true, lastSignInAt: null }]);
    const token = (await linkTo('chen@a.cn'))!;
    // the database keeps the link's hash only
    const links = await rows<{ token_hash: string }>(database.db, sql`select token_hash from portal_links`);
    expect(links.map((l) => l.token_hash)).not.toContain(token);
    const portal = await signIn(token);
    expectProblem(await app.inject({ method: 'POST', url: '/api/portal/auth/redeem', payload: { token } }), 410, 'PORTAL_LINK_INVALID');

    expect((await portal.get('/api/portal/me')).json()).toMatchObject({ contactName: '陈小姐', companyName: '甲公司' });
    const list = await portal.get('/api/portal/orders');
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([orderA.id]);
    expect(list.json().items[0]).toMatchObject({ number: orderA.number, status: 'in-progress', customerPo: 'PO-A' });
    expect(list.body).not.toContain('7.77');
    expect(list.body).not.toContain('clerk');
    // another company's records: 404 like an unknown id, whatever the route
    expectProblem(await portal.get(`/api/portal/orders/${orderB.id}`), 404, 'NOT_FOUND');
    expectProblem(await portal.get(`/api/portal/complaints/${complaintB.id}`), 404, 'NOT_FOUND');
    expect((await portal.get('/api/portal/complaints')).json().items).toEqual([]);
    expectProblem(await portal.post('/api/portal/messages', { ref: { type: 'order', id: orderB.id }, subject: '交期', content: '请确认' }), 404, 'NOT_FOUND');
    expectProblem(
      await portal.post('/api/portal/messages', { ref: { type: 'complaint', id: complaintB.id }, subject: '8D', content: '进度？' }),
      404,
      'NOT_FOUND',
    );
    // the staff API does not know the portal cookie; the portal does not know a staff session
    expectProblem(await app.inject({ method: 'GET', url: `/api/orders/${orderB.id}`, headers: { cookie: portal.cookie } }), 401, 'UNAUTHENTICATED');
    expectProblem(await app.inject({ method: 'GET', url: '/api/search?q=PO-B', headers: { cookie: portal.cookie } }), 401, 'UNAUTHENTICATED');
    expectProblem(await app.inject({ method: 'GET', url: '/api/portal/orders', headers: { cookie: clerk.session.cookie } }), 401, 'PORTAL_UNAUTHENTICATED');
    // a change without the portal's CSRF header is refused
    expectProblem(
      await app.inject({ method: 'POST', url: '/api/portal/messages', headers: { cookie: portal.cookie }, payload: { subject: 'x', content: 'y' } }),
      403,
      'CSRF_INVALID',
    );

    // a message on the own order: an incoming communication of company A, linked, audited as the contact
    const sent = await portal.post('/api/portal/messages', {
      ref: { type: 'order', id: orderA.id },
      subject: '交期确认',
      content: '请确认第 1 行能否提前到 12 月 15 日',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const comms = (await clerk.api.get(`/api/communications?partyId=${a.id}`)).json().items;
    const msg = comms.find((c: { number: string }) => c.number === sent.json().number);
    expect(msg).toMatchObject({ channel: 'portal', direction: 'in', subject: '交期确认', contactName: '陈小姐' });
    expect(msg.links).toMatchObject([{ type: 'order', id: orderA.id }]);
    const history = (await clerk.api.get(`/api/history/communication/${msg.id}`)).json().entries;
    expect(history.find((e: { action: string }) => e.action === 'portal.message').after).toMatchObject({ by: 'portal-contact', contact: '陈小姐' });
    expect((await clerk.api.get(`/api/communications?partyId=${b.id}`)).json().items.some((c: { channel: string }) => c.channel === 'portal')).toBe(false);
  });

  it("acknowledges a pending date change of its own order (an incoming communication on the order), never another company's", async () => {
    const { database, clerk, a, b, orderA, orderB, linkTo, signIn, trail } = await setup();
    await clerk.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: a.contacts[0].id });
    const portal = await signIn((await linkTo('chen@a.cn'))!);
    // a date change as Sales records it (the path to that step is walked in order-procedure.test.ts)
    const note = (
      await clerk.api.post('/api/communications', {
        partyId: a.id,
        channel: 'phone',
        direction: 'out',
        occurredAt: new Date().toISOString(),
        subject: '交期变更',
        content: '第 1 行改为 12 月 22 日',
      })
    ).json();
    const noteB = (
      await clerk.api.post('/api/communications', {
        partyId: b.id,
        channel: 'phone',
        direction: 'out',
        occurredAt: new Date().toISOString(),
        subject: '交期变更',
        content: '改期',
      })
    ).json();
    const insertChange = async (o: { id: string; lines: { id: string }[] }, commId: string) =>
      (
        await rows<{ id: string }>(
          database.db,
          sql`insert into order_delivery_changes (order_id, line_id, revision, old_date, new_date, reason, approved_by, notify_communication_id)
        values (${o.id}, ${o.lines[0]!.id}, 2, '2026-12-18', '2026-12-22', 'material', ${clerk.id}, ${commId}) returning id`,
        )
      )[0]!.id;
    const changeA = await insertChange(orderA, note.id);
    const changeB = await insertChange(orderB, noteB.id);
    const seen = (await portal.get(`/api/portal/orders/${orderA.id}`)).json();
    expect(seen.pendingDateChanges).toEqual([{ id: changeA, lineNo: 1, oldDate: '2026-12-18', newDate: '2026-12-22', version: 1 }]);
    // another company's change, through its order or through the own order: not found
    expectProblem(await portal.post(`/api/portal/orders/${orderB.id}/date-changes/${changeB}/acknowledge`, { version: 1 }), 404, 'NOT_FOUND');
    expectProblem(await portal.post(`/api/portal/orders/${orderA.id}/date-changes/${changeB}/acknowledge`, { version: 1 }), 404, 'NOT_FOUND');
    const done = await portal.post(`/api/portal/orders/${orderA.id}/date-changes/${changeA}/acknowledge`, { version: 1, note: '同意' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().pendingDateChanges).toEqual([]);
    const order = (await clerk.api.get(`/api/orders/${orderA.id}`)).json();
    expect(order.deliveryChanges[0]).toMatchObject({ acknowledged: true });
    const history = (await clerk.api.get(`/api/history/order/${orderA.id}`)).json().entries.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['delivery-plan.acknowledged', 'portal.date-change-acknowledged']));
    // audited as the contact, not as the colleague who invited them
    const rows2 = await trail('order', orderA.id);
    for (const action of ['delivery-plan.acknowledged', 'portal.date-change-acknowledged']) {
      expect(
        rows2.find((e) => e.action === action),
        action,
      ).toMatchObject({ actorId: null, actorName: '陈小姐 (甲公司 · 客户联系人 customer contact)' });
    }
    expect((await clerk.api.get(`/api/orders/${orderB.id}`)).json().deliveryChanges[0].acknowledged).toBe(false);
  });

  it('the factory decides what is shown; withdrawn access ends the session; asking for a link tells nothing', async () => {
    const { app, database, clerk, a, orderA, linkTo, signIn } = await setup();
    await clerk.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: a.contacts[0].id });
    const portal = await signIn((await linkTo('chen@a.cn'))!);
    let settings = (await clerk.api.get(`/api/customers/${a.id}/portal`)).json().settings;
    const put = async (over: Record<string, boolean>) => {
      const res = await clerk.api.put(`/api/customers/${a.id}/portal/settings`, {
        version: settings.version,
        showOrders: true,
        showComplaints: true,
        showStepNames: false,
        ...over,
      });
      expect(res.statusCode, res.body).toBe(200);
      settings = res.json().settings;
    };
    await put({ showStepNames: true });
    expect((await portal.get(`/api/portal/orders/${orderA.id}`)).json().status).toBe('intake');
    await put({ showOrders: false });
    expect((await portal.get('/api/portal/orders')).json().items).toEqual([]);
    expectProblem(await portal.get(`/api/portal/orders/${orderA.id}`), 404, 'NOT_FOUND');

    // a link asked for by address: unknown and known answer alike; only the known one gets a mail
    const count = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from mail_messages`))[0]!.n;
    const before = await count();
    expect((await app.inject({ method: 'POST', url: '/api/portal/auth/request-link', payload: { email: 'nobody@x.cn' } })).json()).toEqual({ ok: true });
    expect(await count()).toBe(before);
    expect((await app.inject({ method: 'POST', url: '/api/portal/auth/request-link', payload: { email: 'CHEN@a.cn' } })).json()).toEqual({ ok: true });
    expect(await count()).toBe(before + 1);
    const second = await signIn((await linkTo('chen@a.cn'))!);
    expect((await second.get('/api/portal/me')).statusCode).toBe(200);

    const accessId = (await clerk.api.get(`/api/customers/${a.id}/portal`)).json().access[0].id;
    expect((await clerk.api.post(`/api/customers/${a.id}/portal/access/${accessId}/revoke`)).statusCode).toBe(200);
    expectProblem(await portal.get('/api/portal/me'), 401, 'PORTAL_UNAUTHENTICATED');
    expectProblem(await second.get('/api/portal/orders'), 401, 'PORTAL_UNAUTHENTICATED');
    // withdrawn: asking for a link sends nothing
    const after = await count();
    await app.inject({ method: 'POST', url: '/api/portal/auth/request-link', payload: { email: 'chen@a.cn' } });
    expect(await count()).toBe(after);
    // a user without customers.write may not invite
    const { api: admin } = await adminClient(app);
    const viewer = await userWithRoles(app, admin, 'viewer', ['staff'], 'production');
    expect((await viewer.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: a.contacts[0].id })).statusCode).toBe(403);
  });

  it("shows the 8D once released and takes the customer's acceptance or rejection with a reason on its own complaint only", async () => {
    const t = await setup();
    const { app, admin, a, complaintB, clerk, linkTo, signIn, trail } = t;
    await clerk.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: a.contacts[0].id });
    const portal = await signIn((await linkTo('chen@a.cn'))!);
    // a complaint of company A walked to D8 (as in complaint-procedure.test.ts)
    const sales = await userWithRoles(app, admin, 'li-sales', ['staff'], 'sales');
    const qa = await userWithRoles(app, admin, 'zhou-qa', ['staff'], 'quality');
    const qaManager = await userWithRoles(app, admin, 'chen-qa-mgr', ['manager'], 'quality');
    const vp = await userWithRoles(app, admin, 'vp-wu', ['vp'], 'gm-office');
    const production = await userWithRoles(app, admin, 'prod-he', ['staff'], 'production');
    const cal = await siteCalendar(t.database.db);
    const due = cal.addWorkingDays(cal.localDate(new Date()), 3).date;
    const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
      const r = await res;
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Record<string, any>;
    };
    const get = async (id: string) => (await qa.api.get(`/api/complaints/${id}`)).json();
    const move = async (api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) => {
      const i = (await api.get(`/api/procedure-instances?refType=complaint&refId=${id}`)).json().items[0];
      return ok(api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra }));
    };
    const put = async (id: string, section: string, body: Record<string, unknown>) =>
      ok(qa.api.put(`/api/complaints/${id}/${section}`, { version: (await get(id)).version, ...body }));
    const post = async (id: string, section: string, body: Record<string, unknown>) =>
      ok(qa.api.post(`/api/complaints/${id}/${section}`, { version: (await get(id)).version, ...body }));
    const c = await ok(
      sales.api.post('/api/complaints', {
        partyId: a.id,
        channel: 'phone',
        receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        contactId: a.contacts[0].id,
        model: 'RY-2045',
        lot: 'L2611-07',
        deliveredQuantity: 5000,
        defectiveQuantity: 37,
        description: '输出电压偏低',
        failureMode: '输出电压偏低',
        remedySought: ['replace', '8d-report'],
      }),
    );
    // before release: listed, no report, nothing to confirm
    expect((await portal.get(`/api/portal/complaints/${c.id}`)).json()).toMatchObject({ number: c.number, awaitingConfirmation: false, report: null });
    await move(sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到投诉' } });
    await put(c.id, 'assessment', { severity: 'major', safetyRegulatory: false, customerImpact: ['sorting-at-customer'], path: 'full-8d' });
    await move(qa.api, c.id, 'submit-assessment');
    await move(vp.api, c.id, 'approve-8d');
    await move(qa.api, c.id, 'd0-full-8d', { fields: { symptom: '客户 IQC 满载测试输出电压 11.2V', emergencyResponse: '在库品冻结，派 2 人到客户处挑选' } });
    await put(c.id, 'team', {
      leaderId: qaManager.id,
      members: [
        { userId: qa.id, role: 'QE' },
        { userId: production.id, role: '生产' },
      ],
    });
    await move(qaManager.api, c.id, 'approve-d1');
    await put(c.id, 'problem', {
      what: '输出电压 11.2V 低于 11.4V 下限',
      where: '客户来料检验',
      when: '2026-11-26',
      who: '客户 IQC',
      why: '影响整机',
      how: '满载测试',
      howMany: '37/5000',
    });
    await move(qaManager.api, c.id, 'approve-d2');
    for (const location of ['customer', 'in-transit', 'warehouse', 'wip', 'supplier'])
      await post(c.id, 'containment', { location, description: `${location} 全检`, quantityChecked: 1000, quantityFound: location === 'customer' ? 37 : 0 });
    await move(qaManager.api, c.id, 'approve-d3');
    const photo = (await upload(app, qa.session, 'teardown.jpg', jpegBytes('teardown'), 'image/jpeg')).json();
    await put(c.id, 'root-cause', {
      method: '5-why',
      occurrenceCause: '反馈电阻 R12 用错阻值',
      escapePoint: '终检只测空载电压',
      analysis: '内部分析：备料员张三拿错料',
      evidenceAttachmentIds: [photo.id],
    });
    await move(qaManager.api, c.id, 'approve-d4');
    await post(c.id, 'actions', { title: '料架加颜色标识并扫码防错', ownerId: production.id, department: 'production', dueDate: due });
    await put(c.id, 'effectiveness', { method: '跟踪后续 3 批出货', criterion: '连续 3 批零不良', plannedDate: due, verifierId: qa.id });
    await move(qaManager.api, c.id, 'approve-d5');
    const action = (await get(c.id)).actions[0];
    await ok(production.api.post(`/api/actions/${action.id}/complete`, { version: action.version, evidence: '料架已标识' }));
    await move(qaManager.api, c.id, 'approve-d6');
    await put(c.id, 'prevention', {
      similarReviewed: 'RY-2046 同线已同样标识',
      pfmea: { answer: 'updated', revision: 'C' },
      controlPlan: { answer: 'updated', revision: 'B' },
    });
    await move(qaManager.api, c.id, 'approve-d7');
    await move(qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '后续 3 批零不良' } });

    // released: the 8D as the customer sees it, without internal analysis or people
    const seen = await portal.get(`/api/portal/complaints/${c.id}`);
    expect(seen.json()).toMatchObject({
      awaitingConfirmation: true,
      report: {
        rootCause: { occurrenceCause: '反馈电阻 R12 用错阻值', escapePoint: '终检只测空载电压' },
        actions: [{ title: '料架加颜色标识并扫码防错', done: true }],
      },
    });
    expect(seen.body).not.toContain('张三');
    expect(seen.body).not.toContain('zhou-qa');
    // another company's complaint cannot be confirmed; a rejection needs its reason
    expectProblem(await portal.post(`/api/portal/complaints/${complaintB.id}/confirmation`, { version: 1, result: 'accepted' }), 404, 'NOT_FOUND');
    const version = seen.json().version;
    expectProblem(await portal.post(`/api/portal/complaints/${c.id}/confirmation`, { version, result: 'rejected' }), 400, 'VALIDATION_FAILED');
    const rejected = await portal.post(`/api/portal/complaints/${c.id}/confirmation`, { version, result: 'rejected', comment: '流出原因分析不充分' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const full = await get(c.id);
    expect(full.confirmations).toMatchObject([{ result: 'rejected' }]);
    expect(full.confirmations[0].comment).toContain('流出原因分析不充分');
    const history = (await qa.api.get(`/api/history/complaint/${c.id}`)).json().entries.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['customer.rejected', 'portal.customer-rejected']));
    const audited = await trail('complaint', c.id);
    for (const action of ['customer.rejected', 'portal.customer-rejected']) {
      expect(
        audited.find((e) => e.action === action),
        action,
      ).toMatchObject({ actorId: null, actorName: '陈小姐 (甲公司 · 客户联系人 customer contact)' });
    }
    // staff's own steps stay staff's
    expect(audited.find((e) => e.action === 'procedure.confirm-effective')).toMatchObject({ actorId: qa.id, actorName: 'zhou-qa' });
    // the closure is refused by the procedure as for any rejection
    expectProblem(
      await (async () => {
        const i = (await qaManager.api.get(`/api/procedure-instances?refType=complaint&refId=${c.id}`)).json().items[0];
        return qaManager.api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId: 'close' });
      })(),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
  });

  it('limits requests per address: sign-in links and the portal routes', async () => {
    const t = await testApp(engine);
    // the sign-in limit 4 a minute: 1 link request, 24 portal requests a minute per address
    const app = await buildApp({
      config: loadConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '4' }),
      database: t.database,
      logger: false,
    });
    try {
      const ask = () => app.inject({ method: 'POST', url: '/api/portal/auth/request-link', payload: { email: 'x@y.cn' } });
      expect((await ask()).statusCode).toBe(200);
      expectProblem(await ask(), 429, 'RATE_LIMITED');
      const codes: number[] = [];
      for (let i = 0; i < 26; i++) codes.push((await app.inject({ method: 'GET', url: '/api/portal/orders' })).statusCode);
      expect(codes.slice(0, 24).every((c) => c === 401)).toBe(true);
      expect(codes.slice(24)).toEqual([429, 429]);
    } finally {
      await app.close();
    }
  });
});
