import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { sealAudit } from '../../server/platform/audit/index.js';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (audit journey): ${skip}\n`);

const texts = {
  'zh-CN': { intact: '审计追踪完整', broken: '审计追踪已被改动', changed: '该记录写入后内容被改动' },
  'en-US': { intact: 'The audit trail is intact', broken: 'The audit trail has been altered', changed: 'This row was changed after it was written' },
} as const;

/** An auditor's question "could anyone have changed these records?": the trail verifies intact, then a row changed with SQL is named. */
describe.skipIf(!!skip)('audit trail journey', () => {
  let accord: Running;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `audit-${name}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
    const context = await accord.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await accord?.close();
  });

  it('verifies the trail intact, then names the row changed behind the application, in Chinese and English', async () => {
    await page.goto(`${accord.baseUrl}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    await sealAudit(accord.database.db); // what the app's sealer does every two seconds
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    expect(await result.textContent()).toContain(texts['zh-CN'].intact);
    await shot('intact-zh');

    await accord.database.db.execute(sql`update audit_log set reason = '改过' where id = (select min(id) from audit_log)`);
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 15_000 }).toBe('false');
    expect(await result.textContent()).toContain(texts['zh-CN'].broken);
    expect(await result.textContent()).toContain(texts['zh-CN'].changed);
    await shot('broken-zh');

    await page.getByTestId('lang-en-US').click();
    await page.getByTestId('audit-verify').click();
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 15_000 }).toContain(texts['en-US'].broken);
    expect(await result.textContent()).toContain(texts['en-US'].changed);
    await shot('broken-en');
    expect(errors).toEqual([]);
  });
});
