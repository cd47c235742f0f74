import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, browserUnavailable, screenshotDir, startAccord, type Running } from './browser.js';
import { client, signIn } from '../support/harness.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (sign-in journey): ${skip}\n`);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/**
 * A locked account in the browser: the user is told in the app, the administrator unlocks it with
 * one click, and a weak new password is refused with the reason under the field.
 */
describe.skipIf(!!skip)('sign-in journey (zh-CN)', () => {
  let accord: Running;
  const errors: string[] = [];

  const signInPage = async (username: string, password: string): Promise<Page> => {
    const context = await accord.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content[ -]Security[ -]Policy/i.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${accord.baseUrl}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  };

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    accord = await startAccord();
  });
  afterAll(async () => {
    await accord?.close();
  });

  it('locks after five failures, notifies the user, lets the administrator unlock, and explains a weak password', async () => {
    const admin = client(accord.app, await signIn(accord.app, 'admin', ADMIN_PASSWORD));
    const depts = (await admin.get('/api/departments')).json().items as { id: string; code: string }[];
    const created = await admin.post('/api/users', {
      username: 'clerk',
      displayName: '李娜',
      roles: ['staff'],
      departmentIds: [depts.find((d) => d.code === 'sales')!.id],
      password: 'clerk-password-1',
      locale: 'zh-CN',
    });
    expect(created.statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      await accord.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk', password: 'not-her-password' } });
    }
    await drainOutbox(accord.database.db);

    // the administrator sees the lock and lifts it
    const adminPage = await signInPage('admin', ADMIN_PASSWORD);
    await adminPage.goto(`${accord.baseUrl}/admin/users`);
    await adminPage.getByTestId('user-locked').waitFor();
    await adminPage.getByTestId('user-unlock').click();
    await poll(() => adminPage.getByTestId('user-locked').count()).toBe(0);
    await adminPage.screenshot({ path: path.join(screenshotDir, 'sign-in-unlocked.png') });

    // the user signs in and finds the notification; a weak new password is refused with the reason
    const page = await signInPage('clerk', 'clerk-password-1');
    await page.getByTestId('must-change-password').waitFor();
    await page.getByTestId('notification-bell').click();
    await poll(() => page.locator('[data-key="account.locked"]').count()).toBe(1);
    expect(await page.locator('[data-key="account.locked"]').innerText()).toContain('5 次登录失败');
    await page.keyboard.press('Escape');
    await page.getByTestId('password-current').fill('clerk-password-1');
    await page.getByTestId('password-new').fill('password1234');
    await page.getByTestId('password-confirm').fill('password1234');
    await page.getByTestId('password-save').click();
    await poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual(['这与常用密码非常相似。']);
    await page.screenshot({ path: path.join(screenshotDir, 'sign-in-weak-password.png') });
    await page.getByTestId('password-new').fill('blue-screwdriver-third-drawer');
    await page.getByTestId('password-confirm').fill('blue-screwdriver-third-drawer');
    await page.getByTestId('password-save').click();
    await poll(() => page.getByTestId('must-change-password').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
