import type { Db } from '../db/client.js';
import type { AuthContext } from '../http/access.js';
import { recordType } from '../records/record-types.js';
import { exactCodeMatches, searchDocuments, type SearchRow } from './search.repository.js';
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

/**
 * Ranked by relevance: a record whose number or code is exactly the query first, then records
 * whose title contains it, then the rest — each group newest first.
 */
export function rankHits(q: string, exact: SearchRow[], found: SearchRow[], limit: number): SearchRow[] {
  const key = (r: SearchRow) => `${r.ref_type}:${r.ref_id}`;
  const seen = new Set(exact.map(key));
  const needle = q.trim().toLowerCase();
  const rest = found.filter((r) => !seen.has(key(r)));
  const inTitle = rest.filter((r) => r.title.toLowerCase().includes(needle));
  const others = rest.filter((r) => !r.title.toLowerCase().includes(needle));
  return [...exact, ...inTitle, ...others].slice(0, limit);
}

export async function searchRecords(db: Db, auth: AuthContext, q: string, types: string[] | null, limit: number) {
  const permissions = [...auth.permissions];
  const [exact, matched] = await Promise.all([exactCodeMatches(db, q, permissions, types, limit), searchDocuments(db, q, permissions, types, limit)]);
  const found = rankHits(q, exact, matched, limit);
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
