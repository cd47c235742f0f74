import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import { adminApi, browserAs, closeJourney, dialogSettled, journey, makeUser, poll, type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (integration journey): ${skip}\n`);

const texts = {
  'zh-CN': { tokens: '我的 API 令牌', webhooks: 'Webhook 订阅', active: '有效', revoked: '已撤销', delivered: '已送达', serviceTokens: '服务令牌（系统对接）' },
  'en-US': {
    tokens: 'My API tokens',
    webhooks: 'Webhook subscriptions',
    active: 'Active',
    revoked: 'Revoked',
    delivered: 'Delivered',
    serviceTokens: 'Service tokens (system integration)',
  },
} as const;

/** A local receiver for the webhook deliveries. */
let receiver: http.Server;
let hookUrl = '';
const received: { type: string; signature: string }[] = [];
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ type: (JSON.parse(body) as { type: string }).type, signature: String(req.headers['x-accord-signature']) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/accord`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await page.keyboard.press('Escape');
}

async function apiStatus(baseUrl: string, secret: string) {
  return (await fetch(`${baseUrl}/api/orders`, { headers: { authorization: `Bearer ${secret}` } })).status;
}

describe.skipIf(!!skip)('API tokens and webhooks journey', () => {
  let j: Journey | undefined;
  afterAll(async () => closeJourney(j));

  for (const locale of ['zh-CN', 'en-US'] as Locale[]) {
    it(`a clerk makes, uses and revokes a personal token; the administrator subscribes a webhook and reads its delivery log (${locale})`, async () => {
      fs.mkdirSync(screenshotDir, { recursive: true });
      await closeJourney(j);
      j = journey(await startAccord(), locale);
      const tx = texts[locale];
      const shot = (p: Page, name: string) => p.screenshot({ path: path.join(screenshotDir, `integration-${locale}-${name}.png`), fullPage: true });
      await makeUser(j, 'clerk', ['staff', 'sales-clerk'], 'sales');
      await makeUser(j, 'boss', ['admin'], 'gm-office');
      const { page } = await browserAs(j, 'clerk');
      await page.goto(`${j.accord.baseUrl}/`);
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-api-tokens').click();
      await page.getByText(tx.tokens).first().waitFor();
      await page.getByTestId('token-new').click();
      await dialogSettled(page);
      await page.getByTestId('token-name').fill('ERP 读取订单');
      await pickOption(page, 'token-scopes', 'orders.read');
      await page.getByTestId('token-save').click();
      const secret = (await page.getByTestId('secret-value').textContent())!.trim();
      expect(secret).toMatch(/^acc_/);
      if (locale === 'zh-CN') await shot(page, 'token-secret');
      await page.getByTestId('secret-done').click();
      await poll(() => page.getByTestId('token-state').first().textContent()).toBe(tx.active);
      expect(await apiStatus(j.accord.baseUrl, secret)).toBe(200);
      // the secret is not on the page any more, nor in the list
      await poll(async () => (await page.content()).includes(secret)).toBe(false);
      await page.getByTestId('token-revoke').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      await poll(() => page.getByTestId('token-state').first().textContent()).toBe(tx.revoked);
      expect(await apiStatus(j.accord.baseUrl, secret)).toBe(401);

      // the administrator: a webhook for new communications, then its delivery log
      const admin = await adminApi(j);
      const { page: ap } = await browserAs(j, 'boss');
      await ap.goto(`${j.accord.baseUrl}/`);
      await ap.getByTestId('nav-webhooks').click();
      await ap.getByText(tx.webhooks).first().waitFor();
      await ap.getByTestId('webhook-new').click();
      await dialogSettled(ap);
      await ap.getByTestId('webhook-name').fill('MES');
      await ap.getByTestId('webhook-url').fill(hookUrl);
      await pickOption(ap, 'webhook-events', 'communication.created');
      await ap.getByTestId('webhook-save').click();
      expect((await ap.getByTestId('secret-value').textContent())!.trim()).toMatch(/^whsec_/);
      await ap.getByTestId('secret-done').click();
      await poll(() => ap.getByTestId('webhook-state').first().textContent()).toBe(locale === 'zh-CN' ? '启用' : 'Enabled');
      const customer = (await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '陈小姐' }] })).json();
      await admin.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: new Date().toISOString(),
        subject: '询价',
        content: '询问 RY-2045',
      });
      received.length = 0;
      await drainOutbox(j.accord.database.db);
      expect(received.map((r) => r.type)).toEqual(['communication.created']);
      expect(received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      await ap.getByTestId('webhook-deliveries').click();
      await poll(() => ap.getByTestId('delivery-status').first().textContent()).toBe(tx.delivered);
      await ap.getByTestId('delivery-replay').first().click();
      await poll(() => ap.getByTestId('delivery-status').count()).toBe(2);
      await drainOutbox(j.accord.database.db);
      expect(received).toHaveLength(2);
      await poll(async () => (await ap.getByTestId('delivery-status').allTextContents()).join(',')).toBe(`${tx.delivered},${tx.delivered}`);
      await shot(ap, 'webhook-deliveries');
      // the service tokens page is there for the administrator
      await ap.goto(`${j.accord.baseUrl}/admin/service-tokens`);
      await ap.getByText(tx.serviceTokens).first().waitFor();
      expect(j.errors).toEqual([]);
    });
  }
});
