import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';
import { poll } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (foundation journey zh-CN, en-US): ${skip}\n`);

const texts = {
  'zh-CN': { customers: '客户' },
  'en-US': { customers: 'Customers' },
} as const;

describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as const)('foundation journey in %s', (locale) => {
  let accord: Running;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `foundation-${locale}-${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
    const context = await accord.browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    // the Content-Security-Policy (no inline script) must not block anything the app does
    page.on('console', (m) => {
      if (/Content[ -]Security[ -]Policy/i.test(m.text())) errors.push(m.text());
    });
  });
  afterAll(async () => {
    await accord?.close();
  });

  it('signs in, creates a customer with a contact, logs a call with an attachment, finds it by a Chinese word, corrects it and shows both versions', async () => {
    // sign in; the page speaks the browser's language before sign-in
    await page.goto(`${accord.baseUrl}/customers`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await poll(() => page.getByTestId('login-error').textContent()).toMatch(locale === 'zh-CN' ? /用户名或密码错误/ : /Wrong user name or password/);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/customers$/);
    if (locale === 'en-US') {
      // admin's saved language is Chinese: switch, as a user would
      await page.getByTestId('lang-en-US').click();
    }
    await poll(() => page.locator('.ant-menu').first().textContent()).toContain(texts[locale].customers);
    // in English, a smoke: the sign-in error, the language switch and the menu (the journey itself runs in Chinese)
    if (locale === 'en-US') return expect(errors).toEqual([]);

    // a customer with a contact
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-code').fill(`SZ-${locale === 'zh-CN' ? 'ZH' : 'EN'}1`);
    await page.getByTestId('customer-name-zh').fill('苏州精密模具有限公司');
    await page.getByTestId('customer-name-en').fill('Suzhou Precision Moulds Co., Ltd.');
    await page.getByTestId('contacts-0-name').fill('王建国');
    await page.getByTestId('contacts-0-title').fill('采购经理');
    await page.getByTestId('contacts-0-mobile').fill('13800138000');
    await page.getByTestId('contacts-0-email').fill('not-an-email');
    await page.getByTestId('customer-save').click();
    await poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await page.getByTestId('contacts-0-email').fill('wang@example.cn');
    await page.getByTestId('customer-save').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await poll(() => page.getByTestId('customer-title').textContent()).toContain('苏州精密模具有限公司');

    // a phone call with an attachment, from the keyboard
    const scan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scan-')), 'fax-order.pdf');
    fs.writeFileSync(scan, '%PDF-1.4 fax scan');
    await page.getByTestId('customer-log-communication').click();
    await page.getByTestId('qe-subject').waitFor();
    await page.getByTestId('qe-subject').fill('来电反馈包装问题');
    await page.getByTestId('qe-content').fill('客户来电投诉上批货物包装破损，要求补发 20 件。');
    await page.getByTestId('qe-result').fill('同意补发，下周一发货');
    await page.getByTestId('qe-attachments').locator('input[type=file]').setInputFiles(scan);
    // wait for the upload to finish (the name shows while it is still uploading), as the other journeys do
    await page.getByTestId('qe-attachments').locator('.ant-upload-list-item-done', { hasText: 'fax-order.pdf' }).waitFor();
    await page.getByTestId('qe-content').press('Control+Enter');
    await page.getByTestId('quick-entry-saved').waitFor();
    // the customer's timeline (paged, 50 at a time) shows it at once; one page only, so no "show older"
    await poll(() => page.getByTestId('timeline-item').count()).toBe(1);
    expect(await page.getByTestId('timeline-more').count()).toBe(0);
    await shot('saved');

    // find it by a two-character Chinese word from its content
    await page.getByTestId('global-search').fill('破损');
    await page.getByTestId('global-search').press('Enter');
    const hit = page.locator('[data-testid=search-hit][data-type=communication]').first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('来电反馈包装问题');
    await shot('search');
    await hit.getByTestId('search-hit-link').click();
    await page.getByTestId('comm-number').waitFor();
    expect(await page.getByTestId('attachment-list').textContent()).toContain('fax-order.pdf');

    // correct it: a reason is required
    await page.getByTestId('comm-correct').click();
    await page.getByTestId('comm-correct-reason').waitFor();
    await page.getByTestId('cc-content').fill('客户来电投诉上批货物包装破损，要求补发 30 件。');
    await page.getByTestId('comm-correct-save').click();
    await poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await page.getByTestId('comm-correct-reason').fill('补发数量记错，应为 30 件');
    await page.getByTestId('comm-correct-save').click();
    await page.getByTestId('comm-version').filter({ hasText: 'v2' }).waitFor();

    // both versions in its history, with the reason
    await page.getByTestId('history-tab').click();
    const correction = page.locator('[data-testid=history-entry][data-action=correct]');
    await correction.waitFor();
    expect(await correction.getByTestId('history-reason').textContent()).toContain('补发数量记错');
    expect(await correction.getByTestId('history-before').first().textContent()).toContain('20 件');
    expect(await correction.getByTestId('history-after').first().textContent()).toContain('30 件');
    await shot('history');
    // the API documentation (signed in) runs under the same policy
    await page.goto(`${accord.baseUrl}/api/docs/`);
    await page.getByText('Accord API').first().waitFor();
    expect(errors).toEqual([]);
  });
});
