import { z } from 'zod';
import { Id, IsoDateTime, RecordRef, Text, Version, optText } from './common.js';
import { Topic } from './communications.js';

/** E-mail: outgoing settings, templates as data, the queue; incoming mailboxes and triage (issue 15). */
export const MailSecurity = z
  .enum(['none', 'starttls', 'tls'])
  .describe('none: plain; starttls: upgrade on the same port (587); tls: TLS from the start (465)');
export const MailLanguage = z.enum(['zh-CN', 'en-US']);
const Address = Text().trim().max(254).pipe(z.email());
const optAddress = z.union([Address, z.literal('')]).default('');
const Bilingual = z.object({ zh: Text().max(20000), en: Text().max(20000) });

export const Sender = z.object({ departmentId: Id, fromAddress: Address, fromName: Text().trim().max(100) });
export const MailSettings = z.object({
  smtpHost: z.string(),
  smtpPort: z.int(),
  smtpSecurity: MailSecurity,
  smtpUser: z.string(),
  /** the password is never sent back; only whether one is kept (and whether the current key opens it) */
  passwordSet: z.boolean(),
  passwordUnreadable: z.boolean(),
  fromAddress: z.string(),
  fromName: z.string(),
  senders: z.array(Sender),
  signature: z.object({ zh: z.string(), en: z.string() }),
  /** the hour (site time) the daily notification digest leaves on working days */
  digestHour: z.int(),
  version: z.int(),
});
export const UpdateMailSettingsRequest = z.object({
  version: Version,
  smtpHost: Text().trim().max(253),
  smtpPort: z.int().min(1).max(65535),
  smtpSecurity: MailSecurity,
  smtpUser: Text().trim().max(254),
  /** omitted or null: keep the kept password; '' clears it */
  password: Text().max(500).nullable().optional(),
  fromAddress: optAddress,
  fromName: Text().trim().max(100),
  senders: z.array(Sender).max(50).default([]),
  signature: z.object({ zh: Text().max(2000), en: Text().max(2000) }),
  /** omitted: keep */
  digestHour: z.int().min(0).max(23).optional(),
});
export const TestMailRequest = z.object({ to: Address, language: MailLanguage.default('zh-CN') });
export const TestMailResult = z.object({ ok: z.literal(true), messageId: z.string() });

export const templateKeys = ['survey-invitation', 'survey-reminder', 'complaint-confirmation', 'delivery-date-change', 'general'] as const;
export const TemplateKey = z.enum(templateKeys);
export const MailTemplate = z.object({
  key: TemplateKey,
  revision: z.int(),
  subject: z.object({ zh: z.string(), en: z.string() }),
  body: z.object({ zh: z.string(), en: z.string() }),
  /** the variables the template may use, {{name}} */
  variables: z.array(z.string()),
  createdAt: IsoDateTime,
});
export const MailTemplateList = z.object({ items: z.array(MailTemplate) });
export const UpdateMailTemplateRequest = z.object({
  revision: z.int().min(1).describe('the revision you edited; a newer one refuses the change'),
  subject: z.object({ zh: Text().trim().min(1).max(300), en: Text().trim().min(1).max(300) }),
  body: Bilingual,
});
export const TemplateKeyParams = z.object({ key: TemplateKey });

/** What a user sees before sending: the template filled in from the record, editable. */
export const ComposeRequest = z.object({ templateKey: TemplateKey, ref: RecordRef, contactId: Id.optional(), language: MailLanguage.optional() });
export const ComposeContact = z.object({ id: Id, name: z.string(), hasAddress: z.boolean(), language: MailLanguage });
export const Composed = z.object({
  templateKey: TemplateKey,
  templateRevision: z.int(),
  language: MailLanguage,
  partyId: Id,
  partyName: z.string(),
  contacts: z.array(ComposeContact),
  contactId: Id.nullable(),
  subject: z.string(),
  body: z.string(),
  /** both languages filled in, for switching in the dialog */
  texts: z.object({ zh: z.object({ subject: z.string(), body: z.string() }), en: z.object({ subject: z.string(), body: z.string() }) }),
  /** variables filled only when the mail leaves (a single-use link), kept as {{name}} in the text */
  pending: z.array(z.string()),
});
/** The text the user edited; {{link}} stays a placeholder until the mail leaves. */
export const MailText = z.object({ subject: Text().trim().min(1).max(300), body: Text().min(1).max(20000) });
export const SendMailRequest = z.object({
  templateKey: TemplateKey,
  templateRevision: z.int().min(1).optional(),
  ref: RecordRef,
  contactId: Id,
  language: MailLanguage,
  subject: MailText.shape.subject,
  body: MailText.shape.body,
  /** answering an incoming mail: the reply is threaded to it */
  inReplyToIncomingId: Id.optional(),
});
/** Optional in features that create a single-use link: mail it with this text (language per recipient). */
export const LinkMailRequest = z.object({ language: MailLanguage.default('zh-CN'), subject: MailText.shape.subject, body: MailText.shape.body });

/** sending: claimed by an instance that is talking to the SMTP server (until its lease ends) */
export const MailStatus = z.enum(['queued', 'sending', 'sent', 'failed']);
export const MailMessage = z.object({
  id: Id,
  status: MailStatus,
  ref: RecordRef.nullable(),
  refTitle: z.string().nullable(),
  partyId: Id.nullable(),
  /** the recipient's address: personal data, stripped without contacts.personal.read */
  email: z.string().optional(),
  toName: z.string(),
  fromName: z.string(),
  subject: z.string(),
  messageId: z.string(),
  templateKey: z.string().nullable(),
  templateRevision: z.int().nullable(),
  attempts: z.int(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  sentAt: IsoDateTime.nullable(),
  communicationId: Id.nullable(),
  createdAt: IsoDateTime,
});
export const MailMessageList = z.object({ items: z.array(MailMessage), total: z.int() });
export const MailQueueQuery = z.object({ status: MailStatus.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const RecordMailParams = z.object({ type: Text().min(1).max(40), id: Text().min(1).max(80) });

// ---- incoming ----------------------------------------------------------------------------------
export const Mailbox = z.object({
  id: Id,
  name: z.string(),
  imapHost: z.string(),
  imapPort: z.int(),
  imapSecurity: MailSecurity,
  imapUser: z.string(),
  passwordSet: z.boolean(),
  departmentId: Id.nullable(),
  active: z.boolean(),
  lastUid: z.int(),
  lastPolledAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  /** the IMAP IDLE watcher as last reported: connecting, idling, no-idle (the interval poll alone), reconnecting */
  watchState: z.enum(['connecting', 'idling', 'no-idle', 'reconnecting', 'stopped']).nullable(),
  watchError: z.string().nullable(),
  watchChangedAt: IsoDateTime.nullable(),
  version: z.int(),
});
export const MailboxList = z.object({ items: z.array(Mailbox) });
const mailboxFields = {
  name: Text().trim().min(1).max(100),
  imapHost: Text().trim().min(1).max(253),
  imapPort: z.int().min(1).max(65535),
  imapSecurity: MailSecurity,
  imapUser: Text().trim().min(1).max(254),
  departmentId: Id.nullable().optional(),
  active: z.boolean().default(true),
};
export const CreateMailboxRequest = z.object({ ...mailboxFields, password: Text().min(1).max(500) });
export const UpdateMailboxRequest = z.object({ ...mailboxFields, version: Version, password: Text().max(500).nullable().optional() });
export const PollResult = z.object({
  fetched: z.int(),
  logged: z.int(),
  triage: z.int(),
  skipped: z.int(),
  ignored: z.int().describe('marked ignored by a mail rule'),
  errors: z.array(z.string()),
});

export const IncomingMail = z.object({
  id: Id,
  mailboxId: Id,
  mailboxName: z.string(),
  /** the sender's address: personal data */
  email: z.string().optional(),
  fromName: z.string(),
  subject: z.string(),
  textBody: z.string(),
  /** sanitised: safe to render */
  htmlBody: z.string().nullable(),
  receivedAt: IsoDateTime,
  status: z.enum(['logged', 'triage', 'ignored']),
  partyId: Id.nullable(),
  communicationId: Id.nullable(),
  ref: RecordRef.nullable(),
  notes: z.array(z.string()),
  resolvedReason: z.string().nullable(),
  /** the mail rule that matched when it was read, and the department it assigned */
  ruleId: Id.nullable(),
  departmentId: Id.nullable(),
  version: z.int(),
});
export const IncomingMailList = z.object({ items: z.array(IncomingMail), total: z.int() });
export const TriageQuery = z.object({
  status: z.enum(['logged', 'triage', 'ignored']).default('triage'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const AssignIncomingRequest = z.object({
  version: Version,
  partyId: Id,
  /** also add the sender as a contact of the customer */
  createContact: z.boolean().default(false),
  contactName: optText(100),
  link: RecordRef.optional(),
  reason: Text().trim().min(2).max(500),
});
export const IgnoreIncomingRequest = z.object({ version: Version, reason: Text().trim().min(2).max(500) });

// ---- incoming mail rules (issue 15) ----------------------------------------------------------------
/** A pattern an administrator may write: at most 200 characters, and one JavaScript accepts (checked case-insensitive, Unicode). */
const RulePattern = Text()
  .min(1)
  .max(200)
  .refine(
    (v) => {
      try {
        new RegExp(v, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { error: 'invalid regular expression' },
  );
const RuleValue = Text().trim().min(1).max(200);
export const MailRuleCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mailbox'), mailboxId: Id }),
  z.object({
    kind: z.literal('fromAddress').describe('the sender address, exactly (case-insensitive)'),
    value: Text().trim().toLowerCase().max(254).pipe(z.email()),
  }),
  z.object({
    kind: z.literal('fromDomain').describe('the sender domain or a subdomain of it'),
    value: RuleValue.toLowerCase().regex(/^@?[a-z0-9.-]+\.[a-z0-9-]+$/i),
  }),
  z.object({ kind: z.literal('subjectContains'), value: RuleValue }),
  z.object({ kind: z.literal('subjectMatches').describe('a regular expression, case-insensitive'), value: RulePattern }),
  z.object({ kind: z.literal('bodyContains'), value: RuleValue }),
]);
export const MailRuleActions = z
  .object({
    topic: Topic.nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe("the communication's topic (enquiry starts the enquiry procedure)"),
    assigneeId: Id.nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('our person on the communication'),
    departmentId: Id.nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('the department the mail is assigned to'),
    partyId: Id.nullable()
      .optional()
      .transform((v) => v ?? null)
      .describe('the customer the mail is logged on (when no thread or record token places it)'),
    ignoreReason: optText(500).describe('set: the mail is marked ignored with this reason, nothing is logged'),
  })
  .refine((a) => a.topic || a.assigneeId || a.departmentId || a.partyId || a.ignoreReason, { error: 'a rule needs at least one action' });
export const MailRule = z.object({
  id: Id,
  name: z.string(),
  position: z.int(),
  match: z.enum(['all', 'any']),
  conditions: z.array(MailRuleCondition),
  actions: z.object({
    topic: Topic.nullable(),
    assigneeId: Id.nullable(),
    departmentId: Id.nullable(),
    partyId: Id.nullable(),
    ignoreReason: z.string().nullable(),
  }),
  active: z.boolean(),
  version: z.int(),
  updatedAt: IsoDateTime,
});
export const MailRuleList = z.object({ items: z.array(MailRule) });
const ruleFields = {
  name: Text().trim().min(1).max(100),
  position: z.int().min(0).max(100000).describe('evaluated in ascending order; the first matching rule applies'),
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(MailRuleCondition).min(1).max(20),
  actions: MailRuleActions,
  active: z.boolean().default(true),
};
export const CreateMailRuleRequest = z.object(ruleFields);
export const UpdateMailRuleRequest = z.object({ ...ruleFields, version: Version });
