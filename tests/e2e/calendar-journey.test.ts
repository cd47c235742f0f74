import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (calendar journey): ${skip}\n`);

const texts = {
  'zh-CN': { provisional: '暂定', imported: '已导入', newYear: '元旦' },
  'en-US': { provisional: 'Provisional', imported: 'Imported', newYear: "New Year's Day" },
} as const;

/** A 2027 notice as a .json file in the API's shape (test data, not the real notice). */
function noticeFile(): string {
  const range = (from: string, to: string, zh: string, en: string) => {
    const out = [];
    for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
      out.push({ date: d, type: 'holiday', name: { zh, en } });
    return out;
  };
  const notice = {
    year: 2027,
    source: { issuer: '国务院办公厅', title: '国务院办公厅关于2027年部分节假日安排的通知（测试）', published: '2026-11-20' },
    days: [
      ...range('2027-01-01', '2027-01-03', '元旦', "New Year's Day"),
      ...range('2027-02-05', '2027-02-13', '春节', 'Spring Festival'),
      { date: '2027-02-20', type: 'workday', name: { zh: '春节', en: 'Spring Festival' } },
      ...range('2027-04-03', '2027-04-05', '清明节', 'Qingming Festival'),
      ...range('2027-05-01', '2027-05-05', '劳动节', 'Labour Day'),
      ...range('2027-06-09', '2027-06-09', '端午节', 'Dragon Boat Festival'),
      ...range('2027-09-15', '2027-09-15', '中秋节', 'Mid-Autumn Festival'),
      ...range('2027-10-01', '2027-10-07', '国庆节', 'National Day'),
    ],
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-notice-')), 'cn-2027.json');
  fs.writeFileSync(file, JSON.stringify(notice));
  return file;
}

/**
 * The administrator looks at 2027 before its holiday notice is out (the statutory holidays are already days off,
 * marked provisional), then imports the notice from a .json file: the year becomes final.
 * zh-CN walks it whole; en-US checks the provisional year's card in English.
 */
describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as const)('calendar journey in %s', (locale) => {
  let accord: Running;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `calendar-${locale}-${name}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
    const context = await accord.browser.newContext({ locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await accord?.close();
  });

  it('shows a provisional year with its statutory holidays and imports the notice', async () => {
    await page.goto(`${accord.baseUrl}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    await page.goto(`${accord.baseUrl}/admin/calendar?year=2027`);
    // the administrator's saved language is Chinese: switch, as a user would
    if (locale === 'en-US') await page.getByTestId('lang-en-US').click();
    const card = page.getByTestId('calendar-national');
    await expect.poll(() => card.getByTestId('national-status-provisional').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await card.getByTestId('national-days').textContent()).toContain(texts[locale].newYear);
    await expect.poll(() => page.getByTestId('calendar-provisional').isVisible()).toBe(true);
    await shot('provisional');
    if (locale === 'en-US') return expect(errors).toEqual([]);

    await page.getByTestId('national-import').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('national-item').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(7);
    await dialog.locator('input[type=file]').setInputFiles(noticeFile());
    await expect.poll(async () => (await dialog.getByTestId('national-title').inputValue()).includes('（测试）')).toBe(true);
    await shot('import');
    await dialog.getByTestId('national-save').click();
    await expect.poll(() => card.getByTestId('national-status-imported').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('calendar-provisional').count()).toBe(0);
    await shot('imported');
    expect(errors).toEqual([]);
  });
});
