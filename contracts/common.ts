import { z } from 'zod';

/**
 * Text the database can keep as it was sent: no NUL character (PostgreSQL text cannot hold U+0000) and no lone
 * UTF-16 surrogate (half a character; it cannot be encoded as UTF-8 and would be stored mangled or refused).
 */
const invalidText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export function isWellFormedText(value: string): boolean {
  return !invalidText.test(value);
}

/**
 * The dotted path (`body.lines.0.note`) of the first string or object key under `value` that is not well-formed
 * text, or null. Walks iteratively, so a deeply nested body cannot exhaust the stack.
 */
export function findInvalidText(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isWellFormedText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (!isWellFormedText(key)) return `${path}.${key.replace(new RegExp(invalidText, 'g'), '\uFFFD')}`;
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/**
 * The shared text type: a string refusing NUL and lone surrogates. Contracts build their text fields on it; the
 * server's text guard (server/platform/http/text-guard.ts) applies the same check to every request's body, query and
 * path parameters before validation, so a route whose contract still says `z.string()` is covered as well.
 */
export function Text() {
  return z.string().refine(isWellFormedText, { error: 'invalid text (NUL or lone surrogate)', abort: true });
}

/** Optional free text: the shared text type, trimmed, at most `max` characters; empty becomes null. */
export const optText = (max: number) =>
  Text()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

export const Id = z.uuid();
/** `/…/:id` of a record */
export const IdParams = z.object({ id: Id });
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Version = z.int().positive().describe('Optimistic-concurrency version; send back the one you read');

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.int(),
    /** large lists count only so far (server/platform/db/paging.ts): true when more rows match than `total` */
    totalCapped: z.boolean().optional().describe('true when more rows match than counted: total is then a lower bound (shown as "10,000+")'),
    page: z.int(),
    pageSize: z.int(),
  });
}

export const Localized = z.object({ zh: Text(), en: Text() });

/** A reference to any record: the record-types registry resolves it. */
export const RecordRef = z.object({
  type: Text().min(1).max(40),
  id: Text().min(1).max(80),
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
  reason: Text().trim().min(2).max(500).describe('作废原因 reason for voiding'),
});
