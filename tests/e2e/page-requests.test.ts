import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { webDist } from '../../server/app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, browserUnavailable, startAccord, type Running } from './browser.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (page requests): ${skip}\n`);

/**
 * What a page costs the server when it is opened again: procedure definitions change only with a release, so a
 * reload asks for the list once (answered 304) and takes every definition from the browser's cache.
 */
describe.skipIf(!!skip)('requests a page makes', () => {
  let accord: Running;
  let page: Page;
  const seen: { url: string; status: number }[] = [];

  beforeAll(async () => {
    accord = await startAccord();
    accord.app.server.on('request', (req: IncomingMessage, res) => res.on('finish', () => seen.push({ url: req.url ?? '', status: res.statusCode })));
    const context = await accord.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await accord?.close();
  });

  const definitionsFetched = () => seen.filter((r) => /^\/api\/procedures\/[^/?]+(\?|$)/.test(r.url));
  const lists = () => seen.filter((r) => r.url === '/api/procedures');

  it('fetches each procedure definition once: a reload revalidates the list (304) and asks for no definition', async () => {
    await page.goto(`${accord.baseUrl}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    const procedures = ((await (await page.request.get(`${accord.baseUrl}/api/procedures`)).json()) as { items: unknown[] }).items.length;
    // the workbench names every procedure's steps: it loads every definition (the browser's resource timing sees cache hits too)
    const loaded = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\/api\/procedures\/[a-z-]+\?version=\d+&digest=/.test(e.name))
          .map((e) => (e as PerformanceResourceTiming).transferSize),
      );
    await page.goto(`${accord.baseUrl}/`);
    await expect.poll(async () => (await loaded()).length, { timeout: 30_000 }).toBe(procedures);
    const first = definitionsFetched();
    expect(first.length).toBe(procedures);
    expect(first.every((r) => r.url.includes('digest='))).toBe(true);

    seen.length = 0;
    await page.reload();
    await expect.poll(async () => (await loaded()).length, { timeout: 30_000 }).toBe(procedures);
    expect(await loaded()).toEqual(Array(procedures).fill(0)); // nothing transferred: the browser's cache answered
    await page.waitForLoadState('networkidle');
    expect(seen.some((r) => r.url.startsWith('/api/'))).toBe(true); // the page did talk to the server
    expect(definitionsFetched()).toEqual([]);
    expect(lists()).toEqual([{ url: '/api/procedures', status: 304 }]);
    // what is due across every procedure is one request, not a count per procedure and a list per step
    expect(seen.filter((r) => /\/counts|\/records/.test(r.url))).toEqual([]);
    // the workbench's reload: 24 API requests before (definitions, counts per procedure); 9 now
    expect(seen.filter((r) => r.url.startsWith('/api/')).length).toBeLessThanOrEqual(9);
  });

  // web-assets.test.ts counts what the pages import; this counts what the browser fetched, so a lazy part drawn on
  // the first screen (a chunk the page asks for at once) is counted too
  it("downloads no more code for an administrator's customer list than the list, the shell and the dictionary import", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
    const closure = (keys: string[], seenKeys = new Set<string>()): Set<string> => {
      for (const k of keys) {
        if (seenKeys.has(k) || !manifest[k]) continue;
        seenKeys.add(k);
        closure(manifest[k].imports ?? [], seenKeys);
      }
      return seenKeys;
    };
    const expected = new Set(
      [...closure(['index.html', 'src/app/AppLayout.tsx', 'src/parties/CustomerListPage.tsx', 'src/i18n/zh-CN.ts'])].map((k) => `/${manifest[k]!.file}`),
    );
    const context = await accord.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    const fresh = await context.newPage();
    await fresh.goto(`${accord.baseUrl}/login`);
    await fresh.getByTestId('login-username').fill('admin');
    await fresh.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await fresh.getByTestId('login-submit').click();
    await fresh.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    const signedIn = await context.storageState();
    await fresh.waitForLoadState('networkidle');
    await context.close();
    // a new tab on the list, with an empty cache: what a first visit downloads
    const listContext = await accord.browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
      storageState: signedIn,
    });
    const list = await listContext.newPage();
    seen.length = 0;
    await list.goto(`${accord.baseUrl}/customers`);
    await list.getByTestId('customer-new').waitFor();
    await list.getByTestId('segments-refresh').waitFor();
    await list.waitForLoadState('networkidle');
    const scripts = [...new Set(seen.map((r) => r.url).filter((u) => /^\/assets\/.*\.js$/.test(u)))];
    expect(scripts.length).toBeGreaterThan(5);
    expect(scripts.filter((u) => !expected.has(u))).toEqual([]);
    // as sent: the brotli copy, or the file itself when too small to have one
    const sent = (u: string) =>
      (fs.existsSync(path.join(webDist, `${u}.br`)) ? fs.statSync(path.join(webDist, `${u}.br`)) : fs.statSync(path.join(webDist, u))).size;
    const bytes = scripts.reduce((sum, u) => sum + sent(u), 0);
    expect(bytes, `${(bytes / 1000).toFixed(0)} kB`).toBeLessThanOrEqual(300_000);
    await listContext.close();
  });
});
