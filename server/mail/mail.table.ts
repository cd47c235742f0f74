import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';

export interface SenderRow {
  departmentId: string;
  fromAddress: string;
  fromName: string;
}

/** Outgoing mail settings: one row ('default'). The SMTP password is kept encrypted (server/mail/secret-box.ts). */
export const mailSettings = pgTable('mail_settings', {
  id: text('id').primaryKey(),
  smtpHost: text('smtp_host').notNull().default(''),
  smtpPort: integer('smtp_port').notNull().default(587),
  /** none | starttls | tls */
  smtpSecurity: text('smtp_security').notNull().default('starttls'),
  smtpUser: text('smtp_user').notNull().default(''),
  smtpPasswordEnc: text('smtp_password_enc'),
  fromAddress: text('from_address').notNull().default(''),
  fromName: text('from_name').notNull().default(''),
  /** a sender address and display name per department */
  senders: jsonb('senders').$type<SenderRow[]>().notNull().default([]),
  signature: jsonb('signature').$type<{ zh: string; en: string }>().notNull().default({ zh: '', en: '' }),
  /** the hour (site time, 0–23) the daily notification digest leaves on working days */
  digestHour: integer('digest_hour').notNull().default(8),
  ...tracked,
});

/** Mail templates as data: one row per revision of a key; the newest revision not superseded is used. */
export const mailTemplates = pgTable(
  'mail_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    revision: integer('revision').notNull(),
    subject: jsonb('subject').$type<{ zh: string; en: string }>().notNull(),
    body: jsonb('body').$type<{ zh: string; en: string }>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    supersededAt: ts('superseded_at'),
  },
  (t) => [uniqueIndex('mail_templates_key_rev_idx').on(t.key, t.revision)],
);

/** The outgoing mail queue: each row one message to one recipient, sent by the outbox (topic mail.send). */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** queued | sending (claimed: an instance talks SMTP until lease_until) | sent | failed */
    status: text('status').notNull().default('queued'),
    /** while `sending`: the claim holds until then; a claim found expired (the instance died mid-send) is taken again */
    leaseUntil: ts('lease_until'),
    partyId: uuid('party_id'),
    contactId: uuid('contact_id'),
    refType: text('ref_type'),
    refId: text('ref_id'),
    departmentId: uuid('department_id'),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name').notNull().default(''),
    toAddress: text('to_address').notNull(),
    toName: text('to_name').notNull().default(''),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    language: text('language').notNull().default('zh-CN'),
    templateKey: text('template_key'),
    templateRevision: integer('template_revision'),
    /** values filled in only when sending (a customer's single-use link), encrypted; cleared once sent */
    secretsEnc: text('secrets_enc'),
    messageId: text('message_id').notNull(),
    inReplyTo: text('in_reply_to'),
    references: text('references'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastError: text('last_error'),
    lastErrorCode: text('last_error_code'),
    sentAt: ts('sent_at'),
    communicationId: uuid('communication_id'),
    /** files attached (a quotation's PDF), kept by checksum under DATA_DIR/files like uploads */
    attachments: jsonb('attachments').$type<{ filename: string; mime: string; sha256: string }[]>().notNull().default([]),
    ...tracked,
  },
  (t) => [
    uniqueIndex('mail_messages_message_id_idx').on(t.messageId),
    index('mail_messages_ref_idx').on(t.refType, t.refId),
    index('mail_messages_status_idx').on(t.status, t.createdAt),
  ],
);

/** Shared mailboxes Accord reads (IMAP). The password is kept encrypted. */
export const mailMailboxes = pgTable('mail_mailboxes', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  imapHost: text('imap_host').notNull(),
  imapPort: integer('imap_port').notNull().default(993),
  /** none | starttls | tls */
  imapSecurity: text('imap_security').notNull().default('tls'),
  imapUser: text('imap_user').notNull(),
  imapPasswordEnc: text('imap_password_enc'),
  departmentId: uuid('department_id'),
  active: boolean('active').notNull().default(true),
  uidValidity: bigint('uid_validity', { mode: 'bigint' }),
  lastUid: integer('last_uid').notNull().default(0),
  lastPolledAt: ts('last_polled_at'),
  lastError: text('last_error'),
  /** the IMAP IDLE watcher, as an instance last reported it: connecting | idling | no-idle | reconnecting | stopped */
  watchState: text('watch_state'),
  /** why the watcher's connection last failed or dropped (cleared when it idles again) */
  watchError: text('watch_error'),
  watchChangedAt: ts('watch_changed_at'),
  ...tracked,
});

/** Each mail read from a mailbox, once (mailbox + UIDVALIDITY + UID), and what became of it. */
export const mailIncoming = pgTable(
  'mail_incoming',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailboxId: uuid('mailbox_id').notNull(),
    uidValidity: bigint('uid_validity', { mode: 'bigint' }).notNull(),
    uid: integer('uid').notNull(),
    messageId: text('message_id'),
    fromAddress: text('from_address').notNull().default(''),
    fromName: text('from_name').notNull().default(''),
    subject: text('subject').notNull().default(''),
    textBody: text('text_body').notNull().default(''),
    /** sanitised HTML, safe to show */
    htmlBody: text('html_body'),
    receivedAt: ts('received_at').notNull(),
    /** logged | triage | ignored */
    status: text('status').notNull(),
    partyId: uuid('party_id'),
    communicationId: uuid('communication_id'),
    refType: text('ref_type'),
    refId: text('ref_id'),
    notes: jsonb('notes').$type<string[]>().notNull().default([]),
    resolvedReason: text('resolved_reason'),
    /** the mail rule that matched when the mail was read, and what it decided (kept for a later triage assignment) */
    ruleId: uuid('rule_id'),
    topic: text('topic'),
    assigneeId: uuid('assignee_id'),
    departmentId: uuid('department_id'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('mail_incoming_uid_idx').on(t.mailboxId, t.uidValidity, t.uid),
    index('mail_incoming_message_id_idx').on(t.messageId),
    index('mail_incoming_triage_idx')
      .on(t.createdAt)
      .where(sql`status = 'triage'`),
  ],
);

export type MailRuleCondition =
  { kind: 'mailbox'; mailboxId: string } | { kind: 'fromAddress' | 'fromDomain' | 'subjectContains' | 'subjectMatches' | 'bodyContains'; value: string };
export interface MailRuleActions {
  topic?: string | null;
  assigneeId?: string | null;
  departmentId?: string | null;
  partyId?: string | null;
  ignoreReason?: string | null;
}

/** Rules for incoming mail as data: evaluated by position on each mail read, the first matching active rule applies. */
export const mailRules = pgTable(
  'mail_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** all | any */
    match: text('match').notNull().default('all'),
    conditions: jsonb('conditions').$type<MailRuleCondition[]>().notNull(),
    actions: jsonb('actions').$type<MailRuleActions>().notNull(),
    active: boolean('active').notNull().default(true),
    ...tracked,
  },
  (t) => [index('mail_rules_position_idx').on(t.position)],
);

/** Each user's choice per notification kind: immediate / digest / off (kinds not named: the defaults). */
export const notificationMailPrefs = pgTable('notification_mail_prefs', {
  userId: uuid('user_id').primaryKey(),
  modes: jsonb('modes').$type<Record<string, string>>().notNull().default({}),
  ...tracked,
});

/** One row per site day the digest ran: the first instance to insert it sends, any other finds it taken. */
export const mailDigestRuns = pgTable('mail_digest_runs', {
  day: text('day').primaryKey(),
  ranAt: ts('ran_at').notNull().defaultNow(),
  mails: integer('mails').notNull().default(0),
});

/** Group robots (企业微信 / 钉钉 / 飞书) of a department and the notification kinds they receive. */
export const notificationRobots = pgTable(
  'notification_robots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    departmentId: uuid('department_id').notNull(),
    /** wecom | dingtalk | feishu */
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** the signing secret, sealed like the SMTP password */
    secretEnc: text('secret_enc'),
    kinds: jsonb('kinds').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    lastError: text('last_error'),
    lastSentAt: ts('last_sent_at'),
    ...tracked,
  },
  (t) => [index('notification_robots_dept_idx').on(t.departmentId)],
);

/** One post of one event to one robot: unique per (robot, event) so colleagues notified of the same event post once. */
export const robotDeliveries = pgTable(
  'robot_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    robotId: uuid('robot_id').notNull(),
    eventKey: text('event_key').notNull(),
    text: text('text').notNull(),
    /** queued | sent | failed */
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('robot_deliveries_event_idx').on(t.robotId, t.eventKey)],
);
