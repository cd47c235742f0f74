import { describe, expect, it } from 'vitest';
import { lowParts, metrics, responseIndex } from './metrics.js';

const dims = [
  { key: 'quality', weight: 30 },
  { key: 'delivery', weight: 25 },
  { key: 'service', weight: 15 },
  { key: 'pricing', weight: 15 },
  { key: 'communication', weight: 15 },
];
const s = (q: number, d: number, sv: number, p: number, c: number) => ({ quality: q, delivery: d, service: sv, pricing: p, communication: c });

describe('satisfaction arithmetic', () => {
  it('CSAT, NPS, means, weighted index and response rate', () => {
    const m = metrics(
      dims,
      [
        { scores: s(5, 2, 4, 3, 4), recommend: 6 },
        { scores: s(4, 4, 5, 4, 5), recommend: 9 },
        { scores: s(5, 5, 5, 3, 4), recommend: 10 },
      ],
      4,
    );
    expect(m).toMatchObject({ responses: 3, recipients: 4, responseRate: 75, csat: 80, nps: 33.3, index: 83.3 });
    expect(m.means).toEqual({ quality: 4.67, delivery: 3.67, service: 4.67, pricing: 3.33, communication: 4.33 });
  });
  it('nothing answered gives nulls, not zeros or NaN', () => {
    expect(metrics(dims, [], 3)).toMatchObject({ responseRate: 0, csat: null, nps: null, index: null });
    expect(metrics(dims, [], 0).responseRate).toBeNull();
  });
  it('NPS ignores unanswered recommend questions; passives (7–8) count in the base only', () => {
    expect(
      metrics(
        dims,
        [
          { scores: s(3, 3, 3, 3, 3), recommend: 7 },
          { scores: s(3, 3, 3, 3, 3), recommend: 10 },
          { scores: s(3, 3, 3, 3, 3), recommend: null },
        ],
        3,
      ).nps,
    ).toBe(50);
  });
  it('the index weighs the dimensions; zero weights and unanswered items are left out', () => {
    expect(responseIndex(dims, s(5, 5, 5, 5, 5))).toBe(100);
    expect(responseIndex(dims, s(1, 1, 1, 1, 1))).toBe(20);
    expect(
      responseIndex(
        [
          { key: 'a', weight: 3 },
          { key: 'b', weight: 1 },
          { key: 'c', weight: 0 },
        ],
        { a: 5, b: 1, c: 1 },
      ),
    ).toBe(80);
  });
  it('low parts: items at or under the threshold, and the index under target', () => {
    expect(lowParts(dims, s(5, 2, 4, 3, 4), 2, 60)).toEqual(['delivery']);
    expect(lowParts(dims, s(3, 3, 3, 3, 3), 2, 60)).toEqual([]);
    expect(lowParts(dims, s(3, 3, 3, 3, 2), 2, 60)).toEqual(['communication', 'index']);
    expect(lowParts(dims, s(3, 3, 3, 3, 3), 2, 61)).toEqual(['index']);
  });
});
