import { and, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/client.js';
import { parties } from './parties.table.js';
import { customerSegments } from './segments.table.js';

export interface OrderFigures {
  partyId: string;
  orderCount: number;
  lastOrderDate: string | null;
  revenue: string;
}

/**
 * Per customer, the period's orders: count, last order date and revenue (Σ quantity × unit price of the lines in
 * `currency`; voided orders and lines left out). One aggregate over the orders of the period (orders_party_idx).
 */
export async function selectOrderFigures(db: Executor, from: string, to: string, currency: string): Promise<OrderFigures[]> {
  return rows<OrderFigures>(
    db,
    sql`select o.party_id as "partyId", count(distinct o.id)::int as "orderCount", max(o.order_date)::text as "lastOrderDate",
          coalesce(sum(l.quantity * l.unit_price) filter (where l.currency = ${currency} and l.unit_price is not null and l.voided_at is null), 0)::numeric(20,2)::text as revenue
        from orders o left join order_lines l on l.order_id = o.id
        where o.voided_at is null and o.order_date >= ${from} and o.order_date <= ${to}
        group by o.party_id`,
  );
}

export async function selectActiveCustomerIds(db: Executor): Promise<string[]> {
  const r = await db
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.kind, 'customer'), isNull(parties.voidedAt)));
  return r.map((x) => x.id);
}

export type SegmentRow = typeof customerSegments.$inferSelect;

export async function selectSegments(db: Executor): Promise<SegmentRow[]> {
  return db.select().from(customerSegments);
}

export async function selectSegment(db: Executor, partyId: string): Promise<SegmentRow | undefined> {
  const [row] = await db.select().from(customerSegments).where(eq(customerSegments.partyId, partyId));
  return row;
}

/** The newest refresh's time (null: never refreshed). */
export async function selectLastComputedAt(db: Executor): Promise<Date | null> {
  const [row] = await db.select({ at: sql<Date | null>`max(${customerSegments.computedAt})` }).from(customerSegments);
  return row?.at ? new Date(row.at) : null;
}

/** Replace every stored segment by this refresh's (one transaction: readers see the old set or the new one). */
export async function replaceSegments(tx: Executor, values: (typeof customerSegments.$inferInsert)[]) {
  await tx.delete(customerSegments);
  for (let i = 0; i < values.length; i += 500) await tx.insert(customerSegments).values(values.slice(i, i + 500));
}
