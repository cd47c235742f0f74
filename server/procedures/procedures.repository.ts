import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { rows } from '../platform/db/client.js';
import { actorNameSql } from '../platform/audit/index.js';
import { users } from '../identity/identity.table.js';
import { contacts, parties } from '../parties/parties.table.js';
import { clocks, procedureInstances, procedureSignoffs, procedureStepVisits } from './procedures.table.js';

// ---- instances ------------------------------------------------------------------------
const instanceColumns = {
  id: procedureInstances.id,
  refType: procedureInstances.refType,
  refId: procedureInstances.refId,
  procedureId: procedureInstances.procedureId,
  procedureVersion: procedureInstances.procedureVersion,
  state: procedureInstances.state,
  status: procedureInstances.status,
  assigneeId: procedureInstances.assigneeId,
  data: procedureInstances.data,
  startedAt: procedureInstances.startedAt,
  closedAt: procedureInstances.closedAt,
  version: procedureInstances.version,
};
export type InstanceRow = {
  id: string;
  refType: string;
  refId: string;
  procedureId: string;
  procedureVersion: number;
  state: string;
  status: string;
  assigneeId: string | null;
  data: Record<string, string | number | boolean>;
  startedAt: Date;
  closedAt: Date | null;
  version: number;
};

export async function insertInstance(
  tx: Executor,
  v: { refType: string; refId: string; procedureId: string; procedureVersion: number; state: string; assigneeId: string | null; startedAt: Date },
  actorId: string | null,
): Promise<InstanceRow> {
  const [row] = await tx
    .insert(procedureInstances)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning(instanceColumns);
  return row!;
}

export async function selectInstance(db: Executor, id: string): Promise<InstanceRow | undefined> {
  const [row] = await db.select(instanceColumns).from(procedureInstances).where(eq(procedureInstances.id, id));
  return row;
}

export function selectInstancesOf(db: Executor, refType: string, refId: string): Promise<InstanceRow[]> {
  return db
    .select(instanceColumns)
    .from(procedureInstances)
    .where(and(eq(procedureInstances.refType, refType), eq(procedureInstances.refId, refId)))
    .orderBy(asc(procedureInstances.startedAt));
}

export async function selectInstanceFor(db: Executor, refType: string, refId: string, procedureId: string) {
  const [row] = await db
    .select(instanceColumns)
    .from(procedureInstances)
    .where(and(eq(procedureInstances.refType, refType), eq(procedureInstances.refId, refId), eq(procedureInstances.procedureId, procedureId)));
  return row;
}

export async function updateInstanceRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<{ state: string; status: string; data: Record<string, string | number | boolean>; closedAt: Date | null; assigneeId: string | null }>,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(procedureInstances)
    .set({ ...v, version: sql`${procedureInstances.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(procedureInstances.id, id), eq(procedureInstances.version, version)))
    .returning({ id: procedureInstances.id });
  return res.length > 0;
}

/** Open instances per step with due-soon / overdue counts, for the flowchart. */
export async function countByStep(db: Executor, procedureId: string, version: number | null, now: Date, soonHours = 24) {
  return rows<{ state: string; open: number; due_soon: number; overdue: number }>(
    db,
    sql`select i.state,
               count(*)::int as open,
               count(*) filter (where c.status = 'running' and c.due_at >= ${now.toISOString()}::timestamptz
                                  and c.due_at < ${now.toISOString()}::timestamptz + make_interval(hours => ${soonHours}))::int as due_soon,
               count(*) filter (where c.status = 'running' and c.due_at < ${now.toISOString()}::timestamptz)::int as overdue
        from procedure_instances i
        left join clocks c on c.owner_type = 'procedure' and c.owner_id = i.id::text and c.step_id = i.state and c.status <> 'stopped'
        where i.procedure_id = ${procedureId} and i.status = 'open'
          and (${version}::int is null or i.procedure_version = ${version}::int)
        group by i.state`,
  );
}

export async function selectInstancesAtStep(db: Executor, procedureId: string, version: number | null, stepId: string, limit = 200) {
  return rows<{ id: string; ref_type: string; ref_id: string; started_at: Date | string; due_at: Date | string | null; assignee_name: string | null }>(
    db,
    sql`select i.id, i.ref_type, i.ref_id, i.started_at, c.due_at, u.display_name as assignee_name
        from procedure_instances i
        left join clocks c on c.owner_type = 'procedure' and c.owner_id = i.id::text and c.step_id = i.state and c.status <> 'stopped'
        left join users u on u.id = i.assignee_id
        where i.procedure_id = ${procedureId} and i.state = ${stepId} and i.status = 'open'
          and (${version}::int is null or i.procedure_version = ${version}::int)
        order by c.due_at nulls last, i.started_at
        limit ${limit}`,
  );
}

/** Open steps of these procedures whose running clock is overdue or due before `until`, soonest first; and how many in all. */
export async function selectDueInstances(db: Executor, procedureIds: string[], until: Date, limit = 200) {
  if (!procedureIds.length) return { items: [], total: 0 };
  const where = sql`i.status = 'open' and i.procedure_id in (${sql.join(
    procedureIds.map((id) => sql`${id}`),
    sql`, `,
  )})
          and c.status = 'running' and c.due_at < ${until.toISOString()}::timestamptz`;
  const [items, total] = await Promise.all([
    rows<{
      id: string;
      procedure_id: string;
      state: string;
      ref_type: string;
      ref_id: string;
      started_at: Date | string;
      due_at: Date | string;
      assignee_name: string | null;
    }>(
      db,
      sql`select i.id, i.procedure_id, i.state, i.ref_type, i.ref_id, i.started_at, c.due_at, u.display_name as assignee_name
          from procedure_instances i
          join clocks c on c.owner_type = 'procedure' and c.owner_id = i.id::text and c.step_id = i.state
          left join users u on u.id = i.assignee_id
          where ${where}
          order by c.due_at, i.id
          limit ${limit}`,
    ),
    rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from procedure_instances i join clocks c on c.owner_type = 'procedure' and c.owner_id = i.id::text and c.step_id = i.state where ${where}`,
    ),
  ]);
  return { items, total: total[0]?.n ?? 0 };
}

/**
 * Time spent in each step by visits entered in [from, to): gross (left − entered) and net (minus the
 * pauses of the step's clock), and whether a timed visit left by its (pause-adjusted) due time.
 */
export async function stepTimes(db: Executor, procedureId: string, from: Date, to: Date) {
  return rows<{
    step_id: string;
    entered: number;
    completed: number;
    timed: number;
    on_time: number;
    open: number;
    avg_gross_hours: number | string | null;
    avg_net_hours: number | string | null;
    median_net_hours: number | string | null;
    max_net_hours: number | string | null;
    paused_hours: number | string | null;
  }>(
    db,
    sql`with v as (
          select v.step_id, v.left_at, c.due_at, c.id as clock_id,
                 extract(epoch from (v.left_at - v.entered_at)) / 3600.0 as gross,
                 extract(epoch from (v.left_at - v.entered_at)) / 3600.0 - coalesce(c.paused_minutes, 0) / 60.0 as net,
                 coalesce(c.paused_minutes, 0) / 60.0 as paused
          from procedure_step_visits v
          join procedure_instances i on i.id = v.instance_id
          left join clocks c on c.owner_type = 'procedure' and c.owner_id = i.id::text and c.step_id = v.step_id and c.started_at = v.entered_at
          where i.procedure_id = ${procedureId}
            and v.entered_at >= ${from.toISOString()}::timestamptz and v.entered_at < ${to.toISOString()}::timestamptz
        )
        select step_id,
               count(*)::int as entered,
               count(left_at)::int as completed,
               count(*) filter (where left_at is not null and clock_id is not null)::int as timed,
               count(*) filter (where left_at is not null and clock_id is not null and left_at <= due_at)::int as on_time,
               count(*) filter (where left_at is null)::int as open,
               avg(gross) filter (where left_at is not null) as avg_gross_hours,
               avg(net) filter (where left_at is not null) as avg_net_hours,
               percentile_cont(0.5) within group (order by net) filter (where left_at is not null) as median_net_hours,
               max(net) filter (where left_at is not null) as max_net_hours,
               coalesce(sum(paused) filter (where left_at is not null), 0) as paused_hours
        from v group by step_id`,
  );
}

/** Instances of a procedure started in [from, to), and how many of them are closed. */
export async function countStarted(db: Executor, procedureId: string, from: Date, to: Date) {
  const [r] = await rows<{ started: number; closed: number }>(
    db,
    sql`select count(*)::int as started, count(*) filter (where status = 'closed')::int as closed
        from procedure_instances
        where procedure_id = ${procedureId} and started_at >= ${from.toISOString()}::timestamptz and started_at < ${to.toISOString()}::timestamptz`,
  );
  return r ?? { started: 0, closed: 0 };
}

// ---- step visits ----------------------------------------------------------------------
export async function insertVisit(
  tx: Executor,
  v: { instanceId: string; stepId: string; enteredAt: Date; enteredBy: string | null; enteredByContact?: string | null },
) {
  await tx.insert(procedureStepVisits).values(v);
}

export async function closeVisit(
  tx: Executor,
  instanceId: string,
  v: { leftAt: Date; leftBy: string | null; leftByContact?: string | null; transitionId: string; reason: string | null },
) {
  await tx
    .update(procedureStepVisits)
    .set(v)
    .where(and(eq(procedureStepVisits.instanceId, instanceId), isNull(procedureStepVisits.leftAt)));
}

export async function selectVisits(db: Executor, instanceIds: string[]) {
  if (!instanceIds.length) return [];
  return db
    .select({
      instanceId: procedureStepVisits.instanceId,
      stepId: procedureStepVisits.stepId,
      enteredAt: procedureStepVisits.enteredAt,
      leftAt: procedureStepVisits.leftAt,
      // our user, or the customer's contact who acted through the portal: "张三 (ACME · 客户联系人 customer contact)"
      actorName: actorNameSql,
      transitionId: procedureStepVisits.transitionId,
      reason: procedureStepVisits.reason,
    })
    .from(procedureStepVisits)
    .leftJoin(users, eq(users.id, procedureStepVisits.leftBy))
    .leftJoin(contacts, eq(contacts.id, procedureStepVisits.leftByContact))
    .leftJoin(parties, eq(parties.id, contacts.partyId))
    .where(inArray(procedureStepVisits.instanceId, instanceIds))
    .orderBy(asc(procedureStepVisits.id));
}

export async function countVisits(db: Executor, instanceId: string, stepId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(procedureStepVisits)
    .where(and(eq(procedureStepVisits.instanceId, instanceId), eq(procedureStepVisits.stepId, stepId)));
  return row?.n ?? 0;
}

// ---- sign-offs ------------------------------------------------------------------------
export async function insertSignoff(
  tx: Executor,
  v: { instanceId: string; stepId: string; round: number; department: string; userId: string; opinion: string; comment: string | null; at: Date },
) {
  await tx.insert(procedureSignoffs).values(v);
}

export function selectSignoffs(db: Executor, instanceId: string, stepId: string, round: number) {
  return db
    .select({
      department: procedureSignoffs.department,
      opinion: procedureSignoffs.opinion,
      comment: procedureSignoffs.comment,
      userName: users.displayName,
      at: procedureSignoffs.at,
    })
    .from(procedureSignoffs)
    .leftJoin(users, eq(users.id, procedureSignoffs.userId))
    .where(and(eq(procedureSignoffs.instanceId, instanceId), eq(procedureSignoffs.stepId, stepId), eq(procedureSignoffs.round, round)))
    .orderBy(asc(procedureSignoffs.id));
}

// ---- clocks ---------------------------------------------------------------------------
const clockColumns = {
  id: clocks.id,
  ownerType: clocks.ownerType,
  ownerId: clocks.ownerId,
  stepId: clocks.stepId,
  refType: clocks.refType,
  refId: clocks.refId,
  department: clocks.department,
  assigneeId: clocks.assigneeId,
  deadlineAmount: clocks.deadlineAmount,
  deadlineUnit: clocks.deadlineUnit,
  startedAt: clocks.startedAt,
  dueAt: clocks.dueAt,
  provisional: clocks.provisional,
  calendarVersion: clocks.calendarVersion,
  status: clocks.status,
  pausedSince: clocks.pausedSince,
  pausedMinutes: clocks.pausedMinutes,
  stoppedAt: clocks.stoppedAt,
  escalatedPercent: clocks.escalatedPercent,
  escalation: clocks.escalation,
  nextCheckAt: clocks.nextCheckAt,
};
export type ClockRow = {
  id: string;
  ownerType: string;
  ownerId: string;
  stepId: string | null;
  refType: string;
  refId: string;
  department: string | null;
  assigneeId: string | null;
  deadlineAmount: number;
  deadlineUnit: string;
  startedAt: Date;
  dueAt: Date;
  provisional: boolean;
  calendarVersion: string;
  status: string;
  pausedSince: Date | null;
  pausedMinutes: number;
  stoppedAt: Date | null;
  escalatedPercent: number;
  escalation: { atPercent: number; notify: string[] }[];
  nextCheckAt: Date | null;
};

export async function insertClock(tx: Executor, v: Omit<ClockRow, 'id' | 'stoppedAt' | 'escalatedPercent' | 'pausedMinutes'>) {
  const [row] = await tx.insert(clocks).values(v).returning(clockColumns);
  return row!;
}

export function selectClocks(db: Executor, ownerType: string, ownerIds: string[]): Promise<ClockRow[]> {
  if (!ownerIds.length) return Promise.resolve([]);
  return db
    .select(clockColumns)
    .from(clocks)
    .where(and(eq(clocks.ownerType, ownerType), inArray(clocks.ownerId, ownerIds)))
    .orderBy(asc(clocks.startedAt));
}

export async function updateClock(tx: Executor, id: string, v: Partial<Omit<ClockRow, 'id'>>) {
  await tx.update(clocks).set(v).where(eq(clocks.id, id));
}

/** Many clocks' escalation progress in one statement (a sweep's burst: one round trip instead of one per clock). */
export async function updateClocksChecked(tx: Executor, updates: { id: string; escalatedPercent: number; nextCheckAt: Date | null }[]) {
  if (!updates.length) return;
  const json = JSON.stringify(updates.map((u) => ({ id: u.id, p: u.escalatedPercent, n: u.nextCheckAt?.toISOString() ?? null })));
  await tx.execute(sql`
    update clocks c set escalated_percent = u.p, next_check_at = u.n
    from json_to_recordset(${json}::json) as u(id uuid, p integer, n timestamptz)
    where c.id = u.id`);
}

/** The procedure of each instance named (an escalation names its procedure), in one query. */
export async function selectProcedureIds(tx: Executor, ids: string[]): Promise<Map<string, string>> {
  const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (!uuids.length) return new Map();
  const found = await tx
    .select({ id: procedureInstances.id, procedureId: procedureInstances.procedureId })
    .from(procedureInstances)
    .where(inArray(procedureInstances.id, uuids));
  return new Map(found.map((r) => [r.id, r.procedureId]));
}

/** Running clocks whose next escalation check is due, locked for this sweeper only. */
export function claimDueClocks(tx: Executor, now: Date, limit: number): Promise<ClockRow[]> {
  return tx
    .select(clockColumns)
    .from(clocks)
    .where(and(eq(clocks.status, 'running'), lte(clocks.nextCheckAt, now)))
    .orderBy(asc(clocks.nextCheckAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Users holding a role, optionally only in one department (by code). */
export async function usersWithRole(db: Executor, role: string, departmentCode: string | null): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    departmentCode
      ? sql`select distinct u.id from users u join user_roles r on r.user_id = u.id
            join user_departments ud on ud.user_id = u.id join departments d on d.id = ud.department_id
            where u.active and r.role_code = ${role} and d.code = ${departmentCode}`
      : sql`select distinct u.id from users u join user_roles r on r.user_id = u.id where u.active and r.role_code = ${role}`,
  );
  return found.map((r) => r.id);
}

export function selectOpenClocks(db: Executor): Promise<ClockRow[]> {
  return db
    .select(clockColumns)
    .from(clocks)
    .where(sql`${clocks.status} <> 'stopped'`);
}
