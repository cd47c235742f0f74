import { describe, expect, it } from 'vitest';
import { errorCodes } from './errors.js';

describe('error registry', () => {
  it('gives every code a status and a message in both languages', () => {
    for (const [code, e] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(e.status, code).toBeGreaterThanOrEqual(400);
      expect(e.zh.trim(), code).not.toBe('');
      expect(e.en.trim(), code).not.toBe('');
      expect(e.zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
