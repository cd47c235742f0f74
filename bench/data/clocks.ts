/**
 * The deadline clocks of the open procedure steps, as the engine starts them (runs last, so it sees every
 * generator's instances: orders, complaints, surveys, quotations): one clock per open instance at its
 * current step when the step has a deadline in its definition (procedures/<id>/v<n>.yaml), started at the
 * step visit's entry, due on the site's working calendar (server/calendar, the app's own), paused when the
 * step pauses its clock, with the definition's escalation rules. The sweep is taken to have run up to the
 * dataset's end: the rules passed by then are marked done (escalated_percent) and their notifications are
 * there (most older ones read), the next rule's time is next_check_at (nextCheckAt). Steps entered long
 * before the end are overdue, so My work and the escalation sweep see overdue items at scale.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { definitionVersion } from '../../server/procedures/index.js';
import { nextCheckAt } from '../../server/procedures/deadlines.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, type GenContext, type Generator, type GenUser } from './context.js';

const col = (name: string, type: string): Column => ({ name, type });
export const clockColumns: Column[] = [
  col('id', 'uuid'), col('owner_type', 'text'), col('owner_id', 'text'), col('step_id', 'text'), col('ref_type', 'text'), col('ref_id', 'text'),
  col('department', 'text'), col('assignee_id', 'uuid'), col('deadline_amount', 'integer'), col('deadline_unit', 'text'), col('started_at', 'timestamptz'),
  col('due_at', 'timestamptz'), col('provisional', 'boolean'), col('calendar_version', 'text'), col('status', 'text'), col('paused_since', 'timestamptz'),
  col('escalated_percent', 'integer'), { name: 'escalation', type: 'jsonb' }, col('next_check_at', 'timestamptz'),
];
export const notificationColumns: Column[] = [
  col('user_id', 'uuid'), col('ref_type', 'text'), col('ref_id', 'text'), col('message_key', 'text'), { name: 'params', type: 'jsonb' },
  col('created_at', 'timestamptz'), col('read_at', 'timestamptz'), col('mail_state', 'text'),
];

export type Rule = { atPercent: number; notify: string[] };

/** The sweep's progress at `now`: the rules it has notified, the percent done and its next check. */
export function sweptTo(startedAt: Date, dueAt: Date, rules: Rule[], now: Date) {
  const span = Math.max(1, dueAt.getTime() - startedAt.getTime());
  const percent = ((now.getTime() - startedAt.getTime()) / span) * 100;
  const passed = rules.filter((r) => r.atPercent <= percent).sort((a, b) => a.atPercent - b.atPercent);
  const done = passed.at(-1)?.atPercent ?? 0;
  return { passed, done, nextCheckAt: nextCheckAt(startedAt, dueAt, 0, rules, done) };
}

/** Who a rule notifies, among the generated people (the roles the sweep resolves: assignee, department manager, VP/GM). */
export function ruleRecipients(users: GenUser[], notify: string[], assigneeId: string | null, department: string | null): string[] {
  const out = new Set<string>();
  for (const who of notify) {
    if (who === 'assignee' && assigneeId) out.add(assigneeId);
    if (who === 'departmentManager') {
      const m = users.find((u) => u.role === 'manager' && u.department === department);
      if (m) out.add(m.id);
    }
    if (who === 'gm' || who === 'vp') for (const u of users.filter((x) => x.role === 'gm')) out.add(u.id);
  }
  return [...out];
}

/** The escalation notifications of the rules passed before `end`, each at its rule's moment; read when older than 3 days (mostly). */
export function escalationNotifications(
  ctx: GenContext,
  rng: { chance(p: number): boolean },
  c: { refType: string; refId: string; title: string; procedure: string; step: string; startedAt: Date; dueAt: Date; assigneeId: string | null; department: string | null; passed: Rule[] },
) {
  const out: Record<string, unknown>[] = [];
  const span = c.dueAt.getTime() - c.startedAt.getTime();
  for (const rule of c.passed) {
    const at = new Date(c.startedAt.getTime() + (span * rule.atPercent) / 100);
    const key = rule.atPercent < 100 ? 'clock.dueSoon' : rule.atPercent === 100 ? 'clock.overdue' : 'clock.escalated';
    const old = ctx.end.getTime() - at.getTime() > 3 * DAY;
    for (const userId of ruleRecipients(ctx.users, rule.notify, c.assigneeId, c.department)) {
      const read = rng.chance(old ? 0.85 : 0.3);
      out.push({
        user_id: userId, ref_type: c.refType, ref_id: c.refId, message_key: key,
        params: { title: c.title, dueAt: c.dueAt.toISOString(), procedure: c.procedure, step: c.step, percent: String(rule.atPercent) },
        created_at: at.toISOString(), read_at: read ? new Date(Math.min(at.getTime() + 4 * 3_600_000, ctx.end.getTime())).toISOString() : null,
        // decided already: the bench's server does not mail a year of history
        mail_state: 'off',
      });
    }
  }
  return out;
}

const titleSql = sql`coalesce(
  (select o.number from orders o where i.ref_type = 'order' and o.id::text = i.ref_id),
  (select c.number || ' ' || c.model from complaints c where i.ref_type = 'complaint' and c.id::text = i.ref_id),
  (select s.number from survey_campaigns s where i.ref_type = 'survey-campaign' and s.id::text = i.ref_id),
  (select q.number || ' R' || q.revision from quotations q where i.ref_type = 'quotation' and q.id::text = i.ref_id),
  i.ref_id)`;

export const clocksGenerator: Generator = {
  name: 'clocks',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('clocks');
    const cal = await siteCalendar(ctx.db);
    const open = await rows<{ id: string; ref_type: string; ref_id: string; procedure_id: string; procedure_version: number; state: string; assignee_id: string | null; entered_at: Date | string; title: string }>(
      ctx.db,
      sql`select i.id, i.ref_type, i.ref_id, i.procedure_id, i.procedure_version, i.state, i.assignee_id, v.entered_at, ${titleSql} as title
          from procedure_instances i
          join lateral (select max(entered_at) as entered_at from procedure_step_visits v where v.instance_id = i.id and v.step_id = i.state) v on v.entered_at is not null
          where i.status = 'open' order by i.started_at, i.id`,
    );
    const clockRows: Record<string, unknown>[] = [];
    const notes: Record<string, unknown>[] = [];
    let overdue = 0;
    for (const i of open) {
      const def = definitionVersion(i.procedure_id, i.procedure_version);
      const step = def.steps.find((s) => s.id === i.state);
      if (!step?.deadline) continue;
      const startedAt = new Date(i.entered_at);
      const { due, provisional, calendarVersion } = cal.addDeadline(startedAt, step.deadline);
      const paused = step.clockPaused;
      const swept = paused ? { passed: [], done: 0, nextCheckAt: null } : sweptTo(startedAt, due, def.escalation, ctx.end);
      if (!paused && due < ctx.end) overdue++;
      clockRows.push({
        id: ctx.uuid(rng), owner_type: 'procedure', owner_id: i.id, step_id: step.id, ref_type: i.ref_type, ref_id: i.ref_id, department: step.lane,
        assignee_id: i.assignee_id, deadline_amount: step.deadline.amount, deadline_unit: step.deadline.unit, started_at: startedAt.toISOString(), due_at: due.toISOString(),
        provisional, calendar_version: calendarVersion, status: paused ? 'paused' : 'running', paused_since: paused ? startedAt.toISOString() : null,
        escalated_percent: swept.done, escalation: def.escalation, next_check_at: swept.nextCheckAt?.toISOString() ?? null,
      });
      notes.push(...escalationNotifications(ctx, rng, {
        refType: i.ref_type, refId: i.ref_id, title: i.title, procedure: def.id, step: step.id, startedAt, dueAt: due, assigneeId: i.assignee_id, department: step.lane, passed: swept.passed,
      }));
    }
    await bulkInsert(ctx.db, 'clocks', clockColumns, clockRows, 1000);
    await bulkInsert(ctx.db, 'notifications', notificationColumns, notes, 1000);
    ctx.log(`  clocks: ${overdue.toLocaleString('en')} of ${clockRows.length.toLocaleString('en')} overdue at the dataset's end`);
    return { clocks: clockRows.length, notifications: notes.length };
  },
};
