import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

/**
 * The engineering records where people work [CC 5.3, 5.4, 5.6]: the order page's panel
 * (GET /api/orders/:id/engineering-records — the order's samples, process-design questions and anomalies), a
 * process-design question asked about an order, an anomaly linked to a complaint after it was registered
 * (POST /api/anomalies/:id/complaint) — and a role without engineering.read gets none of it.
 */
describe.each(engines())('engineering records on the order and the complaint on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const eng = await userWithRoles(t.app, admin, 'eng-chen', ['staff'], 'engineering');
    const qa = await userWithRoles(t.app, admin, 'qa-zhang', ['staff'], 'quality');
    const prod = await userWithRoles(t.app, admin, 'prod-wu', ['staff'], 'production');
    const mr = await userWithRoles(t.app, admin, 'mr-gao', ['mr'], 'quality');
    const customer = (await admin.post('/api/customers', { code: 'DE-01', nameZh: '德国博世汽车部件', contacts: [{ name: 'Mr. Weber' }] })).json();
    const other = (await admin.post('/api/customers', { code: 'JP-02', nameZh: '日本电装', contacts: [{ name: '田中' }] })).json();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const newOrder = async (partyId: string, po: string) =>
      (
        await admin.post('/api/orders', {
          partyId,
          customerPo: po,
          form: 'fax',
          orderDate: '2026-11-20',
          receivedAt: '2026-11-20T02:00:00.000Z',
          lines: [{ model: 'RY-2045', quantity: 100, requestedDate: '2026-12-20' }],
        })
      ).json();
    const order = await newOrder(customer.id, 'DE-PO-1');
    const otherOrder = await newOrder(customer.id, 'DE-PO-2');
    const foreignOrder = await newOrder(other.id, 'JP-PO-1');
    const complaint = (
      await admin.post('/api/complaints', {
        partyId: customer.id,
        channel: 'fax',
        receivedAt: '2026-11-25T02:00:00.000Z',
        model: 'RY-2045',
        deliveredQuantity: 100,
        defectiveQuantity: 3,
        description: '输出电压偏低',
        failureMode: '输出电压偏低',
        remedySought: ['replace'],
      })
    ).json();
    const foreignComplaint = (
      await admin.post('/api/complaints', {
        partyId: other.id,
        channel: 'fax',
        receivedAt: '2026-11-25T02:00:00.000Z',
        model: 'RY-2045',
        deliveredQuantity: 10,
        defectiveQuantity: 1,
        description: '外观划伤',
        failureMode: '划伤',
        remedySought: ['replace'],
      })
    ).json();
    return { ...t, admin, eng, qa, prod, mr, customer, other, order, otherOrder, foreignOrder, complaint, foreignComplaint };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const comm = (subject: string) => ({ channel: 'email', subject, content: `${subject}：详见附件。` });

  it('lists an order’s samples, process questions and anomalies on the order (only its own), 404 for an unknown order', async () => {
    const { eng, qa, prod, customer, order, otherOrder, foreignOrder } = await setup();
    const sample = await ok(
      eng.api.post('/api/samples', { partyId: customer.id, model: 'RY-2045', quantity: 5, sentOn: '2026-11-21', shipVia: 'courier', orderId: order.id }),
    );
    await ok(
      eng.api.post('/api/samples', { partyId: customer.id, model: 'RY-2045', quantity: 3, sentOn: '2026-11-22', shipVia: 'courier', orderId: otherOrder.id }),
    );
    await ok(eng.api.post('/api/samples', { partyId: customer.id, model: 'RY-2045', quantity: 2, sentOn: '2026-11-22', shipVia: 'hand' }));

    // a process-design question about the order: refused for another customer's order, nothing written
    const q = {
      partyId: customer.id,
      processData: '图纸 DWG-2045 Rev.B',
      model: 'RY-2045',
      question: '外壳壁厚公差 ±0.05 能否放宽到 ±0.1？',
      askedOn: '2026-11-21',
      communication: comm('工艺疑问'),
    };
    const wrong = expectProblem(await eng.api.post('/api/process-questions', { ...q, orderId: foreignOrder.id }), 422, 'LINKED_RECORD_NOT_FOUND');
    expect(wrong.errors?.[0]?.path).toBe('body.orderId');
    expect((await ok(eng.api.get(`/api/process-questions?partyId=${customer.id}`))).items).toHaveLength(0);
    const question = await ok(eng.api.post('/api/process-questions', { ...q, orderId: order.id }));
    expect(question).toMatchObject({ number: 'PQ-00001', order: { id: order.id, number: order.number }, status: 'open' });
    // the communication that asked it is on the order's timeline too
    const asked = await ok(eng.api.get(`/api/communications/${question.askedThrough.id}`));
    expect((asked.links as { type: string; id: string }[]).map((l) => `${l.type}:${l.id}`).sort()).toEqual(
      [`order:${order.id}`, `process-question:${question.id}`].sort(),
    );
    await ok(eng.api.post('/api/process-questions', { ...q, question: '与订单无关的疑问' }));
    expect((await ok(eng.api.get(`/api/process-questions?orderId=${order.id}`))).items.map((i: { number: string }) => i.number)).toEqual(['PQ-00001']);

    const anomaly = await ok(
      qa.api.post('/api/anomalies', {
        partyId: customer.id,
        title: '输出电压偏低',
        description: '客户验证 3 台输出 11.2V',
        foundIn: 'verification',
        occurredOn: '2026-11-24',
        orderId: order.id,
        communication: comm('异常通知'),
      }),
    );

    // the order page's panel: only this order's records, with their state
    const records = await ok(prod.api.get(`/api/orders/${order.id}/engineering-records`));
    expect(records.samples.map((s: { number: string; state: string }) => [s.number, s.state])).toEqual([[sample.number, 'sent']]);
    expect(records.questions.map((x: { number: string; status: string }) => [x.number, x.status])).toEqual([['PQ-00001', 'open']]);
    expect(records.anomalies.map((a: { number: string; status: string; reportCount: number }) => [a.number, a.status, a.reportCount])).toEqual([
      [anomaly.number, 'open', 0],
    ]);
    const others = await ok(prod.api.get(`/api/orders/${otherOrder.id}/engineering-records`));
    expect([others.samples.length, others.questions.length, others.anomalies.length]).toEqual([1, 0, 0]);
    expectProblem(await prod.api.get('/api/orders/00000000-0000-4000-8000-000000000000/engineering-records'), 404, 'NOT_FOUND');
    expectProblem(await prod.api.get('/api/orders/not-an-id/engineering-records'), 400, 'VALIDATION_FAILED');
  });

  it('links an anomaly to a complaint after it was registered, and unlinks it — with its refusals and the trail on both', async () => {
    const { database, eng, qa, prod, customer, complaint, foreignComplaint } = await setup();
    let a = await ok(
      qa.api.post('/api/anomalies', {
        partyId: customer.id,
        title: '输出电压偏低',
        description: '客户使用中发现 3 台输出偏低',
        foundIn: 'use',
        occurredOn: '2026-11-24',
        communication: comm('异常通知'),
      }),
    );
    expect(a.complaint).toBeNull();
    const body = { version: a.version, complaintId: complaint.id };

    // refusals: another customer's complaint, an unknown one, a stale version, a department that does not keep it, bad input
    const foreign = expectProblem(
      await qa.api.post(`/api/anomalies/${a.id}/complaint`, { ...body, complaintId: foreignComplaint.id }),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    expect(foreign.errors?.[0]?.path).toBe('body.complaintId');
    expectProblem(
      await qa.api.post(`/api/anomalies/${a.id}/complaint`, { ...body, complaintId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    expectProblem(await qa.api.post(`/api/anomalies/${a.id}/complaint`, { ...body, version: a.version + 5 }), 409, 'VERSION_CONFLICT');
    expectProblem(await prod.api.post(`/api/anomalies/${a.id}/complaint`, body), 403, 'RECORD_NOT_EDITABLE');
    expectProblem(await qa.api.post(`/api/anomalies/${a.id}/complaint`, { version: a.version }), 400, 'VALIDATION_FAILED');
    expect((await ok(qa.api.get(`/api/anomalies/${a.id}`))).complaint).toBeNull();

    a = await ok(qa.api.post(`/api/anomalies/${a.id}/complaint`, body));
    expect(a.complaint).toEqual({ id: complaint.id, number: complaint.number });
    // the complaint page's list, the message that reported it now on the complaint too, the trail on both records
    expect((await ok(qa.api.get(`/api/anomalies?complaintId=${complaint.id}`))).items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const reported = await ok(qa.api.get(`/api/communications/${a.reportedThrough.id}`));
    expect((reported.links as { type: string }[]).map((l) => l.type)).toContain('complaint');
    const trail = await rows<{ ref_type: string; action: string }>(
      database.db,
      sql`select ref_type, action from audit_log where (ref_type = 'anomaly' and ref_id = ${a.id}) or (ref_type = 'complaint' and ref_id = ${complaint.id}) order by id`,
    );
    expect(trail.map((r) => `${r.ref_type}:${r.action}`)).toEqual(expect.arrayContaining(['anomaly:complaint.link', 'complaint:anomaly.link']));

    // a closed anomaly keeps its trace but may be unlinked by its keeper (e.g. linked to the wrong complaint)
    a = await ok(eng.api.post(`/api/anomalies/${a.id}/reports`, { version: a.version, kind: 'inspection', documentNo: 'QA-2026-118' }));
    a = await ok(qa.api.post(`/api/anomalies/${a.id}/close`, { version: a.version, conclusion: '批次不良，已更换。' }));
    a = await ok(qa.api.post(`/api/anomalies/${a.id}/complaint`, { version: a.version, complaintId: null }));
    expect(a.complaint).toBeNull();
    expect((await ok(qa.api.get(`/api/anomalies?complaintId=${complaint.id}`))).items).toHaveLength(0);
    const unlinked = await rows<{ action: string }>(
      database.db,
      sql`select action from audit_log where ref_type = 'complaint' and ref_id = ${complaint.id} and action like 'anomaly.%' order by id`,
    );
    expect(unlinked.map((r) => r.action)).toEqual(['anomaly.link', 'anomaly.unlink']);
  });

  it('a role without engineering.read gets none of it: neither the order’s panel nor the lists', async () => {
    const { admin, mr, customer, order, complaint } = await setup();
    const roles = (await admin.get('/api/roles')).json().items as { code: string; permissions: string[]; version: number }[];
    const role = roles.find((r) => r.code === 'mr')!;
    expect((await ok(mr.api.get(`/api/orders/${order.id}/engineering-records`))).samples).toEqual([]);
    await ok(admin.put('/api/roles/mr', { version: role.version, permissions: role.permissions.filter((p) => p !== 'engineering.read') }));
    expectProblem(await mr.api.get(`/api/orders/${order.id}/engineering-records`), 403, 'FORBIDDEN');
    expectProblem(await mr.api.get(`/api/anomalies?complaintId=${complaint.id}`), 403, 'FORBIDDEN');
    expectProblem(await mr.api.get(`/api/process-questions?partyId=${customer.id}`), 403, 'FORBIDDEN');
    expectProblem(await mr.api.get(`/api/samples?orderId=${order.id}`), 403, 'FORBIDDEN');
    // the order itself is still theirs to read
    expect((await ok(mr.api.get(`/api/orders/${order.id}`))).id).toBe(order.id);
  });
});
