import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import postcss from 'postcss';
import { webDist } from '../../server/app.js';
import { splitAntdCss } from '../../web/vite-antd-css-split.js';
import { adminClient, expectProblem, testApp, userWithRoles } from '../support/harness.js';

/**
 * The first load of the web app: precompressed files with the right encoding, caching that
 * lets a phone keep hashed files, and a bundle where the sign-in page and the customer list
 * download only what they draw. Reads the build in dist/web (made by `npm test`'s pretest,
 * `npm run build:web`); builds nothing itself.
 */

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
const require = createRequire(import.meta.url);
const manifestPath = path.join(webDist, '.vite', 'manifest.json');
// built by `npm run build:web` (no build, nothing to check); a build without the manifest or the compressed copies fails
const built = fs.existsSync(path.join(webDist, 'index.html'));
const manifest = (): Record<string, Chunk> => JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;

/** The chunks a key pulls in before it runs (static imports, not dynamic ones). */
function closure(m: Record<string, Chunk>, keys: string[], seen = new Set<string>()): Set<string> {
  for (const k of keys) {
    if (seen.has(k)) continue;
    if (!m[k]) throw new Error(`not in the manifest: ${k}`);
    seen.add(k);
    closure(m, m[k].imports ?? [], seen);
  }
  return seen;
}
const files = (m: Record<string, Chunk>, keys: Set<string>) => [...keys].map((k) => m[k]!.file);
/** What the browser downloads for these files when it accepts brotli (a tiny file that brotli cannot shrink has no .br). */
const brotliBytes = (list: string[]) =>
  list.reduce((sum, f) => {
    const file = path.join(webDist, f);
    return sum + fs.statSync(fs.existsSync(`${file}.br`) ? `${file}.br` : file).size;
  }, 0);

/** A text each heavy library leaves in its chunk. */
const heavy = { elkjs: 'org.eclipse.elk', '@xyflow/react': 'react-flow__', echarts: '_echarts_instance_' };
const librariesIn = (list: string[]) => {
  const text = list.map((f) => fs.readFileSync(path.join(webDist, f), 'utf8')).join('\n');
  return Object.entries(heavy)
    .filter(([, marker]) => text.includes(marker))
    .map(([name]) => name);
};

/** The issue's budget for a first load (kB as Lighthouse counts: 1,000 bytes; the files' own bytes, before HTTP headers). */
const FIRST_LOAD_BUDGET = 300_000;
/**
 * What the sign-in page reached (266 kB): 291 kB before antd's style generators left the build. A ceiling below the
 * budget, so it does not creep back up to it.
 */
const SIGN_IN_CEILING = 280_000; // 276 kB once e-mail, the audit trail and the steps' views joined the shell and dictionaries
/**
 * The customer list is within the budget (296 kB; 415 kB before): antd's style generators out of the build, zod out of
 * its first load, its table in antd's markup without antd's Table (platform/LiteTable.tsx), the shell's icons in one
 * file — see bench/README.md.
 */
// 2026-12-07: 300.5 kB once KPIs, exports, tokens/webhooks, the portal, records retention and personal-data requests
// joined the shell (menu entries, the export button; their pages' words already travel with the pages, i18n/feature.ts):
// 0.5 kB over the budget — a ceiling that stops further growth while the next cut is found (issue 14)
// 2026-12-07: 302.5 kB after the second wave's merges; 297.8 kB once the mail, complaint and audit sections of the
// dictionary travel with their pages (i18n registerWords) — back within the budget, which is the ceiling again
const CUSTOMER_LIST_CEILING = FIRST_LOAD_BUDGET;
/** The order page (no byte target of its own): 581 kB before its dialogs were fetched on first open, 479 kB after, 417 kB now. */
// 421 kB with the steps' views and the mail panel; 430.5 kB once six features' calls go through their route tables
// (contracts/*.routes.ts: each table a small object of methods and paths, the mail panel's 26 among them)
const ORDER_PAGE_CEILING = 435_000;

describe.skipIf(!built)('the built web app', () => {
  const entryAsset = () => manifest()['index.html']!.file;

  it('serves a hashed asset as brotli, gzip or identity by Accept-Encoding, cached for a year', async () => {
    const { app } = await testApp('pglite');
    const url = `/${entryAsset()}`;
    const original = fs.readFileSync(path.join(webDist, entryAsset()));

    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(original.length / 2);

    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(gz.rawPayload).equals(original)).toBe(true);

    // brotli refused outright: gzip
    const noBr = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(noBr.headers['content-encoding']).toBe('gzip');

    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const plain = await app.inject({ method: 'GET', url, headers });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.rawPayload.equals(original)).toBe(true);
    }
  });

  it('serves index.html — at the root, on a client-side route, by name — compressed, revalidated, naming what the first screen needs', async () => {
    const { app } = await testApp('pglite');
    const m = manifest();
    const file = (key: string) => m[key]!.file;
    for (const url of ['/', '/customers', '/orders/3f1c2a7e-0000-4000-8000-000000000001', '/login?next=%2Fcustomers', '/index.html']) {
      const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip', 'accept-language': 'en-US,en;q=0.9' } });
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-type'], url).toMatch(/^text\/html/);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers['cache-control'], url).toBe('no-cache');
      const page = zlib.brotliDecompressSync(br.rawPayload).toString('utf8');
      expect(page, url).toContain('<div id="root">');
      // not signed in: the browser's language, the sign-in page's code and its dictionary named up front
      expect(page, url).toContain('<html lang="en-US">');
      expect(page, url).toContain('<meta name="accord-locale" content="en-US" data-source="browser" />');
      expect(page, url).toContain(`<link rel="modulepreload" crossorigin href="/${file('src/identity/LoginPage.tsx')}" />`);
      expect(page, url).toContain(`<link rel="modulepreload" crossorigin href="/${file('src/i18n/en-US.ts')}" />`);
      expect(page, url).not.toContain(file('src/i18n/zh-CN.ts'));
      expect(page, url).not.toContain(file('src/app/AppLayout.tsx'));
      expect(page, url).toMatch(/<link rel="preload" as="style" href="\/assets\/antd-[\w-]+\.css" \/>/);

      const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(gz.headers['cache-control'], url).toBe('no-cache');
      expect(zlib.gunzipSync(gz.rawPayload).toString('utf8'), url).toContain('<div id="root">');

      const plain = await app.inject({ method: 'GET', url });
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.headers['cache-control'], url).toBe('no-cache');
      expect(plain.body, url).toContain('<div id="root">');
    }
  });

  it("starts a signed-in user's page in their saved language with the shell's code named up front (drawn once, one dictionary)", async () => {
    const { app } = await testApp('pglite');
    const { api } = await adminClient(app);
    // the user's saved language is zh-CN; the browser speaks English
    const { session } = await userWithRoles(app, api, 'lena', ['staff']);
    const res = await app.inject({ method: 'GET', url: '/customers', headers: { cookie: session.cookie, 'accept-language': 'en-US' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('<meta name="accord-locale" content="zh-CN" data-source="user" />');
    const m = manifest();
    expect(res.body).toContain(`href="/${m['src/app/AppLayout.tsx']!.file}"`);
    expect(res.body).toContain(`href="/${m['src/i18n/zh-CN.ts']!.file}"`);
    expect(res.body).not.toContain(m['src/i18n/en-US.ts']!.file);
    expect(res.body).not.toContain(m['src/identity/LoginPage.tsx']!.file);
    // a customer's pages (portal, survey link) are neither: only the dictionary is named
    const portal = await app.inject({ method: 'GET', url: '/portal/sign-in', headers: { 'accept-language': 'zh-CN' } });
    expect(portal.body).toContain(`href="/${m['src/i18n/zh-CN.ts']!.file}"`);
    expect(portal.body).not.toContain(m['src/identity/LoginPage.tsx']!.file);
    expect(portal.body).not.toContain(m['src/app/AppLayout.tsx']!.file);
    // the entry's own imports stay named once (by the built index.html)
    const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    for (const f of [m['index.html']!.file]) expect(res.body.split(f).length, f).toBe(html.split(f).length);
  });

  it('answers a missing hashed file with a 404 problem, not the page, and keeps the build manifest private', async () => {
    const { app } = await testApp('pglite');
    expectProblem(await app.inject({ method: 'GET', url: '/assets/index-gone1234.js', headers: { 'accept-encoding': 'br' } }), 404, 'ROUTE_NOT_FOUND');
    const manifestRes = await app.inject({ method: 'GET', url: '/.vite/manifest.json' });
    expect(manifestRes.body).not.toContain('"isEntry"');
  });

  it('has no inline script in index.html (a CSP with script-src self passes)', () => {
    const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\bon[a-z]+=/i);
  });

  it('loads every page, and each language, in its own chunk: the first bundle holds none of them', () => {
    const m = manifest();
    const first = closure(m, ['index.html']);
    const pages = Object.values(m).filter((c) => c.src && /Page(s)?\.tsx$/.test(c.src));
    expect(pages.length).toBeGreaterThan(40);
    for (const p of pages) {
      expect(p.isDynamicEntry, p.src).toBe(true);
      expect(first.has(p.src!), `${p.src} in the first bundle`).toBe(false);
    }
    const fetchedLater = [...first].flatMap((k) => m[k]!.dynamicImports ?? []);
    expect(fetchedLater).toEqual(expect.arrayContaining(['src/i18n/zh-CN.ts', 'src/i18n/en-US.ts', 'src/identity/LoginPage.tsx', 'src/app/AppLayout.tsx']));
    expect(first.has('src/i18n/zh-CN.ts')).toBe(false);
    expect(first.has('src/i18n/en-US.ts')).toBe(false);
    // neither dictionary drags the other one in
    expect(closure(m, ['src/i18n/zh-CN.ts']).has('src/i18n/en-US.ts')).toBe(false);
    expect(closure(m, ['src/i18n/en-US.ts']).has('src/i18n/zh-CN.ts')).toBe(false);
  });

  it('keeps ECharts, elk and React Flow to the pages that draw; the sign-in page and the customer list within 300 kB', () => {
    const m = manifest();
    const login = closure(m, ['index.html', 'src/identity/LoginPage.tsx', 'src/i18n/zh-CN.ts']);
    const customers = closure(m, ['index.html', 'src/app/AppLayout.tsx', 'src/parties/CustomerListPage.tsx', 'src/i18n/zh-CN.ts']);
    const order = closure(m, ['index.html', 'src/app/AppLayout.tsx', 'src/orders/OrderDetailPage.tsx', 'src/i18n/en-US.ts']);
    expect(librariesIn(files(m, login))).toEqual([]);
    expect(librariesIn(files(m, customers))).toEqual([]);
    expect(librariesIn(files(m, order))).toEqual([]);
    // where they are: the procedure page (React Flow; elk is fetched when a chart is laid out) and the survey analysis
    const procedure = closure(m, ['src/procedures/ProcedurePage.tsx']);
    expect(librariesIn(files(m, procedure))).toContain('@xyflow/react');
    expect(librariesIn(files(m, closure(m, ['src/surveys/AnalysisPage.tsx'])))).toEqual(['echarts']);

    const loginBytes = brotliBytes(files(m, login));
    const customerBytes = brotliBytes(files(m, customers));
    expect(loginBytes, `sign-in page: ${(loginBytes / 1000).toFixed(0)} kB`).toBeLessThanOrEqual(SIGN_IN_CEILING);
    expect(customerBytes, `customer list: ${(customerBytes / 1000).toFixed(0)} kB`).toBeLessThanOrEqual(CUSTOMER_LIST_CEILING);
  });

  it("loads Ant Design's styles as static stylesheets, each component's with the code that draws it, without holding back the first paint (zeroRuntime)", () => {
    const m = manifest();
    // the base sheet is linked by the entry (main.tsx) while the dictionary downloads, not a render-blocking <link> in index.html
    const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<link\b[^>]*rel="stylesheet"/);
    const entryCode = files(m, closure(m, ['index.html']))
      .map((f) => fs.readFileSync(path.join(webDist, f), 'utf8'))
      .join('\n');
    const sheet = entryCode.match(/assets\/antd-base-[\w-]+\.css/)?.[0];
    expect(sheet, "antd's base stylesheet named by the first bundle").toBeDefined();
    const read = (f: string) => fs.readFileSync(path.join(webDist, f), 'utf8');
    const base = read(sheet!);
    // the design tokens as CSS variables the theme sets at run time, and the first bundle's own components (the loading states)
    expect(base).toContain('var(--ant-color-primary)');
    for (const selector of ['.ant-spin', '.ant-skeleton', '.anticon']) expect(base, selector).toContain(selector);
    // not the whole of antd.css (~1 MB): the table, the steps, the date picker come with the pages that draw them
    expect(base.length).toBeLessThan(400_000);
    for (const selector of ['.ant-steps', '.ant-picker-dropdown', '.ant-upload-wrapper']) expect(base, selector).not.toContain(selector);
    // a page's closure brings the styles of what it draws (its chunks' CSS, loaded by Vite before the chunk runs)
    const stylesOf = (key: string) => [sheet!, ...[...closure(m, [key])].flatMap((k) => m[k]!.css ?? [])].map(read).join('\n');
    const login = stylesOf('src/identity/LoginPage.tsx');
    for (const selector of ['.ant-btn', '.ant-form-item', '.ant-input', '.ant-segmented']) expect(login, selector).toContain(selector);
    const customers = stylesOf('src/parties/CustomerListPage.tsx') + stylesOf('src/app/AppLayout.tsx');
    for (const selector of ['.ant-table', '.ant-pagination', '.ant-select', '.ant-layout', '.ant-menu', '.ant-tag', '.ant-checkbox'])
      expect(customers, selector).toContain(selector);
    const order = stylesOf('src/orders/OrderDetailPage.tsx');
    for (const selector of ['.ant-steps', '.ant-tabs', '.ant-descriptions', '.ant-card']) expect(order, selector).toContain(selector);
    // …so the components' CSS-in-JS style rules, which never run with zeroRuntime, are not in any script of the build
    // (web/vite-antd-zero-runtime.ts): selectors such as `&-disabled` appear only in those rules
    const scripts = fs.readdirSync(path.join(webDist, 'assets')).filter((f) => f.endsWith('.js'));
    const withStyleRules = scripts.filter((f) => {
      const code = fs.readFileSync(path.join(webDist, 'assets', f), 'utf8');
      return code.includes('&-disabled') || code.includes('&:not(:disabled)');
    });
    expect(withStyleRules).toEqual([]);
    // files from 'self' (the CSP's style-src allows them), served compressed like the scripts
    expect(fs.existsSync(path.join(webDist, `${sheet}.br`))).toBe(true);
  });

  it("cuts antd's stylesheet without losing a rule: every rule in exactly one part", () => {
    const css = fs.readFileSync(path.join(path.dirname(require.resolve('antd/package.json')), 'dist', 'antd.css'), 'utf8');
    const parts = splitAntdCss(css);
    const count = (text: string) => postcss.parse(text).nodes.length;
    const total = count(parts.base) + [...parts.byFolder.values()].reduce((n, part) => n + count(part), 0);
    expect(total + parts.dropped).toBe(count(css));
    // only antd's own server-rendered token rules are left out (this app registers its tokens under `css-var-_r_…`)
    expect(parts.dropped).toBeGreaterThan(0);
    expect(parts.dropped).toBeLessThan(100);
    expect(parts.base + [...parts.byFolder.values()].join('')).not.toMatch(/\.css-var-_R_\w*_\.ant-btn\{/);
    expect(parts.byFolder.get('button')).toContain('.ant-btn');
    expect(parts.byFolder.get('grid')).toContain('.ant-col');
    expect(parts.byFolder.get('date-picker')).toContain('.ant-picker-dropdown');
    expect(parts.byFolder.get('calendar')).toContain('.ant-picker-calendar');
    expect(parts.byFolder.get('input-number')).toContain('.ant-input-number');
    expect(parts.byFolder.get('input')).not.toContain('.ant-input-number-handler');
    expect(parts.base).not.toContain('.ant-btn-primary');
  });

  it("keeps the order page's dialogs, edit drawer, outsourcing tab and action items out of its first load (fetched when first opened)", () => {
    const m = manifest();
    const order = closure(m, ['index.html', 'src/app/AppLayout.tsx', 'src/orders/OrderDetailPage.tsx', 'src/i18n/en-US.ts']);
    for (const later of [
      'src/orders/OrderDialogHost.tsx',
      'src/procedures/ActionModals.tsx',
      'src/platform/ReasonModal.tsx',
      'src/outsourcing/CuttingSheetsTab.tsx',
      'src/actions/ActionItemsPanel.tsx',
    ]) {
      expect(m[later]?.isDynamicEntry, `${later} fetched on its own`).toBe(true);
      expect(order.has(later), `${later} in the order page's first load`).toBe(false);
    }
    // the drawer's and the dialogs' own markup travels with them
    const text = files(m, order)
      .map((f) => fs.readFileSync(path.join(webDist, f), 'utf8'))
      .join('\n');
    for (const testid of ['order-edit-drawer', 'clarification-question']) expect(text, testid).not.toContain(testid);
    const orderBytes = brotliBytes(files(m, order));
    expect(orderBytes, `order page: ${(orderBytes / 1000).toFixed(0)} kB`).toBeLessThanOrEqual(ORDER_PAGE_CEILING);
  });
});
