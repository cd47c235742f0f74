import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

/**
 * CRM value segmentation [procedures.md §2, CRM]: ABC by cumulative revenue share of the period's orders, RFM scores,
 * high-value flag, the segment's contact cadence as the default; stored by a refresh, shown on the customer and as a
 * list filter; revenue only with prices.read.
 */
describe.each(engines())('customer value segments on %s', (engine) => {
  async function dataset() {
    const { app, database } = await testApp(engine);
    const admin = await adminClient(app);
    const db = database.db;
    const customers: Record<string, string> = {};
    for (const [code, nameZh, cadence] of [
      ['BIG', '大客户电子', null],
      ['MID', '中等五金', null],
      ['SMALL', '小件贸易', 7],
      ['NONE', '潜在客户', null],
    ] as const) {
      const r = await admin.api.post('/api/customers', { code, nameZh, status: 'active', contactCadenceDays: cadence });
      expect(r.statusCode, r.body).toBe(200);
      customers[code] = r.json().id;
    }
    const [me] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
    let n = 0;
    const order = async (party: string, day: string, qty: number, price: string | null, currency = 'CNY') => {
      n += 1;
      const [o] = await rows<{ id: string }>(
        db,
        sql`insert into orders (number, party_id, form, order_date, received_at, receiver_id, type, computed_type) values (${`SO-T-${n}`}, ${party}, 'written', ${day}, ${`${day}T02:00:00Z`}, ${me!.id}, 'contract', 'contract') returning id`,
      );
      await rows(
        db,
        sql`insert into order_lines (order_id, line_no, model, quantity, requested_date, unit_price, currency) values (${o!.id}, 1, 'M-1', ${qty}, ${day}, ${price}, ${currency}) returning id`,
      );
    };
    // BIG: 8 orders, 80 000 → A; MID: 2 orders 15 000 → B (cumulative share before it 0.8); SMALL: one old order 5 000 → C
    for (let i = 1; i <= 8; i++) await order(customers.BIG!, `2026-0${i}-10`, 1000, '10');
    await order(customers.MID!, '2026-10-01', 1000, '7.5');
    await order(customers.MID!, '2026-11-20', 1000, '7.5');
    await order(customers.SMALL!, '2026-01-05', 500, '10');
    await order(customers.SMALL!, '2026-02-05', 500, '99', 'USD'); // another currency: counted as an order, not as revenue
    await order(customers.SMALL!, '2025-06-01', 100000, '10'); // before the period: not counted
    return { app, admin, customers, db };
  }

  it('computes ABC, RFM and high value from the period’s orders, stores them, and the list filters by them', async () => {
    const { app, admin, customers } = await dataset();
    // before any refresh: no segment, the customer's own cadence only
    expect((await admin.api.get(`/api/customers/${customers.BIG}/segment`)).json()).toEqual({ segment: null });

    const sales = await userWithRoles(app, admin.api, 'seg-mgr', ['manager', 'sales-clerk']);
    const res = await sales.api.post('/api/customer-segments/refresh', { asOf: '2026-12-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ periodFrom: '2025-12-02', periodTo: '2026-12-01', customers: 4, counts: { A: 1, B: 1, C: 1, none: 1, highValue: 1 } });

    const big = (await sales.api.get(`/api/customers/${customers.BIG}/segment`)).json().segment;
    expect(big).toMatchObject({
      abcClass: 'A',
      highValue: true,
      orderCount: 8,
      revenue: '80000.00',
      currency: 'CNY',
      recencyScore: 3,
      frequencyScore: 4,
      monetaryScore: 5,
      rfm: '345',
      segmentCadenceDays: 14,
      effectiveCadenceDays: 14,
      rulesVersion: 1,
    });
    const mid = (await sales.api.get(`/api/customers/${customers.MID}/segment`)).json().segment;
    expect(mid).toMatchObject({
      abcClass: 'B',
      highValue: false,
      orderCount: 2,
      lastOrderDate: '2026-11-20',
      revenue: '15000.00',
      recencyScore: 5,
      frequencyScore: 2,
      monetaryScore: 3,
      rfm: '523',
      segmentCadenceDays: 30,
    });
    const small = (await sales.api.get(`/api/customers/${customers.SMALL}/segment`)).json().segment;
    // its own cadence (7 days) wins over the segment's (C: 60)
    expect(small).toMatchObject({ abcClass: 'C', orderCount: 2, revenue: '5000.00', recencyScore: 2, segmentCadenceDays: 60, effectiveCadenceDays: 7 });
    const none = (await sales.api.get(`/api/customers/${customers.NONE}/segment`)).json().segment;
    expect(none).toMatchObject({ abcClass: null, rfm: null, highValue: false, orderCount: 0, segmentCadenceDays: 90, effectiveCadenceDays: 90 });

    // the list: letters and flag on each row, filters by class and high value; a customer without its own cadence gets the segment's
    const list = (q: string) =>
      sales.api
        .get(`/api/customers?sort=code${q}`)
        .then(
          (r) => r.json().items as { code: string; abcClass: string | null; highValue: boolean; effectiveCadenceDays: number | null; contactDue: boolean }[],
        );
    expect((await list('&segment=A')).map((c) => c.code)).toEqual(['BIG']);
    expect((await list('&segment=none')).map((c) => c.code)).toEqual(['NONE']);
    expect((await list('&highValue=true')).map((c) => c.code)).toEqual(['BIG']);
    expect((await list('&highValue=false')).map((c) => c.code)).toEqual(['MID', 'NONE', 'SMALL']);
    const all = await list('');
    expect(all.find((c) => c.code === 'MID')).toMatchObject({ abcClass: 'B', highValue: false, effectiveCadenceDays: 30, contactDue: true });
    // the customer page's record carries the same
    expect((await sales.api.get(`/api/customers/${customers.BIG}`)).json()).toMatchObject({
      abcClass: 'A',
      highValue: true,
      contactCadenceDays: null,
      effectiveCadenceDays: 14,
    });

    // audited on the customer: the class set by the refresh (no revenue in the trail)
    const history = (await admin.api.get(`/api/history/customer/${customers.BIG}`)).json();
    const seg = history.entries.find((e: { action: string }) => e.action === 'segment');
    expect(seg).toBeTruthy();
    expect(JSON.stringify(seg)).not.toContain('80000');

    // a second refresh with nothing changed writes no further audit rows
    await sales.api.post('/api/customer-segments/refresh', { asOf: '2026-12-01' });
    const again = (await admin.api.get(`/api/history/customer/${customers.BIG}`)).json();
    expect(again.entries.filter((e: { action: string }) => e.action === 'segment')).toHaveLength(1);
  });

  it('shows the letters but not the revenue without prices.read, and refuses the refresh without customers.write', async () => {
    const { app, admin, customers } = await dataset();
    expect((await admin.api.post('/api/customer-segments/refresh', { asOf: '2026-12-01' })).statusCode).toBe(200);
    const staff = await userWithRoles(app, admin.api, 'seg-staff', ['staff']);
    const seg = (await staff.api.get(`/api/customers/${customers.BIG}/segment`)).json().segment;
    expect(seg).toMatchObject({ abcClass: 'A', highValue: true, rfm: expect.any(String) });
    expect(seg).not.toHaveProperty('revenue');
    // a manager may refresh but sees no revenue either (no prices.read)
    const mgr = await userWithRoles(app, admin.api, 'seg-mgr2', ['manager']);
    expect((await mgr.api.get(`/api/customers/${customers.BIG}/segment`)).json().segment).not.toHaveProperty('revenue');

    expectProblem(await staff.api.post('/api/customer-segments/refresh', {}), 403, 'FORBIDDEN');
    const bad = expectProblem(await mgr.api.post('/api/customer-segments/refresh', { asOf: '2026-13-40' }), 400, 'VALIDATION_FAILED');
    expect(bad.errors!.map((e) => e.path)).toEqual(['body.asOf']);
    expectProblem(await mgr.api.get('/api/customers?segment=D'), 400, 'VALIDATION_FAILED');
    expectProblem(await staff.api.get('/api/customers/00000000-0000-4000-8000-000000000000/segment'), 404, 'NOT_FOUND');
  });
});
