import type { Db } from '../db/client.js';
import type { AuthContext } from '../http/access.js';
import { recordType } from '../records/record-types.js';
import { searchDocuments } from './search.repository.js';
import { queryTerms } from './tokenize.js';

const SNIPPET = 120;

/** Cut a snippet around the first place the query (or its first term) appears. */
export function snippetOf(body: string, q: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const needles = [q.toLowerCase(), ...queryTerms(q).map((t) => t.token)];
  let at = -1;
  for (const n of needles) {
    at = lower.indexOf(n);
    if (at >= 0) break;
  }
  if (at < 0 || flat.length <= SNIPPET) return flat.slice(0, SNIPPET);
  const start = Math.max(0, at - 30);
  return (start > 0 ? '…' : '') + flat.slice(start, start + SNIPPET) + (start + SNIPPET < flat.length ? '…' : '');
}

export async function searchRecords(db: Db, auth: AuthContext, q: string, types: string[] | null, limit: number) {
  const found = await searchDocuments(db, q, [...auth.permissions], types, limit);
  return {
    query: q,
    hits: found.map((r) => ({
      ref: { type: r.ref_type, id: r.ref_id },
      title: r.title,
      snippet: snippetOf(r.body, q),
      partyId: r.party_id,
      at: new Date(r.at).toISOString(),
      url: recordType(r.ref_type)?.url(r.ref_id) ?? '/',
    })),
  };
}
