/**
 * The notification texts for mail and group robots, the same wording as the bell's (web/src/i18n, notifications.messages);
 * `{name}` is a parameter. The web keeps its own copy so the first load stays small; a test compares the two.
 */
export const notificationTexts: { zh: Record<string, string>; en: Record<string, string> } = {
  zh: {
    communication_assigned: '您被指定为我方人员：{title}',
    clock_dueSoon: '即将到期：{title}（{step}，期限 {dueAt}）',
    clock_overdue: '已逾期：{title}（{step}，期限 {dueAt}）',
    clock_escalated: '逾期升级（时限已用 {percent}%）：{title}（{step}，期限 {dueAt}）',
    clock_dueSoonNoStep: '即将到期：{title}（期限 {dueAt}）',
    clock_overdueNoStep: '已逾期：{title}（期限 {dueAt}）',
    clock_escalatedNoStep: '逾期升级（时限已用 {percent}%）：{title}（期限 {dueAt}）',
    action_assigned: '分派给您的措施：{title}，期限 {dueDate}',
    action_claimed: '{by} 认领了您的措施：{title}',
    action_verify: '请验证措施的有效性：{title}',
    order_planReported: '交货计划汇报：{title}\n{plan}',
    quotation_accepted: '报价结果：客户接受 {title}',
    quotation_rejected: '报价结果：客户拒绝 {title}',
    quotation_expired: '报价结果：已过期 {title}',
    quotation_superseded: '报价结果：被新版本取代 {title}',
    visit_notice: '客户访厂通知，请签收：{title}（{dates}）',
    plan_reply: '{department} 已反馈沟通计划：{title}',
    meeting_minutes: '会议记要已分发，请签收：{title}',
    account_locked: '您的账户在 {failures} 次登录失败后被锁定 {minutes} 分钟。如果不是您本人操作，请告知管理员并修改密码。',
    webhook_disabled: 'Webhook 订阅“{name}”连续 {failures} 次投递失败，已自动停用。请检查接收地址后在“系统管理 → Webhook”中重新启用。',
  },
  en: {
    communication_assigned: 'You are our person on {title}',
    clock_dueSoon: 'Due soon: {title} ({step}, due {dueAt})',
    clock_overdue: 'Overdue: {title} ({step}, was due {dueAt})',
    clock_escalated: 'Escalated ({percent}% of the time used): {title} ({step}, was due {dueAt})',
    clock_dueSoonNoStep: 'Due soon: {title} (due {dueAt})',
    clock_overdueNoStep: 'Overdue: {title} (was due {dueAt})',
    clock_escalatedNoStep: 'Escalated ({percent}% of the time used): {title} (was due {dueAt})',
    action_assigned: 'Action assigned to you: {title}, due {dueDate}',
    action_claimed: '{by} took over your action item: {title}',
    action_verify: 'Please check the effect of {title}',
    order_planReported: 'Delivery plan reported: {title}\n{plan}',
    quotation_accepted: 'Quotation accepted: {title}',
    quotation_rejected: 'Quotation rejected: {title}',
    quotation_expired: 'Quotation expired: {title}',
    quotation_superseded: 'Quotation superseded by a revision: {title}',
    visit_notice: 'Visit notice to acknowledge: {title} ({dates})',
    plan_reply: '{department} replied to {title}',
    meeting_minutes: 'Minutes to acknowledge: {title}',
    account_locked:
      'Your account was locked for {minutes} min after {failures} failed sign-ins. If that was not you, tell the administrator and change your password.',
    webhook_disabled:
      'The webhook subscription "{name}" failed {failures} times in a row and was switched off. Check the receiving address, then enable it again under Administration → Webhooks.',
  },
};
