import { bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tracked, ts } from '../platform/db/columns.js';

/** A procedure running on a record, pinned to the definition version it started under. */
export const procedureInstances = pgTable(
  'procedure_instances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    procedureId: text('procedure_id').notNull(),
    procedureVersion: integer('procedure_version').notNull(),
    state: text('state').notNull(),
    status: text('status').notNull().default('open'),
    /** the user responsible now (escalation's "assignee") */
    assigneeId: uuid('assignee_id'),
    data: jsonb('data').$type<Record<string, string | number | boolean>>().notNull().default({}),
    startedAt: ts('started_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    ...tracked,
  },
  (t) => [
    uniqueIndex('procedure_instances_ref_idx').on(t.refType, t.refId, t.procedureId),
    index('procedure_instances_state_idx')
      .on(t.procedureId, t.state)
      .where(sql`status = 'open'`),
  ],
);

/** Each stay of an instance in a step: entered, left, by which action and who. */
export const procedureStepVisits = pgTable(
  'procedure_step_visits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => procedureInstances.id),
    stepId: text('step_id').notNull(),
    enteredAt: ts('entered_at').notNull(),
    enteredBy: uuid('entered_by'),
    /** a customer's contact who moved the record here through the portal (entered_by is then null) */
    enteredByContact: uuid('entered_by_contact'),
    leftAt: ts('left_at'),
    leftBy: uuid('left_by'),
    leftByContact: uuid('left_by_contact'),
    transitionId: text('transition_id'),
    reason: text('reason'),
  },
  (t) => [index('procedure_step_visits_instance_idx').on(t.instanceId, t.id), index('procedure_step_visits_step_idx').on(t.stepId, t.instanceId)],
);

/** Parallel sign-off opinions; `round` grows each time the step is entered again. */
export const procedureSignoffs = pgTable(
  'procedure_signoffs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => procedureInstances.id),
    stepId: text('step_id').notNull(),
    round: integer('round').notNull(),
    department: text('department').notNull(),
    userId: uuid('user_id').notNull(),
    opinion: text('opinion').notNull(),
    comment: text('comment'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('procedure_signoffs_unique_idx').on(t.instanceId, t.stepId, t.round, t.department)],
);

/**
 * Deadline clocks, for procedure steps and action items alike. The escalation sweeper
 * takes due rows with FOR UPDATE SKIP LOCKED; `escalated_percent` records the highest
 * rule already notified so nothing is sent twice.
 */
export const clocks = pgTable(
  'clocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    stepId: text('step_id'),
    /** the record the clock is about (for notifications and links) */
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    department: text('department'),
    assigneeId: uuid('assignee_id'),
    deadlineAmount: integer('deadline_amount').notNull(),
    deadlineUnit: text('deadline_unit').notNull(),
    startedAt: ts('started_at').notNull(),
    dueAt: ts('due_at').notNull(),
    provisional: boolean('provisional').notNull().default(false),
    calendarVersion: text('calendar_version').notNull(),
    status: text('status').notNull().default('running'),
    pausedSince: ts('paused_since'),
    pausedMinutes: integer('paused_minutes').notNull().default(0),
    stoppedAt: ts('stopped_at'),
    escalatedPercent: integer('escalated_percent').notNull().default(0),
    /** the escalation chain copied from the definition when the clock started */
    escalation: jsonb('escalation').$type<{ atPercent: number; notify: string[] }[]>().notNull().default([]),
    nextCheckAt: ts('next_check_at'),
  },
  (t) => [
    index('clocks_owner_idx').on(t.ownerType, t.ownerId),
    index('clocks_next_check_idx')
      .on(t.nextCheckAt)
      .where(sql`status = 'running'`),
  ],
);
