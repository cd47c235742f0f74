/**
 * Search tokens built in the app, identical on PGlite and PostgreSQL:
 * CJK runs give every single character and every bigram (so 1–2 character Chinese words
 * such as 投诉 or 裂 are found), Latin/digit runs give lower-case words.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const RUN = new RegExp(`[${CJK_CLASS}]+|(?:(?![${CJK_CLASS}])[\\p{L}\\p{N}])+`, 'gu');
const MAX_TOKEN = 60;

function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUN) ?? [];
}

/** Tokens to index for a document. */
export function documentTokens(text: string): string[] {
  const out = new Set<string>();
  for (const run of runs(text)) {
    if (CJK.test(run[0] ?? '')) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        out.add(chars[i]!);
        if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
      }
    } else if (run.length <= MAX_TOKEN) {
      out.add(run);
    }
  }
  return [...out];
}

export interface QueryTerm {
  token: string;
  prefix: boolean;
}

/** Terms a query must all match: CJK bigrams (or the single character), Latin word prefixes. */
export function queryTerms(query: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (token: string, prefix: boolean) => {
    if (!seen.has(token)) {
      seen.add(token);
      out.push({ token, prefix });
    }
  };
  for (const run of runs(query)) {
    if (CJK.test(run[0] ?? '')) {
      const chars = [...run];
      if (chars.length === 1) add(chars[0]!, false);
      for (let i = 0; i + 1 < chars.length; i++) add(chars[i]! + chars[i + 1]!, false);
    } else {
      add(run.slice(0, MAX_TOKEN), true);
    }
  }
  return out;
}

/** A to_tsquery string; tokens contain only letters and digits, so they need no escaping. */
export function toTsQuery(terms: QueryTerm[]): string {
  return terms.map((t) => `'${t.token}'${t.prefix ? ':*' : ''}`).join(' & ');
}
