import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

/** 客户价值分层规则: crm/segmentation.yaml (data, read at each refresh). */
const bounds = z
  .array(z.number().nonnegative())
  .length(4)
  .refine((b) => b.every((x, i) => i === 0 || x > b[i - 1]!), 'bounds must increase');
export const SegmentRules = z
  .object({
    version: z.int().positive(),
    periodMonths: z.int().min(1).max(60),
    currency: z.string().regex(/^[A-Z]{3}$/),
    abc: z.object({ a: z.number().gt(0).lt(1), b: z.number().gt(0).lte(1) }),
    rfm: z.object({
      /** days since the last order; fewer is better, so these bounds decrease */
      recencyDays: z
        .array(z.int().nonnegative())
        .length(4)
        .refine((b) => b.every((x, i) => i === 0 || x < b[i - 1]!), 'recency bounds must decrease'),
      frequency: bounds,
      monetaryShare: bounds,
    }),
    highValue: z.object({ rfmTotalAtLeast: z.int().min(3).max(15) }),
    cadenceDays: z.object({ A: z.int().min(1), B: z.int().min(1), C: z.int().min(1), none: z.int().min(1) }),
  })
  .strict()
  .refine((r) => r.abc.a < r.abc.b, { path: ['abc', 'b'], message: 'b must be above a' });
export type TSegmentRules = z.infer<typeof SegmentRules>;

export const abcClasses = ['A', 'B', 'C'] as const;
export const AbcClass = z.enum(abcClasses).describe('ABC 分类（按收入累计占比）');

/** A customer's stored segment (refreshed on demand and nightly; `computedAt` says when). Revenue only with prices.read. */
export const CustomerSegment = z.object({
  partyId: Id,
  abcClass: AbcClass.nullable(),
  recencyScore: z.int().min(1).max(5).nullable(),
  frequencyScore: z.int().min(1).max(5).nullable(),
  monetaryScore: z.int().min(1).max(5).nullable(),
  rfm: z.string().nullable().describe('R-F-M scores, e.g. "545"'),
  highValue: z.boolean(),
  orderCount: z.int(),
  lastOrderDate: z.string().nullable(),
  /** price-confidential: stripped without prices.read (contracts/sensitive.ts) */
  revenue: z.string().nullable().optional(),
  currency: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  /** the cadence this segment gives a customer without one of its own */
  segmentCadenceDays: z.int(),
  /** the customer's own cadence if set, else the segment's */
  effectiveCadenceDays: z.int(),
  rulesVersion: z.int(),
  computedAt: IsoDateTime,
});
export type TCustomerSegment = z.infer<typeof CustomerSegment>;

export const CustomerSegmentAnswer = z.object({ segment: CustomerSegment.nullable() });

export const RefreshSegmentsResult = z.object({
  computedAt: IsoDateTime,
  periodFrom: z.string(),
  periodTo: z.string(),
  customers: z.int(),
  counts: z.object({ A: z.int(), B: z.int(), C: z.int(), none: z.int(), highValue: z.int() }),
});

export const RefreshSegmentsRequest = z
  .object({
    /** the refresh's day (the period ends on it); default: today at the site */
    asOf: z.iso.date().optional(),
  })
  .strict();
