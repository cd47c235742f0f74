import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { type Journey, type Locale } from '../support/journey.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (import/export journey): ${skip}\n`);

/**
 * Excel in and out in the browser: a newcomer downloads the example workbook, imports its customers and a year of
 * communications through the wizard (upload, mapping recognised, dry run, import with progress) and sees them in
 * the lists and on a customer's timeline; a file with mistakes is stopped at the dry run with each error and an
 * error workbook; the customer list exports what it shows. The English screens as a short smoke.
 */
async function downloadOf(p: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([p.waitForEvent('download', { timeout: 30_000 }), click()]);
  const file = path.join(os.tmpdir(), `accord-dl-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename() };
}

async function sheetRows(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** the PO and step name of the first order on the example workbook's open-orders sheet that stands at `step` */
async function firstOrderAt(file: string, step: string): Promise<[string, string]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets.find((w) => w.name.includes('Open orders'))!;
  const header = ws.getRow(1).values as unknown[];
  const col = (name: string) => header.findIndex((h) => typeof h === 'string' && h.startsWith(name));
  for (let r = 2; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    if (values[col('当前步骤')] === step) return [String(values[col('客户订单号')]), step];
  }
  throw new Error(`no order at ${step}`);
}

describe.skipIf(!!skip).each(['zh-CN', 'en-US'] as Locale[])('import/export journey in %s', (locale) => {
  let j: Journey;
  let page: Page;
  let example = '';
  const zh = locale === 'zh-CN';
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `import-${locale}-${name}.png`), fullPage: true });

  /** choose a kind, upload a file, wait for the mapping; then dry run and (when clean) import */
  async function importFile(kind: string, file: string, opts: { run?: boolean } = {}) {
    await page.goto(`${j.accord.baseUrl}/import`);
    await page.getByTestId(`import-kind-${kind}`).click();
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-mapping').waitFor();
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-dry-run').waitFor();
    if (opts.run === false) return;
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    j = J.journey(await startAccord(), locale);
    await J.makeUser(j, 'clerk', ['manager'], 'sales', zh ? '李娜' : 'Li Na');
    page = (await J.browserAs(j, 'clerk')).page;
    const res = await j.users.clerk!.api.get('/api/imports/example');
    example = path.join(os.tmpdir(), `accord-example-${locale}.xlsx`);
    fs.writeFileSync(example, res.rawPayload);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    if (example) fs.rmSync(example, { force: true });
    await J.closeJourney(j);
  });

  it.skipIf(!zh)(
    'imports the example workbook from the menu: customers, a year of communications, the open orders at their steps — and the system lives',
    async () => {
      await page.goto(`${j.accord.baseUrl}/`);
      await page.getByTestId('nav-import').click();
      await page.waitForURL(/\/import/);
      // the example workbook and the template are offered
      await page.getByTestId('import-example').waitFor();
      const template = await downloadOf(page, () => page.getByTestId('import-template').click());
      expect((await sheetRows(template.file))[0]![0]).toBe('客户编号 Customer code');

      await importFile('customers', example);
      const done = await page.getByTestId('import-done').textContent();
      expect(done).toMatch(/新建 \d+ 条/);
      await shot('customers-done');

      await importFile('communications', example);
      await J.poll(() => page.getByTestId('import-done').textContent()).toContain('新建 400 条');

      // the imported customers are in the list, their communications on the timeline
      await page.getByTestId('import-open-list').click();
      await page.waitForURL(/\/communications/);
      await J.poll(() => page.getByTestId('comm-table').locator('tbody tr').count()).toBeGreaterThan(5);
      await page.goto(`${j.accord.baseUrl}/customers`);
      await J.poll(() => page.getByTestId('customer-table').locator('tbody tr').count()).toBeGreaterThan(5);
      await page.getByTestId('customer-table').locator('tbody tr').first().click();
      await page.getByTestId('customer-timeline').waitFor();
      await J.poll(() => page.getByTestId('timeline-item').count()).toBeGreaterThan(0);
      await shot('timeline');

      // the open orders: each continues at the step the sheet gives, shown on its order page
      await importFile('orders', example);
      await J.poll(() => page.getByTestId('import-done').textContent()).toContain('新建 24 条');
      const [po, stepName] = await firstOrderAt(example, '生产中');
      await page.goto(`${j.accord.baseUrl}/orders?q=${encodeURIComponent(po)}`);
      await J.poll(() => page.getByTestId('order-link').count()).toBe(1);
      await page.getByTestId('order-link').first().click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}/);
      await J.poll(() => page.getByTestId('order-status').first().getAttribute('data-status')).toBe('production');
      expect(await page.getByTestId('order-status').first().textContent()).toContain(stepName);
      await page.getByTestId('order-po-text').waitFor();
      expect(await page.getByTestId('order-po-text').textContent()).toContain(po);
      await shot('order-at-step');
      expect(j.errors).toEqual([]);
    },
  );

  it.skipIf(!zh)('stops a file with mistakes at the dry run: each error with row, column and reason, and the error workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户编号', '客户名称', '邮箱']);
    ws.addRow(['ERR-1', '错误示例一', 'not-an-email']);
    ws.addRow(['ERR-1', '重复编号', null]);
    ws.addRow(['ERR-2', null, null]);
    const bad = path.join(os.tmpdir(), `accord-bad-${locale}.xlsx`);
    await wb.xlsx.writeFile(bad);
    await importFile('customers', bad, { run: false });
    await J.poll(() => page.getByTestId('import-summary').textContent()).toContain('错误 3 个');
    const errors = page.getByTestId('import-errors');
    await J.poll(() => errors.locator('tbody tr').count()).toBe(3);
    expect(await errors.textContent()).toContain('邮箱格式不正确');
    expect(await errors.textContent()).toContain('与第 2 行的 ERR-1 重复');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    const errWb = await downloadOf(page, () => page.getByTestId('import-error-workbook').click());
    const rows = await sheetRows(errWb.file);
    expect(rows[0]).toEqual(['客户编号', '客户名称', '邮箱', '错误说明']);
    expect(String(rows[3]![3])).toContain('必填');
    fs.rmSync(bad, { force: true });
  });

  it.skipIf(!zh)('exports the customer list as shown: filters applied, headers in Chinese, personal data for a manager', async () => {
    await page.goto(`${j.accord.baseUrl}/customers?grade=A`);
    await page.getByTestId('customer-table').waitFor();
    await page.getByTestId('export-customers').click();
    const x = await downloadOf(page, () => page.getByTestId('export-xlsx').click());
    expect(x.name).toMatch(/^客户-.*\.xlsx$/);
    const rows = await sheetRows(x.file);
    expect(rows[0]!.slice(0, 4)).toEqual(['客户编号', '客户名称', '英文名称', '等级']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r[3] === 'A')).toBe(true);
  });

  it.skipIf(zh)('smoke: the English wizard imports the models and the product list exports CSV with English headers', async () => {
    await importFile('products', example);
    await J.poll(() => page.getByTestId('import-done').textContent()).toContain('60 created');
    await page.goto(`${j.accord.baseUrl}/products`);
    await page.getByTestId('export-products').click();
    const csv = await downloadOf(page, () => page.getByTestId('export-csv').click());
    const text = fs.readFileSync(csv.file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split(/\r?\n/)[0]).toBe('Model,Specification,Name (Chinese),Name (English),In BOM,Notes,Voided');
    expect(text.split(/\r?\n/).filter(Boolean)).toHaveLength(61);
    expect(j.errors).toEqual([]);
  });
});
