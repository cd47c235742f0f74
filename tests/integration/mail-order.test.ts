import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, startDovecot } from '../../server/mail/dev/dovecot.js';
import { DEV_SMTP_USER, startDevSmtpReceiver, type DevSmtpReceiver } from '../../server/mail/dev/smtp-receiver.js';
import { clearInbox, deliverRaw, inbox, mailServersUnavailable } from '../../server/mail/dev/testing.js';
import { guessCustomerPo } from '../../server/orders/orders.service.js';

/**
 * 接单 from a mail, the walkthrough against the real servers (Dovecot on 127.0.0.1:11143, the in-process SMTP
 * receiver filing into it): a customer's mail with a PDF PO and a GBK subject arrives → logged on the customer → an
 * order is taken from it with the PDF as the written order → the acknowledgement goes out threaded → the customer's
 * reply threads back onto the order. Own mailboxes (orders, po-buyer) so it never races the other mail tests.
 */
const unavailable = await mailServersUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the mail tests: ${unavailable}`);

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Record<string, any>;
};

describe('a customer PO number guessed from a subject', () => {
  it('finds the usual spellings, and nothing where there is none', () => {
    expect(guessCustomerPo('订单 PO-8812 请确认交期')).toBe('PO-8812');
    expect(guessCustomerPo('PO# 4500012345 / delivery')).toBe('4500012345');
    expect(guessCustomerPo('新订单，订单号：A2026-117')).toBe('A2026-117');
    expect(guessCustomerPo('Order No. 77-1 confirmation')).toBe('77-1');
    expect(guessCustomerPo('ＰＯ－９９１２')).toBe('PO-9912');
    expect(guessCustomerPo('询价 连接器 8P')).toBeNull();
    expect(guessCustomerPo('Potential order for Q1')).toBeNull();
  });
});

// skipped only without a Dovecot on 127.0.0.1:11143 (npm run dev:mail starts one; .ci/run does, and with CI set fails instead)
describe.skipIf(!!unavailable).each(engines())('order taken from a mail on %s', (engine) => {
  let smtp: DevSmtpReceiver;
  beforeAll(async () => {
    await startDovecot(); // idempotent: a running Dovecot learns this file's mailboxes
    smtp = await startDevSmtpReceiver();
  });
  afterAll(async () => smtp?.close());

  it('GBK PO mail → logged → 接单 with the PDF as written order → acknowledgement threaded → reply threads back; refusals', async () => {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    for (const u of ['orders', 'po-buyer']) await clearInbox(u);
    const settings = (await admin.get('/api/mail/settings')).json();
    await ok(
      admin.put('/api/mail/settings', {
        version: settings.version,
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpSecurity: 'none',
        smtpUser: DEV_SMTP_USER,
        password: DEV_MAIL_PASSWORD,
        fromAddress: 'orders@accord.test',
        fromName: '瑞源销售部',
        senders: [],
        signature: { zh: '瑞源精密电子 销售部', en: 'Ruiyuan Precision, Sales' },
      }),
    );
    const customer = await ok(
      admin.post('/api/customers', {
        code: 'SZ-01',
        nameZh: '深圳华强电子有限公司',
        contacts: [{ name: '王采购', title: 'Buyer', email: 'po-buyer@huaqiang.test' }],
      }),
    );
    const buyer = customer.contacts[0];
    const clerk = await userWithRoles(t.app, admin, 'li-sales', ['staff', 'sales-clerk'], 'sales');
    const mr = await userWithRoles(t.app, admin, 'mr-zhang', ['mr'], 'quality');
    const box = await ok(
      admin.post('/api/mail/mailboxes', {
        name: '订单 orders@',
        imapHost: '127.0.0.1',
        imapPort: DEV_IMAP_PORT,
        imapSecurity: 'none',
        imapUser: 'orders',
        password: DEV_MAIL_PASSWORD,
      }),
    );

    // the customer's mail: GBK subject and body, the PO as a PDF
    const iconv = (await import('iconv-lite')).default;
    const enc = (s: string) => iconv.encode(s, 'gbk').toString('base64');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await deliverRaw(
      'orders',
      [
        `From: =?GBK?B?${enc('王采购')}?= <po-buyer@huaqiang.test>`,
        'To: orders@accord.test',
        `Subject: =?GBK?B?${enc('订单 PO-8812 请确认交期')}?=`,
        'Message-ID: <po-8812@huaqiang.test>',
        `Date: ${new Date(Date.now() - 3600_000).toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=GBK',
        'Content-Transfer-Encoding: base64',
        '',
        enc('附件是我司订单 PO-8812：RY-2045 5000 只，请确认交期。'),
        '--b1',
        'Content-Type: application/pdf; name="PO-8812.pdf"',
        'Content-Disposition: attachment; filename="PO-8812.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        pdf.toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    expect(await ok(admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 1, logged: 1 });
    const mail = (await clerk.api.get(`/api/communications?partyId=${customer.id}`))
      .json()
      .items.find((c: { subject: string }) => c.subject === '订单 PO-8812 请确认交期');
    expect(mail).toMatchObject({ direction: 'in', channel: 'email' });
    const mailDetail = await ok(clerk.api.get(`/api/communications/${mail.id}`));
    const mailPdf = mailDetail.attachments[0];
    expect(mailPdf).toMatchObject({ filename: 'PO-8812.pdf', mime: 'application/pdf' });

    // the order form, prefilled from the mail
    const draft = await ok(clerk.api.get(`/api/orders/from-mail/${mail.id}`));
    expect(draft).toMatchObject({
      communicationId: mail.id,
      partyId: customer.id,
      contactId: buyer.id,
      customerPo: 'PO-8812',
      form: 'email',
      subject: '订单 PO-8812 请确认交期',
    });
    expect(draft.attachments.map((a: { id: string }) => a.id)).toEqual([mailPdf.id]);

    const line = { model: 'RY-2045', spec: '12V 2A', quantity: 5000, requestedDate: '2099-01-20', unitPrice: 12.5 };
    const body = {
      partyId: draft.partyId,
      contactId: draft.contactId,
      customerPo: draft.customerPo,
      form: draft.form,
      orderDate: draft.orderDate,
      receivedAt: draft.receivedAt,
      lines: [line],
      originCommunicationId: mail.id,
      originAttachmentIds: [mailPdf.id],
    };
    const count = async () => (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders`))[0]!.n;

    // refusals: no order-taking right; missing lines; an attachment that is not the mail's; an outgoing communication
    expectProblem(await mr.api.get(`/api/orders/from-mail/${mail.id}`), 403, 'FORBIDDEN');
    expectProblem(await mr.api.post('/api/orders', body), 403, 'FORBIDDEN');
    const missing = expectProblem(await clerk.api.post('/api/orders', { ...body, lines: [] }), 400, 'VALIDATION_FAILED');
    expect(missing.errors!.map((e) => e.path)).toContain('body.lines');
    const noDate = expectProblem(await clerk.api.post('/api/orders', { ...body, orderDate: undefined }), 400, 'VALIDATION_FAILED');
    expect(noDate.errors!.map((e) => e.path)).toContain('body.orderDate');
    const other = await ok(
      clerk.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'email',
        direction: 'out',
        topic: 'other',
        occurredAt: new Date().toISOString(),
        subject: '我方去信',
        content: '正文',
      }),
    );
    const foreign = expectProblem(await clerk.api.post('/api/orders', { ...body, originAttachmentIds: [other.id] }), 422, 'ATTACHMENT_NOT_FOUND');
    expect(foreign.errors!.map((e) => e.path)).toEqual(['body.originAttachmentIds.0']);
    expectProblem(await clerk.api.post('/api/orders', { ...body, originCommunicationId: other.id, originAttachmentIds: [] }), 422, 'ORDER_ORIGIN_NOT_MAIL');
    expectProblem(await clerk.api.get(`/api/orders/from-mail/${other.id}`), 422, 'ORDER_ORIGIN_NOT_MAIL');
    expect(await count()).toBe(0);

    // two colleagues take the order at once: one order, the other told it is taken
    const both = await Promise.all([clerk.api.post('/api/orders', body), admin.post('/api/orders', body)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.statusCode === 409)!.json().code).toBe('ORDER_ALREADY_TAKEN_FROM_MAIL');
    expect(await count()).toBe(1);
    const order = both.find((r) => r.statusCode === 200)!.json();
    expect(order).toMatchObject({ customerPo: 'PO-8812', form: 'email', writtenOrderOnFile: true, contactId: buyer.id });
    expect(order.status).toBeTruthy(); // the order procedure started
    expect(order.writtenOrderAttachmentIds).toHaveLength(1);
    const filed = order.attachments.find((a: { id: string }) => a.id === order.writtenOrderAttachmentIds[0]);
    expect(filed).toMatchObject({ filename: 'PO-8812.pdf', mime: 'application/pdf', sha256: mailPdf.sha256 });
    expect(filed.id).not.toBe(mailPdf.id);
    const instance = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${order.id}`)).json().items[0];
    expect(instance).toBeTruthy();
    // the mail keeps its PDF and now links to the order
    const after = await ok(clerk.api.get(`/api/communications/${mail.id}`));
    expect(after.attachments.map((a: { id: string }) => a.id)).toEqual([mailPdf.id]);
    expect(after.links).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'order', id: order.id })]));
    expectProblem(await clerk.api.get(`/api/orders/from-mail/${mail.id}`), 409, 'ORDER_ALREADY_TAKEN_FROM_MAIL');
    const audit = await rows<{ after: Record<string, unknown> }>(
      t.database.db,
      sql`select after from audit_log where ref_type = 'order' and action = 'create'`,
    );
    expect(audit[0]!.after.fromMail).toBe(mail.number);

    // the acknowledgement goes out threaded to the customer's mail
    const incoming = (await clerk.api.get('/api/mail/incoming?status=logged'))
      .json()
      .items.find((m: { communicationId: string }) => m.communicationId === mail.id);
    const ack = await ok(
      clerk.api.post('/api/mail/send', {
        templateKey: 'general',
        ref: { type: 'order', id: order.id },
        contactId: buyer.id,
        language: 'zh-CN',
        subject: `回复：订单 PO-8812 已接收 [${order.number}]`,
        body: '王采购，您好：\n\n贵司订单 PO-8812 已收到，交期确认后另行通知。',
        inReplyToIncomingId: incoming.id,
      }),
    );
    await drainOutbox(t.database.db);
    const [got] = await inbox('po-buyer');
    expect(got!.messageId).toBe(ack.messageId);
    expect(got!.inReplyTo).toBe('<po-8812@huaqiang.test>');
    expect(got!.subject).toBe(`回复：订单 PO-8812 已接收 [${order.number}]`);

    // the customer's reply threads back onto the order
    await deliverRaw(
      'orders',
      [
        'From: po-buyer@huaqiang.test',
        'To: orders@accord.test',
        'Subject: Re: PO-8812',
        'Message-ID: <po-8812-reply@huaqiang.test>',
        `In-Reply-To: ${ack.messageId}`,
        `References: <po-8812@huaqiang.test> ${ack.messageId}`,
        '',
        '收到，谢谢。',
        '',
      ].join('\r\n'),
    );
    expect(await ok(admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 1, logged: 1 });
    const onOrder = (await clerk.api.get(`/api/communications?linkType=order&linkId=${order.id}`))
      .json()
      .items.map((c: { direction: string; subject: string }) => [c.direction, c.subject]);
    expect(onOrder.sort()).toEqual(
      [
        ['in', 'Re: PO-8812'],
        ['in', '订单 PO-8812 请确认交期'],
        ['out', `回复：订单 PO-8812 已接收 [${order.number}]`],
      ].sort(),
    );
  });
});

if (unavailable) {
  describe('order taken from a mail', () => {
    // only without Dovecot on 127.0.0.1 (npx tsx server/mail/dev/main.ts dovecot); under CI=1 the file throws instead of skipping
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
