import { z } from 'zod';

export const Id = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Version = z.int().positive().describe('Optimistic-concurrency version; send back the one you read');

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.int(), page: z.int(), pageSize: z.int() });
}

export const Localized = z.object({ zh: z.string(), en: z.string() });

/** A reference to any record: the record-types registry resolves it. */
export const RecordRef = z.object({
  type: z.string().min(1).max(40),
  id: z.string().min(1).max(80),
});
export type TRecordRef = z.infer<typeof RecordRef>;

export const ProblemFieldError = z.object({ path: z.string(), code: z.string(), message: z.string() });
/** RFC 9457 problem details with our stable code. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(ProblemFieldError).optional(),
});
export type TProblem = z.infer<typeof Problem>;

export const Ok = z.object({ ok: z.literal(true) });

export const VoidRequest = z.object({
  version: Version,
  reason: z.string().trim().min(2).max(500).describe('作废原因 reason for voiding'),
});
