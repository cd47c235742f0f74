import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { CanonicalText, canonicalJson } from './chain.js';

// what the trail wrote before: the JSON round trip, then the `canonicalize` package
const reference = (v: unknown) => canonicalize(JSON.parse(JSON.stringify(v)));

describe('canonical JSON of audit content', () => {
  it('is byte for byte the canonicalize package over the JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles what a snapshot carries: dates, undefined, nested arrays, unicode keys, non-finite numbers', () => {
    const v = {
      z: 1,
      a: new Date(Date.UTC(2026, 2, 5, 6, 30)),
      u: undefined,
      list: [undefined, 1.5, -0, 1e21, 'x', { b: 2, a: [null, true] }],
      客户: '甲公司 "引号" \\ \n 😀',
      é: 'e',
      E: NaN,
      inf: Infinity,
      nested: { toJSON: () => ({ y: 1, x: 2 }) },
      f: () => 1,
    };
    expect(canonicalJson(v)).toBe(reference(v));
  });

  it('places already-canonical text verbatim', () => {
    const inner = { b: 1, a: '二' };
    expect(canonicalJson({ y: new CanonicalText(canonicalJson(inner)), x: 0 })).toBe(reference({ y: inner, x: 0 }));
  });

  it('refuses a lone surrogate as the package does', () => {
    expect(() => canonicalJson({ a: 'x\ud800' })).toThrow(/surrogate/);
    expect(() => reference({ a: 'x\ud800' })).toThrow(/surrogate/);
  });
});
