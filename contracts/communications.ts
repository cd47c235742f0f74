import { z } from 'zod';
import { Id, IsoDateTime, Version, PageQuery, paged, RecordRef, Text } from './common.js';
import { Channel } from './parties.js';

export const directions = ['in', 'out', 'internal'] as const;
export const Direction = z.enum(directions).describe('方向 in/out/internal');

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  size: z.int(),
  mime: z.string(),
  sha256: z.string(),
  uploadedAt: IsoDateTime,
});
export type TAttachment = z.infer<typeof Attachment>;

/** What a communication is about — the subjects of ISO 9001 8.2.1 a–e, plus other. */
export const topics = ['enquiry', 'order', 'product-info', 'complaint', 'customer-property', 'contingency', 'other'] as const;
export const Topic = z.enum(topics).describe('主题类型: 咨询/订单/产品信息/投诉/客户财产/应急/其他');

export const LinkedRecord = RecordRef.extend({ title: z.string().nullable() });

export const Communication = z.object({
  id: Id,
  number: z.string().describe('沟通编号'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  channel: Channel,
  direction: Direction,
  topic: Topic,
  occurredAt: IsoDateTime,
  ourUserId: Id,
  ourUserName: z.string(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  subject: z.string(),
  content: z.string(),
  result: z.string().nullable(),
  followUpDue: IsoDateTime.nullable(),
  followUpDoneAt: IsoDateTime.nullable(),
  links: z.array(LinkedRecord),
  attachments: z.array(Attachment),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
  version: Version,
  createdAt: IsoDateTime,
  createdByName: z.string(),
  updatedAt: IsoDateTime,
});
export type TCommunication = z.infer<typeof Communication>;

const text = (max: number) => Text().trim().max(max);
const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

const communicationFields = {
  channel: Channel,
  direction: Direction,
  topic: Topic.default('other'),
  occurredAt: IsoDateTime.describe('沟通时间'),
  ourUserId: Id.optional().describe('our person; defaults to the signed-in user'),
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  subject: text(200).min(1).describe('主题'),
  content: text(20000).min(1).describe('内容'),
  result: nullableText(4000).describe('结果'),
  followUpDue: IsoDateTime.nullable()
    .optional()
    .transform((v) => v ?? null),
  links: z.array(RecordRef).max(20).default([]),
  attachmentIds: z.array(Id).max(20).default([]),
};

export const CreateCommunicationRequest = z.object({ partyId: Id, ...communicationFields });
export const UpdateCommunicationRequest = z.object({
  version: Version,
  reason: z.string().trim().min(2).max(500).describe('更正原因'),
  ...communicationFields,
});
export const CompleteFollowUpRequest = z.object({ version: Version });

export const CommunicationListQuery = PageQuery.extend({
  partyId: Id.optional(),
  channel: Channel.optional(),
  direction: Direction.optional(),
  topic: Topic.optional(),
  ourUserId: Id.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  followUp: z.enum(['open', 'overdue']).optional(),
  linkType: z.string().max(40).optional(),
  linkId: z.string().max(80).optional(),
  includeVoided: z.enum(['true', 'false']).optional(),
});
export const CommunicationList = paged(Communication);
