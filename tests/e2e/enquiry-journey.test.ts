import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';
import { dialogSettled, poll } from '../support/journey.js';
import { client, signIn } from '../support/harness.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (enquiry journey zh-CN, en-US): ${skip}\n`);

/**
 * zh-CN: Friday 3 April 2026, 17:00, before Qingming (4–6 April off): 0.5 h on Friday, 8 h on Tuesday 7 and
 * Wednesday 8, 7.5 h on Thursday 9 April → Thursday 17:00.
 * en-US: Wednesday 30 September 2026, 17:00, before National Day (1–7 October off): 0.5 h, 8 h on 8 and 9 October,
 * 7.5 h on the 调休 Saturday 10 October → Saturday 17:00.
 */
const cases = {
  'zh-CN': { receivedAt: '2026-04-03 17:00', dueAt: '2026-04-09T09:00:00.000Z' },
  'en-US': { receivedAt: '2026-09-30 17:00', dueAt: '2026-10-10T09:00:00.000Z' },
} as const;

const texts = {
  'zh-CN': { enquiry: '咨询', required: /请填写|必填|不能为空/ },
  'en-US': { enquiry: 'Enquiry', required: /required|Please/i },
} as const;

/**
 * A sales clerk logs an incoming enquiry late on the eve of a public holiday, sees its reply deadline on the
 * working calendar (the holiday skipped, the 调休 Saturday counted), answers it and closes it;
 * the answer is logged as a communication and the flowchart counts the record.
 */
describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as const)('enquiry journey in %s', (locale) => {
  let accord: Running;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `enquiry-${locale}-${name}.png`) });
  const code = `NB-${locale === 'zh-CN' ? 'ZH' : 'EN'}`;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
    // the company's set-up, done by the administrator through the API (the foundation journey covers its screens)
    const admin = client(accord.app, await signIn(accord.app, 'admin', ADMIN_PASSWORD), locale);
    const sales = ((await admin.get('/api/departments')).json() as { items: { id: string; code: string }[] }).items.find((d) => d.code === 'sales')!;
    const created = await admin.post('/api/users', {
      username: 'clerk',
      displayName: locale === 'zh-CN' ? '李娜' : 'Li Na',
      roles: ['staff'],
      departmentIds: [sales.id],
      password: 'clerk-password-1',
      locale,
    });
    expect(created.statusCode).toBe(200);
    const customer = await admin.post('/api/customers', {
      code,
      nameZh: '宁波汽车零部件有限公司',
      nameEn: 'Ningbo Auto Parts Co., Ltd.',
      contacts: [{ name: '刘工' }],
    });
    expect(customer.statusCode).toBe(200);
    const context = await accord.browser.newContext({ locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await accord?.close();
  });

  it('logs an enquiry, shows its working-calendar deadline, answers and closes it, and the flowchart counts it', async () => {
    await page.goto(`${accord.baseUrl}/`);
    await page.getByTestId('login-username').fill('clerk');
    await page.getByTestId('login-password').fill('clerk-password-1');
    await page.getByTestId('login-submit').click();
    // a user the administrator created sets their own password first
    await page.getByTestId('must-change-password').waitFor();
    await page.getByTestId('password-current').fill('clerk-password-1');
    await page.getByTestId('password-new').fill('li-na-own-password-2026');
    await page.getByTestId('password-confirm').fill('li-na-own-password-2026');
    await page.getByTestId('password-save').click();
    await poll(() => page.getByTestId('must-change-password').count()).toBe(0);

    // quick entry: an incoming enquiry, received late on the eve of a public holiday
    await page.getByTestId('quick-entry-open').click();
    await page.getByTestId('qe-subject').waitFor();
    await page.getByTestId('qe-customer').click();
    await page.keyboard.type(code);
    await page.locator('.ant-select-item-option').filter({ hasText: code }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('qe-topic').click();
    await page.keyboard.type(texts[locale].enquiry);
    await page.locator('.ant-select-item-option').filter({ hasText: texts[locale].enquiry }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('qe-procedure-hint').waitFor();
    const when = page.locator('#quick-entry_occurredAt');
    await when.click();
    await when.fill(cases[locale].receivedAt);
    await when.press('Enter');
    await page.getByTestId('qe-subject').fill('询问 RY-2045 交期');
    await page.getByTestId('qe-content').fill('请问 RY-2045 5000 件最快什么时候可以交货？');
    await shot('quick-entry');
    await page.getByTestId('qe-content').press('Control+Enter');
    await page.getByTestId('quick-entry-saved-link').click();
    await page.getByTestId('comm-number').waitFor();

    // the procedure runs on it, timed on the working calendar (the holiday skipped, 调休 counted)
    const instance = page.getByTestId('procedure-instance');
    await poll(() => instance.getAttribute('data-state')).toBe('received');
    expect(await instance.getAttribute('data-procedure')).toBe('enquiry');
    expect(await page.getByTestId('procedure-due').getAttribute('data-due')).toBe(cases[locale].dueAt);
    expect(await page.getByTestId('procedure-due').textContent()).toContain(cases[locale].dueAt.slice(0, 10));
    await shot('received');
    if (locale === 'en-US') {
      // in English, a smoke: the quick entry, its own working-calendar case and the procedure's title (the journey runs in Chinese)
      await page.goto(`${accord.baseUrl}/procedures/enquiry`);
      await page.getByTestId('flow-node-received').waitFor();
      expect(await page.getByTestId('procedure-title').textContent()).toContain('nquir');
      return expect(errors).toEqual([]);
    }

    // answering without an answer is refused in the form; nothing moves
    await page.getByTestId('procedure-action-answer').click();
    await page.getByTestId('procedure-action-submit').waitFor();
    await dialogSettled(page);
    await page.getByTestId('procedure-action-submit').click();
    await poll(() => page.locator('.ant-modal .ant-form-item-explain-error').count()).toBeGreaterThan(0);
    expect(await instance.getAttribute('data-state')).toBe('received');

    await page.getByTestId('procedure-field-answer').fill('5000 件可于 10 月 20 日交货。');
    await page.getByTestId('procedure-action-submit').click();
    await poll(() => instance.getAttribute('data-state')).toBe('answered');
    // the answer was logged as an outgoing communication linked to the enquiry
    await poll(() => page.getByTestId('comm-linked').textContent()).toContain('5000 件可于 10 月 20 日交货。');
    await shot('answered');

    await page.getByTestId('procedure-action-close').click();
    await page.getByTestId('procedure-action-submit').waitFor();
    await dialogSettled(page);
    await page.getByTestId('procedure-action-submit').click();
    await poll(() => instance.getAttribute('data-state')).toBe('closed');
    expect(await page.getByTestId('procedure-status').getAttribute('data-status')).toBe('closed');
    expect((await page.getByTestId('procedure-action-answer').count()) + (await page.getByTestId('procedure-action-close').count())).toBe(0);
    await instance.locator('.ant-collapse-header').click();
    await page.getByTestId('procedure-history-entry').first().waitFor();
    const moves = await page.getByTestId('procedure-history-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-transition')));
    expect(moves).toEqual(expect.arrayContaining(['answer', 'close']));
    await shot('closed');

    // the flowchart of the procedure, drawn from the same declaration, with its lanes
    await page.goto(`${accord.baseUrl}/procedures/enquiry`);
    await page.getByTestId('flow-node-received').waitFor();
    expect(await page.getByTestId('flow-lane').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('procedure-title').textContent()).toContain(locale === 'zh-CN' ? '咨询' : 'nquir');
    await shot('flowchart');
    await page.getByTestId('turtle-tab').click();
    await page.getByTestId('turtle-process').waitFor();
    await shot('turtle');

    // the time report from the same declaration: the enquiry left "received" late (its deadline had passed)
    await page.getByTestId('report-tab').click();
    const received = page.locator('[data-testid=report-table] tr[data-step=received]');
    await received.waitFor();
    expect(await received.locator('td').nth(2).textContent()).toBe('1');
    expect(await received.getByTestId('report-on-time').locator('.ant-progress-text, [class*=progress-indicator]').first().textContent()).toMatch(/0\s*%/);
    expect(await page.getByTestId('report-started').textContent()).toContain('1');
    await shot('report');

    expect(errors).toEqual([]);
  });
});
