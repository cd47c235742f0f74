import { describe, expect, it } from 'vitest';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { confirmationFields, PLAN_DISTRIBUTION, STATUTORY_ITEMS, taskSheetFields } from '../support/order-steps.js';

const CONTRACT_REVIEW = ['sales', 'engineering', 'quality', 'planning', 'warehouse', 'production', 'purchasing', 'finance'];
const NOTICE = ['engineering', 'quality', 'planning', 'warehouse', 'production', 'purchasing', 'finance'];
const PLAN_ACK = ['planning', 'production', 'warehouse', 'purchasing', 'quality'];

/**
 * Walkthrough of what order v3 (procedures/order/v3.yaml) adds, with its refusals: the statutory requirements
 * checklist reviewed in the contract review (QC 4.2.1), the order confirmed with the customer (CS 2.4), the production
 * task sheet signed by the GM (SP 5.3) and the production plan acknowledged by the departments (SP 6.3.1.2).
 */
describe.each(engines())('order procedure v3 on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const staff: Record<string, Awaited<ReturnType<typeof userWithRoles>>> = {};
    staff.sales = await userWithRoles(t.app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    for (const d of CONTRACT_REVIEW.filter((x) => x !== 'sales')) staff[d] = await userWithRoles(t.app, admin, `${d}-staff`, ['staff'], d);
    const planningManager = await userWithRoles(t.app, admin, 'pmc-director', ['manager'], 'planning');
    const gm = await userWithRoles(t.app, admin, 'boss', ['gm'], 'gm-office');
    const vp = await userWithRoles(t.app, admin, 'vp-liu', ['vp'], 'gm-office');
    const customer = (
      await admin.post('/api/customers', { code: 'HK-01', nameZh: '香港宏达贸易有限公司', contacts: [{ name: '黄先生', title: '采购经理' }] })
    ).json();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const order = (
      await staff.sales.api.post('/api/orders', {
        partyId: customer.id,
        contactId: customer.contacts[0].id,
        customerPo: 'HK-PO-1',
        form: 'fax',
        orderDate: '2026-11-20',
        receivedAt: '2026-11-20T02:00:00.000Z',
        lines: [
          {
            model: 'RY-2045',
            spec: '12V 2A',
            quantity: 5000,
            requestedDate: '2026-12-20',
            use: '车载充电',
            qualityStandard: 'AQL 0.65',
            hsfRequirement: 'RoHS 2.0',
            unitPrice: 12.5,
            currency: 'CNY',
          },
        ],
      })
    ).json();
    return { ...t, admin, staff, clerk: staff.sales, planningManager, gm, vp, customer, order };
  }

  const instanceOf = async (api: Client, orderId: string) => (await api.get(`/api/procedure-instances?refType=order&refId=${orderId}`)).json().items[0];
  async function move(api: Client, orderId: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, orderId);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  async function sign(api: Client, orderId: string, department: string, opinion = 'accept', comment?: string) {
    const i = await instanceOf(api, orderId);
    return api.post(`/api/procedure-instances/${i.id}/signoffs`, { version: i.version, department, opinion, ...(comment ? { comment } : {}) });
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, unknown> & { state: string };
  };
  const get = async (api: Client, id: string) => (await api.get(`/api/orders/${id}`)).json();
  const item = async (api: Client, id: string, code: string) => (await get(api, id)).statutory.find((x: { item: string }) => x.item === code);
  const put = async (api: Client, id: string, code: string, body: Record<string, unknown>) =>
    api.put(`/api/orders/${id}/statutory/${code}`, { version: (await item(api, id, code))?.version ?? null, ...body });

  it('keeps the statutory requirements checklist: decided at intake, reviewed in the contract review, which cannot pass while an item is undecided or an applicable one unreviewed (QC 4.2.1)', async () => {
    const s = await setup();
    const { clerk, staff, gm, order } = s;
    expect((await instanceOf(clerk.api, order.id)).procedureVersion).toBe(3);
    expect(order.statutory.map((x: { item: string; applicable: null }) => `${x.item}:${x.applicable}`)).toEqual(STATUTORY_ITEMS.map((i) => `${i}:null`));
    expect(order.confirmation).toBeNull();
    expect(order.taskSheets).toEqual([]);

    // Sales decides at intake which apply; another department may not write the order at intake
    expectProblem(await put(staff.quality!.api, order.id, 'rohs', { applicable: 'yes', evidence: null, reviewed: false }), 403, 'RECORD_NOT_EDITABLE');
    expectProblem(
      await clerk.api.put(`/api/orders/${order.id}/statutory/rohs-3`, { version: null, applicable: 'yes', reviewed: false }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await put(clerk.api, order.id, 'rohs', { applicable: 'maybe', reviewed: false }), 400, 'VALIDATION_FAILED');
    await ok(put(clerk.api, order.id, 'rohs', { applicable: 'yes', evidence: '客户要求 RoHS 2.0（含 4 项邻苯）', reviewed: false }));
    await ok(put(clerk.api, order.id, 'labelling', { applicable: 'yes', evidence: null, reviewed: false }));
    for (const code of ['reach', 'export-control', 'customer-specific'])
      await ok(put(clerk.api, order.id, code, { applicable: 'na', evidence: null, reviewed: false }));
    // a stale or missing version is a conflict, nothing written
    expectProblem(await clerk.api.put(`/api/orders/${order.id}/statutory/rohs`, { version: null, applicable: 'no', reviewed: false }), 409, 'VERSION_CONFLICT');
    expectProblem(await clerk.api.put(`/api/orders/${order.id}/statutory/other`, { version: 4, applicable: 'no', reviewed: false }), 409, 'VERSION_CONFLICT');
    expect((await item(clerk.api, order.id, 'rohs')).applicable).toBe('yes');

    await ok(move(clerk.api, order.id, 'submit-contract-review'));
    for (const d of CONTRACT_REVIEW.filter((x) => x !== 'finance')) await ok(sign(staff[d]!.api, order.id, d));
    // the last signature would pass the review: refused, naming each item (zh and en), nothing signed
    const refused = expectProblem(await sign(staff.finance!.api, order.id, 'finance'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(refused.errors).toEqual([
      { path: 'order.statutory.0.reviewedBy', code: 'unreviewed', message: '法规要求「RoHS（有害物质限制）」适用于本订单，尚未评审（证据与评审人）。' },
      { path: 'order.statutory.3.reviewedBy', code: 'unreviewed', message: '法规要求「标签与标识」适用于本订单，尚未评审（证据与评审人）。' },
      { path: 'order.statutory.5.applicable', code: 'undecided', message: '法规要求「其他法律法规与标准」尚未判定是否适用。' },
    ]);
    const financeEn = client(s.app, staff.finance!.session, 'en-US');
    await financeEn.put('/api/auth/preferences', { locale: 'en-US' });
    const inEnglish = expectProblem(await sign(financeEn, order.id, 'finance'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(inEnglish.errors![0]!.message).toBe(
      'Statutory requirement "RoHS (restricted substances)" applies to this order and is not reviewed yet (evidence and reviewer).',
    );
    expect((await instanceOf(clerk.api, order.id)).signoff.signed).toHaveLength(CONTRACT_REVIEW.length - 1);
    expect((await instanceOf(clerk.api, order.id)).state).toBe('contract-review');

    // reviewed in the contract review by the departments: an applicable item needs its evidence
    const noEvidence = expectProblem(
      await put(staff.quality!.api, order.id, 'labelling', { applicable: 'yes', evidence: null, reviewed: true }),
      422,
      'ORDER_STATUTORY_EVIDENCE_REQUIRED',
    );
    expect(noEvidence.errors!.map((e) => e.path)).toEqual(['body.evidence']);
    const reviewed = (await ok(
      put(staff.quality!.api, order.id, 'rohs', { applicable: 'yes', evidence: 'SGS 报告 CANEC2612345601（2026-10-08）', reviewed: true }),
    )) as unknown as { statutory: { item: string; reviewedByName: string | null; reviewedAt: string | null }[] };
    expect(reviewed.statutory[0]).toMatchObject({ item: 'rohs', reviewedByName: 'quality-staff' });
    expect(reviewed.statutory[0]!.reviewedAt).not.toBeNull();
    await ok(put(staff.engineering!.api, order.id, 'labelling', { applicable: 'yes', evidence: '按客户标签规范 LB-2026-03，中英文铭牌', reviewed: true }));
    await ok(put(clerk.api, order.id, 'other', { applicable: 'no', evidence: '无其他适用法规', reviewed: false }));
    // changing a reviewed item clears its review
    await ok(put(staff.quality!.api, order.id, 'rohs', { applicable: 'yes', evidence: 'SGS 报告 CANEC2612345601 + 邻苯报告', reviewed: false }));
    const again = expectProblem(await sign(staff.finance!.api, order.id, 'finance'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(again.errors!.map((e) => e.path)).toEqual(['order.statutory.0.reviewedBy']);
    await ok(put(staff.quality!.api, order.id, 'rohs', { applicable: 'yes', evidence: 'SGS 报告 CANEC2612345601 + 邻苯报告', reviewed: true }));
    expect((await ok(sign(staff.finance!.api, order.id, 'finance'))).state).toBe('approval');

    // after the review the checklist is closed
    expectProblem(await put(clerk.api, order.id, 'reach', { applicable: 'yes', evidence: 'x', reviewed: true }), 409, 'ORDER_STATUTORY_NOT_NOW');
    const history = (await clerk.api.get(`/api/history/order/${order.id}`)).json();
    const rows = history.entries.filter((e: { action: string }) => e.action.startsWith('statutory.'));
    expect(rows.filter((e: { action: string }) => e.action === 'statutory.reviewed')).toHaveLength(3);
    expect(
      rows.find((e: { action: string; after: { item: string } }) => e.action === 'statutory.reviewed' && e.after.item === 'labelling').after,
    ).toMatchObject({ applicable: 'yes', evidence: '按客户标签规范 LB-2026-03，中英文铭牌' });
    await ok(move(gm.api, order.id, 'approve', { password: 'boss-password-1' }));
    expect((await get(clerk.api, order.id)).status).toBe('order-confirmation');
  }, 180_000);

  it('confirms the delivery address and payment method with the customer before the production notice (CS 2.4), then the task sheet signed by the GM and the plan acknowledged by the departments (SP 5.3, 6.3.1.2)', async () => {
    const s = await setup();
    const { clerk, staff, gm, vp, planningManager, order } = s;
    for (const code of STATUTORY_ITEMS) await ok(put(clerk.api, order.id, code, { applicable: 'na', evidence: null, reviewed: false }));
    await ok(move(clerk.api, order.id, 'submit-contract-review'));
    for (const d of CONTRACT_REVIEW) await ok(sign(staff[d]!.api, order.id, d));
    await ok(move(gm.api, order.id, 'approve', { password: 'boss-password-1' }));

    // ---- order confirmation: Sales, all five facts, a real time; the notice waits for it
    const inst = await instanceOf(clerk.api, order.id);
    expect(inst.state).toBe('order-confirmation');
    const confirm = inst.actions.find((a: { transitionId: string }) => a.transitionId === 'confirm-order');
    expect(confirm.form.map((f: { name: string; required: boolean }) => `${f.name}:${f.required}`)).toEqual([
      'deliveryAddress:true',
      'paymentMethod:true',
      'confirmedBy:true',
      'confirmedAt:true',
      'confirmationChannel:true',
    ]);
    expectProblem(await move(clerk.api, order.id, 'issue-notice'), 409, 'PROCEDURE_WRONG_STATE');
    expectProblem(await move(staff.planning!.api, order.id, 'confirm-order', { fields: confirmationFields }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    const missing = expectProblem(
      await move(clerk.api, order.id, 'confirm-order', { fields: { deliveryAddress: '香港九龙观塘道 388 号', paymentMethod: ' ' } }),
      422,
      'PROCEDURE_FIELDS_MISSING',
    );
    expect(missing.errors!.map((e) => e.path)).toEqual([
      'body.fields.paymentMethod',
      'body.fields.confirmedBy',
      'body.fields.confirmedAt',
      'body.fields.confirmationChannel',
    ]);
    const badTime = expectProblem(
      await move(clerk.api, order.id, 'confirm-order', { fields: { ...confirmationFields, confirmedAt: '下周一' } }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(badTime.errors).toEqual([{ path: 'body.fields.confirmedAt', code: 'invalid', message: '「确认时间」不是有效的日期时间。' }]);
    expect((await get(clerk.api, order.id)).confirmation).toBeNull();
    await ok(move(clerk.api, order.id, 'confirm-order', { fields: confirmationFields }));
    const confirmed = await get(clerk.api, order.id);
    expect(confirmed).toMatchObject({
      status: 'production-notice',
      confirmation: {
        deliveryAddress: confirmationFields.deliveryAddress,
        paymentMethod: '月结 60 天电汇',
        confirmedBy: '黄先生（采购经理）',
        confirmedAt: confirmationFields.confirmedAt,
        channel: 'email',
        recordedByName: 'clerk',
      },
    });
    const comm = (await clerk.api.get(`/api/communications/${confirmed.confirmation.communicationId}`)).json();
    expect(comm).toMatchObject({
      direction: 'in',
      channel: 'email',
      occurredAt: confirmationFields.confirmedAt,
      links: [expect.objectContaining({ type: 'order', id: order.id })],
    });
    expect(comm.content).toContain('月结 60 天电汇');

    // ---- notice and delivery plan as before
    await ok(move(clerk.api, order.id, 'issue-notice'));
    for (const d of NOTICE) await ok(sign(staff[d]!.api, order.id, d));
    const o = await get(clerk.api, order.id);
    await ok(
      clerk.api.put(`/api/orders/${order.id}/delivery-plan`, {
        version: o.version,
        lines: o.lines.map((l: { id: string }) => ({ lineId: l.id, plannedDate: '2026-12-18' })),
      }),
    );
    await ok(move(clerk.api, order.id, 'reply-delivery-plan', { fields: { deliveryPlanReply: '12 月 18 日出货' } }));
    for (const d of PLAN_ACK) await ok(sign(staff[d]!.api, order.id, d));

    // ---- the task sheet: PMC prepares it (dates in order), the GM — nobody else — signs it with the password
    expect((await instanceOf(clerk.api, order.id)).state).toBe('task-sheet');
    expectProblem(await move(clerk.api, order.id, 'prepare-task-sheet', { fields: taskSheetFields }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(gm.api, order.id, 'sign-task-sheet', { password: 'boss-password-1' }), 409, 'PROCEDURE_WRONG_STATE');
    const noFields = expectProblem(await move(staff.planning!.api, order.id, 'prepare-task-sheet'), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(noFields.errors!.map((e) => e.path)).toEqual(['body.fields.productionStart', 'body.fields.productionFinish', 'body.fields.taskSheetInstructions']);
    const backwards = expectProblem(
      await move(staff.planning!.api, order.id, 'prepare-task-sheet', { fields: { ...taskSheetFields, productionFinish: '2026-11-30T00:00:00.000Z' } }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(backwards.errors!.map((e) => e.path)).toEqual(['body.fields.productionFinish']);
    await ok(move(staff.planning!.api, order.id, 'prepare-task-sheet', { fields: taskSheetFields }));
    expect((await get(clerk.api, order.id)).taskSheets).toEqual([
      expect.objectContaining({
        revision: 1,
        status: 'awaiting-signature',
        productionStart: taskSheetFields.productionStart,
        preparedByName: 'planning-staff',
        signedByName: null,
      }),
    ]);
    expectProblem(await move(vp.api, order.id, 'sign-task-sheet', { password: 'vp-liu-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(planningManager.api, order.id, 'sign-task-sheet', { password: 'pmc-director-password-1' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await move(gm.api, order.id, 'sign-task-sheet', { password: 'wrong' }), 422, 'SIGNATURE_INVALID');
    // returned with a reason, prepared again (revision 2), then signed
    expectProblem(await move(gm.api, order.id, 'return-task-sheet'), 422, 'REASON_REQUIRED');
    await ok(move(gm.api, order.id, 'return-task-sheet', { reason: '完成日期离交期太近，提前两天' }));
    await ok(move(staff.planning!.api, order.id, 'prepare-task-sheet', { fields: { ...taskSheetFields, productionFinish: '2026-12-13T10:00:00.000Z' } }));
    await ok(move(gm.api, order.id, 'sign-task-sheet', { password: 'boss-password-1' }));
    const sheets = (await get(clerk.api, order.id)).taskSheets;
    expect(
      sheets.map((x: { revision: number; status: string; returnReason: string | null; signedByName: string | null }) => [
        x.revision,
        x.status,
        x.returnReason,
        x.signedByName,
      ]),
    ).toEqual([
      [1, 'returned', '完成日期离交期太近，提前两天', null],
      [2, 'signed', null, 'boss'],
    ]);
    expect(sheets[1].signedAt).not.toBeNull();

    // ---- the production plan goes to production, QA, purchasing and the GM office: in their My work, each acknowledges
    const inPlan = await instanceOf(clerk.api, order.id);
    expect(inPlan).toMatchObject({ state: 'plan-distribution', signoff: { departments: PLAN_DISTRIBUTION, signed: [] } });
    const work = async (api: Client) =>
      ((await api.get('/api/my-work')).json().items as { kind: string; ref: { id: string }; stepId: string | null; department: string | null }[]).filter(
        (w) => w.ref.id === order.id,
      );
    expect(await work(staff.purchasing!.api)).toEqual([expect.objectContaining({ kind: 'signoff', stepId: 'plan-distribution', department: 'purchasing' })]);
    expect(await work(gm.api)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'signoff', stepId: 'plan-distribution', department: 'gm-office' })]),
    );
    expect(await work(staff.warehouse!.api)).toEqual([]);
    expectProblem(await sign(staff.warehouse!.api, order.id, 'warehouse'), 409, 'SIGNOFF_NOT_EXPECTED');
    expectProblem(await sign(staff.quality!.api, order.id, 'production'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    // a department that cannot work to the plan sends it back to PMC with its reason
    await ok(sign(staff.production!.api, order.id, 'production', 'reject', '3 号线 12 月上旬检修，请改排 2 号线'));
    expect((await instanceOf(clerk.api, order.id)).state).toBe('task-sheet');
    await ok(move(staff.planning!.api, order.id, 'prepare-task-sheet', { fields: { ...taskSheetFields, taskSheetInstructions: '二车间 2 号线；每箱 50 只' } }));
    await ok(move(gm.api, order.id, 'sign-task-sheet', { password: 'boss-password-1' }));
    // a department that has signed in this round has no more work here; the others still have theirs
    await ok(sign(staff.purchasing!.api, order.id, 'purchasing'));
    expect(await work(staff.purchasing!.api)).toEqual([]);
    expect(await work(staff.quality!.api)).toEqual([expect.objectContaining({ kind: 'signoff', stepId: 'plan-distribution', department: 'quality' })]);
    for (const d of PLAN_DISTRIBUTION.filter((x) => x !== 'purchasing')) await ok(sign(d === 'gm-office' ? gm.api : staff[d]!.api, order.id, d));
    expect((await instanceOf(clerk.api, order.id)).state).toBe('production');
    expect(await work(staff.purchasing!.api)).toEqual([]);
    expect((await get(clerk.api, order.id)).taskSheets.map((x: { status: string }) => x.status)).toEqual(['returned', 'signed', 'signed']);
    const actions = (await clerk.api.get(`/api/history/order/${order.id}`)).json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'confirmation.recorded',
        'task-sheet.prepared',
        'task-sheet.signed',
        'procedure.sign-task-sheet',
        'procedure.plan-distribution:reject',
        'procedure.plan-distribution:approve',
      ]),
    );

    // orders started under v2 keep theirs: approval goes straight to the production notice, production follows the plan's receipts
    const { definitionVersion } = await import('../../server/procedures/catalogue.js');
    const v2 = definitionVersion('order', 2);
    expect(v2.transitions.find((x) => x.id === 'approve')!.to).toBe('production-notice');
    expect(v2.steps.find((x) => x.id === 'plan-acknowledgement')!.signoff!.approveTo).toBe('production');
    expect(v2.steps.map((x) => x.id)).not.toContain('order-confirmation');
  }, 180_000);
});
