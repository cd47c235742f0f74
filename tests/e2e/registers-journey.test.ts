import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (registers journey): ${skip}\n`);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/**
 * The registers in the browser [IATF 8.5.3, 4.3.2]: QA registers a customer's mould whose verification is
 * overdue, reports it damaged (the customer is told: a communication on the customer's timeline); registers
 * the customer's CSR manual with the document attached, the departments sign the review, QA records the
 * deployment and puts it in force; the order's contract review shows the CSR in force; a new revision
 * supersedes it and the old one is read-only.
 */
async function registersWorld(locale: Locale) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const j = J.journey(await startAccord(), locale);
  const admin = await J.adminApi(j);
  const zh = locale === 'zh-CN';
  await J.makeUser(j, 'qa', ['staff'], 'quality', zh ? '品质王工' : 'QA Wang');
  await J.makeUser(j, 'clerk', ['staff', 'sales-clerk'], 'sales', zh ? '李娜' : 'Li Na');
  for (const d of ['engineering', 'production', 'planning']) await J.makeUser(j, `${d}-staff`, ['staff'], d);
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
      orderDate: dayjs().format('YYYY-MM-DD'),
      receivedAt: new Date().toISOString(),
      lines: [{ model: 'RY-2045', quantity: 100, requestedDate: dayjs().add(40, 'day').format('YYYY-MM-DD') }],
    })
  ).json() as { id: string };
  return { j, customerId: customer.id, orderId: order.id };
}

async function pickCustomer(p: Page, testId: string) {
  await p.getByTestId(testId).click();
  await p.keyboard.type('DE-01');
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'DE-01' }).first().click();
}

describe.skipIf(!!skip)('registers journey in zh-CN', () => {
  let j: Journey;
  let customerId = '';
  let orderId = '';
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(screenshotDir, `registers-zh-CN-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ({ j, customerId, orderId } = await registersWorld('zh-CN'));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(j);
  });

  it('registers a mould, shows its verification overdue, reports it damaged and the customer hears of it', async () => {
    page = (await J.browserAs(j, 'qa')).page;
    await page.goto(`${j.accord.baseUrl}/customer-property`);
    await page.getByTestId('property-table').waitFor();
    await page.getByTestId('property-new').click();
    await page.getByTestId('property-form-submit').waitFor();
    await J.dialogSettled(page);
    await pickCustomer(page, 'property-customer');
    await page.getByTestId('property-description').fill('外壳注塑模具 RY-2045（4 穴）');
    await page.getByTestId('property-location').fill('模具房 A-3');
    await J.pickDate(page, '#property-form_nextVerificationDue', dayjs().subtract(10, 'day').format('YYYY-MM-DD'));
    await shot('property-form');
    await page.getByTestId('property-form-submit').click();
    await page.getByTestId('property-number').waitFor();
    expect(await page.getByTestId('property-number').textContent()).toBe('CP-00001');
    await page.getByTestId('property-overdue').waitFor();

    // the register filters: only overdue items
    await page.goto(`${j.accord.baseUrl}/customer-property`);
    await page.getByTestId('property-filter-overdue').click();
    await page.getByTestId('property-table').locator('tr', { hasText: 'CP-00001' }).waitFor();
    await shot('property-list-overdue');
    await page.getByTestId('property-table').locator('tr', { hasText: 'CP-00001' }).getByRole('link').click();

    // damaged: the incident, the new condition, the communication to the customer
    await page.getByTestId('property-incident-open').click();
    await page.getByTestId('property-incident-submit').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('incident-description').fill('吊装时模具跌落，分型面崩角');
    await page.getByTestId('incident-content').fill('贵司模具 CP-00001 今日吊装时损坏，我司已停用并评估修复方案，三日内回复。');
    await shot('incident-form');
    await page.getByTestId('property-incident-submit').click();
    await poll(() => page.getByTestId('property-condition').getAttribute('data-condition')).toBe('damaged');
    await page.getByTestId('property-incidents').locator('tr', { hasText: '分型面崩角' }).waitFor();
    await page.getByTestId('incident-communication').waitFor();
    await shot('property-damaged');

    // repaired: the edit keeps "damaged" unless changed; a verification finds it good again, due next in half a year
    await page.getByTestId('property-edit').click();
    await page.getByTestId('property-form-submit').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('property-location').fill('模具维修间');
    await page.getByTestId('property-form-submit').click();
    await poll(() => page.getByTestId('property-details').textContent()).toContain('模具维修间');
    expect(await page.getByTestId('property-condition').getAttribute('data-condition')).toBe('damaged');
    await page.getByTestId('property-verify-open').click();
    await page.getByTestId('property-verify-submit').waitFor();
    await J.dialogSettled(page);
    await J.pickDate(page, '#property-verify_nextVerificationDue', dayjs().add(6, 'month').format('YYYY-MM-DD'));
    await page.getByTestId('verify-note').fill('修复后试模合格');
    await page.getByTestId('property-verify-submit').click();
    await poll(() => page.getByTestId('property-condition').getAttribute('data-condition')).toBe('good');
    expect(await page.getByTestId('property-overdue').count()).toBe(0);

    // on the customer's timeline and the customer's registers tab
    await page.goto(`${j.accord.baseUrl}/customers/${customerId}`);
    await page.getByTestId('customer-timeline').locator('[data-testid=timeline-item]', { hasText: '顾客财产 CP-00001' }).waitFor();
    await page.getByTestId('customer-registers-tab').click();
    await page.getByTestId('customer-property-panel').locator('tr', { hasText: 'CP-00001' }).waitFor();
    await shot('customer-registers');
    expect(j.errors).toEqual([]);
  });

  it('runs a CSR through the departments to in force, shows it on the contract review, and supersedes it with a new revision', async () => {
    page = (await J.browserAs(j, 'qa')).page;
    await page.goto(`${j.accord.baseUrl}/csr`);
    await page.getByTestId('csr-table').waitFor();
    await page.getByTestId('csr-new').click();
    await page.getByTestId('csr-form-submit').waitFor();
    await J.dialogSettled(page);
    await pickCustomer(page, 'csr-customer');
    await page.getByTestId('csr-title').fill('博世供应商质量手册（CSR）');
    await page.getByTestId('csr-document-no').fill('BQM-2026');
    await page.getByTestId('csr-revision').fill('A');
    await page
      .getByTestId('csr-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: 'BQM-2026-A.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 CSR manual') });
    await page.getByTestId('csr-upload').locator('.ant-upload-list-item-done', { hasText: 'BQM-2026-A' }).waitFor();
    await shot('csr-form');
    await page.getByTestId('csr-form-submit').click();
    await page.getByTestId('csr-number').waitFor();
    expect(await page.getByTestId('csr-number').textContent()).toBe('CSR-00001');
    const csrId = page.url().split('/csr/')[1]!.split(/[?#]/)[0]!;
    await poll(() => J.state(page)).toBe('registration');
    await J.actRetrying(page, 'submit-review');
    await poll(() => J.state(page)).toBe('review');

    // QA signs on the page; the engineer in his own browser with a condition; the others by the API
    await page.getByTestId('signoff-open').click();
    await page.getByTestId('signoff-submit').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('signoff-submit').click();
    await poll(() => page.getByTestId('signoff-quality').getAttribute('data-opinion')).toBe('accept');
    const eng = await J.browserAs(j, 'engineering-staff');
    await eng.page.goto(`${j.accord.baseUrl}/csr/${csrId}`);
    await eng.page.getByTestId('signoff-open').click();
    await eng.page.getByTestId('signoff-submit').waitFor();
    await J.dialogSettled(eng.page);
    // the choice is clicked again until the radio group shows it (a click during the dialog's opening is lost)
    await poll(async () => {
      const chosen = eng.page.getByTestId('signoff-opinion').locator('.ant-radio-button-wrapper-checked', { hasText: '有条件同意' });
      if (!(await chosen.count())) await eng.page.getByTestId('signoff-opinion').getByText('有条件同意').click();
      return chosen.count();
    }).toBe(1);
    await eng.page.getByTestId('signoff-comment').fill('控制计划须增加 CSR 第 5 条特殊特性');
    await eng.page.getByTestId('signoff-submit').click();
    await poll(() => eng.page.getByTestId('signoff-engineering').getAttribute('data-opinion')).toBe('conditional');
    await shot('csr-review', eng.page);
    await eng.ctx.close();
    for (const [who, d] of [
      ['clerk', 'sales'],
      ['production-staff', 'production'],
      ['planning-staff', 'planning'],
    ] as const)
      await J.signApi(j.users[who]!.api, 'csr', csrId, d);
    await page.reload();
    await poll(() => J.state(page)).toBe('deployment');

    // deployment recorded, then in force
    await page.getByTestId('csr-add-deployment').click();
    await page.getByTestId('csr-deployment-submit').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('deployment-reference').fill('产品追溯控制程序 QP-8.5.2 C 版');
    await page.getByTestId('deployment-change').fill('追溯记录保存期限改为 15 年');
    await page.getByTestId('csr-deployment-submit').click();
    await page.getByTestId('csr-deployments').locator('tr', { hasText: 'QP-8.5.2' }).waitFor();
    await J.actRetrying(page, 'put-in-force');
    await poll(() => J.state(page)).toBe('in-force');
    await page.getByTestId('csr-in-force').waitFor();
    await shot('csr-in-force');

    // the contract review of the customer's order names it
    const clerk = await J.browserAs(j, 'clerk');
    await clerk.page.goto(`${j.accord.baseUrl}/orders/${orderId}`);
    await clerk.page.getByTestId('review-tab').click();
    await poll(() => clerk.page.getByTestId('csr-notice').getAttribute('data-count')).toBe('1');
    await shot('order-csr-notice', clerk.page);
    await clerk.page.getByTestId('csr-notice-link').click();
    await clerk.page.getByTestId('csr-number').waitFor();
    await clerk.ctx.close();

    // revision B supersedes A; A stays, read-only
    await page.getByTestId('csr-new-revision').click();
    await page.getByTestId('csr-form-submit').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('csr-revision').fill('B');
    await page.getByTestId('csr-form-submit').click();
    await poll(() => page.getByTestId('csr-number').textContent()).toBe('CSR-00002');
    await page.getByTestId('csr-supersedes').click();
    await page.getByTestId('csr-read-only').waitFor();
    expect(await page.getByTestId('csr-new-revision').count()).toBe(0);
    await shot('csr-superseded');
    await page.goto(`${j.accord.baseUrl}/customers/${customerId}`);
    await page.getByTestId('customer-registers-tab').click();
    await page.getByTestId('customer-csr-panel').locator('tr', { hasText: 'CSR-00002' }).waitFor();
    expect(await page.getByTestId('customer-csr-panel').locator('tr', { hasText: 'CSR-00001' }).count()).toBe(0);
    expect(j.errors).toEqual([]);
  });
});

describe.skipIf(!!skip)('registers journey in en-US (smoke)', () => {
  let world: Awaited<ReturnType<typeof registersWorld>>;
  let page: Page | undefined;
  beforeAll(async () => {
    world = await registersWorld('en-US');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: path.join(screenshotDir, 'registers-en-US-failed.png'), fullPage: true }).catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(world?.j);
  });

  it('registers a gauge and a CSR with the English screens', async () => {
    const { j } = world;
    page = (await J.browserAs(j, 'qa')).page;
    await page.goto(`${j.accord.baseUrl}/customer-property`);
    await page.getByText('Customer property register').waitFor();
    await page.getByTestId('property-new').click();
    await page.getByTestId('property-form-submit').waitFor();
    await J.dialogSettled(page);
    await pickCustomer(page, 'property-customer');
    await page.getByTestId('property-kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Gauge' }).first().click();
    await page.getByTestId('property-description').fill('Plug go/no-go gauge');
    await page.getByTestId('property-location').fill('QA metrology room');
    await page.getByTestId('property-form-submit').click();
    await page.getByTestId('property-number').waitFor();
    await poll(() => page!.getByTestId('property-condition').textContent()).toBe('Good');

    await page.goto(`${j.accord.baseUrl}/csr`);
    await page.getByTestId('csr-new').click();
    await page.getByTestId('csr-form-submit').waitFor();
    await J.dialogSettled(page);
    await pickCustomer(page, 'csr-customer');
    await page.getByTestId('csr-title').fill('Bosch supplier quality manual');
    await page.getByTestId('csr-revision').fill('A');
    await page.getByTestId('csr-form-submit').click();
    await page.getByTestId('csr-number').waitFor();
    await J.poll(() => J.state(page!)).toBe('registration');
    await page.getByText('Register the CSR document').first().waitFor();
    expect(j.errors).toEqual([]);
  });
});
