import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, RecordRef, Text, paged } from './common.js';

export const Health = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });

/** The company using Accord: its name heads print forms and letters (COMPANY_NAME_ZH / COMPANY_NAME_EN). */
export const Organisation = z.object({ name: z.object({ zh: z.string(), en: z.string() }) });

export const AuditEntry = z.object({
  id: z.string(),
  /** the record this entry is about (a customer's history also lists its contacts') */
  ref: RecordRef,
  at: IsoDateTime,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
});
/** The audit trail page (审计记录): the whole trail, newest first, filtered; the same filters export it. */
export const AuditTrailQuery = PageQuery.extend({
  refType: Text().min(1).max(40).optional().describe('record type, e.g. order'),
  refId: Text().min(1).max(80).optional(),
  action: Text().min(1).max(60).optional().describe('e.g. create, update, import, export'),
  actorId: Id.optional(),
  from: z.iso.date().optional().describe('from this day (YYYY-MM-DD, UTC), inclusive'),
  to: z.iso.date().optional().describe('to this day (YYYY-MM-DD, UTC), inclusive'),
});
export const AuditTrail = paged(AuditEntry);

/** GET /api/audit/verify: the audit chain recomputed from its start; the first broken row, if any. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }),
  pending: z.number().int().describe('rows written in the last minutes, not sealed yet'),
  problem: z
    .object({
      kind: z.enum(['changed', 'missing', 'broken-link', 'unsealed', 'head-mismatch']),
      id: z.number().int().nullable(),
      seq: z.number().int().nullable(),
      at: IsoDateTime.nullable(),
      refType: z.string().nullable(),
      refId: z.string().nullable(),
    })
    .nullable(),
});

export const History = z.object({ ref: RecordRef, entries: z.array(AuditEntry) });
export const HistoryParams = z.object({ type: z.string().min(1).max(40), id: z.string().min(1).max(80) });

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  types: z.string().max(200).optional().describe('comma-separated record types'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const SearchHit = z.object({
  ref: RecordRef,
  title: z.string(),
  snippet: z.string(),
  partyId: z.string().nullable(),
  at: IsoDateTime,
  url: z.string(),
});
export const SearchResult = z.object({ query: z.string(), hits: z.array(SearchHit) });

export const TimelineEntry = z.object({
  ref: RecordRef,
  at: IsoDateTime,
  kind: z.string(),
  title: z.string(),
  summary: z.string(),
  actorName: z.string().nullable(),
  url: z.string(),
});
export const Timeline = z.object({
  items: z.array(TimelineEntry),
  /** pass as `before` for the next (older) page; null on the last page */
  nextCursor: z.string().nullable(),
});
export const TimelineQuery = z.object({
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_\d+$/)
    .optional()
    .describe('cursor from the previous page (nextCursor): items older than it'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('items per page (newest first)'),
});
