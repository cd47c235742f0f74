import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { jpegBytes, upload } from '../support/multipart.js';

describe.each(engines())('complaints on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const sales = await userWithRoles(t.app, admin, 'li-sales', ['staff'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'zhou-qa', ['staff'], 'quality');
    const customer = (await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '刘工', title: 'SQE' }] })).json();
    const other = (await admin.post('/api/customers', { code: 'DG-02', nameZh: '东莞长安汽配厂', contacts: [{ name: '王工' }] })).json();
    return { ...t, admin, sales, qa, customer, other };
  }
  const body = (partyId: string, over: Record<string, unknown> = {}) => ({
    partyId,
    channel: 'fax',
    receivedAt: '2026-11-20T02:00:00.000Z',
    model: 'RY-2045',
    lot: 'L2611-07',
    deliveredQuantity: 5000,
    defectiveQuantity: 37,
    description: '输出电压偏低',
    failureMode: '输出电压偏低',
    remedySought: ['replace', '8d-report'],
    ...over,
  });
  const count = async (db: Parameters<typeof rows>[0], table: string) =>
    (await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  it('intake: numbers CC-<year>-n gaplessly, keeps the evidence, writes the number back onto the originating communication', async () => {
    const { app, sales, customer, database } = await setup();
    const mail = (
      await sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'email',
        direction: 'in',
        topic: 'complaint',
        occurredAt: '2026-11-20T01:30:00.000Z',
        subject: '来料不良投诉',
        content: 'RY-2045 批次 L2611-07 有 37 只电压偏低',
      })
    ).json();
    const photo = (await upload(app, sales.session, 'defect.jpg', jpegBytes('defect'), 'image/jpeg')).json();
    const res = await sales.api.post(
      '/api/complaints',
      body(customer.id, { channel: 'email', originCommunicationId: mail.id, attachmentIds: [photo.id], contactId: customer.contacts[0].id }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({
      number: 'CC-2026-0001',
      status: 'acknowledge',
      remedySought: ['replace', '8d-report'],
      originCommunication: { id: mail.id, number: mail.number },
      contactName: '刘工',
    });
    expect(c.attachments.map((a: { filename: string }) => a.filename)).toEqual(['defect.jpg']);
    // either leads to the other: the communication now links to the complaint by its number
    const back = (await sales.api.get(`/api/communications/${mail.id}`)).json();
    expect(back.links).toEqual([{ type: 'complaint', id: c.id, title: `${c.number} 深圳华强电子有限公司 RY-2045` }]);

    // a refused intake takes no number: the next one is 0002
    const before = await count(database.db, 'complaints');
    expectProblem(
      await sales.api.post('/api/complaints', body(customer.id, { contactId: '00000000-0000-4000-8000-000000000000' })),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    expect(await count(database.db, 'complaints')).toBe(before);
    const second = (await sales.api.post('/api/complaints', body(customer.id))).json();
    expect(second.number).toBe('CC-2026-0002');
    // a complaint received in the next year starts at 1 again (site time: 2026-12-31T16:30Z is 2027-01-01 in Shanghai)
    // (not in the future relative to the test clock, so only checked by the year logic when the clock allows)
  });

  it('bad input: clear 4xx with codes and field paths, nothing written', async () => {
    const { sales, customer, other, database } = await setup();
    const before = await Promise.all(['complaints', 'audit_log', 'procedure_instances', 'communication_links'].map((t) => count(database.db, t)));
    const v = expectProblem(
      await sales.api.post('/api/complaints', { partyId: customer.id, channel: 'pigeon', defectiveQuantity: -1, remedySought: [] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(v.errors!.map((e) => e.path)).toEqual(
      expect.arrayContaining(['body.channel', 'body.model', 'body.description', 'body.defectiveQuantity', 'body.remedySought', 'body.receivedAt']),
    );
    const more = expectProblem(
      await sales.api.post('/api/complaints', body(customer.id, { deliveredQuantity: 10, defectiveQuantity: 11 })),
      400,
      'VALIDATION_FAILED',
    );
    expect(more.errors!.map((e) => e.path)).toEqual(['body.defectiveQuantity']);
    expectProblem(await sales.api.post('/api/complaints', body(customer.id, { receivedAt: '2099-01-01T00:00:00.000Z' })), 400, 'VALIDATION_FAILED');
    expectProblem(await sales.api.post('/api/complaints', body('00000000-0000-4000-8000-000000000000')), 422, 'LINKED_RECORD_NOT_FOUND');
    expectProblem(await sales.api.post('/api/complaints', body(customer.id, { contactId: other.contacts[0].id })), 422, 'CONTACT_NOT_OF_PARTY');
    const mail = (
      await sales.api.post('/api/communications', {
        partyId: other.id,
        channel: 'email',
        direction: 'in',
        topic: 'complaint',
        occurredAt: '2026-11-20T01:30:00.000Z',
        subject: 's',
        content: 'c',
      })
    ).json();
    const afterMail = await Promise.all(['complaints', 'audit_log', 'procedure_instances', 'communication_links'].map((t) => count(database.db, t)));
    const origin = expectProblem(
      await sales.api.post('/api/complaints', body(customer.id, { originCommunicationId: mail.id })),
      422,
      'COMPLAINT_ORIGIN_OTHER_CUSTOMER',
    );
    expect(origin.errors).toEqual([{ path: 'body.originCommunicationId', code: 'other_party', message: expect.any(String) }]);
    expectProblem(
      await sales.api.post('/api/complaints', body(customer.id, { attachmentIds: ['00000000-0000-4000-8000-000000000000'] })),
      422,
      'ATTACHMENT_NOT_FOUND',
    );
    expect(await Promise.all(['complaints', 'audit_log', 'procedure_instances', 'communication_links'].map((t) => count(database.db, t)))).toEqual(afterMail);
    expect(afterMail[0]).toBe(before[0]);
    // in the user's language (their profile says zh-CN)
    expect(origin.detail).toBe('来源沟通记录不属于该客户。');
  });

  it('needs the complaints permissions; the MR reads but cannot write', async () => {
    const { app, admin, customer } = await setup();
    const mr = await userWithRoles(app, admin, 'mr-sun', ['mr'], 'quality');
    const created = (await admin.post('/api/complaints', body(customer.id))).json();
    expect((await mr.api.get(`/api/complaints/${created.id}`)).statusCode).toBe(200);
    expectProblem(await mr.api.post('/api/complaints', body(customer.id)), 403, 'FORBIDDEN');
    expectProblem(await client(app, null).get('/api/complaints'), 401, 'UNAUTHENTICATED');
    const list = (await mr.api.get('/api/complaints?open=true')).json();
    expect(list.items.map((x: { number: string; status: string; ageDays: number }) => [x.number, x.status])).toEqual([[created.number, 'acknowledge']]);
    expect(list.items[0].overdue).toBe(true);
    expect((await mr.api.get('/api/complaints?overdue=true')).json().total).toBe(1);
    expect((await mr.api.get('/api/complaints?q=RY-2045')).json().total).toBe(1);
    expect((await mr.api.get('/api/complaints?q=nothing-like-it')).json().total).toBe(0);
  });

  it('offers similar complaints (same model or failure mode, any customer, open or closed) for linking as recurrences', async () => {
    const { sales, customer, other } = await setup();
    const first = (await sales.api.post('/api/complaints', body(customer.id))).json();
    await sales.api.post('/api/complaints', body(customer.id, { model: 'RY-9909', failureMode: '外壳划伤' }));
    const second = (await sales.api.post('/api/complaints', body(other.id, { model: 'ry-2045 ', failureMode: '输出电压偏低', lot: 'L2612-01' }))).json();
    const candidates = (await sales.api.get(`/api/complaints/${second.id}/recurrence-candidates`)).json();
    expect(candidates.items.map((x: { number: string; sameCustomer: boolean; matchedOn: string[] }) => [x.number, x.sameCustomer, x.matchedOn])).toEqual([
      [first.number, false, ['model', 'failure-mode']],
    ]);
    expectProblem(
      await sales.api.post(`/api/complaints/${second.id}/recurrences`, { version: second.version, otherId: second.id }),
      422,
      'COMPLAINT_RECURRENCE_INVALID',
    );
    const linked = await sales.api.post(`/api/complaints/${second.id}/recurrences`, { version: second.version, otherId: first.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().recurrences).toEqual([
      { id: first.id, number: first.number, partyName: '深圳华强电子有限公司', model: 'RY-2045', status: 'acknowledge' },
    ]);
    expect((await sales.api.get(`/api/complaints/${second.id}/recurrence-candidates`)).json().items).toEqual([]);
    expectProblem(await sales.api.post(`/api/complaints/${second.id}/recurrences`, { version: second.version, otherId: first.id }), 409, 'VERSION_CONFLICT');
  });

  it("names the order line, shipment and lot it concerns: the customer's own only, shown on the order, matched as recurrences, prices never shown", async () => {
    const { sales, qa, customer, other, admin, database } = await setup();
    const orderBody = (partyId: string, po: string) => ({
      partyId,
      customerPo: po,
      form: 'fax',
      orderDate: '2026-11-02',
      receivedAt: '2026-11-02T02:00:00.000Z',
      lines: [
        { model: 'RY-2045', quantity: 5000, requestedDate: '2026-11-18', unitPrice: 12.345, currency: 'CNY' },
        { model: 'RY-9909', quantity: 300, requestedDate: '2026-11-18', unitPrice: 8.5, currency: 'CNY' },
      ],
    });
    const mine = (await admin.post('/api/orders', orderBody(customer.id, 'PO-88001'))).json();
    const theirs = (await admin.post('/api/orders', orderBody(other.id, 'PO-77001'))).json();
    expect(mine.number, JSON.stringify(mine)).toBeTruthy();
    // the shipment as it left (the order's own walk to shipping is order-procedure.test.ts)
    const [ship] = await rows<{ id: string }>(
      database.db,
      sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${mine.id}, ${mine.lines[0].id}, 5000, '2026-11-18T08:00:00Z') returning id`,
    );
    const [otherShip] = await rows<{ id: string }>(
      database.db,
      sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${theirs.id}, ${theirs.lines[0].id}, 5000, '2026-11-18T08:00:00Z') returning id`,
    );

    // the pickers offer this customer's order lines and shipments only, without prices
    const options = (await sales.api.get(`/api/complaints/order-lines?partyId=${customer.id}`)).json();
    expect(options.items.map((o: { orderNumber: string; lineNo: number; shipments: unknown[] }) => [o.orderNumber, o.lineNo, o.shipments.length])).toEqual([
      [mine.number, 1, 1],
      [mine.number, 2, 0],
    ]);
    expect(JSON.stringify(options)).not.toContain('unitPrice');
    expect((await sales.api.get(`/api/complaints/order-lines?partyId=${customer.id}&q=9909`)).json().items.map((o: { model: string }) => o.model)).toEqual([
      'RY-9909',
    ]);

    // without lines: one line from the header
    const plain = (await sales.api.post('/api/complaints', body(customer.id))).json();
    expect(plain.lines).toEqual([
      expect.objectContaining({
        lineNo: 1,
        model: 'RY-2045',
        lot: 'L2611-07',
        deliveredQuantity: 5000,
        defectiveQuantity: 37,
        returnedQuantity: null,
        order: null,
        shipment: null,
      }),
    ]);

    // another customer's order line or shipment is refused, naming the line; nothing written
    const before = await count(database.db, 'complaints');
    const wrongLine = expectProblem(
      await sales.api.post('/api/complaints', body(customer.id, { lines: [{ model: 'RY-2045', defectiveQuantity: 5, orderLineId: theirs.lines[0].id }] })),
      422,
      'COMPLAINT_ORDER_OTHER_CUSTOMER',
    );
    expect(wrongLine.errors!.map((e) => e.path)).toEqual(['body.lines.0.orderLineId']);
    const wrongShip = expectProblem(
      await sales.api.post(
        '/api/complaints',
        body(customer.id, {
          lines: [
            { model: 'RY-2045', defectiveQuantity: 5 },
            { model: 'RY-2045', defectiveQuantity: 5, shipmentId: otherShip!.id },
          ],
        }),
      ),
      422,
      'COMPLAINT_ORDER_OTHER_CUSTOMER',
    );
    expect(wrongShip.errors!.map((e) => e.path)).toEqual(['body.lines.1.shipmentId']);
    expectProblem(
      await sales.api.post(
        '/api/complaints',
        body(customer.id, { lines: [{ model: 'RY-2045', defectiveQuantity: 5, orderLineId: mine.lines[1].id, shipmentId: ship!.id }] }),
      ),
      422,
      'COMPLAINT_SHIPMENT_OTHER_LINE',
    );
    const tooMany = expectProblem(
      await sales.api.post(
        '/api/complaints',
        body(customer.id, { lines: [{ model: 'RY-2045', deliveredQuantity: 10, defectiveQuantity: 5, returnedQuantity: 50 }] }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(tooMany.errors!.map((e) => e.path)).toEqual(['body.lines.0.returnedQuantity']);
    expect(await count(database.db, 'complaints')).toBe(before);

    // a return of 50 pcs traced to its order line and shipment (the shipment gives the order line)
    const res = await sales.api.post(
      '/api/complaints',
      body(customer.id, {
        kind: 'return',
        lines: [{ model: 'RY-2045', lot: 'L2611-07', deliveredQuantity: 5000, defectiveQuantity: 50, returnedQuantity: 50, shipmentId: ship!.id }],
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const traced = res.json();
    expect(traced.lines[0]).toMatchObject({
      lineNo: 1,
      returnedQuantity: 50,
      orderLineId: mine.lines[0].id,
      order: { id: mine.id, number: mine.number, customerPo: 'PO-88001', lineNo: 1 },
      shipment: { id: ship!.id, quantity: 5000 },
    });

    // the order lists the complaints against it
    const onOrder = (await sales.api.get(`/api/complaints?orderId=${mine.id}`)).json();
    expect(onOrder.items.map((x: { number: string }) => x.number)).toEqual([traced.number]);
    expect((await sales.api.get(`/api/complaints?orderId=${theirs.id}`)).json().items).toEqual([]);

    // recurrence matching uses the lines: same order line, same model and lot
    const later = (
      await sales.api.post(
        '/api/complaints',
        body(customer.id, {
          model: 'RY-9909',
          lot: null,
          failureMode: '外壳划伤',
          lines: [
            { model: 'RY-9909', defectiveQuantity: 2 },
            { model: 'RY-2045', lot: 'l2611-07', defectiveQuantity: 3, orderLineId: mine.lines[0].id },
          ],
        }),
      )
    ).json();
    const candidates = (await sales.api.get(`/api/complaints/${later.id}/recurrence-candidates`)).json().items;
    const byNumber = Object.fromEntries(candidates.map((x: { number: string; matchedOn: string[] }) => [x.number, x.matchedOn]));
    expect(byNumber[traced.number]).toEqual(['model', 'lot', 'order-line']);
    expect(byNumber[plain.number]).toEqual(['model', 'lot']);

    // lines edited while open: replaced (the old ones voided, in the history), checked the same way
    expectProblem(
      await qa.api.put(`/api/complaints/${plain.id}/lines`, {
        version: plain.version,
        lines: [{ model: 'RY-2045', defectiveQuantity: 1, orderLineId: theirs.lines[1].id }],
      }),
      422,
      'COMPLAINT_ORDER_OTHER_CUSTOMER',
    );
    const edited = await qa.api.put(`/api/complaints/${plain.id}/lines`, {
      version: plain.version,
      lines: [
        { model: 'RY-2045', lot: 'L2611-07', defectiveQuantity: 30, orderLineId: mine.lines[0].id },
        { model: 'RY-9909', defectiveQuantity: 7, orderLineId: mine.lines[1].id },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().lines.map((l: { lineNo: number; model: string; order: { lineNo: number } | null }) => [l.lineNo, l.model, l.order?.lineNo])).toEqual([
      [1, 'RY-2045', 1],
      [2, 'RY-9909', 2],
    ]);
    expectProblem(
      await qa.api.put(`/api/complaints/${plain.id}/lines`, { version: plain.version, lines: [{ model: 'X', defectiveQuantity: 1 }] }),
      409,
      'VERSION_CONFLICT',
    );
    expect(
      await rows<{ n: number }>(database.db, sql`select count(*)::int as n from complaint_lines where complaint_id = ${plain.id} and voided_at is not null`),
    ).toEqual([{ n: 1 }]);
    const history = (await qa.api.get(`/api/history/complaint/${plain.id}`)).json();
    expect(history.entries.at(-1)).toMatchObject({ action: 'lines.set' });
    expect(
      (await sales.api.get(`/api/complaints?orderId=${mine.id}`))
        .json()
        .items.map((x: { number: string }) => x.number)
        .sort(),
    ).toEqual([plain.number, traced.number, later.number].sort());
  });

  it('returned goods: QA analyses before any credit (or a manager overrides with a reason); Process Engineering routes, Planning schedules, Production reworks', async () => {
    const { app, admin, sales, qa, customer } = await setup();
    const pe = await userWithRoles(app, admin, 'pe-gao', ['staff'], 'process');
    const pmc = await userWithRoles(app, admin, 'pmc-ma', ['staff'], 'planning');
    const prod = await userWithRoles(app, admin, 'prod-he', ['staff'], 'production');
    const salesManager = await userWithRoles(app, admin, 'sales-boss', ['manager'], 'sales');
    let c = (await sales.api.post('/api/complaints', body(customer.id, { kind: 'return', remedySought: ['return', 'credit'] }))).json();
    c = (await qa.api.post(`/api/complaints/${c.id}/returns`, { version: c.version, receivedAt: '2026-11-22T02:00:00.000Z', quantity: 37 })).json();
    let ret = c.returns[0];
    expect(ret).toMatchObject({ quantity: 37, analysis: null, credit: null });
    const refused = expectProblem(
      await sales.api.post(`/api/complaints/${c.id}/returns/${ret.id}/credit`, { version: ret.version, note: '扣款 37 只' }),
      422,
      'RETURN_ANALYSIS_REQUIRED',
    );
    expect(refused.errors!.map((e) => e.path)).toEqual(['body.overrideReason']);
    // only a manager may credit before the analysis
    expectProblem(
      await sales.api.post(`/api/complaints/${c.id}/returns/${ret.id}/credit`, { version: ret.version, note: '扣款', overrideReason: '客户催' }),
      403,
      'COMPLAINT_NOT_YOUR_DEPARTMENT',
    );
    const photo = (await upload(app, qa.session, 'teardown.jpg', jpegBytes('teardown'), 'image/jpeg')).json();
    expectProblem(
      await sales.api.put(`/api/complaints/${c.id}/returns/${ret.id}/analysis`, { version: ret.version, result: 'x', confirmed: true, disposition: 'rework' }),
      403,
      'COMPLAINT_NOT_YOUR_DEPARTMENT',
    );
    const analysed = await qa.api.put(`/api/complaints/${c.id}/returns/${ret.id}/analysis`, {
      version: ret.version,
      result: '拆解确认 R12 阻值错误',
      confirmed: true,
      disposition: 'rework',
      attachmentIds: [photo.id],
    });
    expect(analysed.statusCode, analysed.body).toBe(200);
    ret = analysed.json().returns[0];
    expect(ret.analysis).toMatchObject({ result: '拆解确认 R12 阻值错误', confirmed: true, disposition: 'rework', byName: 'zhou-qa' });
    expect(ret.analysis.attachments.map((a: { filename: string }) => a.filename)).toEqual(['teardown.jpg']);
    // the route is Process Engineering's, the schedule Planning's
    expectProblem(
      await pmc.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework-plan`, { version: ret.version, route: '更换 R12', scheduledDate: '2026-11-25' }),
      403,
      'COMPLAINT_NOT_YOUR_DEPARTMENT',
    );
    ret = (await pe.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework-plan`, { version: ret.version, route: '更换 R12 → 满载测试 → 包装' })).json()
      .returns[0];
    ret = (
      await pmc.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework-plan`, {
        version: ret.version,
        route: '更换 R12 → 满载测试 → 包装',
        scheduledDate: '2026-11-25',
      })
    ).json().returns[0];
    expectProblem(
      await prod.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework`, { version: ret.version, reworkedQuantity: 38 }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await qa.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework`, { version: ret.version, reworkedQuantity: 37 }),
      403,
      'COMPLAINT_NOT_YOUR_DEPARTMENT',
    );
    ret = (
      await prod.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework`, { version: ret.version, reworkedQuantity: 37, effect: '37 只全部合格' })
    ).json().returns[0];
    expect(ret.rework).toMatchObject({
      route: '更换 R12 → 满载测试 → 包装',
      scheduledDate: '2026-11-25',
      reworkedQuantity: 37,
      effect: '37 只全部合格',
      workStandardChange: null,
    });
    // a chronic problem becomes a work-standard change: Process Engineering's to record (SV 3.6)
    expectProblem(
      await prod.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework`, {
        version: ret.version,
        reworkedQuantity: 37,
        effect: '37 只全部合格',
        workStandardChange: 'WI-PR-012 C 版',
      }),
      403,
      'COMPLAINT_NOT_YOUR_DEPARTMENT',
    );
    ret = (
      await pe.api.put(`/api/complaints/${c.id}/returns/${ret.id}/rework`, {
        version: ret.version,
        reworkedQuantity: 37,
        effect: '37 只全部合格',
        workStandardChange: 'WI-PR-012 C 版：备料增加 R12 阻值核对',
      })
    ).json().returns[0];
    expect(ret.rework.workStandardChange).toBe('WI-PR-012 C 版：备料增加 R12 阻值核对');
    ret = (await sales.api.post(`/api/complaints/${c.id}/returns/${ret.id}/credit`, { version: ret.version, note: '扣款 37 只' })).json().returns[0];
    expect(ret.credit).toMatchObject({ note: '扣款 37 只', overrideReason: null });
    expectProblem(
      await sales.api.post(`/api/complaints/${c.id}/returns/${ret.id}/credit`, { version: ret.version, note: 'again' }),
      409,
      'RETURN_ALREADY_CREDITED',
    );
    // a manager's override, with its reason kept
    c = (await qa.api.get(`/api/complaints/${c.id}`)).json();
    c = (await qa.api.post(`/api/complaints/${c.id}/returns`, { version: c.version, receivedAt: '2026-11-23T02:00:00.000Z', quantity: 5 })).json();
    const r2 = c.returns[1];
    const over = (
      await salesManager.api.post(`/api/complaints/${c.id}/returns/${r2.id}/credit`, {
        version: r2.version,
        note: '5 只直接补偿',
        overrideReason: '战略客户，副总同意先补偿',
      })
    ).json().returns[1];
    expect(over.credit).toMatchObject({ overrideReason: '战略客户，副总同意先补偿' });
  });

  it("a customer's timing template sets the step deadlines of its complaints (calendar hours / days / working days)", async () => {
    const { app, admin, sales, customer, other } = await setup();
    const manager = await userWithRoles(app, admin, 'qa-boss', ['manager'], 'quality');
    expect((await sales.api.get(`/api/complaints/timing-templates/${customer.id}`)).json()).toEqual({
      partyId: customer.id,
      steps: {},
      note: null,
      version: null,
    });
    // staff may not set it; bad units and unknown steps are refused
    expectProblem(
      await sales.api.put(`/api/complaints/timing-templates/${customer.id}`, { version: null, steps: { acknowledge: { amount: 4, unit: 'calendarHours' } } }),
      403,
      'FORBIDDEN',
    );
    const bad = expectProblem(
      await manager.api.put(`/api/complaints/timing-templates/${customer.id}`, {
        version: null,
        steps: { acknowledge: { amount: 0, unit: 'fortnights' }, 'd9-party': { amount: 1, unit: 'calendarDays' } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['body.steps.acknowledge.amount', 'body.steps.acknowledge.unit']));
    const set = await manager.api.put(`/api/complaints/timing-templates/${customer.id}`, {
      version: null,
      steps: { acknowledge: { amount: 4, unit: 'calendarHours' }, 'd3-containment': { amount: 12, unit: 'calendarHours' } },
      note: '客户 CSR 第 7 条',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ version: 1, steps: { acknowledge: { amount: 4, unit: 'calendarHours' } } });
    expectProblem(await manager.api.put(`/api/complaints/timing-templates/${customer.id}`, { version: null, steps: {} }), 409, 'VERSION_CONFLICT');
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const mine = (await sales.api.post('/api/complaints', body(customer.id, { receivedAt }))).json();
    const theirs = (await sales.api.post('/api/complaints', body(other.id, { receivedAt }))).json();
    const clock = async (id: string) => (await sales.api.get(`/api/procedure-instances?refType=complaint&refId=${id}`)).json().items[0].clock;
    expect(Date.parse((await clock(mine.id)).dueAt) - Date.parse(receivedAt)).toBe(4 * 3600_000);
    expect(Date.parse((await clock(theirs.id)).dueAt) - Date.parse(receivedAt)).toBe(24 * 3600_000);
  });

  it('KPI: handling timeliness rate with its definition, and lateness per step', async () => {
    const { sales, customer } = await setup();
    await sales.api.post('/api/complaints', body(customer.id));
    const recent = (await sales.api.post('/api/complaints', body(customer.id, { receivedAt: new Date(Date.now() - 60_000).toISOString() }))).json();
    const kpi = (await sales.api.get('/api/complaints/kpi')).json();
    expect(kpi).toMatchObject({ total: 2, handledOnTime: 1, rate: 0.5, acknowledgedOnTime: 1 });
    expect(kpi.definition.zh).toContain('及时');
    expect(kpi.steps).toEqual([{ stepId: 'acknowledge', visits: 2, late: 1 }]);
    expect(recent.overdue).toBe(false);
  });
});
