import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { documentTokens, queryTerms, toTsQuery } from './tokenize.js';

describe('search tokens', () => {
  it('indexes Chinese as single characters and bigrams', () => {
    expect(documentTokens('产品开裂')).toEqual(['产', '产品', '品', '品开', '开', '开裂', '裂']);
  });

  it('keeps Latin words and codes lower-cased, splitting on punctuation', () => {
    expect(documentTokens('RMA#1 for Bosch-GmbH')).toEqual(['rma', '1', 'for', 'bosch', 'gmbh']);
  });

  it('splits mixed text into CJK and Latin runs', () => {
    expect(documentTokens('客户ABC投诉')).toEqual(['客', '客户', '户', 'abc', '投', '投诉', '诉']);
  });

  it('queries a two-character word as one bigram and one character as itself', () => {
    expect(queryTerms('投诉')).toEqual([{ token: '投诉', prefix: false }]);
    expect(queryTerms('裂')).toEqual([{ token: '裂', prefix: false }]);
    expect(toTsQuery(queryTerms('产品开裂 crack'))).toBe("'产品' & '品开' & '开裂' & 'crack':*");
  });

  it('every query term of a substring is among the document tokens (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'投诉产品开裂交期质量客户'.split('')), minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.nat(),
        (doc, a, b) => {
          const start = a % doc.length;
          const end = start + 1 + (b % (doc.length - start));
          const sub = doc.slice(start, end);
          const tokens = new Set(documentTokens(doc));
          return queryTerms(sub).every((t) => tokens.has(t.token));
        },
      ),
    );
  });

  it('produces no query terms from punctuation alone', () => {
    expect(queryTerms('#!?，。')).toEqual([]);
  });
});
