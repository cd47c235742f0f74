import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';

/** Records retention (ISO 9001 7.5.3.2): how long each kind of record is kept, legal holds, approved disposal. */
const Line = (min: number, max: number) => Text().trim().min(min).max(max);

export const RetentionRule = z.object({
  recordType: z.string(),
  keepYears: z.int().nullable().describe('null: no rule yet — such records are kept'),
  countedFrom: z.enum(['closed', 'created']),
  basis: z.string().nullable().describe('why this long: the company’s records procedure, a customer requirement, the part’s life + 1 year…'),
  version: z.int().min(0),
});
export const RetentionRules = z.object({ items: z.array(RetentionRule) });
export const RuleParams = z.object({ type: z.string().min(1).max(40) });
export const UpdateRuleRequest = z.object({
  keepYears: z.int().min(1).max(100),
  countedFrom: z.enum(['closed', 'created']),
  basis: Line(1, 300),
  version: z.int().min(0),
});

export const LegalHold = z.object({
  id: Id,
  refType: z.string(),
  refId: z.string(),
  reason: z.string(),
  placedAt: IsoDateTime,
  releasedAt: IsoDateTime.nullable(),
  releaseReason: z.string().nullable(),
});
export const LegalHoldList = z.object({ items: z.array(LegalHold.extend({ title: z.string() })) });
export const PlaceHoldRequest = z.object({
  refType: z.string().min(1).max(40).describe('customer, or a record type'),
  refId: Line(1, 60),
  reason: Line(1, 500),
});
export const ReleaseHoldRequest = z.object({ reason: Line(1, 500) });

export const DueRecord = z.object({
  refType: z.string(),
  refId: z.string(),
  title: z.string(),
  partyId: z.string().nullable(),
  since: IsoDateTime,
  keepYears: z.int(),
});
export const DueRecords = z.object({ items: z.array(DueRecord) });

export const DisposalBatch = z.object({
  id: Id,
  number: z.string(),
  status: z.enum(['proposed', 'disposed', 'rejected']),
  items: z.array(z.object({ refType: z.string(), refId: z.string(), title: z.string(), partyId: z.string().nullable(), since: z.string() })),
  proposedBy: Id,
  proposedAt: IsoDateTime,
  decidedBy: Id.nullable(),
  decidedAt: IsoDateTime.nullable(),
  decisionReason: z.string().nullable(),
  version: z.int(),
});
export const DisposalBatches = z.object({ items: z.array(DisposalBatch) });
export const ProposeDisposalRequest = z.object({
  items: z
    .array(z.object({ refType: z.string().min(1).max(40), refId: Line(1, 60) }))
    .max(1000)
    .optional(),
});
export const DecideDisposalRequest = z.object({ version: z.int().positive() });
export const RejectDisposalRequest = z.object({ version: z.int().positive(), reason: Line(1, 500) });

export const Tombstone = z.object({
  refType: z.string(),
  refId: z.string(),
  title: z.string(),
  since: IsoDateTime,
  disposedAt: IsoDateTime,
  batchId: Id,
  rule: z.object({ keepYears: z.int(), countedFrom: z.string(), basis: z.string() }),
});
export const Tombstones = z.object({ items: z.array(Tombstone) });
