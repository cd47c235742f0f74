import { z } from 'zod';
import { Id, IsoDateTime, Text, Version, optText } from './common.js';
import { IsoDate } from './actions.js';
import { Channel } from './parties.js';
import { Attachment } from './communications.js';

/**
 * Engineering's and QA's records with the customer [CC 5.3, 5.4, 5.6]:
 *  - sample confirmations (样品确认): a sample sent to the customer, the customer's approval or rejection with the
 *    signed sample record, timed on the working calendar by procedures/sample-confirmation
 *  - process-design questions (工艺设计疑问): Engineering's question on the customer's original process data, the
 *    communication it went through, the customer's answer, signed by the contact
 *  - anomalies (异常): a product anomaly found by the customer in verification or use, linked to the inspection,
 *    scrap and anomaly reports and to the customer's order / complaint
 * Every record links to the communications that concern it (communication links of type sample /
 * process-question / anomaly).
 */
const text = (max: number) => Text().trim().min(1).max(max);
const optDate = IsoDate.nullable()
  .optional()
  .transform((v) => v ?? null);
const optId = Id.nullable()
  .optional()
  .transform((v) => v ?? null);
const Ref = z.object({ id: Id, number: z.string() });

/** A new communication written with the record (the customer's message, our message). */
export const CommunicationDraft = z.object({
  channel: Channel,
  contactId: optId,
  subject: text(200),
  content: text(20000),
});

// ---- sample confirmations [CC 5.4] -----------------------------------------------------------
export const shipVias = ['courier', 'post', 'hand', 'with-shipment', 'freight', 'other'] as const;
export const ShipVia = z.enum(shipVias).describe('快递 / 邮寄 / 专人送达 / 随货 / 货运 / 其他');
export const sampleDecisions = ['approved', 'rejected'] as const;
export const SampleDecision = z.enum(sampleDecisions).describe('承认 / 不承认');

export const Sample = z.object({
  id: Id,
  number: z.string().describe('SMP-00001'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  model: z.string().describe('产品型号'),
  description: z.string().nullable(),
  quantity: z.int(),
  sentOn: IsoDate.describe('寄出日期'),
  shipVia: ShipVia,
  trackingNo: z.string().nullable().describe('运单号'),
  order: Ref.nullable(),
  quotation: Ref.nullable(),
  answerWithinDays: z.int().describe('客户答复期限（工作日）'),
  notes: z.string().nullable(),
  decision: SampleDecision.nullable(),
  answeredOn: IsoDate.nullable(),
  rejectionReason: z.string().nullable(),
  answeredByContactName: z.string().nullable(),
  answerCommunication: Ref.nullable(),
  signedRecords: z.array(Attachment).describe('客户签认的样品承认书/样品报告'),
  state: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  answerDue: IsoDateTime.nullable().describe('答复期限（工作日历）'),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type TSample = z.infer<typeof Sample>;
export const SampleSummary = Sample.omit({ signedRecords: true });
export const SampleList = z.object({ items: z.array(SampleSummary) });
export const SampleQuery = z.object({
  partyId: Id.optional(),
  orderId: Id.optional(),
  state: z.enum(['sent', 'awaiting-customer', 'approved', 'rejected', 'withdrawn']).optional(),
  q: z.string().trim().max(100).optional(),
});

const sampleFields = {
  model: text(100),
  description: optText(2000),
  quantity: z.int().positive().max(1_000_000),
  sentOn: IsoDate,
  shipVia: ShipVia,
  trackingNo: optText(100),
  orderId: optId,
  quotationId: optId,
  answerWithinDays: z.int().min(1).max(60).default(5),
  notes: optText(4000),
};
export const CreateSampleRequest = z.object({ partyId: Id, ...sampleFields });
export const UpdateSampleRequest = z.object({ version: Version, ...sampleFields });
/**
 * The customer's answer: approved or rejected (the reason), the signed sample record uploaded, the message that
 * brought it — an existing communication or a new incoming one. Recording it closes the procedure.
 */
export const SampleAnswerRequest = z.object({
  version: Version,
  decision: SampleDecision,
  answeredOn: IsoDate,
  rejectionReason: optText(4000),
  answeredByContactId: optId,
  attachmentIds: z.array(Id).max(10).default([]),
  communicationId: optId.describe('the customer message already logged'),
  communication: CommunicationDraft.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('or log it now'),
});

// ---- process-design questions [CC 5.3] ---------------------------------------------------------
export const ProcessQuestion = z.object({
  id: Id,
  number: z.string().describe('PQ-00001'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  processData: z.string().describe('客户原始工艺数据（图纸/工艺文件编号与版本）'),
  model: z.string().nullable(),
  order: Ref.nullable().describe('the order whose process data it concerns'),
  question: z.string(),
  askedById: Id,
  askedByName: z.string().nullable(),
  askedOn: IsoDate,
  askedThrough: Ref.nullable().describe('提问所用的沟通记录'),
  answer: z.string().nullable(),
  answeredOn: IsoDate.nullable(),
  answerCommunication: Ref.nullable(),
  signedByContactId: Id.nullable(),
  signedByContactName: z.string().nullable(),
  signedOn: IsoDate.nullable(),
  signedDocuments: z.array(Attachment),
  status: z.enum(['open', 'answered', 'signed']).describe('待答复 / 已答复待签认 / 已签认'),
  createdAt: IsoDateTime,
  version: Version,
});
export type TProcessQuestion = z.infer<typeof ProcessQuestion>;
export const ProcessQuestionList = z.object({ items: z.array(ProcessQuestion.omit({ signedDocuments: true })) });
export const ProcessQuestionQuery = z.object({
  partyId: Id.optional(),
  orderId: Id.optional(),
  status: z.enum(['open', 'answered', 'signed']).optional(),
  q: z.string().trim().max(100).optional(),
});
export const CreateProcessQuestionRequest = z.object({
  partyId: Id,
  processData: text(300),
  model: optText(100),
  orderId: optId.describe('the order whose process data it concerns (same customer)'),
  question: text(4000),
  askedOn: IsoDate,
  communicationId: optId.describe('the communication that asked it, already logged'),
  communication: CommunicationDraft.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('or log it now (outgoing)'),
});
export const ProcessAnswerRequest = z.object({
  version: Version,
  answer: text(4000),
  answeredOn: IsoDate,
  communicationId: optId,
  communication: CommunicationDraft.nullable()
    .optional()
    .transform((v) => v ?? null),
});
/** Signed by the contact: a signed document uploaded, or the contact named with the date (at least one). */
export const ProcessSignRequest = z.object({
  version: Version,
  signedByContactId: optId,
  signedOn: optDate,
  attachmentIds: z.array(Id).max(10).default([]),
});

// ---- anomalies [CC 5.6] ---------------------------------------------------------------------------
export const anomalyFoundIn = ['verification', 'use', 'incoming', 'other'] as const;
export const AnomalyFoundIn = z.enum(anomalyFoundIn).describe('客户验证 / 客户使用 / 客户来料检验 / 其他');
export const reportKinds = ['inspection', 'scrap', 'anomaly'] as const;
export const ReportKind = z.enum(reportKinds).describe('检验报告 / 报废报告 / 异常报告');

export const AnomalyReport = z.object({
  id: Id,
  kind: ReportKind,
  documentNo: z.string().describe('报告编号'),
  note: z.string().nullable(),
  attachment: Attachment.nullable(),
  addedByName: z.string().nullable(),
  createdAt: IsoDateTime,
});
export const Anomaly = z.object({
  id: Id,
  number: z.string().describe('ANO-00001'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  title: z.string(),
  description: z.string(),
  foundIn: AnomalyFoundIn,
  occurredOn: IsoDate,
  model: z.string().nullable(),
  lotNo: z.string().nullable(),
  quantity: z.int().nullable(),
  order: Ref.nullable(),
  complaint: Ref.nullable(),
  reportedThrough: Ref.nullable().describe('客户告知所用的沟通记录'),
  reports: z.array(AnomalyReport),
  conclusion: z.string().nullable(),
  closedAt: IsoDateTime.nullable(),
  status: z.enum(['open', 'closed']),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type TAnomaly = z.infer<typeof Anomaly>;
export const AnomalyList = z.object({ items: z.array(Anomaly.omit({ reports: true }).extend({ reportCount: z.int() })) });
export const AnomalyQuery = z.object({
  partyId: Id.optional(),
  orderId: Id.optional(),
  complaintId: Id.optional(),
  status: z.enum(['open', 'closed']).optional(),
  q: z.string().trim().max(100).optional(),
});
export const CreateAnomalyRequest = z.object({
  partyId: Id,
  title: text(200),
  description: text(4000),
  foundIn: AnomalyFoundIn,
  occurredOn: IsoDate,
  model: optText(100),
  lotNo: optText(100),
  quantity: z
    .int()
    .positive()
    .max(100_000_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  orderId: optId,
  complaintId: optId,
  communicationId: optId.describe('the customer message that reported it, already logged'),
  communication: CommunicationDraft.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('or log it now (incoming)'),
});
export const AnomalyReportRequest = z.object({
  version: Version,
  kind: ReportKind,
  documentNo: text(100),
  note: optText(2000),
  attachmentIds: z.array(Id).max(1).default([]).describe('the report scanned (one file)'),
});
export const CloseAnomalyRequest = z.object({ version: Version, conclusion: text(4000) });
/** Link the anomaly to the customer's complaint it led to (or was found under), or unlink it (null). */
export const LinkAnomalyComplaintRequest = z.object({ version: Version, complaintId: Id.nullable() });

// ---- where people work: the records of one order --------------------------------------------------
/** The order page's panel: the order's sample confirmations, process-design questions and anomalies (engineering.read). */
export const OrderEngineeringRecords = z.object({
  samples: SampleList.shape.items,
  questions: ProcessQuestionList.shape.items,
  anomalies: AnomalyList.shape.items,
});
export type TOrderEngineeringRecords = z.infer<typeof OrderEngineeringRecords>;
