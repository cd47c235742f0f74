import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tracked, ts } from '../platform/db/columns.js';
import { parties } from '../parties/parties.table.js';

/** Internal communication plans (内部沟通计划) running the seven steps of the `internal-communication` procedure [IC 1–7]. */
export const communicationPlans = pgTable(
  'communication_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    partyId: uuid('party_id').references(() => parties.id),
    departments: jsonb('departments').$type<string[]>().notNull().default([]),
    goal: text('goal'),
    objective: text('objective'),
    channel: text('channel'),
    scheduledAt: ts('scheduled_at'),
    place: text('place'),
    participants: text('participants'),
    content: text('content'),
    form: text('form'),
    communicatedAt: ts('communicated_at'),
    communicationNote: text('communication_note'),
    followUpNote: text('follow_up_note'),
    score: integer('score'),
    lessons: text('lessons'),
    improvement: text('improvement'),
    ...tracked,
  },
  (t) => [uniqueIndex('communication_plans_number_idx').on(t.number), index('communication_plans_source_idx').on(t.sourceType, t.sourceId)],
);

/** A department's feedback on a plan (接收反馈): comes back to the plan's owner (Sales). */
export const communicationPlanReplies = pgTable(
  'communication_plan_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => communicationPlans.id),
    department: text('department').notNull(),
    userId: uuid('user_id').notNull(),
    content: text('content').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('communication_plan_replies_plan_idx').on(t.planId)],
);

/** A recurring meeting (e.g. the weekly quality meeting): open actions carry forward. */
export const meetingSeries = pgTable('meeting_series', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  cadence: text('cadence'),
  ...tracked,
});

/** Meetings with minutes (会议记要 RY-D/Q/XZ-18). */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    seriesId: uuid('series_id').references(() => meetingSeries.id),
    title: text('title').notNull(),
    heldAt: ts('held_at').notNull(),
    place: text('place'),
    chairId: uuid('chair_id'),
    agenda: text('agenda'),
    minutes: text('minutes'),
    decisions: text('decisions'),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    distributedAt: ts('distributed_at'),
    ...tracked,
  },
  (t) => [uniqueIndex('meetings_number_idx').on(t.number), index('meetings_series_idx').on(t.seriesId, t.heldAt)],
);

export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    userId: uuid('user_id').notNull(),
    attendance: text('attendance').notNull().default('invited'),
    acknowledgedAt: ts('acknowledged_at'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index('meeting_participants_user_idx').on(t.userId)],
);

/** Open actions of an earlier meeting of the series, carried into this meeting's minutes. */
export const meetingCarriedActions = pgTable(
  'meeting_carried_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    actionId: uuid('action_id').notNull(),
  },
  (t) => [uniqueIndex('meeting_carried_actions_unique_idx').on(t.meetingId, t.actionId)],
);
