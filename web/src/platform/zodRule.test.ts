import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import dayjs from 'dayjs';
import { CreateCustomerRequest, ContactInput } from '../../../contracts/parties.js';
import { CreateCommunicationRequest, UpdateCommunicationRequest } from '../../../contracts/communications.js';
import { CreateUserRequest } from '../../../contracts/identity.js';
import { formToJson, isRequired, maxLengthOf, minLengthOf, toRequest, zodFieldError, zodRule } from './zodRule.js';

const c = CreateCustomerRequest.shape;

describe('zodFieldError', () => {
  it('says "required" for a blank required field, in the UI language', () => {
    expect(zodFieldError(c.nameZh, '', 'zh-CN')).toBe('必填');
    expect(zodFieldError(c.nameZh, '   ', 'en-US')).toBe('Required');
    expect(zodFieldError(c.nameZh, undefined, 'en-US')).toBe('Required');
  });

  it('accepts a blank optional field', () => {
    expect(zodFieldError(c.nameEn, '', 'zh-CN')).toBeNull();
    expect(zodFieldError(c.grade, undefined, 'zh-CN')).toBeNull();
    expect(zodFieldError(ContactInput.shape.email, '', 'zh-CN')).toBeNull();
    expect(zodFieldError(CreateUserRequest.shape.workEmail, '', 'zh-CN')).toBeNull();
  });

  it('reports what the contract refuses, localized', () => {
    expect(zodFieldError(ContactInput.shape.email, 'not-an-email', 'en-US')).toBe('Enter a valid e-mail address');
    expect(zodFieldError(ContactInput.shape.email, 'not-an-email', 'zh-CN')).toBe('请输入有效的邮箱地址');
    expect(zodFieldError(c.nameZh, 'x'.repeat(121), 'en-US')).toBe('At most 120 characters');
    expect(zodFieldError(z.string().min(10), 'short', 'zh-CN')).toBe('至少 10 个字符');
    expect(zodFieldError(c.contactCadenceDays, 0, 'en-US')).toBe('Must be at least 1');
    expect(zodFieldError(c.code, '!bad', 'zh-CN')).toBe('格式不正确：A–Z, 0–9, _ - (2–24)');
    expect(zodFieldError(c.code, 'ACME-01', 'en-US')).toBeNull();
    expect(zodFieldError(CreateUserRequest.shape.roles, [], 'zh-CN')).toBe('必填');
  });

  it('checks dates picked in a DatePicker as ISO instants', () => {
    expect(zodFieldError(CreateCommunicationRequest.shape.occurredAt, dayjs('2024-05-01T10:30:00+08:00'), 'en-US')).toBeNull();
    expect(zodFieldError(CreateCommunicationRequest.shape.occurredAt, undefined, 'en-US')).toBe('Required');
  });
});

describe('zodRule', () => {
  it('marks required fields and rejects through the validator', async () => {
    const rule = zodRule(UpdateCommunicationRequest.shape.reason, { locale: 'en-US' }) as {
      required: boolean;
      validator: (r: unknown, v: unknown) => Promise<void>;
    };
    expect(rule.required).toBe(true);
    await expect(rule.validator({}, 'x')).rejects.toThrow();
    await expect(rule.validator({}, 'wrong time')).resolves.toBeUndefined();
    expect(isRequired(c.nameEn)).toBe(false);
  });

  it('reads length limits from the contract', () => {
    expect(maxLengthOf(c.nameZh)).toBe(120);
    expect(maxLengthOf(c.nameEn)).toBe(160);
    expect(maxLengthOf(CreateCommunicationRequest.shape.content)).toBe(20000);
    expect(minLengthOf(z.string().min(10))).toBe(10);
    // passwords: the contract takes any non-empty text; the server's policy answers PASSWORD_TOO_WEAK with the reason
    expect(minLengthOf(CreateUserRequest.shape.password)).toBe(1);
  });
});

describe('toRequest', () => {
  it('turns form values into the contract body', () => {
    const body = toRequest(CreateCommunicationRequest, {
      partyId: '0b6c9f5e-3a52-4c1b-9a0e-2f7d6a1b2c3d',
      channel: 'phone',
      direction: 'in',
      occurredAt: dayjs('2024-05-01T02:30:00Z'),
      subject: ' 来电投诉 ',
      content: '包装破损',
      result: '',
      attachments: [{ id: 'x' }],
    });
    expect(body.occurredAt).toBe('2024-05-01T02:30:00.000Z');
    expect(body.subject).toBe('来电投诉');
    expect(body.result).toBeNull();
    expect(body.attachmentIds).toEqual([]);
    expect('attachments' in body).toBe(false);
  });

  it('keeps nested lists (contacts) and blanks become null', () => {
    const json = formToJson({ contacts: [{ name: '王工', email: '' }] }) as { contacts: { email: unknown }[] };
    expect(json.contacts[0]!.email).toBeNull();
  });
});
