import { describe, expect, it } from 'vitest';
import { redact, visibleClasses } from './redact.js';

describe('redaction of confidential fields', () => {
  const record = {
    name: '李明',
    phone: '123',
    nested: [{ email: 'a@b.c', unitPrice: 9.5, title: 'Buyer' }],
    audit: { before: { mobile: '139' }, after: { price: 1 } },
  };

  it('strips personal and price fields at any depth for a viewer without permissions', () => {
    expect(redact(record, visibleClasses(new Set()))).toEqual({ name: '李明', nested: [{ title: 'Buyer' }], audit: { before: {}, after: {} } });
  });

  it('keeps exactly the classes a viewer holds', () => {
    expect(redact(record, visibleClasses(new Set(['contacts.personal.read'])))).toEqual({
      name: '李明',
      phone: '123',
      nested: [{ email: 'a@b.c', title: 'Buyer' }],
      audit: { before: { mobile: '139' }, after: {} },
    });
    expect(redact(record, visibleClasses(new Set(['contacts.personal.read', 'prices.read'])))).toBe(record);
  });
});
