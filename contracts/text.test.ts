import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findInvalidText, isWellFormedText, optText, Text } from './common.js';

describe('the shared text type', () => {
  it('refuses NUL and lone surrogates, keeps Chinese and characters outside the BMP', () => {
    expect(Text().safeParse('客户投诉 𠮷 RY-2045').success).toBe(true);
    expect(Text().safeParse('ab\u0000cd').success).toBe(false);
    expect(Text().safeParse('ab\uD800cd').success).toBe(false);
    expect(Text().safeParse('ab\uDC00').success).toBe(false);
    expect(Text().safeParse('\uDC00\uD800').success).toBe(false); // reversed pair: two lone halves
    expect(optText(10).parse('  ')).toBeNull();
    expect(optText(10).safeParse('a\u0000').success).toBe(false);
  });

  it('agrees with a UTF-8 round trip apart from NUL (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        // a lone surrogate cannot be encoded as UTF-8: the round trip replaces it
        expect(isWellFormedText(s)).toBe(Buffer.from(s, 'utf8').toString('utf8') === s && !s.includes('\u0000'));
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  it('names the first bad field by its path, keys included, without recursion limits', () => {
    expect(findInvalidText({ subject: 'ok', lines: [{ note: 'ok' }, { note: 'x\u0000' }] }, 'body')).toBe('body.lines.1.note');
    expect(findInvalidText({ ['a\uD800']: 1 }, 'body')).toBe('body.a\uFFFD');
    expect(findInvalidText({ q: ['a', 'b'] }, 'query')).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findInvalidText(deep, 'body')).toMatch(/^body(\.0)+$/);
  });
});
