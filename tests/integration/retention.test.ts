import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { sealAudit, verifyAudit } from '../../server/platform/audit/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

const call = (partyId: string, occurredAt: string, subject: string) => ({
  partyId,
  channel: 'phone',
  direction: 'in',
  occurredAt,
  subject,
  content: `${subject}：客户来电。`,
});
const order = (partyId: string) => ({
  partyId,
  customerPo: 'PO-2019-7',
  form: 'fax',
  orderDate: '2019-03-01',
  receivedAt: '2019-03-01T02:00:00.000Z',
  lines: [
    {
      model: 'RY-2045',
      spec: '12V 2A',
      quantity: 500,
      requestedDate: '2019-04-01',
      use: '车载充电',
      qualityStandard: 'AQL 0.65',
      hsfRequirement: 'RoHS',
      currency: 'CNY',
    },
  ],
});

describe.each(engines())('records retention on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const mr = await userWithRoles(t.app, admin, 'mr-zhao', ['mr'], 'quality');
    const gm = await userWithRoles(t.app, admin, 'gm-sun', ['gm'], 'gm-office');
    const clerk = await userWithRoles(t.app, admin, 'sales-wu', ['staff', 'sales-clerk'], 'sales');
    const a = (await admin.post('/api/customers', { code: 'RET-A', nameZh: '保存期限客户甲' })).json();
    const b = (await admin.post('/api/customers', { code: 'RET-B', nameZh: '保存期限客户乙' })).json();
    return { ...t, admin, mr, gm, clerk, a, b };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): any }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const rule = async (api: Client, type: string, keepYears: number, countedFrom: string) => {
    const current = (await api.get('/api/retention/rules')).json().items.find((r: { recordType: string }) => r.recordType === type);
    return ok(api.put(`/api/retention/rules/${type}`, { keepYears, countedFrom, basis: '质量记录管理程序 QP-17', version: current.version }));
  };

  it('lists what is past its retention (holds respected), disposes of it on another person’s approval, keeping tombstones', async () => {
    const { database, admin, mr, gm, clerk, a, b } = await setup();
    expectProblem(await clerk.api.get('/api/retention/rules'), 403, 'FORBIDDEN');
    await rule(mr.api, 'communication', 3, 'created');
    await rule(mr.api, 'order', 3, 'closed');
    expectProblem(
      await mr.api.put('/api/retention/rules/communication', { keepYears: 0, countedFrom: 'created', basis: 'x', version: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await mr.api.put('/api/retention/rules/communication', { keepYears: 5, countedFrom: 'created', basis: 'x', version: 99 }),
      409,
      'VERSION_CONFLICT',
    );

    const oldA = await ok(clerk.api.post('/api/communications', call(a.id, '2021-05-10T02:00:00.000Z', '旧来电甲')));
    const newA = await ok(clerk.api.post('/api/communications', call(a.id, '2026-05-10T02:00:00.000Z', '新来电甲')));
    const oldB = await ok(clerk.api.post('/api/communications', call(b.id, '2020-05-10T02:00:00.000Z', '旧来电乙')));
    // an order closed in 2019 (its procedure run long ago: its instance's closing set behind the app for the test)
    const o = await ok(clerk.api.post('/api/orders', order(a.id)));
    await database.db.execute(
      sql`update procedure_instances set status = 'closed', state = 'closed', closed_at = '2019-06-01T00:00:00Z' where ref_type = 'order' and ref_id = ${o.id}`,
    );

    // a hold on customer B keeps its old call off the list
    const hold = await ok(mr.api.post('/api/legal-holds', { refType: 'customer', refId: b.id, reason: '客户乙质量索赔诉讼中' }));
    expectProblem(await mr.api.post('/api/legal-holds', { refType: 'spaceship', refId: b.id, reason: 'x' }), 422, 'UNKNOWN_RECORD_TYPE');
    let due = (await mr.api.get('/api/retention/due')).json().items.map((d: { refId: string }) => d.refId);
    expect(due.sort()).toEqual([oldA.id, o.id].sort());
    await ok(mr.api.post(`/api/legal-holds/${hold.id}/release`, { reason: '诉讼已结案' }));
    expectProblem(await mr.api.post(`/api/legal-holds/${hold.id}/release`, { reason: 'again' }), 409, 'HOLD_ALREADY_RELEASED');
    due = (await mr.api.get('/api/retention/due')).json().items.map((d: { refId: string }) => d.refId);
    expect(due).toContain(oldB.id);

    // whoever proposes may not approve, even holding both rights; a rejection keeps everything
    const own = await ok(admin.post('/api/disposals', { items: [{ refType: 'communication', refId: oldA.id }] }));
    expectProblem(await admin.post(`/api/disposals/${own.id}/approve`, { version: own.version }), 403, 'DISPOSAL_SELF_APPROVAL');
    expect(await ok(gm.api.post(`/api/disposals/${own.id}/reject`, { version: own.version, reason: '先核对客户要求' }))).toMatchObject({
      status: 'rejected',
      decisionReason: '先核对客户要求',
    });
    // proposed by the MR; the MR cannot approve; a GM approves
    expectProblem(await mr.api.post('/api/disposals', { items: [{ refType: 'communication', refId: newA.id }] }), 409, 'NOT_DUE_FOR_DISPOSAL');
    const batch = await ok(
      mr.api.post('/api/disposals', {
        items: [
          { refType: 'communication', refId: oldA.id },
          { refType: 'order', refId: o.id },
          { refType: 'communication', refId: oldB.id },
        ],
      }),
    );
    expect(batch).toMatchObject({ number: 'DS-0002', status: 'proposed' });
    expectProblem(await mr.api.post(`/api/disposals/${batch.id}/approve`, { version: batch.version }), 403, 'FORBIDDEN');
    // a hold placed after the proposal stops the approval as a whole, nothing disposed of
    const late = await ok(mr.api.post('/api/legal-holds', { refType: 'communication', refId: oldB.id, reason: '客户要求保留' }));
    expectProblem(await gm.api.post(`/api/disposals/${batch.id}/approve`, { version: batch.version }), 409, 'NOT_DUE_FOR_DISPOSAL');
    expect((await clerk.api.get(`/api/communications/${oldA.id}`)).statusCode).toBe(200);
    await ok(mr.api.post(`/api/legal-holds/${late.id}/release`, { reason: '已确认可销毁' }));

    const disposed = await ok(gm.api.post(`/api/disposals/${batch.id}/approve`, { version: batch.version }));
    expect(disposed.status).toBe('disposed');
    expectProblem(await gm.api.post(`/api/disposals/${batch.id}/approve`, { version: disposed.version }), 409, 'DISPOSAL_DECIDED');
    // gone: the records, their links, search entries and procedure; the new call stays
    expectProblem(await clerk.api.get(`/api/communications/${oldA.id}`), 404, 'NOT_FOUND');
    expectProblem(await clerk.api.get(`/api/orders/${o.id}`), 404, 'NOT_FOUND');
    expect((await clerk.api.get(`/api/communications/${newA.id}`)).statusCode).toBe(200);
    const left = await rows<{ n: number }>(
      database.db,
      sql`select (select count(*) from search_index where ref_id in (${oldA.id}, ${o.id}))::int + (select count(*) from procedure_instances where ref_id = ${o.id})::int + (select count(*) from order_lines where order_id = ${o.id}::uuid)::int as n`,
    );
    expect(left[0]!.n).toBe(0);
    // what remains: tombstones with the rule and the approval, an audit trail that still verifies
    const stones = (await mr.api.get('/api/tombstones')).json().items;
    expect(stones.map((s: { refId: string }) => s.refId).sort()).toEqual([oldA.id, o.id, oldB.id].sort());
    expect(stones.find((s: { refId: string }) => s.refId === o.id)).toMatchObject({
      refType: 'order',
      batchId: batch.id,
      rule: { keepYears: 3, countedFrom: 'closed' },
    });
    const history = await rows<{ t: string }>(database.db, sql`select coalesce(after::text, '') as t from audit_log where ref_id = ${oldA.id}`);
    expect(history.every((h) => !h.t.includes('旧来电甲'))).toBe(true);
    await sealAudit(database.db);
    expect((await verifyAudit(database.db, { graceSeconds: 0 })).ok).toBe(true);
    expect((await mr.api.get('/api/retention/due')).json().items).toEqual([]);
    expectProblem(await mr.api.post('/api/disposals', {}), 409, 'NOTHING_DUE_FOR_DISPOSAL');
  });
});
