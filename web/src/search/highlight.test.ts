import { describe, expect, it } from 'vitest';
import { highlightSegments, highlightTerms } from './highlight.js';

const marked = (text: string, q: string) =>
  highlightSegments(text, q)
    .filter((s) => s.hit)
    .map((s) => s.text);

describe('highlight', () => {
  it('marks a Chinese word, and its bigrams when it is not there whole', () => {
    expect(marked('客户来电投诉包装破损', '投诉')).toEqual(['投诉']);
    expect(marked('包装有破损情况', '包装破损')).toEqual(['包装', '破损']);
  });

  it('marks English words case-insensitively, prefixes included', () => {
    expect(marked('Complaint about damaged packaging', 'complain pack')).toEqual(['Complain', 'pack']);
  });

  it('keeps the text intact', () => {
    const text = 'ACME 来电：投诉 delivery delay';
    expect(
      highlightSegments(text, '投诉 delay')
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
    expect(highlightTerms('')).toEqual([]);
  });
});
