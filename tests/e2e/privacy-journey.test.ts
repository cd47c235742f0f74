import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as J from '../support/journey.js';
import type { Locale } from '../support/journey.js';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (privacy journey): ${skip}\n`);

const texts = {
  'zh-CN': { title: '个人信息 · 陈工', saved: '处理依据已保存', anonymised: '按本人要求匿名化', erased: '已匿名联系人' },
  'en-US': { title: 'Personal data · 陈工', saved: 'Legal basis saved', anonymised: 'anonymised on', erased: 'Anonymised contact' },
} as const;

/** The MR handles a contact's personal data under PIPL: legal basis, an access request (export), erasure on request. */
describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as Locale[])('privacy journey in %s', (locale) => {
  let j: J.Journey;
  let page: Page;
  let customerId: string;
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `privacy-${name}-${locale}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    j = J.journey(await startAccord(), locale);
    const admin = await J.adminApi(j);
    const customer = (
      await admin.post('/api/customers', {
        code: 'PIPL-1',
        nameZh: '东莞精密五金有限公司',
        contacts: [{ name: '陈工', title: '品质主管', mobile: '138 0013 8000', email: 'chen@dg.example' }],
      })
    ).json();
    customerId = customer.id;
    await admin.post('/api/communications', {
      partyId: customer.id,
      channel: 'phone',
      direction: 'in',
      occurredAt: '2026-11-20T02:30:00.000Z',
      contactId: customer.contacts[0].id,
      subject: '陈工来电',
      content: '陈工反映外壳开裂',
    });
    await J.makeUser(j, 'mr-zhao', ['mr'], 'quality', '赵 MR');
    ({ page } = await J.browserAs(j, 'mr-zhao'));
  });
  afterAll(() => J.closeJourney(j));

  it('records the legal basis, exports on an access request and erases on request', async () => {
    await page.goto(`${j.accord.baseUrl}/customers/${customerId}`);
    await page.getByTestId('contacts-tab').click();
    await page.getByTestId('contact-privacy').first().click();
    const drawer = page.getByTestId('privacy-drawer');
    await J.poll(async () => (await page.locator('.ant-drawer-title').textContent()) ?? '').toContain(texts[locale].title);

    await page.getByTestId('privacy-basis').click();
    await page.locator('.ant-select-item-option:visible').nth(1).click(); // necessary for a contract
    await page.getByTestId('privacy-source').fill(locale === 'zh-CN' ? '客户填写的供应商信息表' : "The customer's supplier form");
    await page.getByTestId('privacy-save').click();
    await J.poll(async () => (await page.locator('.ant-message').textContent()) ?? '').toContain(texts[locale].saved);
    await shot('basis');

    if (locale === 'zh-CN') {
      await page.getByTestId('privacy-export').click();
      await J.dialogSettled(page);
      await page.getByTestId('privacy-request-channel').click();
      await page.locator('.ant-select-item-option:visible').first().click();
      const download = page.waitForEvent('download');
      await page.getByTestId('privacy-request-submit').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('PR-00001.json');
      const saved = JSON.parse(fs.readFileSync((await file.path())!, 'utf8'));
      expect(saved.person).toMatchObject({ name: '陈工', mobile: '138 0013 8000' });
      await J.poll(async () => page.getByTestId('privacy-requests').count()).toBe(1);

      await page.getByTestId('privacy-anonymise').click();
      await J.dialogSettled(page);
      await page.getByTestId('privacy-request-channel').click();
      await page.locator('.ant-select-item-option:visible').nth(1).click();
      await page.getByTestId('privacy-reason').fill('本人书面要求删除个人信息');
      await page.getByTestId('privacy-confirm-name').fill('陈工');
      await shot('anonymise-dialog');
      await page.getByTestId('privacy-request-submit').click();
      await J.poll(async () => (await drawer.getByTestId('privacy-anonymised').textContent()) ?? '').toContain(texts[locale].anonymised);
      await shot('anonymised');
      await page.locator('.ant-drawer-close').click();
      await J.poll(async () => (await page.getByTestId('contact-table').textContent()) ?? '').toContain(texts[locale].erased);
    }
    expect(j.errors).toEqual([]);
  });
});
