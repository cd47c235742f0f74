import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';
import { client, signIn, type Client } from '../support/harness.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { errorMessage } from '../../contracts/errors.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD } from '../../server/mail/dev/dovecot.js';
import { DEV_SMTP_USER, startDevSmtpReceiver, type DevSmtpReceiver } from '../../server/mail/dev/smtp-receiver.js';
import { clearInbox, deliverRaw, inbox, mailServersUnavailable } from '../../server/mail/dev/testing.js';
import { startDovecot } from '../../server/mail/dev/dovecot.js';
import * as J from '../support/journey.js';

const skip = browserUnavailable() ?? (await mailServersUnavailable());
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (mail journey): ${skip}\n`);
if (skip && process.env.CI && !browserUnavailable()) throw new Error(`CI must run the mail journey: ${skip}`);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000 });
const texts = {
  'zh-CN': {
    none: '不加密',
    saved: '已保存',
    sent: '测试邮件已发出',
    statusSent: '已发送',
    ignored: '已忽略',
    off: '不发送',
    digest: '每日摘要',
    always: '始终立即发送',
    menu: '邮件通知',
    robots: '群机器人',
    wecom: '企业微信',
    defaultRule: '询价邮件',
    enquiry: '咨询',
  },
  'en-US': {
    none: 'None',
    saved: 'Saved',
    sent: 'Test mail sent',
    statusSent: 'Sent',
    ignored: 'Ignored',
    off: 'Off',
    digest: 'Daily digest',
    always: 'Always at once',
    menu: 'Mail notifications',
    robots: 'Group robots',
    wecom: 'WeCom',
    defaultRule: 'Enquiries',
    enquiry: 'Enquiry',
  },
} as const;

/**
 * The administrator sets up outgoing mail in the browser: a wrong password is named in the user's language by the
 * test-mail button, the right one sends; a mail written from the customer's page (template edited) leaves through
 * the queue and shows as sent; an unmatched incoming mail is ignored from the sorting list with a reason.
 */
describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as const)('mail journey in %s', (locale) => {
  let accord: Running;
  let smtp: DevSmtpReceiver;
  let admin: Client;
  let cookie = '';
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let current: Page | undefined;
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(screenshotDir, `mail-${locale}-${name}.png`), fullPage: true });

  async function page() {
    const ctx = await accord.browser.newContext({ locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    contexts.push(ctx);
    await ctx.addCookies([{ name: 'accord_session', value: cookie, url: accord.baseUrl }]);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    current = p;
    return p;
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
    smtp = await startDevSmtpReceiver();
    const session = await signIn(accord.app, 'admin', ADMIN_PASSWORD);
    cookie = session.cookie.split('=')[1]!;
    admin = client(accord.app, session, locale);
    expect((await admin.put('/api/auth/preferences', { locale })).statusCode).toBe(200);
    // the journey's own mailboxes (journey-*): the integration mail tests run beside it in other workers and use
    // sales, customer and orders — a mail of theirs in the journey's triage list made it fail now and then
    await startDovecot(); // idempotent: a running Dovecot learns the journey's mailboxes
    await clearInbox('journey-customer');
    await clearInbox('journey-sales');
    await clearInbox('journey-orders');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && current) await shot(current, 'failed').catch(() => {});
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await smtp?.close();
    await accord?.close();
  });

  it('sets up outgoing mail: the test mail names a wrong password, then sends', async () => {
    const p = await page();
    await p.goto(`${accord.baseUrl}/admin/mail`);
    await p.getByTestId('mail-smtp-host').fill('127.0.0.1');
    await p.getByTestId('mail-smtp-port').fill(String(smtp.port));
    await p.getByTestId('mail-smtp-security').click();
    await p.getByTitle(texts[locale].none).click();
    await p.getByTestId('mail-smtp-user').fill(DEV_SMTP_USER);
    await p.getByTestId('mail-smtp-password').fill('not-the-password');
    await p.getByTestId('mail-from-address').fill('sales@accord.test');
    await p.getByTestId('mail-from-name').fill('Ruiyuan Sales');
    await p.getByTestId('mail-settings-save').click();
    await p.getByText(texts[locale].saved).first().waitFor();
    await p.getByTestId('mail-test-to').fill('journey-customer@accord.test');
    await p.getByTestId('mail-test-send').click();
    await p.getByText(errorMessage('MAIL_AUTH_FAILED', locale)).first().waitFor();
    await shot(p, 'auth-failed');
    await p.getByTestId('mail-smtp-password').fill(DEV_MAIL_PASSWORD);
    await p.getByTestId('mail-settings-save').click();
    await poll(async () => (await admin.get('/api/mail/settings')).json().version).toBeGreaterThanOrEqual(3);
    await p.getByTestId('mail-test-send').click();
    await p.getByText(texts[locale].sent).first().waitFor();
    await poll(async () => (await inbox('journey-customer')).length).toBe(1);
  });

  it('writes a mail from the customer page with the template edited; the queue shows it sent', async () => {
    const c = await admin.post('/api/customers', {
      code: `SZ-${locale}`,
      nameZh: '深圳华强电子有限公司',
      nameEn: 'Huaqiang Electronics',
      contacts: [{ name: '刘工', email: 'journey-customer@accord.test' }],
    });
    expect(c.statusCode, c.body).toBe(200);
    const customer = c.json() as { id: string };
    const p = await page();
    // the mail tab clicked as a user would: the customer page's tabs wrap onto a second row (none hides in a "more" menu)
    await p.goto(`${accord.baseUrl}/customers/${customer.id}`);
    await p.getByTestId('customer-mail-tab').click();
    await p.getByTestId('record-mail-compose').click();
    await poll(async () => p.getByTestId('compose-body').inputValue()).toContain('刘工');
    await p.getByTestId('compose-subject').fill(`[SZ-${locale}] 样品寄出 Samples sent`);
    await p.getByTestId('compose-send').click();
    await p.waitForURL(/\/customers\//);
    await poll(async () => (await admin.get('/api/mail/queue')).json().total).toBe(1);
    await drainOutbox(accord.database.db);
    await poll(async () => (await inbox('journey-customer')).map((m) => m.subject)).toContain(`[SZ-${locale}] 样品寄出 Samples sent`);
    await p.goto(`${accord.baseUrl}/admin/mail`);
    await p.getByTestId('mail-tab-queue').click();
    await p.getByTestId('mail-queue').getByText(texts[locale].statusSent).first().waitFor();
    await shot(p, 'queue');
  });

  it('an unmatched incoming mail is ignored from the sorting list, with a reason', async () => {
    const box = await admin.post('/api/mail/mailboxes', {
      name: 'sales@',
      imapHost: '127.0.0.1',
      imapPort: DEV_IMAP_PORT,
      imapSecurity: 'none',
      imapUser: 'journey-sales',
      password: DEV_MAIL_PASSWORD,
    });
    expect(box.statusCode, box.body).toBe(200);
    await deliverRaw(
      'journey-sales',
      `From: Spam <offers@spam.test>\r\nTo: journey-sales@accord.test\r\nSubject: Cheap offers ${locale}\r\nMessage-ID: <spam-${locale}@spam.test>\r\n\r\nBuy now\r\n`,
    );
    // read now — unless the mailbox's IDLE watcher (started with the mailbox) has logged it first: either way it is in triage once
    expect((await admin.post(`/api/mail/mailboxes/${(box.json() as { id: string }).id}/poll`)).statusCode).toBe(200);
    await poll(async () => (await admin.get('/api/mail/incoming')).json().total).toBe(1);
    const p = await page();
    await p.goto(`${accord.baseUrl}/mail/triage`);
    const mail = (await admin.get('/api/mail/incoming')).json().items[0] as { id: string };
    await p.getByTestId(`triage-ignore-${mail.id}`).click();
    await p.locator('.ant-modal textarea').fill(locale === 'zh-CN' ? '推销邮件' : 'Advertising');
    await p.locator('.ant-modal .ant-btn-primary').click();
    await p.getByText(texts[locale].ignored).first().waitFor();
    await poll(async () => (await admin.get('/api/mail/incoming')).json().total).toBe(0);
    expect(errors).toEqual([]);
  });

  it('takes an order from an incoming mail: the form is prefilled, the PDF filed as the written order, the mail linked', async () => {
    const c = await admin.post('/api/customers', {
      code: `PO-${locale}`,
      nameZh: '东莞订单电子有限公司',
      contacts: [{ name: '王采购', email: `buyer-${locale}@dgorder.test` }],
    });
    expect(c.statusCode, c.body).toBe(200);
    const box = await admin.post('/api/mail/mailboxes', {
      name: 'orders@',
      imapHost: '127.0.0.1',
      imapPort: DEV_IMAP_PORT,
      imapSecurity: 'none',
      imapUser: 'journey-orders',
      password: DEV_MAIL_PASSWORD,
    });
    expect(box.statusCode, box.body).toBe(200);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n').toString('base64');
    const subject = Buffer.from('订单 PO-7731 请确认交期').toString('base64');
    await deliverRaw(
      'journey-orders',
      [
        `From: buyer-${locale}@dgorder.test`,
        'To: journey-orders@accord.test',
        `Subject: =?UTF-8?B?${subject}?=`,
        `Message-ID: <po-7731-${locale}@dgorder.test>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '附件是订单。',
        '--b',
        'Content-Type: application/pdf; name="PO-7731.pdf"',
        'Content-Disposition: attachment; filename="PO-7731.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        pdf,
        '--b--',
        '',
      ].join('\r\n'),
    );
    expect((await admin.post(`/api/mail/mailboxes/${(box.json() as { id: string }).id}/poll`)).json()).toMatchObject({ logged: 1 });
    const mail = (await admin.get(`/api/communications?partyId=${(c.json() as { id: string }).id}`)).json().items[0] as { id: string };
    const p = await page();
    await p.goto(`${accord.baseUrl}/communications/${mail.id}`);
    await p.getByTestId('comm-take-order').click();
    await p.getByTestId('order-origin').waitFor();
    await poll(() => p.getByTestId('order-po').inputValue()).toBe('PO-7731');
    expect(await p.getByTestId('order-origin-file').textContent()).toBe('PO-7731.pdf');
    await p.locator('#order_lines_0_model').fill('RY-2045');
    await p.keyboard.press('Escape');
    await p.locator('#order_lines_0_quantity').fill('5000');
    await J.pickDate(p, '#order_lines_0_requestedDate', '2099-01-20');
    await shot(p, 'order-from-mail');
    await p.getByTestId('order-save').click();
    await p.getByTestId('order-number').waitFor();
    const orderId = p.url().split('/orders/')[1]!.split(/[?#]/)[0]!;
    const order = (await admin.get(`/api/orders/${orderId}`)).json() as {
      writtenOrderOnFile: boolean;
      attachments: { filename: string }[];
      customerPo: string;
    };
    expect(order).toMatchObject({ writtenOrderOnFile: true, customerPo: 'PO-7731' });
    expect(order.attachments.map((a) => a.filename)).toEqual(['PO-7731.pdf']);
    // back on the mail: linked to the order, no second 接单
    await p.goto(`${accord.baseUrl}/communications/${mail.id}`);
    await p.getByTestId('comm-subject').waitFor();
    expect(await p.getByTestId('comm-take-order').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the user chooses per kind how notifications reach them by mail; the administrator sees the group robots', async () => {
    await accord.database.db.execute(sql`update users set work_email = 'journey-admin@accord.test' where username = 'admin'`);
    const p = await page();
    await p.goto(`${accord.baseUrl}/`);
    await p.getByTestId('user-menu').click();
    await p.getByTestId('menu-notification-mail').click();
    await p.waitForURL(/\/account\/notifications/);
    await p.getByTestId('notify-send-to').getByText('journey-admin@accord.test').waitFor();
    await p.getByTestId('notify-mode-escalation').getByText(texts[locale].always).waitFor();
    await p.getByTestId('notify-mode-quotation').getByText(texts[locale].off).click();
    await p.getByText(texts[locale].saved).first().waitFor();
    await poll(async () => (await admin.get('/api/me/notification-mail')).json().modes.quotation).toBe('off');
    await p.getByTestId('notify-mode-assignment').getByText(texts[locale].digest).click();
    await poll(async () => (await admin.get('/api/me/notification-mail')).json().modes.assignment).toBe('digest');
    await shot(p, 'notification-settings');
    // the administrator's group robots
    const depts = (await admin.get('/api/departments')).json() as { items: { id: string; code: string }[] };
    const robot = await admin.post('/api/mail/robots', {
      departmentId: depts.items.find((d) => d.code === 'sales')!.id,
      provider: 'wecom',
      name: `销售群 ${locale}`,
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo',
      kinds: ['escalation', 'quotation'],
    });
    expect(robot.statusCode, robot.body).toBe(200);
    await p.goto(`${accord.baseUrl}/admin/mail`);
    await p.getByTestId('mail-tab-robots').click();
    await p.getByText(`销售群 ${locale}`).waitFor();
    await p.getByText(texts[locale].wecom).first().waitFor();
    await shot(p, 'robots');
    expect(errors).toEqual([]);
  });

  it('the administrator sees the default mail rule and adds one from the Rules tab', async () => {
    const p = await page();
    await p.goto(`${accord.baseUrl}/admin/mail`);
    await p.getByTestId('mail-tab-rules').click();
    await p.getByText(texts[locale].defaultRule).first().waitFor();
    await p.getByTestId('rule-new').click();
    await p.getByTestId('rule-name').fill(`报价请求 ${locale}`);
    await p.getByTestId('rule-condition-value').first().fill(`报价请求-${locale}`);
    await p.locator('.ant-modal .ant-btn-primary').click();
    await p.getByText(`报价请求 ${locale}`).waitFor();
    await p.getByText(`“报价请求-${locale}”`).waitFor();
    const rules = (await admin.get('/api/mail/rules')).json() as {
      items: { name: string; conditions: { kind: string; value?: string }[]; actions: { topic: string | null } }[];
    };
    expect(rules.items.find((r) => r.name === `报价请求 ${locale}`)).toMatchObject({
      conditions: [{ kind: 'subjectContains', value: `报价请求-${locale}` }],
      actions: { topic: 'enquiry' },
    });
    await p.getByText(texts[locale].enquiry).first().waitFor();
    await shot(p, 'rules');
    expect(errors).toEqual([]);
  });
});
