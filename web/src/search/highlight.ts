/**
 * Where to mark the query in a snippet. The server matches CJK text by characters and
 * Latin words by prefix, so we mark each query term: a CJK run as a whole word or, if it
 * is not there whole, its bigrams; a Latin word case-insensitively.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;

export function highlightTerms(query: string): string[] {
  const out = new Set<string>();
  for (const run of query.normalize('NFKC').toLowerCase().match(RUN) ?? []) {
    out.add(run);
    if (CJK.test(run[0] ?? '')) {
      const chars = [...run];
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  // longest first, so 投诉处理 wins over 投诉
  return [...out].sort((a, b) => b.length - a.length);
}

export interface Segment {
  text: string;
  hit: boolean;
}

/** Splits `text` into plain and highlighted parts. */
export function highlightSegments(text: string, query: string): Segment[] {
  const terms = highlightTerms(query);
  if (!terms.length || !text) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term, from);
      if (at < 0) break;
      for (let i = at; i < at + term.length; i++) marks[i] = true;
      from = at + term.length;
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out[out.length - 1];
    if (last && last.hit === marks[i]) last.text += text[i];
    else out.push({ text: text[i]!, hit: marks[i]! });
  }
  return out;
}
