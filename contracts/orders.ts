import { z } from 'zod';
import { Id, IsoDateTime, Localized, PageQuery, Version, paged, optText } from './common.js';
import { Attachment } from './communications.js';
import { Channel } from './parties.js';
import { statutoryApplicability, statutoryItemNames, statutoryItems } from './order-statutory.js';

/** The forms an order arrives in [QC 4.1]: formal PO, fax, note (便条), email, or the written record of a phone order. */
export const orderForms = ['po', 'fax', 'note', 'email', 'oral'] as const;
export const OrderForm = z.enum(orderForms).describe('订单形式: 正式订单/传真/便条/邮件/口头（电话）');
export const orderTypes = ['contract', 'continuous'] as const;
export const OrderType = z.enum(orderTypes).describe('合同 / 连续订单 [QC 4.3.1]');
export const acceptanceBases = ['standard', 'sample', 'approval-sheet'] as const;
export const AcceptanceBasis = z.enum(acceptanceBases).describe('接收标准: 标准 / 客户样板 / 承认书 [QC 4.2.2]');
export const CivilDate = z.iso.date().describe('YYYY-MM-DD (site calendar day)');

/** Why an order is a contract or a continuous order; `lineNo` names the line that caused it. */
export const classificationCodes = ['not-in-bom', 'special-requirements', 'price-changed', 'no-previous-review', 'repeat-order'] as const;
export const ClassificationCode = z.enum(classificationCodes);
export const ClassificationReason = z.object({ code: ClassificationCode, lineNo: z.int().nullable(), text: Localized });
export type TClassificationReason = z.infer<typeof ClassificationReason>;

export const OrderLine = z.object({
  id: Id,
  lineNo: z.int(),
  productId: Id.nullable().describe('the catalogue product matched by model'),
  inBom: z.boolean().describe('the model is in the catalogue and flagged as in the BOM'),
  model: z.string().describe('型号'),
  spec: z.string().nullable().describe('规格'),
  quantity: z.int(),
  unit: z.string(),
  requestedDate: CivilDate.describe('要求交期'),
  use: z.string().nullable().describe('用途'),
  qualityStandard: z.string().nullable().describe('质量标准'),
  hsfRequirement: z.string().nullable().describe('HSF / RoHS 要求'),
  specialRequirements: z.string().nullable().describe('特殊要求（特性、质量、接收准则…）'),
  acceptanceBasis: AcceptanceBasis,
  // confidential: stripped unless prices.read (contracts/sensitive.ts)
  unitPrice: z.number().nullable().optional(),
  currency: z.string(),
  unclear: z.boolean().describe('内容不清楚，须与客户澄清'),
  unclearNote: z.string().nullable(),
  previous: z
    .object({
      orderId: Id,
      orderNumber: z.string(),
      differences: z.array(z.enum(['spec', 'price', 'quality-standard', 'hsf', 'use', 'special-requirements', 'acceptance-basis'])),
    })
    .nullable()
    .describe('the same model on the customer’s last reviewed order, and what differs (for the reviewers)'),
  plannedDate: CivilDate.nullable().describe('交货计划日期 (current revision)'),
  shippedQuantity: z.int().describe('已出货数量'),
});
export type TOrderLine = z.infer<typeof OrderLine>;

export const deliveryChangeReasons = ['customer-request', 'capacity', 'material', 'quality', 'other'] as const;
export const DeliveryChangeReason = z.enum(deliveryChangeReasons).describe('交期变更原因: 客户要求/产能/物料/品质/其他');
export const DeliveryChange = z.object({
  id: Id,
  lineId: Id,
  lineNo: z.int(),
  revision: z.int().describe('the plan revision this change made'),
  oldDate: CivilDate,
  newDate: CivilDate,
  reason: DeliveryChangeReason,
  reasonNote: z.string().nullable(),
  approvedByName: z.string().nullable().describe('internal approver'),
  notifyCommunicationId: Id.describe('the communication that told the customer'),
  acknowledged: z.boolean(),
  customerAckAt: IsoDateTime.nullable(),
  ackCommunicationId: Id.nullable().describe("the communication recording the customer's acknowledgement"),
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  version: Version,
});
export const Shipment = z.object({
  id: Id,
  lineId: Id,
  lineNo: z.int(),
  quantity: z.int(),
  shippedAt: IsoDateTime,
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
});

export const clarificationStatuses = ['open', 'resolved'] as const;
export const Clarification = z.object({
  id: Id,
  orderId: Id,
  lineId: Id.nullable(),
  lineNo: z.int().nullable(),
  question: z.string(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  channel: Channel,
  askedAt: IsoDateTime,
  askedByName: z.string().nullable(),
  askCommunicationId: Id.nullable().describe('the communication that asked the customer'),
  answer: z.string().nullable(),
  decision: z.string().nullable(),
  answeredAt: IsoDateTime.nullable(),
  answerCommunicationId: Id.nullable().describe("the communication that recorded the customer's answer"),
  answerChannel: Channel.nullable().describe("the channel the answer came by (asked for; defaults to the question's)"),
  status: z.enum(clarificationStatuses),
  version: Version,
});
export type TClarification = z.infer<typeof Clarification>;

const orderHeader = {
  id: Id,
  number: z.string().describe('订单编号 SO-YYYY-NNNN'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  customerPo: z.string().nullable().describe('客户订单号'),
  form: OrderForm,
  orderDate: CivilDate,
  receivedAt: IsoDateTime,
  receiverName: z.string().nullable(),
  type: OrderType,
  /** the procedure step the order is at (`order` procedure), null before it started */
  status: z.string().nullable(),
  closed: z.boolean(),
  writtenOrderOnFile: z.boolean().describe('书面订单已存档 [SP 6.1.2]'),
  openClarifications: z.int(),
  voided: z.boolean(),
  version: Version,
  createdAt: IsoDateTime,
};

// ---- statutory requirements (QC 4.2.1), order confirmation (CS 2.4), production task sheet (SP 5.3) ----------------

export const StatutoryItemCode = z.enum(statutoryItems).describe('法规要求: RoHS / REACH / 出口管制 / 标签 / 客户特定 / 其他 [QC 4.2.1]');
export { statutoryItems, statutoryItemNames, statutoryApplicability };
export const StatutoryApplicability = z.enum(statutoryApplicability).describe('适用 / 不适用 / 不涉及');
export const StatutoryItem = z.object({
  item: StatutoryItemCode,
  /** null: not decided yet */
  applicable: StatutoryApplicability.nullable(),
  evidence: z.string().nullable().describe('证据或说明（如 RoHS 检测报告编号、标签样式）'),
  reviewedByName: z.string().nullable(),
  reviewedAt: IsoDateTime.nullable(),
  /** the row's version (null before the item was first recorded) */
  version: z.int().nullable(),
});
export const SetStatutoryItemRequest = z.object({
  version: z.int().positive().nullable().describe("the item's version, null when it is recorded for the first time"),
  applicable: StatutoryApplicability,
  evidence: optText(2000),
  reviewed: z.boolean().describe('true: the caller reviews the item now (becomes its reviewer); false: recorded, not reviewed'),
});
export const StatutoryItemParams = z.object({ id: Id, item: StatutoryItemCode });

export const OrderConfirmation = z.object({
  deliveryAddress: z.string().describe("交付地址 (the company's delivery address)"),
  paymentMethod: z.string().describe('付款方式'),
  confirmedBy: z.string().describe('who at the customer confirmed'),
  confirmedAt: IsoDateTime,
  channel: Channel,
  communicationId: Id.nullable(),
  recordedByName: z.string().nullable(),
});

export const taskSheetStatuses = ['awaiting-signature', 'signed', 'returned'] as const;
export const TaskSheet = z.object({
  revision: z.int(),
  productionStart: IsoDateTime,
  productionFinish: IsoDateTime,
  instructions: z.string(),
  preparedByName: z.string().nullable(),
  preparedAt: IsoDateTime,
  status: z.enum(taskSheetStatuses),
  signedByName: z.string().nullable(),
  signedAt: IsoDateTime.nullable(),
  returnReason: z.string().nullable(),
});

export const OrderSummary = z.object({ ...orderHeader, lineCount: z.int(), firstRequestedDate: CivilDate.nullable() });

export const Order = z.object({
  ...orderHeader,
  receiverId: Id,
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  notes: z.string().nullable(),
  writtenOrderAttachmentIds: z.array(Id),
  writtenOrderAt: IsoDateTime.nullable(),
  requirementsConfirmedAt: IsoDateTime.nullable().describe('oral orders: requirements confirmed back to the customer'),
  requirementsConfirmationId: Id.nullable().describe('the communication that confirmed them'),
  acceptanceConfirmedAt: IsoDateTime.nullable().describe("sample / approval sheet as acceptance standard: the customer's written confirmation on file"),
  acceptanceAttachmentIds: z.array(Id),
  reviewWaiver: z
    .object({ at: IsoDateTime, attachmentIds: z.array(Id), note: z.string() })
    .nullable()
    .describe('customer-authorised waiver of review on file'),
  attachments: z.array(Attachment),
  computedType: OrderType.describe('the classification by the rules, before any override'),
  classificationReasons: z.array(ClassificationReason),
  classificationOverride: z.object({ type: OrderType, reason: z.string(), byName: z.string().nullable(), at: IsoDateTime }).nullable(),
  reviewedAt: IsoDateTime.nullable().describe('when the review was approved'),
  major: z
    .object({ reasons: z.array(Localized) })
    .nullable()
    .describe('a major contract (new product, or amount at or above the threshold): may be reviewed in a meeting [QC 3.3]'),
  reviewMeeting: z
    .object({ at: IsoDateTime, attendees: z.string(), minutes: z.string(), attachmentIds: z.array(Id) })
    .nullable()
    .describe('the review meeting of a major contract, its minutes on file'),
  lines: z.array(OrderLine),
  clarifications: z.array(Clarification),
  deliveryPlanRevision: z.int().describe('highest revision over the lines; 0 before a plan exists'),
  deliveryChanges: z.array(DeliveryChange),
  shipments: z.array(Shipment),
  statutory: z.array(StatutoryItem).describe('statutory and regulatory requirements checklist, every item (QC 4.2.1)'),
  confirmation: OrderConfirmation.nullable().describe('the latest confirmation of delivery address and payment method with the customer (CS 2.4)'),
  taskSheets: z.array(TaskSheet).describe('production task sheets (生产任务单), oldest first; the last one is current (SP 5.3)'),
  createdByName: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type TOrder = z.infer<typeof Order>;

export const OrderLineInput = z.object({
  id: Id.optional().describe('on update: the line being changed; lines left out are voided'),
  model: z.string().trim().min(1).max(60),
  spec: optText(200),
  quantity: z.int().positive().max(1_000_000_000).describe('> 0'),
  unit: z.string().trim().min(1).max(12).default('pcs'),
  requestedDate: CivilDate,
  use: optText(200),
  qualityStandard: optText(200),
  hsfRequirement: optText(200),
  specialRequirements: optText(2000),
  acceptanceBasis: AcceptanceBasis.default('standard'),
  unitPrice: z.number().nonnegative().max(1_000_000_000).nullable().optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/)
    .default('CNY'),
  unclear: z.boolean().default(false),
  unclearNote: optText(1000),
});

const orderFields = {
  customerPo: optText(60),
  form: OrderForm,
  orderDate: CivilDate.describe('订货日期'),
  receivedAt: IsoDateTime.describe('接单时间'),
  receiverId: Id.optional().describe('接单人; defaults to the signed-in user'),
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  notes: optText(4000),
  attachmentIds: z.array(Id).max(20).default([]).describe('the PO / fax scan / email, uploaded first'),
  lines: z.array(OrderLineInput).min(1).max(200),
  confirmDuplicate: z.boolean().default(false).describe('the customer PO number is already on file: enter it anyway'),
};
export const CreateOrderRequest = z.object({
  partyId: Id,
  ...orderFields,
  originCommunicationId: Id.nullable()
    .optional()
    .describe('接单: the incoming mail (communication) the order is taken from; linked to the order, one live order per mail'),
  originAttachmentIds: z
    .array(Id)
    .max(10)
    .optional()
    .describe("the mail's own attachments (the PO PDF) filed as the order's written order — copied, the mail keeps its own"),
});

/** What the order form is prefilled with when an order is taken from an incoming mail (接单). */
export const OrderDraftFromMail = z.object({
  communicationId: Id,
  communicationNumber: z.string(),
  subject: z.string(),
  partyId: Id,
  contactId: Id.nullable(),
  customerPo: z.string().nullable().describe("a guess from the mail's subject (PO-8812, 订单号 4500012345), for the user to check"),
  form: OrderForm,
  orderDate: CivilDate,
  receivedAt: IsoDateTime,
  attachments: z.array(Attachment).describe("the mail's attachments, offered as the written order"),
});
export const UpdateOrderRequest = z.object({ version: Version, reason: optText(500), ...orderFields });

export const OverrideClassificationRequest = z.object({
  version: Version,
  type: OrderType,
  reason: z.string().trim().min(2).max(1000).describe('why the rule-based classification does not apply'),
});

export const AttachWrittenOrderRequest = z.object({
  version: Version,
  attachmentIds: z.array(Id).min(1).max(10).describe('the written order the customer sent after the oral one'),
  note: optText(500),
});

/** An oral order's requirements read back to the customer, recorded as a communication (standards B 9). */
export const ConfirmRequirementsRequest = z.object({
  version: Version,
  channel: Channel,
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  confirmedAt: IsoDateTime,
  content: z.string().trim().min(1).max(4000).describe('what was confirmed with the customer'),
});

/** The customer's written confirmation of a sample, or the signed approval sheet (承认书), used as acceptance standard [QC 4.2.2]. */
export const ConfirmAcceptanceStandardRequest = z.object({
  version: Version,
  attachmentIds: z.array(Id).min(1).max(10),
  confirmedAt: IsoDateTime,
  note: optText(500),
});

/** The customer's written authorisation to proceed without a formal review (the recorded alternative to it). */
export const RecordReviewWaiverRequest = z.object({
  version: Version,
  attachmentIds: z.array(Id).min(1).max(10),
  authorisedAt: IsoDateTime,
  note: z.string().trim().min(2).max(1000).describe('who authorised it and why'),
});

export const RecordReviewMeetingRequest = z.object({
  version: Version,
  heldAt: IsoDateTime,
  attendees: z.string().trim().min(2).max(1000).describe('who attended, by department'),
  minutes: z.string().trim().min(2).max(20000).describe('the meeting minutes: opinions, conditions, decision'),
  attachmentIds: z.array(Id).max(10).default([]).describe('signed minutes, scans'),
});

export const CreateClarificationRequest = z.object({
  lineId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  question: z.string().trim().min(1).max(4000),
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  channel: Channel,
  askedAt: IsoDateTime,
});
export const AnswerClarificationRequest = z.object({
  version: Version,
  answer: z.string().trim().min(1).max(4000).describe("the customer's answer"),
  decision: z.string().trim().min(1).max(2000).describe('what we do with it (recorded on the order)'),
  answeredAt: IsoDateTime,
  channel: Channel.optional().describe('defaults to the channel of the question'),
});

/** The delivery plan: a date per line, set after approval and before it is replied to the customer. */
export const SetDeliveryPlanRequest = z.object({
  version: Version,
  lines: z
    .array(z.object({ lineId: Id, plannedDate: CivilDate }))
    .min(1)
    .max(200),
});

/** A change of a planned date after the plan went to the customer: approved internally, told to the customer. */
export const CreateDeliveryChangeRequest = z.object({
  version: Version,
  lineId: Id,
  newDate: CivilDate,
  reason: DeliveryChangeReason,
  reasonNote: optText(1000),
  approverId: Id.describe('the manager / GM / VP who agreed the change internally'),
  channel: Channel.describe('how the customer was told'),
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  toldCustomerAt: IsoDateTime,
  message: z.string().trim().min(1).max(4000).describe('what the customer was told'),
});
export const AcknowledgeDeliveryChangeRequest = z.object({
  version: Version.describe("the change's version"),
  acknowledgedAt: IsoDateTime,
  channel: Channel,
  content: z.string().trim().min(1).max(4000).describe("the customer's acknowledgement"),
});

/** Quantities shipped per line (partial shipments allowed, never more than ordered). */
export const RecordShipmentRequest = z.object({
  version: Version,
  shippedAt: IsoDateTime,
  lines: z
    .array(z.object({ lineId: Id, quantity: z.int().positive().max(1_000_000_000) }))
    .min(1)
    .max(200),
  note: optText(1000),
});

export const OrderListQuery = PageQuery.extend({
  partyId: Id.optional(),
  status: z.string().max(60).optional().describe('procedure step, e.g. intake, contract-review'),
  type: OrderType.optional(),
  q: z.string().trim().max(100).optional().describe('order number, customer PO, model or customer'),
  includeVoided: z.enum(['true', 'false']).optional(),
});
export const OrderList = paged(OrderSummary);
