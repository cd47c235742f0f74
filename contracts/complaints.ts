import { z } from 'zod';
import { LinkMailRequest } from './mail.js';
import { Id, IsoDateTime, PageQuery, Version, paged, optText, Text } from './common.js';
import { Attachment } from './communications.js';
import { ActionItem, IsoDate } from './actions.js';

/**
 * Customer complaints and returns (客户投诉/退货) [procedures.md §6, standards E and F]. The
 * `complaint` procedure (procedures/complaint/v1.yaml) carries the status: acknowledgement,
 * QA assessment, VP review, then the 8D disciplines D1..D8 as steps on the engine.
 */
export const complaintChannels = ['phone', 'fax', 'email', 'portal', 'letter', 'visit', 'meeting', 'im'] as const;
export const ComplaintChannel = z.enum(complaintChannels).describe('投诉方式: 电话/传真/邮件/客户门户…');
export const complaintKinds = ['complaint', 'return', 'anomaly'] as const;
export const ComplaintKind = z.enum(complaintKinds).describe('类型: 投诉 / 退货 / 客户验证或使用中发现的产品异常 [CC 5.6]');
export const remedies = ['replace', 'rework', 'credit', 'return', 'sorting', '8d-report', 'other'] as const;
export const Remedy = z.enum(remedies).describe('客户要求: 换货/返工/扣款/退货/挑选/8D 报告/其他');
export const severities = ['minor', 'major', 'critical'] as const;
export const Severity = z.enum(severities).describe('严重度');
export const customerImpacts = ['none', 'line-stop', 'field', 'yard-hold', 'sorting-at-customer'] as const;
export const CustomerImpact = z.enum(customerImpacts).describe('对客户的影响: 停线 / 市场 / 扣留 / 客户处挑选');
export const responsePaths = ['quick-fix', 'short-8d', 'full-8d'] as const;
export const ResponsePath = z.enum(responsePaths).describe('处理路径: 快速处理 / 简易 8D / 完整 8D');
export const containmentLocations = ['customer', 'in-transit', 'warehouse', 'wip', 'supplier'] as const;
export const ContainmentLocation = z.enum(containmentLocations).describe('围堵范围: 客户处/在途/仓库/在制/供应商');
export const rootCauseMethods = ['5-why', 'ishikawa', 'fault-tree', 'is-is-not', 'other'] as const;
export const RootCauseMethod = z.enum(rootCauseMethods);
export const docAnswers = ['updated', 'not-applicable'] as const;
export const DocAnswer = z.enum(docAnswers);
export const effectivenessResults = ['effective', 'not-effective'] as const;
export const confirmationResults = ['accepted', 'rejected'] as const;
export const ConfirmationResult = z.enum(confirmationResults).describe('客户确认结案: 接受 / 不接受');

const text = (max: number) => Text().trim().min(1).max(max);
const qty = z.int().min(0).max(100_000_000);

// ---- intake ---------------------------------------------------------------------------------

/** A line of the complaint: what, which lot, how many — and the order line / shipment it came with, where known. */
export const ComplaintLineInput = z
  .object({
    model: text(80).describe('产品型号'),
    lot: optText(80).describe('批号 / 生产日期码'),
    deliveredQuantity: qty
      .nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('交货数量'),
    defectiveQuantity: qty.describe('不良数量'),
    returnedQuantity: qty
      .nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('退回数量'),
    orderLineId: Id.nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('订单行（须为该客户的订单）'),
    shipmentId: Id.nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('出货（须为该客户的出货；给出时订单行随之确定）'),
  })
  .refine((v) => v.deliveredQuantity === null || v.defectiveQuantity <= v.deliveredQuantity, {
    path: ['defectiveQuantity'],
    message: 'defective quantity cannot exceed delivered quantity',
  })
  .refine((v) => v.deliveredQuantity === null || v.returnedQuantity === null || v.returnedQuantity <= v.deliveredQuantity, {
    path: ['returnedQuantity'],
    message: 'returned quantity cannot exceed delivered quantity',
  });
export const ComplaintLinesRequest = z.object({ version: Version, lines: z.array(ComplaintLineInput).min(1).max(50) });

export const CreateComplaintRequest = z
  .object({
    kind: ComplaintKind.default('complaint'),
    partyId: Id.describe('客户'),
    channel: ComplaintChannel,
    receivedAt: IsoDateTime.describe('收到投诉的时间（客户门户的时间戳也可）'),
    receiverId: Id.optional().describe('接收人；默认为当前用户'),
    contactId: Id.nullable()
      .optional()
      .transform((v) => v ?? null),
    model: text(80).describe('产品型号'),
    lot: optText(80).describe('批号 / 生产日期码'),
    deliveredQuantity: qty
      .nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('交货数量'),
    defectiveQuantity: qty.describe('不良数量'),
    description: text(8000).describe('问题描述'),
    failureMode: optText(200).describe('失效模式（用于重复投诉匹配）'),
    remedySought: z.array(Remedy).min(1).max(7).describe('客户要求的处理'),
    remedyNote: optText(2000),
    /** the communication the complaint came in with; its link gets the complaint number [CC 5.8.1] */
    originCommunicationId: Id.nullable()
      .optional()
      .transform((v) => v ?? null),
    /** that communication's own attachments (a complaint mail's photos) filed on the complaint — copied, the mail keeps its own */
    originAttachmentIds: z.array(Id).max(20).default([]),
    relatedReports: optText(500).describe('相关检验/报废/异常报告编号 [CC 5.6]'),
    attachmentIds: z.array(Id).max(20).default([]),
    /** the lines it concerns; none given: one line from the model, lot and quantities above */
    lines: z.array(ComplaintLineInput).max(50).default([]),
  })
  .refine((v) => v.deliveredQuantity === null || v.defectiveQuantity <= v.deliveredQuantity, {
    path: ['defectiveQuantity'],
    message: 'defective quantity cannot exceed delivered quantity',
  });

// ---- sections ----------------------------------------------------------------------------

export const AssessmentRequest = z.object({
  version: Version,
  severity: Severity,
  safetyRegulatory: z.boolean().describe('涉及安全/法规'),
  customerImpact: z.array(CustomerImpact).min(1).max(5),
  path: ResponsePath,
  note: optText(4000),
});
export const TeamRequest = z.object({
  version: Version,
  leaderId: Id.describe('8D 组长'),
  members: z
    .array(z.object({ userId: Id, role: text(80) }))
    .min(1)
    .max(20),
  /** owner of each discipline; the leader when not named */
  owners: z.partialRecord(z.enum(['d2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8']), Id).default({}),
});
export const ProblemRequest = z.object({
  version: Version,
  what: text(2000),
  where: text(1000),
  when: text(1000),
  who: text(1000),
  why: text(2000),
  how: text(2000),
  howMany: text(1000),
  isNot: optText(2000).describe('是/不是 分析'),
});
export const ContainmentRowRequest = z
  .object({
    version: Version.describe("the complaint's version"),
    location: ContainmentLocation,
    description: text(1000),
    quantityChecked: qty,
    quantityFound: qty,
    disposition: optText(500),
    ownerId: Id.nullable()
      .optional()
      .transform((v) => v ?? null),
    doneAt: IsoDateTime.nullable()
      .optional()
      .transform((v) => v ?? null),
  })
  .refine((v) => v.quantityFound <= v.quantityChecked, { path: ['quantityFound'], message: 'found cannot exceed checked' });
export const RootCauseRequest = z.object({
  version: Version,
  method: RootCauseMethod,
  occurrenceCause: text(4000).describe('发生原因'),
  escapePoint: text(4000).describe('流出原因 / 逃逸点'),
  analysis: optText(8000).describe('5-Why 链或鱼骨图说明'),
  evidenceAttachmentIds: z.array(Id).max(20).default([]),
});
export const CorrectiveActionRequest = z.object({
  version: Version,
  title: text(200),
  description: optText(4000),
  ownerId: Id,
  department: text(40),
  dueDate: IsoDate,
});
export const EffectivenessPlanRequest = z.object({
  version: Version,
  method: text(500).describe('验证方法'),
  criterion: text(500).describe('判定准则（如连续 3 批零不良、30 天无重复）'),
  plannedDate: IsoDate,
  verifierId: Id,
});
const docUpdate = z
  .object({ answer: DocAnswer, revision: optText(40), justification: optText(1000) })
  .refine((d) => d.answer !== 'updated' || !!d.revision, { path: ['revision'], message: 'revision required' })
  .refine((d) => d.answer !== 'not-applicable' || !!d.justification, { path: ['justification'], message: 'justification required' });
export const PreventionRequest = z.object({
  version: Version,
  similarReviewed: optText(4000).describe('类似产品/过程/场所的横向展开结果'),
  pfmea: docUpdate
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  controlPlan: docUpdate
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  otherDocuments: optText(2000).describe('作业指导书/程序等其他更新'),
  lessonsLearned: optText(4000),
  riskUpdate: optText(2000).describe('风险与机遇更新 [10.2.1 e]'),
  qmsChange: optText(2000).describe('是否需要变更质量管理体系 [10.2.1 f]'),
});
export const CustomerConfirmationRequest = z.object({
  version: Version,
  result: ConfirmationResult,
  channel: ComplaintChannel,
  receivedAt: IsoDateTime,
  comment: optText(4000),
  attachmentIds: z.array(Id).max(10).default([]),
});
export const LinkRecurrenceRequest = z.object({ version: Version, otherId: Id });

// returned goods [SV 3.4–3.6, IATF 10.2.6]
export const ReturnRequest = z.object({ version: Version, receivedAt: IsoDateTime, quantity: z.int().min(1).max(100_000_000), note: optText(1000) });
export const ReturnAnalysisRequest = z.object({
  version: Version,
  result: text(4000).describe('分析结果（拆解、测试、照片）'),
  confirmed: z.boolean().describe('不良是否确认（否=NTF）'),
  disposition: z.enum(['rework', 'scrap', 'return-to-customer', 'use-as-is']),
  attachmentIds: z.array(Id).max(20).default([]),
});
export const ReworkPlanRequest = z.object({
  version: Version,
  route: optText(4000).describe('返工路线（工艺部）'),
  scheduledDate: IsoDate.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('返工排期（计划部）'),
});
export const ReworkDoneRequest = z.object({
  version: Version,
  reworkedQuantity: z.int().min(0).max(100_000_000),
  effect: optText(4000).describe('返工效果（工艺部）'),
  workStandardChange: optText(500).describe('长期问题转为作业标准变更：文件编号与版本（工艺部，SV 3.6）'),
});
export const CreditRequest = z.object({ version: Version, note: text(1000), overrideReason: optText(1000).describe('未完成分析即给予补偿的理由') });

export const ComplaintListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  orderId: Id.optional().describe('complaints with a line on this order'),
  partyId: Id.optional(),
  status: z.string().max(40).optional(),
  severity: Severity.optional(),
  open: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export const KpiQuery = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });

// ---- views --------------------------------------------------------------------------------

const DocUpdateView = z.object({ answer: DocAnswer, revision: z.string().nullable(), justification: z.string().nullable() });

export const ComplaintLine = z.object({
  id: Id,
  lineNo: z.int(),
  model: z.string(),
  lot: z.string().nullable(),
  deliveredQuantity: z.int().nullable(),
  defectiveQuantity: z.int(),
  returnedQuantity: z.int().nullable(),
  orderLineId: Id.nullable(),
  order: z.object({ id: Id, number: z.string(), customerPo: z.string().nullable(), lineNo: z.int() }).nullable(),
  shipment: z.object({ id: Id, shippedAt: IsoDateTime, quantity: z.int() }).nullable(),
});
export type TComplaintLine = z.infer<typeof ComplaintLine>;

/** The customer's order lines and their shipments, for the complaint's pickers (no prices). */
export const OrderLineOptionsQuery = z.object({ partyId: Id, q: z.string().trim().max(100).optional() });
export const OrderLineOptions = z.object({
  items: z.array(
    z.object({
      orderId: Id,
      orderNumber: z.string(),
      customerPo: z.string().nullable(),
      orderDate: z.string(),
      lineId: Id,
      lineNo: z.int(),
      model: z.string(),
      quantity: z.int(),
      unit: z.string(),
      shipments: z.array(z.object({ id: Id, shippedAt: IsoDateTime, quantity: z.int() })),
    }),
  ),
});

export const ComplaintSummary = z.object({
  id: Id,
  number: z.string().describe('投诉编号 CC-<年>-n'),
  kind: ComplaintKind,
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  channel: ComplaintChannel,
  receivedAt: IsoDateTime,
  model: z.string(),
  lot: z.string().nullable(),
  defectiveQuantity: z.int(),
  severity: Severity.nullable(),
  path: ResponsePath.nullable(),
  status: z.string().nullable(),
  closed: z.boolean(),
  ageDays: z.int(),
  dueAt: IsoDateTime.nullable(),
  overdue: z.boolean(),
  version: Version,
});

export const Discipline = z.object({
  stepId: z.string(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  enteredAt: IsoDateTime.nullable(),
  dueAt: IsoDateTime.nullable(),
  completedAt: IsoDateTime.nullable(),
  approverName: z.string().nullable(),
  late: z.boolean(),
});

export const ContainmentRow = z.object({
  id: Id,
  location: ContainmentLocation,
  description: z.string(),
  quantityChecked: z.int(),
  quantityFound: z.int(),
  disposition: z.string().nullable(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  doneAt: IsoDateTime.nullable(),
  /** lifted after the permanent action was validated */
  removedAt: IsoDateTime.nullable(),
});

export const ReturnView = z.object({
  id: Id,
  receivedAt: IsoDateTime,
  quantity: z.int(),
  note: z.string().nullable(),
  analysis: z
    .object({
      result: z.string(),
      confirmed: z.boolean(),
      disposition: z.string(),
      at: IsoDateTime,
      byName: z.string().nullable(),
      attachments: z.array(Attachment),
    })
    .nullable(),
  rework: z.object({
    route: z.string().nullable(),
    scheduledDate: z.string().nullable(),
    reworkedQuantity: z.int().nullable(),
    effect: z.string().nullable(),
    doneAt: IsoDateTime.nullable(),
    workStandardChange: z.string().nullable(),
  }),
  credit: z.object({ at: IsoDateTime, byName: z.string().nullable(), note: z.string(), overrideReason: z.string().nullable() }).nullable(),
  version: Version,
});

export const Complaint = ComplaintSummary.extend({
  receiverId: Id,
  receiverName: z.string().nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  deliveredQuantity: z.int().nullable(),
  description: z.string(),
  failureMode: z.string().nullable(),
  remedySought: z.array(Remedy),
  remedyNote: z.string().nullable(),
  relatedReports: z.string().nullable(),
  lines: z.array(ComplaintLine),
  emergency: z
    .object({ symptom: z.string(), response: z.string(), at: IsoDateTime, byName: z.string().nullable() })
    .nullable()
    .describe('D0: symptom and emergency response'),
  originCommunication: z.object({ id: Id, number: z.string().nullable() }).nullable(),
  attachments: z.array(Attachment),
  acknowledgement: z.object({ at: IsoDateTime, communicationId: Id, targetHours: z.number().nullable(), withinTarget: z.boolean() }).nullable(),
  assessment: z
    .object({
      severity: Severity,
      safetyRegulatory: z.boolean(),
      customerImpact: z.array(CustomerImpact),
      path: ResponsePath,
      note: z.string().nullable(),
      at: IsoDateTime,
      byName: z.string().nullable(),
    })
    .nullable(),
  team: z
    .object({
      leaderId: Id,
      leaderName: z.string().nullable(),
      members: z.array(z.object({ userId: Id, name: z.string().nullable(), role: z.string() })),
      owners: z.record(z.string(), Id),
    })
    .nullable(),
  problem: z
    .object({
      what: z.string(),
      where: z.string(),
      when: z.string(),
      who: z.string(),
      why: z.string(),
      how: z.string(),
      howMany: z.string(),
      isNot: z.string().nullable(),
    })
    .nullable(),
  containment: z.array(ContainmentRow),
  rootCause: z
    .object({ method: RootCauseMethod, occurrenceCause: z.string(), escapePoint: z.string(), analysis: z.string().nullable(), evidence: z.array(Attachment) })
    .nullable(),
  actions: z.array(ActionItem),
  effectiveness: z
    .object({
      method: z.string(),
      criterion: z.string(),
      plannedDate: z.string(),
      verifierId: Id,
      verifierName: z.string().nullable(),
      result: z.enum(effectivenessResults).nullable(),
      note: z.string().nullable(),
      recordedAt: IsoDateTime.nullable(),
      history: z.array(z.object({ result: z.enum(effectivenessResults), note: z.string(), at: IsoDateTime, byName: z.string().nullable() })),
    })
    .nullable(),
  prevention: z
    .object({
      similarReviewed: z.string().nullable(),
      pfmea: DocUpdateView.nullable(),
      controlPlan: DocUpdateView.nullable(),
      otherDocuments: z.string().nullable(),
      lessonsLearned: z.string().nullable(),
      riskUpdate: z.string().nullable(),
      qmsChange: z.string().nullable(),
    })
    .nullable(),
  confirmations: z.array(
    z.object({
      result: ConfirmationResult,
      at: IsoDateTime,
      communicationId: Id,
      comment: z.string().nullable(),
      recordedByName: z.string().nullable(),
      attachments: z.array(Attachment),
    }),
  ),
  disciplines: z.array(Discipline),
  recurrences: z.array(z.object({ id: Id, number: z.string(), partyName: z.string(), model: z.string(), status: z.string().nullable() })),
  returns: z.array(ReturnView),
  customerLinks: z.array(
    z.object({
      createdAt: IsoDateTime,
      expiresAt: IsoDateTime,
      usedAt: IsoDateTime.nullable(),
      result: ConfirmationResult.nullable(),
      createdByName: z.string().nullable(),
    }),
  ),
  closedAt: IsoDateTime.nullable(),
  createdByName: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type TComplaint = z.infer<typeof Complaint>;
export type TComplaintSummary = z.infer<typeof ComplaintSummary>;

export const ComplaintList = paged(ComplaintSummary);

export const RecurrenceCandidate = z.object({
  id: Id,
  number: z.string(),
  partyName: z.string(),
  sameCustomer: z.boolean(),
  model: z.string(),
  failureMode: z.string().nullable(),
  matchedOn: z.array(z.enum(['model', 'failure-mode', 'lot', 'order-line'])),
  status: z.string().nullable(),
  closed: z.boolean(),
  receivedAt: IsoDateTime,
});
export const RecurrenceCandidates = z.object({ items: z.array(RecurrenceCandidate) });

export const ComplaintKpi = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  definition: z.object({ zh: z.string(), en: z.string() }),
  total: z.int(),
  handledOnTime: z.int(),
  rate: z.number().nullable(),
  acknowledgedOnTime: z.int(),
  steps: z.array(z.object({ stepId: z.string(), visits: z.int(), late: z.int() })),
});

// ---- the customer's link: confirm or reject the closure without an account --------------------

export const CustomerLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'not a link token' });
export const CreateCustomerLinkRequest = z.object({
  version: Version,
  days: z.int().min(1).max(60).default(14).describe('有效天数'),
  channel: ComplaintChannel.default('email').describe('链接发给客户的方式'),
  message: optText(2000),
  /** mail the link to the complaint's contact with this (edited) template text; {{link}} is filled in when it leaves */
  mail: LinkMailRequest.optional(),
});
export const CustomerLinkCreated = z.object({ path: z.string(), expiresAt: IsoDateTime, complaint: Complaint });
export const CustomerLinkAnswerRequest = z
  .object({
    result: ConfirmationResult,
    comment: optText(4000),
    signedBy: text(80).describe('客户签名人'),
  })
  .refine((v) => v.result === 'accepted' || !!v.comment, { path: ['comment'], message: 'say why the resolution is not accepted' });
/** What the customer sees: the complaint and its 8D, nothing internal (no people, no history). */
export const CustomerLinkView = z.object({
  number: z.string(),
  partyName: z.string(),
  model: z.string(),
  lot: z.string().nullable(),
  receivedAt: IsoDateTime,
  defectiveQuantity: z.int(),
  description: z.string(),
  problem: z
    .object({ what: z.string(), where: z.string(), when: z.string(), who: z.string(), why: z.string(), how: z.string(), howMany: z.string() })
    .nullable(),
  containment: z.array(z.object({ location: ContainmentLocation, description: z.string(), quantityChecked: z.int(), quantityFound: z.int() })),
  rootCause: z.object({ method: RootCauseMethod, occurrenceCause: z.string(), escapePoint: z.string() }).nullable(),
  actions: z.array(z.object({ title: z.string(), dueDate: z.string(), done: z.boolean() })),
  prevention: z.object({ similarReviewed: z.string().nullable(), pfmea: DocUpdateView.nullable(), controlPlan: DocUpdateView.nullable() }).nullable(),
  effectiveness: z.object({ criterion: z.string(), result: z.enum(effectivenessResults).nullable() }).nullable(),
  expiresAt: IsoDateTime,
});
export const CustomerLinkAnswered = z.object({ result: ConfirmationResult });

// ---- per-customer timing template [standards F 30] ---------------------------------------------

export const timedSteps = [
  'acknowledge',
  'assessment',
  'vp-review',
  'quick-fix',
  'd0-emergency',
  'short-d3-containment',
  'short-d4-root-cause',
  'short-d5-correction',
  'short-d8-closure',
  'd1-team',
  'd2-problem',
  'd3-containment',
  'd4-root-cause',
  'd5-actions',
  'd6-implementation',
  'd7-prevention',
  'effectiveness',
  'customer-confirmation',
] as const;
export const TimedStep = z.enum(timedSteps);
const TemplateDeadline = z.object({ amount: z.int().positive().max(10000), unit: z.enum(['calendarHours', 'calendarDays', 'workingDays', 'workingHours']) });
export const TimingTemplateRequest = z.object({
  version: Version.nullable().describe('null for a new template'),
  steps: z.partialRecord(TimedStep, TemplateDeadline),
  note: optText(500),
});
export const TimingTemplate = z.object({
  partyId: Id,
  steps: z.partialRecord(TimedStep, TemplateDeadline),
  note: z.string().nullable(),
  version: Version.nullable(),
});
export const PartyParams = z.object({ partyId: Id });
export const RemoveContainmentRequest = z.object({ version: Version });
