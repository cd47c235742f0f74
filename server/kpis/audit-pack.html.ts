import type { Locale } from '../../contracts/errors.js';

/**
 * The audit pack's pages: self-contained HTML (inline style, no script, no external reference) that opens from the
 * unzipped folder in any browser and prints on A4. The records are rendered from the same presented (and redacted)
 * objects the web app's print pages fetch; a form names the header fields and the sections it shows.
 */
export type Bi = { zh: string; en: string };
export interface FormSpec {
  title: Bi;
  fields: string[];
  sections: string[];
  /** keys never shown on this form whatever the viewer may see (a production notice carries no prices) */
  omit?: string[];
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const t = (b: Bi, locale: Locale) => (locale === 'zh-CN' ? b.zh : b.en);

const labels: Record<string, Bi> = {
  number: { zh: '编号', en: 'Number' },
  partyName: { zh: '客户', en: 'Customer' },
  partyCode: { zh: '客户编号', en: 'Customer code' },
  customerPo: { zh: '客户订单号', en: 'Customer PO' },
  form: { zh: '订单形式', en: 'Order form' },
  orderDate: { zh: '订单日期', en: 'Order date' },
  receivedAt: { zh: '接收时间', en: 'Received' },
  receiverName: { zh: '接收人', en: 'Received by' },
  contactName: { zh: '联系人', en: 'Contact' },
  notes: { zh: '备注', en: 'Notes' },
  computedType: { zh: '订单类别', en: 'Order type' },
  type: { zh: '类别', en: 'Type' },
  classificationReasons: { zh: '分类理由', en: 'Classification reasons' },
  reviewedAt: { zh: '评审时间', en: 'Reviewed' },
  major: { zh: '重大订单', en: 'Major order' },
  reviewMeeting: { zh: '评审会议', en: 'Review meeting' },
  reviewWaiver: { zh: '免评审', en: 'Review waiver' },
  lines: { zh: '订单明细', en: 'Lines' },
  clarifications: { zh: '澄清事项', en: 'Clarifications' },
  deliveryPlanRevision: { zh: '交货计划版次', en: 'Delivery plan revision' },
  deliveryChanges: { zh: '交期变更', en: 'Delivery date changes' },
  shipments: { zh: '出货', en: 'Shipments' },
  status: { zh: '状态', en: 'Status' },
  state: { zh: '状态', en: 'State' },
  model: { zh: '型号', en: 'Model' },
  spec: { zh: '规格', en: 'Specification' },
  quantity: { zh: '数量', en: 'Quantity' },
  unit: { zh: '单位', en: 'Unit' },
  unitPrice: { zh: '单价', en: 'Unit price' },
  lineAmount: { zh: '金额', en: 'Amount' },
  totalAmount: { zh: '总金额', en: 'Total amount' },
  requestedDate: { zh: '要求交期', en: 'Requested date' },
  kind: { zh: '类型', en: 'Kind' },
  channel: { zh: '渠道', en: 'Channel' },
  lot: { zh: '批号', en: 'Lot' },
  deliveredQuantity: { zh: '交付数量', en: 'Delivered quantity' },
  defectiveQuantity: { zh: '不良数量', en: 'Defective quantity' },
  description: { zh: '问题描述', en: 'Description' },
  failureMode: { zh: '失效模式', en: 'Failure mode' },
  remedySought: { zh: '客户要求', en: 'Remedy sought' },
  remedyNote: { zh: '要求说明', en: 'Remedy note' },
  severity: { zh: '严重度', en: 'Severity' },
  acknowledgement: { zh: '确认回复', en: 'Acknowledgement' },
  assessment: { zh: '评估', en: 'Assessment' },
  returns: { zh: '退货', en: 'Returns' },
  team: { zh: 'D1 小组', en: 'D1 Team' },
  problem: { zh: 'D2 问题描述', en: 'D2 Problem' },
  containment: { zh: 'D3 围堵措施', en: 'D3 Containment' },
  rootCause: { zh: 'D4 根本原因', en: 'D4 Root cause' },
  actions: { zh: 'D5/D6 纠正措施', en: 'D5/D6 Corrective actions' },
  effectiveness: { zh: 'D6 有效性验证', en: 'D6 Effectiveness' },
  prevention: { zh: 'D7 预防再发', en: 'D7 Prevention' },
  confirmations: { zh: 'D8 客户确认', en: 'D8 Customer confirmation' },
  disciplines: { zh: '8D 步骤', en: '8D disciplines' },
  recurrences: { zh: '重复发生', en: 'Recurrences' },
  closedAt: { zh: '结案时间', en: 'Closed' },
  direction: { zh: '方向', en: 'Direction' },
  purpose: { zh: '目的', en: 'Purpose' },
  visitors: { zh: '来访人员', en: 'Visitors' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
  focusItems: { zh: '关注事项', en: 'Focus items' },
  accompanying: { zh: '陪同人员', en: 'Accompanying' },
  ndaRequired: { zh: '需保密协议', en: 'NDA required' },
  restrictedAreas: { zh: '限制区域', en: 'Restricted areas' },
  noticeDepartments: { zh: '通知部门', en: 'Departments notified' },
  acknowledgements: { zh: '部门确认', en: 'Acknowledgements' },
  minutes: { zh: '会议/访问纪要', en: 'Minutes' },
  outcomes: { zh: '结论', en: 'Outcomes' },
  nextContact: { zh: '下次联系', en: 'Next contact' },
  findings: { zh: '发现项', en: 'Findings' },
  customerInformed: { zh: '已告知客户', en: 'Customer informed' },
  ownerName: { zh: '负责人', en: 'Owner' },
  campaignNumber: { zh: '调查编号', en: 'Survey' },
  campaignTitle: { zh: '调查名称', en: 'Title' },
  periodFrom: { zh: '评价期间自', en: 'Period from' },
  periodTo: { zh: '评价期间至', en: 'Period to' },
  partyNameEn: { zh: '英文名称', en: 'Name (English)' },
  respondedAt: { zh: '回复时间', en: 'Responded' },
  improvements: { zh: '改善措施', en: 'Improvements' },
  senderName: { zh: '发件人', en: 'Sender' },
  date: { zh: '日期', en: 'Date' },
  replied: { zh: '已回复', en: 'Replied' },
  title: { zh: '标题', en: 'Title' },
  department: { zh: '部门', en: 'Department' },
  dueDate: { zh: '到期日', en: 'Due date' },
  evidence: { zh: '证据', en: 'Evidence' },
  name: { zh: '名称', en: 'Name' },
  note: { zh: '说明', en: 'Note' },
  reason: { zh: '理由', en: 'Reason' },
  at: { zh: '时间', en: 'Time' },
  createdAt: { zh: '创建时间', en: 'Created' },
  createdByName: { zh: '创建人', en: 'Created by' },
  lineNo: { zh: '行号', en: 'Line' },
  inBom: { zh: 'BOM 内', en: 'In BOM' },
  use: { zh: '用途', en: 'Use' },
  qualityStandard: { zh: '质量标准', en: 'Quality standard' },
  hsfRequirement: { zh: '有害物质要求', en: 'HSF requirement' },
  specialRequirements: { zh: '特殊要求', en: 'Special requirements' },
  acceptanceBasis: { zh: '验收依据', en: 'Acceptance basis' },
  currency: { zh: '币种', en: 'Currency' },
  unclear: { zh: '待澄清', en: 'Unclear' },
  unclearNote: { zh: '待澄清说明', en: 'Unclear note' },
  previous: { zh: '上次', en: 'Previous' },
  plannedDate: { zh: '计划交期', en: 'Planned date' },
  shippedQuantity: { zh: '已出货数量', en: 'Shipped quantity' },
  shippedAt: { zh: '出货时间', en: 'Shipped' },
  reasons: { zh: '理由', en: 'Reasons' },
  oldDate: { zh: '原交期', en: 'Old date' },
  newDate: { zh: '新交期', en: 'New date' },
  revision: { zh: '版次', en: 'Revision' },
  result: { zh: '结果', en: 'Result' },
  decision: { zh: '结论', en: 'Decision' },
  signedAt: { zh: '签署时间', en: 'Signed' },
  signedByName: { zh: '签署人', en: 'Signed by' },
  members: { zh: '成员', en: 'Members' },
  leaderName: { zh: '组长', en: 'Leader' },
  owner: { zh: '负责人', en: 'Owner' },
  doneAt: { zh: '完成时间', en: 'Done' },
  dueAt: { zh: '到期时间', en: 'Due' },
  stepId: { zh: '步骤', en: 'Step' },
  enteredAt: { zh: '开始时间', en: 'Entered' },
  completedAt: { zh: '完成时间', en: 'Completed' },
  approverName: { zh: '批准人', en: 'Approved by' },
  approvedByName: { zh: '批准人', en: 'Approved by' },
  late: { zh: '逾期', en: 'Late' },
  reasonNote: { zh: '理由说明', en: 'Reason note' },
  acknowledged: { zh: '客户已确认', en: 'Acknowledged' },
  customerAckAt: { zh: '客户确认时间', en: 'Customer acknowledged' },
  recordedByName: { zh: '记录人', en: 'Recorded by' },
  comment: { zh: '意见', en: 'Comment' },
  attachments: { zh: '附件', en: 'Attachments' },
  fileName: { zh: '文件名', en: 'File name' },
  filename: { zh: '文件名', en: 'File name' },
  size: { zh: '大小', en: 'Size' },
};

const label = (key: string, locale: Locale) =>
  labels[key] ? t(labels[key], locale) : key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
/** ids, versions and hashes mean nothing on paper */
const hidden = (key: string) => key !== 'stepId' && (key === 'id' || key === 'version' || /Ids?$/.test(key) || key === 'sha256' || key === 'storageKey');

/** instants shown in the site's time zone, as the app shows them */
let when: (iso: string) => string = (iso) => iso.slice(0, 16).replace('T', ' ');

function scalar(v: unknown, locale: Locale): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return locale === 'zh-CN' ? (v ? '是' : '否') : v ? 'Yes' : 'No';
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return esc(when(v));
  if (typeof v === 'object' && v !== null && 'zh' in v && 'en' in v) return esc(String(locale === 'zh-CN' ? (v as Bi).zh : (v as Bi).en));
  return esc(String(v)).replace(/\n/g, '<br>');
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('zh' in v && 'en' in v);
}

function value(v: unknown, locale: Locale, omit: Set<string>): string {
  if (Array.isArray(v)) {
    if (!v.length) return '';
    if (v.every((x) => !isPlain(x))) return v.map((x) => scalar(x, locale)).join('、');
    const cols = [...new Set(v.flatMap((x) => (isPlain(x) ? Object.keys(x) : [])))].filter((k) => !hidden(k) && !omit.has(k));
    return `<table><thead><tr>${cols.map((c) => `<th>${esc(label(c, locale))}</th>`).join('')}</tr></thead><tbody>${v
      .map((x) => `<tr>${cols.map((c) => `<td>${value((x as Record<string, unknown>)[c], locale, omit)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  }
  if (isPlain(v)) return fields(v, Object.keys(v), locale, omit);
  return scalar(v, locale);
}

function fields(rec: Record<string, unknown>, keys: string[], locale: Locale, omit: Set<string>) {
  const shown = keys.filter((k) => k in rec && !hidden(k) && !omit.has(k));
  if (!shown.length) return '';
  return `<table class="kv">${shown.map((k) => `<tr><th>${esc(label(k, locale))}</th><td>${value(rec[k], locale, omit)}</td></tr>`).join('')}</table>`;
}

export function page(title: string, body: string, locale: Locale) {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-size:12px;margin:24px;color:#222}
h1{font-size:18px;margin:0 0 4px}h2{font-size:14px;margin:18px 0 6px;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;margin:4px 0}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3;font-weight:600}table.kv th{width:22%}.meta{color:#555;margin-bottom:12px}
@media print{body{margin:10mm}}
</style></head><body>
${body}
</body></html>
`;
}

/** One record's print form. */
export function recordForm(
  spec: FormSpec,
  rec: Record<string, unknown>,
  meta: { org: string; customer: string; generated: string; when: (iso: string) => string },
  locale: Locale,
) {
  when = meta.when;
  const omit = new Set(spec.omit ?? []);
  const title = `${t(spec.title, locale)} ${String(rec.number ?? rec.campaignNumber ?? '')}`.trim();
  const sections = spec.sections
    .filter((k) => k in rec && rec[k] !== null && !(Array.isArray(rec[k]) && !(rec[k] as unknown[]).length))
    .map((k) => `<h2>${esc(label(k, locale))}</h2>${value(rec[k], locale, omit)}`)
    .join('\n');
  return page(
    title,
    `<h1>${esc(title)}</h1><div class="meta">${esc([meta.org, meta.customer, meta.generated].filter(Boolean).join(' · '))}</div>\n${fields(rec, spec.fields, locale, omit)}\n${sections}`,
    locale,
  );
}
