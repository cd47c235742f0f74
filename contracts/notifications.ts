import { z } from 'zod';
import { Id, IsoDateTime, RecordRef, Text, Version } from './common.js';

/**
 * Notifications by e-mail as well as the bell (issue 15): each user chooses per kind immediate / daily digest / off;
 * escalations always mail. Group robots (企业微信 / 钉钉 / 飞书) per department receive the kinds chosen for them.
 */
export const notificationKinds = ['assignment', 'deadline', 'escalation', 'quotation', 'order', 'visit', 'internal', 'account', 'system'] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKindT = (typeof notificationKinds)[number];
export const MailMode = z.enum(['immediate', 'digest', 'off']);
export type MailModeT = z.infer<typeof MailMode>;

/** A notification's kind from its message key (an unknown key counts as `system`). */
export function kindOfMessage(messageKey: string): NotificationKindT {
  if (messageKey === 'clock.overdue' || messageKey === 'clock.escalated') return 'escalation';
  if (messageKey === 'clock.dueSoon') return 'deadline';
  if (messageKey === 'communication.assigned' || messageKey.startsWith('action.')) return 'assignment';
  if (messageKey.startsWith('quotation.')) return 'quotation';
  if (messageKey.startsWith('order.')) return 'order';
  if (messageKey.startsWith('visit.')) return 'visit';
  if (messageKey.startsWith('plan.') || messageKey.startsWith('meeting.')) return 'internal';
  if (messageKey.startsWith('account.')) return 'account';
  return 'system';
}

/** Kinds that always mail at once whatever the user chose. */
export const alwaysMailed: readonly NotificationKindT[] = ['escalation'];
export const defaultMailModes: Record<NotificationKindT, MailModeT> = {
  assignment: 'immediate',
  deadline: 'digest',
  escalation: 'immediate',
  quotation: 'digest',
  order: 'digest',
  visit: 'immediate',
  internal: 'digest',
  account: 'immediate',
  system: 'immediate',
};

export const NotificationMailSettings = z.object({
  /** the user's work address the mail goes to ('' : no mail can be sent) */
  sendTo: z.string(),
  modes: z.record(NotificationKind, MailMode),
  alwaysMailed: z.array(NotificationKind),
  /** the hour (site time) the daily digest leaves on working days */
  digestHour: z.int(),
  version: z.int(),
});
export const UpdateNotificationMailSettingsRequest = z.object({
  version: Version,
  modes: z.partialRecord(NotificationKind, MailMode),
});

// ---- group robots ---------------------------------------------------------------------------
export const robotProviders = ['wecom', 'dingtalk', 'feishu'] as const;
export const RobotProvider = z.enum(robotProviders);
const RobotUrl = Text()
  .trim()
  .max(1000)
  .pipe(z.url({ protocol: /^https?$/ }));
export const Robot = z.object({
  id: Id,
  departmentId: Id,
  provider: RobotProvider,
  name: z.string(),
  url: z.string(),
  /** the signing secret is never sent back */
  secretSet: z.boolean(),
  kinds: z.array(NotificationKind),
  active: z.boolean(),
  lastError: z.string().nullable(),
  lastSentAt: z.string().nullable(),
  version: z.int(),
});
export const RobotList = z.object({ items: z.array(Robot) });
export const CreateRobotRequest = z.object({
  departmentId: Id,
  provider: RobotProvider,
  name: Text().trim().min(1).max(100),
  url: RobotUrl,
  /** DingTalk 加签 / Feishu 签名校验 secret; omitted: unsigned */
  secret: Text().trim().max(500).optional(),
  kinds: z.array(NotificationKind).min(1).max(notificationKinds.length),
  active: z.boolean().default(true),
});
export const UpdateRobotRequest = CreateRobotRequest.omit({ secret: true }).extend({
  version: Version,
  /** omitted or null: keep; '' clears */
  secret: Text().trim().max(500).nullable().optional(),
});

/** One of my notifications (the bell), with the record it is about and where the app shows it. */
export const NotificationItem = z.object({
  id: Id,
  ref: RecordRef,
  messageKey: z.string(),
  params: z.record(z.string(), z.string()),
  url: z.string(),
  createdAt: IsoDateTime,
  read: z.boolean(),
});
export const NotificationList = z.object({ items: z.array(NotificationItem), unread: z.int() });
