import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as OTPAuth from 'otpauth';
import { rows } from '../../server/platform/db/client.js';
import { mailKey, open } from '../../server/mail/index.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { jpegBytes, postParts } from '../support/multipart.js';
import { CONTACT, performTransition } from '../../server/procedures/index.js';
import { resolvePrincipal } from '../../server/identity/index.js';
import { permissionKeys } from '../../contracts/identity.js';

/** A contact's browser: the portal cookie and its CSRF header only. */
function portalClient(app: FastifyInstance, cookie: string, csrf: string) {
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie, 'x-portal-csrf': csrf, 'accept-language': 'zh-CN' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown = {}) => call('POST', url, body),
    upload: (fields: Record<string, string>, filename: string, content: Buffer) =>
      postParts(app, '/api/portal/uploads', { cookie, 'x-portal-csrf': csrf }, [
        ...Object.entries(fields).map(([name, v]) => ({ name, content: v })),
        { name: 'file', filename, content },
      ]),
    cookie,
  };
}

const good = { scores: { quality: 4, delivery: 5, service: 4, pricing: 3, communication: 4 }, recommend: 8, comments: '交付及时' };
const strong = 'Lanting-Xu-2026-portal!';

describe.each(engines())('customer portal records on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const mail = (await admin.get('/api/mail/settings')).json();
    await admin.put('/api/mail/settings', {
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
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    const a = (await admin.post('/api/customers', { code: 'A-01', nameZh: '甲公司', contacts: [{ name: '陈小姐', email: 'chen@a.cn' }] })).json();
    const b = (await admin.post('/api/customers', { code: 'B-02', nameZh: '乙公司', contacts: [{ name: '王先生', email: 'wang@b.cn' }] })).json();
    const order = (partyId: string, po: string, form = 'email') =>
      clerk.api
        .post('/api/orders', {
          partyId,
          customerPo: po,
          form,
          orderDate: '2026-11-20',
          receivedAt: '2026-11-20T02:00:00.000Z',
          lines: [{ model: 'RY-2045', quantity: 500, requestedDate: '2026-12-20' }],
        })
        .then((r) => r.json());
    const orderA = await order(a.id, 'PO-A');
    const orderB = await order(b.id, 'PO-B');
    const linkTo = async (address: string) => {
      const [m] = await rows<{ secrets_enc: string | null }>(
        t.database.db,
        sql`select secrets_enc from mail_messages where to_address = ${address} order by created_at desc limit 1`,
      );
      return (JSON.parse(open(mailKey({ dataDir: t.dataDir, mailSecretKey: undefined }), m!.secrets_enc!)!) as { link: string }).link.split('#')[1]!;
    };
    const enter = async (res: Awaited<ReturnType<FastifyInstance['inject']>>) => {
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'accord_portal')!;
      return portalClient(t.app, `accord_portal=${cookie.value}`, res.json().csrfToken);
    };
    const signIn = async (address: string) =>
      enter(await t.app.inject({ method: 'POST', url: '/api/portal/auth/redeem', payload: { token: await linkTo(address) } }));
    await clerk.api.post(`/api/customers/${a.id}/portal/invitations`, { contactId: a.contacts[0].id });
    await clerk.api.post(`/api/customers/${b.id}/portal/invitations`, { contactId: b.contacts[0].id });
    const portalA = await signIn('chen@a.cn');
    const portalB = await signIn('wang@b.cn');
    /** the order's procedure at the reconfirmation before shipment (the walk there is order-procedure.test.ts's) */
    const atReconfirmation = async (orderId: string) => {
      await t.database.db.execute(sql`update procedure_instances set state = 'reconfirmation' where ref_type = 'order' and ref_id = ${orderId}`);
    };
    const history = async (type: string, id: string) =>
      (await clerk.api.get(`/api/history/${type}/${id}`)).json().entries as { action: string; after: Record<string, unknown> | null }[];
    /** the audit trail of a record as the audit page shows it: who (actorId, actorName) did what */
    const trail = async (refType: string, refId: string) =>
      (await admin.get(`/api/audit/trail?refType=${refType}&refId=${refId}&pageSize=100`)).json().items as {
        action: string;
        actorId: string | null;
        actorName: string | null;
        after: Record<string, unknown> | null;
      }[];
    return { ...t, admin, clerk, a, b, order, orderA, orderB, portalA, portalB, atReconfirmation, history, enter, trail };
  }

  it("reconfirms shipment of its own order as the order procedure does: an incoming communication from the contact, audited as the contact; never B's", async () => {
    const { database, clerk, a, b, orderA, orderB, portalA, portalB, atReconfirmation, history, trail } = await setup();
    expect((await portalA.get(`/api/portal/orders/${orderA.id}`)).json().reconfirmation).toBeNull();
    expectProblem(await portalA.post(`/api/portal/orders/${orderA.id}/reconfirm`, { version: 1 }), 409, 'PORTAL_NOT_AWAITING');
    await atReconfirmation(orderA.id);
    await atReconfirmation(orderB.id);
    const seen = (await portalA.get(`/api/portal/orders/${orderA.id}`)).json();
    expect(seen.reconfirmation).toMatchObject({ version: expect.any(Number) });
    // B's order, by its id: unknown to A (and B's reconfirmation stays open)
    expectProblem(await portalA.post(`/api/portal/orders/${orderB.id}/reconfirm`, { version: seen.reconfirmation.version }), 404, 'NOT_FOUND');
    expectProblem(await portalA.post(`/api/portal/orders/${orderA.id}/reconfirm`, { version: seen.reconfirmation.version + 5 }), 409, 'VERSION_CONFLICT');
    const done = await portalA.post(`/api/portal/orders/${orderA.id}/reconfirm`, { version: seen.reconfirmation.version, note: '规格按图纸 C 版' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().reconfirmation).toBeNull();
    // the order moved on to shipment, as when Sales records the reconfirmation
    const instance = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${orderA.id}`)).json().items[0];
    expect(instance.state).toBe('shipment');
    const comms = (await clerk.api.get(`/api/communications?partyId=${a.id}`)).json().items;
    const c = comms.find((x: { subject: string }) => x.subject.includes('Customer reconfirmation before shipment'));
    expect(c).toMatchObject({ channel: 'portal', direction: 'in', contactName: '陈小姐' });
    expect(c.links).toMatchObject([{ type: 'order', id: orderA.id }]);
    expect((await history('order', orderA.id)).find((e) => e.action === 'portal.reconfirmed')?.after).toMatchObject({
      by: 'portal-contact',
      contact: '陈小姐',
      note: '规格按图纸 C 版',
    });
    // B's own reconfirmation is untouched and still waits for B
    expect((await portalB.get(`/api/portal/orders/${orderB.id}`)).json().reconfirmation).not.toBeNull();
    // the transition was the contact's own (the definition opens `reconfirm` to the customer): the audit row, the step
    // history and the task's completion name the contact, never the colleague who invited them
    const who = { actorId: null, actorName: '陈小姐 (甲公司 · 客户联系人 customer contact)' };
    const rowsA = await trail('order', orderA.id);
    expect(rowsA.find((e) => e.action === 'procedure.reconfirm')).toMatchObject({
      ...who,
      after: { state: 'shipment', by: 'portal-contact', contact: '陈小姐 (甲公司 · 客户联系人 customer contact)' },
    });
    expect(rowsA.find((e) => e.action === 'portal.reconfirmed')).toMatchObject(who);
    expect(rowsA.some((e) => e.actorId === clerk.id && e.action.startsWith('procedure.reconfirm'))).toBe(false);
    expect(instance.history.find((h: { transitionId: string | null }) => h.transitionId === 'reconfirm')).toMatchObject({
      actorName: '陈小姐 (甲公司 · 客户联系人 customer contact)',
    });
    const shown = (await clerk.api.get(`/api/history/order/${orderA.id}`)).json().entries.find((e: { action: string }) => e.action === 'procedure.reconfirm');
    expect(shown.actorName).toBe('陈小姐 (甲公司 · 客户联系人 customer contact)');
    // a staff-only transition is refused to the contact by the engine itself (no lane or role is lent): from the
    // reconfirmation, "the customer asks for a change" is Sales' to take
    const recorder = (await resolvePrincipal(database.db, clerk.id, permissionKeys, 'portal'))!;
    const contactB = CONTACT({ contactId: b.contacts[0].id, partyId: b.id, displayName: '王先生 (乙公司 · 客户联系人 customer contact)', recorder });
    const instB = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${orderB.id}`)).json().items[0];
    const staffOnly = instB.actions.find((x: { transitionId: string }) => x.transitionId !== 'reconfirm');
    expect(staffOnly, 'a staff transition leaves the reconfirmation').toBeTruthy();
    await expect(
      performTransition(database.db, contactB, instB.id, {
        version: instB.version,
        transitionId: staffOnly.transitionId,
        fields: { reason: 'x', changeRequest: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'PROCEDURE_NOT_YOUR_STEP' });
    expect((await clerk.api.get(`/api/procedure-instances?refType=order&refId=${orderB.id}`)).json().items[0]).toMatchObject({
      state: 'reconfirmation',
      version: instB.version,
    });
  });

  it("answers its own open survey in the portal through the survey answer flow; another contact's survey is unknown", async () => {
    const { admin, clerk, a, b, portalA, portalB, history, trail } = await setup();
    const template = (await clerk.api.post('/api/survey-templates', defaultSurveyTemplate)).json();
    const sent = await clerk.api.post('/api/survey-campaigns', {
      title: '年度顾客满意度调查',
      templateId: template.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-11-30',
      responseDeadline: '2027-01-31',
      recipients: [
        { partyId: a.id, contactId: a.contacts[0].id },
        { partyId: b.id, contactId: b.contacts[0].id },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const campaign = sent.json().campaign;
    const mine = (await portalA.get('/api/portal/surveys')).json().items;
    expect(mine).toHaveLength(1);
    const theirs = (await portalB.get('/api/portal/surveys')).json().items;
    expect(theirs[0].id).not.toBe(mine[0].id);
    // B's recipient id, guessed by A: unknown, both to read and to answer
    expectProblem(await portalA.get(`/api/portal/surveys/${theirs[0].id}`), 404, 'NOT_FOUND');
    expectProblem(await portalA.post(`/api/portal/surveys/${theirs[0].id}`, good), 404, 'NOT_FOUND');
    const q = await portalA.get(`/api/portal/surveys/${mine[0].id}`);
    expect(q.json()).toMatchObject({ contactName: '陈小姐', campaignTitle: '年度顾客满意度调查' });
    expect(q.json().dimensions.length).toBeGreaterThan(0);
    expectProblem(
      await portalA.post(`/api/portal/surveys/${mine[0].id}`, { ...good, scores: { ...good.scores, quality: 9 } }),
      422,
      'SURVEY_SCORE_OUT_OF_RANGE',
    );
    const answered = await portalA.post(`/api/portal/surveys/${mine[0].id}`, good);
    expect(answered.statusCode, answered.body).toBe(200);
    expectProblem(await portalA.post(`/api/portal/surveys/${mine[0].id}`, good), 409, 'SURVEY_ALREADY_ANSWERED');
    expect((await portalA.get('/api/portal/surveys')).json().items).toEqual([]);
    const recipients = (await clerk.api.get(`/api/survey-campaigns/${campaign.id}`)).json().recipients;
    expect(recipients.find((r: { contactName: string }) => r.contactName === '陈小姐').respondedAt).not.toBeNull();
    expect(recipients.find((r: { contactName: string }) => r.contactName === '王先生').respondedAt).toBeNull();
    // stored as answered in the portal (not through the link), and so listed and exported
    expect(recipients.find((r: { contactName: string }) => r.contactName === '陈小姐').responseSource).toBe('portal');
    const answers = (await admin.get(`/api/survey-campaigns/${campaign.id}/responses`)).json().items;
    expect(answers).toMatchObject([{ contactName: '陈小姐', source: 'portal' }]);
    const exported = await admin.get(`/api/exports/survey-responses?campaignId=${campaign.id}&format=csv`);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.body).toContain('portal');
    const audited = (await trail('survey-campaign', campaign.id)).filter((e) => e.action === 'portal.survey-answered' || e.action === 'response');
    expect(audited).toHaveLength(2);
    for (const e of audited) expect(e).toMatchObject({ actorId: null, actorName: '陈小姐 (甲公司 · 客户联系人 customer contact)' });
    expect((await history('survey-campaign', campaign.id)).find((e) => e.action === 'portal.survey-answered')?.after).toMatchObject({
      by: 'portal-contact',
      contact: '陈小姐',
    });
    // the factory can hide surveys
    const s = (await clerk.api.get(`/api/customers/${b.id}/portal`)).json().settings;
    await clerk.api.put(`/api/customers/${b.id}/portal/settings`, { ...s, showSurveys: false });
    expect((await portalB.get('/api/portal/surveys')).json().items).toEqual([]);
    expectProblem(await portalB.get(`/api/portal/surveys/${theirs[0].id}`), 404, 'NOT_FOUND');
  });

  it('shows planned visits only when the factory shows them, only its own, without visitors or restricted areas', async () => {
    const { app, admin, clerk, a, b, portalA } = await setup();
    const sales = await userWithRoles(app, admin, 'sales-li', ['staff'], 'sales');
    const plan = (partyId: string, purpose: string) =>
      sales.api.post('/api/visits', {
        partyId,
        direction: 'incoming',
        kind: 'audit',
        purpose,
        visitors: 'Mr. Weber（SQE）',
        startDate: '2027-01-12',
        endDate: '2027-01-13',
        focusItems: '注塑',
        ndaRequired: true,
        restrictedAreas: '其他客户的模具区',
        noticeDepartments: ['quality'],
      });
    const va = await plan(a.id, 'IATF 16949 过程审核');
    expect(va.statusCode, va.body).toBe(200);
    await plan(b.id, '乙公司年度审核');
    // hidden by default
    expect((await portalA.get('/api/portal/visits')).json().items).toEqual([]);
    const s = (await clerk.api.get(`/api/customers/${a.id}/portal`)).json().settings;
    expect(s).toMatchObject({ showVisits: false, showSurveys: true, showReport: true, allowUploads: true });
    expect((await clerk.api.put(`/api/customers/${a.id}/portal/settings`, { ...s, showVisits: true })).statusCode).toBe(200);
    const list = await portalA.get('/api/portal/visits');
    expect(list.json().items).toEqual([
      {
        id: va.json().id,
        number: va.json().number,
        direction: 'incoming',
        kind: 'audit',
        purpose: 'IATF 16949 过程审核',
        startDate: '2027-01-12',
        endDate: '2027-01-13',
      },
    ]);
    expect(list.body).not.toContain('Weber');
    expect(list.body).not.toContain('模具区');
    expect(list.body).not.toContain('乙公司年度审核');
  });

  it("uploads a written PO for its oral order (the written order on file, as staff filing it) and its scorecard; content checked; never onto B's records", async () => {
    const { clerk, a, b, order, orderB, portalA, portalB, history, trail } = await setup();
    const oral = await order(a.id, 'PO-ORAL', 'oral');
    expect(oral.writtenOrderOnFile).toBe(false);
    // B's order by id: unknown; a program named .pdf: refused by content; a PO must name an order
    expectProblem(await portalA.upload({ kind: 'written-order', refType: 'order', refId: orderB.id }, 'po.jpg', jpegBytes('po')), 404, 'NOT_FOUND');
    expectProblem(
      await portalA.upload({ kind: 'written-order', refType: 'order', refId: oral.id }, 'po.pdf', Buffer.from('MZ\x90\x00 this is a program')),
      415,
      'FILE_CONTENT_MISMATCH',
    );
    expectProblem(await portalA.upload({ kind: 'written-order' }, 'po.jpg', jpegBytes('po')), 400, 'VALIDATION_FAILED');
    expectProblem(await portalA.upload({ kind: 'drawing', refType: 'complaint', refId: crypto.randomUUID() }, 'd.jpg', jpegBytes('d')), 404, 'NOT_FOUND');
    expectProblem(await portalA.upload({ kind: 'bribe', refType: 'order', refId: oral.id }, 'po.jpg', jpegBytes('po')), 400, 'VALIDATION_FAILED');
    const up = await portalA.upload({ kind: 'written-order', refType: 'order', refId: oral.id, note: '补书面订单' }, 'PO-ORAL.jpg', jpegBytes('written po'));
    expect(up.statusCode, up.body).toBe(200);
    const filed = (await clerk.api.get(`/api/orders/${oral.id}`)).json();
    expect(filed.writtenOrderOnFile).toBe(true);
    expect(filed.writtenOrderAttachmentIds).toHaveLength(1);
    const comm = (await clerk.api.get(`/api/communications?partyId=${a.id}`)).json().items.find((c: { number: string }) => c.number === up.json().number);
    expect(comm).toMatchObject({ channel: 'portal', direction: 'in', contactName: '陈小姐' });
    expect(comm.links).toMatchObject([{ type: 'order', id: oral.id }]);
    const h = await history('order', oral.id);
    expect(h.map((e) => e.action)).toEqual(expect.arrayContaining(['written-order', 'portal.upload']));
    expect(h.find((e) => e.action === 'portal.upload')?.after).toMatchObject({ by: 'portal-contact', contact: '陈小姐', kind: 'written-order' });
    // a scorecard for the company (no record): attached to the incoming communication
    const card = await portalA.upload({ kind: 'scorecard' }, 'scorecard-2026.jpg', jpegBytes('scorecard'));
    expect(card.statusCode, card.body).toBe(200);
    const cardComm = (await clerk.api.get(`/api/communications?partyId=${a.id}`)).json().items.find((c: { number: string }) => c.number === card.json().number);
    const full = (await clerk.api.get(`/api/communications/${cardComm.id}`)).json();
    expect(full.attachments.map((x: { filename: string }) => x.filename)).toEqual(['scorecard-2026.jpg']);
    // nothing reached B
    expect((await clerk.api.get(`/api/communications?partyId=${b.id}`)).json().items.some((c: { channel: string }) => c.channel === 'portal')).toBe(false);
    expect((await clerk.api.get(`/api/orders/${orderB.id}`)).json().writtenOrderAttachmentIds).toEqual([]);
    // audited as the contact: the written order filed and the upload itself
    const uploadedRows = await trail('order', oral.id);
    for (const action of ['written-order', 'portal.upload']) {
      expect(
        uploadedRows.find((e) => e.action === action),
        action,
      ).toMatchObject({ actorId: null, actorName: '陈小姐 (甲公司 · 客户联系人 customer contact)' });
    }
    // my uploads: what, when, on which record, and what became of it — newest first
    const mine = await portalA.get('/api/portal/uploads');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toMatchObject([
      {
        id: card.json().id,
        kind: 'scorecard',
        filename: 'scorecard-2026.jpg',
        record: null,
        filedAs: 'communication',
        communicationNumber: card.json().number,
      },
      {
        id: up.json().id,
        kind: 'written-order',
        filename: 'PO-ORAL.jpg',
        record: { type: 'order', id: oral.id, number: oral.number },
        filedAs: 'written-order',
        communicationNumber: up.json().number,
        note: '补书面订单',
      },
    ]);
    expect((await portalA.get(`/api/portal/uploads/${up.json().id}`)).json()).toMatchObject({ filename: 'PO-ORAL.jpg', filedAs: 'written-order' });
    // B sees none of them, not even by id; A cannot read B's by id either
    expect((await portalB.get('/api/portal/uploads')).json().items).toEqual([]);
    expectProblem(await portalB.get(`/api/portal/uploads/${up.json().id}`), 404, 'NOT_FOUND');
    expectProblem(await portalB.get(`/api/portal/uploads/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    const bs = await portalB.upload({ kind: 'drawing' }, 'b-drawing.jpg', jpegBytes('b'));
    expect(bs.statusCode, bs.body).toBe(200);
    expectProblem(await portalA.get(`/api/portal/uploads/${bs.json().id}`), 404, 'NOT_FOUND');
    expect((await portalA.get('/api/portal/uploads')).body).not.toContain('b-drawing');
    // the customer page lists its contacts' uploads (and only its own)
    const staffA = (await clerk.api.get(`/api/customers/${a.id}/portal/uploads`)).json().items;
    expect(staffA.map((u: { filename: string }) => u.filename)).toEqual(['scorecard-2026.jpg', 'PO-ORAL.jpg']);
    expect(staffA[1]).toMatchObject({ contactName: '陈小姐', filedAs: 'written-order', record: { number: oral.number } });
    expect((await clerk.api.get(`/api/customers/${b.id}/portal/uploads`)).json().items.map((u: { filename: string }) => u.filename)).toEqual(['b-drawing.jpg']);
    // the factory can turn uploads off
    const s = (await clerk.api.get(`/api/customers/${a.id}/portal`)).json().settings;
    await clerk.api.put(`/api/customers/${a.id}/portal/settings`, { ...s, allowUploads: false });
    expectProblem(await portalA.upload({ kind: 'drawing' }, 'd.jpg', jpegBytes('d')), 403, 'FORBIDDEN');
  });

  it('signs in with a password (staff policy) and a TOTP code once enabled; lockout; the same answer for an unknown address', async () => {
    const { app, portalA, enter } = await setup();
    const signIn = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/portal/auth/sign-in', payload: body });
    expectProblem(await signIn({ email: 'chen@a.cn', password: strong }), 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');
    expectProblem(await portalA.post('/api/portal/password', { password: 'password1234' }), 422, 'PASSWORD_TOO_WEAK');
    expectProblem(await portalA.post('/api/portal/password', { password: 'chen@a.cn-2026' }), 422, 'PASSWORD_TOO_WEAK');
    expect((await portalA.post('/api/portal/password', { password: strong })).statusCode).toBe(200);
    expect((await portalA.get('/api/portal/me')).json()).toMatchObject({ passwordSet: true, totpEnabled: false });
    const byPassword = await enter(await signIn({ email: 'CHEN@a.cn', password: strong }));
    expect((await byPassword.get('/api/portal/me')).json()).toMatchObject({ contactName: '陈小姐' });
    // unknown address, wrong password: one answer
    const unknown = await signIn({ email: 'nobody@a.cn', password: strong });
    const wrong = await signIn({ email: 'chen@a.cn', password: 'Wrong-password-2026!' });
    expectProblem(unknown, 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');
    expectProblem(wrong, 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');
    expect(unknown.body).toBe(wrong.body);

    // TOTP: set up, confirmed by a first code; then sign-in asks for a code
    const setupRes = (await portalA.post('/api/portal/totp/setup')).json();
    expect(setupRes.uri).toMatch(/^otpauth:\/\/totp\/Accord:chen%40a\.cn\?/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setupRes.secret), digits: 6, period: 30 });
    expectProblem(await portalA.post('/api/portal/totp/enable', { code: totp.generate() === '000000' ? '111111' : '000000' }), 400, 'PORTAL_TOTP_INVALID');
    const first = totp.generate();
    expect((await portalA.post('/api/portal/totp/enable', { code: first })).statusCode).toBe(200);
    expectProblem(await signIn({ email: 'chen@a.cn', password: strong }), 401, 'PORTAL_TOTP_REQUIRED');
    // the code that enabled it is spent
    expectProblem(await signIn({ email: 'chen@a.cn', password: strong, code: first }), 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');
    const [row] = await rows<{ totp_secret_enc: string }>(app.db, sql`select totp_secret_enc from portal_access where email = 'chen@a.cn'`);
    expect(row!.totp_secret_enc).not.toContain(setupRes.secret);
    // a code of the next time step signs in (once)
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    await enter(await signIn({ email: 'chen@a.cn', password: strong, code: next }));
    expectProblem(await signIn({ email: 'chen@a.cn', password: strong, code: next }), 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');

    // lockout: after five failures even the right password and a fresh code are refused, with the same answer
    for (let i = 0; i < 5; i++) expectProblem(await signIn({ email: 'chen@a.cn', password: `Wrong-password-${i}!x` }), 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');
    const locked = await signIn({ email: 'chen@a.cn', password: strong, code: totp.generate({ timestamp: Date.now() - 30_000 }) });
    expectProblem(locked, 401, 'PORTAL_PASSWORD_SIGN_IN_FAILED');
    const [lock] = await rows<{ locked_until: Date | null }>(app.db, sql`select locked_until from portal_access where email = 'chen@a.cn'`);
    expect(lock!.locked_until).not.toBeNull();
  });
});
