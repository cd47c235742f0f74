/**
 * Action items as the procedures create them: the 8D actions of the complaints past D5 (containment, root
 * cause, corrective and preventive actions, 1–3 each, QA's people or the departments they name) and the
 * improvement actions of the closed survey campaigns. Items of closed complaints are verified, items
 * of an 8D still in progress are open (due 2–15 working days after creation — many now overdue) or done,
 * a few cancelled. Each open item has its clock as the actions feature starts it (due at the end of working
 * hours of its due date on the site calendar, the default escalation), with the sweep's notifications
 * of the rules passed by the dataset's end. Sent quotations past their follow-up date have the follow-up task
 * the quotation sweep opens (purpose quotation.follow-up), so that sweep finds nothing left to do.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, HOUR, type GenContext, type Generator } from './context.js';
import { clockColumns, escalationNotifications, notificationColumns, sweptTo, type Rule } from './clocks.js';
import { insertAuditRows, type AuditRow } from './rows.js';

const col = (name: string, type: string): Column => ({ name, type });
const actionColumns: Column[] = [
  col('id', 'uuid'), col('seq', 'bigint'), col('source_type', 'text'), col('source_id', 'text'), col('title', 'text'), col('description', 'text'), col('owner_id', 'uuid'),
  col('department', 'text'), col('due_date', 'date'), col('status', 'text'), col('evidence', 'text'), col('completed_at', 'timestamptz'), col('verification_method', 'text'),
  col('verification_criterion', 'text'), col('verified_at', 'timestamptz'), col('verifier_id', 'uuid'), col('verification_result', 'text'), col('cancel_reason', 'text'),
  col('purpose', 'text'), col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid'),
];
/** the actions feature's default escalation (server/actions/actions.service.ts) */
const ACTION_ESCALATION: Rule[] = [
  { atPercent: 100, notify: ['assignee', 'departmentManager'] },
  { atPercent: 200, notify: ['vp', 'gm'] },
];
const eightD = [
  { title: '临时措施：库存及在途品全检 Containment: sort stock and goods in transit', dept: 'quality' },
  { title: '根本原因分析（鱼骨图 / 5Why）Root cause analysis (fishbone / 5 whys)', dept: 'engineering' },
  { title: '纠正措施：修改模具并验证 Corrective action: modify the tool and verify', dept: 'engineering' },
  { title: '更新 PFMEA 和控制计划 Update the PFMEA and control plan', dept: 'quality' },
  { title: '作业指导书修订并培训 Revise the work instruction and train the operators', dept: 'planning' },
];
const surveyActions = [
  { title: '缩短报价响应时间至 2 个工作日 Quote response within 2 working days', dept: 'sales' },
  { title: '交期变更提前 3 天通知客户 Tell customers of delivery changes 3 days ahead', dept: 'planning' },
  { title: '包装增加防潮措施 Moisture protection in the packaging', dept: 'quality' },
];

export const actionsGenerator: Generator = {
  name: 'actions',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('actions');
    const cal = await siteCalendar(ctx.db);
    const today = cal.localDate(ctx.end);
    const sources = await rows<{ type: string; id: string; number: string; state: string; at: Date | string; assignee_id: string | null }>(
      ctx.db,
      sql`select 'complaint' as type, c.id::text as id, c.number, i.state, v.entered_at as at, i.assignee_id
            from complaints c join procedure_instances i on i.ref_type = 'complaint' and i.ref_id = c.id::text
            join procedure_step_visits v on v.instance_id = i.id and v.step_id = 'd5-actions'
          union all
          -- a sent quote past its follow-up date: the follow-up sweep's task (server/quotations sweepQuotationFollowUps)
          select 'quotation', q.id::text, q.number || ' R' || q.revision, i.state, (q.follow_up_due::timestamp + interval '9 hours') at time zone 'Asia/Shanghai', q.salesperson_id
            from quotations q join procedure_instances i on i.ref_type = 'quotation' and i.ref_id = q.id::text
           where i.state = 'sent' and i.status = 'open' and q.follow_up_due <= ${today}
          union all
          select 'survey-campaign', s.id::text, s.number, i.state, s.sent_at + interval '30 days', i.assignee_id
            from survey_campaigns s join procedure_instances i on i.ref_type = 'survey-campaign' and i.ref_id = s.id::text
           where i.state in ('reply', 'closed')
          order by 5, 2`,
    );
    const byDept = (d: string) => ctx.users.filter((u) => u.department === d && u.role === 'staff');
    const verifier = ctx.users.find((u) => u.department === 'quality' && u.role === 'manager') ?? ctx.users[0]!;
    const items: Record<string, unknown>[] = [];
    const clockRows: Record<string, unknown>[] = [];
    const notes: Record<string, unknown>[] = [];
    const audit: AuditRow[] = [];
    let overdue = 0;
    for (const s of sources) {
      const createdAt = new Date(new Date(s.at).getTime() + rng.int(1, 6) * HOUR);
      if (createdAt >= ctx.end) continue;
      const followUp = s.type === 'quotation';
      const pool = followUp ? [{ title: `跟进报价 Follow up quotation ${s.number}`, dept: 'sales' }] : s.type === 'complaint' ? eightD : surveyActions;
      const closed = s.state === 'closed';
      for (const a of followUp ? pool : rng.sample(pool, rng.int(1, 3))) {
        const owner = followUp ? ctx.users.find((u) => u.id === s.assignee_id)! : rng.pick(byDept(a.dept).length ? byDept(a.dept) : ctx.users);
        const id = ctx.uuid(rng);
        const dueDate = followUp ? cal.localDate(createdAt) : cal.addWorkingDays(cal.localDate(createdAt), rng.int(2, 15)).date;
        const due = cal.endOfWorkingDay(dueDate);
        const finishedAt = new Date(Math.min(createdAt.getTime() + rng.int(1, 20) * DAY, ctx.end.getTime() - HOUR));
        const status = followUp ? 'open' : closed ? (rng.chance(0.95) ? 'verified' : 'cancelled') : finishedAt.getTime() < ctx.end.getTime() - HOUR && rng.chance(0.45) ? 'done' : rng.chance(0.03) ? 'cancelled' : 'open';
        const done = status === 'done' || status === 'verified';
        const created = createdAt.toISOString();
        items.push({
          id, seq: items.length + 1, source_type: s.type, source_id: s.id, title: a.title, description: `${s.number}`, owner_id: owner.id, department: a.dept, due_date: dueDate, status,
          evidence: done ? '已完成，记录已上传。Done, records attached.' : null, completed_at: done ? finishedAt.toISOString() : null,
          verification_method: followUp ? null : '记录审核 Record review', verification_criterion: followUp ? null : '连续 3 批无同类不良 No recurrence in 3 lots',
          verified_at: status === 'verified' ? new Date(finishedAt.getTime() + 2 * DAY).toISOString() : null, verifier_id: status === 'verified' ? verifier.id : null,
          verification_result: status === 'verified' ? 'effective' : null, cancel_reason: status === 'cancelled' ? '措施已由其他行动覆盖 Covered by another action' : null,
          purpose: followUp ? 'quotation.follow-up' : null,
          created_at: created, created_by: s.assignee_id, updated_at: done ? finishedAt.toISOString() : created, updated_by: done ? owner.id : s.assignee_id,
        });
        audit.push({ at: created, actor_id: s.assignee_id, ref_type: 'action', ref_id: id, action: 'create', after: { sourceType: s.type, sourceId: s.id, title: a.title, ownerId: owner.id, department: a.dept, dueDate } });
        if (status !== 'open') continue;
        const startedAt = createdAt < due.due ? createdAt : due.due;
        const swept = sweptTo(startedAt, due.due, ACTION_ESCALATION, ctx.end);
        if (dueDate < today) overdue++;
        clockRows.push({
          id: ctx.uuid(rng), owner_type: 'action', owner_id: id, step_id: null, ref_type: 'action', ref_id: id, department: a.dept, assignee_id: owner.id,
          deadline_amount: 0, deadline_unit: 'dueDate', started_at: startedAt.toISOString(), due_at: due.due.toISOString(), provisional: due.provisional, calendar_version: due.calendarVersion,
          status: 'running', paused_since: null, escalated_percent: swept.done, escalation: ACTION_ESCALATION, next_check_at: swept.nextCheckAt?.toISOString() ?? null,
        });
        notes.push(...escalationNotifications(ctx, rng, {
          refType: 'action', refId: id, title: a.title, procedure: '', step: '', startedAt, dueAt: due.due, assigneeId: owner.id, department: a.dept, passed: swept.passed,
        }));
      }
    }
    await bulkInsert(ctx.db, 'action_items', actionColumns, items, 1000);
    await bulkInsert(ctx.db, 'clocks', clockColumns, clockRows, 1000);
    await bulkInsert(ctx.db, 'notifications', notificationColumns, notes, 1000);
    await insertAuditRows(ctx.db, audit);
    await ctx.db.execute(sql`select setval(pg_get_serial_sequence('action_items', 'seq'), ${Math.max(items.length, 1)})`);
    ctx.log(`  actions: ${items.filter((i) => i.status === 'open').length.toLocaleString('en')} open, ${overdue.toLocaleString('en')} of them overdue at the dataset's end`);
    return { action_items: items.length, clocks: clockRows.length, notifications: notes.length, audit_log: audit.length };
  },
};
