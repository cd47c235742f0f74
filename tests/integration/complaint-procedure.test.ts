import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { closedRecordRefusal } from '../support/fixtures.js';
import { jpegBytes, pngBytes, upload } from '../support/multipart.js';

const LOCATIONS = ['customer', 'in-transit', 'warehouse', 'wip', 'supplier'];

/** Walkthrough of procedures/complaint/v1.yaml through the API: phoned-in complaint → 8D → gates → customer → closed. */
describe.each(engines())('complaint procedure on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const sales = await userWithRoles(t.app, admin, 'li-sales', ['staff'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'zhou-qa', ['staff'], 'quality');
    const qaManager = await userWithRoles(t.app, admin, 'chen-qa-mgr', ['manager'], 'quality');
    const vp = await userWithRoles(t.app, admin, 'vp-wu', ['vp'], 'gm-office');
    const production = await userWithRoles(t.app, admin, 'prod-he', ['staff'], 'production');
    const customer = (await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '刘工', title: 'SQE' }] })).json();
    const cal = await siteCalendar(t.database.db);
    const today = cal.localDate(new Date());
    const due = cal.addWorkingDays(today, 3).date;
    return { ...t, admin, sales, qa, qaManager, vp, production, customer, today, due };
  }
  type S = Awaited<ReturnType<typeof setup>>;

  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=complaint&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const get = async (api: Client, id: string) => (await api.get(`/api/complaints/${id}`)).json();
  const put = async (api: Client, id: string, section: string, body: Record<string, unknown>) =>
    api.put(`/api/complaints/${id}/${section}`, { version: (await get(api, id)).version, ...body });
  const post = async (api: Client, id: string, section: string, body: Record<string, unknown>) =>
    api.post(`/api/complaints/${id}/${section}`, { version: (await get(api, id)).version, ...body });
  const counts = async (s: S) =>
    (
      await rows<{ v: number; a: number; c: number }>(
        s.database.db,
        sql`select (select count(*)::int from procedure_step_visits) as v, (select count(*)::int from audit_log) as a, (select count(*)::int from communications) as c`,
      )
    )[0]!;

  async function intake(s: S, over: Record<string, unknown> = {}) {
    const res = await s.sales.api.post('/api/complaints', {
      partyId: s.customer.id,
      channel: 'phone',
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
      contactId: s.customer.contacts[0].id,
      model: 'RY-2045',
      lot: 'L2611-07',
      deliveredQuantity: 5000,
      defectiveQuantity: 37,
      description: '客户来料检验发现 37 只输出电压偏低（11.2V），要求 8D 报告。',
      failureMode: '输出电压偏低',
      remedySought: ['replace', '8d-report'],
      ...over,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  /** From intake to D7 with every section filled except prevention. */
  async function toD7(s: S) {
    const c = await intake(s);
    await ok(move(s.sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到投诉，品质部 24 小时内回复初步分析。' } }));
    await ok(put(s.qa.api, c.id, 'assessment', { severity: 'major', safetyRegulatory: false, customerImpact: ['sorting-at-customer'], path: 'full-8d' }));
    await ok(move(s.qa.api, c.id, 'submit-assessment'));
    await ok(move(s.vp.api, c.id, 'approve-8d'));
    await ok(
      move(s.qa.api, c.id, 'd0-full-8d', { fields: { symptom: '客户 IQC 满载测试输出电压 11.2V', emergencyResponse: '在库品冻结，派 2 人到客户处挑选' } }),
    );
    await ok(
      put(s.qa.api, c.id, 'team', {
        leaderId: s.qaManager.id,
        members: [
          { userId: s.qa.id, role: 'QE' },
          { userId: s.production.id, role: '生产' },
        ],
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d1'));
    await ok(
      put(s.qa.api, c.id, 'problem', {
        what: '输出电压 11.2V 低于 11.4V 下限',
        where: '客户来料检验',
        when: '2026-11-26',
        who: '客户 IQC',
        why: '影响客户整机老化',
        how: '满载测试',
        howMany: '37/5000',
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d2'));
    for (const location of LOCATIONS)
      await ok(
        post(s.qa.api, c.id, 'containment', {
          location,
          description: `${location} 全检`,
          quantityChecked: 1000,
          quantityFound: location === 'customer' ? 37 : 0,
        }),
      );
    await ok(move(s.qaManager.api, c.id, 'approve-d3'));
    const photo = (await upload(s.app, s.qa.session, 'teardown.jpg', jpegBytes('teardown'), 'image/jpeg')).json();
    await ok(
      put(s.qa.api, c.id, 'root-cause', {
        method: '5-why',
        occurrenceCause: '反馈电阻 R12 用错阻值',
        escapePoint: '终检只测空载电压',
        analysis: '1. 电压低 2. R12 错 3. 备料错 4. 料架标识不清 5. 无防错',
        evidenceAttachmentIds: [photo.id],
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d4'));
    await ok(post(s.qa.api, c.id, 'actions', { title: '料架加颜色标识并扫码防错', ownerId: s.production.id, department: 'production', dueDate: s.due }));
    await ok(put(s.qa.api, c.id, 'effectiveness', { method: '跟踪后续 3 批出货', criterion: '连续 3 批零不良', plannedDate: s.due, verifierId: s.qa.id }));
    await ok(move(s.qaManager.api, c.id, 'approve-d5'));
    const action = (await get(s.qa.api, c.id)).actions[0];
    await ok(s.production.api.post(`/api/actions/${action.id}/complete`, { version: action.version, evidence: '料架已标识，扫码上线' }));
    await ok(move(s.qaManager.api, c.id, 'approve-d6'));
    return c;
  }

  it('runs the walkthrough: phoned-in → acknowledged → full 8D → gates → customer rejects → fixed → accepts → closed and read-only', async () => {
    const s = await setup();
    const c = await intake(s);
    expect(c.number).toMatch(/^CC-2026-0001$/);
    expect(c.status).toBe('acknowledge');
    let instance = await instanceOf(s.sales.api, c.id);
    expect(instance.clock.stepId).toBe('acknowledge');
    // 24 calendar hours from receipt
    expect(Date.parse(instance.clock.dueAt) - Date.parse(c.receivedAt)).toBe(24 * 3600_000);

    // refusals at the first step: wrong department, missing field, wrong state — nothing written
    const before = await counts(s);
    expectProblem(await move(s.qa.api, c.id, 'acknowledge', { fields: { acknowledgement: 'x' } }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    const missing = expectProblem(await move(s.sales.api, c.id, 'acknowledge'), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(missing.errors!.map((e) => e.path)).toEqual(['body.fields.acknowledgement']);
    expectProblem(await move(s.sales.api, c.id, 'submit-assessment'), 409, 'PROCEDURE_WRONG_STATE');
    expectProblem(
      await put(s.qa.api, c.id, 'assessment', { severity: 'major', safetyRegulatory: false, customerImpact: ['none'], path: 'full-8d' }),
      409,
      'COMPLAINT_SECTION_NOT_OPEN',
    );
    expect(await counts(s)).toEqual(before);

    // acknowledgement: an outgoing communication on the complaint, measured against the clock
    await ok(move(s.sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到投诉，品质部 24 小时内回复初步分析。' } }));
    let complaint = await get(s.sales.api, c.id);
    expect(complaint.acknowledgement).toMatchObject({ targetHours: 24, withinTarget: true });
    const comms = (await s.sales.api.get(`/api/communications?linkType=complaint&linkId=${c.id}`)).json();
    expect(comms.items.map((x: { direction: string; subject: string }) => [x.direction, x.subject])).toEqual([
      ['out', `投诉已收到 Complaint acknowledged ${c.number}`],
    ]);

    // assessment by QA; VP review
    expectProblem(await move(s.qa.api, c.id, 'submit-assessment'), 422, 'PROCEDURE_GUARD_FAILED');
    const bad = expectProblem(
      await put(s.qa.api, c.id, 'assessment', { severity: 'huge', safetyRegulatory: 'no', customerImpact: [], path: 'full-8d' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.errors!.map((e) => e.path).sort()).toEqual(['body.customerImpact', 'body.safetyRegulatory', 'body.severity']);
    await ok(
      put(s.qa.api, c.id, 'assessment', {
        severity: 'major',
        safetyRegulatory: false,
        customerImpact: ['line-stop'],
        path: 'full-8d',
        note: '客户产线停线 2 小时',
      }),
    );
    await ok(move(s.qa.api, c.id, 'submit-assessment'));
    expectProblem(await move(s.qaManager.api, c.id, 'approve-8d'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    const wrongPath = expectProblem(await move(s.vp.api, c.id, 'approve-quick-fix'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(wrongPath.errors!.map((e) => e.path)).toEqual(['complaint.assessment.path']);
    await ok(move(s.vp.api, c.id, 'approve-8d'));

    // D0 (v2): symptom and emergency response asked for, then the path the assessment chose
    const noD0 = expectProblem(await move(s.qa.api, c.id, 'd0-full-8d'), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(noD0.errors!.map((e) => e.path).sort()).toEqual(['body.fields.emergencyResponse', 'body.fields.symptom']);
    expectProblem(
      await move(s.qa.api, c.id, 'd0-short-8d', {
        fields: { symptom: '客户 IQC 满载测试输出电压 11.2V', emergencyResponse: '在库品冻结，派 2 人到客户处挑选' },
      }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    await ok(
      move(s.qa.api, c.id, 'd0-full-8d', { fields: { symptom: '客户 IQC 满载测试输出电压 11.2V', emergencyResponse: '在库品冻结，派 2 人到客户处挑选' } }),
    );
    expect((await get(s.qa.api, c.id)).emergency).toMatchObject({ symptom: '客户 IQC 满载测试输出电压 11.2V', byName: 'zhou-qa' });

    // D1: staff fill in, the QA manager approves (staff cannot)
    expectProblem(await move(s.qaManager.api, c.id, 'approve-d1'), 422, 'PROCEDURE_GUARD_FAILED');
    await ok(put(s.qa.api, c.id, 'team', { leaderId: s.qaManager.id, members: [{ userId: s.qa.id, role: 'QE' }], owners: { d3: s.qa.id } }));
    expectProblem(await move(s.qa.api, c.id, 'approve-d1'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(s.qaManager.api, c.id, 'approve-d1'));
    // D2 5W2H: every W and H is required
    const w = expectProblem(await put(s.qa.api, c.id, 'problem', { what: '电压低' }), 400, 'VALIDATION_FAILED');
    expect(w.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['body.where', 'body.howMany']));
    await ok(
      put(s.qa.api, c.id, 'problem', {
        what: '输出电压低',
        where: '客户 IQC',
        when: '2026-11-26',
        who: '客户',
        why: '影响老化',
        how: '满载测试',
        howMany: '37/5000',
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d2'));
    // D3: every stock location must be covered; each missing one is named
    await ok(post(s.qa.api, c.id, 'containment', { location: 'customer', description: '客户处库存全检', quantityChecked: 4963, quantityFound: 12 }));
    expectProblem(
      await post(s.qa.api, c.id, 'containment', { location: 'warehouse', description: 'x', quantityChecked: 5, quantityFound: 9 }),
      400,
      'VALIDATION_FAILED',
    );
    const d3 = expectProblem(await move(s.qaManager.api, c.id, 'approve-d3'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(d3.errors!.map((e) => e.path)).toEqual([
      'complaint.containment.in-transit',
      'complaint.containment.warehouse',
      'complaint.containment.wip',
      'complaint.containment.supplier',
    ]);
    for (const location of LOCATIONS.slice(1))
      await ok(post(s.qa.api, c.id, 'containment', { location, description: `${location} 全检`, quantityChecked: 800, quantityFound: 0 }));
    await ok(move(s.qaManager.api, c.id, 'approve-d3'));
    // D4: root cause AND escape point, with evidence attached (not text only)
    const esc = expectProblem(
      await put(s.qa.api, c.id, 'root-cause', { method: 'ishikawa', occurrenceCause: 'R12 阻值用错', escapePoint: '' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(esc.errors!.map((e) => e.path)).toEqual(['body.escapePoint']);
    await ok(put(s.qa.api, c.id, 'root-cause', { method: 'ishikawa', occurrenceCause: 'R12 阻值用错', escapePoint: '终检只测空载' }));
    const d4 = expectProblem(await move(s.qaManager.api, c.id, 'approve-d4'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(d4.errors!.map((e) => e.path)).toEqual(['complaint.rootCause.evidence']);
    const photo = (await upload(s.app, s.qa.session, 'fishbone.png', pngBytes('fishbone'), 'image/png')).json();
    await ok(
      put(s.qa.api, c.id, 'root-cause', {
        method: 'ishikawa',
        occurrenceCause: 'R12 阻值用错',
        escapePoint: '终检只测空载',
        evidenceAttachmentIds: [photo.id],
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d4'));
    // D5: actions and the effectiveness plan, both before leaving
    const d5 = expectProblem(await move(s.qaManager.api, c.id, 'approve-d5'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(d5.errors!.map((e) => e.path)).toEqual(['complaint.actions']);
    await ok(post(s.qa.api, c.id, 'actions', { title: '料架防错', ownerId: s.production.id, department: 'production', dueDate: s.due }));
    const plan = expectProblem(await move(s.qaManager.api, c.id, 'approve-d5'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(plan.errors!.map((e) => e.path)).toEqual(['complaint.effectiveness']);
    await ok(put(s.qa.api, c.id, 'effectiveness', { method: '跟踪 3 批', criterion: '连续 3 批零不良', plannedDate: s.due, verifierId: s.qa.id }));
    await ok(move(s.qaManager.api, c.id, 'approve-d5'));
    // D6: every action done with evidence
    complaint = await get(s.qa.api, c.id);
    const d6 = expectProblem(await move(s.qaManager.api, c.id, 'approve-d6'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(d6.errors!.map((e) => e.path)).toEqual([`complaint.actions.${complaint.actions[0].number}`]);
    await ok(
      s.production.api.post(`/api/actions/${complaint.actions[0].id}/complete`, { version: complaint.actions[0].version, evidence: '料架颜色标识 + 扫码' }),
    );
    // interim containment stays until the permanent action is validated (D6 approved)
    const sorting = complaint.containment[0];
    expectProblem(await post(s.qa.api, c.id, `containment/${sorting.id}/remove`, {}), 422, 'COMPLAINT_CONTAINMENT_STILL_NEEDED');
    await ok(move(s.qaManager.api, c.id, 'approve-d6'));
    const lifted = await ok(post(s.qa.api, c.id, `containment/${sorting.id}/remove`, {}));
    expect(lifted.containment[0].removedAt).toBeTruthy();
    expectProblem(await post(s.qa.api, c.id, `containment/${sorting.id}/remove`, {}), 404, 'NOT_FOUND');

    // D7: the PFMEA / control plan gate names each missing answer; nothing is written on refusal
    const gateBefore = await counts(s);
    const gate = expectProblem(await move(s.qaManager.api, c.id, 'approve-d7'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(gate.errors!.map((e) => e.path)).toEqual(['complaint.prevention.similarReviewed', 'complaint.prevention.pfmea', 'complaint.prevention.controlPlan']);
    expect(gate.errors![1]!.message).toContain('PFMEA');
    expect(await counts(s)).toEqual(gateBefore);
    // "updated" needs its revision, "N/A" its justification
    const rev = expectProblem(
      await put(s.qa.api, c.id, 'prevention', { similarReviewed: 'RY-2046 同线', pfmea: { answer: 'updated' }, controlPlan: { answer: 'not-applicable' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(rev.errors!.map((e) => e.path).sort()).toEqual(['body.controlPlan.justification', 'body.pfmea.revision']);
    await ok(
      put(s.qa.api, c.id, 'prevention', { similarReviewed: 'RY-2046、RY-2050 同一产线同一料架，已同样标识', pfmea: { answer: 'updated', revision: 'C' } }),
    );
    const half = expectProblem(await move(s.qaManager.api, c.id, 'approve-d7'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(half.errors!.map((e) => e.path)).toEqual(['complaint.prevention.controlPlan']);
    await ok(
      put(s.qa.api, c.id, 'prevention', {
        similarReviewed: 'RY-2046、RY-2050 同一产线同一料架，已同样标识',
        pfmea: { answer: 'updated', revision: 'C' },
        controlPlan: { answer: 'updated', revision: 'B' },
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d7'));

    // effectiveness: only the named verifier; "not effective" reopens D5
    expectProblem(await move(s.qaManager.api, c.id, 'confirm-effective', { fields: { effectivenessNote: 'ok' } }), 422, 'PROCEDURE_GUARD_FAILED');
    instance = await ok(move(s.qa.api, c.id, 'not-effective', { fields: { effectivenessNote: '第 2 批仍有 1 只电压偏低' } }));
    expect(instance.state).toBe('d5-actions');
    complaint = await get(s.qa.api, c.id);
    expect(complaint.effectiveness).toMatchObject({ result: null, history: [{ result: 'not-effective', note: '第 2 批仍有 1 只电压偏低' }] });
    await ok(post(s.qa.api, c.id, 'actions', { title: '终检增加满载电压测试', ownerId: s.production.id, department: 'production', dueDate: s.due }));
    await ok(move(s.qaManager.api, c.id, 'approve-d5'));
    complaint = await get(s.qa.api, c.id);
    const second = complaint.actions.find((a: { status: string }) => a.status === 'open');
    await ok(s.production.api.post(`/api/actions/${second.id}/complete`, { version: second.version, evidence: '终检程序已改，满载测试' }));
    await ok(move(s.qaManager.api, c.id, 'approve-d6'));
    await ok(move(s.qaManager.api, c.id, 'approve-d7'));
    await ok(move(s.qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '后续 3 批零不良' } }));

    // D8: closure without the customer's confirmation is refused
    const noConfirm = expectProblem(await move(s.qaManager.api, c.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(noConfirm.errors!.map((e) => e.path)).toEqual(['complaint.customerConfirmation']);
    expectProblem(await move(s.qa.api, c.id, 'reopen', { reason: 'x' }), 422, 'PROCEDURE_GUARD_FAILED');
    // the customer rejects once (fax, scan attached): closure refused, the 8D reopens at D4
    const scan = (await upload(s.app, s.qa.session, 'reject-fax.pdf', '%PDF-1.4', 'application/pdf')).json();
    await ok(
      post(s.qa.api, c.id, 'customer-confirmation', {
        result: 'rejected',
        channel: 'fax',
        receivedAt: new Date().toISOString(),
        comment: '流出原因分析不充分',
        attachmentIds: [scan.id],
      }),
    );
    const rejected = expectProblem(await move(s.qaManager.api, c.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(rejected.errors!.map((e) => `${e.path}:${e.code}`)).toEqual(['complaint.customerConfirmation:rejected']);
    instance = await ok(move(s.qa.api, c.id, 'reopen', { reason: '客户不接受流出原因' }));
    expect(instance.state).toBe('d4-root-cause');
    await ok(
      put(s.qa.api, c.id, 'root-cause', {
        method: 'ishikawa',
        occurrenceCause: 'R12 阻值用错',
        escapePoint: '终检只测空载；抽检计划未覆盖满载',
        evidenceAttachmentIds: [photo.id],
      }),
    );
    for (const step of ['approve-d4', 'approve-d5', 'approve-d6', 'approve-d7']) await ok(move(s.qaManager.api, c.id, step));
    await ok(move(s.qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '再跟踪 3 批零不良' } }));
    await ok(
      post(s.qa.api, c.id, 'customer-confirmation', { result: 'accepted', channel: 'email', receivedAt: new Date().toISOString(), comment: '同意结案' }),
    );
    instance = await ok(move(s.qaManager.api, c.id, 'close'));
    expect(instance).toMatchObject({ state: 'closed', status: 'closed' });

    complaint = await get(s.qa.api, c.id);
    expect(complaint.closed).toBe(true);
    expect(complaint.confirmations.map((x: { result: string }) => x.result)).toEqual(['rejected', 'accepted']);
    expect(complaint.confirmations[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['reject-fax.pdf']);
    const d1 = complaint.disciplines.find((d: { stepId: string }) => d.stepId === 'd1-team');
    expect(d1).toMatchObject({ ownerName: 'chen-qa-mgr', approverName: 'chen-qa-mgr' });
    expect(d1.completedAt).toBeTruthy();
    expect(complaint.disciplines.find((d: { stepId: string }) => d.stepId === 'd3-containment').ownerName).toBe('zhou-qa');
    // closed records are read-only
    expectProblem(await put(s.qa.api, c.id, 'prevention', { similarReviewed: 'x', pfmea: { answer: 'updated', revision: 'D' } }), 409, 'COMPLAINT_CLOSED');
    expectProblem(
      await post(s.qa.api, c.id, 'containment', { location: 'wip', description: 'x', quantityChecked: 1, quantityFound: 0 }),
      409,
      'COMPLAINT_CLOSED',
    );
    expectProblem(await move(s.qaManager.api, c.id, 'close'), 409, 'PROCEDURE_WRONG_STATE');
    // … in the database too: a write behind the application is refused (SQLSTATE AC409), a declared maintenance passes
    await expect(s.database.db.execute(sql`update complaints set description = '改过' where id = ${c.id}`)).rejects.toSatisfy(closedRecordRefusal);
    await expect(s.database.db.execute(sql`delete from complaint_confirmations where complaint_id = ${c.id}`)).rejects.toSatisfy(closedRecordRefusal);
    await s.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('accord.maintenance', 'on', true)`);
      await tx.execute(sql`update complaints set version = version where id = ${c.id}`);
    });
  });

  it('refuses closure naming each unmet gate when the gate data is missing (guards checked again at close)', async () => {
    const s = await setup();
    const c = await toD7(s);
    await ok(
      put(s.qa.api, c.id, 'prevention', {
        similarReviewed: '同线产品已查',
        pfmea: { answer: 'not-applicable', justification: '装配工序未变' },
        controlPlan: { answer: 'updated', revision: 'B' },
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d7'));
    expect((await get(s.qa.api, c.id)).prevention.pfmea).toEqual({ answer: 'not-applicable', revision: null, justification: '装配工序未变' });
    // the verifier must be the one named; a QA manager cannot stand in
    const notMine = expectProblem(
      await move(s.qaManager.api, c.id, 'confirm-effective', { fields: { effectivenessNote: 'ok' } }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(notMine.errors!.map((e) => e.code)).toEqual(['not_verifier']);
    await ok(move(s.qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '3 批零不良' } }));
    // the customer confirmation is only recorded at D8, with a valid result
    expectProblem(
      await post(s.qa.api, c.id, 'customer-confirmation', { result: 'maybe', channel: 'fax', receivedAt: new Date().toISOString() }),
      400,
      'VALIDATION_FAILED',
    );
    const closeRefused = expectProblem(await move(s.qaManager.api, c.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(closeRefused.errors!.map((e) => e.path)).toEqual(['complaint.customerConfirmation']);
    expect(closeRefused.detail).toBeTruthy();
    await ok(post(s.qa.api, c.id, 'customer-confirmation', { result: 'accepted', channel: 'fax', receivedAt: new Date().toISOString() }));
    expectProblem(await move(s.qa.api, c.id, 'close'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(s.qaManager.api, c.id, 'close'));
  });

  it('the customer answers through a tokenised link: no account, its own complaint only, expiring, single use; rejection reopens', async () => {
    const s = await setup();
    const c = await toD7(s);
    await ok(
      put(s.qa.api, c.id, 'prevention', {
        similarReviewed: '同线产品已查',
        pfmea: { answer: 'updated', revision: 'C' },
        controlPlan: { answer: 'updated', revision: 'B' },
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'approve-d7'));
    // a link only once the complaint waits for the customer
    expectProblem(await post(s.qa.api, c.id, 'customer-links', {}), 409, 'COMPLAINT_SECTION_NOT_OPEN');
    await ok(move(s.qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '3 批零不良' } }));
    const created = await ok(post(s.qa.api, c.id, 'customer-links', { days: 7, channel: 'email' }));
    const token = (created.path as string).replace('/c/', '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.complaint.customerLinks).toHaveLength(1);
    const anon = client(s.app, null, 'en-US');
    // the customer sees the 8D, nothing internal
    const view = await anon.get(`/api/customer-links/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      number: c.number,
      model: 'RY-2045',
      prevention: { pfmea: { answer: 'updated', revision: 'C' } },
      effectiveness: { result: 'effective' },
    });
    expect(view.body).not.toContain('zhou-qa');
    // a token that is not one, an unknown one
    expectProblem(await anon.get('/api/customer-links/abc'), 400, 'VALIDATION_FAILED');
    expectProblem(await anon.get(`/api/customer-links/${'x'.repeat(43)}`), 404, 'CUSTOMER_LINK_INVALID');
    // a rejection needs its reason; nothing is written
    const before = await counts(s);
    expectProblem(await anon.post(`/api/customer-links/${token}/answer`, { result: 'rejected', signedBy: '刘工' }), 400, 'VALIDATION_FAILED');
    expect(await counts(s)).toEqual(before);
    await ok(anon.post(`/api/customer-links/${token}/answer`, { result: 'rejected', comment: '流出原因分析不充分', signedBy: '刘工' }));
    // single use: replay refused
    expectProblem(await anon.post(`/api/customer-links/${token}/answer`, { result: 'accepted', signedBy: '刘工' }), 409, 'CUSTOMER_LINK_USED');
    expectProblem(await anon.get(`/api/customer-links/${token}`), 409, 'CUSTOMER_LINK_USED');
    let complaint = await get(s.qa.api, c.id);
    expect(complaint.confirmations.map((x: { result: string }) => x.result)).toEqual(['rejected']);
    expect(complaint.customerLinks[0]).toMatchObject({ result: 'rejected' });
    const comms = (await s.qa.api.get(`/api/communications?linkType=complaint&linkId=${c.id}`)).json();
    expect(
      comms.items.some(
        (x: { direction: string; channel: string; content: string }) => x.direction === 'in' && x.channel === 'portal' && x.content.includes('刘工'),
      ),
    ).toBe(true);
    // rejection: closure refused, the 8D reopens
    expectProblem(await move(s.qaManager.api, c.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    await ok(move(s.qa.api, c.id, 'reopen', { reason: '客户通过链接不接受' }));
    // a link sent before, answered while the complaint is not waiting for the customer, is refused
    for (const step of ['approve-d4', 'approve-d5', 'approve-d6', 'approve-d7']) await ok(move(s.qaManager.api, c.id, step));
    await ok(move(s.qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '再跟踪 3 批零不良' } }));
    const second = ((await ok(post(s.qa.api, c.id, 'customer-links', {}))).path as string).replace('/c/', '');
    const expired = ((await ok(post(s.qa.api, c.id, 'customer-links', {}))).path as string).replace('/c/', '');
    await s.database.db.execute(
      sql`update complaint_customer_links set expires_at = now() - interval '1 minute' where created_at = (select max(created_at) from complaint_customer_links)`,
    );
    expectProblem(await anon.post(`/api/customer-links/${expired}/answer`, { result: 'accepted', signedBy: '刘工' }), 410, 'CUSTOMER_LINK_EXPIRED');
    await ok(anon.post(`/api/customer-links/${second}/answer`, { result: 'accepted', comment: '同意结案', signedBy: '刘工' }));
    await ok(move(s.qaManager.api, c.id, 'close'));
    complaint = await get(s.qa.api, c.id);
    expect(complaint.confirmations.map((x: { result: string }) => x.result)).toEqual(['rejected', 'accepted']);
  });

  it('runs the short 8D on its own reduced steps: D0 → D3 → D4 → D5/D6 → D8, with its refusals (role, state, fields, gates)', async () => {
    const s = await setup();
    const c = await intake(s, { description: '外箱标签型号错印', failureMode: '标签错误', remedySought: ['replace', '8d-report'] });
    await ok(move(s.sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到，今天内回复处理方案。' } }));
    await ok(put(s.qa.api, c.id, 'assessment', { severity: 'minor', safetyRegulatory: false, customerImpact: ['sorting-at-customer'], path: 'short-8d' }));
    await ok(move(s.qa.api, c.id, 'submit-assessment'));
    await ok(move(s.vp.api, c.id, 'approve-8d'));
    let instance = await instanceOf(s.qa.api, c.id);
    expect(instance).toMatchObject({ state: 'd0-emergency', procedureVersion: 2 });
    // the short path lists its own steps, not the full 8D's
    const stepIds = (instance.steps as { id: string }[]).map((x) => x.id);
    expect(stepIds).toEqual(expect.arrayContaining(['d0-emergency', 'short-d3-containment', 'short-d4-root-cause', 'short-d5-correction', 'short-d8-closure']));
    expect((await get(s.qa.api, c.id)).disciplines.map((d: { stepId: string }) => d.stepId)).toEqual([
      'd0-emergency',
      'short-d3-containment',
      'short-d4-root-cause',
      'short-d5-correction',
      'short-d8-closure',
    ]);

    // D0: wrong department, missing fields, the full path refused (the assessment chose short)
    const d0 = { fields: { symptom: '外箱标签印 RY-2045，实物为 RY-2046', emergencyResponse: '仓库在库 3 箱隔离，客户处派人更换标签' } };
    expectProblem(await move(s.production.api, c.id, 'd0-short-8d', d0), 403, 'PROCEDURE_NOT_YOUR_STEP');
    const fields = expectProblem(await move(s.qa.api, c.id, 'd0-short-8d', { fields: { symptom: '标签错' } }), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(fields.errors!.map((e) => e.path)).toEqual(['body.fields.emergencyResponse']);
    const full = expectProblem(await move(s.qa.api, c.id, 'd0-full-8d', d0), 422, 'PROCEDURE_GUARD_FAILED');
    expect(full.errors!.map((e) => e.path)).toEqual(['complaint.assessment.path']);
    expectProblem(await move(s.qaManager.api, c.id, 'short-approve-d3'), 409, 'PROCEDURE_WRONG_STATE');
    instance = await ok(move(s.qa.api, c.id, 'd0-short-8d', d0));
    expect(instance.state).toBe('short-d3-containment');
    expect((await get(s.qa.api, c.id)).emergency).toMatchObject({
      symptom: '外箱标签印 RY-2045，实物为 RY-2046',
      response: '仓库在库 3 箱隔离，客户处派人更换标签',
    });

    // D3: every stock location, approved by the manager (not staff)
    await ok(post(s.qa.api, c.id, 'containment', { location: 'customer', description: '客户处更换标签', quantityChecked: 600, quantityFound: 600 }));
    const d3 = expectProblem(await move(s.qaManager.api, c.id, 'short-approve-d3'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(d3.errors!.map((e) => e.path)).toEqual([
      'complaint.containment.in-transit',
      'complaint.containment.warehouse',
      'complaint.containment.wip',
      'complaint.containment.supplier',
    ]);
    for (const location of LOCATIONS.slice(1))
      await ok(post(s.qa.api, c.id, 'containment', { location, description: `${location} 核对标签`, quantityChecked: 100, quantityFound: 0 }));
    expectProblem(await move(s.qa.api, c.id, 'short-approve-d3'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    await ok(move(s.qaManager.api, c.id, 'short-approve-d3'));
    // sections the short path has no step for are not opened (D7 prevention)
    expectProblem(await put(s.qa.api, c.id, 'prevention', { similarReviewed: 'x' }), 409, 'COMPLAINT_SECTION_NOT_OPEN');

    // D4: root cause and escape point with evidence
    const d4 = expectProblem(await move(s.qaManager.api, c.id, 'short-approve-d4'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(d4.errors!.map((e) => e.path)).toEqual([
      'complaint.rootCause.occurrenceCause',
      'complaint.rootCause.escapePoint',
      'complaint.rootCause.method',
      'complaint.rootCause.evidence',
    ]);
    const photo = (await upload(s.app, s.qa.session, 'label.jpg', jpegBytes('label'), 'image/jpeg')).json();
    await ok(
      put(s.qa.api, c.id, 'root-cause', {
        method: '5-why',
        occurrenceCause: '标签模板选错',
        escapePoint: '包装检验未核对标签与实物',
        evidenceAttachmentIds: [photo.id],
      }),
    );
    await ok(move(s.qaManager.api, c.id, 'short-approve-d4'));

    // D5/D6: an action defined and done, the note asked for
    const noAction = expectProblem(
      await move(s.qaManager.api, c.id, 'short-approve-d5', { fields: { shortCorrection: '标签扫码比对' } }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(noAction.errors!.map((e) => e.path)).toEqual(['complaint.actions']);
    await ok(post(s.qa.api, c.id, 'actions', { title: '包装线加标签扫码比对', ownerId: s.production.id, department: 'production', dueDate: s.due }));
    const open = expectProblem(
      await move(s.qaManager.api, c.id, 'short-approve-d5', { fields: { shortCorrection: '标签扫码比对' } }),
      422,
      'PROCEDURE_GUARD_FAILED',
    );
    expect(open.errors!.map((e) => e.code)).toEqual(['open']);
    const action = (await get(s.qa.api, c.id)).actions[0];
    await ok(s.production.api.post(`/api/actions/${action.id}/complete`, { version: action.version, evidence: '扫码比对已上线' }));
    expectProblem(await move(s.qaManager.api, c.id, 'short-approve-d5'), 422, 'PROCEDURE_FIELDS_MISSING');
    await ok(move(s.qaManager.api, c.id, 'short-approve-d5', { fields: { shortCorrection: '扫码比对上线，连续 2 天无错' } }));

    // D8: the customer asked for an 8D report, so closure needs the customer's acceptance; a rejection reopens D4
    const noConfirm = expectProblem(await move(s.qaManager.api, c.id, 'short-close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(noConfirm.errors!.map((e) => e.path)).toEqual(['complaint.customerConfirmation']);
    expectProblem(await move(s.qa.api, c.id, 'short-reopen', { reason: 'x' }), 422, 'PROCEDURE_GUARD_FAILED');
    await ok(
      post(s.qa.api, c.id, 'customer-confirmation', {
        result: 'rejected',
        channel: 'email',
        receivedAt: new Date().toISOString(),
        comment: '请补充在途品处理',
      }),
    );
    instance = await ok(move(s.qa.api, c.id, 'short-reopen', { reason: '客户要求补充在途品处理' }));
    expect(instance.state).toBe('short-d4-root-cause');
    await ok(move(s.qaManager.api, c.id, 'short-approve-d4'));
    await ok(move(s.qaManager.api, c.id, 'short-approve-d5', { fields: { shortCorrection: '在途 2 箱已追回更换' } }));
    await ok(
      post(s.qa.api, c.id, 'customer-confirmation', { result: 'accepted', channel: 'email', receivedAt: new Date().toISOString(), comment: '同意结案' }),
    );
    expectProblem(await move(s.qa.api, c.id, 'short-close'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    instance = await ok(move(s.qaManager.api, c.id, 'short-close'));
    expect(instance).toMatchObject({ state: 'closed', status: 'closed' });
    const closed = await get(s.qa.api, c.id);
    expect(closed.closed).toBe(true);
    const d = closed.disciplines.find((x: { stepId: string }) => x.stepId === 'short-d8-closure');
    expect(d.completedAt).toBeTruthy();
    expectProblem(
      await post(s.qa.api, c.id, 'containment', { location: 'wip', description: 'x', quantityChecked: 1, quantityFound: 0 }),
      409,
      'COMPLAINT_CLOSED',
    );
  });

  it('a complaint started under v1 stays on v1: the VP approval goes straight to D1, no D0', async () => {
    const s = await setup();
    const c = await intake(s);
    await s.database.db.execute(sql`update procedure_instances set procedure_version = 1 where ref_type = 'complaint' and ref_id = ${c.id}`);
    await ok(move(s.sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到' } }));
    await ok(put(s.qa.api, c.id, 'assessment', { severity: 'major', safetyRegulatory: false, customerImpact: ['line-stop'], path: 'short-8d' }));
    await ok(move(s.qa.api, c.id, 'submit-assessment'));
    const i = await ok(move(s.vp.api, c.id, 'approve-8d'));
    expect(i).toMatchObject({ state: 'd1-team', procedureVersion: 1 });
    expect((await get(s.qa.api, c.id)).disciplines.map((d: { stepId: string }) => d.stepId)[0]).toBe('d1-team');
  });

  it('takes the quick-fix path when the assessment chose it, and can escalate it to an 8D', async () => {
    const s = await setup();
    const c = await intake(s, { channel: 'email', description: '标签印刷模糊', failureMode: '标签模糊', remedySought: ['rework'] });
    await ok(move(s.sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到' } }));
    await ok(put(s.qa.api, c.id, 'assessment', { severity: 'minor', safetyRegulatory: false, customerImpact: ['none'], path: 'quick-fix' }));
    await ok(move(s.qa.api, c.id, 'submit-assessment'));
    expectProblem(await move(s.vp.api, c.id, 'approve-8d'), 422, 'PROCEDURE_GUARD_FAILED');
    await ok(move(s.vp.api, c.id, 'approve-quick-fix'));
    expectProblem(await move(s.qa.api, c.id, 'quick-fix-done', { fields: { quickFix: '更换标签' } }), 422, 'PROCEDURE_GUARD_FAILED');
    const i = await ok(move(s.qa.api, c.id, 'escalate-to-8d', { reason: '客户要求 8D' }));
    expect(i.state).toBe('d1-team');
  });
});
