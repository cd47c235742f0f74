import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../server/platform/db/client.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { closedRecordRefusal } from '../support/fixtures.js';

const good = { scores: { quality: 4, delivery: 4, service: 4, pricing: 4, communication: 4 }, recommend: 8 };

describe.each(engines())('surveys on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'qa-li', ['manager'], 'quality');
    const a = (
      await admin.post('/api/customers', {
        code: 'HK-01',
        nameZh: '香港宏达贸易有限公司',
        nameEn: 'Hongda Trading HK',
        contacts: [{ name: '黄先生', email: 'huang@hongda.hk' }],
      })
    ).json();
    const b = (await admin.post('/api/customers', { code: 'SZ-02', nameZh: '深圳恒通电子有限公司', contacts: [{ name: '李小姐' }] })).json();
    const template = (await clerk.api.post('/api/survey-templates', defaultSurveyTemplate)).json();
    const send = async (over: Record<string, unknown> = {}) => {
      const res = await clerk.api.post('/api/survey-campaigns', {
        title: '年度顾客满意度调查',
        templateId: template.id,
        periodFrom: '2026-01-01',
        periodTo: '2026-11-30',
        responseDeadline: '2026-12-31',
        recipients: [
          { partyId: a.id, contactId: a.contacts[0].id, language: 'en-US' },
          { partyId: b.id, contactId: b.contacts[0].id },
        ],
        ...over,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        campaign: { id: string; recipients: { id: string; contactName: string; reminderDue: boolean; reminders: number; respondedAt: string | null }[] };
        links: { recipientId: string; token: string; contactName: string }[];
      };
    };
    return { ...t, admin, clerk, qa, a, b, template, send, anon: client(t.app, null) };
  }
  const count = async (db: Executor, table: string) => (await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  it('a link reveals only its own survey to its own contact; tokens are stored hashed', async () => {
    const { database, anon, send, a } = await setup();
    const first = await send();
    const other = await send({ title: '另一次调查 Other survey', recipients: [{ partyId: a.id, contactId: a.contacts[0].id }] });
    const huang = first.links.find((l) => l.contactName === '黄先生')!;
    const res = await anon.get(`/api/public/surveys/${huang.token}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual([
      'campaignTitle',
      'commentsQuestion',
      'contactName',
      'customerName',
      'dimensions',
      'expiresAt',
      'intro',
      'language',
      'recommendQuestion',
      'title',
    ]);
    expect(body).toMatchObject({ campaignTitle: '年度顾客满意度调查', contactName: '黄先生', customerName: 'Hongda Trading HK', language: 'en-US' });
    // no ids, no other customer, no other survey, no personal data
    expect(res.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const secret of ['李小姐', '深圳恒通', '另一次调查', 'huang@hongda.hk']) expect(res.body).not.toContain(secret);
    // the other survey's token opens the other survey only
    expect((await anon.get(`/api/public/surveys/${other.links[0]!.token}`)).json().campaignTitle).toBe('另一次调查 Other survey');
    // the database holds hashes, never the tokens
    const stored = await rows<{ token_hash: string }>(database.db, sql`select token_hash from survey_recipients`);
    expect(stored).toHaveLength(3);
    for (const l of [...first.links, ...other.links]) expect(stored.map((s) => s.token_hash)).not.toContain(l.token);
    // a made-up or altered token gets a clear 404
    expectProblem(await anon.get(`/api/public/surveys/${huang.token.slice(0, -2)}xx`), 404, 'SURVEY_LINK_INVALID');
    expectProblem(await anon.post('/api/public/surveys/not-a-real-token-at-all', good), 404, 'SURVEY_LINK_INVALID');
  });

  it('refuses out-of-range and missing scores with the field, writing nothing; one answer per link', async () => {
    const { database, anon, send, app } = await setup();
    const { links } = await send();
    const token = links[0]!.token;
    const before = await Promise.all(['survey_responses', 'communications', 'action_items', 'audit_log'].map((t) => count(database.db, t)));
    const bad = [
      [{ ...good, scores: { ...good.scores, delivery: 6 } }, 'SURVEY_SCORE_OUT_OF_RANGE', 'body.scores.delivery'],
      [{ ...good, scores: { ...good.scores, quality: 0 } }, 'SURVEY_SCORE_OUT_OF_RANGE', 'body.scores.quality'],
      [{ ...good, scores: { ...good.scores, service: 2.5 } }, 'SURVEY_SCORE_OUT_OF_RANGE', 'body.scores.service'],
      [{ ...good, scores: { ...good.scores, colour: 3 } }, 'SURVEY_SCORE_OUT_OF_RANGE', 'body.scores.colour'],
      [{ ...good, recommend: 11 }, 'SURVEY_SCORE_OUT_OF_RANGE', 'body.recommend'],
      [{ ...good, scores: { quality: 4 } }, 'SURVEY_ANSWER_MISSING', 'body.scores.delivery'],
    ] as const;
    for (const [body, code, path] of bad) {
      const p = expectProblem(await anon.post(`/api/public/surveys/${token}`, body), 422, code);
      expect(p.errors?.[0]?.path).toBe(path);
    }
    // the message speaks the customer's language
    const en = expectProblem(
      await client(app, null, 'en-US').post(`/api/public/surveys/${token}`, { ...good, scores: { ...good.scores, delivery: 9 } }),
      422,
      'SURVEY_SCORE_OUT_OF_RANGE',
    );
    expect(en.errors?.[0]?.message).toBe('“Delivery” takes a score from 1 to 5.');
    expect(await Promise.all(['survey_responses', 'communications', 'action_items', 'audit_log'].map((t) => count(database.db, t)))).toEqual(before);

    const ok = await anon.post(`/api/public/surveys/${token}`, { ...good, comments: '很好' });
    expect(ok.statusCode, ok.body).toBe(200);
    expectProblem(await anon.post(`/api/public/surveys/${token}`, good), 409, 'SURVEY_ALREADY_ANSWERED');
    expectProblem(await anon.get(`/api/public/surveys/${token}`), 409, 'SURVEY_ALREADY_ANSWERED');
    expect(await count(database.db, 'survey_responses')).toBe(1);
    // two answers racing: the one-response rule holds under concurrency
    const racing = await Promise.all([anon.post(`/api/public/surveys/${links[1]!.token}`, good), anon.post(`/api/public/surveys/${links[1]!.token}`, good)]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await count(database.db, 'survey_responses')).toBe(2);
  });

  it('an expired link gets 410; reminders go to non-responders after N working days, each a communication', async () => {
    const { anon, send, clerk } = await setup();
    const expired = await send({ sentAt: '2026-11-02T02:00:00.000Z', responseDeadline: '2026-11-10' });
    expectProblem(await anon.get(`/api/public/surveys/${expired.links[0]!.token}`), 410, 'SURVEY_LINK_EXPIRED');
    expectProblem(await anon.post(`/api/public/surveys/${expired.links[0]!.token}`, good), 410, 'SURVEY_LINK_EXPIRED');

    // sent on Monday 2 November with a 5-working-day interval: by now both contacts are due
    const { campaign, links } = await send({ sentAt: '2026-11-02T02:00:00.000Z', responseDeadline: '2026-12-31', reminderAfterWorkingDays: 5 });
    expect(campaign.recipients.map((r) => r.reminderDue)).toEqual([true, true]);
    await anon.post(`/api/public/surveys/${links[0]!.token}`, good);
    const first = (await clerk.api.post(`/api/survey-campaigns/${campaign.id}/reminders`, { channel: 'email' })).json();
    expect(first).toMatchObject({ reminded: 1, notDue: 0 });
    const li = first.campaign.recipients.find((r: { contactName: string }) => r.contactName === '李小姐');
    expect(li).toMatchObject({ reminders: 1, reminderDue: false });
    // reminded just now: not due again until 5 more working days have passed
    expect((await clerk.api.post(`/api/survey-campaigns/${campaign.id}/reminders`, {})).json()).toMatchObject({ reminded: 0, notDue: 1 });
    const comms = (await clerk.api.get(`/api/communications?linkType=survey-campaign&linkId=${campaign.id}`)).json();
    // 2 sendings + 1 answer + 1 reminder
    expect(comms.items.map((c: { subject: string }) => c.subject.split(' ')[0]).sort()).toEqual([
      '满意度调查',
      '满意度调查',
      '满意度调查回复',
      '满意度调查提醒',
    ]);
    // a new link replaces the old one
    const fresh = (await clerk.api.post(`/api/survey-campaigns/${campaign.id}/recipients/${links[1]!.recipientId}/link`, { reason: '原邮件地址错误' })).json();
    expectProblem(await anon.get(`/api/public/surveys/${links[1]!.token}`), 404, 'SURVEY_LINK_INVALID');
    expect((await anon.get(`/api/public/surveys/${fresh.token}`)).statusCode).toBe(200);
  });

  it('answers reach only roles that need them; bad campaigns are refused', async () => {
    const { app, anon, send, clerk, qa, a, b, template } = await setup();
    const { campaign, links } = await send();
    await anon.post(`/api/public/surveys/${links[0]!.token}`, { ...good, comments: '机密意见 confidential remark' });
    // Sales staff follow the survey (status) but do not read the answers
    const seen = await clerk.api.get(`/api/survey-campaigns/${campaign.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('机密意见');
    expectProblem(await clerk.api.get(`/api/survey-campaigns/${campaign.id}/analysis`), 403, 'FORBIDDEN');
    expectProblem(await clerk.api.get(`/api/survey-campaigns/${campaign.id}/responses`), 403, 'FORBIDDEN');
    // nor do the communications or the audit trail carry the answers
    expect((await clerk.api.get(`/api/communications?linkType=survey-campaign&linkId=${campaign.id}`)).body).not.toContain('机密意见');
    const responseId = seen.json().recipients.find((r: { responseId: string | null }) => r.responseId).responseId;
    const trail = await clerk.api.get(`/api/history/survey-response/${responseId}`);
    expect(trail.statusCode).toBe(200);
    expect(trail.body).not.toContain('机密意见');
    expect(trail.body).not.toContain('"quality"');
    expectProblem(await clerk.api.get(`/api/survey-responses/${responseId}`), 403, 'FORBIDDEN');
    // QA does
    expect((await qa.api.get(`/api/survey-campaigns/${campaign.id}/responses`)).json().items[0].comments).toBe('机密意见 confidential remark');
    expectProblem(await client(app, null).get(`/api/survey-campaigns/${campaign.id}`), 401, 'UNAUTHENTICATED');
    // global search finds the survey by its number and its customers, never by the answers
    const number = seen.json().number as string;
    const hits = (await clerk.api.get(`/api/search?q=${encodeURIComponent(number)}`)).json().hits;
    expect(hits.map((h: { ref: { type: string }; url: string }) => [h.ref.type, h.url])).toContainEqual([
      'survey-campaign',
      `/surveys/campaigns/${campaign.id}`,
    ]);
    expect((await clerk.api.get(`/api/search?q=${encodeURIComponent('机密意见')}`)).json().hits).toEqual([]);

    const base = { title: 'x', templateId: template.id, periodFrom: '2026-01-01', periodTo: '2026-06-30', responseDeadline: '2026-12-31' };
    expectProblem(
      await clerk.api.post('/api/survey-campaigns', { ...base, periodTo: '2025-12-31', recipients: [{ partyId: a.id, contactId: a.contacts[0].id }] }),
      422,
      'SURVEY_PERIOD_INVALID',
    );
    const wrong = expectProblem(
      await clerk.api.post('/api/survey-campaigns', { ...base, recipients: [{ partyId: a.id, contactId: b.contacts[0].id }] }),
      422,
      'CONTACT_NOT_OF_PARTY',
    );
    expect(wrong.errors?.[0]?.path).toBe('body.recipients.0.contactId');
    expectProblem(
      await clerk.api.post('/api/survey-campaigns', {
        ...base,
        recipients: [
          { partyId: a.id, contactId: a.contacts[0].id },
          { partyId: a.id, contactId: a.contacts[0].id },
        ],
      }),
      422,
      'SURVEY_RECIPIENT_DUPLICATE',
    );
  });

  it('questionnaires are versioned: a revision supersedes, campaigns keep theirs, the old one cannot be sent', async () => {
    const { clerk, template, send } = await setup();
    expect(template).toMatchObject({ key: 'css', version: 1, current: true, lowScoreThreshold: 2, indexTarget: 60 });
    expectProblem(await clerk.api.post('/api/survey-templates', defaultSurveyTemplate), 409, 'DUPLICATE_CODE');
    const reserved = await clerk.api.post('/api/survey-templates', {
      ...defaultSurveyTemplate,
      key: 'other',
      dimensions: [{ ...defaultSurveyTemplate.dimensions[0], key: 'price' }],
    });
    expect(reserved.statusCode).toBe(400);
    const noDept = expectProblem(
      await clerk.api.post('/api/survey-templates', {
        ...defaultSurveyTemplate,
        key: 'other',
        dimensions: [{ ...defaultSurveyTemplate.dimensions[0], department: 'nowhere' }],
      }),
      422,
      'LINKED_RECORD_NOT_FOUND',
    );
    expect(noDept.errors?.[0]?.path).toBe('body.dimensions.0.department');

    const { campaign } = await send();
    const dims = [
      ...defaultSurveyTemplate.dimensions,
      {
        key: 'packaging',
        name: { zh: '包装', en: 'Packaging' },
        question: { zh: '您对包装的满意程度', en: 'How satisfied are you with our packaging?' },
        weight: 10,
        department: 'warehouse',
      },
    ];
    const revised = await clerk.api.post(`/api/survey-templates/${template.id}/revisions`, {
      ...defaultSurveyTemplate,
      rowVersion: template.rowVersion,
      reason: '增加包装维度',
      dimensions: dims,
      lowScoreThreshold: 3,
    });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({ key: 'css', version: 2, current: true, lowScoreThreshold: 3 });
    expectProblem(
      await clerk.api.post(`/api/survey-templates/${template.id}/revisions`, { ...defaultSurveyTemplate, rowVersion: template.rowVersion, reason: 'again' }),
      409,
      'SURVEY_TEMPLATE_SUPERSEDED',
    );
    const list = (await clerk.api.get('/api/survey-templates')).json().items;
    expect(list.map((t: { version: number; current: boolean }) => [t.version, t.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expectProblem(
      await clerk.api.post('/api/survey-campaigns', {
        title: 'x',
        templateId: template.id,
        periodFrom: '2026-01-01',
        periodTo: '2026-06-30',
        responseDeadline: '2026-12-31',
        recipients: [],
      }),
      400,
      'VALIDATION_FAILED',
    );
    const old = expectProblem(
      await clerk.api.post('/api/survey-campaigns', {
        title: 'x',
        templateId: template.id,
        periodFrom: '2026-01-01',
        periodTo: '2026-06-30',
        responseDeadline: '2026-12-31',
        recipients: (await clerk.api.get(`/api/survey-campaigns/${campaign.id}`))
          .json()
          .recipients.map((r: { partyId: string; contactId: string }) => ({ partyId: r.partyId, contactId: r.contactId })),
      }),
      409,
      'SURVEY_TEMPLATE_SUPERSEDED',
    );
    expect(old.errors?.[0]?.path).toBe('body.templateId');
    // the campaign sent with revision 1 keeps it
    expect((await clerk.api.get(`/api/survey-campaigns/${campaign.id}`)).json()).toMatchObject({
      templateVersion: 1,
      template: { version: 1, current: false },
    });
  });

  it('a low item goes to its department (an index just at target creates nothing); a serious result can be raised to a corrective action', async () => {
    const { anon, send, qa, admin, database } = await setup();
    const { campaign, links } = await send();
    await anon.post(`/api/public/surveys/${links[0]!.token}`, { scores: { quality: 3, delivery: 3, service: 3, pricing: 3, communication: 2 }, recommend: 2 });
    await anon.post(`/api/public/surveys/${links[1]!.token}`, { scores: { quality: 3, delivery: 3, service: 3, pricing: 3, communication: 3 }, recommend: 7 });
    const actions = (await admin.get('/api/actions?sourceType=survey-response')).json().items;
    // response 1: communication 2 → Sales (the dimension's department); response 2: index 60 is not below target → none
    expect(actions.map((x: { department: string }) => x.department)).toEqual(['sales']);
    const responses = (await qa.api.get(`/api/survey-campaigns/${campaign.id}/responses`)).json().items;
    const low = responses.find((r: { low: string[] }) => r.low.length);
    expect(low.low).toEqual(['communication', 'index']);
    expect(low.actionIds).toHaveLength(1);
    const raised = await qa.api.post(`/api/survey-responses/${low.id}/corrective`, { reason: '客户威胁转单，需 8D 分析' });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().correctiveAction).toMatchObject({ reason: '客户威胁转单，需 8D 分析', byName: 'qa-li' });
    expectProblem(await qa.api.post(`/api/survey-responses/${low.id}/corrective`, { reason: 'again' }), 409, 'SURVEY_CORRECTIVE_RAISED');
    // the customer's answers stay as given, in the database too (the corrective action above was written beside them)
    await expect(database.db.execute(sql`update survey_responses set recommend = 9 where id = ${low.id}`)).rejects.toSatisfy(closedRecordRefusal);
    await expect(database.db.execute(sql`delete from survey_responses where id = ${low.id}`)).rejects.toSatisfy(closedRecordRefusal);
  });
  // from an address of its own: the worker's app is shared with the other test files, whose calls come from 127.0.0.1
  it('the public link is rate limited per address, so tokens cannot be guessed at speed', async () => {
    const { app } = await setup();
    const guess = (token: string, remoteAddress = '203.0.113.9') =>
      app.inject({ method: 'GET', url: `/api/public/surveys/${token}`, remoteAddress, headers: { 'accept-language': 'zh-CN' } });
    const statuses: number[] = [];
    for (let i = 0; i < 65; i++) statuses.push((await guess(`guessing-token-number-${i}`)).statusCode);
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
    expectProblem(await guess('guessing-token-number-x'), 429, 'RATE_LIMITED');
    // another address is not held back
    expect((await guess('guessing-token-number-y', '203.0.113.10')).statusCode).toBe(404);
  });
});
