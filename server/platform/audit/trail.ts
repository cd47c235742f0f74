import type { z } from 'zod';
import type { Executor } from '../db/client.js';
import type { AuditTrailQuery } from '../../../contracts/platform.js';
import { selectAuditTrail } from './audit.repository.js';

/** One page of the audit trail as the audit page shows it (before/after redacted by the response hook or the export). */
export async function auditTrail(db: Executor, q: z.infer<typeof AuditTrailQuery>, withTotal = true) {
  const { page, pageSize, ...filter } = q;
  const { items, total } = await selectAuditTrail(db, filter, page, pageSize, withTotal);
  return {
    items: items.map(({ refType, refId, ...e }) => ({
      ...e,
      ref: { type: refType, id: refId },
      id: String(e.id),
      at: e.at.toISOString(),
      actorName: e.actorName ?? null,
    })),
    total,
    page,
    pageSize,
  };
}
