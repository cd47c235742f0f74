import { emitEvent } from '../webhooks/index.js';
import crypto from 'node:crypto';
import { publicLink, queueMail } from '../mail/index.js';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type { Locale } from '../../contracts/errors.js';
import type {
  CreateSurveyCampaignRequest,
  CreateSurveyTemplateRequest,
  EnterSurveyResponseRequest,
  RaiseCorrectiveRequest,
  RecordReplyRequest,
  ReissueLinkRequest,
  ReviseSurveyTemplateRequest,
  SendRemindersRequest,
  SubmitSurveyRequest,
  SurveyCampaignListQuery,
  TReplyLetter,
  TSurveyAnalysis,
  TSurveyCampaign,
  TSurveyRecipient,
  TSurveyResponse,
  TSurveyTemplate,
} from '../../contracts/surveys.js';
import { selectContact, selectCustomer } from '../parties/index.js';
import { selectDepartments, selectUser } from '../identity/index.js';
import { createCommunication } from '../communications/index.js';
import { startProcedure } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import { createAction } from '../actions/index.js';
import { actionNumber } from '../actions/index.js';
import { lowParts, metrics, responseIndex } from './metrics.js';
import * as repo from './surveys.repository.js';

export const IMPROVEMENT_TASK = 'survey.improvement';
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const newToken = () => crypto.randomBytes(24).toString('base64url');
export const surveyUrl = (token: string) => `/s/${token}`;
const bi = (l: { zh: string; en: string }) => `${l.zh} / ${l.en}`;

// ---- presentation ---------------------------------------------------------------------------

function toTemplate(r: repo.TemplateRow): TSurveyTemplate {
  return {
    id: r.id,
    key: r.key,
    version: r.revision,
    current: !r.supersededAt,
    title: r.title,
    intro: r.intro,
    dimensions: r.dimensions,
    recommendQuestion: r.recommendQuestion,
    commentsQuestion: r.commentsQuestion,
    lowScoreThreshold: r.lowScoreThreshold,
    indexTarget: Number(r.indexTarget),
    actionDueWorkingDays: r.actionDueWorkingDays,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdByName,
    rowVersion: r.version,
  };
}

function header(r: repo.CampaignRow) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    templateId: r.templateId,
    templateKey: r.templateKey,
    templateVersion: r.templateRevision,
    sentAt: r.sentAt.toISOString(),
    responseDeadline: r.responseDeadline,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    status: r.state,
    closed: r.instanceStatus === 'closed',
    recipientCount: r.recipientCount,
    responseCount: r.responseCount,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

async function loadCampaign(db: Executor, id: string) {
  const row = await repo.selectCampaign(db, id);
  if (!row) throw notFound();
  return row;
}

async function loadTemplate(db: Executor, id: string) {
  const row = await repo.selectTemplate(db, id);
  if (!row) throw notFound();
  return row;
}

/** Due for a reminder: no answer, link still valid, collection open, N working days since the last contact. */
async function reminderDue(db: Executor, c: repo.CampaignRow, r: repo.RecipientRow, now: Date) {
  if (r.respondedAt || r.expiresAt <= now || c.state !== 'sent') return false;
  const cal = await siteCalendar(db);
  return cal.countWorkingDays(cal.localDate(r.lastRemindedAt ?? r.sentAt), cal.localDate(now)) >= c.reminderAfterWorkingDays;
}

async function present(db: Executor, c: repo.CampaignRow): Promise<TSurveyCampaign> {
  const [template, recipients, responses, replies] = await Promise.all([
    loadTemplate(db, c.templateId),
    repo.selectRecipients(db, [c.id]),
    repo.selectResponses(db, [c.id]),
    repo.selectReplies(db, c.id),
  ]);
  const actions = await repo.selectResponseActions(
    db,
    responses.map((r) => r.id),
  );
  const now = new Date();
  const byRecipient = new Map(responses.map((r) => [r.recipientId, r]));
  const out: TSurveyRecipient[] = [];
  for (const r of recipients) {
    const resp = byRecipient.get(r.id);
    out.push({
      id: r.id,
      partyId: r.partyId,
      partyCode: r.partyCode,
      partyName: r.partyName,
      contactId: r.contactId,
      contactName: r.contactName,
      language: r.language as 'zh-CN',
      sentAt: r.sentAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      sendCommunicationId: r.sendCommunicationId,
      reminders: r.reminders,
      lastRemindedAt: iso(r.lastRemindedAt),
      reminderDue: await reminderDue(db, c, r, now),
      respondedAt: iso(r.respondedAt),
      responseId: resp?.id ?? null,
      responseSource: (resp?.source as TSurveyRecipient['responseSource']) ?? null,
    });
  }
  const partyIds = [...new Set(recipients.map((r) => r.partyId))];
  const customers = partyIds.map((partyId) => {
    const first = recipients.find((r) => r.partyId === partyId)!;
    const mine = responses.filter((r) => r.partyId === partyId);
    const acts = actions.filter((a) => mine.some((m) => m.id === a.sourceId) && a.status !== 'cancelled');
    const open = acts.filter((a) => a.status === 'open').length;
    const reply = replies.find((x) => x.partyId === partyId);
    return {
      partyId,
      partyCode: first.partyCode,
      partyName: first.partyName,
      responded: mine.length > 0,
      actionsOpen: open,
      actionsDone: acts.length - open,
      improvementStatus: (acts.length === 0 ? 'none' : open ? 'open' : 'done') as 'none' | 'open' | 'done',
      replyStatus: (reply ? 'sent' : mine.length ? 'pending' : 'not-needed') as 'sent' | 'pending' | 'not-needed',
      repliedAt: iso(reply?.sentAt ?? null),
      replyCommunicationId: reply?.communicationId ?? null,
    };
  });
  return {
    ...header(c),
    reminderAfterWorkingDays: c.reminderAfterWorkingDays,
    analysisSummary: c.analysisSummary,
    template: toTemplate(template),
    recipients: out,
    customers,
  };
}

async function presentResponses(db: Executor, rows: repo.ResponseRow[]): Promise<TSurveyResponse[]> {
  const ids = rows.map((r) => r.id);
  const [actions, files] = await Promise.all([repo.selectResponseActions(db, ids), attachmentsOf(db, repo.RESPONSE_REF, ids)]);
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaignId,
    campaignNumber: r.campaignNumber,
    recipientId: r.recipientId,
    partyId: r.partyId,
    partyName: r.partyName,
    contactName: r.contactName,
    source: r.source as TSurveyResponse['source'],
    respondedAt: r.respondedAt.toISOString(),
    enteredByName: r.enteredByName,
    scores: r.scores,
    recommend: r.recommend,
    comments: r.comments,
    index: Number(r.satisfactionIndex),
    low: r.low,
    correctiveAction:
      r.correctiveReason && r.correctiveAt ? { reason: r.correctiveReason, byName: r.correctiveByName, at: r.correctiveAt.toISOString() } : null,
    actionIds: actions.filter((a) => a.sourceId === r.id).map((a) => a.id),
    attachments: files.filter((f) => f.ownerId === r.id).map(toAttachment),
    communicationId: r.communicationId,
  }));
}

// ---- templates ------------------------------------------------------------------------------

type TemplateInput = z.infer<typeof CreateSurveyTemplateRequest> | z.infer<typeof ReviseSurveyTemplateRequest>;

async function templateValues(tx: Executor, input: TemplateInput): Promise<repo.TemplateValues> {
  const known = new Set((await selectDepartments(tx)).map((d) => d.code));
  input.dimensions.forEach((d, i) => {
    if (!known.has(d.department)) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.dimensions.${i}.department`, code: 'not_found' }]);
  });
  return {
    title: input.title,
    intro: input.intro,
    dimensions: input.dimensions,
    recommendQuestion: input.recommendQuestion,
    commentsQuestion: input.commentsQuestion,
    lowScoreThreshold: input.lowScoreThreshold,
    indexTarget: String(input.indexTarget),
    actionDueWorkingDays: input.actionDueWorkingDays,
  };
}

export async function listTemplates(db: Db) {
  return { items: (await repo.selectTemplates(db)).map(toTemplate) };
}

export async function getTemplate(db: Db, id: string) {
  return toTemplate(await loadTemplate(db, id));
}

export async function createTemplate(db: Db, auth: AuthContext, input: z.infer<typeof CreateSurveyTemplateRequest>) {
  const id = await db.transaction(async (tx) => {
    if ((await repo.selectTemplates(tx)).some((t) => t.key === input.key)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.key', code: 'duplicate' }]);
    const values = await templateValues(tx, input);
    const newId = await repo.insertTemplate(tx, input.key, 1, values, null, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'survey-template', id: newId },
      action: 'create',
      after: { key: input.key, revision: 1, ...values },
    });
    return newId;
  });
  return getTemplate(db, id);
}

/** A new revision; the one revised is superseded (campaigns already sent keep it). */
export async function reviseTemplate(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ReviseSurveyTemplateRequest>) {
  const newId = await db.transaction(async (tx) => {
    const before = await loadTemplate(tx, id);
    if (before.supersededAt) throw new AppError('SURVEY_TEMPLATE_SUPERSEDED');
    if (!(await repo.supersedeTemplate(tx, id, input.rowVersion, auth.userId))) throw versionConflict();
    const values = await templateValues(tx, input);
    const created = await repo.insertTemplate(tx, before.key, before.revision + 1, values, input.reason, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'survey-template', id: created },
      action: 'revise',
      before: { revision: before.revision, dimensions: before.dimensions, lowScoreThreshold: before.lowScoreThreshold, indexTarget: before.indexTarget },
      after: { revision: before.revision + 1, ...values },
      reason: input.reason,
    });
    return created;
  });
  return getTemplate(db, newId);
}

// ---- campaigns ------------------------------------------------------------------------------

export async function listCampaigns(db: Db, q: z.infer<typeof SurveyCampaignListQuery>) {
  const { items, total } = await repo.selectCampaigns(db, { q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: items.map(header), total, page: q.page, pageSize: q.pageSize };
}

export async function getCampaign(db: Db | Executor, id: string) {
  return present(db, await loadCampaign(db, id));
}

/** An outgoing / incoming communication about the campaign (the sending, reminders, responses, replies). */
async function logCampaignCommunication(
  tx: Executor,
  auth: AuthContext,
  c: { id: string; number: string },
  v: { partyId: string; contactId: string | null; channel: string; direction: 'in' | 'out'; at: Date; subject: string; content: string; ourUserId?: string },
) {
  const comm = await createCommunication(
    tx,
    auth,
    CreateCommunicationRequest.parse({
      partyId: v.partyId,
      channel: v.channel,
      direction: v.direction,
      topic: 'other',
      occurredAt: v.at.toISOString(),
      ...(v.ourUserId ? { ourUserId: v.ourUserId } : {}),
      contactId: v.contactId,
      subject: `${v.subject} ${c.number}`.slice(0, 200),
      content: v.content,
      links: [{ type: 'survey-campaign', id: c.id }],
    }),
  );
  return comm.id;
}

async function endOfDay(tx: Executor, date: string) {
  return (await siteCalendar(tx)).toInstant(date, 24 * 60);
}

/** Create and send a campaign: a link per contact (token shown once, stored hashed), each sending a communication. */
export async function createCampaign(db: Db, auth: AuthContext, input: z.infer<typeof CreateSurveyCampaignRequest>) {
  const result = await db.transaction(async (tx) => {
    const template = await repo.selectTemplate(tx, input.templateId);
    if (!template) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.templateId', code: 'not_found' }]);
    if (template.supersededAt) throw new AppError('SURVEY_TEMPLATE_SUPERSEDED', [{ path: 'body.templateId', code: 'superseded' }]);
    if (input.periodTo < input.periodFrom) throw new AppError('SURVEY_PERIOD_INVALID', [{ path: 'body.periodTo', code: 'before_from' }]);
    const sentAt = input.sentAt ? new Date(input.sentAt) : new Date();
    if (sentAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.sentAt', code: 'future' }]);
    const cal = await siteCalendar(tx);
    if (input.responseDeadline < cal.localDate(sentAt)) throw new AppError('SURVEY_PERIOD_INVALID', [{ path: 'body.responseDeadline', code: 'before_sent' }]);
    const seen = new Set<string>();
    for (const [i, r] of input.recipients.entries()) {
      const party = await selectCustomer(tx, r.partyId);
      if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.recipients.${i}.partyId`, code: 'not_found' }]);
      if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: `body.recipients.${i}.partyId`, code: 'voided' }]);
      const contact = await selectContact(tx, r.contactId);
      if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.recipients.${i}.contactId`, code: 'not_found' }]);
      if (contact.partyId !== r.partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: `body.recipients.${i}.contactId`, code: 'other_party' }]);
      if (seen.has(r.contactId)) throw new AppError('SURVEY_RECIPIENT_DUPLICATE', [{ path: `body.recipients.${i}.contactId`, code: 'duplicate' }]);
      seen.add(r.contactId);
    }
    const campaign = await repo.insertCampaign(
      tx,
      {
        title: input.title,
        templateId: template.id,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        sentAt,
        responseDeadline: input.responseDeadline,
        reminderAfterWorkingDays: input.reminderAfterWorkingDays,
        ownerId: auth.userId,
      },
      auth.userId,
    );
    const expiresAt = await endOfDay(tx, input.responseDeadline);
    const links = [];
    for (const r of input.recipients) {
      const token = newToken();
      const recipientId = await repo.insertRecipient(
        tx,
        { campaignId: campaign.id, partyId: r.partyId, contactId: r.contactId, language: r.language, tokenHash: hashToken(token), expiresAt, sentAt },
        auth.userId,
      );
      const rec = (await repo.selectRecipient(tx, recipientId))!;
      // the link itself stays out of the log: whoever reads communications must not be able to answer for the customer
      const commId = await logCampaignCommunication(tx, auth, campaign, {
        partyId: r.partyId,
        contactId: r.contactId,
        channel: input.channel,
        direction: 'out',
        at: sentAt,
        subject: '满意度调查 Customer satisfaction survey',
        content: `向 ${rec.contactName} 发送满意度调查链接（${bi(template.title)}，评价期间 ${input.periodFrom} – ${input.periodTo}），请于 ${input.responseDeadline} 前回复。\nSent the satisfaction survey link to ${rec.contactName} (period ${input.periodFrom} – ${input.periodTo}); please answer by ${input.responseDeadline}.`,
      });
      await repo.updateRecipient(tx, recipientId, { sendCommunicationId: commId }, auth.userId);
      // mailed when asked (server/mail: queued now, sent by the outbox after commit; the link is kept encrypted until then)
      if (input.mail) {
        const text = input.mail[r.language === 'en-US' ? 'en' : 'zh'];
        await queueMail(tx, auth, {
          partyId: r.partyId,
          contactId: r.contactId,
          ref: { type: 'survey-campaign', id: campaign.id },
          language: r.language,
          subject: text.subject,
          body: text.body,
          templateKey: 'survey-invitation',
          templateRevision: null,
          vars: { contactName: rec.contactName, customerName: rec.partyName, deadline: input.responseDeadline, recordNumber: campaign.number },
          secrets: { link: publicLink(surveyUrl(token)) },
          communicationId: commId,
          contactPath: `body.recipients.${input.recipients.indexOf(r)}.contactId`,
        });
      }
      links.push({ recipientId, partyName: rec.partyName, contactName: rec.contactName, token, url: surveyUrl(token) });
    }
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'survey-campaign', id: campaign.id },
      action: 'create',
      after: {
        number: campaign.number,
        title: input.title,
        template: `${template.key} v${template.revision}`,
        period: `${input.periodFrom}–${input.periodTo}`,
        responseDeadline: input.responseDeadline,
        recipients: links.map((l) => `${l.partyName} / ${l.contactName}`),
      },
    });
    // found by its number, title and the customers asked (never by answers)
    await upsertSearchDocument(tx, {
      refType: 'survey-campaign',
      refId: campaign.id,
      partyId: null,
      permission: 'surveys.read',
      title: `${campaign.number} ${input.title}`,
      body: [`${template.title.zh} ${template.title.en}`, ...links.map((l) => `${l.partyName} ${l.contactName}`)].join('\n'),
      codes: [campaign.number],
      at: sentAt,
      voided: false,
    });
    await startProcedure(tx, auth, {
      procedureId: repo.SURVEY_PROCEDURE,
      ref: { type: 'survey-campaign', id: campaign.id },
      assigneeId: auth.userId,
      at: sentAt,
    });
    return { id: campaign.id, links };
  });
  return { campaign: await getCampaign(db, result.id), links: result.links };
}

function assertCollecting(c: repo.CampaignRow) {
  if (c.state !== 'sent' || c.instanceStatus !== 'open') throw new AppError('SURVEY_NOT_COLLECTING');
}

/** Remind the contacts who have not answered after N working days (each reminder a communication). */
export async function sendReminders(db: Db, auth: AuthContext, id: string, input: z.infer<typeof SendRemindersRequest>) {
  const counts = await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id);
    assertCollecting(c);
    const now = new Date();
    let reminded = 0;
    let notDue = 0;
    for (const r of await repo.selectRecipients(tx, [id])) {
      if (r.respondedAt) continue;
      if (!(await reminderDue(tx, c, r, now))) {
        notDue++;
        continue;
      }
      const commId = await logCampaignCommunication(tx, auth, c, {
        partyId: r.partyId,
        contactId: r.contactId,
        channel: input.channel,
        direction: 'out',
        at: now,
        subject: '满意度调查提醒 Survey reminder',
        content: `提醒 ${r.contactName} 填写满意度调查（第 ${r.reminders + 1} 次提醒，截止 ${c.responseDeadline}）。${input.mail ? '提醒邮件附新的链接，原链接失效。' : ''}\nReminded ${r.contactName} to answer the satisfaction survey (reminder ${r.reminders + 1}, due ${c.responseDeadline}).${input.mail ? ' The reminder mail carries a new link; the earlier one no longer works.' : ''}`,
      });
      await repo.updateRecipient(tx, r.id, { reminders: r.reminders + 1, lastRemindedAt: now }, auth.userId);
      if (input.mail) {
        // only the hash of a link is kept, so the reminder carries a fresh one (the earlier link stops working);
        // it waits encrypted in the queue until the mail leaves, like the invitation's
        const token = newToken();
        await repo.updateRecipient(tx, r.id, { tokenHash: hashToken(token) }, auth.userId);
        const text = input.mail[r.language === 'en-US' ? 'en' : 'zh'];
        await queueMail(tx, auth, {
          partyId: r.partyId,
          contactId: r.contactId,
          ref: { type: 'survey-campaign', id },
          language: r.language === 'en-US' ? 'en-US' : 'zh-CN',
          subject: text.subject,
          body: text.body,
          templateKey: 'survey-reminder',
          templateRevision: null,
          vars: { contactName: r.contactName, customerName: r.partyName, deadline: c.responseDeadline, recordNumber: c.number },
          secrets: { link: publicLink(surveyUrl(token)) },
          communicationId: commId,
        });
      }
      reminded++;
    }
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'survey-campaign', id }, action: 'reminders', after: { reminded, notDue } });
    return { reminded, notDue };
  });
  return { ...counts, campaign: await getCampaign(db, id) };
}

/** A new link for a contact (the old one stops working), e.g. when the first went to a wrong address. */
export async function reissueLink(db: Db, auth: AuthContext, id: string, recipientId: string, input: z.infer<typeof ReissueLinkRequest>) {
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id);
    assertCollecting(c);
    const r = await repo.selectRecipient(tx, recipientId);
    if (!r || r.campaignId !== id) throw notFound();
    if (r.respondedAt) throw new AppError('SURVEY_ALREADY_ANSWERED');
    const token = newToken();
    await repo.updateRecipient(tx, r.id, { tokenHash: hashToken(token) }, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'survey-campaign', id },
      action: 'link.reissue',
      after: { recipient: `${r.partyName} / ${r.contactName}` },
      reason: input.reason,
    });
    return { recipientId: r.id, partyName: r.partyName, contactName: r.contactName, token, url: surveyUrl(token) };
  });
}

// ---- responses ------------------------------------------------------------------------------

/** Scores checked against the campaign's template revision: every dimension 1–5 (whole), recommend 0–10. */
function checkAnswers(template: repo.TemplateRow, input: { scores: Record<string, number>; recommend: number | null }, locale: Locale) {
  const keys = new Set(template.dimensions.map((d) => d.key));
  for (const key of Object.keys(input.scores)) {
    if (!keys.has(key)) throw new AppError('SURVEY_SCORE_OUT_OF_RANGE', [{ path: `body.scores.${key}`, code: 'unknown' }]);
  }
  for (const d of template.dimensions) {
    const s = input.scores[d.key];
    const name = locale === 'en-US' ? d.name.en : d.name.zh;
    if (s === undefined)
      throw new AppError('SURVEY_ANSWER_MISSING', [
        { path: `body.scores.${d.key}`, code: 'required', message: locale === 'en-US' ? `Rate “${name}”.` : `请为“${name}”打分。` },
      ]);
    if (!Number.isInteger(s) || s < 1 || s > 5) {
      throw new AppError('SURVEY_SCORE_OUT_OF_RANGE', [
        { path: `body.scores.${d.key}`, code: 'range', message: locale === 'en-US' ? `“${name}” takes a score from 1 to 5.` : `“${name}”的评分须为 1–5 分。` },
      ]);
    }
  }
  if (input.recommend !== null && (!Number.isInteger(input.recommend) || input.recommend < 0 || input.recommend > 10)) {
    throw new AppError('SURVEY_SCORE_OUT_OF_RANGE', [
      { path: 'body.recommend', code: 'range', message: locale === 'en-US' ? 'The recommendation takes 0 to 10.' : '推荐意愿须为 0–10 分。' },
    ]);
  }
}

/** The campaign owner acts for the system on the customer's answer through the link (the customer has no account). */
async function ownerActor(tx: Executor, ownerId: string): Promise<AuthContext> {
  const u = await selectUser(tx, ownerId);
  return {
    userId: ownerId,
    username: u?.username ?? 'system',
    displayName: u?.displayName ?? 'system',
    locale: 'zh-CN',
    roles: [],
    departmentIds: [],
    departmentCodes: [],
    permissions: new Set(['surveys.read', 'communications.read']),
    visible: new Set(),
    csrfToken: '',
    sessionHash: '',
    mustChangePassword: false,
  };
}

const sourceChannel = { link: 'portal', portal: 'portal', paper: 'letter', fax: 'fax', email: 'email' } as const;

/**
 * Record an answer in the caller's transaction: the recipient's one response, the incoming
 * communication, and an improvement action per low part (owned by the dimension's department).
 */
async function recordResponse(
  tx: Executor,
  actor: AuthContext,
  c: repo.CampaignRow,
  r: repo.RecipientRow,
  input: {
    scores: Record<string, number>;
    recommend: number | null;
    comments: string | null;
    source: keyof typeof sourceChannel;
    at: Date;
    enteredBy: string | null;
    attachmentIds: string[];
    byContact?: string | null;
  },
) {
  const template = await loadTemplate(tx, c.templateId);
  if (!(await repo.markResponded(tx, r.id, input.at, input.enteredBy))) throw new AppError('SURVEY_ALREADY_ANSWERED');
  const index = responseIndex(template.dimensions, input.scores);
  const low = lowParts(template.dimensions, input.scores, template.lowScoreThreshold, Number(template.indexTarget));
  const responseId = await repo.insertResponse(
    tx,
    {
      campaignId: c.id,
      recipientId: r.id,
      partyId: r.partyId,
      source: input.source,
      respondedAt: input.at,
      enteredBy: input.enteredBy,
      scores: input.scores,
      recommend: input.recommend,
      comments: input.comments,
      satisfactionIndex: index.toFixed(2),
      low,
    },
    input.enteredBy,
  );
  if (input.attachmentIds.length) await claimAttachments(tx, actor, input.attachmentIds, { type: repo.RESPONSE_REF, id: responseId });
  // the answers stay with the survey (surveys.answers.read); the log records that the customer answered
  const commId = await logCampaignCommunication(tx, actor, c, {
    partyId: r.partyId,
    contactId: r.contactId,
    channel: sourceChannel[input.source],
    direction: 'in',
    at: input.at,
    ourUserId: c.ownerId,
    subject: '满意度调查回复 Survey answered',
    content:
      input.source === 'link'
        ? `${r.contactName} 已通过链接提交满意度调查。\n${r.contactName} answered the survey through the link.`
        : input.source === 'portal'
          ? `${r.contactName} 已在客户门户提交满意度调查。\n${r.contactName} answered the survey in the customer portal.`
          : `收到 ${r.contactName} 填写的调查表（${input.source}），已录入。\nThe form returned by ${r.contactName} (${input.source}) was typed in.`,
  });
  await repo.updateResponse(tx, responseId, { communicationId: commId }, input.enteredBy);
  // the answers live in the response row (never changed); the trail says who, when and how — readable with surveys.read
  await insertAudit(tx, {
    actorId: input.enteredBy,
    actorContactId: input.byContact ?? null,
    ref: { type: repo.RESPONSE_REF, id: responseId },
    action: 'create',
    after: { customer: r.partyName, contact: r.contactName, source: input.source, improvementActions: low.length > 0 },
  });
  await insertAudit(tx, {
    actorId: input.enteredBy,
    actorContactId: input.byContact ?? null,
    ref: { type: 'survey-campaign', id: c.id },
    action: 'response',
    after: { customer: r.partyName, contact: r.contactName, source: input.source },
  });
  await emitEvent(tx, 'survey.answered', { responseId, campaignId: c.id, partyId: r.partyId, channel: input.source });
  if (low.length) await createImprovementActions(tx, actor, c, template, r, responseId, input.scores, low, input.comments);
  return responseId;
}

async function createImprovementActions(
  tx: Executor,
  actor: AuthContext,
  c: repo.CampaignRow,
  template: repo.TemplateRow,
  r: repo.RecipientRow,
  responseId: string,
  scores: Record<string, number>,
  low: string[],
  comments: string | null,
) {
  const cal = await siteCalendar(tx);
  const today = cal.localDate(new Date());
  const dueDate = cal.addWorkingDays(today, template.actionDueWorkingDays).date;
  const lowDims = template.dimensions.filter((d) => low.includes(d.key));
  // an index below target with no single low dimension goes to QA as a whole
  const items = lowDims.length
    ? lowDims.map((d) => ({ department: d.department, zh: `${d.name.zh} ${scores[d.key]}/5`, en: `${d.name.en} ${scores[d.key]}/5` }))
    : [
        {
          department: 'quality',
          zh: `综合满意度指数 ${responseIndex(template.dimensions, scores).toFixed(1)} 低于目标 ${Number(template.indexTarget)}`,
          en: `satisfaction index ${responseIndex(template.dimensions, scores).toFixed(1)} below target ${Number(template.indexTarget)}`,
        },
      ];
  for (const it of items) {
    const ownerId = (await repo.selectDepartmentOwner(tx, it.department)) ?? c.ownerId;
    await createAction(
      tx,
      actor,
      {
        sourceType: repo.RESPONSE_REF,
        sourceId: responseId,
        title: `满意度改善：${it.zh}（${r.partyName}）/ Satisfaction improvement: ${it.en}`.slice(0, 200),
        description:
          `${c.number} ${c.title}\n客户 Customer: ${r.partyName} / ${r.contactName}${comments ? `\n客户意见 Comments: ${comments}` : ''}\n请分析原因并采取改善措施，完成后将在回复客户的函中列出。 Analyse the cause and improve; the improvement will be listed in the reply to the customer.`.slice(
            0,
            4000,
          ),
        ownerId,
        department: it.department,
        dueDate,
        verification: null,
      },
      today,
      IMPROVEMENT_TASK,
    );
  }
}

async function loadByToken(db: Executor, token: string) {
  return checkRecipient(db, await repo.selectRecipientByTokenHash(db, hashToken(token)));
}

async function checkRecipient(db: Executor, r: repo.RecipientRow | undefined) {
  if (!r) throw new AppError('SURVEY_LINK_INVALID');
  const c = await loadCampaign(db, r.campaignId);
  if (r.respondedAt) throw new AppError('SURVEY_ALREADY_ANSWERED');
  if (r.expiresAt <= new Date() || c.state !== 'sent' || c.instanceStatus !== 'open') throw new AppError('SURVEY_LINK_EXPIRED');
  return { r, c };
}

/** The public page: this survey for this contact, nothing else. */
export async function openSurvey(db: Db, token: string) {
  return presentPublic(db, await loadByToken(db, token));
}

async function presentPublic(db: Executor, { r, c }: { r: repo.RecipientRow; c: repo.CampaignRow }) {
  const t = await loadTemplate(db, c.templateId);
  return {
    campaignTitle: c.title,
    customerName: r.language === 'en-US' && r.partyNameEn ? r.partyNameEn : r.partyName,
    contactName: r.contactName,
    language: r.language as 'zh-CN',
    expiresAt: r.expiresAt.toISOString(),
    title: t.title,
    intro: t.intro,
    dimensions: t.dimensions.map((d) => ({ key: d.key, name: d.name, question: d.question })),
    recommendQuestion: t.recommendQuestion,
    commentsQuestion: t.commentsQuestion,
  };
}

// ---- the customer portal: the contact's own links, answered without the token (the same answer flow) -------

/** The contact's survey links that can still be answered (open collection, not expired, not answered). */
export async function openSurveysOfContact(db: Db, partyId: string, contactId: string) {
  const out: { id: string; title: { zh: string; en: string }; campaignTitle: string; expiresAt: string }[] = [];
  for (const r of await repo.selectUnansweredOfContact(db, partyId, contactId)) {
    const c = await loadCampaign(db, r.campaignId);
    if (r.expiresAt <= new Date() || c.state !== 'sent' || c.instanceStatus !== 'open') continue;
    const t = await loadTemplate(db, c.templateId);
    out.push({ id: r.id, title: t.title, campaignTitle: c.title, expiresAt: r.expiresAt.toISOString() });
  }
  return out;
}

/** The contact's own recipient row (another contact's or company's: 404, as unknown). */
async function loadOwnRecipient(db: Executor, recipientId: string, partyId: string, contactId: string) {
  const r = await repo.selectRecipient(db, recipientId);
  if (!r || r.partyId !== partyId || r.contactId !== contactId) throw notFound();
  return checkRecipient(db, r);
}

export async function openSurveyOfContact(db: Db, recipientId: string, partyId: string, contactId: string) {
  return presentPublic(db, await loadOwnRecipient(db, recipientId, partyId, contactId));
}

/** The answer from the portal: the same flow as the link's (response, incoming communication, actions), in the caller's transaction. */
export async function submitSurveyOfContact(
  tx: Executor,
  recipientId: string,
  partyId: string,
  contactId: string,
  input: z.infer<typeof SubmitSurveyRequest>,
  locale: Locale,
) {
  const at = new Date();
  const { r, c } = await loadOwnRecipient(tx, recipientId, partyId, contactId);
  checkAnswers(await loadTemplate(tx, c.templateId), input, input.language ?? locale);
  await recordResponse(tx, await ownerActor(tx, c.ownerId), c, r, {
    scores: input.scores,
    recommend: input.recommend,
    comments: input.comments,
    source: 'portal',
    at,
    enteredBy: null,
    attachmentIds: [],
    byContact: contactId,
  });
  return { ok: true as const, respondedAt: at.toISOString(), campaignId: c.id };
}

export async function submitSurvey(db: Db, token: string, input: z.infer<typeof SubmitSurveyRequest>, locale: Locale) {
  const at = new Date();
  await db.transaction(async (tx) => {
    const { r, c } = await loadByToken(tx, token);
    checkAnswers(await loadTemplate(tx, c.templateId), input, input.language ?? locale);
    await recordResponse(tx, await ownerActor(tx, c.ownerId), c, r, {
      scores: input.scores,
      recommend: input.recommend,
      comments: input.comments,
      source: 'link',
      at,
      enteredBy: null,
      attachmentIds: [],
    });
  });
  return { ok: true as const, respondedAt: at.toISOString() };
}

/** A returned paper / fax / email form typed in by Sales, with the scan. */
export async function enterResponse(db: Db, auth: AuthContext, id: string, input: z.infer<typeof EnterSurveyResponseRequest>) {
  const responseId = await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id);
    assertCollecting(c);
    const r = await repo.selectRecipient(tx, input.recipientId);
    if (!r || r.campaignId !== id) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.recipientId', code: 'not_found' }]);
    if (r.respondedAt) throw new AppError('SURVEY_ALREADY_ANSWERED', [{ path: 'body.recipientId', code: 'answered' }]);
    const at = new Date(input.receivedAt);
    if (at.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.receivedAt', code: 'future' }]);
    checkAnswers(await loadTemplate(tx, c.templateId), input, auth.locale);
    return recordResponse(tx, auth, c, r, {
      scores: input.scores,
      recommend: input.recommend,
      comments: input.comments,
      source: input.source,
      at,
      enteredBy: auth.userId,
      attachmentIds: input.attachmentIds,
    });
  });
  return getResponse(db, responseId);
}

export async function getResponse(db: Db | Executor, id: string) {
  const row = await repo.selectResponse(db, id);
  if (!row) throw notFound();
  return (await presentResponses(db, [row]))[0]!;
}

export async function listResponses(db: Db, campaignId: string) {
  await loadCampaign(db, campaignId);
  return { items: await presentResponses(db, await repo.selectResponses(db, [campaignId])) };
}

/** A serious result raised to a corrective action (8D): recorded on the response. */
export async function raiseCorrective(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RaiseCorrectiveRequest>) {
  await db.transaction(async (tx) => {
    const row = await repo.selectResponse(tx, id);
    if (!row) throw notFound();
    if (row.correctiveAt) throw new AppError('SURVEY_CORRECTIVE_RAISED');
    await repo.updateResponse(tx, id, { correctiveReason: input.reason, correctiveBy: auth.userId, correctiveAt: new Date() }, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: repo.RESPONSE_REF, id },
      action: 'corrective.raise',
      after: { corrective: true },
      reason: input.reason,
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'survey-campaign', id: row.campaignId },
      action: 'corrective.raise',
      after: { customer: row.partyName },
      reason: input.reason,
    });
  });
  return getResponse(db, id);
}

// ---- analysis -------------------------------------------------------------------------------

export async function analyse(db: Db, id: string): Promise<TSurveyAnalysis> {
  const c = await loadCampaign(db, id);
  const template = await loadTemplate(db, c.templateId);
  const dims = template.dimensions;
  const [recipients, responseRows] = await Promise.all([repo.selectRecipients(db, [id]), repo.selectResponses(db, [id])]);
  const responses = await presentResponses(db, responseRows);
  const partyIds = [...new Set(recipients.map((r) => r.partyId))];
  const byCustomer = partyIds.map((partyId) => {
    const first = recipients.find((r) => r.partyId === partyId)!;
    const mine = responses.filter((r) => r.partyId === partyId);
    return {
      partyId,
      partyCode: first.partyCode,
      partyName: first.partyName,
      metrics: metrics(dims, mine, recipients.filter((r) => r.partyId === partyId).length),
      low: [...new Set(mine.flatMap((r) => r.low))],
    };
  });
  const distribution = Object.fromEntries(dims.map((d) => [d.key, [1, 2, 3, 4, 5].map((s) => responses.filter((r) => r.scores[d.key] === s).length)]));
  const recommendDistribution = Array.from({ length: 11 }, (_, s) => responses.filter((r) => r.recommend === s).length);
  const earlier = await repo.selectEarlierCampaigns(db, c.templateKey, c.sentAt);
  const earlierRecipients = await repo.selectRecipients(
    db,
    earlier.map((e) => e.id),
  );
  const earlierResponses = await repo.selectResponses(
    db,
    earlier.map((e) => e.id),
  );
  const trend = [
    ...earlier.map((e) => ({
      campaignId: e.id,
      number: e.number,
      periodFrom: e.periodFrom,
      periodTo: e.periodTo,
      // earlier revisions may weigh differently: each campaign is measured with this revision's dimensions and weights
      metrics: metrics(
        dims,
        earlierResponses.filter((r) => r.campaignId === e.id),
        earlierRecipients.filter((r) => r.campaignId === e.id).length,
      ),
    })),
    { campaignId: c.id, number: c.number, periodFrom: c.periodFrom, periodTo: c.periodTo, metrics: metrics(dims, responses, recipients.length) },
  ];
  return {
    campaignId: c.id,
    number: c.number,
    dimensions: dims.map((d) => ({ key: d.key, name: d.name, weight: d.weight })),
    lowScoreThreshold: template.lowScoreThreshold,
    indexTarget: Number(template.indexTarget),
    overall: metrics(dims, responses, recipients.length),
    byCustomer,
    distribution,
    recommendDistribution,
    trend,
    responses,
  };
}

// ---- the reply to the customer ------------------------------------------------------------------

export async function replyLetter(db: Db | Executor, auth: AuthContext, id: string, partyId: string): Promise<TReplyLetter> {
  const c = await loadCampaign(db, id);
  const recipients = (await repo.selectRecipients(db, [id])).filter((r) => r.partyId === partyId);
  if (!recipients.length) throw notFound();
  const responses = (await repo.selectResponses(db, [id])).filter((r) => r.partyId === partyId);
  const actions = (
    await repo.selectResponseActions(
      db,
      responses.map((r) => r.id),
    )
  ).filter((a) => a.status !== 'cancelled');
  const reply = (await repo.selectReplies(db, id)).find((r) => r.partyId === partyId);
  const cal = await siteCalendar(db);
  const first = recipients[0]!;
  const contact = recipients.find((r) => responses.some((x) => x.recipientId === r.id)) ?? first;
  return {
    campaignNumber: c.number,
    campaignTitle: c.title,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    partyId,
    partyCode: first.partyCode,
    partyName: first.partyName,
    partyNameEn: first.partyNameEn,
    contactName: contact.contactName,
    respondedAt: iso(responses[0]?.respondedAt ?? null),
    improvements: actions.map((a) => ({
      number: actionNumber(a.seq),
      title: a.title,
      department: a.department,
      status: a.status,
      dueDate: a.dueDate,
      evidence: a.evidence,
    })),
    senderName: auth.displayName,
    date: cal.localDate(reply?.sentAt ?? new Date()),
    replied: reply ? { at: reply.sentAt.toISOString(), communicationId: reply.communicationId } : null,
  };
}

function letterText(l: TReplyLetter) {
  const items = l.improvements.length
    ? l.improvements.map((a, i) => `${i + 1}. ${a.title}${a.evidence ? ` — ${a.evidence}` : ''}`).join('\n')
    : '（无需改善项 / no improvement needed）';
  return [
    `${l.partyName}${l.contactName ? ` ${l.contactName}` : ''}：`,
    `感谢贵司参与我司 ${l.periodFrom} 至 ${l.periodTo} 的顾客满意度调查（${l.campaignNumber}）。针对贵司的意见，我司已采取以下改善措施：`,
    items,
    `Thank you for answering our customer satisfaction survey ${l.campaignNumber} (${l.periodFrom} – ${l.periodTo}). We have taken the improvements listed above in response to your feedback.`,
  ].join('\n');
}

/** Sales sends a customer the reply letter (a communication) — recorded on the survey (CC 5.9). */
export async function recordReply(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RecordReplyRequest>) {
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id);
    if (c.state !== 'reply' || c.instanceStatus !== 'open') throw new AppError('SURVEY_NOT_AT_REPLY');
    const responses = (await repo.selectResponses(tx, [id])).filter((r) => r.partyId === input.partyId);
    if (!responses.length) throw new AppError('SURVEY_NO_RESPONSE', [{ path: 'body.partyId', code: 'no_response' }]);
    if ((await repo.selectReplies(tx, id)).some((r) => r.partyId === input.partyId))
      throw new AppError('SURVEY_ALREADY_REPLIED', [{ path: 'body.partyId', code: 'replied' }]);
    const sentAt = new Date(input.sentAt);
    if (sentAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.sentAt', code: 'future' }]);
    const letter = await replyLetter(tx, auth, id, input.partyId);
    const contactId = (await repo.selectRecipient(tx, responses[0]!.recipientId))!.contactId;
    const commId = await logCampaignCommunication(tx, auth, c, {
      partyId: input.partyId,
      contactId,
      channel: input.channel,
      direction: 'out',
      at: sentAt,
      subject: '满意度调查改善回复 Reply on the survey improvements',
      content: `${letterText(letter)}${input.note ? `\n${input.note}` : ''}`,
    });
    await repo.insertReply(tx, { campaignId: id, partyId: input.partyId, sentAt, channel: input.channel, communicationId: commId }, auth.userId);
    await repo.touchCampaign(tx, id, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'survey-campaign', id },
      action: 'reply',
      after: { customer: letter.partyName, channel: input.channel, improvements: letter.improvements.map((a) => a.number) },
    });
  });
  return getCampaign(db, id);
}
