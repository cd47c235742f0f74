import { describe, expect, it } from 'vitest';
import { nameSearchKey } from './admin.service.js';

describe('a person is found by the pinyin of their name', () => {
  it('full syllables, joined, and initials', () => {
    expect(nameSearchKey('王经理')).toBe('wang jing li wangjingli wjl');
    expect(nameSearchKey('李娜').split(' ')).toContain('lina');
    expect(nameSearchKey('Manager Wang')).toContain('manager wang');
  });
});
