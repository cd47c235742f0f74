import { z } from 'zod';
import { Id, IsoDateTime, Text, Version, optText } from './common.js';
import { IsoDate } from './actions.js';
import { Channel } from './parties.js';

/**
 * After-sales service [CS 2.5–2.6, service standards 5–6; SV 3.1]: a customer's service request (售后服务申请单) —
 * repair, technical support, installation/commissioning, return or refund — received through a communication,
 * assessed against the warranty rules (保修条款: months per product, overridable per customer), performed, confirmed
 * by the customer and closed on procedures/service-request. Charges and refund amounts are prices (`price`,
 * `totalAmount`: stripped without prices.read).
 */
const text = (max: number) => Text().trim().min(1).max(max);
const optId = Id.nullable()
  .optional()
  .transform((v) => v ?? null);
const optDate = IsoDate.nullable()
  .optional()
  .transform((v) => v ?? null);
const Ref = z.object({ id: Id, number: z.string() });

export const serviceKinds = ['repair', 'technical-support', 'installation', 'return', 'refund'] as const;
export const ServiceKind = z.enum(serviceKinds).describe('维修 / 技术支持 / 安装调试 / 退货 / 退款');
export const chargeDecisions = ['free', 'chargeable'] as const;
export const ChargeDecision = z.enum(chargeDecisions).describe('免费（保修内） / 收费');
export const warrantyBases = ['shipment', 'delivery'] as const;
export const WarrantyBasis = z.enum(warrantyBases).describe('自出货日 / 自交付日起算');
export const serviceStates = ['received', 'assessment', 'approval', 'service', 'return-handling', 'customer-confirmation', 'closed', 'cancelled'] as const;

/** The communication a step went through: one already logged, or a new one written now. */
export const ServiceCommunicationDraft = z.object({
  channel: Channel,
  contactId: optId,
  subject: text(200),
  content: text(20000),
});

/** The warranty of the item as computed now: the rule that applies, the start (shipment or delivery) and end. */
export const Warranty = z.object({
  status: z.enum(['in', 'out', 'unknown']).describe('保修期内 / 保修期外 / 无法判断（无规则或无起算日）'),
  months: z.int().nullable(),
  basis: WarrantyBasis.nullable(),
  startsOn: IsoDate.nullable().describe('起算日：出货日（关联订单行时）或录入的交付日'),
  startFrom: z.enum(['shipment', 'delivery']).nullable().describe('the date came from the shipment or the entered delivery date'),
  endsOn: IsoDate.nullable(),
  checkedOn: IsoDate.describe('the date compared: the day the request was received'),
  rule: z.object({ id: Id, scope: z.enum(['customer-product', 'customer', 'product', 'default']), revision: z.int() }).nullable(),
  charge: ChargeDecision.nullable().describe('what the warranty implies: free within it, chargeable outside'),
});
export type TWarranty = z.infer<typeof Warranty>;

export const OrderLineRef = z.object({ orderId: Id, orderNumber: z.string(), lineId: Id, lineNo: z.int() });

export const ServiceRequest = z.object({
  id: Id,
  number: z.string().describe('SR-2026-0001'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  kind: ServiceKind,
  model: z.string(),
  serialNo: z.string().nullable(),
  lotNo: z.string().nullable(),
  orderLine: OrderLineRef.nullable(),
  shipmentId: Id.nullable(),
  deliveredOn: IsoDate.nullable().describe('交付日（未关联订单行时录入）'),
  quantity: z.int().nullable(),
  description: z.string(),
  receivedAt: IsoDateTime,
  channel: Channel.nullable().describe('the channel of the communication that reported it'),
  receivedThrough: Ref.nullable(),
  warranty: Warranty,
  chargeDecision: ChargeDecision.nullable(),
  decisionReason: z.string().nullable(),
  plannedAction: z.string().nullable(),
  price: z.string().nullable().optional().describe('service charge (prices.read)'),
  assessedByName: z.string().nullable(),
  assessedAt: IsoDateTime.nullable(),
  workReport: z.string().nullable(),
  workDoneOn: IsoDate.nullable(),
  returnQuantity: z.int().nullable(),
  totalAmount: z.string().nullable().optional().describe('refund amount (prices.read)'),
  creditNote: z.string().nullable(),
  confirmedOn: IsoDate.nullable(),
  confirmedByContactName: z.string().nullable(),
  confirmationNote: z.string().nullable(),
  confirmationCommunication: Ref.nullable(),
  state: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  stepDue: IsoDateTime.nullable(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type TServiceRequest = z.infer<typeof ServiceRequest>;
export const ServiceRequestList = z.object({ items: z.array(ServiceRequest) });
export const ServiceRequestQuery = z.object({
  partyId: Id.optional(),
  kind: ServiceKind.optional(),
  state: z.enum(serviceStates).optional(),
  q: Text().trim().max(100).optional(),
});

const requestFields = {
  contactId: optId,
  kind: ServiceKind,
  model: text(100),
  serialNo: optText(100),
  lotNo: optText(100),
  orderLineId: optId.describe('the order line the item was delivered on (its shipment dates the warranty)'),
  shipmentId: optId.describe('the shipment of that line, when known'),
  deliveredOn: optDate.describe('the delivery date when no order line is linked'),
  quantity: z
    .int()
    .positive()
    .max(10_000_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  description: text(10000),
};
export const CreateServiceRequest = z.object({
  partyId: Id,
  ...requestFields,
  receivedAt: IsoDateTime.optional(),
  communicationId: optId.describe('the customer message already logged that reported it'),
  communication: ServiceCommunicationDraft.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('or log it now (incoming)'),
});
export const UpdateServiceRequest = z.object({ version: Version, ...requestFields });

/** The assessment: free or chargeable (an out-of-warranty or contrary decision needs its reason), the action decided. */
export const AssessServiceRequest = z.object({
  version: Version,
  chargeDecision: ChargeDecision,
  decisionReason: optText(4000),
  plannedAction: text(4000),
  price: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
/** The work done (repair, support, installation) or the return received / refund made. */
export const ServiceWorkRequest = z.object({
  version: Version,
  workReport: text(10000),
  workDoneOn: IsoDate,
  returnQuantity: z
    .int()
    .positive()
    .max(10_000_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  totalAmount: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  creditNote: optText(200),
});
/** The customer's confirmation that the service is done, with the message that brought it; closes the request. */
export const ServiceConfirmationRequest = z.object({
  version: Version,
  confirmedOn: IsoDate,
  confirmedByContactId: optId,
  note: optText(4000),
  communicationId: optId,
  communication: ServiceCommunicationDraft.nullable()
    .optional()
    .transform((v) => v ?? null),
});

// ---- warranty rules (保修条款) -------------------------------------------------------------------
export const WarrantyRule = z.object({
  id: Id,
  partyId: Id.nullable().describe('a customer-specific agreement; null = every customer'),
  partyCode: z.string().nullable(),
  partyName: z.string().nullable(),
  model: z.string().nullable().describe('the product model; null = every product'),
  months: z.int(),
  basis: WarrantyBasis,
  revision: z.int(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  current: z.boolean().describe('false: superseded by a later revision or retired'),
  retired: z.boolean(),
  createdByName: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type TWarrantyRule = z.infer<typeof WarrantyRule>;
export const WarrantyRuleList = z.object({ items: z.array(WarrantyRule) });
export const WarrantyRuleQuery = z.object({
  partyId: Id.optional(),
  history: z.enum(['true', 'false']).optional().describe('every revision, not only the current ones'),
});
export const SaveWarrantyRuleRequest = z.object({
  partyId: optId,
  model: optText(100),
  months: z.int().min(0).max(240),
  basis: WarrantyBasis,
  note: optText(2000),
  reason: optText(1000).describe('why it changed (required when it replaces a rule)'),
});
export const RetireWarrantyRuleRequest = z.object({ reason: text(1000) });
export const WarrantyCheckQuery = z.object({
  partyId: Id,
  model: Text().trim().min(1).max(100),
  orderLineId: Id.optional(),
  shipmentId: Id.optional(),
  deliveredOn: IsoDate.optional(),
  on: IsoDate.optional(),
});
