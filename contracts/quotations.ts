import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, Version, paged, optText } from './common.js';
import { Channel } from './parties.js';

/**
 * Quotations (报价) [SP 6.2]. Prices, discounts and costs use the reserved names of
 * contracts/sensitive.ts (`unitPrice`, `price`, `discount`, `cost`, `lineAmount`, `totalAmount`),
 * so the server strips them for anyone without prices.read — in records, lists, history and search.
 */
export const CivilDate = z.iso.date().describe('YYYY-MM-DD (site calendar day)');
export const quotationResults = ['accepted', 'rejected', 'expired', 'superseded', 'cancelled'] as const;
export const QuotationResult = z.enum(quotationResults).describe('报价结果: 接受/拒绝/过期/被新版本取代/取消');

export const QuantityBreak = z.object({
  minQuantity: z.int().describe('from this quantity on'),
  // confidential: stripped unless prices.read
  unitPrice: z.number().nullable().optional(),
});

export const QuotationLine = z.object({
  id: Id,
  lineNo: z.int(),
  productId: Id.nullable().describe('the catalogue product, when the model is in it'),
  model: z.string().describe('型号 (catalogue or free text)'),
  description: z.string().nullable().describe('规格/描述'),
  quantity: z.int().nullable().describe('报价数量'),
  unit: z.string(),
  // confidential: stripped unless prices.read
  unitPrice: z.number().nullable().optional(),
  breaks: z.array(QuantityBreak).describe('阶梯价'),
  discount: z.number().nullable().optional().describe('折扣 %'),
  cost: z.number().nullable().optional().describe('成本'),
  lineAmount: z.number().nullable().optional(),
  executed: z
    .object({ quotationId: Id, number: z.string(), price: z.number().nullable().optional() })
    .nullable()
    .describe('the executed (accepted) price of this model for the customer'),
  priceChanged: z.boolean().describe('the price differs from the executed one: GM approval with a reason'),
});
export type TQuotationLine = z.infer<typeof QuotationLine>;

export const FollowUp = z.object({
  id: Id,
  followedAt: IsoDateTime,
  dueDate: CivilDate.nullable().describe('the follow-up due date this answered'),
  onTime: z.boolean(),
  channel: Channel,
  content: z.string(),
  result: z.string(),
  communicationId: Id,
  byName: z.string().nullable(),
});

const header = {
  id: Id,
  number: z.string().describe('报价单号 QT-YYYY-NNNN'),
  revision: z.int().describe('版本 1, 2…'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  customerAccepted: z.boolean().describe('the GM has accepted the customer'),
  issueDate: CivilDate,
  validUntil: CivilDate,
  currency: z.string(),
  /** procedure step (`quotation` procedure) */
  status: z.string().nullable(),
  closed: z.boolean(),
  result: QuotationResult.nullable(),
  salespersonId: Id,
  salespersonName: z.string().nullable(),
  requestAt: IsoDateTime.describe('when the request (drawings, samples, enquiry) arrived'),
  sentAt: IsoDateTime.nullable(),
  followUpDue: CivilDate.nullable().describe('next follow-up due (working day)'),
  followUpCount: z.int(),
  ageDays: z.int().describe('calendar days since the request'),
  orderId: Id.nullable(),
  voided: z.boolean(),
  version: Version,
  createdAt: IsoDateTime,
};

export const QuotationSummary = z.object({ ...header, lineCount: z.int(), totalAmount: z.number().nullable().optional() });

export const Quotation = z.object({
  ...header,
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  requestCommunicationId: Id.nullable(),
  requestNumber: z.string().nullable(),
  terms: z.string().nullable().describe('付款/交货/包装条件'),
  notes: z.string().nullable(),
  priceChangeReason: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: IsoDateTime.nullable(),
  sentCommunicationId: Id.nullable(),
  resultReason: z.string().nullable(),
  resultAt: IsoDateTime.nullable(),
  previousId: Id.nullable(),
  revisions: z.array(z.object({ id: Id, revision: z.int(), status: z.string().nullable(), result: QuotationResult.nullable(), createdAt: IsoDateTime })),
  lines: z.array(QuotationLine),
  totalAmount: z.number().nullable().optional(),
  followUps: z.array(FollowUp),
  orderNumber: z.string().nullable(),
  preparedById: Id,
  createdByName: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type TQuotation = z.infer<typeof Quotation>;

const Price = z.number().positive().max(1_000_000_000).describe('> 0');

export const QuotationLineInput = z.object({
  id: Id.optional().describe('on update: the line being changed; lines left out are voided'),
  model: z.string().trim().min(1).max(60),
  description: optText(500),
  quantity: z
    .int()
    .positive()
    .max(1_000_000_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  unit: z.string().trim().min(1).max(12).default('pcs'),
  unitPrice: Price.optional().describe('required on a new line; a user without prices.read leaves it out to keep the price'),
  breaks: z
    .array(z.object({ minQuantity: z.int().positive().max(1_000_000_000), unitPrice: Price.optional().describe('required') }))
    .max(10)
    .optional(),
  discount: z.number().min(0).max(100).nullable().optional(),
  cost: z.number().positive().max(1_000_000_000).nullable().optional(),
});

const quotationFields = {
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  issueDate: CivilDate.describe('报价日期'),
  validUntil: CivilDate.describe('有效期至 (not before the issue date)'),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/)
    .default('CNY'),
  terms: optText(4000),
  notes: optText(4000),
  priceChangeReason: optText(1000).describe('why a price differs from the executed one (approved by the GM)'),
  lines: z.array(QuotationLineInput).min(1).max(100),
};
export const CreateQuotationRequest = z.object({
  partyId: Id,
  requestCommunicationId: Id.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('the communication (drawings, sample request, enquiry) that triggered the quote'),
  requestAt: IsoDateTime.optional().describe('when the request arrived; defaults to the communication time, else now'),
  salespersonId: Id.optional().describe('defaults to the signed-in user'),
  ...quotationFields,
});
export const UpdateQuotationRequest = z.object({ version: Version, ...quotationFields });

export const ReviseQuotationRequest = z.object({ version: Version, reason: z.string().trim().min(2).max(1000).describe('why the sent quote changes') });

export const RecordFollowUpRequest = z.object({
  version: Version,
  channel: Channel,
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  followedAt: IsoDateTime,
  content: z.string().trim().min(1).max(4000).describe('what was said'),
  result: z.string().trim().min(1).max(2000).describe("the customer's answer / next step"),
});

export const CreateOrderFromQuotationRequest = z.object({
  version: Version,
  customerPo: z.string().trim().min(1).max(60),
  orderDate: CivilDate,
  receivedAt: IsoDateTime,
  requestedDate: CivilDate.describe('requested delivery date for every line'),
  quantities: z.array(z.int().positive().max(1_000_000_000)).optional().describe('per line; defaults to the quoted quantity'),
});

export const QuotationListQuery = PageQuery.extend({
  partyId: Id.optional(),
  status: z.string().max(60).optional().describe('procedure step, e.g. draft, approval, sent'),
  result: QuotationResult.optional(),
  followUpDue: z.enum(['true', 'false']).optional().describe('only quotes with a follow-up due today or earlier'),
  q: z.string().trim().max(100).optional(),
});
export const QuotationList = paged(QuotationSummary);

export const PriceHistoryQuery = z.object({ partyId: Id, model: z.string().trim().min(1).max(60) });
export const PriceHistory = z.object({
  items: z.array(
    z.object({
      quotationId: Id,
      number: z.string(),
      revision: z.int(),
      issueDate: CivilDate,
      validUntil: CivilDate,
      status: z.string().nullable(),
      result: QuotationResult.nullable(),
      currency: z.string(),
      unitPrice: z.number().nullable().optional(),
      priceChangeReason: z.string().nullable(),
      approvedByName: z.string().nullable(),
      approvedAt: IsoDateTime.nullable(),
    }),
  ),
});

export const PriceCheckQuery = z.object({
  partyId: Id,
  model: z.string().trim().min(1).max(60),
  quantity: z.coerce.number().int().positive().optional(),
  unitPrice: z.coerce.number().nonnegative().optional().describe('the order line price; without it only the quoted price is given'),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/)
    .default('CNY'),
});
export const PriceCheck = z.object({
  quotation: z
    .object({ id: Id, number: z.string(), revision: z.int(), validUntil: CivilDate })
    .nullable()
    .describe('the quote the price comes from (accepted first, else sent/approved within validity)'),
  price: z.number().nullable().optional().describe('the quoted unit price for the quantity'),
  differs: z.boolean().nullable().describe('null when there is no quote or no price to compare'),
});

/** Every line of an order against the valid quote: the flag the order's review shows (Finance signs it) [SP 6.2.5]. */
export const OrderPriceCheck = z.object({
  items: z.array(
    z.object({
      lineId: Id,
      lineNo: z.int(),
      model: z.string(),
      quotation: z.object({ id: Id, number: z.string(), revision: z.int(), validUntil: CivilDate }).nullable(),
      price: z.number().nullable().optional().describe('the quoted unit price for the line quantity'),
      differs: z.boolean().nullable().describe('null when there is no quote or the line has no price'),
    }),
  ),
});

export const QuotationKpiQuery = z.object({ from: CivilDate, to: CivilDate });
export const QuotationKpis = z.object({
  followUpCompliance: z.object({ due: z.int(), onTime: z.int(), rate: z.number().nullable() }),
  conversion: z.object({ sent: z.int(), accepted: z.int(), ordered: z.int(), rate: z.number().nullable() }),
  timeToQuote: z.object({ count: z.int(), averageHours: z.number().nullable(), onTime: z.int() }),
});

/** Produce first, price later (先生产后报价) [SP 6.2.3]: open until the countersigned quote and the PO are both there. */
export const PricePending = z.object({
  id: Id,
  partyId: Id,
  partyName: z.string(),
  model: z.string(),
  description: z.string().nullable(),
  orderId: Id.nullable(),
  orderNumber: z.string().nullable(),
  startedOn: CivilDate,
  ageDays: z.int(),
  quotationId: Id.nullable(),
  quotationNumber: z.string().nullable(),
  customerPo: z.string().nullable(),
  poReceivedOn: CivilDate.nullable(),
  closed: z.boolean(),
  closedAt: IsoDateTime.nullable(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  version: Version,
});
export const PricePendingList = z.object({ items: z.array(PricePending) });
export const PricePendingQuery = z.object({ open: z.enum(['true', 'false']).optional(), partyId: Id.optional() });
export const CreatePricePendingRequest = z.object({
  partyId: Id,
  model: z.string().trim().min(1).max(60),
  description: optText(500),
  orderId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  startedOn: CivilDate,
  note: optText(2000),
});
export const ClosePricePendingRequest = z.object({
  version: Version,
  quotationId: Id.describe('the countersigned (accepted) quote'),
  customerPo: z.string().trim().min(1).max(60),
  poReceivedOn: CivilDate,
});
