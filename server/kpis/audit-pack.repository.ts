import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';

type Instant = Date | string;

/** The audit pack's customer (null: no such customer). */
export async function selectPackParty(db: Executor, id: string) {
  const r = await rows<{ id: string; code: string; nameZh: string; nameEn: string | null }>(
    db,
    sql`select id, code, name_zh as "nameZh", name_en as "nameEn" from parties where id = ${id}::uuid and kind = 'customer'`,
  );
  return r[0] ?? null;
}

/**
 * The customer's records in a period, oldest first: orders and complaints by the time they were received, visits by
 * their first day, survey campaigns that asked the customer by the time they were sent.
 */
export async function selectPackRecords(db: Executor, partyId: string, fromAt: Date, toAt: Date, fromDate: string, toDate: string) {
  const [orders, complaints, visits, surveys] = await Promise.all([
    rows<{ id: string; number: string; at: Instant; voided: boolean }>(
      db,
      sql`select id, number, received_at as at, voided_at is not null as voided from orders
           where party_id = ${partyId}::uuid and received_at >= ${fromAt} and received_at < ${toAt} order by received_at, seq`,
    ),
    rows<{ id: string; number: string; at: Instant; voided: boolean }>(
      db,
      sql`select id, number, received_at as at, voided_at is not null as voided from complaints
           where party_id = ${partyId}::uuid and received_at >= ${fromAt} and received_at < ${toAt} order by received_at, seq`,
    ),
    rows<{ id: string; number: string; at: string; voided: boolean }>(
      db,
      sql`select id, number, start_date::text as at, false as voided from visits
           where party_id = ${partyId}::uuid and start_date >= ${fromDate}::date and start_date <= ${toDate}::date order by start_date, number`,
    ),
    rows<{ id: string; number: string; at: Instant; voided: boolean }>(
      db,
      sql`select c.id, c.number, c.sent_at as at, c.voided_at is not null as voided from survey_campaigns c
           where exists (select 1 from survey_recipients r where r.campaign_id = c.id and r.party_id = ${partyId}::uuid)
             and c.sent_at >= ${fromAt} and c.sent_at < ${toAt} order by c.sent_at, c.seq`,
    ),
  ]);
  return { orders, complaints, visits, surveys };
}

/** The audit trail of these records (all of it) and of the customer itself within the period, in chain order. */
export async function selectPackAudit(db: Executor, refs: { type: string; id: string }[], party: { type: string; id: string }, fromAt: Date, toAt: Date) {
  const of = refs.length
    ? sql.join(
        refs.map((r) => sql`(${r.type}, ${r.id})`),
        sql`, `,
      )
    : null;
  return rows<{
    at: Instant;
    actorName: string | null;
    refType: string;
    refId: string;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    reason: string | null;
  }>(
    db,
    sql`select a.at, u.display_name as "actorName", a.ref_type as "refType", a.ref_id as "refId", a.action, a.before, a.after, a.reason
          from audit_log a left join users u on u.id = a.actor_id
         where (a.ref_type = ${party.type} and a.ref_id = ${party.id} and a.at >= ${fromAt} and a.at < ${toAt})
            ${of ? sql`or (a.ref_type, a.ref_id) in (${of})` : sql``}
         order by a.id`,
  );
}
