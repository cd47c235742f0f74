import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { rows } from '../../server/platform/db/client.js';
import { browserUnavailable, screenshotDir, startAccord } from './browser.js';
import * as J from '../support/journey.js';
import { poll, type Journey, type Locale } from '../support/journey.js';
import { buildKpiDataset } from '../support/kpi-dataset.js';

const skip = browserUnavailable();
if (skip) console.warn(`\n[e2e] SKIPPED browser journeys (KPI journey): ${skip}\n`);

const texts = {
  'zh-CN': {
    title: '绩效指标看板',
    red: '未达标',
    premium: '超额运费',
    missed: '未达目标',
    live: '当前值',
    pack: '审核资料包',
    landscapeProc: '客户投诉/退货处理（8D）',
  },
  'en-US': {
    title: 'KPI dashboard',
    red: 'Missed',
    premium: 'Premium freight',
    missed: 'Target missed',
    live: 'Now (last 12 months)',
    pack: 'Audit pack',
    landscapeProc: 'Customer complaint and return (8D)',
  },
} as const;

/** Two customers and the hand-built September–October 2025 dataset; the general manager looks at it. */
async function kpiWorld(locale: Locale) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const j = J.journey(await startAccord(), locale);
  const admin = await J.adminApi(j);
  await J.makeUser(j, 'gm', ['gm'], 'gm-office', locale === 'zh-CN' ? '王总' : 'GM Wang');
  const a = (
    await admin.post('/api/customers', { code: 'A-01', nameZh: '甲客户电子有限公司', nameEn: 'Alpha Electronics', grade: 'A', contacts: [{ name: '王经理' }] })
  ).json() as { id: string };
  const b = (
    await admin.post('/api/customers', { code: 'B-01', nameZh: '乙客户五金厂', nameEn: 'Beta Hardware', grade: 'B', contacts: [{ name: 'Ms. Li' }] })
  ).json() as { id: string };
  const db = j.accord.database.db;
  const [adminRow] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
  const contacts = await rows<{ id: string; partyId: string }>(db, sql`select id, party_id as "partyId" from contacts`);
  const contactOf = (p: string) => contacts.find((c) => c.partyId === p)!.id;
  await buildKpiDataset(db, adminRow!.id, a.id, b.id, contactOf(a.id), contactOf(b.id));
  await admin.post('/api/kpi-events', { type: 'customer-rating', partyId: a.id, occurredOn: '2025-09-30', score: 88, note: 'Q3 supplier scorecard' });
  return { j, a, b };
}

/**
 * The KPI dashboard in the browser [IATF 9.1.2.1, ISO 9.1.3, 9.3]: the general manager opens the dashboard for
 * September–October 2025, sees the acknowledgement rate at 50 % in red, clicks it and reads the late complaints,
 * looks at a trend, filters by customer, records a premium freight event, changes a target with a reason, opens the
 * customer's scorecard with their rating of us, the complaint procedure's turtle with its live indicators, and the
 * monthly report / management-review input.
 */
describe.skipIf(!!skip).each(['zh-CN'] as Locale[])('KPI journey in %s', (locale) => {
  let j: Journey;
  let page: Page;
  let context: BrowserContext;
  let world: Awaited<ReturnType<typeof kpiWorld>>;
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `kpi-${locale}-${name}.png`), fullPage: true });
  const tx = texts[locale];
  async function pickCustomer(testId: string, code: string) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(code);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: code }).first().click();
  }

  beforeAll(async () => {
    world = await kpiWorld(locale);
    j = world.j;
    ({ ctx: context, page } = await J.browserAs(j, 'gm'));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot('failed').catch(() => {});
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await J.closeJourney(j);
  });

  it('reads the dashboard, drills down, filters, records an event, sets a target, and opens scorecard, turtle and report', async () => {
    const base = j.accord.baseUrl;
    await page.goto(`${base}/`);
    await page.getByTestId('nav-kpis').click();
    await page.getByTestId('kpis-table').waitFor();
    expect(await page.locator('h1, h2, h3, h4').filter({ hasText: tx.title }).count()).toBeGreaterThan(0);
    await page.getByTestId('kpis-from').fill('2025-09');
    await page.getByTestId('kpis-to').fill('2025-10');
    await poll(() => page.getByTestId('kpis-value-complaint-acknowledged-24h').textContent()).toBe('50 %');
    expect(await page.getByTestId('kpis-status-complaint-acknowledged-24h').getAttribute('data-status')).toBe('red');
    expect(await page.getByTestId('kpis-status-complaint-acknowledged-24h').textContent()).toContain(tx.red);
    expect(await page.getByTestId('kpis-value-customer-ppm').textContent()).toBe('7,000 PPM');
    expect(await page.getByTestId('kpis-cell-delivery-on-time-last-2025-09').textContent()).toBe('100%');
    await shot('dashboard');

    // an auditor clicks 50 % and sees the late ones: C2 (30.5 working hours) and C4 (never acknowledged)
    await page.getByTestId('kpis-value-complaint-acknowledged-24h').click();
    await page.getByTestId('kpis-records').waitFor();
    await poll(() => page.getByTestId('kpis-records').locator('tbody tr.ant-table-row').count()).toBe(4);
    await page.getByTestId('kpis-failing-only').click();
    await poll(() => page.getByTestId('kpis-records').locator('tbody tr.ant-table-row').count()).toBe(2);
    const late = await page.getByTestId('kpis-records').locator('tbody tr.ant-table-row').allTextContents();
    expect(late.join(' ')).toContain('CC-2025-2');
    expect(late.join(' ')).toContain('30.5 h (working)');
    expect(late.join(' ')).toContain('CC-2025-4');
    expect(await page.getByTestId('kpis-records').getByRole('link', { name: 'CC-2025-2' }).getAttribute('href')).toMatch(/^\/complaints\/[0-9a-f-]{36}$/);
    await shot('drill-down');
    await page.keyboard.press('Escape');

    // the trend of one KPI, with its target line
    await page.getByTestId('kpis-select-delivery-on-time-last').click();
    await page.getByTestId('kpis-trend-chart').locator('svg').waitFor();
    await shot('trend');

    // one customer
    await pickCustomer('kpis-customer', 'A-01');
    await poll(() => page.getByTestId('kpis-value-complaint-acknowledged-24h').textContent()).toBe('50 %');
    await poll(() => page.getByTestId('kpis-value-premium-freight').textContent()).toBe('0');
    await shot('customer-filter');
    // the audit pack straight from the dashboard: for its customer and period
    await page.getByTestId('audit-pack-open').click();
    await page.getByTestId('audit-pack-from').waitFor();
    expect(await page.getByTestId('audit-pack-from').inputValue()).toBe('2025-09');
    expect(await page.getByTestId('audit-pack-download').getAttribute('href')).toBe(`/api/customers/${world.a.id}/audit-pack?from=2025-09&to=2025-10`);
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-pack-from').waitFor({ state: 'hidden' });

    // a premium freight event recorded through the form
    await page.getByTestId('kpis-tab-events').click();
    await page.getByTestId('kpis-event-add').click();
    await page.getByTestId('kpis-event-type').waitFor();
    await pickCustomer('kpis-event-customer', 'A-01');
    await page.getByTestId('kpis-event-date').fill('2025-10-20');
    await page.getByTestId('kpis-event-cost').fill('950');
    await page.getByTestId('kpis-event-cause').fill('模具故障，空运补货 — mould failure, parts flown in');
    await page.getByTestId('kpis-event-save').click();
    await poll(() => page.getByTestId('kpis-events').locator('tbody tr.ant-table-row').count()).toBe(2);
    expect(await page.getByTestId('kpis-events').textContent()).toContain(tx.premium);
    await shot('events');
    await page.getByTestId('kpis-tab-dashboard').click();
    await poll(() => page.getByTestId('kpis-value-premium-freight').textContent()).toBe('1');

    // a target changed with its reason; the history keeps the file's value
    await page.getByTestId('kpis-tab-definitions').click();
    await page.getByTestId('kpis-set-target-customer-ppm').click();
    await page.getByTestId('kpis-target-input').fill('10000');
    await page.getByTestId('kpis-warning-input').fill('40000');
    await page.getByTestId('kpis-target-reason').fill('客户 2026 年目标 / customer target 2026');
    await page.getByTestId('kpis-target-save').click();
    await poll(() => page.getByTestId('kpis-definitions').textContent()).toContain('10,000 PPM');
    await shot('definitions');

    // the customer's scorecard with their rating of us
    await page.goto(`${base}/customers/${world.a.id}`);
    await page.getByTestId('customer-scorecard-tab').click();
    await page.getByTestId('scorecard-from').fill('2025-09');
    await page.getByTestId('scorecard-to').fill('2025-10');
    await poll(() => page.getByTestId('scorecard-ratings').textContent()).toContain('88');
    await poll(() => page.getByTestId('scorecard-value-complaint-acknowledged-24h').textContent()).toBe('50 %');
    await shot('scorecard');

    // the audit pack of the customer for the period: one zip, its index in the user's language, checksums that hold
    await page.getByTestId('audit-pack-open').click();
    await page.getByTestId('audit-pack-from').waitFor();
    expect(await page.getByTestId('audit-pack-from').inputValue()).toBe('2025-09');
    await shot('audit-pack-dialog');
    const packDownload = page.waitForEvent('download');
    await page.getByTestId('audit-pack-download').click();
    const pack = await packDownload;
    expect(pack.suggestedFilename()).toBe('audit-pack-A-01-2025-09_2025-10.zip');
    const entries = unzipSync(new Uint8Array(fs.readFileSync(await pack.path())));
    const root = 'audit-pack-A-01-2025-09_2025-10/';
    const index = strFromU8(entries[`${root}index.html`]!);
    expect(index).toContain(tx.pack);
    for (const n of ['SO-2025-0001', 'CC-2025-1', 'CC-2025-2', 'SV-2025-1']) expect(index).toContain(n);
    const manifest = JSON.parse(strFromU8(entries[`${root}manifest.json`]!)) as { files: { name: string; sha256: string }[] };
    expect(manifest.files.length).toBeGreaterThan(8);
    for (const f of manifest.files)
      expect(
        createHash('sha256')
          .update(entries[root + f.name]!)
          .digest('hex'),
      ).toBe(f.sha256);

    // the turtle's indicator box is live
    await page.goto(`${base}/procedures/complaint`);
    await page.getByTestId('turtle-tab').click();
    await page.getByTestId('turtle-live-indicators').waitFor();
    expect(await page.getByTestId('turtle-live-indicators').textContent()).toContain(tx.live);
    expect(await page.getByTestId('turtle-kpi-complaint-handled-on-time').count()).toBe(1);
    await shot('turtle');

    // the process landscape: company → department → procedure, each box opening its turtle and flowchart
    await page.getByTestId('nav-landscape').click();
    await page.getByTestId('process-landscape').waitFor();
    expect(await page.getByTestId('landscape-company').count()).toBe(1);
    expect(await page.locator('[data-testid^="landscape-dept-"]').count()).toBeGreaterThan(2);
    expect(await page.getByTestId('process-landscape').textContent()).toContain(tx.landscapeProc);
    await shot('landscape');
    await page.getByTestId('landscape-turtle-complaint').click();
    await page.getByTestId('turtle-live-indicators').waitFor();
    expect(page.url()).toContain('/procedures/complaint?tab=turtle');
    await page.goBack();
    await page.getByTestId('landscape-flowchart-order').click();
    await page.waitForURL(/\/procedures\/order$/);

    // the monthly report and management-review input
    await page.goto(`${base}/kpis/report?from=2025-09&to=2025-10`);
    await page.getByTestId('kpi-report').waitFor();
    await poll(() => page.getByTestId('kpi-report-row-complaint-acknowledged-24h').textContent()).toContain(tx.missed);
    expect(await page.getByTestId('kpi-report-group-delivery').count()).toBe(1);
    await shot('report');
    const download = page.waitForEvent('download');
    await page.getByTestId('kpi-report-xlsx').click();
    expect((await download).suggestedFilename()).toBe('kpi-report-2025-09-2025-10.xlsx');
    expect(j.errors).toEqual([]);
  });
});

describe.skipIf(!!skip)('KPI journey in en-US (smoke)', () => {
  let world: Awaited<ReturnType<typeof kpiWorld>>;
  let page: Page;
  beforeAll(async () => {
    world = await kpiWorld('en-US');
    ({ page } = await J.browserAs(world.j, 'gm'));
  });
  afterAll(async () => {
    await J.closeJourney(world?.j);
  });
  it('shows the dashboard and the report in English', async () => {
    const tx = texts['en-US'];
    await page.goto(`${world.j.accord.baseUrl}/kpis?from=2025-09&to=2025-10`);
    await page.getByTestId('kpis-table').waitFor();
    await poll(() => page.getByTestId('kpis-value-complaint-acknowledged-24h').textContent()).toBe('50 %');
    expect(await page.getByTestId('kpis-status-complaint-acknowledged-24h').textContent()).toContain(tx.red);
    expect(await page.getByTestId('kpis-table').textContent()).toContain('Complaints acknowledged within 24 hours');
    await page.screenshot({ path: path.join(screenshotDir, 'kpi-en-US-dashboard.png'), fullPage: true });
    await page.goto(`${world.j.accord.baseUrl}/kpis/report?from=2025-09&to=2025-10`);
    await poll(() => page.getByTestId('kpi-report-row-complaint-acknowledged-24h').textContent()).toContain(tx.missed);
    expect(world.j.errors).toEqual([]);
  });
});
