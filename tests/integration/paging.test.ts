import { describe, expect, it } from 'vitest';
import { isNull } from 'drizzle-orm';
import { adminClient, engines, testApp } from '../support/harness.js';
import { COUNT_CAP, cappedTotal, countLimit, one } from '../../server/platform/db/paging.js';
import { communications } from '../../server/communications/communications.table.js';

describe('capped totals of large lists', () => {
  it('counts to the next multiple of the cap past the page, so the pager always offers the next page', () => {
    expect(countLimit(0, 20)).toBe(COUNT_CAP);
    expect(countLimit(COUNT_CAP - 40, 20)).toBe(COUNT_CAP); // the last page but one of the first block
    expect(countLimit(COUNT_CAP - 20, 20)).toBe(2 * COUNT_CAP); // its last page: the next block is counted
    expect(countLimit(0, 20, 5)).toBe(25);
    expect(countLimit(40, 20, 5)).toBe(65);
  });
});

describe.each(engines())('capped totals on %s', (engine) => {
  it('is exact up to the cap and a lower bound past it; the list APIs say which', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const customer = (await api.post('/api/customers', { code: 'PG-001', nameZh: '分页测试客户' })).json();
    for (let i = 0; i < 7; i++) {
      const res = await api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: `2026-11-2${i}T02:30:00.000Z`,
        subject: `来电 ${i}`,
        content: '询问交期',
      });
      expect(res.statusCode).toBe(200);
    }
    const live = () => database.db.select(one).from(communications).where(isNull(communications.voidedAt));
    // 7 rows: exact under a cap of 10, capped under 5 (page 1 of 2 rows counts to 5, page 3 to 10)
    expect(await cappedTotal(database.db, live(), 0, 2, 10)).toEqual({ total: 7, totalCapped: false });
    expect(await cappedTotal(database.db, live(), 0, 2, 5)).toEqual({ total: 5, totalCapped: true });
    expect(await cappedTotal(database.db, live(), 4, 2, 5)).toEqual({ total: 7, totalCapped: false });
    expect(await cappedTotal(database.db, live(), 0, 7, 7)).toEqual({ total: 7, totalCapped: false });

    // the list's page and total as before (below the cap), in the list's order, with totalCapped false
    const page = (await api.get(`/api/communications?partyId=${customer.id}&page=2&pageSize=3`)).json();
    expect(page).toMatchObject({ total: 7, totalCapped: false, page: 2, pageSize: 3 });
    expect(page.items.map((c: { subject: string }) => c.subject)).toEqual(['来电 3', '来电 2', '来电 1']);
    for (const list of ['/api/orders', '/api/quotations', '/api/complaints', '/api/actions']) {
      const res = await api.get(`${list}?page=1&pageSize=20`);
      expect(res.statusCode, list).toBe(200);
      expect(res.json(), list).toMatchObject({ total: 0, totalCapped: false, items: [] });
    }
  });
});
