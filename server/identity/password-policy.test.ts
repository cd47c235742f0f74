import { describe, expect, it } from 'vitest';
import { judgePassword } from './password-policy.js';

describe('password policy', () => {
  it('refuses short, common and name-based passwords with a reason in both languages', () => {
    const short = judgePassword('Tr0ub4dor&3');
    expect(short).toMatchObject({ ok: false, reason: 'too_short' });
    expect(short.messages!['zh-CN']).toContain('12');
    expect(short.messages!['en-US']).toContain('12');
    for (const weak of ['123456789012', 'passwordpassword', 'qwertyuiop12', 'woaini1314520', 'aaaaaaaaaaaaaaaa', 'accordaccord2026']) {
      const v = judgePassword(weak);
      expect(v.ok, weak).toBe(false);
      expect(v.messages!['zh-CN'], weak).toMatch(/[\u4e00-\u9fff]/);
      expect(v.messages!['en-US'], weak).toMatch(/[a-z]/);
    }
    expect(judgePassword('liuyang.quality', ['liuyang.quality'])).toMatchObject({ ok: false, reason: 'same_as_username' });
    expect(judgePassword('liuyang-quality-1', ['liuyang-quality']).ok).toBe(false);
  });

  it('accepts long unusual passphrases, including the ones the tests and the demo use', () => {
    for (const good of [
      'correct-horse-battery-staple',
      '蓝色的螺丝刀在第三个抽屉里',
      'Tr0ub4dor&3-plus-more',
      'demo-admin-2026',
      'accord-demo-2026',
      'journey-admin-1',
    ]) {
      expect(judgePassword(good, ['admin']).ok, good).toBe(true);
    }
  });
});
