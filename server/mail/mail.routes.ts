import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { implement } from '../platform/http/routes.js';
import { mailRoutes as routes } from '../../contracts/mail.routes.js';
import { IdParams, Ok } from '../../contracts/common.js';
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

const tags = ['mail'];
const admin = { access: { permission: 'users.admin' } } as const;
const adminWrite = { ...admin, record: { anyHolder: 'administration (users.admin)' } } as const;

export async function mailRoutes(app: App) {
  const r = routes;
  // ---- outgoing settings, templates, queue (administration)
  implement(
    app,
    r.settings,
    { config: admin, tags, summary: 'Outgoing mail settings (the password is never returned)', schemas: { response: MailSettings } },
    async () => service.getSettings(app.db),
  );
  implement(
    app,
    r.updateSettings,
    {
      config: adminWrite,
      tags,
      summary: 'Change the outgoing mail settings (the password is kept encrypted)',
      schemas: { body: UpdateMailSettingsRequest, response: MailSettings },
    },
    async (request) => service.updateSettings(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.testSettings,
    {
      config: adminWrite,
      tags,
      summary: 'Send a test mail now; a failure names its cause (auth, TLS, DNS, refused)',
      schemas: { body: TestMailRequest, response: TestMailResult },
    },
    async (request) => service.sendTestMail(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.templates,
    { config: { access: { authenticated: true } }, tags, summary: 'Mail templates (current revisions)', schemas: { response: MailTemplateList } },
    async () => service.listTemplates(app.db),
  );
  implement(
    app,
    r.updateTemplate,
    {
      config: adminWrite,
      tags,
      summary: 'Revise a mail template (a new revision)',
      schemas: { params: TemplateKeyParams, body: UpdateMailTemplateRequest, response: MailTemplate },
    },
    async (request) => service.updateTemplate(app.db, requireAuth(request), request.params.key, request.body),
  );
  implement(
    app,
    r.queue,
    {
      config: admin,
      tags,
      summary: 'The mail queue: queued, sent and failed mail',
      schemas: { querystring: MailQueueQuery, response: MailMessageList },
    },
    async (request) => service.listQueue(app.db, requireAuth(request), request.query),
  );
  implement(
    app,
    r.retry,
    { config: adminWrite, tags, summary: 'Send a failed or waiting mail again now', schemas: { params: IdParams, response: MailMessage } },
    async (request) => service.retryMail(app.db, requireAuth(request), request.params.id),
  );

  // ---- composing and sending on a record
  implement(
    app,
    r.compose,
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'reads only: fills a template from a record the service checks the user may read' },
      },
      tags,
      summary: 'A template filled in from a record, for the user to edit before sending (reads only)',
      schemas: { body: ComposeRequest, response: Composed },
    },
    async (request) => service.compose(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.send,
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'the service checks the user may read the record the mail is about; the mail is logged as a communication' },
      },
      tags,
      summary: 'Queue a mail to a contact about a record (sent by the outbox, logged with its Message-ID)',
      schemas: { body: SendMailRequest, response: MailMessage },
    },
    async (request) => service.sendMail(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.recordMails,
    {
      config: { access: { authenticated: true } },
      tags,
      summary: "A record's mail and its state (the service checks the record's read permission)",
      schemas: { params: RecordMailParams, response: MailMessageList },
    },
    async (request) => service.recordMails(app.db, requireAuth(request), request.params),
  );

  // ---- incoming: mailboxes (administration) and triage
  implement(app, r.mailboxes, { config: admin, tags, summary: 'Shared mailboxes read by Accord', schemas: { response: MailboxList } }, async () =>
    incoming.listMailboxes(app.db),
  );
  implement(
    app,
    r.createMailbox,
    { config: adminWrite, tags, summary: 'Add a shared mailbox (IMAP)', schemas: { body: CreateMailboxRequest, response: Mailbox } },
    async (request) => incoming.createMailbox(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.updateMailbox,
    { config: adminWrite, tags, summary: 'Change a shared mailbox', schemas: { params: IdParams, body: UpdateMailboxRequest, response: Mailbox } },
    async (request) => incoming.updateMailbox(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.pollMailbox,
    { config: adminWrite, tags, summary: 'Read the mailbox now (one batch)', schemas: { params: IdParams, response: PollResult } },
    async (request) => incoming.pollMailbox(app.db, request.params.id),
  );
  // ---- incoming mail rules (administration; audited before/after)
  implement(
    app,
    r.rules,
    {
      config: admin,
      tags,
      summary: 'Incoming mail rules in the order they are tried (the first matching active rule applies)',
      schemas: { response: MailRuleList },
    },
    async () => rules.listRules(app.db),
  );
  implement(
    app,
    r.createRule,
    { config: adminWrite, tags, summary: 'Add an incoming mail rule', schemas: { body: CreateMailRuleRequest, response: MailRule } },
    async (request) => rules.createRule(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.updateRule,
    {
      config: adminWrite,
      tags,
      summary: 'Change an incoming mail rule (deactivate it to stop it applying)',
      schemas: { params: IdParams, body: UpdateMailRuleRequest, response: MailRule },
    },
    async (request) => rules.updateRule(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.incoming,
    {
      config: { access: { permission: 'communications.write' } },
      tags,
      summary: 'Incoming mail: the triage list (unmatched senders) by default',
      schemas: { querystring: TriageQuery, response: IncomingMailList },
    },
    async (request) => incoming.listIncoming(app.db, request.query),
  );
  implement(
    app,
    r.assignIncoming,
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'triage of unmatched mail: anyone who logs communications; audited with the reason' },
      },
      tags,
      summary: 'Assign an unmatched mail to a customer (optionally adding the sender as a contact, linking a record)',
      schemas: { params: IdParams, body: AssignIncomingRequest, response: IncomingMail },
    },
    async (request) => incoming.assignIncoming(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.ignoreIncoming,
    {
      config: {
        access: { permission: 'communications.write' },
        record: { anyHolder: 'triage of unmatched mail: anyone who logs communications; audited with the reason' },
      },
      tags,
      summary: 'Ignore an unmatched mail, with the reason',
      schemas: { params: IdParams, body: IgnoreIncomingRequest, response: IncomingMail },
    },
    async (request) => incoming.ignoreIncoming(app.db, requireAuth(request), request.params.id, request.body),
  );

  // ---- notifications by mail: the user's own choice per kind; group robots per department (administration)
  implement(
    app,
    r.myNotificationMail,
    {
      config: { access: { authenticated: true } },
      tags,
      summary: 'My notification mail settings: immediate / daily digest / off per kind',
      schemas: { response: NotificationMailSettings },
    },
    async (request) => notify.getMySettings(app.db, requireAuth(request)),
  );
  implement(
    app,
    r.updateMyNotificationMail,
    {
      config: { access: { authenticated: true }, record: { anyHolder: "the caller's own notification settings" } },
      tags,
      summary: 'Change my notification mail settings (escalations always mail)',
      schemas: { body: UpdateNotificationMailSettingsRequest, response: NotificationMailSettings },
    },
    async (request) => notify.updateMySettings(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.robots,
    { config: admin, tags, summary: 'Group robots (WeCom, DingTalk, Feishu) per department', schemas: { response: RobotList } },
    async () => notify.listRobots(app.db),
  );
  implement(
    app,
    r.createRobot,
    {
      config: adminWrite,
      tags,
      summary: 'Add a group robot to a department (its secret is kept encrypted)',
      schemas: { body: CreateRobotRequest, response: Robot },
    },
    async (request) => notify.createRobot(app.db, requireAuth(request), request.body),
  );
  implement(
    app,
    r.updateRobot,
    { config: adminWrite, tags, summary: 'Change a group robot', schemas: { params: IdParams, body: UpdateRobotRequest, response: Robot } },
    async (request) => notify.updateRobot(app.db, requireAuth(request), request.params.id, request.body),
  );
  implement(
    app,
    r.testRobot,
    { config: adminWrite, tags, summary: 'Post a test message to a group robot now', schemas: { params: IdParams, response: Ok } },
    async (request) => notify.testRobot(app.db, requireAuth(request), request.params.id),
  );
}
