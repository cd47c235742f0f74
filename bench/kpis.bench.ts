/**
 * P4: the full KPI pack (every KPI of kpis/, twelve months, no filter) computed by the service in this process, beside
 * the raw SQL of the same aggregates: the statements the pack sends, run one after the other on the same database
 * with nothing else (no working-calendar arithmetic, no month buckets in the app, no HTTP). Also per calculation, to find the
 * slow one. Standalone: `npx tsx bench/kpis.bench.ts --data-dir DIR | --database-url URL [--from 2025-11 --to 2026-10]`.
 */
import { registerFeatures } from '../server/app.js';
import { registerCalendarFeature, siteCalendar } from '../server/calendar/index.js';
import type { Database } from '../server/platform/db/client.js';
import type { AuthContext } from '../server/platform/http/access.js';
import { permissionKeys } from '../contracts/identity.js';
import { kpiDefinitions, kpiValues } from '../server/kpis/index.js';
import * as repo from '../server/kpis/kpis.repository.js';
import { kpiEventTypes } from '../contracts/kpis.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

const auth: AuthContext = {
  userId: '00000000-0000-4000-8000-000000000000',
  username: 'bench',
  displayName: 'bench',
  locale: 'zh-CN',
  roles: ['gm'],
  departmentIds: [],
  departmentCodes: [],
  permissions: new Set(permissionKeys),
  visible: new Set(['price', 'personal']),
  csrfToken: '',
  sessionHash: '',
  mustChangePassword: false,
};

export interface KpiBench {
  serviceMs: { p50: number; p95: number };
  /** the same pack asked again with no write in between (remembered until the data version moves) */
  warmMs: { p50: number; p95: number };
  rawSqlMs: { p50: number; p95: number };
  perCalculationMs: Record<string, number>;
  /** each KPI of the pack computed alone, cold (its statements + the app's arithmetic): which one costs what */
  perKpiMs: Record<string, number>;
  kpis: number;
}

export async function measureKpis(database: Database, period = { from: '2025-11', to: '2026-10' }, runs = 12): Promise<KpiBench> {
  registerFeatures();
  registerCalendarFeature('Asia/Shanghai');
  const db = database.db;
  const service: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    await kpiValues(db, auth, period, undefined, { fresh: true });
    if (i >= 2) service.push(performance.now() - t);
  }
  // the same question again with no write in between: the remembered pack (one statement for the data version)
  const warm: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    await kpiValues(db, auth, period);
    if (i >= 2) warm.push(performance.now() - t);
  }
  // the raw statements of the same aggregates
  const cal = await siteCalendar(db);
  const next = `${Number(period.to.slice(0, 4)) + (period.to.slice(5) === '12' ? 1 : 0)}-${String((Number(period.to.slice(5)) % 12) + 1).padStart(2, '0')}`;
  const scope: repo.Scope = {
    fromAt: cal.toInstant(`${period.from}-01`, 0),
    toAt: cal.toInstant(`${next}-01`, 0),
    fromDate: `${period.from}-01`,
    toDate: `${period.to}-31`,
    partyIds: null,
  };
  const now = new Date();
  // the month sums straight from the base tables (the order-side ones without the rollup), and the rows for the KPIs
  // the app computes from rows (working hours, survey scores)
  const tz = cal.timeZone;
  const today = cal.localDate(now);
  const statements: [string, () => Promise<unknown>][] = [
    ['complaint-timeliness (month sums)', () => repo.complaintTimelinessMonths(db, scope, now, tz)],
    [
      'complaint-acknowledged-within (month sums within 24 clock hours + the rows beyond)',
      () => Promise.all([repo.complaintsAcknowledgedWithinMonths(db, scope, 24, tz), repo.complaintAcknowledgementsBeyond(db, scope, 24, now)]),
    ],
    ['step-within enquiry (rows)', () => repo.stepStays(db, scope, 'enquiry', 'received')],
    [
      'step-clocks-late 8D (month sums)',
      () => repo.stepClockMonths(db, scope, 'complaint', ['d3-containment', 'd4-root-cause', 'customer-confirmation'], now, tz),
    ],
    ['actions-on-time follow-ups (month sums)', () => repo.actionsDueMonths(db, scope, { sourceType: 'quotation', purpose: 'quotation.follow-up' }, today, tz)],
    ['actions-on-time all (month sums)', () => repo.actionsDueMonths(db, scope, {}, today, tz)],
    ['actions-verified-effective (month sums)', () => repo.actionsVerifiedMonths(db, scope, tz)],
    ['contract-review-lead-time (pairs of days)', () => repo.contractReviewDays(db, scope, tz)],
    ['shipment months (delivery first + last, PPM delivered: one statement)', () => repo.shipmentMonths(db, scope, tz)],
    ['reconfirmation-before-shipment (month sums)', () => repo.reconfirmedByMonth(db, scope, tz)],
    ['repeat-complaints (month sums)', () => repo.repeatComplaintMonths(db, scope, 12, tz)],
    ['customer-ppm complaints (month sums)', () => repo.defectiveMonths(db, scope, tz)],
    ['events (all types, shared)', () => repo.eventsInScope(db, scope, kpiEventTypes)],
    ['survey responses (shared by 3)', () => repo.surveyResponses(db, scope)],
    ['survey-response-rate', () => repo.surveyRecipients(db, scope)],
  ];
  // each KPI alone, cold: the statement(s) and the arithmetic in the app (calendar, month buckets)
  const perKpi: Record<string, number[]> = {};
  for (let i = 0; i < Math.min(runs, 5) + 1; i++) {
    for (const def of kpiDefinitions()) {
      const t = performance.now();
      await kpiValues(db, auth, period, def.id, { fresh: true });
      if (i >= 1) (perKpi[def.id] ??= []).push(performance.now() - t);
    }
  }
  const raw: number[] = [];
  const per: Record<string, number[]> = {};
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    for (const [name, run] of statements) {
      const s = performance.now();
      await run();
      if (i >= 2) (per[name] ??= []).push(performance.now() - s);
    }
    if (i >= 2) raw.push(performance.now() - t);
  }
  return {
    serviceMs: { p50: median(service), p95: p95(service) },
    warmMs: { p50: median(warm), p95: p95(warm) },
    rawSqlMs: { p50: median(raw), p95: p95(raw) },
    perCalculationMs: Object.fromEntries(Object.entries(per).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])),
    perKpiMs: Object.fromEntries(Object.entries(perKpi).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])),
    kpis: kpiDefinitions().length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('./lib/args.js');
  const { openTarget } = await import('./lib/db.js');
  const args = parseArgs();
  const dataDir = args.get('data-dir');
  const url = args.get('database-url');
  const database = await openTarget(dataDir ? { engine: 'pglite', dataDir } : { engine: 'postgres', url: url! }, 4);
  const r = await measureKpis(database, { from: args.get('from') ?? '2025-11', to: args.get('to') ?? '2026-10' }, Number(args.get('runs') ?? 12));
  console.log(JSON.stringify(r, null, 2));
  await database.close();
}
