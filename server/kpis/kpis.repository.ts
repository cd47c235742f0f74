import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { rows, type Db, type Executor, type Tx } from '../platform/db/client.js';
import { parties } from '../parties/parties.table.js';
import { users } from '../identity/identity.table.js';
import { kpiEvents, kpiTargets } from './kpis.table.js';

/** The records a calculation reads, narrowed to the customers asked for (null: all). */
export interface Scope {
  fromAt: Date;
  toAt: Date;
  fromDate: string;
  toDate: string;
  partyIds: string[] | null;
}

const inParties = (col: SQL, ids: string[] | null) =>
  ids === null
    ? sql`true`
    : ids.length
      ? sql`${col} in (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`
      : sql`false`;

type Instant = Date | string;

/**
 * Run a KPI's statements in a transaction without PostgreSQL's JIT. At scale 10 the planner's cost estimates of the
 * larger statements pass `jit_above_cost`, and compiling them costs more than running them: the action items'
 * statement spent 1.4 s of its 2.0 s in JIT (inlining, optimisation, emission) and runs in 0.3 s without. Reads only,
 * apart from the rollup's refresh. (PGlite has no JIT; the setting is accepted and does nothing.)
 */
export function withoutJit<T>(db: Db, fn: (tx: Tx) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return fn(tx);
  });
}

// ---- scope ------------------------------------------------------------------------------------
export async function partyIdsOfGrade(db: Executor, grade: string) {
  const r = await db
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.kind, 'customer'), eq(parties.grade, grade)));
  return r.map((x) => x.id);
}
export async function partyNames(db: Executor, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const r = await rows<{ id: string; name: string }>(
    db,
    sql`select id, name_zh as name from ${parties} where id in (${sql.join(
      ids.map((i) => sql`${i}::uuid`),
      sql`, `,
    )})`,
  );
  return new Map(r.map((x) => [x.id, x.name]));
}

// ---- complaints --------------------------------------------------------------------------------
/** Per complaint received: clocks run late (stopped after due, or still running past due). */
export function complaintTimeliness(db: Executor, s: Scope, now: Date) {
  return rows<{ id: string; number: string; partyId: string; receivedAt: Instant; late: number; runningLate: number }>(
    db,
    sql`select c.id, c.number, c.party_id as "partyId", c.received_at as "receivedAt",
               count(k.id) filter (where k.status = 'stopped' and k.stopped_at > k.due_at)::int as late,
               count(k.id) filter (where k.status <> 'stopped' and k.due_at < ${now})::int as "runningLate"
          from complaints c
          join procedure_instances i on i.ref_type = 'complaint' and i.ref_id = c.id::text and i.procedure_id = 'complaint'
          left join clocks k on k.owner_type = 'procedure' and k.owner_id = i.id::text
         where c.voided_at is null and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}
         group by c.id, c.number, c.party_id, c.received_at`,
  );
}

export function complaintAcknowledgements(db: Executor, s: Scope) {
  return rows<{ id: string; number: string; partyId: string; receivedAt: Instant; acknowledgedAt: Instant | null }>(
    db,
    sql`select c.id, c.number, c.party_id as "partyId", c.received_at as "receivedAt", c.acknowledged_at as "acknowledgedAt"
          from complaints c
         where c.voided_at is null and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}`,
  );
}

/**
 * Complaints received, each with the customer's previous complaint of the same failure mode (one window pass over the
 * complaints from N months before the period, not a subquery per complaint); a repeat when it lies within N months.
 */
export function repeatComplaints(db: Executor, s: Scope, months: number) {
  return rows<{ id: string; number: string; partyId: string; receivedAt: Instant; failureMode: string | null; earlier: string | null }>(
    db,
    repeatComplaintsSql(s, months),
  );
}
function repeatComplaintsSql(s: Scope, months: number) {
  return sql`select id, number, "partyId", "receivedAt", "failureMode",
               case when prev_at is not null and prev_at >= "receivedAt" - make_interval(months => ${months}::int) then prev_number end as earlier
          from (select c.id, c.number, c.party_id as "partyId", c.received_at as "receivedAt", c.failure_mode as "failureMode",
                       case when c.failure_mode is null then null else lag(c.received_at) over w end as prev_at,
                       case when c.failure_mode is null then null else lag(c.number) over w end as prev_number
                  from complaints c
                 where c.voided_at is null and c.kind in ('complaint', 'return') and c.received_at >= ${s.fromAt}::timestamptz - make_interval(months => ${months}::int)
                   and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}
                window w as (partition by c.party_id, lower(trim(c.failure_mode)) order by c.received_at, c.id)) x
         where "receivedAt" >= ${s.fromAt}`;
}

export function defectiveQuantities(db: Executor, s: Scope) {
  return rows<{ id: string; number: string; partyId: string; receivedAt: Instant; defective: number }>(
    db,
    sql`select c.id, c.number, c.party_id as "partyId", c.received_at as "receivedAt", c.defective_quantity::int as defective
          from complaints c
         where c.voided_at is null and c.kind in ('complaint', 'return') and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}`,
  );
}

// ---- procedure steps ------------------------------------------------------------------------------
const UUID_SHAPE = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/**
 * The instance's record by its primary key: `i.ref_id` is text, and `x.id::text = i.ref_id` alone is served by no index
 * (PostgreSQL hashes the whole table — all communications for the enquiries). The uuid comparison finds the row by
 * the key; the text comparison kept beside it leaves the answer exactly as before.
 */
const byRef = (id: SQL) => sql`${id} = (case when i.ref_id ~* ${UUID_SHAPE} then i.ref_id::uuid end) and ${id}::text = i.ref_id`;
/** The first stay of each instance of a procedure in a step, for instances started in the period. */
export function stepStays(db: Executor, s: Scope, procedureId: string, stepId: string) {
  return rows<{ instanceId: string; refType: string; refId: string; enteredAt: Instant; leftAt: Instant | null; partyId: string | null; title: string | null }>(
    db,
    sql`select i.id as "instanceId", i.ref_type as "refType", i.ref_id as "refId", v.entered_at as "enteredAt", v.left_at as "leftAt",
               coalesce(cm.party_id, c.party_id, o.party_id, q.party_id, sr.party_id) as "partyId",
               coalesce(cm.subject, c.number, o.number, q.number, sr.number) as title
          from procedure_instances i
          join lateral (select sv.entered_at, sv.left_at from procedure_step_visits sv where sv.instance_id = i.id and sv.step_id = ${stepId} order by sv.id limit 1) v on true
          left join communications cm on i.ref_type = 'communication' and ${byRef(sql`cm.id`)}
          left join complaints c on i.ref_type = 'complaint' and ${byRef(sql`c.id`)}
          left join orders o on i.ref_type = 'order' and ${byRef(sql`o.id`)}
          left join quotations q on i.ref_type = 'quotation' and ${byRef(sql`q.id`)}
          left join service_requests sr on i.ref_type = 'service-request' and ${byRef(sql`sr.id`)}
         where i.procedure_id = ${procedureId} and i.started_at >= ${s.fromAt} and i.started_at < ${s.toAt}
           and ${inParties(sql`coalesce(cm.party_id, c.party_id, o.party_id, q.party_id, sr.party_id)`, s.partyIds)}`,
  );
}

/** Step clocks of a procedure's steps started in the period (net of pauses: due_at moves with them). */
export function stepClocks(db: Executor, s: Scope, procedureId: string, steps: string[]) {
  return rows<{
    id: string;
    stepId: string;
    refType: string;
    refId: string;
    startedAt: Instant;
    dueAt: Instant;
    stoppedAt: Instant | null;
    status: string;
    partyId: string | null;
    title: string | null;
  }>(
    db,
    sql`select k.id, k.step_id as "stepId", k.ref_type as "refType", k.ref_id as "refId", k.started_at as "startedAt", k.due_at as "dueAt",
               k.stopped_at as "stoppedAt", k.status, coalesce(c.party_id, o.party_id, q.party_id, sr.party_id) as "partyId", coalesce(c.number, o.number, q.number, sr.number) as title
          from clocks k
          join procedure_instances i on k.owner_type = 'procedure' and k.owner_id = i.id::text and i.procedure_id = ${procedureId}
          left join complaints c on i.ref_type = 'complaint' and ${byRef(sql`c.id`)}
          left join orders o on i.ref_type = 'order' and ${byRef(sql`o.id`)}
          left join quotations q on i.ref_type = 'quotation' and ${byRef(sql`q.id`)}
          left join service_requests sr on i.ref_type = 'service-request' and ${byRef(sql`sr.id`)}
         where k.step_id in (${sql.join(
           steps.map((x) => sql`${x}`),
           sql`, `,
         )}) and k.started_at >= ${s.fromAt} and k.started_at < ${s.toAt}
           and ${inParties(sql`coalesce(c.party_id, o.party_id, q.party_id, sr.party_id)`, s.partyIds)}`,
  );
}

// ---- action items --------------------------------------------------------------------------------
/**
 * The source record's customer. `source_id` is text; compared as `id::text = source_id` no index serves the lookup and
 * every action scanned the whole table (at scale 10: 23,000 actions × 50,000 orders — the KPI pack took ~3 minutes).
 * Cast the other way, guarded (a source id that is not a uuid finds nothing instead of failing), the primary key answers.
 */
/**
 * Action items of the period with their source record's customer. `source_id` is text: cast (guarded — a source id that
 * is not a uuid finds nothing instead of failing) once per action in a materialised step, then the four source tables
 * joined by their primary keys. As a correlated subquery per action and source type the guard and an index lookup ran
 * ~80,000 times at scale 10 (0.5 s for the year's 21,000 actions; joined after the cast once: ~0.15 s).
 */
function actionsWithParty(period: SQL, cols: SQL, partyIds: string[] | null) {
  const party = sql`coalesce(q.party_id, c.party_id, o.party_id, v.party_id)`;
  return sql`with a as materialized (
          select a.*, case when a.source_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then a.source_id::uuid end as sid
            from (select id, seq, title, due_date, status, completed_at, verified_at, verification_result, source_type, source_id from action_items a where ${period}) a)
        select ${cols}, ${party} as "partyId"
          from a
          left join quotations q on a.source_type = 'quotation' and q.id = a.sid
          left join complaints c on a.source_type = 'complaint' and c.id = a.sid
          left join orders o on a.source_type = 'order' and o.id = a.sid
          left join visits v on a.source_type = 'visit' and v.id = a.sid
         where ${inParties(party, partyIds)}`;
}

/** The action items of the period, their source's customer joined only when the scope narrows by customer. */
function actionsOf(period: SQL, cols: SQL, partyIds: string[] | null) {
  return partyIds === null ? sql`select ${cols} from action_items a where ${period}` : actionsWithParty(period, cols, partyIds);
}

export function actionsDue(db: Executor, s: Scope, f: { sourceType?: string; purpose?: string }) {
  return rows<{ id: string; seq: number; title: string; dueDate: string; status: string; completedAt: Instant | null; partyId: string | null }>(
    db,
    actionsWithParty(
      sql`a.status <> 'cancelled' and a.due_date between ${s.fromDate} and ${s.toDate}
           ${f.sourceType ? sql`and a.source_type = ${f.sourceType}` : sql``}
           ${f.purpose ? sql`and a.purpose = ${f.purpose}` : sql``}`,
      sql`a.id, a.seq::int as seq, a.title, a.due_date::text as "dueDate", a.status, a.completed_at as "completedAt"`,
      s.partyIds,
    ),
  );
}

export function actionsVerified(db: Executor, s: Scope) {
  return rows<{ id: string; seq: number; title: string; verifiedAt: Instant; result: string | null; partyId: string | null }>(
    db,
    actionsWithParty(
      sql`a.verified_at >= ${s.fromAt} and a.verified_at < ${s.toAt}`,
      sql`a.id, a.seq::int as seq, a.title, a.verified_at as "verifiedAt", a.verification_result as result`,
      s.partyIds,
    ),
  );
}

// ---- orders --------------------------------------------------------------------------------------
export function contractReviews(db: Executor, s: Scope) {
  return rows<{ id: string; number: string; partyId: string; receivedAt: Instant; reviewedAt: Instant }>(
    db,
    sql`select o.id, o.number, o.party_id as "partyId", o.received_at as "receivedAt", o.reviewed_at as "reviewedAt"
          from orders o
         where o.voided_at is null and o.reviewed_at >= ${s.fromAt} and o.reviewed_at < ${s.toAt} and ${inParties(sql`o.party_id`, s.partyIds)}`,
  );
}

/**
 * Shipments with the line's first agreed date (the old date of its first change, else the plan) and last agreed
 * date (the plan now), and the changes: how many, how many the customer asked for.
 */
export function shipmentsWithDates(db: Executor, s: Scope) {
  return rows<{
    id: string;
    orderId: string;
    number: string;
    lineNo: number;
    partyId: string;
    quantity: number;
    shippedAt: Instant;
    lastDate: string | null;
    firstDate: string | null;
    changes: number;
    customerChanges: number;
  }>(
    db,
    // the changes of each line aggregated once (not a subquery per shipment)
    sql`with ch as (
          select line_id, count(*)::int as changes, (count(*) filter (where reason = 'customer-request'))::int as customer_changes,
                 (array_agg(old_date::text order by revision, created_at))[1] as first_old
            from order_delivery_changes group by line_id)
        select sh.id, o.id as "orderId", o.number, l.line_no::int as "lineNo", o.party_id as "partyId", sh.quantity::int as quantity, sh.shipped_at as "shippedAt",
               d.planned_date::text as "lastDate", coalesce(ch.first_old, d.planned_date::text) as "firstDate",
               coalesce(ch.changes, 0) as changes, coalesce(ch.customer_changes, 0) as "customerChanges"
          from order_shipments sh
          join order_lines l on l.id = sh.line_id
          join orders o on o.id = sh.order_id
          left join order_delivery_dates d on d.line_id = l.id
          left join ch on ch.line_id = l.id
         where o.voided_at is null and sh.shipped_at >= ${s.fromAt} and sh.shipped_at < ${s.toAt} and ${inParties(sql`o.party_id`, s.partyIds)}`,
  );
}

// ---- month aggregates in SQL (the dashboard's values; the drill-down reads the rows above) ----------------------
export interface MonthAggregate {
  month: string;
  numerator: number;
  denominator: number;
  n: number;
}
const localMonth = (col: SQL, tz: string) => sql`to_char(${col} at time zone ${tz}, 'YYYY-MM')`;

/**
 * Shipments per month in ONE statement for three KPIs (on time against the first and the last agreed date, parts
 * delivered for PPM): one pass over the shipments instead of three.
 */
export function shipmentMonths(db: Executor, s: Scope, tz: string) {
  const day = sql`(sh.shipped_at at time zone ${tz})::date`;
  const first = sql`coalesce(ch.first_old, d.planned_date)`;
  return rows<{ month: string; shipments: number; delivered: number; onTimeFirst: number; onTimeLast: number }>(
    db,
    sql`with ch as (select line_id, (array_agg(old_date order by revision, created_at))[1] as first_old from order_delivery_changes group by line_id)
        select ${localMonth(sql`sh.shipped_at`, tz)} as month, count(*)::int as shipments, coalesce(sum(sh.quantity), 0)::float8 as delivered,
               (count(*) filter (where ${first} is not null and ${day} <= ${first}))::int as "onTimeFirst",
               (count(*) filter (where d.planned_date is not null and ${day} <= d.planned_date))::int as "onTimeLast"
          from order_shipments sh
          join orders o on o.id = sh.order_id
          left join order_delivery_dates d on d.line_id = sh.line_id
          left join ch on ch.line_id = sh.line_id
         where o.voided_at is null and sh.shipped_at >= ${s.fromAt} and sh.shipped_at < ${s.toAt} and ${inParties(sql`o.party_id`, s.partyIds)}
         group by 1`,
  );
}

/** The newest audit row: every change writes one in its transaction, so this moves whenever the data does. */
export async function dataVersion(db: Executor) {
  const r = await rows<{ v: string; at: Instant }>(db, sql`select a.id::text as v, a.at from audit_log a order by a.id desc limit 1`);
  return r[0] ? `${r[0].v}@${new Date(r[0].at).getTime()}` : 'empty';
}

/** Orders first shipped per month, and how many were reconfirmed before. */
export function reconfirmedByMonth(db: Executor, s: Scope, tz: string) {
  return rows<MonthAggregate>(
    db,
    sql`with f as (select order_id, min(shipped_at) as first from order_shipments group by order_id),
             r as (select i.ref_id, min(v.left_at) as at from procedure_step_visits v join procedure_instances i on i.id = v.instance_id
                    where i.ref_type = 'order' and v.step_id = 'reconfirmation' and v.left_at is not null group by i.ref_id)
        select ${localMonth(sql`f.first`, tz)} as month, (count(*) filter (where r.at is not null and r.at <= f.first))::int as numerator, count(*)::int as denominator, count(*)::int as n
          from orders o join f on f.order_id = o.id left join r on r.ref_id = o.id::text
         where o.voided_at is null and f.first >= ${s.fromAt} and f.first < ${s.toAt} and ${inParties(sql`o.party_id`, s.partyIds)}
         group by 1`,
  );
}

// ---- month sums of the record-level calculations: the dashboard's values without reading every record --------
// Each agrees with its calculation's `run` (tests/integration/kpis.test.ts compares every KPI's values both ways).

/** Complaints received per month, and how many had no clock of their steps run late (`complaintTimeliness`). */
export function complaintTimelinessMonths(db: Executor, s: Scope, now: Date, tz: string) {
  return rows<MonthAggregate>(
    db,
    sql`select month, (count(*) filter (where bad = 0))::int as numerator, count(*)::int as denominator, count(*)::int as n
          from (select c.id, ${localMonth(sql`c.received_at`, tz)} as month,
                       count(k.id) filter (where (k.status = 'stopped' and k.stopped_at > k.due_at) or (k.status <> 'stopped' and k.due_at < ${now})) as bad
                  from complaints c
                  join procedure_instances i on i.ref_type = 'complaint' and i.ref_id = c.id::text and i.procedure_id = 'complaint'
                  left join clocks k on k.owner_type = 'procedure' and k.owner_id = i.id::text
                 where c.voided_at is null and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}
                 group by c.id, 2) x
         group by month`,
  );
}

/** Repeats per month of receipt (`repeatComplaints`, counted in SQL). */
export function repeatComplaintMonths(db: Executor, s: Scope, months: number, tz: string) {
  return rows<MonthAggregate>(
    db,
    sql`select ${localMonth(sql`x."receivedAt"`, tz)} as month, (count(*) filter (where x.earlier is not null))::int as numerator, count(*)::int as denominator, count(*)::int as n
          from (${repeatComplaintsSql(s, months)}) x
         group by 1`,
  );
}

/** Defective parts reported per month of receipt (the numerator of customer PPM). */
export function defectiveMonths(db: Executor, s: Scope, tz: string) {
  return rows<MonthAggregate>(
    db,
    sql`select ${localMonth(sql`c.received_at`, tz)} as month, coalesce(sum(c.defective_quantity), 0)::float8 as numerator, 0 as denominator, count(*)::int as n
          from complaints c
         where c.voided_at is null and c.kind in ('complaint', 'return') and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}
         group by 1`,
  );
}

/**
 * Step clocks per month of start: late when stopped after due or still running past due; running within their time
 * are not counted yet (`stepClocks`). The source records are joined only to narrow by customer.
 */
export function stepClockMonths(db: Executor, s: Scope, procedureId: string, steps: string[], now: Date, tz: string) {
  const party = sql`coalesce(c.party_id, o.party_id, q.party_id, sr.party_id)`;
  const joins =
    s.partyIds === null
      ? sql``
      : sql`left join complaints c on i.ref_type = 'complaint' and ${byRef(sql`c.id`)}
            left join orders o on i.ref_type = 'order' and ${byRef(sql`o.id`)}
            left join quotations q on i.ref_type = 'quotation' and ${byRef(sql`q.id`)}
            left join service_requests sr on i.ref_type = 'service-request' and ${byRef(sql`sr.id`)}`;
  return rows<MonthAggregate>(
    db,
    sql`select ${localMonth(sql`k.started_at`, tz)} as month, (count(*) filter (where coalesce(k.stopped_at, ${now}) > k.due_at))::int as numerator,
               count(*)::int as denominator, count(*)::int as n
          from clocks k
          join procedure_instances i on k.owner_type = 'procedure' and k.owner_id = i.id::text and i.procedure_id = ${procedureId}
          ${joins}
         where k.step_id in (${sql.join(
           steps.map((x) => sql`${x}`),
           sql`, `,
         )}) and k.started_at >= ${s.fromAt} and k.started_at < ${s.toAt}
           and not (k.stopped_at is null and k.due_at >= ${now})
           and ${s.partyIds === null ? sql`true` : inParties(party, s.partyIds)}
         group by 1`,
  );
}

/** Action items due per month, done by their due date (local to `tz`); open ones not yet due are not counted. */
export function actionsDueMonths(db: Executor, s: Scope, f: { sourceType?: string; purpose?: string }, today: string, tz: string) {
  const period = sql`a.status <> 'cancelled' and a.due_date between ${s.fromDate} and ${s.toDate}
           ${f.sourceType ? sql`and a.source_type = ${f.sourceType}` : sql``}
           ${f.purpose ? sql`and a.purpose = ${f.purpose}` : sql``}
           and not (a.completed_at is null and a.due_date >= ${today})`;
  return rows<MonthAggregate>(
    db,
    sql`select to_char(x.due_date, 'YYYY-MM') as month,
               (count(*) filter (where x.completed_at is not null and (x.completed_at at time zone ${tz})::date <= x.due_date))::int as numerator,
               count(*)::int as denominator, count(*)::int as n
          from (${actionsOf(period, sql`a.due_date, a.completed_at`, s.partyIds)}) x
         group by 1`,
  );
}

/** Action items verified per month, and how many were effective. */
export function actionsVerifiedMonths(db: Executor, s: Scope, tz: string) {
  return rows<MonthAggregate>(
    db,
    sql`select ${localMonth(sql`x.verified_at`, tz)} as month, (count(*) filter (where x.verification_result = 'effective'))::int as numerator,
               count(*)::int as denominator, count(*)::int as n
          from (${actionsOf(sql`a.verified_at >= ${s.fromAt} and a.verified_at < ${s.toAt}`, sql`a.verified_at, a.verification_result`, s.partyIds)}) x
         group by 1`,
  );
}

/** Orders reviewed by (local day received, local day reviewed): the app counts the working days once per pair. */
export function contractReviewDays(db: Executor, s: Scope, tz: string) {
  return rows<{ receivedOn: string; reviewedOn: string; n: number }>(
    db,
    sql`select "receivedOn"::text as "receivedOn", "reviewedOn"::text as "reviewedOn", count(*)::int as n
          from (select (o.received_at at time zone ${tz})::date as "receivedOn", (o.reviewed_at at time zone ${tz})::date as "reviewedOn"
                  from orders o
                 where o.voided_at is null and o.reviewed_at >= ${s.fromAt} and o.reviewed_at < ${s.toAt} and ${inParties(sql`o.party_id`, s.partyIds)}) x
         group by 1, 2`,
  );
}

/**
 * Complaints acknowledged within `hours` of wall-clock time, per month of receipt: on time whatever the calendar, since
 * working time never runs faster than the clock. Only the others need the calendar (`complaintAcknowledgementsBeyond`).
 */
export function complaintsAcknowledgedWithinMonths(db: Executor, s: Scope, hours: number, tz: string) {
  return rows<MonthAggregate>(
    db,
    sql`select ${localMonth(sql`c.received_at`, tz)} as month, count(*)::int as numerator, count(*)::int as denominator, count(*)::int as n
          from complaints c
         where c.voided_at is null and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}
           and c.acknowledged_at is not null and c.acknowledged_at <= c.received_at + make_interval(secs => ${hours * 3600}::float8)
         group by 1`,
  );
}
/** The rest: acknowledged later than `hours` of wall-clock time, or still open after them. */
export function complaintAcknowledgementsBeyond(db: Executor, s: Scope, hours: number, now: Date) {
  return rows<{ receivedAt: Instant; acknowledgedAt: Instant | null }>(
    db,
    sql`select c.received_at as "receivedAt", c.acknowledged_at as "acknowledgedAt"
          from complaints c
         where c.voided_at is null and c.received_at >= ${s.fromAt} and c.received_at < ${s.toAt} and ${inParties(sql`c.party_id`, s.partyIds)}
           and coalesce(c.acknowledged_at, ${now}) > c.received_at + make_interval(secs => ${hours * 3600}::float8)`,
  );
}

// ---- the order rollup (kpi_order_months): the month sums above, per order, kept current incrementally ---------------
const ROLLUP_LOCK = 7_361_001;
/** Above this many marked orders a refresh rebuilds the whole rollup (one pass) instead of listing the orders. */
const REBUILD_ABOVE = 2_000;

/**
 * The rollup rows of the orders asked for (null: every order), cut in local months of `tz`: the same sums as
 * `shipmentMonths` and `reconfirmedByMonth`, grouped by order as well. The changes are read by order (a change's order
 * is its line's order), which an index serves.
 */
function insertOrderMonths(ids: string[] | null, tz: string) {
  const only = (col: SQL) =>
    ids === null
      ? sql`true`
      : sql`${col} in (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`;
  const day = sql`(sh.shipped_at at time zone ${tz})::date`;
  const first = sql`coalesce(ch.first_old, d.planned_date)`;
  return sql`insert into kpi_order_months (order_id, month, party_id, shipments, delivered, on_time_first, on_time_last, first_shipped, reconfirmed)
    with o as (select id, party_id from orders where voided_at is null and ${only(sql`id`)}),
         ch as (select line_id, (array_agg(old_date order by revision, created_at))[1] as first_old
                  from order_delivery_changes where order_id in (select id from o) group by line_id),
         m as (select sh.order_id, ${localMonth(sql`sh.shipped_at`, tz)} as month, count(*)::int as shipments, coalesce(sum(sh.quantity), 0)::bigint as delivered,
                      (count(*) filter (where ${first} is not null and ${day} <= ${first}))::int as on_time_first,
                      (count(*) filter (where d.planned_date is not null and ${day} <= d.planned_date))::int as on_time_last
                 from order_shipments sh
                 left join order_delivery_dates d on d.line_id = sh.line_id
                 left join ch on ch.line_id = sh.line_id
                where sh.order_id in (select id from o)
                group by 1, 2),
         f as (select order_id, min(shipped_at) as first from order_shipments where order_id in (select id from o) group by order_id),
         r as (select i.ref_id, min(v.left_at) as at from procedure_step_visits v join procedure_instances i on i.id = v.instance_id
                where i.ref_type = 'order' and i.ref_id in (select id::text from o) and v.step_id = 'reconfirmation' and v.left_at is not null group by i.ref_id)
    select m.order_id, m.month, o.party_id, m.shipments, m.delivered, m.on_time_first, m.on_time_last,
           (${localMonth(sql`f.first`, tz)} = m.month)::int as first_shipped,
           (${localMonth(sql`f.first`, tz)} = m.month and r.at is not null and r.at <= f.first)::int as reconfirmed
      from m join o on o.id = m.order_id join f on f.order_id = m.order_id left join r on r.ref_id = m.order_id::text`;
}

/**
 * Bring the rollup up to date before reading it: recompute the orders the triggers marked since the last refresh (or
 * everything, the first time, after a change of the site's time zone, or when very many are marked). Refreshes take
 * turns (an advisory lock); a writer still holding a mark makes the refresh wait for its commit (the mark's row lock).
 */
export async function refreshOrderRollup(db: Executor, tz: string) {
  // inside the KPI's transaction (withoutJit) this is a savepoint; the advisory lock lasts until the outer commit
  return (db as Db).transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`);
    const [state] = await rows<{ timeZone: string | null }>(tx, sql`select time_zone as "timeZone" from kpi_rollup_state where name = 'order-months'`);
    const marked = (await rows<{ id: string }>(tx, sql`delete from kpi_dirty_orders returning order_id::text as id`)).map((r) => r.id);
    if (state?.timeZone !== tz || marked.length > REBUILD_ABOVE) {
      await tx.execute(sql`delete from kpi_order_months`);
      await tx.execute(insertOrderMonths(null, tz));
      await tx.execute(sql`insert into kpi_rollup_state (name, time_zone, built_at) values ('order-months', ${tz}, now())
                            on conflict (name) do update set time_zone = excluded.time_zone, built_at = excluded.built_at`);
      return { rebuilt: true, orders: marked.length };
    }
    if (marked.length) {
      await tx.execute(
        sql`delete from kpi_order_months where order_id in (${sql.join(
          marked.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`,
      );
      await tx.execute(insertOrderMonths(marked, tz));
    }
    return { rebuilt: false, orders: marked.length };
  });
}

/** The month sums of the order-side KPIs from the rollup (refreshed first by the caller): same figures as the statements above. */
export function orderRollupMonths(db: Executor, s: Scope, months: { from: string; to: string }) {
  return rows<{ month: string; shipments: number; delivered: number; onTimeFirst: number; onTimeLast: number; firstShipped: number; reconfirmed: number }>(
    db,
    sql`select month, sum(shipments)::int as shipments, sum(delivered)::float8 as delivered, sum(on_time_first)::int as "onTimeFirst",
               sum(on_time_last)::int as "onTimeLast", sum(first_shipped)::int as "firstShipped", sum(reconfirmed)::int as reconfirmed
          from kpi_order_months
         where month between ${months.from} and ${months.to} and ${inParties(sql`party_id`, s.partyIds)}
         group by month`,
  );
}

/** Orders whose first shipment fell in the period, with when the reconfirmation step was first left. */
export function firstShipments(db: Executor, s: Scope) {
  return rows<{ id: string; number: string; partyId: string; firstShippedAt: Instant; reconfirmedAt: Instant | null }>(
    db,
    sql`with f as (select order_id, min(shipped_at) as first from order_shipments group by order_id),
             r as (select i.ref_id, min(v.left_at) as at from procedure_step_visits v join procedure_instances i on i.id = v.instance_id
                    where i.ref_type = 'order' and v.step_id = 'reconfirmation' and v.left_at is not null group by i.ref_id)
        select o.id, o.number, o.party_id as "partyId", f.first as "firstShippedAt", r.at as "reconfirmedAt"
          from orders o
          join f on f.order_id = o.id
          left join r on r.ref_id = o.id::text
         where o.voided_at is null and f.first >= ${s.fromAt} and f.first < ${s.toAt} and ${inParties(sql`o.party_id`, s.partyIds)}`,
  );
}

// ---- surveys --------------------------------------------------------------------------------------
export function surveyResponses(db: Executor, s: Scope) {
  return rows<{
    id: string;
    campaignId: string;
    number: string;
    partyId: string;
    respondedAt: Instant;
    scores: Record<string, number> | string;
    recommend: number | null;
    satisfactionIndex: string | number;
  }>(
    db,
    sql`select r.id, r.campaign_id as "campaignId", c.number, r.party_id as "partyId", r.responded_at as "respondedAt", r.scores, r.recommend, r.satisfaction_index as "satisfactionIndex"
          from survey_responses r join survey_campaigns c on c.id = r.campaign_id
         where r.voided_at is null and c.voided_at is null and r.responded_at >= ${s.fromAt} and r.responded_at < ${s.toAt} and ${inParties(sql`r.party_id`, s.partyIds)}`,
  );
}

export function surveyRecipients(db: Executor, s: Scope) {
  return rows<{ id: string; campaignId: string; number: string; partyId: string; sentAt: Instant; respondedAt: Instant | null }>(
    db,
    sql`select r.id, r.campaign_id as "campaignId", c.number, r.party_id as "partyId", r.sent_at as "sentAt", r.responded_at as "respondedAt"
          from survey_recipients r join survey_campaigns c on c.id = r.campaign_id
         where c.voided_at is null and r.sent_at >= ${s.fromAt} and r.sent_at < ${s.toAt} and ${inParties(sql`r.party_id`, s.partyIds)}`,
  );
}

// ---- events ---------------------------------------------------------------------------------------
export function eventsInScope(db: Executor, s: Scope, types: readonly string[]) {
  return rows<{ id: string; type: string; partyId: string; occurredOn: string; cost: string | null; score: string | null; cause: string | null }>(
    db,
    sql`select e.id, e.type, e.party_id as "partyId", e.occurred_on::text as "occurredOn", e.cost::text as cost, e.score::text as score, e.cause
          from kpi_events e
         where e.voided_at is null and e.type in (${sql.join(
           types.map((t) => sql`${t}`),
           sql`, `,
         )})
           and e.occurred_on between ${s.fromDate} and ${s.toDate} and ${inParties(sql`e.party_id`, s.partyIds)}`,
  );
}

const eventColumns = {
  id: kpiEvents.id,
  type: kpiEvents.type,
  partyId: kpiEvents.partyId,
  partyName: parties.nameZh,
  occurredOn: kpiEvents.occurredOn,
  cost: kpiEvents.cost,
  score: kpiEvents.score,
  cause: kpiEvents.cause,
  note: kpiEvents.note,
  attachmentIds: kpiEvents.attachmentIds,
  voidedAt: kpiEvents.voidedAt,
  version: kpiEvents.version,
  createdAt: kpiEvents.createdAt,
  createdBy: kpiEvents.createdBy,
};
export type EventRow = Awaited<ReturnType<typeof selectEvent>> & {};
export async function selectEvent(db: Executor, id: string) {
  const [row] = await db.select(eventColumns).from(kpiEvents).innerJoin(parties, eq(parties.id, kpiEvents.partyId)).where(eq(kpiEvents.id, id));
  return row;
}
export function selectEvents(db: Executor, f: { partyId?: string; type?: string; from?: string; to?: string }) {
  const where: SQL[] = [];
  if (f.partyId) where.push(eq(kpiEvents.partyId, f.partyId));
  if (f.type) where.push(eq(kpiEvents.type, f.type));
  if (f.from) where.push(gte(kpiEvents.occurredOn, f.from));
  if (f.to) where.push(lte(kpiEvents.occurredOn, f.to));
  return db
    .select(eventColumns)
    .from(kpiEvents)
    .innerJoin(parties, eq(parties.id, kpiEvents.partyId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(kpiEvents.occurredOn), desc(kpiEvents.createdAt))
    .limit(500);
}
export async function insertEvent(
  tx: Executor,
  v: {
    type: string;
    partyId: string;
    occurredOn: string;
    cost: string | null;
    score: string | null;
    cause: string | null;
    note: string | null;
    attachmentIds: string[];
  },
  actorId: string,
) {
  const [row] = await tx
    .insert(kpiEvents)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: kpiEvents.id });
  return row!.id;
}
export async function updateEvent(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<{
    occurredOn: string;
    cost: string | null;
    score: string | null;
    cause: string | null;
    note: string | null;
    attachmentIds: string[];
    voidedAt: Date;
    voidReason: string;
  }>,
  actorId: string,
) {
  const res = await tx
    .update(kpiEvents)
    .set({ ...v, version: sql`${kpiEvents.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(kpiEvents.id, id), eq(kpiEvents.version, version)))
    .returning({ id: kpiEvents.id });
  return res.length > 0;
}

// ---- targets ---------------------------------------------------------------------------------------
export function selectTargets(db: Executor) {
  return db
    .select({
      id: kpiTargets.id,
      kpiId: kpiTargets.kpiId,
      target: kpiTargets.target,
      warning: kpiTargets.warning,
      reason: kpiTargets.reason,
      at: kpiTargets.at,
      byName: users.displayName,
    })
    .from(kpiTargets)
    .leftJoin(users, eq(users.id, kpiTargets.byId))
    .orderBy(asc(kpiTargets.id));
}
export async function insertTarget(tx: Executor, v: { kpiId: string; target: number; warning: number; reason: string }, actorId: string) {
  await tx.insert(kpiTargets).values({ kpiId: v.kpiId, target: String(v.target), warning: String(v.warning), reason: v.reason, byId: actorId });
}
