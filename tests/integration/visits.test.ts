import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { siteToday } from '../../server/actions/index.js';
import { upload } from '../support/multipart.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { closedRecordRefusal } from '../support/fixtures.js';

/**
 * Walkthroughs of procedures.md §8 and §9: a customer audit (procedures/customer-visit), our visit to a
 * customer, an internal communication plan in seven steps (procedures/internal-communication), a weekly
 * meeting carrying an open action forward, and each user's "my work" — with the refusals.
 */
describe.each(engines())('visits, internal communication, meetings and my work on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const sales = await userWithRoles(t.app, admin, 'sales-li', ['staff'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'qa-zhang', ['staff'], 'quality');
    const prod = await userWithRoles(t.app, admin, 'prod-wu', ['manager'], 'production');
    const eng = await userWithRoles(t.app, admin, 'eng-chen', ['staff'], 'engineering');
    const wh = await userWithRoles(t.app, admin, 'wh-zhao', ['staff'], 'warehouse');
    const customer = (await admin.post('/api/customers', { code: 'DE-01', nameZh: '德国博世汽车部件', contacts: [{ name: 'Mr. Weber' }] })).json();
    const today = siteToday('Asia/Shanghai');
    const due = (await admin.get(`/api/calendar/working-days/add?start=${today}&days=5`)).json().date as string;
    return { ...t, admin, sales, qa, prod, eng, wh, customer, today, due };
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Record<string, any>;
  };
  const instanceOf = async (api: Client, type: string, id: string) => (await api.get(`/api/procedure-instances?refType=${type}&refId=${id}`)).json().items[0];
  async function move(api: Client, type: string, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, type, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const auditPlan = (partyId: string, over: Record<string, unknown> = {}) => ({
    partyId,
    direction: 'incoming',
    kind: 'audit',
    purpose: 'IATF 16949 过程审核（供应商年度审核）',
    visitors: 'Mr. Weber（SQE）、Ms. Braun（采购）',
    startDate: '2026-12-08',
    endDate: '2026-12-09',
    focusItems: '注塑车间过程控制、来料检验、追溯',
    ndaRequired: true,
    restrictedAreas: '其他客户的模具区',
    noticeDepartments: ['quality', 'production', 'engineering'],
    ...over,
  });

  it('runs a customer audit: plan → notice acknowledged by three departments → findings, actions, minutes → customer informed → closed', async () => {
    const { app, database, admin, sales, qa, prod, eng, wh, customer, due } = await setup();
    const count = async (table: string) => (await rows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

    // bad input: nothing written
    expectProblem(await sales.api.post('/api/visits', auditPlan(customer.id, { endDate: '2026-12-01' })), 422, 'VISIT_DATES_INVALID');
    const unknownDept = expectProblem(
      await sales.api.post('/api/visits', auditPlan(customer.id, { noticeDepartments: ['quality', 'moon'] })),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    expect(unknownDept.errors?.[0]?.path).toBe('body.noticeDepartments.1');
    expectProblem(await sales.api.post('/api/visits', auditPlan(customer.id, { purpose: '' })), 400, 'VALIDATION_FAILED');
    expect(await count('visits')).toBe(0);

    let visit = await ok(sales.api.post('/api/visits', { ...auditPlan(customer.id), accompanyingIds: [qa.id, prod.id] }));
    expect(visit.number).toMatch(/^V-\d{4}-0001$/);
    expect(visit).toMatchObject({ state: 'plan', status: 'open', partyCode: 'DE-01', ndaRequired: true, customerInformed: false });
    expect(visit.accompanying.map((a: { name: string }) => a.name).sort()).toEqual(['prod-wu', 'qa-zhang']);

    // nobody acknowledges before the notice is issued
    expectProblem(await qa.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality' }), 409, 'VISIT_WRONG_STEP');
    await ok(move(sales.api, 'visit', visit.id, 'issue-notice'));
    await drainOutbox(database.db);
    const qaNotes = (await qa.api.get('/api/notifications')).json().items;
    expect(qaNotes.some((n: { messageKey: string }) => n.messageKey === 'visit.notice')).toBe(true);

    // only an addressed department, by one of its people, acknowledges
    const notAddressed = expectProblem(await wh.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'warehouse' }), 403, 'NOT_ADDRESSED');
    expect(notAddressed.errors?.[0]?.path).toBe('body.department');
    expectProblem(await sales.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality' }), 403, 'NOT_ADDRESSED');
    expect(await count('visit_acknowledgements')).toBe(0);
    await ok(qa.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality', comment: '品质部安排陈主管陪同' }));
    expectProblem(await qa.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality' }), 409, 'ALREADY_ACKNOWLEDGED');
    await ok(prod.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'production' }));
    // the visit cannot be marked held while engineering has not acknowledged
    const notAll = expectProblem(await move(sales.api, 'visit', visit.id, 'held'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(notAll.errors?.[0]).toMatchObject({ path: 'visit.acknowledgements', message: expect.stringContaining('工程部') });
    visit = await ok(eng.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'engineering' }));
    expect(visit.acknowledgements.map((a: { department: string; acknowledged: boolean }) => [a.department, a.acknowledged])).toEqual([
      ['quality', true],
      ['production', true],
      ['engineering', true],
    ]);
    await ok(move(sales.api, 'visit', visit.id, 'held'));

    // the audit itself is on the customer's timeline
    let timeline = (await sales.api.get(`/api/customers/${customer.id}/timeline`)).json().items;
    expect(timeline[0].title).toContain(visit.number);

    // findings by area and department with severity
    visit = await ok(
      sales.api.post(`/api/visits/${visit.id}/findings`, { area: '注塑车间', department: 'production', severity: 'minor', description: '首件检验记录未签名' }),
    );
    visit = await ok(
      sales.api.post(`/api/visits/${visit.id}/findings`, { area: '来料仓', department: 'quality', severity: 'major', description: '来料检验未按 AQL 抽样' }),
    );
    expect(visit.findings.map((f: { no: number; severity: string }) => [f.no, f.severity])).toEqual([
      [1, 'minor'],
      [2, 'major'],
    ]);
    const [f1, f2] = visit.findings;

    // an action needs an owner and a due date on the working calendar
    expectProblem(
      await sales.api.post(`/api/visits/${visit.id}/actions`, { findingId: f1.id, title: '首件检验签名培训', department: 'production', dueDate: due }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await sales.api.post(`/api/visits/${visit.id}/actions`, { findingId: f1.id, title: '首件检验签名培训', ownerId: prod.id, department: 'production' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await sales.api.post(`/api/visits/${visit.id}/actions`, {
        findingId: f1.id,
        title: '首件检验签名培训',
        ownerId: prod.id,
        department: 'production',
        dueDate: '2020-01-06',
      }),
      422,
      'DUE_DATE_IN_PAST',
    );
    expect(await count('action_items')).toBe(0);
    const a1 = await ok(
      sales.api.post(`/api/visits/${visit.id}/actions`, {
        findingId: f1.id,
        title: '首件检验签名培训',
        ownerId: prod.id,
        department: 'production',
        dueDate: due,
      }),
    );
    const a2 = await ok(
      sales.api.post(`/api/visits/${visit.id}/actions`, {
        findingId: f2.id,
        title: '来料检验按 AQL 0.65 抽样',
        ownerId: qa.id,
        department: 'quality',
        dueDate: due,
      }),
    );
    expect(a1).toMatchObject({ title: '#1 首件检验签名培训', ownerName: 'prod-wu', status: 'open', source: { type: 'visit', id: visit.id } });

    // closing is refused while the minutes are missing, a finding is unanswered, or the customer not informed
    expectProblem(await move(sales.api, 'visit', visit.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    // the customer's report is attached with the minutes
    const report = await upload(app, sales.session, 'audit-report.pdf', '%PDF-1.4 audit report', 'application/pdf');
    expect(report.statusCode, report.body).toBe(200);
    visit = await ok(
      sales.api.put(`/api/visits/${visit.id}/minutes`, {
        version: visit.version,
        minutes: '审核结论：有条件通过，2 项发现须 10 个工作日内回复。',
        reportIds: [report.json().id],
      }),
    );
    expect(visit.reports.map((r: { filename: string }) => r.filename)).toEqual(['audit-report.pdf']);
    const unanswered = expectProblem(await move(sales.api, 'visit', visit.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(unanswered.errors?.[0]?.path).toBe('visit.findings');
    visit = await ok(
      sales.api.post(`/api/visits/${visit.id}/findings/${f1.id}/response`, { version: f1.version, response: '已培训全体检验员，首件记录改为双签。' }),
    );
    expectProblem(await sales.api.post(`/api/visits/${visit.id}/findings/${f1.id}/response`, { version: f1.version, response: 'x' }), 409, 'VERSION_CONFLICT');
    expectProblem(await move(sales.api, 'visit', visit.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    visit = await ok(
      sales.api.post(`/api/visits/${visit.id}/findings/${f2.id}/response`, {
        version: f2.version,
        response: '来料检验规范已改为 AQL 0.65，附新版作业指导书。',
      }),
    );
    const notInformed = expectProblem(await move(sales.api, 'visit', visit.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(notInformed.errors?.[0]?.path).toBe('visit.customerInformed');

    // the actions are done, and the customer is informed by a communication linked to the visit
    await ok(prod.api.post(`/api/actions/${a1.id}/complete`, { version: a1.version, evidence: '培训签到表 2026-12-10' }));
    await ok(qa.api.post(`/api/actions/${a2.id}/complete`, { version: a2.version, evidence: '作业指导书 QI-07 C 版' }));
    visit = await ok(
      sales.api.post(`/api/visits/${visit.id}/inform-customer`, { channel: 'email', subject: '审核发现项整改回复', content: '两项发现均已整改，附证据。' }),
    );
    expect(visit.customerInformed).toBe(true);
    await ok(move(sales.api, 'visit', visit.id, 'close'));
    visit = await ok(sales.api.get(`/api/visits/${visit.id}`));
    expect(visit).toMatchObject({ state: 'closed', status: 'closed' });
    timeline = (await sales.api.get(`/api/customers/${customer.id}/timeline`)).json().items;
    expect(timeline.map((t: { title: string }) => t.title)).toEqual([expect.stringContaining('审核发现项整改回复'), expect.stringContaining(visit.number)]);
    const links = (await sales.api.get(`/api/communications?linkType=visit&linkId=${visit.id}`)).json();
    expect(links.total).toBe(2);
    // the plan is not editable after the visit
    expectProblem(await sales.api.put(`/api/visits/${visit.id}`, { ...auditPlan(customer.id), version: visit.version }), 409, 'VISIT_NOT_EDITABLE');
    const list = (await admin.get(`/api/visits?partyId=${customer.id}`)).json().items;
    expect(list[0]).toMatchObject({ number: visit.number, openFindings: 0, status: 'closed' });
    // while open, the list counts the unanswered findings
    const other = await ok(sales.api.post('/api/visits', auditPlan(customer.id, { noticeDepartments: ['quality'] })));
    await ok(move(sales.api, 'visit', other.id, 'issue-notice'));
    await ok(qa.api.post(`/api/visits/${other.id}/acknowledgements`, { department: 'quality' }));
    await ok(move(sales.api, 'visit', other.id, 'held'));
    await ok(sales.api.post(`/api/visits/${other.id}/findings`, { area: '仓库', department: 'warehouse', severity: 'observation', description: '标识不清' }));
    const open = (await admin.get('/api/visits?open=true')).json().items;
    expect(open.map((v: { number: string; openFindings: number }) => [v.number, v.openFindings])).toEqual([[other.number, 1]]);
  });

  it('asks for the notice to be acknowledged again when the plan changes (replan → edit → issue again)', async () => {
    const { sales, qa, prod, customer } = await setup();
    let visit = await ok(sales.api.post('/api/visits', auditPlan(customer.id, { noticeDepartments: ['quality', 'production'] })));
    // a customer visit without departments to notify cannot issue its notice
    const bare = await ok(sales.api.post('/api/visits', auditPlan(customer.id, { noticeDepartments: [] })));
    const none = expectProblem(await move(sales.api, 'visit', bare.id, 'issue-notice'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(none.errors?.[0]?.path).toBe('visit.noticeDepartments');
    await ok(move(sales.api, 'visit', visit.id, 'issue-notice'));
    await ok(qa.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality' }));
    expectProblem(await sales.api.put(`/api/visits/${visit.id}`, { ...auditPlan(customer.id), version: visit.version }), 409, 'VISIT_NOT_EDITABLE');
    expectProblem(await move(sales.api, 'visit', visit.id, 'replan'), 422, 'REASON_REQUIRED');
    await ok(move(sales.api, 'visit', visit.id, 'replan', { reason: '客户改期一周' }));
    visit = await ok(sales.api.get(`/api/visits/${visit.id}`));
    visit = await ok(
      sales.api.put(`/api/visits/${visit.id}`, {
        ...auditPlan(customer.id, { startDate: '2026-12-15', endDate: '2026-12-16', noticeDepartments: ['quality', 'production'] }),
        version: visit.version,
      }),
    );
    await ok(move(sales.api, 'visit', visit.id, 'issue-notice'));
    visit = await ok(sales.api.get(`/api/visits/${visit.id}`));
    expect(visit.acknowledgements.map((a: { acknowledged: boolean }) => a.acknowledged)).toEqual([false, false]);
    await ok(qa.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality' }));
    await ok(prod.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'production' }));
    await ok(move(sales.api, 'visit', visit.id, 'held'));
  });

  it('records our own visit to a customer the same way: purpose, people met, outcomes, next contact', async () => {
    const { sales, customer } = await setup();
    let visit = await ok(
      sales.api.post('/api/visits', {
        partyId: customer.id,
        direction: 'outgoing',
        purpose: '年度拜访，了解 2027 年需求',
        visitors: 'Mr. Weber（采购经理）',
        startDate: '2026-12-15',
        endDate: '2026-12-15',
      }),
    );
    await ok(move(sales.api, 'visit', visit.id, 'issue-notice'));
    await ok(move(sales.api, 'visit', visit.id, 'held'));
    expectProblem(await move(sales.api, 'visit', visit.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    visit = await ok(sales.api.get(`/api/visits/${visit.id}`));
    visit = await ok(
      sales.api.put(`/api/visits/${visit.id}/minutes`, {
        version: visit.version,
        outcomes: '2027 年预计增量 20%，需新品报价两款。',
        nextContact: '2027-01-15',
      }),
    );
    await ok(move(sales.api, 'visit', visit.id, 'close'));
    visit = await ok(sales.api.get(`/api/visits/${visit.id}`));
    expect(visit).toMatchObject({ direction: 'outgoing', status: 'closed', nextContact: '2027-01-15' });
    const timeline = (await sales.api.get(`/api/customers/${customer.id}/timeline`)).json().items;
    expect(timeline[0]).toMatchObject({ kind: 'communication.visit.out' });
  });

  it('runs an internal communication plan from a customer complaint call through its seven steps to an evaluation', async () => {
    const { database, sales, qa, prod, wh, customer } = await setup();
    const call = await ok(
      sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        topic: 'complaint',
        occurredAt: new Date().toISOString(),
        subject: '客户反映包装破损',
        content: '最近两批包装箱角破损',
      }),
    );
    expectProblem(await sales.api.post('/api/communication-plans', { title: 'x', departments: [] }), 400, 'VALIDATION_FAILED');
    let plan = await ok(
      sales.api.post('/api/communication-plans', {
        title: '包装破损问题内部沟通',
        departments: ['quality', 'production'],
        source: { type: 'communication', id: call.id },
      }),
    );
    expect(plan).toMatchObject({ state: 'goal', partyId: customer.id, source: { type: 'communication', id: call.id } });
    expect(plan.number).toMatch(/^IC-\d{4}-0001$/);

    const missing = expectProblem(
      await move(sales.api, 'communication-plan', plan.id, 'set-goal', { fields: { goal: 'solve' } }),
      422,
      'PROCEDURE_FIELDS_MISSING',
    );
    expect(missing.errors?.map((e) => e.path)).toEqual(['body.fields.objective']);
    expectProblem(
      await move(sales.api, 'communication-plan', plan.id, 'set-goal', { fields: { goal: 'gossip', objective: '找出破损原因' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await move(qa.api, 'communication-plan', plan.id, 'set-goal', { fields: { goal: 'solve', objective: '找出破损原因' } }),
      403,
      'PROCEDURE_NOT_YOUR_STEP',
    );
    await ok(move(sales.api, 'communication-plan', plan.id, 'set-goal', { fields: { goal: 'solve', objective: '找出破损原因并改善包装' } }));
    await ok(move(sales.api, 'communication-plan', plan.id, 'choose-channel', { fields: { channel: 'meeting' } }));
    // a department replies only while feedback is collected
    expectProblem(await qa.api.post(`/api/communication-plans/${plan.id}/replies`, { department: 'quality', content: '早' }), 409, 'PLAN_WRONG_STEP');
    await ok(
      move(sales.api, 'communication-plan', plan.id, 'make-plan', {
        fields: {
          scheduledAt: '2026-12-03T02:00:00.000Z',
          place: '二楼会议室',
          participants: '品质部、生产部主管',
          content: '破损照片、出货记录',
          form: '现场会议',
        },
      }),
    );
    await ok(
      move(sales.api, 'communication-plan', plan.id, 'communicated', { fields: { communicationNote: '已开会说明客户投诉，要求两部门 3 日内反馈原因与措施' } }),
    );

    expectProblem(await wh.api.post(`/api/communication-plans/${plan.id}/replies`, { department: 'warehouse', content: '与我无关' }), 403, 'NOT_ADDRESSED');
    expectProblem(await sales.api.post(`/api/communication-plans/${plan.id}/replies`, { department: 'quality', content: '代答' }), 403, 'NOT_ADDRESSED');
    await ok(
      qa.api.post(`/api/communication-plans/${plan.id}/replies`, { department: 'quality', content: '原因：纸箱强度不足（边压 4.5 kN/m），改用 7 kN/m。' }),
    );
    const noAll = expectProblem(await move(sales.api, 'communication-plan', plan.id, 'feedback-received'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(noAll.errors?.[0]).toMatchObject({ path: 'plan.replies', message: expect.stringContaining('生产部') });
    await ok(prod.api.post(`/api/communication-plans/${plan.id}/replies`, { department: 'production', content: '装箱时加护角，已培训。' }));
    // the replies come back to Sales: notifications, and internal communications on the customer's record
    await drainOutbox(database.db);
    const notes = (await sales.api.get('/api/notifications')).json().items.filter((n: { messageKey: string }) => n.messageKey === 'plan.reply');
    expect(notes).toHaveLength(2);
    const back = (await sales.api.get(`/api/communications?linkType=communication&linkId=${call.id}`)).json();
    expect(back.items.map((c: { direction: string }) => c.direction)).toEqual(['internal', 'internal']);

    await ok(move(sales.api, 'communication-plan', plan.id, 'feedback-received'));
    await ok(move(sales.api, 'communication-plan', plan.id, 'followed-up', { fields: { followUpNote: '12 月 10 日出货抽查 3 箱，无破损' } }));
    expectProblem(
      await move(sales.api, 'communication-plan', plan.id, 'evaluate', { fields: { score: 7, lessons: '-', improvement: '-' } }),
      400,
      'VALIDATION_FAILED',
    );
    await ok(
      move(sales.api, 'communication-plan', plan.id, 'evaluate', {
        fields: { score: 4, lessons: '客户意见应当天转给相关部门', improvement: '包装规范纳入新品评审清单' },
      }),
    );
    plan = await ok(sales.api.get(`/api/communication-plans/${plan.id}`));
    expect(plan).toMatchObject({
      state: 'closed',
      status: 'closed',
      goal: 'solve',
      channel: 'meeting',
      place: '二楼会议室',
      score: 4,
      improvement: '包装规范纳入新品评审清单',
    });
    expect(plan.communicatedAt).not.toBeNull();
    expect(plan.replies.map((r: { department: string }) => r.department)).toEqual(['quality', 'production']);
  });

  it("keeps a weekly meeting's minutes with attendance, acknowledgement by the participants, and carries an open action into next week", async () => {
    const { admin, sales, qa, prod, wh, due, database } = await setup();
    const series = (await ok(sales.api.post('/api/meeting-series', { title: '每周品质例会', cadence: 'weekly' }))).items[0];
    const base = {
      seriesId: series.id,
      title: '第 48 周品质例会',
      heldAt: '2026-11-23T06:00:00.000Z',
      place: '一楼会议室',
      chairId: qa.id,
      agenda: '1. 客户投诉 2. 来料不良',
      participantIds: [qa.id, prod.id, sales.id],
    };
    expectProblem(await sales.api.post('/api/meetings', { ...base, participantIds: [] }), 400, 'VALIDATION_FAILED');
    let m1 = await ok(sales.api.post('/api/meetings', base));
    expect(m1.number).toMatch(/^M-\d{4}-0001$/);
    expect(m1.carriedActions).toEqual([]);

    expectProblem(
      await sales.api.post(`/api/meetings/${m1.id}/actions`, { title: '修订包装规范', ownerId: prod.id, department: 'production' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await sales.api.post(`/api/meetings/${m1.id}/actions`, { title: '修订包装规范', department: 'production', dueDate: due }),
      400,
      'VALIDATION_FAILED',
    );
    const open = await ok(
      sales.api.post(`/api/meetings/${m1.id}/actions`, { title: '修订包装规范', ownerId: prod.id, department: 'production', dueDate: due }),
    );
    const done = await ok(
      sales.api.post(`/api/meetings/${m1.id}/actions`, { title: '通知供应商改善纸箱', ownerId: qa.id, department: 'quality', dueDate: due }),
    );
    // distributing needs minutes
    expectProblem(await sales.api.post(`/api/meetings/${m1.id}/distribute`, { version: m1.version }), 422, 'MEETING_MINUTES_MISSING');
    m1 = await ok(
      sales.api.put(`/api/meetings/${m1.id}`, {
        ...base,
        version: m1.version,
        minutes: '讨论了包装破损投诉与来料不良。',
        decisions: '包装规范本周修订。',
        attendance: [
          { userId: qa.id, attendance: 'present' },
          { userId: prod.id, attendance: 'present' },
          { userId: sales.id, attendance: 'excused' },
        ],
      }),
    );
    expect(m1.participants.find((p: { userId: string }) => p.userId === sales.id).attendance).toBe('excused');
    expectProblem(await qa.api.post(`/api/meetings/${m1.id}/acknowledge`), 409, 'MEETING_NOT_DISTRIBUTED');
    m1 = await ok(sales.api.post(`/api/meetings/${m1.id}/distribute`, { version: m1.version }));
    expectProblem(await sales.api.put(`/api/meetings/${m1.id}`, { ...base, version: m1.version }), 409, 'MEETING_ALREADY_DISTRIBUTED');
    await expect(database.db.execute(sql`update meetings set minutes = '改过的纪要' where id = ${m1.id}`)).rejects.toSatisfy(closedRecordRefusal);
    expectProblem(await wh.api.post(`/api/meetings/${m1.id}/acknowledge`), 403, 'NOT_ADDRESSED');
    m1 = await ok(qa.api.post(`/api/meetings/${m1.id}/acknowledge`));
    expectProblem(await qa.api.post(`/api/meetings/${m1.id}/acknowledge`), 409, 'ALREADY_ACKNOWLEDGED');
    expect(m1.participants.filter((p: { acknowledgedAt: string | null }) => p.acknowledgedAt).map((p: { name: string }) => p.name)).toEqual(['qa-zhang']);

    await ok(qa.api.post(`/api/actions/${done.id}/complete`, { version: done.version, evidence: '已发改善通知 SCAR-12' }));
    const m2 = await ok(sales.api.post('/api/meetings', { ...base, title: '第 49 周品质例会', heldAt: '2026-11-30T06:00:00.000Z' }));
    expect(m2.carriedActions.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[open.id, 'open']]);
    const seriesList = (await admin.get('/api/meeting-series')).json().items;
    expect(seriesList[0]).toMatchObject({ title: '每周品质例会', meetings: 2 });
  });

  it('shows each user exactly what waits on them, overdue first', async () => {
    const { app, admin, sales, qa, prod, eng, wh, customer, due } = await setup();
    const visit = await ok(sales.api.post('/api/visits', auditPlan(customer.id, { noticeDepartments: ['quality', 'production'] })));
    await ok(move(sales.api, 'visit', visit.id, 'issue-notice'));
    const plan = await ok(sales.api.post('/api/communication-plans', { title: '新品导入沟通', departments: ['engineering'], goal: 'coordinate' }));
    const meeting = await ok(sales.api.post('/api/meetings', { title: '新品评审会', heldAt: '2026-11-23T06:00:00.000Z', participantIds: [qa.id, eng.id] }));
    const action = await ok(
      sales.api.post(`/api/meetings/${meeting.id}/actions`, { title: '确认模具进度', ownerId: eng.id, department: 'engineering', dueDate: due }),
    );
    const fresh = await ok(
      sales.api.put(`/api/meetings/${meeting.id}`, {
        title: '新品评审会',
        heldAt: '2026-11-23T06:00:00.000Z',
        participantIds: [qa.id, eng.id],
        version: meeting.version,
        minutes: '评审通过',
      }),
    );
    await ok(sales.api.post(`/api/meetings/${fresh.id}/distribute`, { version: fresh.version }));
    // an overdue follow-up promised to the customer
    await ok(
      sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'out',
        occurredAt: '2026-11-01T02:00:00.000Z',
        subject: '答应回电确认样品',
        content: '回电',
        followUpDue: '2026-11-02T02:00:00.000Z',
      }),
    );

    const work = async (api: Client) =>
      (await api.get('/api/my-work')).json().items as { kind: string; title: string; stepId: string | null; department: string | null; overdue: boolean }[];
    const salesWork = await work(sales.api);
    expect(salesWork.map((w) => [w.kind, w.stepId ?? w.department])).toEqual([
      ['follow-up', null],
      ['step', 'goal'],
      ['step', 'notice'],
    ]);
    expect(salesWork[0]!.overdue).toBe(true);
    expect((await work(qa.api)).map((w) => [w.kind, w.title.split(' ')[0], w.department])).toEqual([
      ['acknowledge', visit.number, 'quality'],
      ['acknowledge', meeting.number, null],
    ]);
    expect((await work(prod.api)).map((w) => [w.kind, w.department])).toEqual([['acknowledge', 'production']]);
    expect((await work(eng.api)).map((w) => [w.kind, w.title])).toEqual([
      ['action', `${action.number} 确认模具进度`],
      ['acknowledge', `${meeting.number} 新品评审会`],
    ]);
    expect(await work(wh.api)).toEqual([]);

    // acknowledging takes the item off the list; a plan at feedback asks the department to reply
    await ok(qa.api.post(`/api/visits/${visit.id}/acknowledgements`, { department: 'quality' }));
    expect((await work(qa.api)).map((w) => w.kind)).toEqual(['acknowledge']);
    await ok(move(sales.api, 'communication-plan', plan.id, 'set-goal', { fields: { goal: 'coordinate', objective: '模具进度' } }));
    await ok(move(sales.api, 'communication-plan', plan.id, 'choose-channel', { fields: { channel: 'email' } }));
    await ok(
      move(sales.api, 'communication-plan', plan.id, 'make-plan', {
        fields: { scheduledAt: '2026-12-01T02:00:00.000Z', place: '邮件', participants: '工程部', content: '模具 T1 时间', form: '邮件' },
      }),
    );
    await ok(move(sales.api, 'communication-plan', plan.id, 'communicated', { fields: { communicationNote: '已发邮件' } }));
    expect((await work(eng.api)).map((w) => w.kind).sort()).toEqual(['acknowledge', 'action', 'reply']);
    // a department-bound step of another procedure shows for the department only (sign-offs of the order review)
    const gm = await userWithRoles(app, admin, 'gm-wang', ['gm'], 'gm-office');
    expect(await work(gm.api)).toEqual([]);
  });

  it("picks up any procedure's steps and parallel sign-offs from its definition (the order review), for the departments and roles concerned", async () => {
    const { app, admin, sales, qa, eng, wh, customer } = await setup();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const order = await ok(
      sales.api.post('/api/orders', {
        partyId: customer.id,
        customerPo: 'PO-77',
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
          },
        ],
      }),
    );
    const work = async (api: Client) =>
      ((await api.get('/api/my-work')).json().items as { kind: string; ref: { type: string }; stepId: string | null; department: string | null }[]).filter(
        (w) => w.ref.type === 'order',
      );
    expect((await work(sales.api)).map((w) => [w.kind, w.stepId])).toEqual([['step', 'intake']]);
    expect(await work(qa.api)).toEqual([]);
    await ok(move(sales.api, 'order', order.id, 'submit-contract-review'));
    // every department of the review signs: each sees its own sign-off, nobody else's
    expect((await work(eng.api)).map((w) => [w.kind, w.stepId, w.department])).toEqual([['signoff', 'contract-review', 'engineering']]);
    expect((await work(sales.api)).map((w) => [w.kind, w.department])).toEqual([['signoff', 'sales']]);
    expect((await work(wh.api)).map((w) => [w.kind, w.department])).toEqual([['signoff', 'warehouse']]);
    const i = await instanceOf(eng.api, 'order', order.id);
    await ok(eng.api.post(`/api/procedure-instances/${i.id}/signoffs`, { version: i.version, department: 'engineering', opinion: 'accept' }));
    expect(await work(eng.api)).toEqual([]);
    expect((await work(qa.api)).map((w) => w.department)).toEqual(['quality']);
    // the GM acts across departments but only the GM's own steps are the GM's work
    const gm = await userWithRoles(app, admin, 'gm-wang', ['gm'], 'gm-office');
    expect(await work(gm.api)).toEqual([]);
  });
});

describe.each(engines())('my work is complete and paged on %s', (engine) => {
  it('counts every item (no cap), pages them overdue first, and describes only the page', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'busy', ['staff'], 'sales');
    const customer = (await admin.post('/api/customers', { code: 'MW1', nameZh: '待办客户' })).json();
    // 205 promised follow-ups: more than the old silent cap of 200; the first 5 are overdue
    const base = Date.parse('2030-01-01T02:00:00.000Z');
    for (let i = 0; i < 205; i++) {
      const due = i < 5 ? new Date(Date.parse('2026-01-05T02:00:00.000Z') + i * 3_600_000) : new Date(base + i * 3_600_000);
      const res = await clerk.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'out',
        occurredAt: '2026-01-02T02:00:00.000Z',
        subject: `回电 ${i}`,
        content: '答应回电',
        followUpDue: due.toISOString(),
      });
      expect(res.statusCode).toBe(200);
    }
    const first = (await clerk.api.get('/api/my-work?pageSize=50')).json();
    expect(first).toMatchObject({ total: 205, overdue: 5, page: 1, pageSize: 50, byKind: { 'follow-up': 205 } });
    expect(first.items).toHaveLength(50);
    expect(first.items.slice(0, 5).every((w: { overdue: boolean }) => w.overdue)).toBe(true);
    expect(first.items.map((w: { title: string }) => w.title.split(' ').at(-1))).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    const last = (await clerk.api.get('/api/my-work?page=5&pageSize=50')).json();
    expect(last.items.map((w: { title: string }) => w.title.split(' ').at(-1))).toEqual(['200', '201', '202', '203', '204']);
    expectProblem(await clerk.api.get('/api/my-work?pageSize=500'), 400, 'VALIDATION_FAILED');
  });
});

describe.each(engines())("a department's shared queue on %s", (engine) => {
  it('shows an action addressed to the department to every member, who may claim it; the previous owner is told', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const li = await userWithRoles(app, admin, 'pmc-li', ['manager'], 'planning');
    const wang = await userWithRoles(app, admin, 'pmc-wang', ['manager'], 'planning');
    const qa = await userWithRoles(app, admin, 'qa-zhao', ['manager'], 'quality');
    const customer = (await admin.post('/api/customers', { code: 'DQ1', nameZh: '队列客户' })).json();
    const today = siteToday('Asia/Shanghai');
    const due = (await admin.get(`/api/calendar/working-days/add?start=${today}&days=5`)).json().date as string;
    const action = (
      await admin.post('/api/actions', {
        sourceType: 'customer',
        sourceId: customer.id,
        title: '调整排产计划',
        ownerId: li.id,
        department: 'planning',
        dueDate: due,
      })
    ).json();
    const queue = async (api: Client) => (await api.get('/api/my-work?scope=department')).json();
    // the owner has it as theirs; the other planning manager sees it in the department's queue; QA sees nothing
    expect(((await li.api.get('/api/my-work')).json().items as { ref: { id: string } }[]).map((w) => w.ref.id)).toContain(action.id);
    expect((await queue(li.api)).items).toEqual([]);
    const waiting = await queue(wang.api);
    expect(waiting).toMatchObject({ total: 1, items: [{ kind: 'action', ref: { id: action.id }, department: 'planning', version: action.version }] });
    expect(waiting.items[0].ownerName).toBeTruthy();
    expect((await queue(qa.api)).total).toBe(0);
    // refusals: another department, the owner itself, a stale version
    // (the platform's edit rights refuse another department first; the service's own check stands behind it)
    expectProblem(await qa.api.post(`/api/actions/${action.id}/claim`, { version: action.version }), 403, 'RECORD_NOT_EDITABLE');
    expectProblem(await li.api.post(`/api/actions/${action.id}/claim`, { version: action.version }), 409, 'ACTION_ALREADY_YOURS');
    expectProblem(await wang.api.post(`/api/actions/${action.id}/claim`, { version: action.version + 5 }), 409, 'VERSION_CONFLICT');
    const claimed = (await wang.api.post(`/api/actions/${action.id}/claim`, { version: action.version })).json();
    expect(claimed).toMatchObject({ ownerId: wang.id, status: 'open' });
    expect(((await wang.api.get('/api/my-work')).json().items as { ref: { id: string } }[]).map((w) => w.ref.id)).toContain(action.id);
    expect((await queue(li.api)).items.map((w: { ref: { id: string } }) => w.ref.id)).toEqual([action.id]);
    await drainOutbox(database.db);
    const bell = (await li.api.get('/api/notifications')).json().items as { messageKey: string; params: { by: string } }[];
    expect(bell.find((n) => n.messageKey === 'action.claimed')).toBeTruthy();
    const history = (await admin.get(`/api/history/action/${action.id}`)).json();
    expect(history.entries.at(-1)).toMatchObject({ action: 'claim', before: { ownerId: li.id }, after: { ownerId: wang.id } });
  });
});
