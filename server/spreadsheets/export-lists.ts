import { CustomerListQuery } from '../../contracts/parties.js';
import { CommunicationListQuery } from '../../contracts/communications.js';
import { OrderListQuery } from '../../contracts/orders.js';
import { QuotationListQuery } from '../../contracts/quotations.js';
import { ComplaintListQuery } from '../../contracts/complaints.js';
import { ActionListQuery } from '../../contracts/actions.js';
import { ProductListQuery } from '../../contracts/products.js';
import { VendorListQuery } from '../../contracts/outsourcing.js';
import { listCustomers, selectContacts } from '../parties/index.js';
import { listCommunications } from '../communications/index.js';
import { listOrders } from '../orders/index.js';
import { listQuotations } from '../quotations/index.js';
import { listComplaints } from '../complaints/index.js';
import { listActions } from '../actions/index.js';
import { listProducts } from '../products/index.js';
import { listVendors } from '../outsourcing/index.js';
import { logPersonalDataViews } from '../privacy/index.js';
import { getCampaign, listResponses } from '../surveys/index.js';
import { auditTrail } from '../platform/audit/index.js';
import { redact } from '../platform/http/redact.js';
import { AuditTrailQuery } from '../../contracts/platform.js';
import { z } from 'zod';
import { Id } from '../../contracts/common.js';
import { registerExportList, type ExportColumn } from './export-registry.js';

type Q<T> = T & { page: number; pageSize: number };
const paged = <T>(q: Record<string, unknown>, page: number, pageSize: number) => ({ ...q, page, pageSize }) as Q<T>;

type CustomerRow = Awaited<ReturnType<typeof listCustomers>>['items'][number];
const customerColumns: ExportColumn<CustomerRow>[] = [
  { key: 'code', zh: '客户编号', en: 'Customer code' },
  { key: 'nameZh', zh: '客户名称', en: 'Name (Chinese)', width: 30 },
  { key: 'nameEn', zh: '英文名称', en: 'Name (English)', width: 30 },
  { key: 'grade', zh: '等级', en: 'Grade' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'ownerName', zh: '负责人', en: 'Owner' },
  { key: 'lastContactAt', zh: '最近联系', en: 'Last contact', kind: 'datetime', width: 18 },
  { key: 'contactCadenceDays', zh: '联系周期（天）', en: 'Contact cadence (days)', kind: 'number' },
  { key: 'effectiveCadenceDays', zh: '生效联系周期（天，含价值分层默认）', en: 'Cadence in force (days, incl. segment default)', kind: 'number' },
  { key: 'contactDue', zh: '逾期未联系', en: 'Contact due', kind: 'bool' },
  { key: 'abcClass', zh: 'ABC 价值分类', en: 'ABC value class' },
  { key: 'highValue', zh: '重点客户', en: 'High value', kind: 'bool' },
  { key: 'acceptedByGm', zh: '总经理已接纳', en: 'Accepted by GM', kind: 'bool' },
  { key: 'voided', zh: '已作废', en: 'Voided', kind: 'bool' },
];

type PartyContact = Awaited<ReturnType<typeof selectContacts>>[number];
interface ContactRow extends PartyContact {
  customerCode: string;
  customerName: string;
}
const contactColumns: ExportColumn<ContactRow>[] = [
  { key: 'customerCode', zh: '客户编号', en: 'Customer code' },
  { key: 'customerName', zh: '客户名称', en: 'Customer', width: 30 },
  { key: 'name', zh: '联系人', en: 'Contact' },
  { key: 'title', zh: '职务', en: 'Title' },
  { key: 'phone', zh: '电话', en: 'Phone' },
  { key: 'mobile', zh: '手机', en: 'Mobile' },
  { key: 'email', zh: '邮箱', en: 'Email', width: 28 },
  { key: 'im', zh: '微信/IM', en: 'IM / WeChat' },
  { key: 'preferredChannel', zh: '首选沟通方式', en: 'Preferred channel' },
  { key: 'isPrimary', zh: '主要联系人', en: 'Primary', kind: 'bool' },
  { key: 'notes', zh: '备注', en: 'Notes', width: 30 },
];

type CommunicationRow = Awaited<ReturnType<typeof listCommunications>>['items'][number];
const communicationColumns: ExportColumn<CommunicationRow>[] = [
  { key: 'number', zh: '编号', en: 'Number' },
  { key: 'occurredAt', zh: '沟通时间', en: 'When', kind: 'datetime', width: 18 },
  { key: 'partyCode', zh: '客户编号', en: 'Customer code' },
  { key: 'partyName', zh: '客户名称', en: 'Customer', width: 28 },
  { key: 'channel', zh: '沟通方式', en: 'Channel' },
  { key: 'direction', zh: '方向', en: 'Direction' },
  { key: 'topic', zh: '类别', en: 'Topic' },
  { key: 'contactName', zh: '客户联系人', en: 'Contact' },
  { key: 'ourUserName', zh: '我方人员', en: 'Our person' },
  { key: 'subject', zh: '主题', en: 'Subject', width: 30 },
  { key: 'content', zh: '内容', en: 'Content', width: 50 },
  { key: 'result', zh: '结果', en: 'Result', width: 30 },
  { key: 'followUpDue', zh: '跟进期限', en: 'Follow-up due', kind: 'datetime', width: 18 },
  { key: 'followUpDoneAt', zh: '跟进完成', en: 'Follow-up done', kind: 'datetime', width: 18 },
  { key: 'voided', zh: '已作废', en: 'Voided', kind: 'bool' },
];

type OrderRow = Awaited<ReturnType<typeof listOrders>>['items'][number];
const orderColumns: ExportColumn<OrderRow>[] = [
  { key: 'number', zh: '订单编号', en: 'Order number' },
  { key: 'customerPo', zh: '客户订单号', en: 'Customer PO' },
  { key: 'partyCode', zh: '客户编号', en: 'Customer code' },
  { key: 'partyName', zh: '客户名称', en: 'Customer', width: 28 },
  { key: 'form', zh: '订单形式', en: 'Form' },
  { key: 'type', zh: '订单类别', en: 'Type' },
  { key: 'orderDate', zh: '订单日期', en: 'Order date', kind: 'date' },
  { key: 'receivedAt', zh: '接收时间', en: 'Received', kind: 'datetime', width: 18 },
  { key: 'receiverName', zh: '接收人', en: 'Received by' },
  { key: 'status', zh: '当前步骤', en: 'Step' },
  { key: 'lineCount', zh: '行数', en: 'Lines', kind: 'number' },
  { key: 'firstRequestedDate', zh: '最早要求交期', en: 'First requested date', kind: 'date' },
  { key: 'writtenOrderOnFile', zh: '书面订单已存档', en: 'Written order on file', kind: 'bool' },
  { key: 'openClarifications', zh: '待澄清', en: 'Open clarifications', kind: 'number' },
  { key: 'closed', zh: '已关闭', en: 'Closed', kind: 'bool' },
];

type QuotationRow = Awaited<ReturnType<typeof listQuotations>>['items'][number];
const quotationColumns: ExportColumn<QuotationRow>[] = [
  { key: 'number', zh: '报价单号', en: 'Quotation' },
  { key: 'revision', zh: '版本', en: 'Revision', kind: 'number' },
  { key: 'partyCode', zh: '客户编号', en: 'Customer code' },
  { key: 'partyName', zh: '客户名称', en: 'Customer', width: 28 },
  { key: 'issueDate', zh: '报价日期', en: 'Issued', kind: 'date' },
  { key: 'validUntil', zh: '有效期至', en: 'Valid until', kind: 'date' },
  { key: 'currency', zh: '币种', en: 'Currency' },
  { key: 'lineCount', zh: '行数', en: 'Lines', kind: 'number' },
  { key: 'totalAmount', zh: '总金额', en: 'Total amount', kind: 'number' },
  { key: 'status', zh: '当前步骤', en: 'Step' },
  { key: 'result', zh: '结果', en: 'Result' },
  { key: 'salespersonName', zh: '业务员', en: 'Salesperson' },
  { key: 'sentAt', zh: '发出时间', en: 'Sent', kind: 'datetime', width: 18 },
  { key: 'followUpDue', zh: '下次跟进', en: 'Follow-up due', kind: 'date' },
  { key: 'ageDays', zh: '天数', en: 'Age (days)', kind: 'number' },
];

type ComplaintRow = Awaited<ReturnType<typeof listComplaints>>['items'][number];
const complaintColumns: ExportColumn<ComplaintRow>[] = [
  { key: 'number', zh: '投诉编号', en: 'Complaint' },
  { key: 'kind', zh: '类型', en: 'Kind' },
  { key: 'partyCode', zh: '客户编号', en: 'Customer code' },
  { key: 'partyName', zh: '客户名称', en: 'Customer', width: 28 },
  { key: 'channel', zh: '渠道', en: 'Channel' },
  { key: 'receivedAt', zh: '接收时间', en: 'Received', kind: 'datetime', width: 18 },
  { key: 'model', zh: '型号', en: 'Model' },
  { key: 'lot', zh: '批号', en: 'Lot' },
  { key: 'defectiveQuantity', zh: '不良数量', en: 'Defective qty', kind: 'number' },
  { key: 'severity', zh: '严重度', en: 'Severity' },
  { key: 'path', zh: '处理路径', en: 'Path' },
  { key: 'status', zh: '当前步骤', en: 'Step' },
  { key: 'ageDays', zh: '天数', en: 'Age (days)', kind: 'number' },
  { key: 'dueAt', zh: '期限', en: 'Due', kind: 'datetime', width: 18 },
  { key: 'overdue', zh: '逾期', en: 'Overdue', kind: 'bool' },
  { key: 'closed', zh: '已关闭', en: 'Closed', kind: 'bool' },
];

type ActionRow = Awaited<ReturnType<typeof listActions>>['items'][number];
const actionColumns: ExportColumn<ActionRow>[] = [
  { key: 'number', zh: '编号', en: 'Number' },
  { key: 'title', zh: '措施', en: 'Action', width: 36 },
  { key: 'ownerName', zh: '负责人', en: 'Owner' },
  { key: 'dueDate', zh: '期限', en: 'Due date', kind: 'date' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'overdue', zh: '逾期', en: 'Overdue', kind: 'bool' },
  { key: 'completedAt', zh: '完成时间', en: 'Completed', kind: 'datetime', width: 18 },
  { key: 'verificationResult', zh: '验证结果', en: 'Verification' },
];

type ProductRow = Awaited<ReturnType<typeof listProducts>>['items'][number];
const productColumns: ExportColumn<ProductRow>[] = [
  { key: 'model', zh: '型号', en: 'Model' },
  { key: 'spec', zh: '规格', en: 'Specification', width: 30 },
  { key: 'nameZh', zh: '中文名称', en: 'Name (Chinese)', width: 24 },
  { key: 'nameEn', zh: '英文名称', en: 'Name (English)', width: 24 },
  { key: 'inBom', zh: '在BOM中', en: 'In BOM', kind: 'bool' },
  { key: 'notes', zh: '备注', en: 'Notes', width: 30 },
  { key: 'voided', zh: '已作废', en: 'Voided', kind: 'bool' },
];

type VendorRow = Awaited<ReturnType<typeof listVendors>>['items'][number];
const vendorColumns: ExportColumn<VendorRow>[] = [
  { key: 'code', zh: '编号', en: 'Code' },
  { key: 'nameZh', zh: '名称', en: 'Name (Chinese)', width: 28 },
  { key: 'nameEn', zh: '英文名称', en: 'Name (English)', width: 28 },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'scope', zh: '加工范围', en: 'Scope', width: 30 },
  { key: 'notes', zh: '备注', en: 'Notes', width: 30 },
];

type ResponseRow = Awaited<ReturnType<typeof listResponses>>['items'][number];
const npsCategory = (r: ResponseRow) => (r.recommend === null ? null : r.recommend >= 9 ? 'promoter' : r.recommend >= 7 ? 'passive' : 'detractor');
/** the fixed columns of a campaign's answers; one score column per question follows (columnsFor) */
const responseColumns: ExportColumn<ResponseRow>[] = [
  { key: 'campaignNumber', zh: '调查编号', en: 'Survey' },
  { key: 'partyName', zh: '客户', en: 'Customer', width: 28 },
  { key: 'contactName', zh: '答卷人', en: 'Respondent' },
  { key: 'source', zh: '来源', en: 'Source' },
  { key: 'respondedAt', zh: '答卷时间', en: 'Answered', kind: 'datetime', width: 18 },
  { key: 'recommend', zh: '推荐意愿（0–10）', en: 'Recommend (0–10)', kind: 'number' },
  { key: 'npsCategory', zh: 'NPS 类别', en: 'NPS category', value: npsCategory },
  { key: 'index', zh: '满意度指数', en: 'Satisfaction index', kind: 'number', value: (r) => Math.round(r.index * 10) / 10 },
  { key: 'low', zh: '低分项', en: 'Low scores', value: (r) => r.low.join(', ') },
  { key: 'comments', zh: '意见与建议', en: 'Comments', width: 40 },
  { key: 'enteredByName', zh: '录入人', en: 'Entered by' },
];
export const SurveyResponsesExportQuery = z.object({ campaignId: Id.describe('the campaign whose answers are exported') });

type AuditRow = Awaited<ReturnType<typeof auditTrail>>['items'][number];
/** before/after as JSON text, at most what a cell holds */
const json = (v: unknown) => (v ? JSON.stringify(v).slice(0, 32_000) : null);
const auditColumns: ExportColumn<AuditRow>[] = [
  { key: 'id', zh: '序号', en: 'No.' },
  { key: 'at', zh: '时间', en: 'When', kind: 'datetime', width: 18 },
  { key: 'actorName', zh: '操作人', en: 'By' },
  { key: 'refType', zh: '记录类型', en: 'Record type', value: (r) => r.ref.type },
  { key: 'refId', zh: '记录', en: 'Record', value: (r) => r.ref.id, width: 38 },
  { key: 'action', zh: '操作', en: 'Action' },
  { key: 'reason', zh: '原因', en: 'Reason', width: 30 },
  { key: 'before', zh: '修改前', en: 'Before', value: (r) => json(r.before), width: 50 },
  { key: 'after', zh: '修改后', en: 'After', value: (r) => json(r.after), width: 50 },
];

let registered = false;

/** The exportable lists: each with the list page's query contract and service. */
export function registerExportLists() {
  if (registered) return;
  registered = true;
  registerExportList({
    id: 'customers',
    title: { zh: '客户', en: 'Customers' },
    access: { permission: 'customers.read' },
    query: CustomerListQuery,
    columns: customerColumns,
    fetch: (db, _auth, q, page, pageSize) => listCustomers(db, paged(q, page, pageSize)),
  });
  registerExportList<ContactRow>({
    id: 'contacts',
    title: { zh: '联系人', en: 'Contacts' },
    access: { permission: 'customers.read' },
    query: CustomerListQuery,
    columns: contactColumns,
    // the contacts of the customers the list shows (same filters and sort), customer by customer
    fetch: async (db, _auth, q, page, pageSize) => {
      const { items: customers } = await listCustomers(db, paged(q, page, Math.max(1, Math.floor(pageSize / 5))));
      const contacts = await selectContacts(
        db,
        customers.map((c) => c.id),
      );
      const byParty = new Map<string, PartyContact[]>();
      for (const c of contacts) {
        if (c.voidedAt) continue;
        byParty.set(c.partyId, [...(byParty.get(c.partyId) ?? []), c]);
      }
      const items = customers.flatMap((cu) => (byParty.get(cu.id) ?? []).map((c) => ({ ...c, customerCode: cu.code, customerName: cu.nameZh })));
      // more customers may follow while their page was full, however many contacts this one held
      return { items, more: customers.length === Math.max(1, Math.floor(pageSize / 5)) };
    },
    personalShown: (db, auth, items) => logPersonalDataViews(db, auth.userId, new Set(items.map((c) => c.id)), 'GET /api/exports/contacts'),
  });
  registerExportList({
    id: 'communications',
    title: { zh: '沟通记录', en: 'Communications' },
    access: { permission: 'communications.read' },
    query: CommunicationListQuery,
    columns: communicationColumns,
    fetch: (db, _auth, q, page, pageSize) => listCommunications(db, paged(q, page, pageSize)),
  });
  registerExportList({
    id: 'orders',
    title: { zh: '客户订单', en: 'Orders' },
    access: { permission: 'orders.read' },
    query: OrderListQuery,
    columns: orderColumns,
    fetch: (db, _auth, q, page, pageSize) => listOrders(db, paged(q, page, pageSize)),
  });
  registerExportList({
    id: 'quotations',
    title: { zh: '报价', en: 'Quotations' },
    access: { permission: 'quotations.read' },
    query: QuotationListQuery,
    columns: quotationColumns,
    fetch: (db, _auth, q, page, pageSize) => listQuotations(db, paged(q, page, pageSize)),
  });
  registerExportList({
    id: 'complaints',
    title: { zh: '客户投诉', en: 'Complaints' },
    access: { permission: 'complaints.read' },
    query: ComplaintListQuery,
    columns: complaintColumns,
    fetch: (db, _auth, q, page, pageSize) => listComplaints(db, paged(q, page, pageSize)),
  });
  registerExportList({
    id: 'actions',
    title: { zh: '措施项', en: 'Action items' },
    access: { authenticated: true },
    query: ActionListQuery,
    columns: actionColumns,
    fetch: (db, auth, q, page, pageSize) => listActions(db, auth, paged(q, page, pageSize)),
  });
  registerExportList({
    id: 'products',
    title: { zh: '型号目录', en: 'Products' },
    access: { permission: 'products.read' },
    query: ProductListQuery,
    columns: productColumns,
    fetch: (db, _auth, q, page, pageSize) => listProducts(db, paged(q, page, pageSize)),
  });
  registerExportList({
    id: 'vendors',
    title: { zh: '合格外包加工商', en: 'Qualified vendors' },
    access: { permission: 'orders.read' },
    query: VendorListQuery,
    columns: vendorColumns,
    // the vendor list is not paged on screen either
    fetch: async (db, _auth, q, page) => (page === 1 ? listVendors(db, q as never) : { items: [] }),
  });
  registerExportList<ResponseRow>({
    id: 'survey-responses',
    title: { zh: '满意度调查答卷', en: 'Survey answers' },
    access: { permission: 'surveys.answers.read' },
    query: SurveyResponsesExportQuery,
    columns: responseColumns,
    // one score column per question of the campaign's questionnaire, in its order
    columnsFor: async (db, q) => {
      const c = await getCampaign(db, String(q.campaignId));
      return c.template.dimensions.map((d) => ({
        key: `score.${d.key}`,
        zh: d.name.zh,
        en: d.name.en,
        kind: 'number' as const,
        value: (r: ResponseRow) => r.scores[d.key] ?? null,
      }));
    },
    // the campaign's answers are one screen, not paged
    fetch: async (db, _auth, q, page) => (page === 1 ? listResponses(db, String(q.campaignId)) : { items: [] }),
  });
  registerExportList<AuditRow>({
    id: 'audit',
    title: { zh: '审计记录', en: 'Audit trail' },
    access: { permission: 'audit.read' },
    query: AuditTrailQuery,
    columns: auditColumns,
    // the same page, filters and order as the audit page; before/after without prices or personal data for a user without the right
    fetch: async (db, auth, q, page, pageSize) => {
      const { items } = await auditTrail(db, { ...(q as object), page, pageSize } as never, false);
      return { items: items.map((e) => ({ ...e, before: e.before && redact(e.before, auth.visible), after: e.after && redact(e.after, auth.visible) })) };
    },
  });
}
