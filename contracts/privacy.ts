import { z } from 'zod';
import { Id, IsoDateTime, optText, Text } from './common.js';

const Line = (min: number, max: number) => Text().trim().min(min).max(max);

/**
 * PIPL (个人信息保护法) for the people at our customers: on what basis we hold a contact's personal data, what we
 * hold (an export), their erasure on request (anonymisation that keeps the business records), and who looked.
 */

/** PIPL art. 13: the bases that let a company handle personal information */
export const legalBases = ['consent', 'contract', 'legal-obligation', 'public-interest', 'public-information', 'other'] as const;
export const LegalBasis = z.enum(legalBases);

export const ContactPrivacy = z.object({
  contactId: Id,
  legalBasis: LegalBasis.nullable(),
  consentAt: IsoDateTime.nullable().describe('when the person agreed (for the basis "consent")'),
  source: z.string().nullable().describe('where the data came from: business card, e-mail signature, the customer’s supplier form…'),
  note: z.string().nullable(),
  anonymisedAt: IsoDateTime.nullable(),
  version: z.int().min(0).describe('0 while nothing is recorded'),
});

export const UpdateContactPrivacyRequest = z
  .object({
    legalBasis: LegalBasis,
    consentAt: IsoDateTime.nullable()
      .optional()
      .transform((v) => v ?? null),
    source: Line(1, 200),
    note: optText(500),
    version: z.int().min(0).describe('0 for the first record'),
  })
  .refine((v) => v.legalBasis !== 'consent' || !!v.consentAt, { path: ['consentAt'], message: 'consent needs its date' });

export const PrivacyRequestKind = z.enum(['access', 'anonymise']);
export const PrivacyRequest = z.object({
  id: Id,
  number: z.string(),
  kind: PrivacyRequestKind,
  contactId: Id,
  receivedAt: IsoDateTime,
  channel: z.string(),
  requester: z.string().describe('who asked (the person, or someone for them)'),
  handledByName: z.string(),
  handledAt: IsoDateTime,
  summary: z.record(z.string(), z.int()).describe('what was found (access) or changed (anonymise), per kind of record'),
});

export const PersonalDataView = z.object({ at: IsoDateTime, userName: z.string(), route: z.string() });

export const ContactPrivacyView = z.object({
  privacy: ContactPrivacy,
  requests: z.array(PrivacyRequest),
  views: z.array(PersonalDataView).describe('the latest 100 times a user was shown this contact’s personal data'),
  viewCount: z.int(),
});

const RequestBase = {
  receivedAt: IsoDateTime,
  channel: Line(1, 40).describe('how the request came: email, phone, letter…'),
  requester: Line(1, 100),
};
export const ExportRequest = z.object({ ...RequestBase, format: z.enum(['json', 'xlsx']).default('json') });
export const AnonymiseRequest = z.object({
  ...RequestBase,
  reason: Line(1, 500),
  confirmName: Line(1, 60).describe('the contact’s current name, typed to confirm'),
});
export const AnonymiseResult = z.object({ request: PrivacyRequest });
