import { z } from 'zod';
import { Id, IsoDateTime, Localized, optText, RecordRef, Text, Version } from './common.js';

/**
 * KPIs as data [design "Definitions as data"; IATF 9.1.2.1, ISO 9.1.3, 9.3]: `kpis/<id>/v<N>.yaml`, validated at
 * start-up by KpiDefinition plus cross-checks (the calculation is registered in code, the process is a procedure).
 * The file holds no code: `calculation` names a function of server/kpis/calculations.ts, `params` are plain values.
 */
const slug = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, { message: 'lower-case id: a–z, 0–9, -' });
const Loc = z.object({ zh: z.string().min(1), en: z.string().min(1) });

export const kpiUnits = ['percent', 'count', 'ppm', 'hours', 'days', 'score', 'amount'] as const;
export const KpiUnit = z.enum(kpiUnits);
export const kpiDirections = ['higher-better', 'lower-better'] as const;
export const KpiDirection = z.enum(kpiDirections);

export const KpiDefinition = z
  .object({
    id: slug,
    version: z.int().positive(),
    documentNo: z.string().min(1).max(40),
    name: Loc,
    /** how it is counted, for people (the formula by reference: `calculation` is its name in code) */
    description: Loc,
    calculation: slug,
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    unit: KpiUnit,
    direction: KpiDirection,
    target: z.number(),
    /** worse than target but not yet alarming: amber between warning and target, red beyond warning */
    warning: z.number(),
    owner: z.object({ department: slug, process: slug.optional() }),
    period: z.enum(['month']).default('month'),
    /** the value is money (prices.read to see it) */
    confidential: z.boolean().default(false),
    /** IATF 9.1.2.1 / ISO 9.3 input this KPI serves, for the management-review report */
    reviewInput: z
      .enum(['customer-satisfaction', 'delivered-quality', 'delivery', 'disruptions', 'process-performance', 'actions'])
      .default('process-performance'),
  })
  .strict();
export type TKpiDefinition = z.infer<typeof KpiDefinition>;

export const kpiEventTypes = [
  'premium-freight',
  'special-status',
  'quality-notification',
  'delivery-notification',
  'disruption',
  'field-return',
  'customer-rating',
] as const;
export const KpiEventType = z.enum(kpiEventTypes).describe('超额运费 / 客户特殊状态 / 质量或交付通知 / 客户生产中断 / 市场退货 / 客户对我司的评分');

// ---- values -------------------------------------------------------------------------------
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'YYYY-MM' });
export const KpiQuery = z.object({
  from: Month.describe('first month, YYYY-MM'),
  to: Month.describe('last month, YYYY-MM'),
  partyId: Id.optional(),
  grade: Text().trim().max(20).optional(),
  department: slug.optional(),
  process: slug.optional(),
});
export const KpiStatus = z.enum(['green', 'amber', 'red', 'none']);
export const KpiPoint = z.object({ month: Month, numerator: z.number(), denominator: z.number(), value: z.number().nullable(), status: KpiStatus });
export const KpiValue = z.object({
  id: z.string(),
  version: z.int(),
  documentNo: z.string(),
  name: Localized,
  description: Localized,
  calculation: z.string(),
  unit: KpiUnit,
  direction: KpiDirection,
  target: z.number(),
  warning: z.number(),
  targetOverridden: z.boolean(),
  owner: z.object({ department: z.string(), process: z.string().nullable() }),
  reviewInput: z.string(),
  /** null values: the value is money and the user may not see prices */
  hidden: z.boolean(),
  months: z.array(KpiPoint),
  total: KpiPoint.omit({ month: true }),
});
export type TKpiValue = z.infer<typeof KpiValue>;
export const KpiValues = z.object({ from: Month, to: Month, items: z.array(KpiValue) });

export const KpiRecordsQuery = KpiQuery.extend({ month: Month.optional(), failing: z.enum(['true', 'false']).optional() });
export const KpiRecord = z.object({
  ref: RecordRef,
  title: z.string(),
  url: z.string().nullable(),
  month: Month,
  partyName: z.string().nullable(),
  numerator: z.number(),
  denominator: z.number(),
  failing: z.boolean(),
  detail: z.string().nullable(),
});
export const KpiRecords = z.object({ kpi: KpiValue, items: z.array(KpiRecord), hiddenCount: z.int().describe('records counted that the user may not open') });

// ---- definitions and target history -------------------------------------------------------
export const KpiTargetChange = z.object({ target: z.number(), warning: z.number(), reason: z.string(), at: IsoDateTime, byName: z.string().nullable() });
export const KpiDefinitionView = z.object({ definition: KpiDefinition, versions: z.array(z.int()), targets: z.array(KpiTargetChange) });
export const KpiDefinitionList = z.object({ items: z.array(KpiDefinitionView) });
export const SetKpiTargetRequest = z.object({
  target: z.number().min(-1e12).max(1e12),
  warning: z.number().min(-1e12).max(1e12),
  reason: Text().trim().min(1).max(500),
});

// ---- events: premium freight, special status, notifications, disruptions, the customer's rating -------------
export const KpiEvent = z.object({
  id: Id,
  type: KpiEventType,
  partyId: Id,
  partyName: z.string(),
  occurredOn: z.iso.date(),
  cost: z.number().nullable().optional().describe('费用（需价格权限）'),
  score: z.number().nullable().describe('客户评分（customer-rating）'),
  cause: z.string().nullable(),
  note: z.string().nullable(),
  attachmentIds: z.array(Id),
  voided: z.boolean(),
  version: z.int(),
  createdAt: IsoDateTime,
});
export const KpiEventList = z.object({ items: z.array(KpiEvent) });
export const KpiEventQuery = z.object({ partyId: Id.optional(), type: KpiEventType.optional(), from: z.iso.date().optional(), to: z.iso.date().optional() });
export const CreateKpiEventRequest = z.object({
  type: KpiEventType,
  partyId: Id,
  occurredOn: z.iso.date(),
  cost: z.number().min(0).max(1e12).nullable().optional(),
  score: z.number().min(0).max(1000).nullable().optional(),
  cause: optText(2000),
  note: optText(2000),
  attachmentIds: z.array(Id).max(10).default([]),
});
export const UpdateKpiEventRequest = CreateKpiEventRequest.omit({ type: true, partyId: true }).extend({ version: Version });
export const VoidKpiEventRequest = z.object({ version: Version, reason: Text().trim().min(1).max(500) });

// ---- the customer scorecard ------------------------------------------------------------------
export const Scorecard = z.object({
  partyId: Id,
  from: Month,
  to: Month,
  items: z.array(KpiValue),
  /** the customer's own rating of us (their scorecard / portal), as entered */
  ratings: z.array(KpiEvent),
});

// ---- process landscape -----------------------------------------------------------------------
export const ProcessIndicator = z.object({
  kpiId: z.string(),
  name: Localized,
  unit: KpiUnit,
  target: z.number(),
  value: z.number().nullable(),
  status: KpiStatus,
  hidden: z.boolean(),
});
export const ProcessIndicators = z.object({ process: z.string(), from: Month, to: Month, items: z.array(ProcessIndicator) });
