import { z } from 'zod';
import { Id, IsoDateTime, Version, PageQuery, paged, optText } from './common.js';
import { Locale } from './identity.js';
import { customerGrades, customerStatuses } from './party-values.js';

export { customerGrades, customerStatuses };
export const CustomerStatus = z.enum(customerStatuses).describe('状态 prospect/active/dormant/blocked');
export const CustomerGrade = z.enum(customerGrades).describe('客户等级');
export const channels = ['phone', 'fax', 'email', 'meeting', 'visit', 'im', 'letter', 'portal'] as const;
export const Channel = z.enum(channels).describe('沟通方式');

export const Contact = z.object({
  id: Id,
  partyId: Id,
  name: z.string(),
  title: z.string().nullable(),
  // personal data: stripped unless contacts.personal.read (see contracts/sensitive.ts)
  phone: z.string().nullable().optional(),
  mobile: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  im: z.string().nullable().optional(),
  preferredChannel: Channel.nullable(),
  isPrimary: z.boolean(),
  notes: z.string().nullable(),
  voided: z.boolean(),
  version: Version,
});
export type TContact = z.infer<typeof Contact>;

export const ContactInput = z.object({
  name: z.string().trim().min(1).max(60).describe('联系人姓名'),
  title: optText(60),
  phone: optText(40),
  mobile: optText(40),
  email: z
    .union([z.email(), z.literal('')])
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
  im: optText(80),
  preferredChannel: Channel.nullable()
    .optional()
    .transform((v) => v ?? null),
  isPrimary: z.boolean().default(false),
  notes: optText(500),
});
export const CreateContactRequest = ContactInput;
export const UpdateContactRequest = ContactInput.extend({ version: Version });

export const CustomerSummary = z.object({
  id: Id,
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  grade: CustomerGrade.nullable(),
  status: CustomerStatus,
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  acceptedByGm: z.boolean(),
  lastContactAt: IsoDateTime.nullable(),
  contactCadenceDays: z.int().nullable(),
  /** the customer's own cadence, else its value segment's (crm/segmentation.yaml) */
  effectiveCadenceDays: z.int().nullable(),
  abcClass: z.enum(['A', 'B', 'C']).nullable().describe('ABC 价值分类（存储的分层，见 /api/customers/:id/segment）'),
  highValue: z.boolean().describe('重点客户（价值分层）'),
  contactDue: z.boolean().describe('not contacted within its cadence'),
  voided: z.boolean(),
  version: Version,
});

export const Customer = CustomerSummary.extend({
  preferredLanguage: Locale,
  notes: z.string().nullable(),
  acceptedAt: IsoDateTime.nullable(),
  acceptedByName: z.string().nullable(),
  contacts: z.array(Contact),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type TCustomer = z.infer<typeof Customer>;

export const CustomerListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  status: CustomerStatus.optional(),
  grade: CustomerGrade.optional(),
  ownerId: Id.optional(),
  contactDue: z.enum(['true', 'false']).optional(),
  segment: z.enum(['A', 'B', 'C', 'none']).optional().describe('ABC 价值分类'),
  highValue: z.enum(['true', 'false']).optional(),
  includeVoided: z.enum(['true', 'false']).optional(),
  sort: z.enum(['code', 'name', 'lastContact']).default('code'),
});
export const CustomerList = paged(CustomerSummary);

const customerFields = {
  nameZh: z.string().trim().min(1).max(120).describe('客户中文名称'),
  nameEn: optText(160),
  grade: CustomerGrade.nullable()
    .optional()
    .transform((v) => v ?? null),
  status: CustomerStatus.default('prospect'),
  ownerId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  contactCadenceDays: z
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  preferredLanguage: Locale.default('zh-CN'),
  notes: optText(2000),
};
export const CreateCustomerRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,23}$/, { message: 'A–Z, 0–9, _ - (2–24)' })
    .describe('客户编号'),
  ...customerFields,
  contacts: z.array(ContactInput).max(20).default([]),
});
export const UpdateCustomerRequest = z.object({ version: Version, reason: optText(500), ...customerFields });
export const AcceptCustomerRequest = z.object({ version: Version, reason: optText(500) });
