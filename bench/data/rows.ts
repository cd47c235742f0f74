/** Row shapes shared by the generators: search rows built with the app's tokenizer, audit rows. */
import type { Executor } from '../../server/platform/db/client.js';
import { documentTokens } from '../../server/platform/search/tokenize.js';
import { bulkInsert, type Column } from '../lib/db.js';

export interface SearchDoc {
  refType: string;
  refId: string;
  partyId: string | null;
  permission: string;
  title: string;
  body: string;
  codes: string[];
  at: Date;
}

/** The row upsertSearchDocument writes: same token text, same columns. */
export function searchRow(doc: SearchDoc) {
  return {
    ref_type: doc.refType,
    ref_id: doc.refId,
    party_id: doc.partyId,
    permission: doc.permission,
    title: doc.title,
    body: doc.body,
    tokens: documentTokens(`${doc.title}\n${doc.body}\n${doc.codes.join(' ')}`),
    codes: doc.codes.join(' '),
    at: doc.at.toISOString(),
    voided: false,
  };
}

const searchColumns: Column[] = [
  { name: 'ref_type', type: 'text' },
  { name: 'ref_id', type: 'text' },
  { name: 'party_id', type: 'uuid' },
  { name: 'permission', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'body', type: 'text' },
  { name: 'tokens', type: 'text[]', expr: 'array_to_tsvector(tokens)' },
  { name: 'codes', type: 'text' },
  { name: 'at', type: 'timestamptz' },
  { name: 'voided', type: 'boolean' },
];

export const insertSearchRows = (db: Executor, list: ReturnType<typeof searchRow>[]) => bulkInsert(db, 'search_index', searchColumns, list, 500);

export interface AuditRow {
  at: string;
  actor_id: string | null;
  ref_type: string;
  ref_id: string;
  action: string;
  after: Record<string, unknown>;
}

const auditColumns: Column[] = [
  { name: 'at', type: 'timestamptz' },
  { name: 'actor_id', type: 'uuid' },
  { name: 'ref_type', type: 'text' },
  { name: 'ref_id', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'after', type: 'jsonb' },
];

export const insertAuditRows = (db: Executor, list: AuditRow[]) => bulkInsert(db, 'audit_log', auditColumns, list, 1000);
