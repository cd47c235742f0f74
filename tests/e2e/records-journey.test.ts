import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as J from '../support/journey.js';
import type { Locale } from '../support/journey.js';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (records journey): ${skip}\n`);

const texts = {
  'zh-CN': { title: '记录保存与销毁', years: '5 年', disposed: '已销毁' },
  'en-US': { title: 'Records retention and disposal', years: '5 years', disposed: 'Disposed' },
} as const;

/** The MR sets how long records are kept and proposes what is due for disposal; the GM approves; tombstones remain. */
describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as Locale[])('records retention journey in %s', (locale) => {
  let j: J.Journey;
  let oldCallId: string;
  const shot = (p: import('playwright-core').Page, name: string) =>
    p.screenshot({ path: path.join(screenshotDir, `records-${name}-${locale}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    j = J.journey(await startAccord(), locale);
    const admin = await J.adminApi(j);
    const customer = (await admin.post('/api/customers', { code: 'OLD-1', nameZh: '老客户五金厂' })).json();
    oldCallId = (
      await admin.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: '2019-05-10T02:00:00.000Z',
        subject: '2019 年的来电',
        content: '很久以前的来电',
      })
    ).json().id;
    await J.makeUser(j, 'mr-zhao', ['mr'], 'quality', '赵 MR');
    await J.makeUser(j, 'gm-sun', ['gm'], 'gm-office', '孙总');
  });
  afterAll(() => J.closeJourney(j));

  it('edits a retention rule, proposes the due records and has another person approve their disposal', async () => {
    const { page } = await J.browserAs(j, 'mr-zhao');
    await page.goto(`${j.accord.baseUrl}/`);
    await page.getByTestId('nav-records').click();
    await J.poll(async () => (await page.locator('h1, h2, h3, h4').first().textContent()) ?? '').toContain(texts[locale].title);
    await page.getByTestId('retention-edit-communication').click();
    await page.getByTestId('retention-years').fill('5');
    await page.getByTestId('retention-basis').fill('QP-17 第 5 条');
    await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
    await J.poll(async () => (await page.getByTestId('retention-rules').textContent()) ?? '').toContain(texts[locale].years);
    await shot(page, 'rules');
    if (locale === 'en-US') return;

    // a legal hold on the old call keeps it off the due list until it is released
    await page.getByTestId('records-tab-holds').click();
    await page.getByTestId('hold-place').click();
    await J.dialogSettled(page);
    await page.getByTestId('hold-type').click();
    await page.locator('.ant-select-item-option:visible').nth(1).click(); // a communication
    await page.getByTestId('hold-record-id').fill(oldCallId);
    await page.getByTestId('hold-reason').fill('客户索赔，保留证据');
    await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
    await J.poll(async () => (await page.getByTestId('hold-table').textContent()) ?? '').toContain('2019 年的来电');
    await page.getByTestId('records-tab-disposal').click();
    await J.poll(async () => (await page.getByTestId('disposal-due').textContent()) ?? '').toContain('目前没有已过保存期限的记录');
    await shot(page, 'held');
    await page.getByTestId('records-tab-holds').click();
    await page.getByTestId('hold-table').getByRole('button').first().click();
    await J.dialogSettled(page);
    await page.locator('.ant-modal-body textarea:visible').fill('索赔已结案');
    await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
    await J.poll(async () => (await page.getByTestId('hold-table').textContent()) ?? '').not.toContain('2019 年的来电');

    await page.getByTestId('records-tab-disposal').click();
    await J.poll(async () => (await page.getByTestId('disposal-due').textContent()) ?? '').toContain('2019 年的来电');
    await page.getByTestId('disposal-propose').click();
    await J.poll(async () => (await page.getByTestId('disposal-batches').textContent()) ?? '').toContain('DS-0001');
    expect(await page.getByTestId('disposal-approve').count()).toBe(0); // the MR proposes, does not approve
    await shot(page, 'proposed');

    const gm = (await J.browserAs(j, 'gm-sun')).page;
    await gm.goto(`${j.accord.baseUrl}/records`);
    await gm.getByTestId('records-tab-disposal').click();
    await gm.getByTestId('disposal-approve').click();
    await gm.getByTestId('disposal-approve-confirm').click();
    await J.poll(async () => (await gm.getByTestId('disposal-batches').textContent()) ?? '').toContain(texts[locale].disposed);
    await gm.getByTestId('records-tab-tombstones').click();
    await J.poll(async () => (await gm.getByTestId('tombstones').textContent()) ?? '').toContain('2019 年的来电');
    await shot(gm, 'tombstones');
    expect(j.errors).toEqual([]);
  });
});
