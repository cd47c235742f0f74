import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { sweepClocks } from '../../server/procedures/index.js';
import { upload } from '../support/multipart.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

/**
 * Engineering's and QA's records with the customer [CC 5.3, 5.4, 5.6]: a sample sent and confirmed on
 * procedures/sample-confirmation (answer due on the working calendar, escalated, closed only with the customer's
 * answer and the signed sample record), a process-design question answered and signed by the contact, an anomaly
 * linked to its reports, order, complaint and communications — each with its refusals.
 */
describe.each(engines())('engineering records: samples, process questions, anomalies on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const eng = await userWithRoles(t.app, admin, 'eng-chen', ['staff'], 'engineering');
    const engMgr = await userWithRoles(t.app, admin, 'eng-mgr', ['manager'], 'engineering');
    const qa = await userWithRoles(t.app, admin, 'qa-zhang', ['staff'], 'quality');
    const sales = await userWithRoles(t.app, admin, 'sales-li', ['staff'], 'sales');
    const prod = await userWithRoles(t.app, admin, 'prod-wu', ['staff'], 'production');
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
    return { ...t, admin, eng, engMgr, qa, sales, prod, mr, customer, other, order };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=sample&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const linksOf = (c: Record<string, any>) => (c.links as { type: string; id: string }[]).map((l) => `${l.type}:${l.id}`).sort();

  it('runs a sample confirmation: sent → awaiting the customer (due on the calendar, escalated) → approved with the signed record', async () => {
    const { app, database, admin, eng, engMgr, qa, sales, prod, mr, customer, other, order } = await setup();
    const count = async (table: string) => (await rows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    const body = {
      partyId: customer.id,
      model: 'RY-2045',
      description: '外壳新模首件',
      quantity: 5,
      sentOn: '2026-11-23',
      shipVia: 'courier',
      trackingNo: 'SF1234567890',
      orderId: order.id,
      answerWithinDays: 3,
    };

    // refusals before anything is written: missing fields, wrong role/department, another customer's order
    expectProblem(await eng.api.post('/api/samples', { ...body, model: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await eng.api.post('/api/samples', { ...body, quantity: 0 }), 400, 'VALIDATION_FAILED');
    expectProblem(await eng.api.post('/api/samples', { ...body, shipVia: 'pigeon' }), 400, 'VALIDATION_FAILED');
    expectProblem(await mr.api.post('/api/samples', body), 403, 'FORBIDDEN');
    expectProblem(await prod.api.post('/api/samples', body), 403, 'RECORD_NOT_EDITABLE');
    const wrong = expectProblem(await eng.api.post('/api/samples', { ...body, partyId: other.id }), 422, 'LINKED_RECORD_NOT_FOUND');
    expect(wrong.errors?.[0]?.path).toBe('body.orderId');
    expect(await count('samples')).toBe(0);

    let sample = await ok(eng.api.post('/api/samples', body));
    expect(sample).toMatchObject({
      number: 'SMP-00001',
      state: 'sent',
      status: 'open',
      order: { id: order.id, number: order.number },
      decision: null,
      answerDue: null,
      ownerName: 'eng-chen',
    });
    // a correction while at "sent"; Production may not change it; a stale version is refused
    expectProblem(await prod.api.put(`/api/samples/${sample.id}`, { ...body, version: sample.version }), 403, 'RECORD_NOT_EDITABLE');
    sample = await ok(eng.api.put(`/api/samples/${sample.id}`, { ...body, quantity: 6, version: sample.version }));
    expect(sample.quantity).toBe(6);
    expectProblem(await eng.api.put(`/api/samples/${sample.id}`, { ...body, version: 1 }), 409, 'VERSION_CONFLICT');

    // the answer cannot be recorded before dispatch (wrong state)
    const file = (await upload(app, eng.session, '样品承认书-SMP-00001.pdf', '%PDF-1.4 signed', 'application/pdf')).json();
    const answer = {
      decision: 'approved',
      answeredOn: '2026-11-26',
      attachmentIds: [file.id],
      answeredByContactId: customer.contacts[0].id,
      communication: { channel: 'fax', contactId: customer.contacts[0].id, subject: '样品承认书回传', content: '客户签认样品承认书，同意按样品生产。' },
    };
    expectProblem(await eng.api.post(`/api/samples/${sample.id}/answer`, { ...answer, version: sample.version }), 409, 'SAMPLE_NOT_AWAITING');

    // dispatch: only the engineering lane (Sales is refused by the engine)
    expectProblem(await move(sales.api, sample.id, 'dispatch'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(eng.api, sample.id, 'dispatch'));
    sample = await ok(eng.api.get(`/api/samples/${sample.id}`));
    expect(sample.state).toBe('awaiting-customer');
    expect(sample.answerDue).toEqual(expect.any(String));
    // the clock runs for the record's own answer time: 3 working days
    const [clock] = await rows<{ amount: number; unit: string }>(
      database.db,
      sql`select deadline_amount as amount, deadline_unit as unit from clocks where ref_type = 'sample' and ref_id = ${sample.id} and step_id = 'awaiting-customer'`,
    );
    expect(clock).toEqual({ amount: 3, unit: 'workingDays' });
    // the details are closed once dispatched
    expectProblem(await eng.api.put(`/api/samples/${sample.id}`, { ...body, version: sample.version }), 409, 'SAMPLE_NOT_EDITABLE');

    // closing it through the engine without the answer is refused (the guard names the answer)
    const guard = expectProblem(await move(eng.api, sample.id, 'approve'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(guard.errors?.[0]?.path).toBe('sample.answer');

    // late: the sweeper reminds the engineer and the department manager
    const due = new Date(sample.answerDue);
    await sweepClocks(database.db, new Date(due.getTime() + 60_000));
    const mine = (await eng.api.get('/api/notifications')).json();
    const managers = (await engMgr.api.get('/api/notifications')).json();
    expect(JSON.stringify(mine)).toContain(sample.id);
    expect(JSON.stringify(managers)).toContain(sample.id);

    // incomplete answers: no signed record; a rejection without its reason; no communication
    const v = sample.version;
    const noFile = expectProblem(
      await eng.api.post(`/api/samples/${sample.id}/answer`, { ...answer, attachmentIds: [], version: v }),
      422,
      'SAMPLE_ANSWER_INCOMPLETE',
    );
    expect(noFile.errors?.map((e) => e.path)).toEqual(['body.attachmentIds']);
    const noReason = expectProblem(
      await eng.api.post(`/api/samples/${sample.id}/answer`, { ...answer, decision: 'rejected', version: v }),
      422,
      'SAMPLE_ANSWER_INCOMPLETE',
    );
    expect(noReason.errors?.map((e) => e.path)).toEqual(['body.rejectionReason']);
    const noComm = expectProblem(
      await eng.api.post(`/api/samples/${sample.id}/answer`, { ...answer, communication: null, version: v }),
      422,
      'COMMUNICATION_REQUIRED',
    );
    expect(noComm.errors?.[0]?.path).toBe('body.communicationId');
    // another department may not record it; nothing was written by any refusal
    expectProblem(await prod.api.post(`/api/samples/${sample.id}/answer`, { ...answer, version: v }), 403, 'RECORD_NOT_EDITABLE');
    expect((await ok(eng.api.get(`/api/samples/${sample.id}`))).decision).toBeNull();
    expect((await ok(eng.api.get(`/api/communications?linkType=sample&linkId=${sample.id}`))).items).toHaveLength(0);

    // approved: the answer, the signed record, the incoming fax linked to the sample and its order — closed
    sample = await ok(eng.api.post(`/api/samples/${sample.id}/answer`, { ...answer, version: v }));
    expect(sample).toMatchObject({
      state: 'approved',
      status: 'closed',
      decision: 'approved',
      answeredOn: '2026-11-26',
      answeredByContactName: 'Mr. Weber',
      answerCommunication: { number: expect.stringMatching(/^C\d{6}$/) },
    });
    expect(sample.signedRecords.map((f: { filename: string }) => f.filename)).toEqual(['样品承认书-SMP-00001.pdf']);
    const comm = await ok(eng.api.get(`/api/communications/${sample.answerCommunication.id}`));
    expect(comm).toMatchObject({ direction: 'in', channel: 'fax', topic: 'product-info', partyId: customer.id });
    expect(linksOf(comm)).toEqual([`order:${order.id}`, `sample:${sample.id}`].sort());
    expect((await ok(eng.api.get(`/api/communications?linkType=sample&linkId=${sample.id}`))).items).toHaveLength(1);
    // closed: no second answer
    expectProblem(await eng.api.post(`/api/samples/${sample.id}/answer`, { ...answer, version: sample.version }), 409, 'SAMPLE_NOT_AWAITING');
    const history = (await ok(eng.api.get(`/api/history/sample/${sample.id}`))).entries as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'update', 'procedure.dispatch', 'answer', 'procedure.approve']));

    // a second sample, rejected with the reason, answered through a communication already logged (QA records it)
    let second = await ok(qa.api.post('/api/samples', { partyId: customer.id, model: 'RY-2046', quantity: 2, sentOn: '2026-11-24', shipVia: 'hand' }));
    // QA keeps the record, but the step is Engineering's [CC 5.4]: QA cannot dispatch it
    expectProblem(await move(qa.api, second.id, 'dispatch'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(eng.api, second.id, 'dispatch'));
    second = await ok(eng.api.get(`/api/samples/${second.id}`));
    const logged = await ok(
      sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'email',
        direction: 'in',
        occurredAt: '2026-11-27T02:00:00.000Z',
        subject: '样品不合格',
        content: '插头尺寸超差，不承认。',
      }),
    );
    const rejFile = (await upload(app, eng.session, 'sample-report-rejected.pdf', '%PDF-1.4 rejected', 'application/pdf')).json();
    const otherComm = await ok(
      admin.post('/api/communications', {
        partyId: other.id,
        channel: 'email',
        direction: 'in',
        occurredAt: '2026-11-27T02:00:00.000Z',
        subject: 'x',
        content: 'y',
      }),
    );
    expectProblem(
      await eng.api.post(`/api/samples/${second.id}/answer`, {
        decision: 'rejected',
        rejectionReason: '插头尺寸超差',
        answeredOn: '2026-11-27',
        attachmentIds: [rejFile.id],
        communicationId: otherComm.id,
        version: second.version,
      }),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    second = await ok(
      eng.api.post(`/api/samples/${second.id}/answer`, {
        decision: 'rejected',
        rejectionReason: '插头尺寸超差',
        answeredOn: '2026-11-27',
        attachmentIds: [rejFile.id],
        communicationId: logged.id,
        version: second.version,
      }),
    );
    expect(second).toMatchObject({ state: 'rejected', decision: 'rejected', rejectionReason: '插头尺寸超差', answerCommunication: { id: logged.id } });
    expect(linksOf(await ok(eng.api.get(`/api/communications/${logged.id}`)))).toEqual([`sample:${second.id}`]);

    // the list and its filters (by customer, by order, by state); the customer page reads the same list
    expect((await ok(eng.api.get(`/api/samples?partyId=${customer.id}`))).items).toHaveLength(2);
    expect((await ok(eng.api.get(`/api/samples?orderId=${order.id}`))).items.map((s: { number: string }) => s.number)).toEqual(['SMP-00001']);
    expect((await ok(eng.api.get('/api/samples?state=rejected'))).items.map((s: { number: string }) => s.number)).toEqual(['SMP-00002']);
    expect((await ok(eng.api.get(`/api/samples?partyId=${other.id}`))).items).toHaveLength(0);
    // the MR reads, the search finds it behind the permission
    expect((await ok(mr.api.get(`/api/samples/${sample.id}`))).number).toBe('SMP-00001');
    expect(JSON.stringify((await eng.api.get('/api/search?q=SMP-00002')).json())).toContain('SMP-00002');
  });

  it('records a process-design question on the customer’s process data, answered and signed by the contact', async () => {
    const { app, eng, qa, sales, prod, customer, other } = await setup();
    const body = {
      partyId: customer.id,
      processData: '客户图纸 DWG-2045-03 B版',
      model: 'RY-2045',
      question: '外壳卡扣处公差 ±0.05 是否可放宽至 ±0.1？',
      askedOn: '2026-11-23',
      communication: { channel: 'phone', contactId: customer.contacts[0].id, subject: '工艺疑问：卡扣公差', content: '电话询问卡扣公差可否放宽。' },
    };
    expectProblem(await eng.api.post('/api/process-questions', { ...body, question: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await eng.api.post('/api/process-questions', { ...body, communication: null }), 422, 'COMMUNICATION_REQUIRED');
    expectProblem(await qa.api.post('/api/process-questions', body), 403, 'RECORD_NOT_EDITABLE');
    expectProblem(await sales.api.post('/api/process-questions', body), 403, 'RECORD_NOT_EDITABLE');
    const badContact = expectProblem(await eng.api.post('/api/process-questions', { ...body, partyId: other.id }), 422, 'LINKED_RECORD_NOT_FOUND');
    expect(badContact.errors?.[0]?.path).toBe('body.communication.contactId');

    let q = await ok(eng.api.post('/api/process-questions', body));
    expect(q).toMatchObject({ number: 'PQ-00001', status: 'open', askedByName: 'eng-chen', askedThrough: { number: expect.stringMatching(/^C\d{6}$/) } });
    const asked = await ok(eng.api.get(`/api/communications/${q.askedThrough.id}`));
    expect(asked).toMatchObject({ direction: 'out', channel: 'phone' });
    expect(linksOf(asked)).toEqual([`process-question:${q.id}`]);

    // no signature before the answer; the answer: dates in order, once only, by Engineering
    expectProblem(
      await eng.api.post(`/api/process-questions/${q.id}/signature`, {
        version: q.version,
        signedByContactId: customer.contacts[0].id,
        signedOn: '2026-11-25',
      }),
      409,
      'PROCESS_NOT_ANSWERED',
    );
    expectProblem(
      await prod.api.post(`/api/process-questions/${q.id}/answer`, { version: q.version, answer: '可以', answeredOn: '2026-11-24' }),
      403,
      'RECORD_NOT_EDITABLE',
    );
    expectProblem(
      await eng.api.post(`/api/process-questions/${q.id}/answer`, { version: q.version, answer: '可以', answeredOn: '2026-11-01' }),
      422,
      'ENGINEERING_DATES_INVALID',
    );
    q = await ok(
      eng.api.post(`/api/process-questions/${q.id}/answer`, {
        version: q.version,
        answer: '同意放宽至 ±0.1，其余按图。',
        answeredOn: '2026-11-24',
        communication: { channel: 'email', subject: 'RE: 卡扣公差', content: '同意放宽至 ±0.1。' },
      }),
    );
    expect(q).toMatchObject({ status: 'answered', answer: '同意放宽至 ±0.1，其余按图。', answerCommunication: { number: expect.any(String) } });
    expectProblem(
      await eng.api.post(`/api/process-questions/${q.id}/answer`, { version: q.version, answer: '再答', answeredOn: '2026-11-24' }),
      409,
      'PROCESS_ALREADY_ANSWERED',
    );

    // the signature: a signed document or the contact named with the date
    const none = expectProblem(await eng.api.post(`/api/process-questions/${q.id}/signature`, { version: q.version }), 422, 'PROCESS_SIGNATURE_MISSING');
    expect(none.errors?.[0]?.path).toBe('body.signedByContactId');
    const noDate = expectProblem(
      await eng.api.post(`/api/process-questions/${q.id}/signature`, { version: q.version, signedByContactId: customer.contacts[0].id }),
      422,
      'PROCESS_SIGNATURE_MISSING',
    );
    expect(noDate.errors?.[0]?.path).toBe('body.signedOn');
    const signed = (await upload(app, eng.session, 'DWG-2045-03-signed.pdf', '%PDF-1.4 signed', 'application/pdf')).json();
    q = await ok(
      eng.api.post(`/api/process-questions/${q.id}/signature`, {
        version: q.version,
        signedByContactId: customer.contacts[0].id,
        signedOn: '2026-11-25',
        attachmentIds: [signed.id],
      }),
    );
    expect(q).toMatchObject({ status: 'signed', signedByContactName: 'Mr. Weber', signedOn: '2026-11-25' });
    expect(q.signedDocuments).toHaveLength(1);
    expectProblem(
      await eng.api.post(`/api/process-questions/${q.id}/signature`, {
        version: q.version,
        signedByContactId: customer.contacts[0].id,
        signedOn: '2026-11-25',
      }),
      409,
      'PROCESS_ALREADY_SIGNED',
    );

    // the customer's process data: the list by customer and status
    expect((await ok(eng.api.get(`/api/process-questions?partyId=${customer.id}&status=signed`))).items.map((i: { number: string }) => i.number)).toEqual([
      'PQ-00001',
    ]);
    expect((await ok(eng.api.get('/api/process-questions?status=open'))).items).toHaveLength(0);
    expect((await ok(eng.api.get(`/api/communications?linkType=process-question&linkId=${q.id}`))).items).toHaveLength(2);
  });

  it('keeps an anomaly as a record linked to its reports, order, complaint and communications', async () => {
    const { app, admin, qa, sales, eng, prod, customer, other, order } = await setup();
    const complaint = (
      await admin.post('/api/complaints', {
        partyId: customer.id,
        channel: 'fax',
        receivedAt: '2026-11-20T02:00:00.000Z',
        model: 'RY-2045',
        deliveredQuantity: 100,
        defectiveQuantity: 3,
        description: '输出电压偏低',
        failureMode: '输出电压偏低',
        remedySought: ['replace'],
      })
    ).json();
    const body = {
      partyId: customer.id,
      title: '客户上线时输出电压偏低',
      description: '客户产线验证 20 台，3 台输出 11.2V。',
      foundIn: 'verification',
      occurredOn: '2026-11-24',
      model: 'RY-2045',
      lotNo: 'L2611-07',
      quantity: 3,
      orderId: order.id,
      complaintId: complaint.id,
      communication: { channel: 'email', subject: '来料验证异常', content: '验证发现 3 台输出电压偏低。' },
    };
    expectProblem(await qa.api.post('/api/anomalies', { ...body, foundIn: 'dream' }), 400, 'VALIDATION_FAILED');
    expectProblem(await qa.api.post('/api/anomalies', { ...body, description: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await qa.api.post('/api/anomalies', { ...body, communication: null }), 422, 'COMMUNICATION_REQUIRED');
    expectProblem(await prod.api.post('/api/anomalies', body), 403, 'RECORD_NOT_EDITABLE');
    const wrong = expectProblem(await qa.api.post('/api/anomalies', { ...body, partyId: other.id, orderId: null }), 422, 'LINKED_RECORD_NOT_FOUND');
    expect(wrong.errors?.[0]?.path).toBe('body.complaintId');

    let a = await ok(sales.api.post('/api/anomalies', body));
    expect(a).toMatchObject({
      number: 'ANO-00001',
      status: 'open',
      order: { id: order.id },
      complaint: { id: complaint.id, number: complaint.number },
      reportedThrough: { number: expect.any(String) },
      reports: [],
    });
    const comm = await ok(qa.api.get(`/api/communications/${a.reportedThrough.id}`));
    expect(comm).toMatchObject({ direction: 'in', channel: 'email' });
    expect(linksOf(comm)).toEqual([`anomaly:${a.id}`, `complaint:${complaint.id}`, `order:${order.id}`].sort());

    // closing needs a report; reports with a scan; Production may not add one
    const noReport = expectProblem(await qa.api.post(`/api/anomalies/${a.id}/close`, { version: a.version, conclusion: '已处理' }), 422, 'ANOMALY_NO_REPORT');
    expect(noReport.errors?.[0]?.path).toBe('body.reports');
    expectProblem(await qa.api.post(`/api/anomalies/${a.id}/reports`, { version: a.version, kind: 'inspection', documentNo: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await prod.api.post(`/api/anomalies/${a.id}/reports`, { version: a.version, kind: 'inspection', documentNo: 'IQC-1' }),
      403,
      'RECORD_NOT_EDITABLE',
    );
    const scan = (await upload(app, qa.session, '检验报告-QA-2026-118.pdf', '%PDF-1.4 report', 'application/pdf')).json();
    a = await ok(
      qa.api.post(`/api/anomalies/${a.id}/reports`, {
        version: a.version,
        kind: 'inspection',
        documentNo: 'QA-2026-118',
        note: '复测 3 台均偏低',
        attachmentIds: [scan.id],
      }),
    );
    a = await ok(eng.api.post(`/api/anomalies/${a.id}/reports`, { version: a.version, kind: 'scrap', documentNo: 'SC-2026-031' }));
    expect(a.reports.map((r: { kind: string; documentNo: string }) => `${r.kind}:${r.documentNo}`)).toEqual(['inspection:QA-2026-118', 'scrap:SC-2026-031']);
    expect(a.reports[0].attachment.filename).toBe('检验报告-QA-2026-118.pdf');
    expect(a.reports[1].attachment).toBeNull();

    a = await ok(qa.api.post(`/api/anomalies/${a.id}/close`, { version: a.version, conclusion: '稳压管批次不良，已更换供应商批次；结论已回复客户。' }));
    expect(a).toMatchObject({ status: 'closed', conclusion: expect.stringContaining('稳压管') });
    expectProblem(await qa.api.post(`/api/anomalies/${a.id}/reports`, { version: a.version, kind: 'anomaly', documentNo: 'AN-1' }), 409, 'ANOMALY_CLOSED');
    expectProblem(await qa.api.post(`/api/anomalies/${a.id}/close`, { version: a.version, conclusion: 'x' }), 409, 'ANOMALY_CLOSED');

    // lists: by customer, order, complaint, status; the report numbers are found by search
    expect(
      (await ok(qa.api.get(`/api/anomalies?complaintId=${complaint.id}`))).items.map((i: { number: string; reportCount: number }) => [i.number, i.reportCount]),
    ).toEqual([['ANO-00001', 2]]);
    expect((await ok(qa.api.get(`/api/anomalies?orderId=${order.id}&status=closed`))).items).toHaveLength(1);
    expect((await ok(qa.api.get('/api/anomalies?status=open'))).items).toHaveLength(0);
    expect(JSON.stringify((await qa.api.get('/api/search?q=QA-2026-118')).json())).toContain('ANO-00001');
    const history = (await ok(qa.api.get(`/api/history/anomaly/${a.id}`))).entries as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'report.add', 'close']));
  });
});
