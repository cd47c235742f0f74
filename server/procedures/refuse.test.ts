import { describe, expect, it } from 'vitest';
import { refusalReasons, type RefusalReason } from '../../contracts/errors.js';
import { because, refuse } from './refuse.js';

describe('refusals', () => {
  it('every guard reason has both languages with the same placeholders', () => {
    for (const [key, r] of Object.entries(refusalReasons)) {
      expect(r.zh.trim(), key).not.toBe('');
      expect(r.en.trim(), key).not.toBe('');
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      // a per-language value (a list of names) may differ: zh takes `x`, en takes `xEn`
      expect(
        holes(r.zh).map((h) => h!.replace(/En$/, '')),
        key,
      ).toEqual(holes(r.en).map((h) => h!.replace(/En$/, '')));
    }
  });

  it('fills a reason in both languages and keeps its field code; refuse() carries the registry code', () => {
    const e = because('order.lines.0.plannedDate', 'ORDER_LINE_UNPLANNED' as RefusalReason, { lineNo: 1 });
    expect(e).toEqual({
      path: 'order.lines.0.plannedDate',
      code: 'missing',
      messages: { 'zh-CN': '第 1 行还没有交货计划日期。', 'en-US': 'Line 1 has no planned delivery date yet.' },
    });
    const err = refuse('PROCEDURE_GUARD_FAILED', [e]);
    expect([err.code, err.status, err.fields]).toEqual(['PROCEDURE_GUARD_FAILED', 422, [e]]);
    expect(refuse('PROCEDURE_SYSTEM_STEP').status).toBe(403);
  });
});
