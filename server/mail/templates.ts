import type { templateKeys } from '../../contracts/mail.js';

type Key = (typeof templateKeys)[number];
interface DefaultTemplate {
  subject: { zh: string; en: string };
  body: { zh: string; en: string };
  /** variables the text may use; those in `pending` are filled only when the mail leaves */
  variables: string[];
}

const common = ['customerName', 'contactName', 'senderName', 'companyName', 'recordNumber'];

/**
 * The templates shipped with Accord: revision 1 of each key, written into mail_templates on first use. An
 * administrator's edit is a new revision; the mail queue keeps which revision each mail was written from.
 * `{{name}}` is a variable; the record's number is kept in the subject as [number] so the customer's answer threads back.
 */
export const defaultTemplates: Record<Key, DefaultTemplate> = {
  'survey-invitation': {
    subject: { zh: '顾客满意度调查 [{{recordNumber}}]', en: 'Customer satisfaction survey [{{recordNumber}}]' },
    body: {
      zh: '{{contactName}}，您好：\n\n感谢贵司一直以来的支持。为持续改进我们的产品和服务，诚邀您填写本期顾客满意度调查，约需 5 分钟：\n\n{{link}}\n\n请于 {{deadline}} 前填写。此链接仅供您本人使用，提交一次后即失效。\n\n{{senderName}}\n{{companyName}}',
      en: "Dear {{contactName}},\n\nThank you for your continued business. To keep improving our products and service, we would be grateful if you could answer this period's customer satisfaction survey (about 5 minutes):\n\n{{link}}\n\nPlease answer by {{deadline}}. The link is for you only and takes one answer.\n\n{{senderName}}\n{{companyName}}",
    },
    variables: [...common, 'deadline', 'link'],
  },
  'survey-reminder': {
    subject: { zh: '提醒：顾客满意度调查 [{{recordNumber}}]', en: 'Reminder: customer satisfaction survey [{{recordNumber}}]' },
    body: {
      zh: '{{contactName}}，您好：\n\n我们尚未收到您对本期顾客满意度调查的回复，恳请您于 {{deadline}} 前抽空填写：\n\n{{link}}\n\n如已填写，请忽略本邮件。\n\n{{senderName}}\n{{companyName}}',
      en: "Dear {{contactName}},\n\nWe have not yet received your answer to this period's customer satisfaction survey. Please take a moment to answer by {{deadline}}:\n\n{{link}}\n\nIf you have already answered, please ignore this mail.\n\n{{senderName}}\n{{companyName}}",
    },
    variables: [...common, 'deadline', 'link'],
  },
  'complaint-confirmation': {
    subject: {
      zh: '投诉 {{recordNumber}} 的 8D 报告请您确认 [{{recordNumber}}]',
      en: '8D report for complaint {{recordNumber}}: your confirmation [{{recordNumber}}]',
    },
    body: {
      zh: '{{contactName}}，您好：\n\n关于贵司投诉 {{recordNumber}}，我们已完成原因分析和纠正措施。请通过以下链接查看 8D 报告，并确认是否同意结案：\n\n{{link}}\n\n链接于 {{expiresAt}} 前有效，仅可使用一次。如有疑问请直接回复本邮件。\n\n{{senderName}}\n{{companyName}}',
      en: 'Dear {{contactName}},\n\nRegarding your complaint {{recordNumber}}, we have completed the root cause analysis and corrective actions. Please review the 8D report through the link below and tell us whether you accept the closure:\n\n{{link}}\n\nThe link is valid until {{expiresAt}} and can be used once. If you have any question, simply reply to this mail.\n\n{{senderName}}\n{{companyName}}',
    },
    variables: [...common, 'expiresAt', 'link'],
  },
  'delivery-date-change': {
    subject: { zh: '订单 {{recordNumber}} 交期变更通知 [{{recordNumber}}]', en: 'Order {{recordNumber}}: change of delivery date [{{recordNumber}}]' },
    body: {
      zh: '{{contactName}}，您好：\n\n关于贵司订单 {{recordNumber}}（客户订单号 {{customerPo}}），交期有如下变更：\n\n{{changes}}\n\n给您带来不便，敬请谅解。请回复本邮件确认，谢谢！\n\n{{senderName}}\n{{companyName}}',
      en: 'Dear {{contactName}},\n\nRegarding your order {{recordNumber}} (your PO {{customerPo}}), the delivery dates change as follows:\n\n{{changes}}\n\nWe apologise for any inconvenience. Please confirm by replying to this mail. Thank you!\n\n{{senderName}}\n{{companyName}}',
    },
    variables: [...common, 'customerPo', 'changes'],
  },
  general: {
    subject: { zh: '[{{recordNumber}}] ', en: '[{{recordNumber}}] ' },
    body: { zh: '{{contactName}}，您好：\n\n\n\n{{senderName}}\n{{companyName}}', en: 'Dear {{contactName}},\n\n\n\n{{senderName}}\n{{companyName}}' },
    variables: common,
  },
};

/** Variables a sending fills in at the last moment (a single-use link is never stored in the clear). */
export const pendingVariables = ['link'];

/** Fill in `{{name}}`; unknown names and the pending ones are kept as they are. */
export function render(text: string, vars: Record<string, string>, keep: readonly string[] = pendingVariables): string {
  return text.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) => (keep.includes(name) || !(name in vars) ? whole : vars[name]!));
}
