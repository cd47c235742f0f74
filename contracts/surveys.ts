import { z } from 'zod';
import { MailText } from './mail.js';
import { Id, IsoDateTime, Localized, PageQuery, Version, paged, optText } from './common.js';
import { Attachment } from './communications.js';
import { Channel } from './parties.js';
import { sensitiveFields } from './sensitive.js';

/**
 * Customer satisfaction surveys (客户满意度调查) [CC 5.9, standards G 41–43]: versioned templates,
 * campaigns sent as tokenised links, responses (by link or typed in from paper/fax), the analysis by
 * QA, improvement actions from low scores and the reply letter to each customer.
 */
export const CivilDate = z.iso.date().describe('YYYY-MM-DD (site calendar day)');
const slug = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, { message: 'lower-case key: a–z, 0–9, -' });

// ---- templates ----------------------------------------------------------------------------

/** Confidential field names (price, cost…) are stripped from responses: a dimension key cannot be one of them. */
const reservedKeys = new Set<string>(Object.values(sensitiveFields).flatMap((c) => [...c.fields]));
const dimensionKey = slug.refine((k) => !reservedKeys.has(k), { message: 'reserved name (confidential field): choose another key, e.g. pricing' });

/** One Likert item (1–5) per dimension; the department owns improvements when it scores low. */
export const SurveyDimension = z.object({
  key: dimensionKey.describe('quality, delivery, service, pricing, communication…'),
  name: Localized.describe('维度名称'),
  question: Localized.describe('问题（中英文）'),
  weight: z.number().min(0).max(100).describe('权重 (weighted satisfaction index)'),
  department: slug.describe('责任部门: owns the improvement action when this dimension scores low'),
});
export type TSurveyDimension = z.infer<typeof SurveyDimension>;

const templateFields = {
  title: Localized.describe('问卷标题'),
  intro: Localized.describe('致客户的说明'),
  dimensions: z.array(SurveyDimension).min(1).max(12),
  recommendQuestion: Localized.describe('0–10 推荐意愿'),
  commentsQuestion: Localized.describe('意见与建议'),
  /** a dimension scored at or below this creates an improvement action */
  lowScoreThreshold: z.int().min(1).max(4).default(2),
  /** a response whose weighted index (0–100) is below this creates an action for QA */
  indexTarget: z.number().min(0).max(100).default(60),
  /** working days the improvement action gets */
  actionDueWorkingDays: z.int().min(1).max(120).default(10),
};

export const SurveyTemplate = z.object({
  id: Id,
  key: z.string().describe('the template across its versions'),
  version: z.int().describe('template revision (版本)'),
  current: z.boolean().describe('the latest revision: only this one can be used for a new campaign'),
  ...templateFields,
  lowScoreThreshold: z.int(),
  indexTarget: z.number(),
  actionDueWorkingDays: z.int(),
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  rowVersion: Version,
});
export type TSurveyTemplate = z.infer<typeof SurveyTemplate>;
export const SurveyTemplateList = z.object({ items: z.array(SurveyTemplate) });

const weightsPositive = (t: { dimensions: { weight: number; key: string }[] }, ctx: z.RefinementCtx) => {
  if (!t.dimensions.some((d) => d.weight > 0)) ctx.addIssue({ code: 'custom', path: ['dimensions', 0, 'weight'], message: 'at least one weight > 0' });
  const seen = new Set<string>();
  t.dimensions.forEach((d, i) => {
    if (seen.has(d.key)) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'key'], message: 'duplicate key' });
    seen.add(d.key);
  });
};
export const CreateSurveyTemplateRequest = z.object({ key: slug, ...templateFields }).superRefine(weightsPositive);
/** A new revision of a template; campaigns keep the revision they were sent with. */
export const ReviseSurveyTemplateRequest = z
  .object({ rowVersion: Version.describe('version of the revision being revised'), reason: z.string().trim().min(2).max(500), ...templateFields })
  .superRefine(weightsPositive);

const dim = (key: string, zh: string, en: string, qzh: string, qen: string, department: string, weight: number) => ({
  key,
  name: { zh, en },
  question: { zh: qzh, en: qen },
  weight,
  department,
});
/** The default questionnaire (procedures.md §7): five dimensions, NPS question, comments. */
export const defaultSurveyTemplate = {
  key: 'css',
  title: { zh: '顾客满意度调查表', en: 'Customer satisfaction survey' },
  intro: {
    zh: '感谢贵司一直以来的支持。为持续改进我们的产品和服务，请就以下方面给我们评分（1 = 很不满意，5 = 很满意）。',
    en: 'Thank you for your continued business. To keep improving our products and service, please rate us on the following (1 = very dissatisfied, 5 = very satisfied).',
  },
  dimensions: [
    dim('quality', '产品质量', 'Product quality', '您对我司产品质量的满意程度', 'How satisfied are you with the quality of our products?', 'quality', 30),
    dim('delivery', '交货准时', 'Delivery', '您对我司交货准时性的满意程度', 'How satisfied are you with our on-time delivery?', 'planning', 25),
    dim('service', '服务', 'Service', '您对我司售前售后服务的满意程度', 'How satisfied are you with our service before and after sales?', 'sales', 15),
    dim('pricing', '价格', 'Price', '您对我司产品价格的满意程度', 'How satisfied are you with our prices?', 'sales', 15),
    dim(
      'communication',
      '沟通',
      'Communication',
      '您对与我司沟通（响应速度、准确性）的满意程度',
      'How satisfied are you with our communication (speed and accuracy of answers)?',
      'sales',
      15,
    ),
  ],
  recommendQuestion: {
    zh: '您向同行推荐我司的可能性有多大？（0 = 完全不可能，10 = 非常可能）',
    en: 'How likely are you to recommend us to a peer? (0 = not at all, 10 = extremely likely)',
  },
  commentsQuestion: { zh: '其他意见与建议', en: 'Other comments and suggestions' },
  lowScoreThreshold: 2,
  indexTarget: 60,
  actionDueWorkingDays: 10,
};

// ---- campaigns ----------------------------------------------------------------------------

export const responseSources = ['link', 'portal', 'paper', 'fax', 'email'] as const;
export const ResponseSource = z.enum(responseSources).describe('回复方式: 链接/客户门户/纸质/传真/邮件');

export const SurveyRecipient = z.object({
  id: Id,
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  contactId: Id,
  contactName: z.string(),
  language: z.enum(['zh-CN', 'en-US']),
  sentAt: IsoDateTime,
  expiresAt: IsoDateTime,
  sendCommunicationId: Id.nullable().describe('the communication that sent the link'),
  reminders: z.int(),
  lastRemindedAt: IsoDateTime.nullable(),
  reminderDue: z.boolean().describe('no answer after the reminder interval (working days)'),
  respondedAt: IsoDateTime.nullable(),
  responseId: Id.nullable(),
  responseSource: ResponseSource.nullable(),
});
export type TSurveyRecipient = z.infer<typeof SurveyRecipient>;

/** Per customer: the reply letter and how far the improvements are (CC 5.9). */
export const CustomerFollowUp = z.object({
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  responded: z.boolean(),
  actionsOpen: z.int(),
  actionsDone: z.int(),
  improvementStatus: z.enum(['none', 'open', 'done']).describe('改善状态'),
  replyStatus: z.enum(['not-needed', 'pending', 'sent']).describe('回复状态'),
  repliedAt: IsoDateTime.nullable(),
  replyCommunicationId: Id.nullable(),
});

const campaignHeader = {
  id: Id,
  number: z.string().describe('调查编号 CS-YYYY-NN'),
  title: z.string(),
  periodFrom: CivilDate.describe('evaluated period from'),
  periodTo: CivilDate,
  templateId: Id,
  templateKey: z.string(),
  templateVersion: z.int(),
  sentAt: IsoDateTime,
  responseDeadline: CivilDate.describe('links expire at the end of this day'),
  ownerId: Id,
  ownerName: z.string().nullable(),
  status: z.string().nullable().describe('the step of the `survey` procedure'),
  closed: z.boolean(),
  recipientCount: z.int(),
  responseCount: z.int(),
  version: Version,
  createdAt: IsoDateTime,
};
export const SurveyCampaignSummary = z.object(campaignHeader);
export const SurveyCampaign = z.object({
  ...campaignHeader,
  reminderAfterWorkingDays: z.int(),
  analysisSummary: z.string().nullable(),
  template: SurveyTemplate,
  recipients: z.array(SurveyRecipient),
  customers: z.array(CustomerFollowUp),
});
export type TSurveyCampaign = z.infer<typeof SurveyCampaign>;

export const SurveyCampaignList = paged(SurveyCampaignSummary);
export const SurveyCampaignListQuery = PageQuery.extend({ q: z.string().trim().max(100).optional() });

export const CreateSurveyCampaignRequest = z.object({
  title: z.string().trim().min(1).max(200),
  templateId: Id,
  periodFrom: CivilDate,
  periodTo: CivilDate,
  sentAt: IsoDateTime.optional().describe('when the links went out; now by default'),
  responseDeadline: CivilDate.describe('回复截止日'),
  reminderAfterWorkingDays: z.int().min(1).max(60).default(5),
  channel: Channel.default('email').describe('how the links are sent'),
  recipients: z
    .array(z.object({ partyId: Id, contactId: Id, language: z.enum(['zh-CN', 'en-US']).default('zh-CN') }))
    .min(1)
    .max(500),
  /** mail each contact its link with this (edited) template text, in the recipient's language; {{link}} is filled in when it leaves */
  mail: z.object({ zh: MailText, en: MailText }).optional(),
});
/** A link, shown once: only its hash is stored. */
export const SurveyLink = z.object({ recipientId: Id, partyName: z.string(), contactName: z.string(), token: z.string(), url: z.string() });
export const CreatedSurveyCampaign = z.object({ campaign: SurveyCampaign, links: z.array(SurveyLink) });
export const ReissueLinkRequest = z.object({ reason: z.string().trim().min(2).max(500) });

export const SendRemindersRequest = z.object({
  channel: Channel.default('email'),
  /**
   * mail each reminded contact with this (edited) reminder text; {{link}} is a fresh link filled in when it leaves —
   * only the link's hash is kept, so a reminder re-issues the link and the earlier one stops working
   */
  mail: z.object({ zh: MailText, en: MailText }).optional(),
});
export const SentReminders = z.object({ reminded: z.int(), notDue: z.int(), campaign: SurveyCampaign });

// ---- responses ----------------------------------------------------------------------------

/** Scores are checked against the template by the server (422 naming the dimension). */
const answers = {
  scores: z.record(z.string().max(31), z.number()).describe('dimension key → 1–5'),
  recommend: z
    .number()
    .nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('0–10'),
  comments: optText(4000),
};
export const SubmitSurveyRequest = z.object({ ...answers, language: z.enum(['zh-CN', 'en-US']).optional() });
/** A paper / fax / email form returned and typed in by Sales, with the scan attached. */
export const EnterSurveyResponseRequest = z.object({
  recipientId: Id,
  source: z.enum(['paper', 'fax', 'email']),
  receivedAt: IsoDateTime,
  attachmentIds: z.array(Id).min(1).max(10).describe('the scan of the returned form'),
  ...answers,
});

export const SurveyResponse = z.object({
  id: Id,
  campaignId: Id,
  campaignNumber: z.string(),
  recipientId: Id,
  partyId: Id,
  partyName: z.string(),
  contactName: z.string(),
  source: ResponseSource,
  respondedAt: IsoDateTime,
  enteredByName: z.string().nullable(),
  scores: z.record(z.string(), z.int()),
  recommend: z.int().nullable(),
  comments: z.string().nullable(),
  index: z.number().describe('weighted satisfaction index 0–100'),
  low: z.array(z.string()).describe('dimensions at or below the threshold; "index" when below target'),
  correctiveAction: z.object({ reason: z.string(), byName: z.string().nullable(), at: IsoDateTime }).nullable().describe('raised to a corrective action (8D)'),
  actionIds: z.array(Id),
  attachments: z.array(Attachment),
  communicationId: Id.nullable(),
});
export type TSurveyResponse = z.infer<typeof SurveyResponse>;
export const SurveyResponseList = z.object({ items: z.array(SurveyResponse) });
export const RaiseCorrectiveRequest = z.object({ reason: z.string().trim().min(2).max(1000) });

// ---- the public page ------------------------------------------------------------------------

/** What a token reveals: this survey, for this contact — nothing else. */
export const PublicSurvey = z.object({
  campaignTitle: z.string(),
  customerName: z.string(),
  contactName: z.string(),
  language: z.enum(['zh-CN', 'en-US']),
  expiresAt: IsoDateTime,
  title: Localized,
  intro: Localized,
  dimensions: z.array(z.object({ key: z.string(), name: Localized, question: Localized })),
  recommendQuestion: Localized,
  commentsQuestion: Localized,
});
export const PublicSurveyThanks = z.object({ ok: z.literal(true), respondedAt: IsoDateTime });
export const TokenParams = z.object({ token: z.string().min(10).max(100) });

// ---- analysis ------------------------------------------------------------------------------

export const Metrics = z.object({
  responses: z.int(),
  recipients: z.int(),
  responseRate: z.number().nullable().describe('% responses / recipients'),
  csat: z.number().nullable().describe('% of Likert answers that are 4 or 5'),
  nps: z.number().nullable().describe('% 9–10 minus % 0–6'),
  index: z.number().nullable().describe('weighted satisfaction index 0–100: Σ w·mean / Σ w / 5 × 100'),
  means: z.record(z.string(), z.number().nullable()).describe('mean score per dimension'),
  csatByDimension: z.record(z.string(), z.number().nullable()),
});
export type TMetrics = z.infer<typeof Metrics>;
export const SurveyAnalysis = z.object({
  campaignId: Id,
  number: z.string(),
  dimensions: z.array(z.object({ key: z.string(), name: Localized, weight: z.number() })),
  lowScoreThreshold: z.int(),
  indexTarget: z.number(),
  overall: Metrics,
  byCustomer: z.array(z.object({ partyId: Id, partyCode: z.string(), partyName: z.string(), metrics: Metrics, low: z.array(z.string()) })),
  distribution: z.record(z.string(), z.array(z.int())).describe('per dimension: counts of 1, 2, 3, 4, 5'),
  recommendDistribution: z.array(z.int()).describe('counts of 0 … 10'),
  trend: z
    .array(z.object({ campaignId: Id, number: z.string(), periodFrom: CivilDate, periodTo: CivilDate, metrics: Metrics }))
    .describe('this and the earlier campaigns, oldest first'),
  responses: z.array(SurveyResponse),
});
export type TSurveyAnalysis = z.infer<typeof SurveyAnalysis>;

// ---- reply to the customer ---------------------------------------------------------------------

export const ReplyLetter = z.object({
  campaignNumber: z.string(),
  campaignTitle: z.string(),
  periodFrom: CivilDate,
  periodTo: CivilDate,
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  partyNameEn: z.string().nullable(),
  contactName: z.string().nullable(),
  respondedAt: IsoDateTime.nullable(),
  improvements: z.array(
    z.object({ number: z.string(), title: z.string(), department: z.string(), status: z.string(), dueDate: z.string(), evidence: z.string().nullable() }),
  ),
  senderName: z.string().nullable(),
  date: CivilDate,
  replied: z.object({ at: IsoDateTime, communicationId: Id.nullable() }).nullable(),
});
export type TReplyLetter = z.infer<typeof ReplyLetter>;
export const RecordReplyRequest = z.object({
  partyId: Id,
  channel: Channel,
  sentAt: IsoDateTime,
  note: optText(2000).describe('what was sent besides the letter'),
});
