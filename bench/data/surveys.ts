/**
 * 20 survey campaigns per scale unit over the dataset's year on the default questionnaire
 * (`defaultSurveyTemplate`, inserted when no revision of it exists), each asking 10–40 customers'
 * primary contacts; ~65 % answer (link, or a returned paper/fax/email form typed in), with scores,
 * the weighted index and the low parts as recordResponse computes them. Older campaigns are closed,
 * the latest still collecting or in analysis. Tokens are random hashes (no link can be opened).
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';
import { lowParts, responseIndex } from '../../server/surveys/metrics.js';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, SITE_OFFSET, workMoment, type GenContext, type Generator } from './context.js';
import { insertAuditRows, insertSearchRows, searchRow, type AuditRow } from './rows.js';

const civil = (d: Date) => new Date(d.getTime() + SITE_OFFSET).toISOString().slice(0, 10);
const col = (name: string, type: string): Column => ({ name, type });
const tracked = [col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid')];
const campaignColumns: Column[] = [
  col('id', 'uuid'), col('seq', 'bigint'), col('number', 'text'), col('title', 'text'), col('template_id', 'uuid'), col('period_from', 'date'), col('period_to', 'date'),
  col('sent_at', 'timestamptz'), col('response_deadline', 'date'), col('reminder_after_working_days', 'integer'), col('owner_id', 'uuid'), col('analysis_summary', 'text'), ...tracked,
];
const recipientColumns: Column[] = [
  col('id', 'uuid'), col('campaign_id', 'uuid'), col('party_id', 'uuid'), col('contact_id', 'uuid'), col('language', 'text'), col('token_hash', 'text'),
  col('expires_at', 'timestamptz'), col('sent_at', 'timestamptz'), col('reminders', 'integer'), col('responded_at', 'timestamptz'), ...tracked,
];
const responseColumns: Column[] = [
  col('campaign_id', 'uuid'), col('recipient_id', 'uuid'), col('party_id', 'uuid'), col('source', 'text'), col('responded_at', 'timestamptz'), col('entered_by', 'uuid'),
  col('scores', 'jsonb'), col('recommend', 'integer'), col('comments', 'text'), col('satisfaction_index', 'numeric'), col('low', 'jsonb'), ...tracked,
];
const instanceColumns: Column[] = [
  col('id', 'uuid'), col('ref_type', 'text'), col('ref_id', 'text'), col('procedure_id', 'text'), col('procedure_version', 'integer'),
  col('state', 'text'), col('status', 'text'), col('assignee_id', 'uuid'), col('started_at', 'timestamptz'), col('closed_at', 'timestamptz'), ...tracked,
];
const visitColumns: Column[] = [col('instance_id', 'uuid'), col('step_id', 'text'), col('entered_at', 'timestamptz'), col('entered_by', 'uuid')];

const comments = [
  '希望缩短打样周期。', '交期基本准时，个别批次延误需提前通知。', '包装需加强防潮。', '报价响应可以再快一些。', '质量稳定，继续保持。',
  'Please shorten the sampling lead time.', 'Delivery mostly on time; tell us earlier about delays.', 'Quality is stable, thank you.', 'Quotes could come faster.',
];

export const surveysGenerator: Generator = {
  name: 'surveys',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('surveys');
    const n = Math.max(1, Math.round(20 * ctx.scale));
    const t = defaultSurveyTemplate;
    const qaMgr = ctx.users.find((u) => u.department === 'quality' && u.role === 'manager') ?? ctx.users[0]!;
    const qa = ctx.users.filter((u) => u.department === 'quality');
    let [template] = await rows<{ id: string }>(ctx.db, sql`select id from survey_templates where key = ${t.key} order by revision desc limit 1`);
    if (!template) {
      [template] = await rows<{ id: string }>(
        ctx.db,
        sql`insert into survey_templates (key, revision, title, intro, dimensions, recommend_question, comments_question, low_score_threshold, index_target, action_due_working_days, created_by, updated_by)
            values (${t.key}, 1, ${JSON.stringify(t.title)}::jsonb, ${JSON.stringify(t.intro)}::jsonb, ${JSON.stringify(t.dimensions)}::jsonb, ${JSON.stringify(t.recommendQuestion)}::jsonb,
                    ${JSON.stringify(t.commentsQuestion)}::jsonb, ${t.lowScoreThreshold}, ${t.indexTarget}, ${t.actionDueWorkingDays}, ${qaMgr.id}, ${qaMgr.id}) returning id`,
      );
    }
    const [top] = await rows<{ max: string }>(ctx.db, sql`select coalesce(max(seq), 0)::bigint as max from survey_campaigns`);
    let seq = Number(top?.max ?? 0);
    const perYear = new Map<string, number>();
    const customers = ctx.customers.filter((c) => !c.prospect);
    const campaigns: Record<string, unknown>[] = [];
    const recipients: Record<string, unknown>[] = [];
    const responses: Record<string, unknown>[] = [];
    const instances: Record<string, unknown>[] = [];
    const visits: Record<string, unknown>[] = [];
    const audit: AuditRow[] = [];
    const search: ReturnType<typeof searchRow>[] = [];
    for (let i = 0; i < n; i++) {
      const sentAt = workMoment(ctx, (i + rng.float() * 0.8) / n, rng);
      const year = sentAt.toISOString().slice(0, 4);
      const k = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, k);
      const number = `CS-${year}-${String(k).padStart(2, '0')}`;
      const id = ctx.uuid(rng);
      seq++;
      const owner = rng.pick(qa);
      const periodTo = civil(new Date(sentAt.getTime() - rng.int(1, 10) * DAY));
      const periodFrom = civil(new Date(sentAt.getTime() - rng.int(85, 95) * DAY));
      const deadlineAt = new Date(sentAt.getTime() + 21 * DAY);
      const deadline = civil(deadlineAt);
      const expiresAt = new Date(`${deadline}T15:59:59.999Z`);
      const title = `${periodFrom.slice(0, 7)}–${periodTo.slice(0, 7)} 顾客满意度调查 / customer satisfaction survey ${i % 4 === 0 ? '(全部客户 all customers)' : `(${['A 级客户 A-grade', '汽车电子 automotive', '海外 overseas'][i % 4 - 1]})`}`;
      const age = (ctx.end.getTime() - sentAt.getTime()) / DAY;
      const state = age < 21 ? 'sent' : age < 30 ? 'analysis' : age < 45 ? 'reply' : 'closed';
      const created = sentAt.toISOString();
      campaigns.push({
        id, seq, number, title, template_id: template!.id, period_from: periodFrom, period_to: periodTo, sent_at: created, response_deadline: deadline,
        reminder_after_working_days: 5, owner_id: owner.id, analysis_summary: state === 'sent' || state === 'analysis' ? null : '总体满意度稳定；交期与报价响应为主要改进项。Overall stable; delivery and quote response to improve.',
        created_at: created, created_by: owner.id, updated_at: created, updated_by: owner.id,
      });
      const asked = rng.sample(customers, Math.min(customers.length, rng.int(10, 40)));
      const names: string[] = [];
      for (const c of asked) {
        const contact = c.contacts[0]!;
        const recipientId = ctx.uuid(rng);
        const en = c.region === 'DE' || c.region === 'JP' || c.region === 'US';
        const answers = rng.chance(0.65) && (age > 3 || rng.chance(0.3));
        const respondedAt = answers ? new Date(Math.min(sentAt.getTime() + rng.int(1, age < 21 ? Math.max(1, Math.floor(age)) : 20) * DAY, ctx.end.getTime())) : null;
        names.push(`${c.nameZh} ${contact.name}`);
        recipients.push({
          id: recipientId, campaign_id: id, party_id: c.id, contact_id: contact.id, language: en ? 'en-US' : 'zh-CN', token_hash: crypto.createHash('sha256').update(`${ctx.seed}:${recipientId}`).digest('hex'),
          expires_at: expiresAt.toISOString(), sent_at: created, reminders: answers ? 0 : age > 10 ? 1 : 0, responded_at: respondedAt?.toISOString() ?? null,
          created_at: created, created_by: owner.id, updated_at: respondedAt?.toISOString() ?? created, updated_by: owner.id,
        });
        if (!answers) continue;
        const mood = rng.float();
        const scores: Record<string, number> = {};
        for (const d of t.dimensions) scores[d.key] = Math.max(1, Math.min(5, Math.round(3.9 + (mood - 0.5) * 2 + (rng.float() - 0.5) * 1.6)));
        const index = responseIndex(t.dimensions, scores);
        const source = rng.weighted(['link', 'paper', 'fax', 'email'] as const, (s) => ({ link: 60, paper: 15, fax: en ? 2 : 13, email: 12 })[s]);
        responses.push({
          campaign_id: id, recipient_id: recipientId, party_id: c.id, source, responded_at: respondedAt!.toISOString(), entered_by: source === 'link' ? null : owner.id,
          scores, recommend: rng.chance(0.9) ? Math.max(0, Math.min(10, Math.round(mood * 6 + 4 + rng.int(-1, 1)))) : null,
          comments: rng.chance(0.4) ? rng.pick(comments) : null, satisfaction_index: index.toFixed(2), low: lowParts(t.dimensions, scores, t.lowScoreThreshold, t.indexTarget),
          created_at: respondedAt!.toISOString(), created_by: source === 'link' ? null : owner.id, updated_at: respondedAt!.toISOString(), updated_by: source === 'link' ? null : owner.id,
        });
      }
      const ended = state === 'closed';
      const enteredAt = new Date(sentAt.getTime() + (state === 'sent' ? 0 : state === 'analysis' ? 21 : state === 'reply' ? 30 : 45) * DAY).toISOString();
      const instanceId = ctx.uuid(rng);
      instances.push({
        id: instanceId, ref_type: 'survey-campaign', ref_id: id, procedure_id: 'survey', procedure_version: 1, state, status: ended ? 'closed' : 'open', assignee_id: owner.id,
        started_at: created, closed_at: ended ? enteredAt : null, created_at: created, created_by: owner.id, updated_at: enteredAt, updated_by: owner.id,
      });
      if (state !== 'sent') visits.push({ instance_id: instanceId, step_id: 'sent', entered_at: created, entered_by: owner.id });
      visits.push({ instance_id: instanceId, step_id: state, entered_at: enteredAt, entered_by: owner.id });
      audit.push({ at: created, actor_id: owner.id, ref_type: 'survey-campaign', ref_id: id, action: 'create', after: { number, title, template: `${t.key} v1`, period: `${periodFrom}–${periodTo}`, responseDeadline: deadline, recipients: names } });
      search.push(searchRow({ refType: 'survey-campaign', refId: id, partyId: null, permission: 'surveys.read', title: `${number} ${title}`, body: [`${t.title.zh} ${t.title.en}`, ...names].join('\n'), codes: [number], at: sentAt }));
    }
    await bulkInsert(ctx.db, 'survey_campaigns', campaignColumns, campaigns, 500);
    await bulkInsert(ctx.db, 'survey_recipients', recipientColumns, recipients, 1000);
    await bulkInsert(ctx.db, 'survey_responses', responseColumns, responses, 1000);
    await bulkInsert(ctx.db, 'procedure_instances', instanceColumns, instances, 1000);
    await bulkInsert(ctx.db, 'procedure_step_visits', visitColumns, visits, 1000);
    await insertAuditRows(ctx.db, audit);
    await insertSearchRows(ctx.db, search);
    await ctx.db.execute(sql`select setval(pg_get_serial_sequence('survey_campaigns', 'seq'), ${Math.max(seq, 1)})`);
    return {
      survey_campaigns: campaigns.length, survey_recipients: recipients.length, survey_responses: responses.length,
      procedure_instances: instances.length, procedure_step_visits: visits.length, audit_log: audit.length, search_index: search.length,
    };
  },
};
