import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (outsourcing journey): ${skip}\n`);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/**
 * An outsourced line [CR 5.4.2] in the browser: purchasing keeps the qualified vendor list; the shipping
 * clerk fills a cutting sheet from the order (a suspended vendor cannot be chosen), records the date the
 * vendor confirmed, sends it to the VP, who approves with an electronic signature; the customer's
 * confirmation is logged, the sheet sent, the vendor's delivery recorded and the sheet closed; the
 * printed cutting sheet shows the review and the confirmation.
 */
/** The outsourcing journeys' company: the sales clerk, the buyer, the VP, a customer's order for a product made outside, a suspended vendor. */
async function outsourcingWorld(locale: Locale) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const j = J.journey(await startAccord(), locale);
  const admin = await J.adminApi(j);
  await J.makeUser(j, 'clerk', ['staff'], 'sales', locale === 'zh-CN' ? '李娜' : 'Li Na');
  await J.makeUser(j, 'buyer', ['manager'], 'purchasing', locale === 'zh-CN' ? '采购陈经理' : 'Buyer Chen');
  await J.makeUser(j, 'vp', ['vp'], 'gm-office', locale === 'zh-CN' ? '刘副总' : 'VP Liu');
  const customer = (await admin.post('/api/customers', { code: 'HK-01', nameZh: '香港宏达贸易有限公司', nameEn: 'Hongda Trading (HK) Ltd.' })).json() as {
    id: string;
  };
  expect((await admin.post('/api/products', { model: 'BG-600', spec: '600D 尼龙', nameZh: '工具包', nameEn: 'Tool bag', inBom: false })).statusCode).toBe(200);
  const order = await j.users.clerk!.api.post('/api/orders', {
    partyId: customer.id,
    customerPo: 'HK-PO-88',
    form: 'fax',
    orderDate: dayjs().format('YYYY-MM-DD'),
    receivedAt: new Date().toISOString(),
    lines: [{ model: 'BG-600', spec: '600D 尼龙', quantity: 2000, requestedDate: dayjs().add(30, 'day').format('YYYY-MM-DD') }],
  });
  expect(order.statusCode, order.body).toBe(200);
  expect(
    (await j.users.buyer!.api.post('/api/vendors', { code: 'V-02', nameZh: '深圳快裁工作室', status: 'suspended', notes: '来料检验连续不合格' })).statusCode,
  ).toBe(200);
  return { j, order: order.json() as { id: string; lines: { id: string }[] } };
}

describe.skipIf(!!skip).each(['zh-CN'] as Locale[])('outsourcing journey in %s', (locale) => {
  let j: Journey;
  let accord: Journey['accord'];
  const errors: string[] = [];
  const users = new Proxy({} as Journey['users'], { get: (_, name: string) => j.users[name] });
  let orderId = '';
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(screenshotDir, `outsourcing-${locale}-${name}.png`), fullPage: true });
  const needed = dayjs().add(20, 'day').format('YYYY-MM-DD');
  const vendorDate = dayjs().add(18, 'day').format('YYYY-MM-DD');

  const browserAs = async (username: string) => (await J.browserAs(j, username)).page;
  const act = J.actAndClose;
  const state = J.state;
  const pickDate = J.pickDate;

  beforeAll(async () => {
    let order;
    ({ j, order } = await outsourcingWorld(locale));
    accord = j.accord;
    orderId = order.id;
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(j);
  });

  it('keeps the vendor list, fills a cutting sheet, and runs it through review, confirmation, sending and receipt', async () => {
    // purchasing adds a qualified vendor
    page = await browserAs('buyer');
    await page.goto(`${accord.baseUrl}/vendors`);
    await page.getByTestId('vendor-table').locator('tr', { hasText: 'V-02' }).waitFor();
    await page.getByTestId('vendor-new').click();
    await page.getByTestId('vendor-code').fill('V-01');
    await page.getByTestId('vendor-name-zh').fill('东莞精裁加工厂');
    await page.getByTestId('vendor-name-en').fill('Dongguan Precision Cutting');
    await page.getByTestId('vendor-scope').fill('布料裁剪、车缝');
    await page.getByTestId('vendor-submit').click();
    await page.getByTestId('vendor-table').locator('tr', { hasText: 'V-01' }).waitFor();
    await shot('vendors');

    // the new vendor's first periodic evaluation is due: 80 × 40 % + 75 × 40 % + 90 × 20 % = 80 → stays qualified
    const v02 = page.getByTestId('vendor-table').locator('tr', { hasText: 'V-01' });
    await v02.getByTestId('vendor-evaluation-due').waitFor();
    await v02.getByTestId('vendor-evaluate').click();
    await page.getByTestId('vendor-evaluation-quality').waitFor();
    await J.dialogSettled(page);
    await page.getByTestId('vendor-evaluation-quality').fill('80');
    await page.getByTestId('vendor-evaluation-delivery').fill('75');
    await page.getByTestId('vendor-evaluation-cooperation').fill('90');
    await poll(() => page.getByTestId('vendor-evaluation-total').textContent()).toContain('80');
    await shot('vendor-evaluation');
    await page.getByTestId('vendor-evaluation-submit').click();
    await poll(() => v02.getByTestId('vendor-last-evaluation').textContent()).toContain('80 ·');
    expect(await v02.getByTestId('vendor-evaluation-due').count()).toBe(0);

    // a new product makes a major contract: its review meeting minutes are filed on the order
    page = await browserAs('clerk');
    await page.goto(`${accord.baseUrl}/orders/${orderId}?tab=review`);
    await page.getByTestId('major-contract').waitFor();
    await page.getByTestId('meeting-open').click();
    await page.getByTestId('meeting-attendees').fill('业务 李娜、工程 张工、品质 王工、采购 陈经理；刘副总主持');
    await page.getByTestId('meeting-minutes').fill('新产品 BG-600：裁剪外包给合格外包商，车缝本厂；品质要求首件确认。结论：接受。');
    await page.getByTestId('review-meeting-submit').click();
    await page.getByTestId('meeting-record').waitFor();
    await shot('review-meeting');

    // the clerk fills the cutting sheet from the order
    await page.goto(`${accord.baseUrl}/orders/${orderId}?tab=outsourcing`);
    await page.getByTestId('sheet-table').waitFor();
    await shot('order-tab-empty');
    await page.getByTestId('sheet-new').click();
    await page.getByTestId('cutting-sheet-submit').waitFor();
    await page.getByTestId('sheet-vendor').click();
    // the suspended vendor is listed but cannot be chosen
    const suspended = page.locator('.ant-select-item-option', { hasText: 'V-02' });
    await suspended.waitFor();
    expect(await suspended.getAttribute('class')).toContain('disabled');
    const vendorSelect = page.getByTestId('sheet-vendor');
    await expect
      .poll(
        async () => {
          if ((await vendorSelect.textContent())?.includes('V-01')) return true;
          if (!(await page.locator('.ant-select-item-option', { hasText: 'V-01' }).isVisible())) await page.getByTestId('sheet-vendor').click();
          await page
            .locator('.ant-select-item-option', { hasText: 'V-01' })
            .click({ timeout: 5000 })
            .catch(() => undefined);
          return (await vendorSelect.textContent())?.includes('V-01') ?? false;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await pickDate(page, '#cutting-sheet_requiredDate', needed);
    await page.getByTestId('sheet-material').fill('黑色尼龙布 600D（客供）');
    await page.getByTestId('sheet-cutting-spec').fill('按图 BG-600-C1 裁剪\n公差 ±1 mm，每 50 片一扎');
    await shot('sheet-form');
    await page.getByTestId('cutting-sheet-submit').click();
    await page.getByTestId('sheet-link').waitFor();
    await page.getByTestId('sheet-link').click();
    await page.getByTestId('sheet-number').waitFor();
    await poll(() => state(page)).toBe('draft');

    // without the vendor's date the VP review is refused
    await page.getByTestId('procedure-action-submit-for-review').click();
    await page.getByTestId('procedure-action-submit').click();
    await poll(() => page.locator('.ant-notification-notice').count()).toBeGreaterThan(0);
    expect(await state(page)).toBe('draft');
    await page.locator('.ant-notification-notice-close').first().click();
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('procedure-action-submit').isVisible()).toBe(false);

    await page.getByTestId('sheet-vendor-confirm').click();
    await pickDate(page, '#vendor-confirmation_vendorDeliveryDate', vendorDate);
    await page.getByTestId('vendor-confirmation-note').fill('陈厂长电话确认');
    await page.getByTestId('vendor-confirmation-submit').click();
    await poll(() => page.getByTestId('sheet-vendor-date').textContent()).toBe(vendorDate);
    await act(page, 'submit-for-review');
    await poll(() => state(page)).toBe('vp-review');
    await shot('sheet-submitted');

    // the VP approves with an electronic signature
    const vpPage = await browserAs('vp');
    await vpPage.goto(`${accord.baseUrl}${new URL(page.url()).pathname}`);
    await act(vpPage, 'approve', async () => {
      await vpPage.getByTestId('procedure-password').fill(users.vp!.password);
    });
    await poll(() => state(vpPage)).toBe('customer-confirmation');

    // the customer's confirmation (a communication), sending, the delivery
    await page.reload();
    await act(page, 'customer-confirmed', async () => {
      await page.locator('[data-testid=procedure-field-channel]').click();
      await page.locator('.ant-select-item-option').first().click();
      await page.getByTestId('procedure-field-customerConfirmation').fill('黄先生传真回签确认裁剪单');
    });
    await poll(() => state(page)).toBe('send-to-vendor');
    await act(page, 'send');
    await poll(() => state(page)).toBe('vendor-delivery');
    await page.getByTestId('actions-tab').click();
    await page.getByTestId('action-table').locator('tr', { hasText: vendorDate }).waitFor();
    await page.getByTestId('sheet-receipt').click();
    await page.getByTestId('vendor-receipt-quantity').fill('1990');
    await page.getByTestId('vendor-receipt-submit').click();
    await poll(() => page.getByTestId('sheet-received').textContent()).toContain('1990');
    await act(page, 'receive');
    await poll(() => state(page)).toBe('received');
    await shot('sheet-received');

    // the printed cutting sheet carries the VP's signature
    await page.goto(`${accord.baseUrl}${new URL(page.url()).pathname}/print`);
    await page.getByTestId('print-sheet').waitFor();
    await poll(() => page.getByTestId('print-sheet').textContent()).toContain(locale === 'zh-CN' ? '刘副总' : 'VP Liu');
    expect(await page.getByTestId('print-sheet').textContent()).toContain('BG-600');
    expect(await page.getByTestId('print-company').textContent()).toBe('瑞源精密电子有限公司 Ruiyuan Precision Electronics Co., Ltd.');
    await shot('print');
    expect([...errors, ...j.errors]).toEqual([]);
  });
});

/** The printed cutting sheet in English, short: the VP's signature under the English name. */
describe.skipIf(!!skip)('outsourcing journey in en-US (smoke)', () => {
  let world: Awaited<ReturnType<typeof outsourcingWorld>>;
  let page: Page | undefined;
  beforeAll(async () => {
    world = await outsourcingWorld('en-US');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({ path: path.join(screenshotDir, 'outsourcing-en-US-failed.png'), fullPage: true }).catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(world?.j);
  });

  it("prints a cutting sheet the VP approved, with the VP's name", async () => {
    const { j, order } = world;
    const clerk = j.users.clerk!.api;
    const vendor = await j.users.buyer!.api.post('/api/vendors', { code: 'V-01', nameZh: '东莞精裁加工厂', scope: 'Cutting' });
    expect(vendor.statusCode, vendor.body).toBe(200);
    const created = await clerk.post(`/api/orders/${order.id}/cutting-sheets`, {
      lineId: order.lines[0]!.id,
      vendorId: (vendor.json() as { id: string }).id,
      quantity: 2000,
      material: '600D nylon, black',
      cuttingSpec: 'Cut to drawing BG-600-C1',
      requiredDate: dayjs().add(20, 'day').format('YYYY-MM-DD'),
    });
    expect(created.statusCode, created.body).toBe(200);
    const sheet = created.json() as { id: string; version: number };
    const confirmed = await clerk.post(`/api/cutting-sheets/${sheet.id}/vendor-confirmation`, {
      version: sheet.version,
      vendorDeliveryDate: dayjs().add(18, 'day').format('YYYY-MM-DD'),
      note: 'Confirmed by phone',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await J.moveApi(clerk, 'cutting-sheet', sheet.id, 'submit-for-review');
    await J.moveApi(j.users.vp!.api, 'cutting-sheet', sheet.id, 'approve', { password: j.users.vp!.password });
    page = (await J.browserAs(j, 'clerk')).page;
    await page.goto(`${j.accord.baseUrl}/cutting-sheets/${sheet.id}/print`);
    await page.getByTestId('print-sheet').waitFor();
    await J.poll(() => page!.getByTestId('print-sheet').textContent()).toContain('VP Liu');
    expect(await page.getByTestId('print-sheet').textContent()).toContain('BG-600');
    expect(j.errors).toEqual([]);
  });
});
