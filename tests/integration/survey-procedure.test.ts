import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { upload } from '../support/multipart.js';

const scores = (quality: number, delivery: number, service: number, pricing: number, communication: number) => ({
  quality,
  delivery,
  service,
  pricing,
  communication,
});

/**
 * Walkthrough of procedures/survey/v1.yaml through the API: a survey to three customers → two answer
 * through the link (one on a phone), one by a faxed form typed in → a low delivery score creates an
 * action for Planning → QA's analysis with exact numbers → improvements done → reply letters → closed.
 */
describe.each(engines())('survey procedure on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff'], 'sales');
    const salesManager = await userWithRoles(t.app, admin, 'wang', ['manager'], 'sales');
    const qaManager = await userWithRoles(t.app, admin, 'qa-li', ['manager'], 'quality');
    const pmcManager = await userWithRoles(t.app, admin, 'pmc-zhao', ['manager'], 'planning');
    const planner = await userWithRoles(t.app, admin, 'planner', ['staff'], 'planning');
    const customer = async (code: string, nameZh: string, contacts: string[]) =>
      (await admin.post('/api/customers', { code, nameZh, contacts: contacts.map((name) => ({ name })) })).json();
    const a = await customer('HK-01', '香港宏达贸易有限公司', ['黄先生']);
    const b = await customer('SZ-02', '深圳恒通电子有限公司', ['李小姐', '陈工']);
    const c = await customer('DG-03', '东莞华美五金制品厂', ['周经理']);
    const template = (await clerk.api.post('/api/survey-templates', defaultSurveyTemplate)).json();
    return { ...t, admin, clerk, salesManager, qaManager, pmcManager, planner, a, b, c, template };
  }

  const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=survey-campaign&refId=${id}`)).json().items[0];
  async function move(api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) {
    const i = await instanceOf(api, id);
    return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
  }
  const ok = async <T = Record<string, unknown>>(res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as T & Record<string, unknown>;
  };

  it('runs sent → analysis → actions → reply → closed with the right numbers, refusing what is out of turn', async () => {
    const s = await setup();
    const { app, database, clerk, qaManager, pmcManager, planner, salesManager, a, b, c, template } = s;
    const audits = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`))[0]!.n;

    const created = await ok<{
      campaign: { id: string; number: string; status: string; recipients: { id: string; contactName: string }[] };
      links: { recipientId: string; contactName: string; token: string; url: string }[];
    }>(
      clerk.api.post('/api/survey-campaigns', {
        title: '2026 年下半年顾客满意度调查',
        templateId: template.id,
        periodFrom: '2026-06-01',
        periodTo: '2026-11-30',
        responseDeadline: '2026-12-31',
        reminderAfterWorkingDays: 5,
        recipients: [
          { partyId: a.id, contactId: a.contacts[0].id },
          { partyId: b.id, contactId: b.contacts[0].id, language: 'en-US' },
          { partyId: b.id, contactId: b.contacts[1].id },
          { partyId: c.id, contactId: c.contacts[0].id },
        ],
      }),
    );
    const campaign = created.campaign;
    expect(campaign.number).toMatch(/^CS-\d{4}-01$/);
    expect(campaign.status).toBe('sent');
    expect(created.links).toHaveLength(4);
    const link = (name: string) => created.links.find((l) => l.contactName === name)!;
    expect(link('黄先生').url).toBe(`/s/${link('黄先生').token}`);

    // each sending is a communication linked to the survey — without the token
    const sent = (await clerk.api.get(`/api/communications?linkType=survey-campaign&linkId=${campaign.id}`)).json();
    expect(sent.total).toBe(4);
    for (const l of created.links) expect(JSON.stringify(sent)).not.toContain(l.token);

    // nobody answered yet: the results cannot go to QA; and Planning cannot act in Sales' step
    let before = await audits();
    const empty = expectProblem(await move(clerk.api, campaign.id, 'route-to-qa'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(empty.errors?.[0]?.path).toBe('survey.responses');
    expectProblem(await move(planner.api, campaign.id, 'route-to-qa'), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expect(await audits()).toBe(before);

    // 1. 黄先生 answers through the link: delivery 2 (low) → an action for Planning
    const anon = client(app, null);
    const opened = await ok<{ customerName: string; dimensions: unknown[] }>(anon.get(`/api/public/surveys/${link('黄先生').token}`));
    expect(opened.customerName).toBe('香港宏达贸易有限公司');
    expect(opened.dimensions).toHaveLength(5);
    await ok(
      anon.post(`/api/public/surveys/${link('黄先生').token}`, {
        scores: scores(5, 2, 4, 3, 4),
        recommend: 6,
        comments: '交期经常延误 Deliveries are often late',
      }),
    );
    // 2. 李小姐 on her phone, in English
    await ok(
      client(app, null, 'en-US').post(`/api/public/surveys/${link('李小姐').token}`, { scores: scores(4, 4, 5, 4, 5), recommend: 9, language: 'en-US' }),
    );
    // 3. 周经理 faxes the form back; Sales types it in with the scan
    const scan = (await upload(app, clerk.session, '满意度调查表-华美.pdf', '%PDF-1.4 fax scan', 'application/pdf')).json();
    const fax = await ok<{ source: string; enteredByName: string; attachments: unknown[]; index: number }>(
      clerk.api.post(`/api/survey-campaigns/${campaign.id}/responses`, {
        recipientId: link('周经理').recipientId,
        source: 'fax',
        receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        attachmentIds: [scan.id],
        scores: scores(5, 5, 5, 3, 4),
        recommend: 10,
        comments: null,
      }),
    );
    expect(fax).toMatchObject({ source: 'fax', enteredByName: 'clerk', index: 91 });
    expect(fax.attachments).toHaveLength(1);

    // the low delivery score created one improvement action, owned by Planning's manager, due on the working calendar
    const actions = (await pmcManager.api.get('/api/actions?sourceType=survey-response')).json();
    expect(actions.total).toBe(1);
    const action = actions.items[0];
    const cal = await siteCalendar(database.db);
    expect(action).toMatchObject({
      department: 'planning',
      ownerId: pmcManager.id,
      status: 'open',
      dueDate: cal.addWorkingDays(cal.localDate(new Date()), 10).date,
    });
    expect(action.title).toContain('交货准时 2/5');
    expect(action.source.title).toBe(`${campaign.number} 香港宏达贸易有限公司`);
    // the planner (staff) sees the action but not the customers' answers
    expect((await planner.api.get(`/api/actions/${action.id}`)).statusCode).toBe(200);
    expectProblem(await planner.api.get(`/api/survey-campaigns/${campaign.id}/analysis`), 403, 'FORBIDDEN');

    // Sales closes the collection; the link and typing-in stop
    await ok(move(clerk.api, campaign.id, 'route-to-qa'));
    expectProblem(await anon.get(`/api/public/surveys/${link('陈工').token}`), 410, 'SURVEY_LINK_EXPIRED');
    expectProblem(
      await clerk.api.post(`/api/survey-campaigns/${campaign.id}/responses`, {
        recipientId: link('陈工').recipientId,
        source: 'paper',
        receivedAt: new Date().toISOString(),
        attachmentIds: [scan.id],
        scores: scores(3, 3, 3, 3, 3),
      }),
      409,
      'SURVEY_NOT_COLLECTING',
    );

    // QA's analysis: the arithmetic, exactly
    const analysis = (await qaManager.api.get(`/api/survey-campaigns/${campaign.id}/analysis`)).json();
    expect(analysis.overall).toEqual({
      responses: 3,
      recipients: 4,
      responseRate: 75,
      csat: 80, // 12 of 15 scores are 4 or 5
      nps: 33.3, // promoters 2 (9, 10), detractors 1 (6) of 3
      index: 83.3, // (30×14/3 + 25×11/3 + 15×14/3 + 15×10/3 + 15×13/3) / 100 / 5 × 100
      means: { quality: 4.67, delivery: 3.67, service: 4.67, pricing: 3.33, communication: 4.33 },
      csatByDimension: { quality: 100, delivery: 66.7, service: 100, pricing: 33.3, communication: 100 },
    });
    const byB = analysis.byCustomer.find((x: { partyCode: string }) => x.partyCode === 'SZ-02');
    expect(byB.metrics).toMatchObject({ responses: 1, recipients: 2, responseRate: 50, index: 86, nps: 100 });
    expect(analysis.byCustomer.find((x: { partyCode: string }) => x.partyCode === 'HK-01').low).toEqual(['delivery']);
    expect(analysis.distribution.delivery).toEqual([0, 1, 0, 1, 1]);
    expect(analysis.recommendDistribution[6]).toBe(1);
    expect(analysis.trend).toHaveLength(1);

    // analysis is QA's: not Sales', and the summary is required
    before = await audits();
    expectProblem(await move(salesManager.api, campaign.id, 'analysed', { fields: { analysisSummary: 'x' } }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    const missing = expectProblem(await move(qaManager.api, campaign.id, 'analysed'), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(missing.errors?.[0]?.path).toBe('body.fields.analysisSummary');
    expect(await audits()).toBe(before);
    await ok(move(qaManager.api, campaign.id, 'analysed', { fields: { analysisSummary: 'CSAT 80%，交货准时为薄弱项，计划部改善排程。' } }));

    // the reply waits for the improvements
    expectProblem(
      await clerk.api.post(`/api/survey-campaigns/${campaign.id}/replies`, { partyId: a.id, channel: 'email', sentAt: new Date().toISOString() }),
      409,
      'SURVEY_NOT_AT_REPLY',
    );
    const open = expectProblem(await move(qaManager.api, campaign.id, 'improvements-done'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(open.errors?.[0]?.path).toBe('survey.actions');
    await ok(pmcManager.api.post(`/api/actions/${action.id}/complete`, { version: action.version, evidence: '增加每周产能评审，交期达成率提升至 98%' }));
    await ok(move(qaManager.api, campaign.id, 'improvements-done'));

    // the survey shows reply and improvement status per customer
    let detail = (await clerk.api.get(`/api/survey-campaigns/${campaign.id}`)).json();
    expect(detail.status).toBe('reply');
    expect(
      detail.customers.map((x: { partyCode: string; improvementStatus: string; replyStatus: string }) => [x.partyCode, x.improvementStatus, x.replyStatus]),
    ).toEqual([
      ['DG-03', 'none', 'pending'],
      ['HK-01', 'done', 'pending'],
      ['SZ-02', 'none', 'pending'],
    ]);

    // the letter lists the improvement made
    const letter = (await clerk.api.get(`/api/survey-campaigns/${campaign.id}/replies/${a.id}`)).json();
    expect(letter.improvements).toHaveLength(1);
    expect(letter.improvements[0]).toMatchObject({ department: 'planning', status: 'done', evidence: '增加每周产能评审，交期达成率提升至 98%' });
    expect(letter.replied).toBeNull();

    // closing needs every answering customer replied
    await ok(clerk.api.post(`/api/survey-campaigns/${campaign.id}/replies`, { partyId: a.id, channel: 'email', sentAt: new Date().toISOString() }));
    expectProblem(
      await clerk.api.post(`/api/survey-campaigns/${campaign.id}/replies`, { partyId: a.id, channel: 'email', sentAt: new Date().toISOString() }),
      409,
      'SURVEY_ALREADY_REPLIED',
    );
    const notYet = expectProblem(await move(clerk.api, campaign.id, 'close'), 422, 'PROCEDURE_GUARD_FAILED');
    expect(notYet.errors?.[0]?.message).toMatch(/东莞华美|深圳恒通/);
    await ok(clerk.api.post(`/api/survey-campaigns/${campaign.id}/replies`, { partyId: b.id, channel: 'email', sentAt: new Date().toISOString() }));
    detail = await ok(
      clerk.api.post(`/api/survey-campaigns/${campaign.id}/replies`, { partyId: c.id, channel: 'fax', sentAt: new Date().toISOString(), note: '附传真件' }),
    );
    expect(detail.customers.every((x: { replyStatus: string }) => x.replyStatus === 'sent')).toBe(true);
    const replyComm = (
      await clerk.api.get(`/api/communications/${detail.customers.find((x: { partyCode: string }) => x.partyCode === 'HK-01').replyCommunicationId}`)
    ).json();
    expect(replyComm.direction).toBe('out');
    expect(replyComm.content).toContain('增加每周产能评审');
    expect(replyComm.links[0]).toMatchObject({ type: 'survey-campaign', id: campaign.id });

    const closed = await ok(move(clerk.api, campaign.id, 'close'));
    expect(closed.status).toBe('closed');
    detail = (await clerk.api.get(`/api/survey-campaigns/${campaign.id}`)).json();
    expect(detail).toMatchObject({ status: 'closed', closed: true, analysisSummary: 'CSAT 80%，交货准时为薄弱项，计划部改善排程。' });
    expect((closed.history as { stepId: string }[]).map((h) => h.stepId)).toEqual(['sent', 'analysis', 'actions', 'reply', 'closed']);
  });

  it('a trend compares the survey with the earlier ones of the same questionnaire', async () => {
    const { app, clerk, qaManager, a, template } = await setup();
    const send = async (periodFrom: string, sentAt: string) =>
      (
        await clerk.api.post('/api/survey-campaigns', {
          title: periodFrom,
          templateId: template.id,
          periodFrom,
          periodTo: periodFrom.replace(/-01$/, '-28'),
          sentAt,
          responseDeadline: '2026-12-31',
          recipients: [{ partyId: a.id, contactId: a.contacts[0].id }],
        })
      ).json();
    const first = await send('2026-02-01', '2026-03-02T02:00:00.000Z');
    const second = await send('2026-08-01', '2026-09-01T02:00:00.000Z');
    await client(app, null).post(`/api/public/surveys/${first.links[0].token}`, { scores: scores(3, 3, 3, 3, 3), recommend: 5 });
    await client(app, null).post(`/api/public/surveys/${second.links[0].token}`, { scores: scores(5, 4, 4, 4, 4), recommend: 9 });
    const trend = (await qaManager.api.get(`/api/survey-campaigns/${second.campaign.id}/analysis`)).json().trend;
    expect(
      trend.map((t: { number: string; metrics: { index: number; nps: number; csat: number } }) => [t.number, t.metrics.index, t.metrics.nps, t.metrics.csat]),
    ).toEqual([
      [first.campaign.number, 60, -100, 0],
      [second.campaign.number, 86, 100, 100],
    ]);
    // an index of exactly 60 is not below the target of 60 and no item is ≤ 2: no action
    expect((await qaManager.api.get('/api/actions?sourceType=survey-response')).json().total).toBe(0);
  });
});
