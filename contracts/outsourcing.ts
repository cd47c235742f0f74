import { z } from 'zod';
import { Id, IsoDateTime, Version, optText } from './common.js';
import { IsoDate } from './actions.js';

/**
 * Outsourcing (外包加工) [CR 5.4.2]: when a line is made outside, Shipping fills a cutting sheet
 * (裁剪单) from the order and the material situation, agrees the delivery date with a vendor on the
 * qualified vendor list (外包加工商清单), has it approved by the VP, confirmed by the customer, sends it
 * to the vendor and follows the vendor's delivery.
 */
export const vendorStatuses = ['qualified', 'conditional', 'suspended'] as const;
export const VendorStatus = z.enum(vendorStatuses).describe('合格 qualified / 有条件合格 conditional / 暂停 suspended');

export const Vendor = z.object({
  id: Id,
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  status: VendorStatus,
  scope: z.string().nullable().describe('加工范围 processes the vendor is qualified for'),
  notes: z.string().nullable(),
  lastEvaluation: z.object({ total: z.int(), result: VendorStatus, periodTo: IsoDate }).nullable().optional(),
  evaluationDue: z.boolean().optional().describe('no evaluation, or the last one is older than 12 months'),
  version: Version,
  updatedAt: IsoDateTime,
});
export type TVendor = z.infer<typeof Vendor>;

const vendorFields = {
  code: z.string().trim().min(1).max(30),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: optText(100),
  status: VendorStatus.default('qualified'),
  scope: optText(500),
  notes: optText(1000),
};
export const CreateVendorRequest = z.object(vendorFields);
export const UpdateVendorRequest = z.object({
  version: Version,
  reason: z.string().trim().min(1).max(500).describe('why the list changes (audited)'),
  ...vendorFields,
});
export const VendorListQuery = z.object({
  status: VendorStatus.optional(),
  includeVoided: z.enum(['true', 'false']).optional(),
});
export const VendorList = z.object({ items: z.array(Vendor) });

// ---- periodic vendor evaluation [CR 5.4.3] ----------------------------------------------------------
/** Weights of the total and the thresholds of the result: data, shown beside the form. */
export const VENDOR_EVALUATION = { weights: { quality: 40, delivery: 40, cooperation: 20 }, qualified: 80, conditional: 60, validMonths: 12 } as const;
const Score = z.int().min(0).max(100);
export const VendorEvaluation = z.object({
  id: Id,
  vendorId: Id,
  periodFrom: IsoDate,
  periodTo: IsoDate,
  quality: Score.describe('品质 0–100'),
  delivery: Score.describe('交期 0–100'),
  cooperation: Score.describe('配合度 0–100'),
  total: Score.describe('weighted: quality 40 %, delivery 40 %, cooperation 20 %'),
  result: VendorStatus.describe('≥ 80 qualified, ≥ 60 conditional, else suspended'),
  sheets: z.int().describe('cutting sheets received in the period'),
  sheetsOnTime: z.int(),
  comments: z.string().nullable(),
  evaluatedByName: z.string().nullable(),
  evaluatedAt: IsoDateTime,
});
export type TVendorEvaluation = z.infer<typeof VendorEvaluation>;
export const VendorEvaluationList = z.object({
  items: z.array(VendorEvaluation),
  /** the next evaluation is due 12 months after the last period (or now, when never evaluated) */
  nextDue: IsoDate.nullable(),
});
export const EvaluationFactsQuery = z.object({ from: IsoDate, to: IsoDate });
export const EvaluationFacts = z.object({
  sheets: z.int(),
  sheetsOnTime: z.int(),
  suggestedDelivery: Score.nullable().describe('on-time share × 100; null without received sheets'),
});
export const CreateVendorEvaluationRequest = z.object({
  version: Version.describe("the vendor's version: the result changes its status"),
  periodFrom: IsoDate,
  periodTo: IsoDate,
  quality: Score,
  delivery: Score,
  cooperation: Score,
  comments: optText(2000),
});

export const CuttingSheet = z.object({
  id: Id,
  number: z.string().describe('CT-<year>-n (裁剪单; CS- is a customer survey)'),
  orderId: Id,
  orderNumber: z.string(),
  partyId: Id,
  partyName: z.string(),
  lineId: Id,
  lineNo: z.number().int(),
  model: z.string(),
  spec: z.string().nullable(),
  vendorId: Id,
  vendorCode: z.string(),
  vendorName: z.string(),
  vendorStatus: VendorStatus,
  quantity: z.number().int(),
  unit: z.string(),
  material: z.string().describe('材料'),
  cuttingSpec: z.string().describe('裁剪要求 cutting / processing specification'),
  requiredDate: IsoDate.describe('需要到货日期 date we need the goods'),
  vendorDeliveryDate: IsoDate.nullable().describe('外包商确认交期'),
  vendorConfirmedAt: IsoDateTime.nullable(),
  vendorConfirmationNote: z.string().nullable(),
  notes: z.string().nullable(),
  receivedQuantity: z.number().int().nullable(),
  receivedAt: IsoDateTime.nullable(),
  receivedNote: z.string().nullable(),
  state: z.string().nullable().describe('step of the cutting-sheet procedure'),
  status: z.enum(['open', 'closed']).nullable(),
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  version: Version,
});
export type TCuttingSheet = z.infer<typeof CuttingSheet>;
export const CuttingSheetList = z.object({ items: z.array(CuttingSheet) });
export const CuttingSheetListQuery = z.object({
  orderId: Id.optional(),
  vendorId: Id.optional(),
  open: z.enum(['true', 'false']).optional(),
});

const positiveQty = z.number().int().min(1).max(100_000_000);
export const CreateCuttingSheetRequest = z.object({
  lineId: Id.describe('the outsourced order line'),
  vendorId: Id.describe('a vendor on the qualified vendor list'),
  quantity: positiveQty,
  material: z.string().trim().min(1).max(500),
  cuttingSpec: z.string().trim().min(1).max(4000),
  requiredDate: IsoDate,
  notes: optText(2000),
});
export const UpdateCuttingSheetRequest = CreateCuttingSheetRequest.omit({ lineId: true }).extend({ version: Version, reason: optText(500) });
export const ConfirmVendorDeliveryRequest = z.object({
  version: Version,
  vendorDeliveryDate: IsoDate.describe('the date the vendor confirms'),
  note: z.string().trim().min(1).max(1000).describe('who at the vendor confirmed, how'),
});
export const RecordVendorReceiptRequest = z.object({
  version: Version,
  receivedQuantity: positiveQty,
  receivedAt: IsoDateTime.optional(),
  note: optText(1000),
});
