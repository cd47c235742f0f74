import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, Version, paged } from './common.js';
import { Attachment } from './communications.js';

export const IsoDate = z.iso.date();
export const actionStatuses = ['open', 'done', 'verified', 'cancelled'] as const;
export const ActionStatus = z.enum(actionStatuses).describe('措施状态: 进行中/已完成/已验证/已取消');
export const verificationResults = ['effective', 'not-effective'] as const;

export const Verification = z.object({
  method: z.string().trim().min(1).max(500).describe('验证方法'),
  criterion: z.string().trim().min(1).max(500).describe('判定准则'),
  date: IsoDate.describe('计划验证日期'),
  verifierId: Id.describe('验证人'),
});

export const ActionItem = z.object({
  id: Id,
  number: z.string(),
  source: z.object({ type: z.string(), id: z.string(), title: z.string().nullable(), url: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  ownerId: Id,
  ownerName: z.string().nullable(),
  department: z.string(),
  dueDate: IsoDate,
  dueAt: IsoDateTime.nullable(),
  provisional: z.boolean(),
  overdue: z.boolean(),
  status: ActionStatus,
  evidence: z.string().nullable(),
  completedAt: IsoDateTime.nullable(),
  verification: Verification.extend({ verifierName: z.string().nullable() }).nullable(),
  verificationResult: z.enum(verificationResults).nullable(),
  verificationNote: z.string().nullable(),
  verifiedAt: IsoDateTime.nullable(),
  attachments: z.array(Attachment),
  version: Version,
});
export type TActionItem = z.infer<typeof ActionItem>;

export const ActionListQuery = PageQuery.extend({
  ownerId: Id.optional(),
  status: ActionStatus.optional(),
  sourceType: z.string().max(40).optional(),
  sourceId: z.string().max(80).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export const ActionList = paged(ActionItem);

const fields = {
  title: z.string().trim().min(1).max(200).describe('措施'),
  description: z
    .string()
    .trim()
    .max(4000)
    .nullable()
    .optional()
    .transform((v) => v || null),
  ownerId: Id.describe('负责人'),
  department: z.string().trim().min(1).max(40).describe('责任部门 (code)'),
  dueDate: IsoDate.describe('完成期限 (working day)'),
  verification: Verification.nullable()
    .optional()
    .transform((v) => v ?? null),
};
export const CreateActionRequest = z.object({ sourceType: z.string().min(1).max(40), sourceId: z.string().min(1).max(80), ...fields });
export const UpdateActionRequest = z.object({ version: Version, reason: z.string().trim().max(500).optional(), ...fields });
export const CompleteActionRequest = z.object({
  version: Version,
  evidence: z.string().trim().min(1).max(4000).describe('完成证据'),
  attachmentIds: z.array(Id).max(20).default([]),
});
export const VerifyActionRequest = z.object({ version: Version, result: z.enum(verificationResults), note: z.string().trim().min(1).max(2000) });
export const ClaimActionRequest = z.object({ version: Version });
export const CancelActionRequest = z.object({ version: Version, reason: z.string().trim().min(2).max(500) });
