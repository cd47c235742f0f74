import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (samples journey): ${skip}\n`);

/**
 * Sample confirmation in the browser [CC 5.4]: an engineer registers a sample sent for the customer's order,
 * dispatches it (the answer is now due on the working calendar), records the customer's approval with the
 * signed sample record uploaded and the customer's fax logged — the sample is closed, the fax is on its
 * communications, and the customer's page lists it.
 */
async function samplesWorld(locale: Locale) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const j = J.journey(await startAccord(), locale);
  const admin = await J.adminApi(j);
  await J.makeUser(j, 'eng', ['staff'], 'engineering', locale === 'zh-CN' ? '工程陈工' : 'Eng Chen');
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
  ).json() as { id: string; number: string };
  return { j, customerId: customer.id, order };
}

async function pickOption(p: Page, testId: string, text: string) {
  await p.getByTestId(testId).click();
  await p.keyboard.type(text);
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function registerSample(p: Page, baseUrl: string, orderNumber?: string) {
  await p.goto(`${baseUrl}/samples`);
  await p.getByTestId('sample-table').waitFor();
  await p.getByTestId('sample-new').click();
  await p.getByTestId('sample-form-submit').waitFor();
  await J.dialogSettled(p);
  await pickOption(p, 'sample-customer', 'DE-01');
  await p.getByTestId('sample-model').fill('RY-2045');
  await p.locator('#sample-form_quantity').fill('5');
  await p.getByTestId('sample-tracking').fill('SF1234567890');
  if (orderNumber) await pickOption(p, 'sample-order', orderNumber);
  await p.getByTestId('sample-form-submit').click();
  await p.getByTestId('sample-number').waitFor();
}

describe.skipIf(!!skip)('samples journey in zh-CN', () => {
  let j: Journey;
  let customerId = '';
  let order = { id: '', number: '' };
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(screenshotDir, `samples-zh-CN-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ({ j, customerId, order } = await samplesWorld('zh-CN'));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(j);
  });

  it('registers a sample, dispatches it and records the customer’s approval with the signed record', async () => {
    page = (await J.browserAs(j, 'eng')).page;
    await registerSample(page, j.accord.baseUrl, order.number);
    expect(await page.getByTestId('sample-number').textContent()).toBe('SMP-00001');
    await J.poll(() => page.getByTestId('sample-state').getAttribute('data-status')).toBe('sent');
    await page.getByTestId('sample-details').getByText(order.number).waitFor();
    await shot('sent');

    // dispatched: now the customer's answer is awaited, due on the working calendar
    await J.actRetrying(page, 'dispatch');
    await J.poll(() => J.state(page)).toBe('awaiting-customer');
    await J.poll(() => page.getByTestId('sample-state').getAttribute('data-status')).toBe('awaiting-customer');
    await page.getByTestId('sample-answer-due').first().waitFor();
    expect(await page.getByTestId('sample-edit').count()).toBe(0);

    // the answer: approved, the signed sample record uploaded, the customer's fax logged with it
    await page.getByTestId('sample-answer-open').click();
    await page.getByTestId('sample-answer-submit').waitFor();
    await J.dialogSettled(page);
    await page
      .getByTestId('sample-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '样品承认书-SMP-00001.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 signed sample record') });
    await page.getByText('样品承认书-SMP-00001.pdf').first().waitFor();
    await page.getByTestId('sample-answer-comm-content').fill('客户签认样品承认书，同意按样品生产。');
    await shot('answer-form');
    await page.getByTestId('sample-answer-submit').click();
    await J.poll(() => page.getByTestId('sample-state').getAttribute('data-status')).toBe('approved');
    await page.getByTestId('sample-answer-details').getByText('样品承认书-SMP-00001.pdf').waitFor();
    expect(await page.getByTestId('sample-answer-open').count()).toBe(0);

    // the fax is among the sample's communications
    await page.getByTestId('sample-communications-tab').click();
    await page.getByTestId('linked-communication').filter({ hasText: '同意按样品生产' }).waitFor();
    await shot('approved');

    // the customer's page lists it
    await page.goto(`${j.accord.baseUrl}/customers/${customerId}`);
    await page.getByTestId('customer-engineering-tab').click();
    await page.getByTestId('customer-samples-panel').locator('tr', { hasText: 'SMP-00001' }).waitFor();
    await page.getByTestId('customer-samples-panel').locator('[data-status=approved]').waitFor();
    expect(j.errors).toEqual([]);
  });

  it('shows the order’s samples and anomalies on the order page, registers one there, and lists it on the complaint it is linked to', async () => {
    const eng = j.users.eng!.api;
    const admin = await J.adminApi(j);
    const sample = (
      await eng.post('/api/samples', {
        partyId: customerId,
        model: 'RY-2045',
        quantity: 2,
        sentOn: dayjs().format('YYYY-MM-DD'),
        shipVia: 'hand',
        orderId: order.id,
      })
    ).json() as { number: string };
    page = (await J.browserAs(j, 'eng')).page;

    // the order page: its samples with their state; an anomaly registered from here carries the order and the customer
    await page.goto(`${j.accord.baseUrl}/orders/${order.id}`);
    await page.getByTestId('engineering-tab').click();
    const panel = page.getByTestId('order-engineering-panel');
    await panel.getByTestId('order-samples').locator('tr', { hasText: sample.number }).locator('[data-status=sent]').waitFor();
    await panel.getByText('本订单的样品确认、工艺设计疑问').waitFor();
    await page.getByTestId('order-anomaly-new').click();
    await page.getByTestId('anomaly-form-submit').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('anomaly-order').getByText(order.number).waitFor();
    await page.getByTestId('anomaly-title').fill('输出电压偏低');
    await page.getByTestId('anomaly-description').fill('客户验证 3 台输出 11.2V');
    await page.getByTestId('anomaly-comm-subject').fill('异常通知');
    await page.getByTestId('anomaly-comm-content').fill('客户邮件：3 台输出电压偏低。');
    await page.getByTestId('anomaly-form-submit').click();
    const row = panel.getByTestId('order-anomalies').locator('tr', { hasText: '输出电压偏低' });
    await row.locator('[data-status=open]').waitFor();
    const anomalyNumber = (await row.locator('a').first().textContent())!;
    expect(anomalyNumber).toMatch(/^ANO-\d{5}$/);
    await shot('order-panel');

    // the complaint page: link the existing anomaly; its reports are under its row
    const anomalies = (await eng.get(`/api/anomalies?orderId=${order.id}`)).json() as { items: { id: string; number: string; version: number }[] };
    const anomaly = anomalies.items.find((a) => a.number === anomalyNumber)!;
    await eng.post(`/api/anomalies/${anomaly.id}/reports`, { version: anomaly.version, kind: 'inspection', documentNo: 'QA-2026-118' });
    const complaint = (
      await admin.post('/api/complaints', {
        partyId: customerId,
        channel: 'email',
        receivedAt: new Date().toISOString(),
        model: 'RY-2045',
        deliveredQuantity: 100,
        defectiveQuantity: 3,
        description: '输出电压偏低',
        failureMode: '输出电压偏低',
        remedySought: ['replace'],
      })
    ).json() as { id: string };
    await page.goto(`${j.accord.baseUrl}/complaints/${complaint.id}`);
    await page.getByTestId('tab-anomalies').click();
    await page.getByText('尚无关联本投诉的异常').waitFor();
    await page.getByTestId('complaint-anomaly-link-open').click();
    await page.getByTestId('complaint-anomaly-link-submit').waitFor();
    await J.dialogSettled(page);
    await pickOption(page, 'complaint-anomaly-pick', anomalyNumber);
    await page.getByTestId('complaint-anomaly-link-submit').click();
    const linked = page.getByTestId('complaint-anomalies').locator('tr', { hasText: anomalyNumber });
    await linked.waitFor();
    await linked.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('complaint-anomaly-reports').getByText('QA-2026-118').waitFor();
    await shot('complaint-anomalies');

    // a role without engineering.read sees no panel on the order nor on the complaint
    const roles = (await admin.get('/api/roles')).json() as { items: { code: string; permissions: string[]; version: number }[] };
    const mr = roles.items.find((r) => r.code === 'mr')!;
    await admin.put('/api/roles/mr', { version: mr.version, permissions: mr.permissions.filter((x) => x !== 'engineering.read') });
    await J.makeUser(j, 'mr', ['mr'], 'quality', '管代高');
    const mrPage = (await J.browserAs(j, 'mr')).page;
    await mrPage.goto(`${j.accord.baseUrl}/orders/${order.id}`);
    await mrPage.getByTestId('timeline-tab').waitFor();
    expect(await mrPage.getByTestId('engineering-tab').count()).toBe(0);
    await mrPage.goto(`${j.accord.baseUrl}/complaints/${complaint.id}`);
    await mrPage.getByTestId('tab-history').waitFor();
    expect(await mrPage.getByTestId('tab-anomalies').count()).toBe(0);
    expect(j.errors).toEqual([]);
  });
});

describe.skipIf(!!skip)('samples journey in en-US (smoke)', () => {
  let world: Awaited<ReturnType<typeof samplesWorld>>;
  let page: Page | undefined;
  beforeAll(async () => {
    world = await samplesWorld('en-US');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: path.join(screenshotDir, 'samples-en-US-failed.png'), fullPage: true }).catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(world?.j);
  });

  it('registers a sample with the English screens', async () => {
    const { j } = world;
    page = (await J.browserAs(j, 'eng')).page;
    await registerSample(page, j.accord.baseUrl);
    await page.getByText('Sample confirmations').first().waitFor();
    await J.poll(() => page!.getByTestId('sample-state').textContent()).toBe('Sent');
    await page.goto(`${j.accord.baseUrl}/anomalies`);
    await page.getByText('Register an anomaly').first().waitFor();
    await page.goto(`${j.accord.baseUrl}/process-questions`);
    await page.getByText('Record a question').first().waitFor();
    expect(j.errors).toEqual([]);
  });
});
