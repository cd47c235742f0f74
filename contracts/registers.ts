import { z } from 'zod';
import { Id, IsoDateTime, Text, Version, optText } from './common.js';
import { IsoDate } from './actions.js';
import { Channel } from './parties.js';
import { Attachment } from './communications.js';

/**
 * Registers an auditor asks for [IATF 16949 8.5.3, 4.3.2]:
 *  - customer property (顾客财产): moulds, gauges, packaging, drawings/IP, the customer's data — owner, location,
 *    condition, verification dates, incidents (lost / damaged / unsuitable) reported to the customer as a communication
 *  - customer-specific requirements (顾客特殊要求, CSR): document, revision, date received, review by the departments
 *    (procedures/csr-review), deployment notes; a new revision supersedes the earlier one (kept, read-only)
 */
export const propertyKinds = ['mould', 'gauge', 'packaging', 'drawing-ip', 'data', 'other'] as const;
export const PropertyKind = z.enum(propertyKinds).describe('模具 / 检具 / 包装 / 图纸与知识产权 / 客户数据 / 其他');
export const propertyConditions = ['good', 'needs-repair', 'damaged', 'lost', 'unsuitable'] as const;
export const PropertyCondition = z.enum(propertyConditions).describe('良好 / 待维修 / 损坏 / 丢失 / 不适用');
export const incidentKinds = ['lost', 'damaged', 'unsuitable'] as const;
export const IncidentKind = z.enum(incidentKinds).describe('丢失 / 损坏 / 不适用');

const text = (max: number) => Text().trim().min(1).max(max);
const optDate = IsoDate.nullable()
  .optional()
  .transform((v) => v ?? null);

export const PropertyIncident = z.object({
  id: Id,
  no: z.int(),
  kind: IncidentKind,
  occurredOn: IsoDate,
  description: z.string(),
  conditionBefore: PropertyCondition,
  communicationId: Id.nullable(),
  communicationNumber: z.string().nullable(),
  reportedByName: z.string().nullable(),
  createdAt: IsoDateTime,
});

export const CustomerProperty = z.object({
  id: Id,
  number: z.string().describe('CP-00001'),
  kind: PropertyKind,
  description: z.string(),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  location: z.string().describe('存放位置'),
  condition: PropertyCondition,
  custodianId: Id.nullable().describe('保管人'),
  custodianName: z.string().nullable(),
  receivedDate: IsoDate.nullable(),
  lastVerifiedOn: IsoDate.nullable().describe('上次验证/点检日期'),
  nextVerificationDue: IsoDate.nullable().describe('下次验证日期'),
  verificationOverdue: z.boolean(),
  notes: z.string().nullable(),
  orders: z.array(z.object({ id: Id, number: z.string() })).describe('关联订单'),
  incidents: z.array(PropertyIncident),
  createdAt: IsoDateTime,
  version: Version,
});
export type TCustomerProperty = z.infer<typeof CustomerProperty>;
export const CustomerPropertySummary = CustomerProperty.omit({ incidents: true }).extend({ incidentCount: z.int() });
export const CustomerPropertyList = z.object({ items: z.array(CustomerPropertySummary) });
export const CustomerPropertyQuery = z.object({
  partyId: Id.optional(),
  kind: PropertyKind.optional(),
  condition: PropertyCondition.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('only items whose verification is due'),
  q: z.string().trim().max(100).optional(),
});

const propertyFields = {
  kind: PropertyKind,
  description: text(2000),
  location: text(200),
  custodianId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  receivedDate: optDate,
  nextVerificationDue: optDate,
  notes: optText(4000),
  orderIds: z.array(Id).max(50).default([]),
};
export const CreateCustomerPropertyRequest = z.object({ partyId: Id, ...propertyFields });
/** lost / damaged / unsuitable are reached only by an incident (which tells the customer) */
export const UpdateCustomerPropertyRequest = z.object({ version: Version, condition: z.enum(['good', 'needs-repair']).optional(), ...propertyFields });
export const VerifyCustomerPropertyRequest = z.object({
  version: Version,
  verifiedOn: IsoDate,
  nextVerificationDue: optDate,
  condition: z.enum(['good', 'needs-repair']),
  note: optText(2000),
});
/** An incident: what happened, and the message to the customer (logged as an outgoing communication). */
export const PropertyIncidentRequest = z.object({
  version: Version,
  kind: IncidentKind,
  occurredOn: IsoDate,
  description: text(4000),
  channel: Channel,
  contactId: Id.nullable()
    .optional()
    .transform((v) => v ?? null),
  subject: text(200),
  content: text(20000),
});
export const PropertyActionRequest = z.object({
  title: text(200),
  description: optText(4000),
  ownerId: Id,
  department: z.string().trim().min(1).max(40),
  dueDate: IsoDate,
});

// ---- customer-specific requirements -------------------------------------------------------
export const deploymentTargets = ['procedure', 'kpi', 'control-plan', 'work-instruction', 'document', 'other'] as const;
export const DeploymentTarget = z.enum(deploymentTargets).describe('程序 / 指标 / 控制计划 / 作业指导书 / 文件 / 其他');

export const CsrDeployment = z.object({
  id: Id,
  target: DeploymentTarget,
  reference: z.string().describe('which procedure / KPI / document (no. and revision)'),
  change: z.string().describe('what was changed'),
  department: z.string(),
  doneOn: IsoDate,
  doneByName: z.string().nullable(),
  createdAt: IsoDateTime,
});

export const CsrDocument = z.object({
  id: Id,
  number: z.string().describe('CSR-00001'),
  partyId: Id,
  partyCode: z.string(),
  partyName: z.string(),
  title: z.string(),
  documentNo: z.string().nullable(),
  revision: z.string(),
  receivedDate: IsoDate,
  notes: z.string().nullable(),
  supersedesId: Id.nullable(),
  supersedesNumber: z.string().nullable(),
  supersededById: Id.nullable(),
  supersededByNumber: z.string().nullable(),
  inForce: z.boolean().describe('reviewed, deployed and not superseded'),
  state: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  deployments: z.array(CsrDeployment),
  documents: z.array(Attachment),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  version: Version,
});
export type TCsrDocument = z.infer<typeof CsrDocument>;
export const CsrSummary = CsrDocument.omit({ deployments: true, documents: true }).extend({ deploymentCount: z.int() });
export const CsrList = z.object({ items: z.array(CsrSummary) });
export const CsrQuery = z.object({
  partyId: Id.optional(),
  inForce: z.enum(['true', 'false']).optional(),
  current: z.enum(['true', 'false']).optional().describe('true: not superseded'),
  q: z.string().trim().max(100).optional(),
});

const csrFields = {
  title: text(300),
  documentNo: optText(100),
  revision: text(40),
  receivedDate: IsoDate,
  notes: optText(4000),
  attachmentIds: z.array(Id).max(20).default([]),
};
export const CreateCsrRequest = z.object({
  partyId: Id,
  supersedesId: Id.nullable()
    .optional()
    .transform((v) => v ?? null)
    .describe('the earlier revision this one replaces'),
  ...csrFields,
});
export const UpdateCsrRequest = z.object({ version: Version, ...csrFields });
export const CsrDeploymentRequest = z.object({
  version: Version,
  target: DeploymentTarget,
  reference: text(300),
  change: text(4000),
  department: z.string().trim().min(1).max(40),
  doneOn: IsoDate,
});
