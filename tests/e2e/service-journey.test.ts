import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (service journey): ${skip}\n`);

/**
 * After-sales service in the browser [CS 2.5–2.6, service standards 5–6]: the GM records a customer's warranty
 * agreement on the warranty rules page; a sales clerk registers a phoned-in repair on the shipped order line (in
 * warranty by the agreement) and answers the customer; QA assesses it free and arranges the service (from My
 * work); Engineering records the repair; the clerk records the customer's confirmation — closed, with every
 * contact on the request's communications and the request on the customer's page.
 */
async function serviceWorld(locale: Locale) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const j = J.journey(await startAccord(), locale);
  const admin = await J.adminApi(j);
  const zh = locale === 'zh-CN';
  await J.makeUser(j, 'clerk', ['staff', 'sales-clerk'], 'sales', zh ? '业务李娜' : 'Lina Li');
  await J.makeUser(j, 'qa', ['staff'], 'quality', zh ? '品质张工' : 'QA Zhang');
  await J.makeUser(j, 'eng', ['staff'], 'engineering', zh ? '工程陈工' : 'Eng Chen');
  await J.makeUser(j, 'gm', ['gm'], 'gm-office', zh ? '赵总' : 'GM Zhao');
  const customer = (
    await admin.post('/api/customers', { code: 'DE-01', nameZh: '德国博世汽车部件', nameEn: 'Bosch Automotive Parts', contacts: [{ name: 'Mr. Weber' }] })
  ).json() as { id: string; version: number };
  await admin.post(`/api/customers/${customer.id}/accept`, { version: customer.version });
  await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
  const order = (
    await admin.post('/api/orders', {
      partyId: customer.id,
      customerPo: 'DE-PO-1',
      form: 'fax',
      orderDate: dayjs().subtract(20, 'month').format('YYYY-MM-DD'),
      receivedAt: dayjs().subtract(20, 'month').toISOString(),
      lines: [{ model: 'RY-2045', quantity: 100, requestedDate: dayjs().subtract(19, 'month').format('YYYY-MM-DD') }],
    })
  ).json() as { id: string; number: string; lines: { id: string }[] };
  // shipped 18 months ago: out of the product's 12 months, within the customer's 24
  await rows(
    j.accord.database.db,
    sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${order.id}, ${order.lines[0]!.id}, 100, ${dayjs().subtract(18, 'month').toISOString()})`,
  );
  await j.users.gm!.api.post('/api/warranty-rules', { model: 'RY-2045', months: 12, basis: 'shipment', note: zh ? '标准保修' : 'Standard' });
  return { j, customerId: customer.id, order };
}

async function pickOption(p: Page, testId: string, text: string) {
  await p.getByTestId(testId).click();
  await p.keyboard.type(text);
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function registerRequest(p: Page, baseUrl: string, words: { subject: string; content: string; description: string }, orderNumber?: string) {
  await p.goto(`${baseUrl}/service-requests`);
  await p.getByTestId('service-table').waitFor();
  await p.getByTestId('service-new').click();
  await p.getByTestId('service-form-submit').waitFor();
  await J.dialogSettled(p);
  await pickOption(p, 'service-customer', 'DE-01');
  await p.getByTestId('service-model').fill('RY-2045');
  await p.getByTestId('service-serial').fill('SN-0001');
  if (orderNumber) await pickOption(p, 'service-order-line', orderNumber);
  await p.getByTestId('service-description').fill(words.description);
  await p.getByTestId('service-comm-subject').fill(words.subject);
  await p.getByTestId('service-comm-content').fill(words.content);
  await p.getByTestId('service-form-submit').click();
  await p.getByTestId('service-number').waitFor();
}

/**
 * At 1280 px (a laptop) every tab of the customer page and of the order page is in sight for a user who sees them all:
 * antd's tab bar hid the last ones in a "more" menu (a button inside the tab list) once the after-sales tab joined.
 */
async function allTabsInSight(j: Journey, customerId: string, orderId: string) {
  if (!j.users.boss) await J.makeUser(j, 'boss', ['admin'], 'gm-office', j.locale === 'zh-CN' ? '管理员' : 'Admin');
  const p = (await J.browserAs(j, 'boss', { viewport: { width: 1280, height: 800 } })).page;
  await p.goto(`${j.accord.baseUrl}/customers/${customerId}`);
  await p.getByTestId('history-tab').waitFor();
  await J.poll(() => J.tabsOutOfSight(p)).toEqual([]);
  expect(await p.locator('[role=tablist] button').count()).toBe(0);
  for (const tab of ['customer-service-tab', 'customer-mail-tab', 'history-tab']) await p.getByTestId(tab).click();
  await J.poll(() => new URL(p.url()).searchParams.get('tab')).toBe('history');
  await p.goto(`${j.accord.baseUrl}/orders/${orderId}`);
  await p.getByTestId('history-tab').waitFor();
  await J.poll(() => J.tabsOutOfSight(p)).toEqual([]);
  expect(await p.locator('[role=tablist] button').count()).toBe(0);
  for (const tab of ['complaints-tab', 'actions-tab', 'history-tab']) await p.getByTestId(tab).click();
  await J.poll(() => new URL(p.url()).searchParams.get('tab')).toBe('history');
  // the keyboard as on any tab list: ← moves to the previous tab, Enter opens it (once the history tab is shown: the
  // address changes first, the page when the tab's content has loaded)
  const history = p.locator('[role=tab]:has([data-testid=history-tab])');
  await J.poll(() => history.getAttribute('aria-selected')).toBe('true');
  await history.focus();
  await p.keyboard.press('ArrowLeft');
  await p.keyboard.press('Enter');
  await J.poll(() => new URL(p.url()).searchParams.get('tab')).toBe('actions');
  await J.poll(() => p.locator('[role=tab][aria-selected=true]').getAttribute('aria-controls')).toMatch(/-panel-actions$/);
  return p;
}

// skipped only where no Chromium can start (browserUnavailable: Debian's chromium missing)
describe.skipIf(!!skip)('service journey in zh-CN', () => {
  let j: Journey;
  let customerId = '';
  let order = { id: '', number: '' };
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(screenshotDir, `service-zh-CN-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ({ j, customerId, order } = await serviceWorld('zh-CN'));
  }, 600_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(j);
  });

  // QA and Engineering have no prices.read: their assessment and service report must not send `price` /
  // `totalAmount` (the contract turns a missing one into null, and the server refuses the field by name even when
  // null — the dialog stayed open with a 403 FIELD_NOT_PERMITTED while the API walkthrough, which leaves it out, passed).
  it('the GM records the customer’s warranty agreement; a repair runs from the phone call to the customer’s confirmation', async () => {
    // ---- the customer's agreement on the warranty rules page (GM)
    page = (await J.browserAs(j, 'gm')).page;
    await page.goto(`${j.accord.baseUrl}/warranty-rules`);
    await page.getByTestId('warranty-rule-table').getByText('RY-2045').waitFor();
    await page.getByTestId('warranty-rule-new').click();
    await page.getByTestId('warranty-rule-form-submit').waitFor();
    await J.dialogSettled(page);
    await pickOption(page, 'warranty-rule-customer', 'DE-01');
    await page.getByTestId('warranty-rule-model').fill('RY-2045');
    await page.locator('#warranty-rule-form_months').fill('24');
    await page.getByTestId('warranty-rule-note').fill('2025 年框架协议：保修 24 个月');
    await page.getByTestId('warranty-rule-form-submit').click();
    await page.getByTestId('warranty-rule-table').locator('tr', { hasText: 'DE-01' }).waitFor();
    await shot('warranty-rules');

    // ---- the clerk registers the phoned-in repair on the shipped order line: in warranty by the agreement
    const clerk = (await J.browserAs(j, 'clerk')).page;
    page = clerk;
    await registerRequest(
      clerk,
      j.accord.baseUrl,
      { subject: '适配器无输出', content: 'Weber 先生来电：两台适配器无输出。', description: '两台适配器无输出，需返修' },
      order.number,
    );
    expect(await clerk.getByTestId('service-number').textContent()).toMatch(/^SR-\d{4}-0001$/);
    await J.poll(() => clerk.getByTestId('service-state').getAttribute('data-status')).toBe('received');
    expect(await clerk.getByTestId('service-warranty-tag').first().getAttribute('data-status')).toBe('in');
    await clerk.getByTestId('service-warranty').getByText('客户协议（该型号）').waitFor();
    const url = clerk.url();
    await shot('received', clerk);
    await J.actRetrying(clerk, 'acknowledge', async () => {
      await clerk.getByTestId('procedure-field-acknowledgement').fill('Weber 先生您好，已收到，请寄回两台不良品，品质部评估后答复。');
    });
    await J.poll(() => J.state(clerk)).toBe('assessment');

    // ---- QA finds it in My work, assesses it free (in warranty) and arranges the service
    const qa = (await J.browserAs(j, 'qa')).page;
    page = qa;
    await qa.goto(`${j.accord.baseUrl}/my-work`);
    await qa.getByTestId('work-table').waitFor();
    await qa.getByTestId('work-link').filter({ hasText: 'SR-' }).first().click();
    await qa.getByTestId('service-number').waitFor();
    await qa.getByTestId('service-assess-open').click();
    await qa.getByTestId('service-assess-form-submit').waitFor();
    await J.dialogSettled(qa);
    await qa.getByTestId('service-planned-action').fill('返厂维修，更换输出电容');
    await shot('assess', qa);
    await qa.getByTestId('service-assess-form-submit').click();
    await qa.getByTestId('service-charge-decision').getByText('免费（保修内）').waitFor();
    await J.actRetrying(qa, 'decide-service');
    await J.poll(() => J.state(qa)).toBe('service');

    // ---- Engineering records the repair and asks the customer to confirm
    const eng = (await J.browserAs(j, 'eng')).page;
    page = eng;
    await eng.goto(url);
    await eng.getByTestId('service-work-open').click();
    await eng.getByTestId('service-work-form-submit').waitFor();
    await J.dialogSettled(eng);
    await eng.getByTestId('service-work-report').fill('更换 C12 输出电容，老化 4 小时合格，已寄回客户。');
    await eng.getByTestId('service-work-form-submit').click();
    await eng.getByTestId('service-work').waitFor();
    await J.actRetrying(eng, 'service-done');
    await J.poll(() => J.state(eng)).toBe('customer-confirmation');

    // ---- the clerk records the customer's confirmation: closed
    page = clerk;
    await clerk.goto(url);
    await clerk.getByTestId('service-confirm-open').click();
    await clerk.getByTestId('service-confirm-form-submit').waitFor();
    await J.dialogSettled(clerk);
    await clerk.getByTestId('service-confirm-comm-subject').fill('维修确认');
    await clerk.getByTestId('service-confirm-comm-content').fill('两台已装机测试正常，谢谢。');
    await clerk.getByTestId('service-confirm-form-submit').click();
    await J.poll(() => clerk.getByTestId('service-state').getAttribute('data-status')).toBe('closed');
    await clerk.getByTestId('service-confirmation').waitFor();
    expect(await clerk.getByTestId('service-confirm-open').count()).toBe(0);

    // every contact is on its communications: the call, our answer, the confirmation
    await clerk.getByTestId('service-communications-tab').click();
    await J.poll(() => clerk.getByTestId('linked-communication').count()).toBe(3);
    await shot('closed', clerk);

    // the customer's page lists it
    await clerk.goto(`${j.accord.baseUrl}/customers/${customerId}`);
    await clerk.getByTestId('customer-service-tab').click();
    await clerk.getByTestId('customer-service-panel').locator('tr', { hasText: 'SR-' }).waitFor();
    await clerk.getByTestId('customer-service-panel').locator('[data-status=closed]').waitFor();
    await clerk.getByTestId('customer-warranty-agreements').getByText('24').waitFor();
    expect(j.errors).toEqual([]);
  });

  it('shows every tab of the customer page and the order page at 1280 px', async () => {
    page = await allTabsInSight(j, customerId, order.id);
    expect(j.errors).toEqual([]);
  });
});

// skipped only where no Chromium can start (browserUnavailable: Debian's chromium missing)
describe.skipIf(!!skip)('service journey in en-US (smoke)', () => {
  let world: Awaited<ReturnType<typeof serviceWorld>>;
  let page: Page | undefined;
  beforeAll(async () => {
    world = await serviceWorld('en-US');
  }, 600_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: path.join(screenshotDir, 'service-en-US-failed.png'), fullPage: true }).catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(world?.j);
  });

  it('registers a service request and shows the warranty rules with the English screens', async () => {
    const { j, order } = world;
    page = (await J.browserAs(j, 'clerk')).page;
    await registerRequest(
      page,
      j.accord.baseUrl,
      { subject: 'No output', content: 'Mr. Weber phoned: two units dead.', description: 'Two adapters give no output' },
      order.number,
    );
    await page
      .getByText('After-sales service requests')
      .first()
      .waitFor()
      .catch(() => undefined);
    await J.poll(() => page!.getByTestId('service-state').textContent()).toBe('Received');
    // out of the product's 12 months (no agreement in this world)
    expect(await page.getByTestId('service-warranty-tag').first().textContent()).toBe('Out of warranty');
    await page.getByTestId('service-warranty').getByText('Product warranty').waitFor();
    await page.goto(`${j.accord.baseUrl}/warranty-rules`);
    await page.getByText('Warranty rules').first().waitFor();
    await page.getByTestId('warranty-rule-table').getByText('from shipment').waitFor();
    expect(j.errors).toEqual([]);
  });

  it('shows every tab of the customer page and the order page at 1280 px (the longer English labels)', async () => {
    const { j, customerId, order } = world;
    page = await allTabsInSight(j, customerId, order.id);
    expect(j.errors).toEqual([]);
  });
});
