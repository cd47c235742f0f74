import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { siteToday } from '../../server/actions/index.js';
import { upload } from '../support/multipart.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

/**
 * The registers an auditor asks for [IATF 16949 8.5.3, 4.3.2]: customer property (verification due, an incident
 * reported to the customer as a communication on the timeline) and customer-specific requirements (review by the
 * departments on procedures/csr-review, deployment, in force, a new revision superseding the old one) — with refusals.
 */
describe.each(engines())('registers: customer property and CSR on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const qa = await userWithRoles(t.app, admin, 'qa-zhang', ['staff'], 'quality');
    const sales = await userWithRoles(t.app, admin, 'sales-li', ['staff'], 'sales');
    const eng = await userWithRoles(t.app, admin, 'eng-chen', ['staff'], 'engineering');
    const prod = await userWithRoles(t.app, admin, 'prod-wu', ['staff'], 'production');
    const plan = await userWithRoles(t.app, admin, 'plan-he', ['staff'], 'planning');
    const mr = await userWithRoles(t.app, admin, 'mr-gao', ['mr'], 'quality');
    const customer = (await admin.post('/api/customers', { code: 'DE-01', nameZh: '德国博世汽车部件', contacts: [{ name: 'Mr. Weber' }] })).json();
    const other = (await admin.post('/api/customers', { code: 'JP-02', nameZh: '日本电装', contacts: [{ name: '田中' }] })).json();
    await admin.post(`/api/customers/${customer.id}/accept`, { version: customer.version });
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const order = (
      await admin.post('/api/orders', {
        partyId: customer.id,
        customerPo: 'DE-PO-1',
        form: 'fax',
        orderDate: '2026-11-20',
        receivedAt: '2026-11-20T02:00:00.000Z',
        lines: [{ model: 'RY-2045', quantity: 100, requestedDate: '2026-12-20' }],
      })
    ).json();
    const today = siteToday('Asia/Shanghai');
    return { ...t, admin, qa, sales, eng, prod, plan, mr, customer, other, order, today };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=csr&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  async function sign(api: Client, id: string, department: string, opinion = 'accept', comment?: string) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/signoffs`, { version: i.version, department, opinion, ...(comment ? { comment } : {}) });
  }

  it('keeps customer property: CP numbers, linked orders, verification overdue, an incident told to the customer on the timeline', async () => {
    const { database, qa, sales, eng, mr, customer, other, order, today } = await setup();
    const count = async (table: string) => (await rows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    const item = {
      partyId: customer.id,
      kind: 'mould',
      description: '外壳注塑模具 RY-2045（4 穴）',
      location: '模具房 A-3',
      receivedDate: '2026-01-10',
      nextVerificationDue: '2026-03-01',
      orderIds: [order.id],
    };

    // refusals: missing fields, an order of another customer, a role without the right — nothing written
    expectProblem(await qa.api.post('/api/customer-property', { ...item, description: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await qa.api.post('/api/customer-property', { ...item, kind: 'spaceship' }), 400, 'VALIDATION_FAILED');
    const wrongOrder = expectProblem(await qa.api.post('/api/customer-property', { ...item, partyId: other.id }), 422, 'LINKED_RECORD_NOT_FOUND');
    expect(wrongOrder.errors?.[0]?.path).toBe('body.orderIds.0');
    expectProblem(await mr.api.post('/api/customer-property', item), 403, 'FORBIDDEN');
    expect(await count('customer_property')).toBe(0);

    let mould = await ok(qa.api.post('/api/customer-property', item));
    expect(mould).toMatchObject({
      number: 'CP-00001',
      condition: 'good',
      partyCode: 'DE-01',
      verificationOverdue: true,
      orders: [{ id: order.id, number: order.number }],
    });
    const gauge = await ok(
      sales.api.post('/api/customer-property', {
        partyId: customer.id,
        kind: 'gauge',
        description: '插头通止规',
        location: '品质部计量室',
        nextVerificationDue: '2099-01-01',
      }),
    );
    expect(gauge.number).toBe('CP-00002');
    expect(gauge.verificationOverdue).toBe(false);

    // the list filters: by customer, kind, overdue verification
    expect((await ok(qa.api.get(`/api/customer-property?partyId=${customer.id}`))).items).toHaveLength(2);
    expect((await ok(qa.api.get('/api/customer-property?kind=gauge'))).items.map((i: { number: string }) => i.number)).toEqual(['CP-00002']);
    expect((await ok(qa.api.get('/api/customer-property?overdue=true'))).items.map((i: { number: string }) => i.number)).toEqual(['CP-00001']);
    expect((await ok(qa.api.get(`/api/customer-property?partyId=${other.id}`))).items).toHaveLength(0);

    // edit rights: QA and Sales keep the register; an engineer holding the permission may not change it
    expectProblem(await eng.api.put(`/api/customer-property/${mould.id}`, { ...item, version: mould.version, location: '车间' }), 403, 'RECORD_NOT_EDITABLE');
    // lost/damaged/unsuitable only through an incident
    expectProblem(await qa.api.put(`/api/customer-property/${mould.id}`, { ...item, version: mould.version, condition: 'lost' }), 400, 'VALIDATION_FAILED');
    mould = await ok(qa.api.put(`/api/customer-property/${mould.id}`, { ...item, version: mould.version, location: '模具房 B-1', condition: 'needs-repair' }));
    expect(mould).toMatchObject({ location: '模具房 B-1', condition: 'needs-repair' });
    expectProblem(await qa.api.put(`/api/customer-property/${mould.id}`, { ...item, version: 1 }), 409, 'VERSION_CONFLICT');

    // a verification moves the dates; the next one cannot come before it
    expectProblem(
      await qa.api.post(`/api/customer-property/${mould.id}/verifications`, {
        version: mould.version,
        verifiedOn: today,
        nextVerificationDue: '2020-01-01',
        condition: 'good',
      }),
      422,
      'PROPERTY_DATES_INVALID',
    );
    mould = await ok(
      qa.api.post(`/api/customer-property/${mould.id}/verifications`, {
        version: mould.version,
        verifiedOn: today,
        nextVerificationDue: '2099-06-01',
        condition: 'good',
        note: '型腔无损伤',
      }),
    );
    expect(mould).toMatchObject({ lastVerifiedOn: today, nextVerificationDue: '2099-06-01', condition: 'good', verificationOverdue: false });
    expect((await ok(qa.api.get('/api/customer-property?overdue=true'))).items).toHaveLength(0);

    // an incident: damaged — the customer is told by a communication linked to the item and its order
    const incident = {
      version: mould.version,
      kind: 'damaged',
      occurredOn: today,
      description: '吊装时模具跌落，分型面崩角',
      channel: 'email',
      contactId: customer.contacts[0].id,
      subject: '顾客财产损坏通知：外壳注塑模具',
      content: '贵司模具 CP-00001 于今日吊装时损坏，我司已停用并评估修复方案。',
    };
    expectProblem(await qa.api.post(`/api/customer-property/${mould.id}/incidents`, { ...incident, content: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await eng.api.post(`/api/customer-property/${mould.id}/incidents`, incident), 403, 'RECORD_NOT_EDITABLE');
    expect(await count('customer_property_incidents')).toBe(0);
    mould = await ok(qa.api.post(`/api/customer-property/${mould.id}/incidents`, incident));
    expect(mould.condition).toBe('damaged');
    expect(mould.incidents).toHaveLength(1);
    expect(mould.incidents[0]).toMatchObject({
      no: 1,
      kind: 'damaged',
      conditionBefore: 'good',
      reportedByName: 'qa-zhang',
      communicationNumber: expect.stringMatching(/^C\d{6}$/),
    });
    const comm = await ok(qa.api.get(`/api/communications/${mould.incidents[0].communicationId}`));
    expect(comm).toMatchObject({ direction: 'out', topic: 'customer-property', channel: 'email', partyId: customer.id });
    expect(comm.links.map((l: { type: string; id: string }) => `${l.type}:${l.id}`).sort()).toEqual(
      [`customer-property:${mould.id}`, `order:${order.id}`].sort(),
    );
    const timeline = (await qa.api.get(`/api/customers/${customer.id}/timeline`)).json().items as { title: string }[];
    expect(timeline.some((e) => e.title.includes('顾客财产损坏通知'))).toBe(true);
    // the item's history carries the change with the communication
    const history = (await ok(qa.api.get(`/api/history/customer-property/${mould.id}`))).entries as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'update', 'verify', 'incident']));

    // an action item on the item (repair), owner and due date
    const action = await ok(
      qa.api.post(`/api/customer-property/${mould.id}/actions`, { title: '模具修复并重新验证', ownerId: qa.id, department: 'quality', dueDate: '2099-06-01' }),
    );
    expect(action.source).toMatchObject({ type: 'customer-property', id: mould.id });

    // lost: the item is frozen afterwards
    mould = await ok(
      qa.api.post(`/api/customer-property/${mould.id}/incidents`, { ...incident, version: mould.version, kind: 'lost', description: '送修途中丢失' }),
    );
    expect(mould).toMatchObject({ condition: 'lost' });
    expect(mould.incidents.map((i: { no: number; conditionBefore: string }) => [i.no, i.conditionBefore])).toEqual([
      [1, 'good'],
      [2, 'damaged'],
    ]);
    expectProblem(
      await qa.api.post(`/api/customer-property/${mould.id}/verifications`, { version: mould.version, verifiedOn: today, condition: 'good' }),
      409,
      'PROPERTY_LOST',
    );
    expectProblem(await qa.api.post(`/api/customer-property/${mould.id}/incidents`, { ...incident, version: mould.version }), 409, 'PROPERTY_LOST');

    // found by search, behind the register's permission
    const hits = (await qa.api.get('/api/search?q=CP-00002')).json();
    expect(JSON.stringify(hits)).toContain('CP-00002');
  });

  it('runs a CSR through review by the departments to deployment; a new revision supersedes it', async () => {
    const { app, database, qa, sales, eng, prod, plan, customer, other } = await setup();
    const count = async (table: string) => (await rows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    const doc = { partyId: customer.id, title: '博世供应商质量手册（CSR）', documentNo: 'BQM-2026', revision: 'A', receivedDate: '2026-11-02' };

    expectProblem(await qa.api.post('/api/csr', { ...doc, revision: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await qa.api.post('/api/csr', { ...doc, receivedDate: 'yesterday' }), 400, 'VALIDATION_FAILED');
    expect(await count('csr_documents')).toBe(0);

    let csr = await ok(qa.api.post('/api/csr', doc));
    expect(csr).toMatchObject({ number: 'CSR-00001', state: 'registration', status: 'open', inForce: false, documents: [] });

    // the document itself must be attached before the review
    const noDoc = expectProblem(await move(qa.api, csr.id, 'submit-review'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(noDoc.errors?.[0]?.path).toBe('csr.documents');
    const file = await upload(app, qa.session, 'BQM-2026-A.pdf', '%PDF-1.4 CSR', 'application/pdf');
    expect(file.statusCode, file.body).toBe(200);
    expectProblem(await eng.api.put(`/api/csr/${csr.id}`, { ...doc, version: csr.version, attachmentIds: [file.json().id] }), 403, 'RECORD_NOT_EDITABLE');
    csr = await ok(qa.api.put(`/api/csr/${csr.id}`, { ...doc, version: csr.version, attachmentIds: [file.json().id] }));
    expect(csr.documents.map((d: { filename: string }) => d.filename)).toEqual(['BQM-2026-A.pdf']);
    // deployment is not open at registration (wrong state)
    expectProblem(
      await qa.api.post(`/api/csr/${csr.id}/deployments`, {
        version: csr.version,
        target: 'procedure',
        reference: 'QP-8.5',
        change: 'x',
        department: 'quality',
        doneOn: '2026-11-10',
      }),
      409,
      'CSR_NOT_EDITABLE',
    );
    await ok(move(qa.api, csr.id, 'submit-review'));

    // review: a parallel sign-off of five departments; a rejection sends it back to registration
    expectProblem(
      await eng.api.put(`/api/csr/${csr.id}`, { ...doc, version: (await ok(qa.api.get(`/api/csr/${csr.id}`))).version }),
      403,
      'RECORD_NOT_EDITABLE',
    );
    csr = await ok(qa.api.get(`/api/csr/${csr.id}`));
    expectProblem(await qa.api.put(`/api/csr/${csr.id}`, { ...doc, version: csr.version }), 409, 'CSR_NOT_EDITABLE');
    // the sign-off waits on each department's "my work", generic over the procedure
    const engWork = (await eng.api.get('/api/my-work')).json().items as {
      kind: string;
      ref: { type: string; id: string };
      department: string | null;
      title: string;
    }[];
    expect(engWork.find((w) => w.ref.type === 'csr' && w.ref.id === csr.id)).toMatchObject({
      department: 'engineering',
      title: expect.stringContaining('CSR-00001'),
    });
    expectProblem(await sign(eng.api, csr.id, 'quality'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await sign(prod.api, csr.id, 'production', 'reject'), 422, 'REASON_REQUIRED');
    await ok(sign(prod.api, csr.id, 'production', 'reject', '第 4.2 条追溯要求须先确认'));
    expect((await ok(qa.api.get(`/api/csr/${csr.id}`))).state).toBe('registration');
    await ok(move(qa.api, csr.id, 'submit-review'));
    for (const [u, d] of [
      [sales, 'sales'],
      [qa, 'quality'],
      [eng, 'engineering'],
      [prod, 'production'],
    ] as const)
      await ok(sign(u.api, csr.id, d));
    expect((await ok(qa.api.get(`/api/csr/${csr.id}`))).state).toBe('review');
    await ok(sign(plan.api, csr.id, 'planning', 'conditional', '交付窗口按 CSR 第 6 条调整'));
    csr = await ok(qa.api.get(`/api/csr/${csr.id}`));
    expect(csr.state).toBe('deployment');

    // deployment: at least one record before it is in force
    expectProblem(await move(qa.api, csr.id, 'put-in-force'), 422, 'PROCEDURE_GUARD_FAILED');
    expectProblem(
      await qa.api.post(`/api/csr/${csr.id}/deployments`, {
        version: csr.version,
        target: 'procedure',
        reference: 'QP-8.5',
        change: '',
        department: 'quality',
        doneOn: '2026-11-10',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await qa.api.post(`/api/csr/${csr.id}/deployments`, {
        version: csr.version,
        target: 'procedure',
        reference: 'QP-8.5',
        change: 'x',
        department: 'moon',
        doneOn: '2026-11-10',
      }),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    csr = await ok(
      qa.api.post(`/api/csr/${csr.id}/deployments`, {
        version: csr.version,
        target: 'procedure',
        reference: '产品追溯控制程序 QP-8.5.2 C版',
        change: '追溯记录保存期限改为 15 年',
        department: 'quality',
        doneOn: '2026-11-10',
      }),
    );
    csr = await ok(
      qa.api.post(`/api/csr/${csr.id}/deployments`, {
        version: csr.version,
        target: 'kpi',
        reference: '客户 PPM 目标',
        change: '博世 PPM 目标 ≤ 20',
        department: 'quality',
        doneOn: '2026-11-11',
      }),
    );
    expect(csr.deployments.map((d: { target: string; doneByName: string }) => [d.target, d.doneByName])).toEqual([
      ['procedure', 'qa-zhang'],
      ['kpi', 'qa-zhang'],
    ]);
    await ok(move(qa.api, csr.id, 'put-in-force'));
    csr = await ok(qa.api.get(`/api/csr/${csr.id}`));
    expect(csr).toMatchObject({ state: 'in-force', status: 'closed', inForce: true });
    expectProblem(
      await qa.api.post(`/api/csr/${csr.id}/deployments`, {
        version: csr.version,
        target: 'kpi',
        reference: 'x',
        change: 'x',
        department: 'quality',
        doneOn: '2026-11-11',
      }),
      409,
      'CSR_NOT_EDITABLE',
    );
    expect((await ok(sales.api.get(`/api/csr?partyId=${customer.id}&inForce=true`))).items.map((c: { number: string }) => c.number)).toEqual(['CSR-00001']);

    // a new revision supersedes it: the old one is kept, read-only; another customer's cannot be superseded
    expectProblem(await qa.api.post('/api/csr', { ...doc, partyId: other.id, revision: 'B', supersedesId: csr.id }), 422, 'CSR_SUPERSEDE_MISMATCH');
    // an engineer may register a CSR but not supersede one QA keeps
    expectProblem(await eng.api.post('/api/csr', { ...doc, revision: 'B', supersedesId: csr.id }), 403, 'RECORD_NOT_EDITABLE');
    const revB = await ok(qa.api.post('/api/csr', { ...doc, revision: 'B', receivedDate: '2026-12-01', supersedesId: csr.id }));
    expect(revB).toMatchObject({ number: 'CSR-00002', supersedesNumber: 'CSR-00001', state: 'registration' });
    const old = await ok(qa.api.get(`/api/csr/${csr.id}`));
    expect(old).toMatchObject({ supersededByNumber: 'CSR-00002', inForce: false, state: 'in-force' });
    expectProblem(await qa.api.put(`/api/csr/${csr.id}`, { ...doc, version: old.version }), 409, 'CSR_SUPERSEDED');
    expectProblem(await qa.api.post('/api/csr', { ...doc, revision: 'B2', supersedesId: csr.id }), 409, 'CSR_SUPERSEDED');
    expect((await ok(sales.api.get(`/api/csr?partyId=${customer.id}&inForce=true`))).items).toHaveLength(0);
    expect((await ok(sales.api.get(`/api/csr?partyId=${customer.id}&current=true`))).items.map((c: { number: string }) => c.number)).toEqual(['CSR-00002']);

    // a revision cannot overtake one under review; one still being registered is ended by the system
    await ok(
      qa.api.put(`/api/csr/${revB.id}`, {
        ...doc,
        revision: 'B',
        receivedDate: '2026-12-01',
        version: revB.version,
        attachmentIds: [(await upload(app, qa.session, 'BQM-2026-B.pdf', '%PDF-1.4 B', 'application/pdf')).json().id],
      }),
    );
    await ok(move(qa.api, revB.id, 'submit-review'));
    expectProblem(await qa.api.post('/api/csr', { ...doc, revision: 'C', supersedesId: revB.id }), 409, 'CSR_UNDER_REVIEW');
    await ok(sign(eng.api, revB.id, 'engineering', 'reject', '客户已通知将发 C 版'));
    const revC = await ok(qa.api.post('/api/csr', { ...doc, revision: 'C', receivedDate: '2026-12-05', supersedesId: revB.id }));
    const b = await ok(qa.api.get(`/api/csr/${revB.id}`));
    expect(b).toMatchObject({ state: 'superseded', status: 'closed', supersededByNumber: revC.number });
    const history = (await ok(qa.api.get(`/api/history/csr/${revB.id}`))).entries as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'supersede']));
  });
});
