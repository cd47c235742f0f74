import { bigserial, date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';
import { contacts, parties } from '../parties/parties.table.js';
import type { TSurveyDimension } from '../../contracts/surveys.js';

type L = { zh: string; en: string };

/** Questionnaire revisions (问卷版本): a revision is never edited once made; a change is a new revision. */
export const surveyTemplates = pgTable(
  'survey_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    revision: integer('revision').notNull(),
    title: jsonb('title').$type<L>().notNull(),
    intro: jsonb('intro').$type<L>().notNull(),
    dimensions: jsonb('dimensions').$type<TSurveyDimension[]>().notNull(),
    recommendQuestion: jsonb('recommend_question').$type<L>().notNull(),
    commentsQuestion: jsonb('comments_question').$type<L>().notNull(),
    lowScoreThreshold: integer('low_score_threshold').notNull(),
    indexTarget: numeric('index_target', { precision: 6, scale: 2 }).notNull(),
    actionDueWorkingDays: integer('action_due_working_days').notNull(),
    supersededAt: ts('superseded_at'),
    reason: text('reason'),
    ...tracked,
  },
  (t) => [uniqueIndex('survey_templates_key_revision_idx').on(t.key, t.revision)],
);

/** A survey sent to chosen contacts for a period; the `survey` procedure carries its status. */
export const surveyCampaigns = pgTable(
  'survey_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => surveyTemplates.id),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    sentAt: ts('sent_at').notNull(),
    responseDeadline: date('response_deadline', { mode: 'string' }).notNull(),
    reminderAfterWorkingDays: integer('reminder_after_working_days').notNull(),
    ownerId: uuid('owner_id').notNull(),
    analysisSummary: text('analysis_summary'),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [uniqueIndex('survey_campaigns_number_idx').on(t.number), index('survey_campaigns_sent_idx').on(t.sentAt)],
);

/** One contact asked in a campaign: the link's token is stored only as its SHA-256 hash. */
export const surveyRecipients = pgTable(
  'survey_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    language: text('language').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    sentAt: ts('sent_at').notNull(),
    sendCommunicationId: uuid('send_communication_id'),
    reminders: integer('reminders').notNull().default(0),
    lastRemindedAt: ts('last_reminded_at'),
    respondedAt: ts('responded_at'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('survey_recipients_token_idx').on(t.tokenHash),
    uniqueIndex('survey_recipients_contact_idx').on(t.campaignId, t.contactId),
    index('survey_recipients_party_idx').on(t.partyId),
  ],
);

/** An answered survey: from the link, or typed in from a returned paper/fax form. One per recipient. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => surveyRecipients.id),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    source: text('source').notNull(),
    respondedAt: ts('responded_at').notNull(),
    enteredBy: uuid('entered_by'),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    recommend: integer('recommend'),
    comments: text('comments'),
    satisfactionIndex: numeric('satisfaction_index', { precision: 6, scale: 2 }).notNull(),
    low: jsonb('low').$type<string[]>().notNull().default([]),
    communicationId: uuid('communication_id'),
    correctiveReason: text('corrective_reason'),
    correctiveBy: uuid('corrective_by'),
    correctiveAt: ts('corrective_at'),
    voidedAt: ts('voided_at'),
    ...tracked,
  },
  (t) => [
    // one response per recipient: a second submission (even a racing one) is refused by the database too
    uniqueIndex('survey_responses_recipient_idx')
      .on(t.recipientId)
      .where(sql`voided_at is null`),
    index('survey_responses_campaign_idx').on(t.campaignId),
  ],
);

/** The reply to a customer listing the improvements (CC 5.9), sent as a communication. */
export const surveyReplies = pgTable(
  'survey_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    sentAt: ts('sent_at').notNull(),
    channel: text('channel').notNull(),
    communicationId: uuid('communication_id'),
    ...tracked,
  },
  (t) => [uniqueIndex('survey_replies_party_idx').on(t.campaignId, t.partyId)],
);
