import { z } from 'zod';
import { Id, IsoDateTime, Version, optText } from './common.js';
import { IsoDate } from './actions.js';
import { Channel } from './parties.js';
import { Attachment } from './communications.js';

/**
 * Customer visits and audits (客户访厂/审核) and our visits to customers (拜访) [SV 4.1①, SV 3.1B/F]:
 * Sales plans the visit, issues a visit notice (客户访厂通知) to the departments concerned, each of which
 * acknowledges; afterwards findings, responses, actions, minutes and the customer's report, followed until
 * every finding is answered and the customer informed. The `customer-visit` procedure carries the status.
 */
export const visitDirections = ['incoming', 'outgoing'] as const;
export const VisitDirection = z.enum(visitDirections).describe('incoming 客户来访/审核 · outgoing 我方拜访客户');
export const visitKinds = ['visit', 'audit'] as const;
export const VisitKind = z.enum(visitKinds).describe('visit 访问 · audit 审核');
export const findingSeverities = ['major', 'minor', 'observation'] as const;
export const FindingSeverity = z.enum(findingSeverities).describe('严重不符合 / 轻微不符合 / 观察项');

const dept = z.string().trim().min(1).max(40);

export const VisitFinding = z.object({
  id: Id,
  no: z.int(),
  area: z.string().describe('区域'),
  department: z.string().describe('责任部门 code'),
  severity: FindingSeverity,
  description: z.string(),
  response: z.string().nullable().describe('回复 / 整改说明'),
  respondedByName: z.string().nullable(),
  respondedAt: IsoDateTime.nullable(),
  version: Version,
});
export type TVisitFinding = z.infer<typeof VisitFinding>;

export const NoticeAcknowledgement = z.object({
  department: z.string(),
  acknowledged: z.boolean(),
  userName: z.string().nullable(),
  at: IsoDateTime.nullable(),
  comment: z.string().nullable(),
});

export const Visit = z.object({
  id: Id,
  number: z.string().describe('V-<year>-n'),
  direction: VisitDirection,
  kind: VisitKind,
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  purpose: z.string(),
  visitors: z.string().nullable().describe('来访人员 (incoming) / 拜访对象 people met (outgoing)'),
  startDate: IsoDate,
  endDate: IsoDate,
  focusItems: z.string().nullable().describe('客户关注项目'),
  accompanying: z.array(z.object({ id: Id, name: z.string() })).describe('陪同人员'),
  ndaRequired: z.boolean().describe('需签保密协议'),
  restrictedAreas: z.string().nullable().describe('不开放区域'),
  noticeDepartments: z.array(z.string()).describe('通知部门'),
  acknowledgements: z.array(NoticeAcknowledgement),
  minutes: z.string().nullable().describe('会议/访问纪要'),
  outcomes: z.string().nullable().describe('拜访结果'),
  nextContact: IsoDate.nullable().describe('下次联络'),
  findings: z.array(VisitFinding),
  customerInformed: z.boolean(),
  reports: z.array(Attachment).describe("customer's report (客户审核报告)"),
  state: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type TVisit = z.infer<typeof Visit>;
export const VisitSummary = Visit.omit({ findings: true, acknowledgements: true, reports: true }).extend({ openFindings: z.int() });
export const VisitList = z.object({ items: z.array(VisitSummary) });
export const VisitListQuery = z.object({
  partyId: Id.optional(),
  direction: VisitDirection.optional(),
  open: z.enum(['true', 'false']).optional(),
});

const planFields = {
  direction: VisitDirection.default('incoming'),
  kind: VisitKind.default('visit'),
  purpose: z.string().trim().min(1).max(1000),
  visitors: optText(1000),
  startDate: IsoDate,
  endDate: IsoDate,
  focusItems: optText(4000),
  accompanyingIds: z.array(Id).max(20).default([]),
  ndaRequired: z.boolean().default(false),
  restrictedAreas: optText(1000),
  noticeDepartments: z.array(dept).max(20).default([]),
  outcomes: optText(4000),
  nextContact: IsoDate.nullable()
    .optional()
    .transform((v) => v ?? null),
};
export const CreateVisitRequest = z.object({ partyId: Id, ...planFields });
export const UpdateVisitRequest = z.object({ version: Version, ...planFields });

export const AcknowledgeRequest = z.object({ department: dept, comment: optText(1000) });
export const AddFindingRequest = z.object({
  area: z.string().trim().min(1).max(200),
  department: dept,
  severity: FindingSeverity,
  description: z.string().trim().min(1).max(4000),
});
export const RespondFindingRequest = z.object({ version: Version, response: z.string().trim().min(1).max(4000) });
export const VisitMinutesRequest = z.object({
  version: Version,
  minutes: optText(20000),
  outcomes: optText(4000),
  nextContact: IsoDate.nullable()
    .optional()
    .transform((v) => v ?? null),
  reportIds: z.array(Id).max(20).default([]),
});
export const InformCustomerRequest = z.object({
  channel: Channel,
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  subject: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(20000),
});
/** An action on a visit (or one of its findings): owner and due date are required. */
export const VisitActionRequest = z.object({
  findingId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  title: z.string().trim().min(1).max(200),
  description: optText(4000),
  ownerId: Id,
  department: dept,
  dueDate: IsoDate,
});
export const FindingParams = z.object({ id: Id, findingId: Id });
