import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { mailKey, open } from '../../server/mail/index.js';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import { adminApi, anonymousBrowser, browserAs, closeJourney, journey, makeUser, poll, type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (portal journey): ${skip}\n`);

const texts = {
  'zh-CN': { orders: '订单', message: '留言', inProgress: '处理中', sent: '已收到您的留言', invited: '已开通' },
  'en-US': { orders: 'Orders', message: 'Message', inProgress: 'In progress', sent: 'We received your message', invited: 'Active' },
} as const;

/** Sales invites a customer's buyer; the buyer signs in on a phone with the mailed link, sees the own order and writes. */
describe.skipIf(!!skip)('customer portal journey', () => {
  let j: Journey | undefined;
  afterAll(async () => closeJourney(j));

  for (const locale of ['zh-CN', 'en-US'] as Locale[]) {
    it(`invites a contact, who signs in with the link and sees the own company's order (${locale})`, async () => {
      fs.mkdirSync(screenshotDir, { recursive: true });
      await closeJourney(j);
      j = journey(await startAccord(), locale);
      const tx = texts[locale];
      const shot = (p: Page, name: string) => p.screenshot({ path: path.join(screenshotDir, `portal-${locale}-${name}.png`), fullPage: true });
      const admin = await adminApi(j);
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
      const clerk = await makeUser(j, 'clerk', ['staff', 'sales-clerk'], 'sales');
      const customer = (
        await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '陈小姐', email: 'chen@hq.cn' }] })
      ).json();
      const other = (await admin.post('/api/customers', { code: 'GZ-02', nameZh: '广州景恩电子', contacts: [{ name: '李先生' }] })).json();
      const order = (
        await clerk.api.post('/api/orders', {
          partyId: customer.id,
          customerPo: 'PO-88001',
          form: 'email',
          orderDate: '2026-11-20',
          receivedAt: '2026-11-20T02:00:00.000Z',
          lines: [{ model: 'RY-2045', quantity: 5000, requestedDate: '2026-12-20', unitPrice: 12.345 }],
        })
      ).json();
      const hidden = (
        await clerk.api.post('/api/orders', {
          partyId: other.id,
          customerPo: 'PO-OTHER',
          form: 'email',
          orderDate: '2026-11-20',
          receivedAt: '2026-11-20T02:00:00.000Z',
          lines: [{ model: 'RY-3000', quantity: 10, requestedDate: '2026-12-20' }],
        })
      ).json();

      const { page } = await browserAs(j, 'clerk');
      await page.goto(`${j.accord.baseUrl}/customers/${customer.id}`);
      await page.getByTestId('customer-portal-tab').click();
      await page.getByTestId('portal-invite-contact').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '陈小姐' }).click();
      await page.getByTestId('portal-invite').click();
      await poll(() => page.getByTestId('portal-access-state').first().textContent()).toBe(tx.invited);

      // the link as the mail will carry it (the mail stays queued: no mail server in this journey)
      const [m] = await rows<{ secrets_enc: string }>(
        j.accord.database.db,
        sql`select secrets_enc from mail_messages where to_address = 'chen@hq.cn' order by created_at desc limit 1`,
      );
      const link = (
        JSON.parse(open(mailKey({ dataDir: j.accord.app.config.dataDir, mailSecretKey: j.accord.app.config.mailSecretKey }), m!.secrets_enc)!) as {
          link: string;
        }
      ).link;
      const fragment = link.slice(link.indexOf('#'));
      const phone = await anonymousBrowser(j, { viewport: { width: 390, height: 844 }, who: 'customer' });
      await phone.page.goto(`${j.accord.baseUrl}/portal/sign-in${fragment}`);
      await phone.page.getByTestId('portal-welcome').waitFor();
      expect(await phone.page.getByTestId('portal-welcome').textContent()).toContain('陈小姐');
      await poll(() => phone.page.getByTestId('portal-order').count()).toBe(1);
      const card = (await phone.page.getByTestId('portal-order').textContent())!;
      expect(card).toContain(order.number);
      expect(card).toContain(tx.inProgress);
      expect(card).not.toContain(hidden.number);
      expect(await phone.page.content()).not.toContain('12.345');
      if (locale === 'zh-CN') await shot(phone.page, 'orders-phone');
      await phone.page.getByTestId('portal-message-tab').click();
      await phone.page.getByTestId('portal-message-subject').fill('交期确认');
      await phone.page.getByTestId('portal-message-content').fill('请确认能否提前到 12 月 15 日');
      await phone.page.getByTestId('portal-message-send').click();
      await phone.page.getByText(tx.sent).waitFor();
      const comms = (await clerk.api.get(`/api/communications?partyId=${customer.id}`)).json().items;
      expect(comms.some((c: { channel: string; subject: string }) => c.channel === 'portal' && c.subject === '交期确认')).toBe(true);

      if (locale === 'zh-CN') {
        // the order waits for the reconfirmation before shipment (the walk there is the order journey's): the buyer confirms
        await j.accord.database.db.execute(sql`update procedure_instances set state = 'reconfirmation' where ref_type = 'order' and ref_id = ${order.id}`);
        await phone.page.reload();
        await phone.page.getByTestId('portal-reconfirmation').waitFor();
        await shot(phone.page, 'reconfirm-phone');
        await phone.page.getByTestId('portal-reconfirm').click();
        await phone.page.getByText('已确认，谢谢！').waitFor();
        await poll(() => phone.page.getByTestId('portal-reconfirmation').count()).toBe(0);
        const instance = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${order.id}`)).json().items[0];
        expect(instance.state).toBe('shipment');

        // a drawing on the order: through the attachments platform, an incoming communication with the file
        await phone.page.getByTestId('portal-upload-tab').click();
        await phone.page.getByTestId('portal-upload-kind').click();
        await phone.page.locator('.ant-select-item-option').filter({ hasText: '图纸' }).click();
        await phone.page.getByTestId('portal-upload-about').click();
        await phone.page.locator('.ant-select-item-option').filter({ hasText: order.number }).click();
        await phone.page.locator('input[type=file]').setInputFiles({
          name: 'RY-2045-C版图纸.png',
          mimeType: 'image/png',
          buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
        });
        await phone.page.getByTestId('portal-upload-send').click();
        await phone.page.getByText('已收到文件').waitFor();
        await shot(phone.page, 'upload-phone');
        const drawing = (await clerk.api.get(`/api/communications?partyId=${customer.id}`))
          .json()
          .items.find((c: { subject: string }) => c.subject.includes('RY-2045-C版图纸.png'));
        expect(drawing).toMatchObject({ channel: 'portal', direction: 'in' });
        // the upload is listed under "my uploads": the file, the order it is about and what became of it
        const mine = phone.page.getByTestId('portal-upload-row').filter({ hasText: 'RY-2045-C版图纸.png' });
        await mine.waitFor();
        expect(await mine.textContent()).toContain(order.number);
        expect(await mine.getByTestId('portal-upload-status').textContent()).toContain(`已收到（${drawing.number}）`);
        await shot(phone.page, 'uploads-list-phone');
        // and on the customer page (staff) the customer's portal uploads
        expect((await clerk.api.get(`/api/customers/${customer.id}/portal/uploads`)).json().items).toMatchObject([
          { filename: 'RY-2045-C版图纸.png', contactName: expect.any(String), kind: 'drawing', record: { number: order.number } },
        ]);

        // a password for the next time (the staff policy)
        await phone.page.getByTestId('portal-account-tab').click();
        await phone.page.getByTestId('portal-new-password').fill('Huaqiang-Buyer-2026!');
        await phone.page.getByTestId('portal-repeat-password').fill('Huaqiang-Buyer-2026!');
        await phone.page.getByTestId('portal-set-password').click();
        await poll(() => phone.page.getByTestId('portal-totp-setup').isEnabled()).toBe(true);
        await phone.page.getByTestId('portal-totp-setup').click();
        await phone.page.getByTestId('portal-totp-qr').waitFor();
        await shot(phone.page, 'account-phone');
      }
      // the used link does not sign in again
      const again = await anonymousBrowser(j, { viewport: { width: 390, height: 844 }, who: 'replay' });
      await again.page.goto(`${j.accord.baseUrl}/portal/sign-in${fragment}`);
      await again.page.getByTestId('portal-link-invalid').waitFor();
      // the portal session is no staff session
      expect((await phone.page.request.get(`${j.accord.baseUrl}/api/orders/${hidden.id}`)).status()).toBe(401);
      await phone.page.getByTestId('portal-sign-out').click();
      await phone.page.getByTestId('portal-email').waitFor();
      if (locale === 'zh-CN') {
        // signing in again with the password (no link needed); a wrong one answers without telling which part was wrong
        await phone.page.getByTestId('portal-by-password').click();
        await phone.page.getByTestId('portal-password-email').fill('chen@hq.cn');
        await phone.page.getByTestId('portal-password').fill('Wrong-password-2026!');
        await phone.page.getByTestId('portal-password-submit').click();
        await phone.page.getByTestId('portal-sign-in-failed').waitFor();
        await phone.page.getByTestId('portal-password').fill('Huaqiang-Buyer-2026!');
        await shot(phone.page, 'password-sign-in-phone');
        await phone.page.getByTestId('portal-password-submit').click();
        await phone.page.getByTestId('portal-welcome').waitFor();
        await poll(() => phone.page.getByTestId('portal-order').count()).toBe(1);
      }
      expect(j.errors).toEqual([]);
    });
  }
});
