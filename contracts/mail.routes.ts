import { route } from './routes.js';
import type { IdParams, Ok } from './common.js';
import type {
  AssignIncomingRequest,
  ComposeRequest,
  Composed,
  CreateMailboxRequest,
  CreateMailRuleRequest,
  IgnoreIncomingRequest,
  IncomingMail,
  IncomingMailList,
  Mailbox,
  MailboxList,
  MailMessage,
  MailMessageList,
  MailQueueQuery,
  MailRule,
  MailRuleList,
  MailSettings,
  MailTemplate,
  MailTemplateList,
  PollResult,
  RecordMailParams,
  SendMailRequest,
  TemplateKeyParams,
  TestMailRequest,
  TestMailResult,
  TriageQuery,
  UpdateMailboxRequest,
  UpdateMailRuleRequest,
  UpdateMailSettingsRequest,
  UpdateMailTemplateRequest,
} from './mail.js';
import type {
  CreateRobotRequest,
  NotificationMailSettings,
  Robot,
  RobotList,
  UpdateNotificationMailSettingsRequest,
  UpdateRobotRequest,
} from './notifications.js';

/**
 * Mail: outgoing settings, templates and queue, composing and sending on a record, shared mailboxes, incoming rules and
 * triage, notification mail and group robots — every operation's method and path, once (see routes.ts).
 */
export const mailRoutes = {
  // outgoing settings, templates, queue (administration)
  settings: route<{ response: typeof MailSettings }>()('GET', '/api/mail/settings'),
  updateSettings: route<{ body: typeof UpdateMailSettingsRequest; response: typeof MailSettings }>()('PUT', '/api/mail/settings'),
  testSettings: route<{ body: typeof TestMailRequest; response: typeof TestMailResult }>()('POST', '/api/mail/settings/test'),
  templates: route<{ response: typeof MailTemplateList }>()('GET', '/api/mail/templates'),
  updateTemplate: route<{ params: typeof TemplateKeyParams; body: typeof UpdateMailTemplateRequest; response: typeof MailTemplate }>()(
    'PUT',
    '/api/mail/templates/:key',
  ),
  queue: route<{ querystring: typeof MailQueueQuery; response: typeof MailMessageList }>()('GET', '/api/mail/queue'),
  retry: route<{ params: typeof IdParams; response: typeof MailMessage }>()('POST', '/api/mail/queue/:id/retry'),
  // composing and sending on a record
  compose: route<{ body: typeof ComposeRequest; response: typeof Composed }>()('POST', '/api/mail/compose'),
  send: route<{ body: typeof SendMailRequest; response: typeof MailMessage }>()('POST', '/api/mail/send'),
  recordMails: route<{ params: typeof RecordMailParams; response: typeof MailMessageList }>()('GET', '/api/mail/records/:type/:id'),
  // incoming: shared mailboxes (administration) and rules
  mailboxes: route<{ response: typeof MailboxList }>()('GET', '/api/mail/mailboxes'),
  createMailbox: route<{ body: typeof CreateMailboxRequest; response: typeof Mailbox }>()('POST', '/api/mail/mailboxes'),
  updateMailbox: route<{ params: typeof IdParams; body: typeof UpdateMailboxRequest; response: typeof Mailbox }>()('PUT', '/api/mail/mailboxes/:id'),
  pollMailbox: route<{ params: typeof IdParams; response: typeof PollResult }>()('POST', '/api/mail/mailboxes/:id/poll'),
  rules: route<{ response: typeof MailRuleList }>()('GET', '/api/mail/rules'),
  createRule: route<{ body: typeof CreateMailRuleRequest; response: typeof MailRule }>()('POST', '/api/mail/rules'),
  updateRule: route<{ params: typeof IdParams; body: typeof UpdateMailRuleRequest; response: typeof MailRule }>()('PUT', '/api/mail/rules/:id'),
  // incoming: triage
  incoming: route<{ querystring: typeof TriageQuery; response: typeof IncomingMailList }>()('GET', '/api/mail/incoming'),
  assignIncoming: route<{ params: typeof IdParams; body: typeof AssignIncomingRequest; response: typeof IncomingMail }>()(
    'POST',
    '/api/mail/incoming/:id/assign',
  ),
  ignoreIncoming: route<{ params: typeof IdParams; body: typeof IgnoreIncomingRequest; response: typeof IncomingMail }>()(
    'POST',
    '/api/mail/incoming/:id/ignore',
  ),
  // notifications by mail: the user's own choice per kind; group robots per department (administration)
  myNotificationMail: route<{ response: typeof NotificationMailSettings }>()('GET', '/api/me/notification-mail'),
  updateMyNotificationMail: route<{ body: typeof UpdateNotificationMailSettingsRequest; response: typeof NotificationMailSettings }>()(
    'PUT',
    '/api/me/notification-mail',
  ),
  robots: route<{ response: typeof RobotList }>()('GET', '/api/mail/robots'),
  createRobot: route<{ body: typeof CreateRobotRequest; response: typeof Robot }>()('POST', '/api/mail/robots'),
  updateRobot: route<{ params: typeof IdParams; body: typeof UpdateRobotRequest; response: typeof Robot }>()('PUT', '/api/mail/robots/:id'),
  testRobot: route<{ params: typeof IdParams; response: typeof Ok }>()('POST', '/api/mail/robots/:id/test'),
};
