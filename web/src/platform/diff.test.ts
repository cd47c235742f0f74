import { describe, expect, it } from 'vitest';
import { diffRecords, sameValue } from './diff.js';
import { problemPathToField } from './problemPath.js';

describe('diffRecords', () => {
  it('lists only changed fields, old → new, without version noise', () => {
    const before = { subject: '来电', content: '包装破损', version: 1, updatedAt: 'a', channel: 'phone' };
    const after = { subject: '来电', content: '包装破损，已补发', version: 2, updatedAt: 'b', channel: 'email' };
    // in reading order: channel before content
    expect(diffRecords(before, after)).toEqual([
      { field: 'channel', before: 'phone', after: 'email' },
      { field: 'content', before: '包装破损', after: '包装破损，已补发' },
    ]);
  });

  it('shows the filled fields of a created record', () => {
    expect(diffRecords(null, { name: 'A', title: null, version: 1 })).toEqual([{ field: 'name', before: undefined, after: 'A' }]);
  });

  it('treats key order and null/undefined as equal', () => {
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(diffRecords({ links: [] }, { links: [{ type: 'customer', id: '1' }] })).toHaveLength(1);
  });
});

describe('problemPathToField', () => {
  it('maps server paths to antd field names', () => {
    expect(problemPathToField('body.contacts.0.name')).toEqual(['contacts', 0, 'name']);
    expect(problemPathToField('body.nameZh')).toEqual(['nameZh']);
    expect(problemPathToField('body')).toEqual([]);
    expect(problemPathToField('query.page')).toEqual(['page']);
  });
});
