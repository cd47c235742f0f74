import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';
import { client, signIn, type Client } from '../support/harness.js';
import { sweepQuotationFollowUps } from '../../server/quotations/index.js';
import { siteCalendar } from '../../server/calendar/index.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (quotation journey): ${skip}\n`);

const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

interface User {
  password: string;
  id: string;
  api: Client;
  cookie: string;
}

/** Price values of the journey: none of them may appear on any page of a user without prices.read (production). */
const PRICES = ['12.35', '11.85', '61,750', '61750'];

/**
 * Sales drafts a quote in the browser, the GM approves it with a password, sales sends it; three
 * working days later (the follow-up sweep run at that time) a follow-up task is there; sales records a
 * follow-up and the customer's acceptance; an order is made from it. A production user sees the quote,
 * the customer and the order without a single price.
 */
describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as const)('quotation journey in %s', (locale) => {
  let accord: Running;
  const errors: string[] = [];
  const users: Record<string, User> = {};
  let customer: { id: string };
  const code = `SZ-${locale === 'zh-CN' ? 'ZH' : 'EN'}`;
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(screenshotDir, `quotation-${locale}-${name}.png`), fullPage: true });
  let lastPage: Page | undefined;

  async function makeUser(admin: Client, username: string, roles: string[], department: string, displayName: string) {
    const depts = (await admin.get('/api/departments')).json() as { items: { id: string; code: string }[] };
    const first = `${username}-password-1`;
    const created = await admin.post('/api/users', { username, displayName, roles, departmentIds: [depts.items.find((x) => x.code === department)!.id], password: first, locale });
    expect(created.statusCode, created.body).toBe(200);
    const session = await signIn(accord.app, username, first);
    const password = `${username}-own-password-2026`;
    const api = client(accord.app, session, locale);
    expect((await api.post('/api/auth/password', { currentPassword: first, newPassword: password })).statusCode).toBe(200);
    users[username] = { password, id: (created.json() as { id: string }).id, api, cookie: session.cookie.split('=')[1]! };
  }

  async function browserAs(username: string) {
    const ctx = await accord.browser.newContext({ locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    await ctx.addCookies([{ name: 'accord_session', value: users[username]!.cookie, url: accord.baseUrl }]);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
    lastPage = p;
    return { ctx, page: p };
  }
  const state = (p: Page) => p.getByTestId('procedure-instance').getAttribute('data-state');
  async function act(p: Page, transitionId: string, fill?: () => Promise<void>) {
    await p.getByTestId(`procedure-action-${transitionId}`).click();
    await p.getByTestId('procedure-action-submit').waitFor();
    if (fill) await fill();
    await p.getByTestId('procedure-action-submit').click();
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
    const admin = client(accord.app, await signIn(accord.app, 'admin', ADMIN_PASSWORD), locale);
    const zh = locale === 'zh-CN';
    // the salesperson is a sales clerk (role template): who sets prices must be able to see them
    await makeUser(admin, 'sales', ['staff', 'sales-clerk'], 'sales', zh ? '李娜' : 'Li Na');
    await makeUser(admin, 'boss', ['gm'], 'gm-office', zh ? '张总' : 'GM Zhang');
    await makeUser(admin, 'prod', ['staff'], 'production', zh ? '陈工' : 'Chen (production)');
    await makeUser(admin, 'fin', ['staff'], 'finance', zh ? '赵会计' : 'Zhao (finance)');
    const c = await admin.post('/api/customers', { code, nameZh: '深圳宏达电子有限公司', nameEn: 'Hongda Electronics (Shenzhen)', contacts: [{ name: '黄先生', title: '采购经理' }] });
    expect(c.statusCode, c.body).toBe(200);
    customer = c.json() as { id: string };
    expect((await users.boss!.api.post(`/api/customers/${customer.id}/accept`, { version: (c.json() as { version: number }).version })).statusCode).toBe(200);
    expect((await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', nameEn: 'Power adapter', inBom: true })).statusCode).toBe(200);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && lastPage) await shot(lastPage, `failed-${ctx.task.name.slice(0, 5)}`).catch(() => {});
  });
  afterAll(async () => {
    await accord?.close();
  });

  let quotationId = '';

  it('sales quotes, the GM approves with a password, sales sends; a follow-up task after 3 working days; follow-up and result recorded', async () => {
    const sales = await browserAs('sales');
    const page = sales.page;
    await page.goto(`${accord.baseUrl}/`);
    await page.getByTestId('nav-quotations').click();
    await page.getByTestId('quotation-table').waitFor();
    await shot(page, 'list-empty');
    await page.getByTestId('quotation-new').click();
    await page.getByTestId('quotation-customer').click();
    await page.keyboard.type(code);
    await page.locator('.ant-select-item-option').filter({ hasText: code }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#quotation_lines_0_model').fill('RY-2045');
    await page.locator('.ant-select-item-option').filter({ hasText: '12V 2A' }).first().click();
    await poll(() => page.locator('#quotation_lines_0_description').inputValue()).toBe('12V 2A');
    await page.locator('#quotation_lines_0_quantity').fill('5000');
    await page.locator('#quotation_lines_0_unitPrice').fill('12.35');
    await page.getByTestId('qline-0-break-add').click();
    await page.locator('#quotation_lines_0_breaks_0_minQuantity').fill('10000');
    await page.locator('#quotation_lines_0_breaks_0_unitPrice').fill('11.85');
    await page.getByTestId('quotation-terms').fill(locale === 'zh-CN' ? '月结 30 天；含税含运费' : 'Net 30 days; VAT and freight included');
    await shot(page, 'new-form');
    await page.getByTestId('quotation-save').click();
    await page.getByTestId('quotation-number').waitFor();
    quotationId = page.url().split('/quotations/')[1]!.split(/[?#]/)[0]!;
    await poll(() => state(page)).toBe('draft');
    // the sales clerk sees the prices entered
    expect(await page.getByTestId('prices-hidden').count()).toBe(0);
    await poll(() => page.locator('body').textContent()).toContain('12.35');
    await shot(page, 'draft');
    await act(page, 'submit-for-approval');
    await poll(() => state(page)).toBe('approval');

    // the GM sees the prices and approves with the password (electronic signature)
    const gm = await browserAs('boss');
    await gm.page.goto(`${accord.baseUrl}/quotations/${quotationId}`);
    await poll(() => gm.page.getByTestId('quotation-lines').textContent()).toContain('12.35');
    await gm.page.getByTestId('procedure-action-approve').click();
    await gm.page.getByTestId('procedure-password').fill('wrong-password');
    await gm.page.getByTestId('procedure-action-submit').click();
    await poll(() => gm.page.locator('.ant-notification-notice, .ant-form-item-explain-error').first().isVisible()).toBe(true);
    expect(await state(gm.page)).toBe('approval');
    await gm.page.getByTestId('procedure-password').fill(users.boss!.password);
    await shot(gm.page, 'approve');
    await gm.page.getByTestId('procedure-action-submit').click();
    await poll(() => state(gm.page)).toBe('approved');
    await poll(() => gm.page.getByTestId('quotation-approved-by').textContent()).toContain(locale === 'zh-CN' ? '张总' : 'GM Zhang');
    await shot(gm.page, 'approved-gm');

    // sales sends it: a communication on the quotation; the follow-up falls due 3 working days later
    await page.reload();
    await act(page, 'send', () => page.getByTestId('procedure-field-sendNote').fill(locale === 'zh-CN' ? '黄先生：附上 RY-2045 报价，请确认。' : 'Dear Mr Huang, please find our quotation for RY-2045.'));
    await poll(() => state(page)).toBe('sent');
    const cal = await siteCalendar(accord.database.db);
    const due = cal.addWorkingDays(cal.localDate(new Date()), 3).date;
    await poll(() => page.getByTestId('quotation-follow-up-due-date').textContent()).toBe(due);
    await page.getByTestId('timeline-tab').click();
    await poll(() => page.getByTestId('quotation-timeline-item').count()).toBe(1);
    await shot(page, 'sent');

    // no confirmation by the due day: the sweep (run as at that day) gives sales a follow-up task
    expect(await sweepQuotationFollowUps(accord.database.db, cal.toInstant(cal.addWorkingDays(due, -1).date, 10 * 60))).toBe(0);
    expect(await sweepQuotationFollowUps(accord.database.db, cal.toInstant(due, 9 * 60))).toBe(1);
    await page.reload();
    await page.getByTestId('actions-tab').click();
    await poll(() => page.locator('body').textContent()).toContain(due);
    await page.waitForTimeout(400);
    await shot(page, 'follow-up-task');

    // the follow-up: a communication with its result
    await page.getByTestId('follow-ups-tab').click();
    await page.getByTestId('follow-up-open').click();
    await page.getByTestId('follow-up-content').fill(locale === 'zh-CN' ? '电话询问报价确认情况' : 'Called to ask about the quotation');
    await page.getByTestId('follow-up-result').fill(locale === 'zh-CN' ? '客户同意价格，将回签' : 'Price agreed; the customer will countersign');
    await page.getByTestId('follow-up-save').click();
    await poll(() => page.getByTestId('follow-up-list').locator('tbody tr').count()).toBe(1);
    await poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await shot(page, 'follow-up');

    // the result: accepted (countersigned)
    await act(page, 'accept', () => page.getByTestId('procedure-field-customerConfirmation').fill(locale === 'zh-CN' ? '客户已回签报价单' : 'The customer countersigned the quotation'));
    await poll(() => state(page)).toBe('accepted');
    await poll(() => page.getByTestId('quotation-result').count()).toBe(1);
    await shot(page, 'accepted');

    // an order from it, prices carried over (the GM sees them on the order)
    await page.getByTestId('quotation-order').click();
    await page.getByTestId('quotation-order-po').fill('PO-8899');
    const requested = dayjs().add(30, 'day').format('YYYY-MM-DD');
    const input = page.locator('#quotation-order_requestedDate');
    await input.click();
    await input.fill(requested);
    await input.press('Enter');
    await page.getByTestId('quotation-order-save').click();
    await page.getByTestId('quotation-order-link').waitFor();
    const orderId = (await page.getByTestId('quotation-order-link').getAttribute('href'))!.split('/orders/')[1]!;
    await gm.page.goto(`${accord.baseUrl}/orders/${orderId}`);
    await poll(() => gm.page.getByTestId('order-lines').textContent()).toContain('12.35');

    // the print form: prices for the GM and the sales clerk (none for production: below)
    await gm.page.goto(`${accord.baseUrl}/quotations/${quotationId}/print`);
    await poll(() => gm.page.getByTestId('print-lines').textContent()).toContain('12.35');
    await shot(gm.page, 'print-gm');
    await page.goto(`${accord.baseUrl}/quotations/${quotationId}/print`);
    await page.getByTestId('print-lines').waitFor();
    await poll(() => page.getByTestId('print-lines').textContent()).toContain('12.35');
    await shot(page, 'print-sales');
    await gm.ctx.close();
    await sales.ctx.close();
    expect(errors).toEqual([]);
  });

  it('shows a production user no price on the quotation, list, print, customer and order pages', async () => {
    const prod = await browserAs('prod');
    const page = prod.page;
    const q = (await users.prod!.api.get(`/api/quotations/${quotationId}`)).json() as { orderId: string };
    const pages = [
      ['quotation', `/quotations/${quotationId}`, 'quotation-lines'],
      ['price-history', `/quotations/${quotationId}?tab=prices`, 'price-history'],
      ['list', '/quotations', 'quotation-table'],
      ['print', `/quotations/${quotationId}/print`, 'print-lines'],
      ['customer', `/customers/${customer.id}`, null],
      ['order', `/orders/${q.orderId}`, 'order-lines'],
    ] as const;
    for (const [name, url, testId] of pages) {
      await page.goto(`${accord.baseUrl}${url}`);
      if (testId) await page.getByTestId(testId).first().waitFor();
      else await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const text = (await page.locator('body').textContent()) ?? '';
      for (const v of PRICES) expect(text, `${name}: ${v}`).not.toContain(v);
      await shot(page, `production-${name}`);
    }
    await prod.ctx.close();
    expect(errors).toEqual([]);
  });
});
