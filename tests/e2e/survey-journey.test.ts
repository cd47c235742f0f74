import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { poll, type Journey, type Locale } from '../support/journey.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (survey journey): ${skip}\n`);

const texts = {
  'zh-CN': { rateAll: '还有题目未打分', answered: '已经提交过', english: 'English', thanks: '感谢您的反馈' },
  'en-US': { rateAll: 'Some items are not rated', answered: 'already been answered', english: 'English', thanks: 'Thank you for your feedback' },
} as const;

/** The survey journeys' company: the sales clerk, the QA and planning managers, three customers with a contact each. */
async function surveyWorld(locale: Locale) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const j = J.journey(await startAccord(), locale);
  const admin = await J.adminApi(j);
  await J.makeUser(j, 'clerk', ['staff'], 'sales', locale === 'zh-CN' ? '李娜' : 'Li Na');
  await J.makeUser(j, 'qa', ['manager'], 'quality', locale === 'zh-CN' ? '品质部周经理' : 'QA Manager Zhou');
  await J.makeUser(j, 'pmc', ['manager'], 'planning', locale === 'zh-CN' ? '计划部赵经理' : 'Planning Manager Zhao');
  const customers: { id: string; code: string; contacts: { id: string }[] }[] = [];
  for (const c of [
    { code: 'HK-01', nameZh: '香港宏达贸易有限公司', nameEn: 'Hongda Trading (HK) Ltd.', contacts: [{ name: '黄先生', title: '采购经理' }] },
    { code: 'SZ-02', nameZh: '深圳恒通电子有限公司', nameEn: 'Hengtong Electronics', contacts: [{ name: '李小姐', title: '采购' }] },
    { code: 'DG-03', nameZh: '东莞华美五金制品厂', nameEn: 'Huamei Hardware', contacts: [{ name: '周经理', title: '品质经理' }] },
  ]) {
    const res = await admin.post('/api/customers', c);
    expect(res.statusCode).toBe(200);
    customers.push(res.json() as (typeof customers)[number]);
  }
  return { j, admin, customers };
}

/**
 * The survey loop in the browser [CC 5.9]: Sales creates the questionnaire and sends a survey to three
 * customers; one contact answers on a phone through the link with a low delivery score (an improvement
 * action for Planning appears), one answers through the link on a desktop, the third faxes the form back
 * and Sales types it in with the scan; QA
 * reads the analysis (CSAT, NPS, index asserted) and records the conclusion; after the improvement is
 * done Sales prints the bilingual reply letter, records the replies and closes the survey.
 */
describe.skipIf(!!skip).each(['zh-CN'] as Locale[])('survey journey in %s', (locale) => {
  let j: Journey;
  let accord: Journey['accord'];
  let page: Page;
  let context: BrowserContext;
  const errors: string[] = [];
  const users = new Proxy({} as Journey['users'], { get: (_, name: string) => j.users[name] });
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(screenshotDir, `survey-${locale}-${name}.png`), fullPage: true });
  const tx = texts[locale];

  const browserAs = (username: string) => J.browserAs(j, username);
  const state = (p: Page = page) => p.getByTestId('procedure-instance').getAttribute('data-state');
  const act = J.actAndClose;
  async function pickCustomer(testId: string, code: string) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(code);
    await page.locator('.ant-select-item-option').filter({ hasText: code }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  async function pickOption(testId: string, text: string) {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  }

  beforeAll(async () => {
    ({ j } = await surveyWorld(locale));
    accord = j.accord;
    ({ ctx: context, page } = await browserAs('clerk'));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(j);
  });

  it('sends a survey, takes a low score on a phone and a faxed form, analyses, improves, replies and closes', async () => {
    // Sales: the survey list, empty; the default questionnaire
    await page.goto(`${accord.baseUrl}/`);
    await page.getByTestId('nav-surveys').click();
    await page.getByTestId('campaign-new').waitFor();
    await shot('list-empty');
    await page.getByTestId('nav-survey-templates').click();
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-card').waitFor();
    await shot('templates');

    // a survey to three customers; 黄先生 gets it in the journey's language
    await page.goto(`${accord.baseUrl}/surveys/new`);
    await poll(() => page.getByTestId('campaign-template').textContent()).toContain('v1');
    await pickCustomer('recipient-customer-0', 'HK-01');
    await pickOption('recipient-contact-0', '黄先生');
    if (locale === 'en-US') await pickOption('recipient-language-0', 'English');
    await page.getByTestId('recipient-add').click();
    await pickCustomer('recipient-customer-1', 'SZ-02');
    await pickOption('recipient-contact-1', '李小姐');
    await page.getByTestId('recipient-add').click();
    await pickCustomer('recipient-customer-2', 'DG-03');
    await pickOption('recipient-contact-2', '周经理');
    await shot('new');
    await page.getByTestId('campaign-submit').click();
    await page.getByTestId('campaign-links').waitFor();
    await poll(() => page.getByTestId('link-url').count()).toBe(3);
    const urls = await page.getByTestId('link-url').evaluateAll((els) => els.map((e) => e.getAttribute('data-url')!));
    expect(urls.every((u) => /\/s\/[A-Za-z0-9_-]{20,}$/.test(u))).toBe(true);
    const linkOf = async (contact: string) =>
      (await page.getByTestId('campaign-links').locator('tbody tr', { hasText: contact }).getByTestId('link-url').getAttribute('data-url'))!;
    const huangUrl = await linkOf('黄先生');
    const liUrl = await linkOf('李小姐');
    await page.waitForTimeout(500); // the dialog's opening animation
    await shot('links');
    await page.getByTestId('links-done').click();
    await page.getByTestId('campaign-number').waitFor();
    const campaignId = page.url().split('/surveys/campaigns/')[1]!.split(/[?#]/)[0]!;
    await poll(() => state()).toBe('sent');
    await shot('sent');

    // the paper form (客户满意度调查表) for customers who answer by hand: one A4 sheet per customer, each question with its boxes
    await page.goto(`${accord.baseUrl}/surveys/campaigns/${campaignId}/form`);
    await poll(() => page.getByTestId('survey-form-sheet').count()).toBe(3);
    expect(await page.getByTestId('survey-form-customer').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('SZ-02'), expect.stringContaining('DG-03')]),
    );
    expect(await page.getByTestId('survey-form-sheet').first().getByTestId('survey-form-question').count()).toBeGreaterThan(0);
    await shot('paper-form');
    expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(10_000);
    await page.goto(`${accord.baseUrl}/surveys/campaigns/${campaignId}`);
    await page.getByTestId('campaign-number').waitFor();

    // 黄先生 answers on his phone, without an account
    const phone = await accord.browser.newContext({
      locale,
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const mobile = await phone.newPage();
    mobile.on('pageerror', (e) => errors.push(`phone: ${e.message}`));
    await mobile.goto(huangUrl);
    await mobile.getByTestId('survey-title').waitFor();
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot('phone-open', mobile);
    for (const [key, n] of [
      ['quality', 5],
      ['service', 4],
      ['pricing', 3],
      ['communication', 4],
    ] as const)
      await mobile.getByTestId(`score-${key}-${n}`).click();
    // one item left out: the page says so before anything is sent
    await mobile.getByTestId('survey-submit').click();
    await poll(() => mobile.locator('.ant-alert-error').textContent()).toContain(tx.rateAll);
    await shot('phone-missing', mobile);
    await mobile.getByTestId('score-delivery-2').click();
    await mobile.getByTestId('recommend-6').click();
    await mobile.getByTestId('survey-comments').fill('交期经常延误 — deliveries are often late');
    await shot('phone-answered', mobile);
    await mobile.getByTestId('survey-submit').click();
    await poll(() => mobile.getByTestId('survey-thanks').textContent()).toContain(tx.thanks);
    await shot('phone-thanks', mobile);
    // the link takes one answer
    await mobile.reload();
    await poll(() => mobile.getByTestId('survey-problem').textContent()).toContain(tx.answered);
    await shot('phone-answered-twice', mobile);
    // the language switch works on the customer's page too
    await mobile.getByTestId(locale === 'zh-CN' ? 'survey-lang-en' : 'survey-lang-zh').click();
    await poll(() => mobile.locator('.ant-result-title').textContent()).not.toBe('');
    await phone.close();

    // 李小姐 answers on her desktop
    const desk = await accord.browser.newContext({ locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
    const li = await desk.newPage();
    li.on('pageerror', (e) => errors.push(`desktop: ${e.message}`));
    await li.goto(liUrl);
    for (const [key, n] of [
      ['quality', 4],
      ['delivery', 4],
      ['service', 5],
      ['pricing', 4],
      ['communication', 5],
    ] as const)
      await li.getByTestId(`score-${key}-${n}`).click();
    await li.getByTestId('recommend-9').click();
    await shot('desktop-answered', li);
    await li.getByTestId('survey-submit').click();
    await li.getByTestId('survey-thanks').waitFor();
    await desk.close();

    // 周经理 faxes the form back: Sales types it in with the scan
    await page.reload();
    await poll(() => page.getByTestId('recipient-responded').count()).toBe(2);
    await page.getByTestId('recipients-table').locator('tr', { hasText: '周经理' }).getByTestId('recipient-enter').click();
    await page
      .getByTestId('enter-scan')
      .locator('input[type=file]')
      .setInputFiles({ name: '满意度调查表-华美.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 fax') });
    await page.getByTestId('enter-scan').locator('.ant-upload-list-item-done').waitFor();
    for (const [key, n] of [
      ['quality', 5],
      ['delivery', 5],
      ['service', 5],
      ['pricing', 3],
      ['communication', 4],
    ] as const) {
      await page
        .getByTestId(`enter-score-${key}`)
        .locator('label', { hasText: String(n) })
        .click();
    }
    await page.locator('input[data-testid=enter-recommend], [data-testid=enter-recommend] input').first().fill('10');
    await shot('fax-entry');
    await page.getByTestId('enter-submit').click();
    await poll(() => page.getByTestId('recipient-responded').count()).toBe(3);
    await poll(() => page.getByTestId('campaign-response-count').textContent()).toBe('3 / 3');
    // the low delivery score already raised an action for Planning
    await page.getByTestId('survey-actions-tab').click();
    await poll(() => page.getByTestId('survey-actions').locator('tbody tr.ant-table-row').first().textContent()).toContain('交货准时 2/5');
    await shot('actions');
    await act(page, 'route-to-qa');
    await poll(() => state()).toBe('analysis');

    // QA: the analysis, with the numbers
    const qa = await browserAs('qa');
    await qa.page.goto(`${accord.baseUrl}/surveys/campaigns/${campaignId}/analysis`);
    await qa.page.getByTestId('chart-means').locator('svg').waitFor();
    expect(await qa.page.getByTestId('kpi-csat').textContent()).toBe('80%'); // 12 of 15 scores are 4 or 5
    expect(await qa.page.getByTestId('kpi-nps').textContent()).toBe('33.3'); // promoters 9 and 10, detractor 6: (2 − 1) / 3
    expect(await qa.page.getByTestId('kpi-index').textContent()).toBe('83.3'); // (30×14/3 + 25×11/3 + 15×14/3 + 15×10/3 + 15×13/3) / 100 / 5 × 100
    expect(await qa.page.getByTestId('kpi-rate').textContent()).toBe('100%');
    expect(await qa.page.getByTestId('response-action').count()).toBe(1);
    await qa.page.getByTestId('chart-trend').locator('svg').waitFor();
    await shot('analysis', qa.page);
    await qa.page.goto(`${accord.baseUrl}/surveys/campaigns/${campaignId}`);
    await act(qa.page, 'analysed', async () => {
      await qa.page
        .getByTestId('procedure-field-analysisSummary')
        .fill(locale === 'zh-CN' ? '满意率 80%，交货准时为薄弱项：计划部改善排程。' : 'CSAT 80%; delivery is the weak point: Planning improves scheduling.');
    });
    await poll(() => state(qa.page)).toBe('actions');

    // Planning does the improvement; QA passes the survey to Sales
    const actions = (await users.pmc!.api.get('/api/actions?sourceType=survey-response')).json() as {
      items: { id: string; version: number; department: string; ownerId: string }[];
    };
    expect(actions.items).toHaveLength(1);
    expect(actions.items[0]).toMatchObject({ department: 'planning', ownerId: users.pmc!.id });
    const evidence = locale === 'zh-CN' ? '每周产能评审，交期达成率提升至 98%' : 'Weekly capacity review; on-time delivery up to 98%';
    expect((await users.pmc!.api.post(`/api/actions/${actions.items[0]!.id}/complete`, { version: actions.items[0]!.version, evidence })).statusCode).toBe(200);
    await qa.page.reload();
    await act(qa.page, 'improvements-done');
    await poll(() => state(qa.page)).toBe('reply');
    await qa.ctx.close();

    // Sales: the reply letter prints, with the improvement made
    await page.reload();
    await page.getByTestId('customers-tab').click();
    const [letter] = await Promise.all([context.waitForEvent('page'), page.getByTestId('letter-HK-01').click()]);
    await letter.getByTestId('reply-letter').waitFor();
    await poll(() => letter.getByTestId('letter-improvements').textContent()).toContain(evidence);
    expect(await letter.getByTestId('letter-customer').textContent()).toBe('香港宏达贸易有限公司');
    await shot('letter', letter);
    await letter.emulateMedia({ media: 'print' });
    const pdf = await letter.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    fs.writeFileSync(path.join(screenshotDir, `survey-${locale}-letter.pdf`), pdf);
    await letter.close();

    for (const code of ['HK-01', 'SZ-02', 'DG-03']) {
      await page.getByTestId(`reply-record-${code}`).click();
      await page.getByTestId('reply-submit').click();
      await poll(() => page.getByTestId(`reply-status-${code}`).getAttribute('data-status')).toBe('sent');
    }
    await shot('replied');
    await act(page, 'close');
    await poll(() => state()).toBe('closed');
    await poll(() => page.getByTestId('survey-status').getAttribute('data-status')).toBe('closed');
    await poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await shot('closed');
    // the procedure's flowchart, lanes by department
    await page.goto(`${accord.baseUrl}/procedures/survey`);
    await page.getByTestId('flow-node-analysis').waitFor();
    expect(await page.getByTestId('flow-edge-route-to-qa').count()).toBe(1);
    await shot('flowchart');
    expect([...errors, ...j.errors]).toEqual([]);
  });
});

/** The customer's survey page in English on a phone, short: the unrated item, the thanks, the single use, the language switch. */
describe.skipIf(!!skip)('survey journey in en-US (smoke)', () => {
  let world: Awaited<ReturnType<typeof surveyWorld>>;
  let mobile: Page | undefined;
  const tx = texts['en-US'];
  beforeAll(async () => {
    world = await surveyWorld('en-US');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && mobile)
      await mobile.screenshot({ path: path.join(screenshotDir, 'survey-en-US-failed.png'), fullPage: true }).catch(() => {});
  });
  afterAll(async () => {
    await J.closeJourney(world?.j);
  });

  it('a contact answers in English on a phone, once', async () => {
    const { j, customers } = world;
    const sales = j.users.clerk!.api;
    const template = await sales.post('/api/survey-templates', { ...defaultSurveyTemplate, key: 'en-smoke' });
    expect(template.statusCode, template.body).toBe(200);
    const huang = customers[0]!;
    // the new survey's form offers the recipient's language in English
    const clerk = (await J.browserAs(j, 'clerk')).page;
    await clerk.goto(`${j.accord.baseUrl}/surveys/new`);
    await clerk.getByTestId('recipient-customer-0').click();
    await clerk.keyboard.type('HK-01');
    await clerk.locator('.ant-select-item-option').filter({ hasText: 'HK-01' }).first().waitFor();
    await clerk.keyboard.press('Enter');
    await clerk.getByTestId('recipient-contact-0').click();
    await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '黄先生' }).first().click();
    await clerk.getByTestId('recipient-language-0').click();
    await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: tx.english }).first().click();
    await poll(() => clerk.getByTestId('recipient-language-0').textContent()).toContain(tx.english);
    const sent = await sales.post('/api/survey-campaigns', {
      title: 'Customer satisfaction 2026',
      templateId: (template.json() as { id: string }).id,
      periodFrom: '2026-01-01',
      periodTo: '2026-11-30',
      responseDeadline: '2099-12-31',
      recipients: [{ partyId: huang.id, contactId: huang.contacts[0]!.id, language: 'en-US' }],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const token = (sent.json() as { links: { token: string }[] }).links[0]!.token;
    const phone = await J.anonymousBrowser(j, { who: 'phone', viewport: { width: 390, height: 844 } });
    mobile = phone.page;
    await mobile.goto(`${j.accord.baseUrl}/s/${token}`);
    await mobile.getByTestId('survey-title').waitFor();
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const [key, n] of [
      ['quality', 5],
      ['service', 4],
      ['pricing', 3],
      ['communication', 4],
    ] as const)
      await mobile.getByTestId(`score-${key}-${n}`).click();
    await mobile.getByTestId('survey-submit').click();
    await poll(() => mobile!.locator('.ant-alert-error').textContent()).toContain(tx.rateAll);
    await mobile.getByTestId('score-delivery-2').click();
    await mobile.getByTestId('recommend-6').click();
    await mobile.getByTestId('survey-submit').click();
    await poll(() => mobile!.getByTestId('survey-thanks').textContent()).toContain(tx.thanks);
    await mobile.reload();
    await poll(() => mobile!.getByTestId('survey-problem').textContent()).toContain(tx.answered);
    await mobile.getByTestId('survey-lang-zh').click();
    await poll(() => mobile!.locator('.ant-result-title').textContent()).not.toBe('');
    expect(j.errors).toEqual([]);
  });
});
