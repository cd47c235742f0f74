import { describe, expect, it } from 'vitest';
import { notificationText } from './messages.js';

describe('notificationText', () => {
  it('translates every message key the server sends, in both languages', () => {
    const keys = [
      'communication.assigned',
      'clock.dueSoon',
      'clock.overdue',
      'clock.escalated',
      'action.assigned',
      'action.verify',
      'quotation.accepted',
      'quotation.rejected',
      'quotation.expired',
      'quotation.superseded',
    ];
    const params = { title: 'C00012 询价', dueAt: '2026-12-01T02:00:00Z', dueDate: '2026-12-01', step: 'received', percent: '200' };
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const key of keys) {
        const text = notificationText(locale, key, params, (s) => (s === 'received' ? 'RECEIVED' : s));
        expect(text, `${locale} ${key}`).toContain('C00012 询价');
        expect(text, `${locale} ${key}`).not.toMatch(/\{\w+\}/);
        if (key.startsWith('clock.')) expect(text).toContain('RECEIVED');
      }
    }
  });

  it('translates the visit notice, plan reply and minutes messages', () => {
    const params = { title: 'V-2026-0001 博世', dates: '2026-12-08 – 2026-12-09', department: 'quality' };
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const key of ['visit.notice', 'plan.reply', 'meeting.minutes']) {
        const text = notificationText(locale, key, params);
        expect(text, `${locale} ${key}`).toContain('V-2026-0001');
        expect(text, `${locale} ${key}`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('falls back to the key and title for a message it does not know', () => {
    expect(notificationText('en-US', 'something.new', { title: 'X' })).toBe('something.new: X');
  });
});

describe('notificationText without a step', () => {
  it('leaves the step out of an action item clock message', () => {
    const text = notificationText('zh-CN', 'clock.overdue', { title: 'A00001 更新包装', dueAt: '2026-12-01T09:30:00Z', step: '', percent: '100' });
    expect(text).toContain('A00001 更新包装');
    expect(text).not.toContain('（，');
  });
});
