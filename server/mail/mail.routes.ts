import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id } from '../../contracts/common.js';
import {
  AssignIncomingRequest,
  ComposeRequest,
  Composed,
  CreateMailboxRequest,
  CreateMailRuleRequest,
  MailRule,
  MailRuleList,
  UpdateMailRuleRequest,
  IgnoreIncomingRequest,
  IncomingMail,
  IncomingMailList,
  Mailbox,
  MailboxList,
  MailMessage,
  MailMessageList,
  MailQueueQuery,
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
  UpdateMailSettingsRequest,
  UpdateMailTemplateRequest,
} from '../../contracts/mail.js';
import * as service from './mail.service.js';
import * as incoming from './incoming.service.js';
import * as notify from './notify.service.js';
import * as rules from './rules.service.js';
import {
  CreateRobotRequest,
  NotificationMailSettings,
  Robot,
  RobotList,
  UpdateNotificationMailSettingsRequest,
  UpdateRobotRequest,
} from '../../contracts/notifications.js';
import { Ok } from '../../contracts/common.js';

const tags = ['mail'];
const IdParams = z.object({ id: Id });
const admin = { access: { permission: 'users.admin' } } as const;
const adminWrite = { ...admin, record: { anyHolder: 'administration (users.admin)' } } as const;

export async function mailRoutes(app: App) {
  // ---- outgoing settings, templates, queue (administration)
  app.get(
    '/api/mail/settings',
    { config: admin, schema: { tags, summary: 'Outgoing mail settings (the password is never returned)', response: { 200: MailSettings } } },
    async () => service.getSettings(app.db),
  );
  app.put(
    '/api/mail/settings',
    {
      config: adminWrite,
      schema: {
        tags,
        summary: 'Change the outgoing mail settings (the password is kept encrypted)',
        body: UpdateMailSettingsRequest,
        response: { 200: MailSettings },
      },
    },
    async (request) => service.updateSettings(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/mail/settings/test',
    {
      config: adminWrite,
      schema: {
        tags,
        summary: 'Send a test mail now; a failure names its cause (auth, TLS, DNS, refused)',
        body: TestMailRequest,
        response: { 200: TestMailResult },
      },
    },
    async (request) => service.sendTestMail(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/mail/templates',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Mail templates (current revisions)', response: { 200: MailTemplateList } } },
    async () => service.listTemplates(app.db),
  );
  app.put(
    '/api/mail/templates/:key',
    {
      config: adminWrite,
      schema: {
        tags,
        summary: 'Revise a mail template (a new revision)',
        params: TemplateKeyParams,
        body: UpdateMailTemplateRequest,
        response: { 200: MailTemplate },
      },
    },
    async (request) => service.updateTemplate(app.db, requireAuth(request), request.params.key, request.body),
  );
  app.get(
    '/api/mail/queue',
    {
      config: admin,
      schema: { tags, summary: 'The mail queue: queued, sent and failed mail', querystring: MailQueueQuery, response: { 200: MailMessageList } },
    },
    async (request) => service.listQueue(app.db, requireAuth(request), request.query),
  );
  app.post(
    '/api/mail/queue/:id/retry',
    { config: adminWrite, schema: { tags, summary: 'Send a failed or waiting mail again now', params: IdParams, response: { 200: MailMessage } } },
    async (request) => service.retryMail(app.db, requireAuth(request), request.params.id),
  );

  // ---- composing and sending on a record
  app.post(
    '/api/mail/compose',
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'reads only: fills a template from a record the service checks the user may read' },
      },
      schema: {
        tags,
        summary: 'A template filled in from a record, for the user to edit before sending (reads only)',
        body: ComposeRequest,
        response: { 200: Composed },
      },
    },
    async (request) => service.compose(app.db, requireAuth(request), request.body),
  );
  app.post(
    '/api/mail/send',
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'the service checks the user may read the record the mail is about; the mail is logged as a communication' },
      },
      schema: {
        tags,
        summary: 'Queue a mail to a contact about a record (sent by the outbox, logged with its Message-ID)',
        body: SendMailRequest,
        response: { 200: MailMessage },
      },
    },
    async (request) => service.sendMail(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/mail/records/:type/:id',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: "A record's mail and its state (the service checks the record's read permission)",
        params: RecordMailParams,
        response: { 200: MailMessageList },
      },
    },
    async (request) => service.recordMails(app.db, requireAuth(request), request.params),
  );

  // ---- incoming: mailboxes (administration) and triage
  app.get('/api/mail/mailboxes', { config: admin, schema: { tags, summary: 'Shared mailboxes read by Accord', response: { 200: MailboxList } } }, async () =>
    incoming.listMailboxes(app.db),
  );
  app.post(
    '/api/mail/mailboxes',
    { config: adminWrite, schema: { tags, summary: 'Add a shared mailbox (IMAP)', body: CreateMailboxRequest, response: { 200: Mailbox } } },
    async (request) => incoming.createMailbox(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/mail/mailboxes/:id',
    { config: adminWrite, schema: { tags, summary: 'Change a shared mailbox', params: IdParams, body: UpdateMailboxRequest, response: { 200: Mailbox } } },
    async (request) => incoming.updateMailbox(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/mail/mailboxes/:id/poll',
    { config: adminWrite, schema: { tags, summary: 'Read the mailbox now (one batch)', params: IdParams, response: { 200: PollResult } } },
    async (request) => incoming.pollMailbox(app.db, request.params.id),
  );
  // ---- incoming mail rules (administration; audited before/after)
  app.get(
    '/api/mail/rules',
    {
      config: admin,
      schema: { tags, summary: 'Incoming mail rules in the order they are tried (the first matching active rule applies)', response: { 200: MailRuleList } },
    },
    async () => rules.listRules(app.db),
  );
  app.post(
    '/api/mail/rules',
    { config: adminWrite, schema: { tags, summary: 'Add an incoming mail rule', body: CreateMailRuleRequest, response: { 200: MailRule } } },
    async (request) => rules.createRule(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/mail/rules/:id',
    {
      config: adminWrite,
      schema: {
        tags,
        summary: 'Change an incoming mail rule (deactivate it to stop it applying)',
        params: IdParams,
        body: UpdateMailRuleRequest,
        response: { 200: MailRule },
      },
    },
    async (request) => rules.updateRule(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.get(
    '/api/mail/incoming',
    {
      config: { access: { permission: 'communications.write' } },
      schema: { tags, summary: 'Incoming mail: the triage list (unmatched senders) by default', querystring: TriageQuery, response: { 200: IncomingMailList } },
    },
    async (request) => incoming.listIncoming(app.db, request.query),
  );
  app.post(
    '/api/mail/incoming/:id/assign',
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'triage of unmatched mail: anyone who logs communications; audited with the reason' },
      },
      schema: {
        tags,
        summary: 'Assign an unmatched mail to a customer (optionally adding the sender as a contact, linking a record)',
        params: IdParams,
        body: AssignIncomingRequest,
        response: { 200: IncomingMail },
      },
    },
    async (request) => incoming.assignIncoming(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/mail/incoming/:id/ignore',
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'triage of unmatched mail: anyone who logs communications; audited with the reason' },
      },
      schema: { tags, summary: 'Ignore an unmatched mail, with the reason', params: IdParams, body: IgnoreIncomingRequest, response: { 200: IncomingMail } },
    },
    async (request) => incoming.ignoreIncoming(app.db, requireAuth(request), request.params.id, request.body),
  );

  // ---- notifications by mail: the user's own choice per kind; group robots per department (administration)
  app.get(
    '/api/me/notification-mail',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'My notification mail settings: immediate / daily digest / off per kind', response: { 200: NotificationMailSettings } },
    },
    async (request) => notify.getMySettings(app.db, requireAuth(request)),
  );
  app.put(
    '/api/me/notification-mail',
    {
      config: { access: { authenticated: true }, record: { anyHolder: "the caller's own notification settings" } },
      schema: {
        tags,
        summary: 'Change my notification mail settings (escalations always mail)',
        body: UpdateNotificationMailSettingsRequest,
        response: { 200: NotificationMailSettings },
      },
    },
    async (request) => notify.updateMySettings(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/mail/robots',
    { config: admin, schema: { tags, summary: 'Group robots (WeCom, DingTalk, Feishu) per department', response: { 200: RobotList } } },
    async () => notify.listRobots(app.db),
  );
  app.post(
    '/api/mail/robots',
    {
      config: adminWrite,
      schema: { tags, summary: 'Add a group robot to a department (its secret is kept encrypted)', body: CreateRobotRequest, response: { 200: Robot } },
    },
    async (request) => notify.createRobot(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/mail/robots/:id',
    { config: adminWrite, schema: { tags, summary: 'Change a group robot', params: IdParams, body: UpdateRobotRequest, response: { 200: Robot } } },
    async (request) => notify.updateRobot(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/mail/robots/:id/test',
    { config: adminWrite, schema: { tags, summary: 'Post a test message to a group robot now', params: IdParams, response: { 200: Ok } } },
    async (request) => notify.testRobot(app.db, requireAuth(request), request.params.id),
  );
}
