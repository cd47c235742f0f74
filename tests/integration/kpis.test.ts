import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { buildKpiDataset } from '../support/kpi-dataset.js';

/** Every shipped KPI on the hand-built dataset of tests/support/kpi-dataset.ts (September–October 2025, around 国庆). */
describe.each(engines())('KPIs on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const db = t.database.db;
    const [adminRow] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
    const a = (await admin.post('/api/customers', { code: 'A-01', nameZh: '甲客户', grade: 'A', contacts: [{ name: '王经理' }] })).json();
    const b = (await admin.post('/api/customers', { code: 'B-01', nameZh: '乙客户', grade: 'B', contacts: [{ name: 'Ms. Li' }] })).json();
    const contacts = await rows<{ id: string; partyId: string }>(db, sql`select id, party_id as "partyId" from contacts`);
    const contactOf = (p: string) => contacts.find((c) => c.partyId === p)!.id;
    const data = await buildKpiDataset(db, adminRow!.id, a.id, b.id, contactOf(a.id), contactOf(b.id));
    // events through the API
    const event = async (body: Record<string, unknown>) => {
      const r = await admin.post('/api/kpi-events', body);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    await event({ type: 'premium-freight', partyId: a.id, occurredOn: '2025-10-03', cost: 1200, cause: '物料延误，空运' });
    await event({ type: 'premium-freight', partyId: b.id, occurredOn: '2025-09-05', cost: 800, cause: 'capacity' });
    await event({ type: 'disruption', partyId: b.id, occurredOn: '2025-10-10', cause: 'line stop' });
    await event({ type: 'field-return', partyId: a.id, occurredOn: '2025-09-20' });
    await event({ type: 'special-status', partyId: a.id, occurredOn: '2025-10-15', cause: 'CS1' });
    await event({ type: 'customer-rating', partyId: a.id, occurredOn: '2025-09-30', score: 88, note: 'Q3 supplier scorecard' });
    const qa = await userWithRoles(t.app, admin, 'qa-kpi', ['staff', 'qa-engineer'], 'quality');
    return { ...t, admin, qa, a, b, data };
  }
  type V = {
    id: string;
    months: { month: string; value: number | null; numerator: number; denominator: number; status: string }[];
    total: { value: number | null; status: string };
    hidden: boolean;
  };
  const values = async (api: Client, query = '') => {
    const r = await api.get(`/api/kpis?from=2025-09&to=2025-10${query}`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as V[];
    return (id: string) => {
      const v = items.find((i) => i.id === id);
      if (!v) throw new Error(`no KPI ${id}`);
      return { sep: v.months[0]!.value, oct: v.months[1]!.value, total: v.total.value, v };
    };
  };

  it('computes every shipped KPI with the known answers, by month and in total', async () => {
    const { admin } = await setup();
    const k = await values(admin);
    expect(k('complaint-acknowledged-24h')).toMatchObject({ sep: 66.67, oct: 0, total: 50 }); // C1 on time across 国庆, C2 late, C3 on time; C4 open past
    expect(k('complaint-handled-on-time')).toMatchObject({ sep: 33.33, oct: 0, total: 25 }); // C1's D3 late, C2's acknowledgement late, C4 running late
    expect(k('eightd-steps-late')).toMatchObject({ sep: 0, oct: 100, total: 50 });
    expect(k('repeat-complaints')).toMatchObject({ sep: 33.33, oct: 0, total: 25 });
    expect(k('customer-ppm')).toMatchObject({ sep: 35000, oct: 0, total: 7000 }); // 35 defective / 1000 delivered; 35 / 5000 in all
    expect(k('enquiry-answered-24h')).toMatchObject({ sep: 50, oct: null, total: 50 });
    expect(k('contract-review-lead-time')).toMatchObject({ sep: 2, oct: 3, total: 2.5 });
    expect(k('delivery-on-time-first')).toMatchObject({ sep: 0, oct: 0, total: 0 });
    expect(k('delivery-on-time-last')).toMatchObject({ sep: 100, oct: 0, total: 50 });
    expect(k('reconfirmation-before-shipment')).toMatchObject({ sep: 100, oct: 0, total: 50 });
    expect(k('quotation-follow-up')).toMatchObject({ sep: 50, oct: 0, total: 33.33 });
    expect(k('actions-on-time')).toMatchObject({ sep: 66.67, oct: 0, total: 50 });
    expect(k('actions-effective')).toMatchObject({ sep: 0, oct: 100, total: 50 });
    expect(k('survey-response-rate')).toMatchObject({ sep: 50, oct: null, total: 50 });
    expect(k('survey-csat')).toMatchObject({ sep: 50, total: 50 });
    expect(k('survey-nps')).toMatchObject({ sep: 100, total: 100 });
    expect(k('survey-index')).toMatchObject({ sep: 80, total: 80 });
    expect(k('premium-freight')).toMatchObject({ sep: 1, oct: 1, total: 2 });
    expect(k('premium-freight-cost')).toMatchObject({ sep: 800, oct: 1200, total: 2000 });
    expect(k('customer-disruptions')).toMatchObject({ sep: 1, oct: 1, total: 2 });
    expect(k('customer-notifications')).toMatchObject({ sep: 0, oct: 1, total: 1 });
    expect(k('customer-rating')).toMatchObject({ sep: 88, oct: null, total: 88 });
    // traffic lights: lead time 2 days = target (green), 3 = warning (amber); acknowledgement 0 % red
    expect(k('contract-review-lead-time').v.months.map((m) => m.status)).toEqual(['green', 'amber']);
    expect(k('complaint-acknowledged-24h').v.total.status).toBe('red');
    expect(k('enquiry-answered-24h').v.months[1]!.status).toBe('none');
  });

  it('filters by customer, grade and department', async () => {
    const { admin, a } = await setup();
    const byA = await values(admin, `&partyId=${a.id}`);
    expect(byA('complaint-acknowledged-24h')).toMatchObject({ sep: 50, oct: null, total: 50 });
    expect(byA('delivery-on-time-last')).toMatchObject({ sep: 100, oct: null });
    expect(byA('premium-freight')).toMatchObject({ sep: 0, oct: 1 });
    const gradeB = await values(admin, '&grade=B');
    expect(gradeB('complaint-acknowledged-24h')).toMatchObject({ sep: 100, oct: 0, total: 50 });
    const r = (await admin.get('/api/kpis?from=2025-09&to=2025-10&department=planning')).json().items as V[];
    expect(r.map((i) => i.id).sort()).toEqual(['delivery-on-time-first', 'delivery-on-time-last', 'premium-freight', 'premium-freight-cost']);
  });

  it('drills down to the records a value counts, the failing ones first, with the calendar detail', async () => {
    const { admin, data, a, b } = await setup();
    const r = await admin.get('/api/kpis/complaint-acknowledged-24h/records?from=2025-09&to=2025-10');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['CC-2025-2', 'CC-2025-4', 'CC-2025-1', 'CC-2025-3']);
    expect(body.items[0]).toMatchObject({
      failing: true,
      ref: { type: 'complaint', id: data.c2.id },
      url: `/complaints/${data.c2.id}`,
      partyName: '甲客户',
      detail: '30.5 h (working)',
    });
    expect(body.items.find((i: { title: string }) => i.title === 'CC-2025-1').detail).toBe('3.5 h (working)');
    const late = (await admin.get('/api/kpis/complaint-acknowledged-24h/records?from=2025-09&to=2025-10&month=2025-09&failing=true')).json();
    expect(late.items.map((i: { title: string }) => i.title)).toEqual(['CC-2025-2']);
    const d3 = (await admin.get('/api/kpis/eightd-steps-late/records?from=2025-09&to=2025-10&failing=true')).json();
    expect(d3.items[0]).toMatchObject({ title: 'CC-2025-1 · d3-containment', detail: 'd3-containment: 3 working day(s) late' });
    const otd = (await admin.get('/api/kpis/delivery-on-time-first/records?from=2025-09&to=2025-10&month=2025-09')).json();
    expect(otd.items[0].detail).toBe('shipped 2025-09-25, agreed 2025-09-20; 1 change(s), 0 by the customer, 1 by us');
    // the values summed in SQL (the dashboard's month sums) agree with the rows the drill-down counts, for every KPI,
    // for all customers and narrowed to one
    for (const query of ['', `&partyId=${a.id}`, `&partyId=${b.id}`]) {
      const k = await values(admin, query);
      const ids = (await admin.get('/api/kpis?from=2025-09&to=2025-10')).json().items.map((i: { id: string }) => i.id) as string[];
      expect(ids.length).toBeGreaterThanOrEqual(22);
      for (const id of ids) {
        const rowsView = (await admin.get(`/api/kpis/${id}/records?from=2025-09&to=2025-10${query}`)).json();
        expect(rowsView.kpi.months, `${id}${query}`).toEqual(k(id).v.months);
        expect(rowsView.kpi.total, `${id}${query}`).toEqual(k(id).v.total);
      }
    }
    expectProblem(await admin.get('/api/kpis/no-such-kpi/records?from=2025-09&to=2025-10'), 404, 'KPI_NOT_FOUND');
    expectProblem(await admin.get('/api/kpis?from=2025-10&to=2025-09'), 422, 'KPI_PERIOD_INVALID');
  });

  it('keeps money from users without price visibility and records they may not open out of the drill-down', async () => {
    const { qa, admin } = await setup();
    const k = await values(qa.api);
    expect(k('premium-freight-cost')).toMatchObject({ sep: null, oct: null, total: null });
    expect(k('premium-freight-cost').v.hidden).toBe(true);
    expect(k('premium-freight')).toMatchObject({ total: 2 });
    const events = (await qa.api.get('/api/kpi-events?type=premium-freight')).json().items;
    expect(events).toHaveLength(2);
    expect(events[0].cost).toBeUndefined();
    const drill = (await qa.api.get('/api/kpis/premium-freight-cost/records?from=2025-09&to=2025-10')).json();
    expect(drill.items.every((i: { numerator: number }) => i.numerator === 0)).toBe(true);
    // QA staff cannot set targets or record events, and may not send a cost
    expectProblem(await qa.api.put('/api/kpis/customer-ppm/target', { target: 100, warning: 300, reason: 'x' }), 403, 'FORBIDDEN');
    const admins = (await admin.get('/api/kpi-events?type=premium-freight')).json().items;
    expect(admins.map((e: { cost: number }) => e.cost).sort((x: number, y: number) => x - y)).toEqual([800, 1200]);
  });

  it('gives the monthly report as xlsx with the same values, money left out for users without price visibility', async () => {
    const { admin, qa } = await setup();
    const ExcelJS = (await import('exceljs')).default;
    const read = async (api: Client) => {
      const r = await api.get('/api/kpis/report.xlsx?from=2025-09&to=2025-10');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('KPI')!;
      const byDoc = new Map<string, unknown[]>();
      ws.eachRow((row) => {
        const v = row.values as unknown[];
        if (typeof v[3] === 'string' && v[3].startsWith('KPI-')) byDoc.set(v[3], v.slice(1));
      });
      return byDoc;
    };
    const all = await read(admin);
    expect(all.get('KPI-QA-02')!.slice(7, 10)).toEqual([66.67, 0, 50]); // acknowledged ≤ 24 working hours: Sep, Oct, period
    expect(all.get('KPI-QA-02')![10]).toContain('未达标');
    expect(all.get('KPI-WL-05')!.slice(7, 10)).toEqual([800, 1200, 2000]);
    const qaView = await read(qa.api);
    expect(qaView.get('KPI-WL-05')!.slice(7, 10)).toEqual([undefined, undefined, undefined]); // premium freight cost: no prices.read
    expect(qaView.get('KPI-WL-04')!.slice(7, 10)).toEqual([1, 1, 2]);
  });

  it('answers a repeated question from memory until a change is written (an audit row), then afresh', async () => {
    const { admin, a, database } = await setup();
    expect((await values(admin))('premium-freight').total).toBe(2);
    // a row written behind the app's back (no audit row) is not seen: the pack was remembered …
    await database.db.execute(
      sql`insert into kpi_events (type, party_id, occurred_on, cost, cause) values ('premium-freight', ${a.id}, '2025-10-06', 5, 'behind the back')`,
    );
    expect((await values(admin))('premium-freight').total).toBe(2);
    // … until the next change made through the app: both rows counted
    const r = await admin.post('/api/kpi-events', { type: 'premium-freight', partyId: a.id, occurredOn: '2025-10-05', cost: 10, cause: '空运' });
    expect(r.statusCode, r.body).toBe(200);
    expect((await values(admin))('premium-freight').total).toBe(4);
  });

  it('sets targets as new versions with history, audited, and refuses thresholds on the wrong side', async () => {
    const { admin, database } = await setup();
    expectProblem(await admin.put('/api/kpis/customer-ppm/target', { target: 300, warning: 100, reason: '客户要求' }), 422, 'KPI_THRESHOLDS_INVALID');
    const r = await admin.put('/api/kpis/customer-ppm/target', { target: 10000, warning: 40000, reason: '2026 年客户目标 Customer target 2026' });
    expect(r.statusCode, r.body).toBe(200);
    const def = r.json().items.find((d: { definition: { id: string } }) => d.definition.id === 'customer-ppm');
    expect(def.definition.target).toBe(10000);
    expect(def.targets.map((t: { target: number }) => t.target)).toEqual([200, 10000]);
    const k = await values(admin);
    expect(k('customer-ppm').v.months.map((m) => m.status)).toEqual(['amber', 'green']); // 35 000 ppm: over 10 000, within 40 000
    expect(k('customer-ppm').v.total.status).toBe('green');
    const audit = await rows<{ action: string; reason: string }>(
      database.db,
      sql`select action, reason from audit_log where ref_type = 'kpi' and ref_id = 'customer-ppm'`,
    );
    expect(audit).toEqual([{ action: 'kpi.target', reason: '2026 年客户目标 Customer target 2026' }]);
  });

  it("gives the customer's scorecard with their own rating, the process's indicators, and event corrections", async () => {
    const { admin, a } = await setup();
    const s = (await admin.get(`/api/customers/${a.id}/scorecard?from=2025-09&to=2025-10`)).json();
    expect(s.ratings.map((r: { score: number }) => r.score)).toEqual([88]);
    expect(s.items.find((i: V) => i.id === 'complaint-acknowledged-24h').total.value).toBe(50);
    const p = (await admin.get('/api/kpis/processes/complaint?from=2025-09&to=2025-10')).json();
    expect(p.items.map((i: { kpiId: string }) => i.kpiId)).toContain('complaint-handled-on-time');
    expect(p.items.find((i: { kpiId: string }) => i.kpiId === 'complaint-handled-on-time')).toMatchObject({ value: 25, target: 95, status: 'red' });
    // a rating needs its score; an event is corrected with its version and voided with a reason
    expectProblem(await admin.post('/api/kpi-events', { type: 'customer-rating', partyId: a.id, occurredOn: '2025-10-01' }), 422, 'KPI_EVENT_SCORE_REQUIRED');
    const e = (await admin.get('/api/kpi-events?type=special-status')).json().items[0];
    const fixed = await admin.put(`/api/kpi-events/${e.id}`, { version: e.version, occurredOn: '2025-09-15', cause: 'CS2' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expectProblem(await admin.put(`/api/kpi-events/${e.id}`, { version: e.version, occurredOn: '2025-09-15' }), 409, 'VERSION_CONFLICT');
    const k = await values(admin);
    expect(k('customer-notifications')).toMatchObject({ sep: 1, oct: 0 });
    const voided = await admin.post(`/api/kpi-events/${e.id}/void`, { version: fixed.json().version, reason: '重复登记' });
    expect(voided.json().voided).toBe(true);
    expect((await values(admin))('customer-notifications')).toMatchObject({ total: 0 });
  });
});
