import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { dispatch, rows } from '../db/client.js';
import { searchIndex } from '../platform.table.js';
import { documentTokens, queryTerms, toTsQuery } from './tokenize.js';

export interface SearchDocument {
  refType: string;
  refId: string;
  partyId: string | null;
  permission: string;
  title: string;
  body: string;
  codes: string[];
  at: Date;
  voided: boolean;
}

/** Keep a record's search row in step; call inside the transaction that changes it. */
export async function upsertSearchDocument(tx: Executor, doc: SearchDocument) {
  const tokens = documentTokens(`${doc.title}\n${doc.body}\n${doc.codes.join(' ')}`);
  const codes = doc.codes.join(' ');
  const tokenArray = sql`array_to_tsvector(${sql.param(tokens)}::text[])`;
  await tx
    .insert(searchIndex)
    .values({
      refType: doc.refType,
      refId: doc.refId,
      partyId: doc.partyId,
      permission: doc.permission,
      title: doc.title,
      body: doc.body,
      tokens: tokenArray as unknown as string,
      codes,
      at: doc.at,
      voided: doc.voided,
    })
    .onConflictDoUpdate({
      target: [searchIndex.refType, searchIndex.refId],
      set: {
        partyId: doc.partyId,
        permission: doc.permission,
        title: doc.title,
        body: doc.body,
        tokens: tokenArray as unknown as string,
        codes,
        at: doc.at,
        voided: doc.voided,
      },
    });
}

/**
 * The tokens as tsvector input text, each lexeme quoted (a quote or backslash inside escaped): the same tsvector as
 * `array_to_tsvector` of the array, without unnesting a JSON array per row in SQL (that cost more than the row).
 */
export function tsvectorText(tokens: string[]): string {
  if (!tokens.length) return '';
  const joined = tokens.join("' '");
  // the tokens are runs of letters and digits: a quote or backslash (never seen) takes the escaping path
  if (!/['\\]/.test(joined.replaceAll("' '", ''))) return `'${joined}'`;
  return tokens.map((t) => `'${t.replace(/['\\]/g, '\\$&')}'`).join(' ');
}

/** Many search rows in one statement (a bulk write); the same rows as upsertSearchDocument one by one. */
export async function upsertSearchDocuments(tx: Executor, docs: SearchDocument[]) {
  if (!docs.length) return;
  // one JSON parameter for the whole batch (json_to_recordset): binding ten values per row costs more than the rows
  const values = docs.map((doc) => ({
    t: doc.refType,
    i: doc.refId,
    p: doc.partyId,
    m: doc.permission,
    ti: doc.title,
    b: doc.body,
    k: tsvectorText(documentTokens(`${doc.title}\n${doc.body}\n${doc.codes.join(' ')}`)),
    c: doc.codes.join(' '),
    a: doc.at.toISOString(),
    v: doc.voided,
  }));
  const payload = JSON.stringify(values);
  // sent at once: a bulk writer prepares its next statement while this one runs
  await dispatch(
    tx.execute(sql`
    insert into search_index (ref_type, ref_id, party_id, permission, title, body, tokens, codes, at, voided)
    select v.t, v.i, v.p, v.m, v.ti, v.b, v.k::tsvector, v.c, v.a, v.v
    from json_to_recordset(${payload}::json) as v(t text, i text, p uuid, m text, ti text, b text, k text, c text, a timestamptz, v boolean)
    on conflict (ref_type, ref_id) do update set party_id = excluded.party_id, permission = excluded.permission, title = excluded.title,
      body = excluded.body, tokens = excluded.tokens, codes = excluded.codes, at = excluded.at, voided = excluded.voided`),
  );
}

export interface SearchRow {
  ref_type: string;
  ref_id: string;
  party_id: string | null;
  title: string;
  body: string;
  at: Date | string;
}

/** Records matching every term (or whose codes contain the query), limited to what the user may see, newest first. */
export async function searchDocuments(db: Executor, q: string, permissions: string[], types: string[] | null, limit: number): Promise<SearchRow[]> {
  const terms = queryTerms(q);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const textMatch = terms.length ? sql`tokens @@ to_tsquery('simple', ${toTsQuery(terms)})` : sql`false`;
  const typeFilter = types?.length ? sql`and ref_type = any(${sql.param(types)}::text[])` : sql``;
  return rows<SearchRow>(
    db,
    sql`select ref_type, ref_id, party_id, title, body, at from search_index
        where not voided and permission = any(${sql.param(permissions)}::text[]) ${typeFilter}
          and (${textMatch} or (length(${q}) >= 3 and codes ilike ${like}))
        -- nulls last: the order search_index_at_idx keeps, so PostgreSQL walks it by date and stops at the limit
        order by at desc nulls last limit ${limit}`,
  );
}

/**
 * Records one of whose codes (number, PO, part number) is exactly the query, ignoring case: the trigram index
 * finds the rows containing it, the exact comparison (a whole space-separated code) is made in the same statement.
 */
export async function exactCodeMatches(db: Executor, q: string, permissions: string[], types: string[] | null, limit: number): Promise<SearchRow[]> {
  const code = q.trim();
  if (code.length < 3 || /\s/.test(code)) return [];
  const like = `%${code.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const typeFilter = types?.length ? sql`and ref_type = any(${sql.param(types)}::text[])` : sql``;
  return rows<SearchRow>(
    db,
    sql`select ref_type, ref_id, party_id, title, body, at from search_index
        where not voided and permission = any(${sql.param(permissions)}::text[]) ${typeFilter}
          and codes ilike ${like}
          and position(' ' || lower(${code}) || ' ' in ' ' || lower(codes) || ' ') > 0
        order by at desc nulls last limit ${limit}`,
  );
}
