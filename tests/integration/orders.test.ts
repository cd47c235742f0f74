import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { upload } from '../support/multipart.js';
import { Order, OrderLine, OrderLineInput, OrderList } from '../../contracts/orders.js';
import { procedureDiagram } from '../../contracts/procedure-diagram.js';
import { latestDefinition } from '../../server/procedures/catalogue.js';

/** Products catalogue, order intake, its refusals, classification override, clarifications, confidentiality of prices. */
describe.each(engines())('orders on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin, session: adminSession } = await adminClient(t.app);
    // a sales clerk takes orders and sees prices; `blind` works in Sales without prices.read
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    const blind = await userWithRoles(t.app, admin, 'blind', ['staff'], 'sales');
    const manager = await userWithRoles(t.app, admin, 'wang', ['manager'], 'sales');
    const customer = (
      await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '陈小姐', title: '采购' }] })
    ).json();
    const other = (await admin.post('/api/customers', { code: 'GZ-02', nameZh: '广州景恩电子', contacts: [{ name: '李先生' }] })).json();
    const product = (
      await manager.api.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', nameEn: 'Power adapter', inBom: true })
    ).json();
    return { ...t, admin, adminSession, clerk, blind, manager, customer, other, product };
  }

  const line = (over: Record<string, unknown> = {}) => ({
    model: 'RY-2045',
    spec: '12V 2A',
    quantity: 5000,
    requestedDate: '2026-12-20',
    use: '车载充电',
    qualityStandard: 'GB/T 2828.1 AQL 0.65',
    hsfRequirement: 'RoHS 2.0',
    unitPrice: 12.345,
    currency: 'CNY',
    ...over,
  });
  const order = (partyId: string, over: Record<string, unknown> = {}) => ({
    partyId,
    customerPo: 'PO-88001',
    form: 'fax',
    orderDate: '2026-11-20',
    receivedAt: '2026-11-20T02:00:00.000Z',
    lines: [line(), line({ model: 'RY-9999', spec: null, quantity: 200, unclear: true, unclearNote: '型号字迹不清：RY-9999 还是 RY-9909？' })],
    ...over,
  });

  async function counts(db: Parameters<typeof rows>[0]) {
    const [c] = await rows<Record<string, number>>(
      db,
      sql`select (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines, (select count(*)::int from audit_log) as audit,
                 (select count(*)::int from procedure_instances) as instances, (select count(*)::int from search_index) as search`,
    );
    return c!;
  }

  it('keeps a product catalogue: permission-checked, unique models, versioned updates, void with reason', async () => {
    const { clerk, manager, product } = await setup();
    expect(product).toMatchObject({ model: 'RY-2045', inBom: true, voided: false, version: 1 });
    expectProblem(await clerk.api.post('/api/products', { model: 'X-1', nameZh: '试' }), 403, 'FORBIDDEN');
    const dup = expectProblem(await manager.api.post('/api/products', { model: 'ry-2045', nameZh: '重复' }), 409, 'DUPLICATE_CODE');
    expect(dup.errors!.map((e) => e.path)).toEqual(['body.model']);
    expectProblem(await manager.api.post('/api/products', { model: '  ', nameZh: '空' }), 400, 'VALIDATION_FAILED');

    const list = (await clerk.api.get('/api/products?q=2045')).json();
    expect(list).toMatchObject({ total: 1, items: [{ id: product.id }] });
    expect((await clerk.api.get('/api/products?inBom=false')).json().total).toBe(0);

    const updated = (
      await manager.api.put(`/api/products/${product.id}`, {
        version: 1,
        model: 'RY-2045',
        spec: '12V 2.5A',
        nameZh: '电源适配器',
        inBom: true,
        reason: '规格更新',
      })
    ).json();
    expect(updated).toMatchObject({ spec: '12V 2.5A', version: 2 });
    expectProblem(await manager.api.put(`/api/products/${product.id}`, { version: 1, model: 'RY-2045', nameZh: '旧版本' }), 409, 'VERSION_CONFLICT');
    expectProblem(await manager.api.post(`/api/products/${product.id}/void`, { version: 2 }), 400, 'VALIDATION_FAILED');
    const voided = (await manager.api.post(`/api/products/${product.id}/void`, { version: 2, reason: '停产' })).json();
    expect(voided).toMatchObject({ voided: true, voidReason: '停产' });
    expect((await clerk.api.get('/api/products')).json().total).toBe(0);
    expect((await clerk.api.get('/api/products?includeVoided=true')).json().total).toBe(1);
    // the model is free again once voided
    expect((await manager.api.post('/api/products', { model: 'RY-2045', nameZh: '新版电源适配器', inBom: true })).statusCode).toBe(200);
    const history = (await manager.api.get(`/api/history/product/${product.id}`)).json();
    expect(history.entries.map((e: { action: string; reason: string | null }) => `${e.action}:${e.reason ?? ''}`)).toEqual([
      'create:',
      'update:规格更新',
      'void:停产',
    ]);
  });

  it('takes a fax order with its scan and lines, classifies it, starts the order procedure and indexes it', async () => {
    const { app, admin, clerk, blind, customer } = await setup();
    const scan = (await upload(app, clerk.session, '传真订单 PO-88001.pdf', '%PDF-1.4 fax scan', 'application/pdf')).json();
    const created = await clerk.api.post('/api/orders', { ...order(customer.id), attachmentIds: [scan.id] });
    expect(created.statusCode, created.body).toBe(200);
    const o = created.json();
    expect(o.number).toMatch(/^SO-2026-\d{4}$/);
    expect(o).toMatchObject({
      partyId: customer.id,
      partyCode: 'SZ-01',
      customerPo: 'PO-88001',
      form: 'fax',
      status: 'intake',
      closed: false,
      type: 'contract',
      computedType: 'contract',
      writtenOrderOnFile: true,
      writtenOrderAttachmentIds: [scan.id],
      receiverName: 'clerk',
      openClarifications: 0,
      version: 1,
    });
    expect(o.attachments.map((a: { filename: string }) => a.filename)).toEqual(['传真订单 PO-88001.pdf']);
    expect(o.lines).toHaveLength(2);
    expect(o.lines[0]).toMatchObject({
      lineNo: 1,
      model: 'RY-2045',
      inBom: true,
      quantity: 5000,
      requestedDate: '2026-12-20',
      hsfRequirement: 'RoHS 2.0',
      unclear: false,
    });
    expect(o.lines[1]).toMatchObject({ lineNo: 2, model: 'RY-9999', inBom: false, productId: null, unclear: true });
    // a user without prices.read does not see prices, the clerk and the administrator do
    expect(o.lines[0].unitPrice).toBe(12.345);
    expect((await blind.api.get(`/api/orders/${o.id}`)).json().lines[0].unitPrice).toBeUndefined();
    expect((await admin.get(`/api/orders/${o.id}`)).json().lines[0].unitPrice).toBe(12.345);
    // new product and first review: a contract, with the reasons per line
    expect(o.classificationReasons.map((r: { code: string; lineNo: number }) => `${r.code}@${r.lineNo}`)).toEqual([
      'no-previous-review@1',
      'not-in-bom@2',
      'no-previous-review@2',
    ]);
    expect(o.classificationReasons[1].text).toEqual({
      zh: '第 2 行：型号 RY-9999 未列入 BOM（新产品）',
      en: 'Line 2: model RY-9999 is not in the BOM (new product)',
    });

    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${o.id}`)).json().items;
    expect(instance).toMatchObject({ procedureId: 'order', procedureVersion: 3, state: 'intake', status: 'open' });
    expect(instance.clock).toMatchObject({ stepId: 'intake', status: 'running' });

    // list filters and search
    expect((await clerk.api.get(`/api/orders?partyId=${customer.id}&status=intake`)).json()).toMatchObject({
      total: 1,
      items: [{ id: o.id, lineCount: 2, firstRequestedDate: '2026-12-20' }],
    });
    expect((await clerk.api.get('/api/orders?status=contract-review')).json().total).toBe(0);
    expect((await clerk.api.get('/api/orders?q=RY-9999')).json().total).toBe(1);
    expect((await clerk.api.get('/api/orders?q=华强')).json().total).toBe(1);
    expect((await clerk.api.get('/api/orders?type=continuous')).json().total).toBe(0);
    const hits = (await clerk.api.get('/api/search?q=PO-88001')).json().hits;
    expect(hits).toContainEqual(expect.objectContaining({ ref: { type: 'order', id: o.id }, url: `/orders/${o.id}` }));

    // a communication can link to the order (record type registered)
    const comm = await clerk.api.post('/api/communications', {
      partyId: customer.id,
      channel: 'fax',
      direction: 'in',
      topic: 'order',
      occurredAt: '2026-11-20T02:00:00.000Z',
      subject: '传真订单',
      content: '收到传真订单',
      links: [{ type: 'order', id: o.id }],
    });
    expect(comm.json().links).toEqual([{ type: 'order', id: o.id, title: `${o.number} 深圳华强电子有限公司` }]);
    const history = (await clerk.api.get(`/api/history/order/${o.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'procedure.start']);
  });

  it('edits an order while in intake, keeps prices the editor cannot see, and refuses stale versions', async () => {
    const { admin, clerk: taker, blind: clerk, customer } = await setup();
    const o = (await taker.api.post('/api/orders', order(customer.id))).json();
    const edit = {
      version: 1,
      reason: '客户来电更正数量',
      customerPo: 'PO-88001',
      form: 'fax',
      orderDate: '2026-11-20',
      receivedAt: '2026-11-20T02:00:00.000Z',
      // line 1 kept (no price sent: this editor cannot see it), line 2 dropped, a new line added (priced later by Sales)
      lines: [{ ...line({ quantity: 6000 }), id: o.lines[0].id, unitPrice: undefined }, line({ model: 'RY-3000', quantity: 10, unitPrice: undefined })],
    };
    const res = await clerk.api.put(`/api/orders/${o.id}`, edit);
    expect(res.statusCode, res.body).toBe(200);
    const after = (await admin.get(`/api/orders/${o.id}`)).json();
    expect(
      after.lines.map((l: { lineNo: number; model: string; quantity: number; unitPrice: number }) => [l.lineNo, l.model, l.quantity, l.unitPrice ?? null]),
    ).toEqual([
      [1, 'RY-2045', 6000, 12.345],
      [2, 'RY-3000', 10, null],
    ]);
    // the edit does not make the editor the receiver (接单人)
    expect(after.receiverName).toBe('clerk');
    expect(after.version).toBe(2);
    expectProblem(await clerk.api.put(`/api/orders/${o.id}`, edit), 409, 'VERSION_CONFLICT');
    // corrected to a phone order: the fax no longer counts as the written order
    const keptLines = after.lines.map((l: { id: string; model: string; quantity: number; requestedDate: string }) => ({
      id: l.id,
      model: l.model,
      quantity: l.quantity,
      requestedDate: l.requestedDate,
    }));
    const oral = (await clerk.api.put(`/api/orders/${o.id}`, { ...edit, version: 2, form: 'oral', lines: keptLines })).json();
    expect(oral).toMatchObject({ form: 'oral', writtenOrderOnFile: false, writtenOrderAttachmentIds: [], writtenOrderAt: null, version: 3 });
    const back = (await clerk.api.put(`/api/orders/${o.id}`, { ...edit, version: 3, lines: keptLines })).json();
    expect(back).toMatchObject({ form: 'fax', writtenOrderOnFile: true });
    const unknownLine = expectProblem(
      await clerk.api.put(`/api/orders/${o.id}`, { ...edit, version: 4, lines: [{ ...line({ unitPrice: undefined }), id: o.lines[1].id }] }),
      422,
      'ORDER_LINE_NOT_FOUND',
    );
    expect(unknownLine.errors!.map((e) => e.path)).toEqual(['body.lines.0.id']);
    const history = (await admin.get(`/api/history/order/${o.id}`)).json();
    const update = history.entries.find((e: { action: string }) => e.action === 'update');
    expect(history.entries.filter((e: { action: string }) => e.action === 'update')).toHaveLength(3);
    expect(update.reason).toBe('客户来电更正数量');
    expect(update.before.lines).toHaveLength(2);
    expect(update.after.lines[0]).toMatchObject({ quantity: 6000, unitPrice: 12.345 });
  });

  it('refuses bad input with a stable code and the field, and writes nothing', async () => {
    const { database, clerk, customer, other } = await setup();
    const before = await counts(database.db);
    const zero = expectProblem(await clerk.api.post('/api/orders', order(customer.id, { lines: [line({ quantity: 0 })] })), 400, 'VALIDATION_FAILED');
    expect(zero.errors!.map((e) => e.path)).toEqual(['body.lines.0.quantity']);
    const negative = expectProblem(
      await clerk.api.post('/api/orders', order(customer.id, { lines: [line(), line({ quantity: -5 })] })),
      400,
      'VALIDATION_FAILED',
    );
    expect(negative.errors!.map((e) => e.path)).toEqual(['body.lines.1.quantity']);
    expectProblem(await clerk.api.post('/api/orders', order(customer.id, { lines: [] })), 400, 'VALIDATION_FAILED');
    expectProblem(await clerk.api.post('/api/orders', order(customer.id, { form: 'telepathy' })), 400, 'VALIDATION_FAILED');
    const early = expectProblem(
      await clerk.api.post('/api/orders', order(customer.id, { lines: [line(), line({ requestedDate: '2026-11-19' })] })),
      422,
      'ORDER_DELIVERY_BEFORE_ORDER_DATE',
    );
    expect(early.errors!.map((e) => e.path)).toEqual(['body.lines.1.requestedDate']);
    const unknown = expectProblem(await clerk.api.post('/api/orders', order('00000000-0000-4000-8000-000000000000')), 422, 'LINKED_RECORD_NOT_FOUND');
    expect(unknown.errors!.map((e) => e.path)).toEqual(['body.partyId']);
    const note = expectProblem(
      await clerk.api.post('/api/orders', order(customer.id, { lines: [line({ unclear: true })] })),
      422,
      'ORDER_UNCLEAR_NOTE_REQUIRED',
    );
    expect(note.errors!.map((e) => e.path)).toEqual(['body.lines.0.unclearNote']);
    const contact = expectProblem(await clerk.api.post('/api/orders', order(customer.id, { contactId: other.contacts[0].id })), 422, 'CONTACT_NOT_OF_PARTY');
    expect(contact.errors!.map((e) => e.path)).toEqual(['body.contactId']);
    expectProblem(await clerk.api.post('/api/orders', order(customer.id, { receivedAt: '2099-01-01T00:00:00.000Z' })), 400, 'VALIDATION_FAILED');
    expect(await counts(database.db)).toEqual(before);

    // duplicate customer PO for the same customer: warned (409), accepted only when confirmed, and the audit says so
    const first = (await clerk.api.post('/api/orders', order(customer.id))).json();
    const afterFirst = await counts(database.db);
    const dup = expectProblem(await clerk.api.post('/api/orders', order(customer.id, { customerPo: ' po-88001 ' })), 409, 'ORDER_DUPLICATE_PO');
    expect(dup.errors!.map((e) => e.path)).toEqual(['body.customerPo']);
    expect(await counts(database.db)).toEqual(afterFirst);
    // the same PO number at another customer is another order
    expect((await clerk.api.post('/api/orders', order(other.id))).statusCode).toBe(200);
    const confirmed = (await clerk.api.post('/api/orders', order(customer.id, { confirmDuplicate: true }))).json();
    expect(confirmed.number).not.toBe(first.number);
    const history = (await clerk.api.get(`/api/history/order/${confirmed.id}`)).json();
    expect(history.entries[0]).toMatchObject({ action: 'create', after: expect.objectContaining({ duplicatePoConfirmed: first.number }) });
    expect(history.entries[0].reason).toContain(first.number);
  });

  it('marks a major contract (new product or amount at the threshold) and files its review meeting minutes while the review runs', async () => {
    const { app, clerk, customer, admin } = await setup();
    const small = (await clerk.api.post('/api/orders', order(customer.id, { lines: [line()] }))).json();
    expect(small.major, JSON.stringify(small.major)).toBeNull();
    const big = (
      await clerk.api.post('/api/orders', order(customer.id, { customerPo: 'PO-88002', lines: [line({ quantity: 50_000, unitPrice: 12 })] }))
    ).json();
    expect(big.major.reasons.map((r: { en: string }) => r.en)).toEqual([expect.stringContaining('major-contract threshold')]);
    const fresh = (
      await clerk.api.post('/api/orders', order(customer.id, { customerPo: 'PO-88003', lines: [line({ model: 'RY-NEW-1', spec: null })] }))
    ).json();
    expect(fresh.major.reasons[0].zh).toContain('RY-NEW-1');

    const minutes = {
      heldAt: '2026-11-21T06:00:00.000Z',
      attendees: '业务 李娜、工程 张工、品质 王工、计划 刘经理、财务 陈会计；总经理主持',
      minutes: '新产品 RY-NEW-1：工程确认可做，需新开模具 15 天；品质要求首件送样；结论：有条件接受，交期顺延 10 天。',
    };
    expectProblem(
      await clerk.api.post(`/api/orders/${fresh.id}/review-meeting`, {
        version: fresh.version,
        heldAt: minutes.heldAt,
        attendees: '',
        minutes: minutes.minutes,
      }),
      400,
      'VALIDATION_FAILED',
    );
    const scan = (await upload(app, clerk.session, '评审会议记录.pdf', '%PDF-1.4 minutes', 'application/pdf')).json();
    const filed = (await clerk.api.post(`/api/orders/${fresh.id}/review-meeting`, { version: fresh.version, ...minutes, attachmentIds: [scan.id] })).json();
    expect(filed.reviewMeeting).toEqual({ at: minutes.heldAt, attendees: minutes.attendees, minutes: minutes.minutes, attachmentIds: [scan.id] });
    const history = (await admin.get(`/api/history/order/${fresh.id}`)).json();
    expect(history.entries.find((e: { action: string }) => e.action === 'review-meeting.recorded').after).toMatchObject({ attendees: minutes.attendees });
    // not once the order is cancelled (the review is over)
    const manager = await userWithRoles(app, admin, 'boss2', ['manager'], 'sales');
    const i = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${big.id}`)).json().items[0];
    expect(
      (await manager.api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId: 'cancel', reason: '客户取消' })).statusCode,
    ).toBe(200);
    expectProblem(await clerk.api.post(`/api/orders/${big.id}/review-meeting`, { version: big.version, ...minutes }), 409, 'ORDER_REVIEW_MEETING_NOT_NOW');
  });

  it('lets a manager override the classification with a reason; staff may not', async () => {
    const { clerk, manager, customer } = await setup();
    const o = (await clerk.api.post('/api/orders', order(customer.id, { lines: [line({ specialRequirements: '包装按客户新标准，每箱 50 只' })] }))).json();
    expect(o.classificationReasons.map((r: { code: string }) => r.code)).toEqual(['special-requirements', 'no-previous-review']);
    const url = `/api/orders/${o.id}/classification`;
    expectProblem(await clerk.api.post(url, { version: 1, type: 'continuous', reason: '老产品' }), 403, 'FORBIDDEN');
    expectProblem(await manager.api.post(url, { version: 1, type: 'continuous' }), 400, 'VALIDATION_FAILED');
    expectProblem(await manager.api.post(url, { version: 1, type: 'contract', reason: '不变' }), 409, 'ORDER_CLASSIFICATION_UNCHANGED');
    const overridden = (await manager.api.post(url, { version: 1, type: 'continuous', reason: '与 2025 年评审合同相同，仅包装说明' })).json();
    expect(overridden).toMatchObject({
      type: 'continuous',
      computedType: 'contract',
      classificationOverride: { type: 'continuous', reason: '与 2025 年评审合同相同，仅包装说明', byName: 'wang' },
      version: 2,
    });
    const history = (await manager.api.get(`/api/history/order/${o.id}`)).json();
    expect(history.entries.at(-1)).toMatchObject({
      action: 'classification.override',
      before: { type: 'contract' },
      after: { type: 'continuous' },
      reason: '与 2025 年评审合同相同，仅包装说明',
    });
  });

  it('records clarifications as communications linked to the order, in the customer timeline; the answer clears the line', async () => {
    const { clerk, customer, other } = await setup();
    const o = (await clerk.api.post('/api/orders', order(customer.id, { contactId: customer.contacts[0].id }))).json();
    const url = `/api/orders/${o.id}/clarifications`;
    const ask = {
      lineId: o.lines[1].id,
      question: '第 2 行型号是 RY-9999 还是 RY-9909？',
      contactId: customer.contacts[0].id,
      channel: 'phone',
      askedAt: '2026-11-20T03:00:00.000Z',
    };
    expectProblem(await clerk.api.post(url, { ...ask, contactId: other.contacts[0].id }), 422, 'CONTACT_NOT_OF_PARTY');
    expectProblem(await clerk.api.post(url, { ...ask, lineId: '00000000-0000-4000-8000-000000000000' }), 422, 'ORDER_LINE_NOT_FOUND');
    const asked = (await clerk.api.post(url, ask)).json();
    expect(asked.openClarifications).toBe(1);
    const [c] = asked.clarifications;
    expect(c).toMatchObject({ lineNo: 2, status: 'open', channel: 'phone', contactName: '陈小姐', askedByName: 'clerk', answer: null });

    const answered = (
      await clerk.api.post(`${url}/${c.id}/answer`, {
        version: c.version,
        answer: '是 RY-9909，数量不变',
        decision: '第 2 行型号改为 RY-9909',
        answeredAt: '2026-11-20T05:00:00.000Z',
      })
    ).json();
    expect(answered.clarifications[0]).toMatchObject({ status: 'resolved', answer: '是 RY-9909，数量不变', decision: '第 2 行型号改为 RY-9909' });
    expect(answered.openClarifications).toBe(0);
    expect(answered.lines[1].unclear).toBe(false);
    expectProblem(
      await clerk.api.post(`${url}/${c.id}/answer`, { version: 2, answer: 'x', decision: 'y', answeredAt: '2026-11-20T05:00:00.000Z' }),
      409,
      'CLARIFICATION_NOT_OPEN',
    );

    // both are communications linked to the order, and show on the customer's timeline
    const linked = (await clerk.api.get(`/api/communications?linkType=order&linkId=${o.id}`)).json().items;
    expect(linked.map((x: { direction: string; content: string; result: string | null }) => [x.direction, x.content, x.result])).toEqual([
      ['in', '是 RY-9909，数量不变', '第 2 行型号改为 RY-9909'],
      ['out', '第 2 行型号是 RY-9999 还是 RY-9909？', null],
    ]);
    expect(answered.clarifications[0].askCommunicationId).toBe(linked[1].id);
    expect(answered.clarifications[0].answerCommunicationId).toBe(linked[0].id);
    const timeline = (await clerk.api.get(`/api/customers/${customer.id}/timeline`)).json().items;
    expect(timeline.map((t: { ref: { id: string } }) => t.ref.id)).toEqual(expect.arrayContaining([linked[0].id, linked[1].id]));
    const history = (await clerk.api.get(`/api/history/order/${o.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'procedure.start', 'clarification.ask', 'clarification.answer']);
    // no channel given: the answer keeps the question's (phone)
    expect(answered.clarifications[0].answerChannel).toBe('phone');
    expect(linked[0].channel).toBe('phone');
  });

  it("records the answer's own channel: asked by e-mail, answered by phone", async () => {
    const { clerk, customer } = await setup();
    const o = (await clerk.api.post('/api/orders', order(customer.id, { contactId: customer.contacts[0].id }))).json();
    const url = `/api/orders/${o.id}/clarifications`;
    const asked = (
      await clerk.api.post(url, {
        lineId: null,
        question: '包装是否用托盘？',
        contactId: customer.contacts[0].id,
        channel: 'email',
        askedAt: '2026-11-20T03:00:00.000Z',
      })
    ).json();
    const [c] = asked.clarifications;
    expect(c.channel).toBe('email');
    expectProblem(
      await clerk.api.post(`${url}/${c.id}/answer`, {
        version: c.version,
        answer: '用托盘',
        decision: '托盘包装',
        answeredAt: '2026-11-20T04:00:00.000Z',
        channel: 'pigeon',
      }),
      400,
      'VALIDATION_FAILED',
    );
    const answered = (
      await clerk.api.post(`${url}/${c.id}/answer`, {
        version: c.version,
        answer: '电话里说用托盘',
        decision: '托盘包装',
        answeredAt: '2026-11-20T04:00:00.000Z',
        channel: 'phone',
      })
    ).json();
    // the question keeps its channel; the answer carries its own, and so does its communication
    expect(answered.clarifications[0]).toMatchObject({ channel: 'email', answerChannel: 'phone', status: 'resolved' });
    const comm = (await clerk.api.get(`/api/communications/${answered.clarifications[0].answerCommunicationId}`)).json();
    expect(comm).toMatchObject({ channel: 'phone', direction: 'in', content: '电话里说用托盘' });
    const ask = (await clerk.api.get(`/api/communications/${answered.clarifications[0].askCommunicationId}`)).json();
    expect(ask.channel).toBe('email');
  });

  it('never shows unit prices to a user without prices.read: order, list, history, search', async () => {
    const { admin, blind: clerk, customer } = await setup();
    const o = (await admin.post('/api/orders', order(customer.id, { lines: [line({ unitPrice: 98.7654 })] }))).json();
    const urls = [`/api/orders/${o.id}`, '/api/orders', `/api/orders?q=RY-2045`, `/api/history/order/${o.id}`, '/api/search?q=PO-88001'];
    for (const url of urls) {
      const asClerk = await clerk.api.get(url);
      expect(asClerk.statusCode, url).toBe(200);
      expect(asClerk.body, url).not.toContain('98.7654');
      expect(asClerk.body, url).not.toContain('unitPrice');
    }
    expect((await admin.get(`/api/orders/${o.id}`)).body).toContain('98.7654');
    expect((await admin.get(`/api/history/order/${o.id}`)).body).toContain('98.7654');
  });
});

describe('order contracts and definition', () => {
  it('keep the reserved price field optional (it is stripped for users without prices.read)', () => {
    expect(OrderLine.shape.unitPrice.safeParse(undefined).success).toBe(true);
    expect(OrderLineInput.shape.unitPrice.safeParse(undefined).success).toBe(true);
    expect(Order.shape.lines.element).toBe(OrderLine);
    expect('unitPrice' in OrderList.shape.items.element.shape).toBe(false);
  });

  it('draws the order procedure with a lane per department and the review as parallel sign-offs', async () => {
    await testApp(engines()[0]!); // registers the features and loads the definitions
    const d = procedureDiagram(latestDefinition('order'));
    expect(d.lanes.map((l) => l.id)).toEqual(['sales', 'planning', 'gm-office']);
    expect(d.nodes.filter((n) => n.kind === 'signoff').map((n) => `${n.id}:${n.signoffDepartments?.length}`)).toEqual([
      'contract-review:8',
      'continuous-review:5',
      'notice-acknowledgement:7',
      'plan-acknowledgement:5',
      'plan-distribution:4',
    ]);
    expect(d.edges).toContainEqual(expect.objectContaining({ from: 'contract-review', to: 'intake', kind: 'reject' }));
  });
});
