import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db/client.js';
import * as repo from '../../server/kpis/kpis.repository.js';
import { adminClient, engines, testApp } from '../support/harness.js';

/**
 * The order rollup (`kpi_order_months`, marked by triggers and refreshed for the marked orders only) gives the same
 * month sums as the full recomputation (the raw statements `shipmentMonths` / `reconfirmedByMonth`) after any series
 * of writes to the tables it reads — orders (customer, void), delivery dates and their changes, shipments (added, moved
 * across a month's edge in local time, removed), reconfirmation steps — with refreshes in between.
 */
const TZ = 'Asia/Shanghai';
const at = (day: number, hour: number) => new Date(Date.parse('2025-08-25T00:00:00+08:00') + day * 86_400_000 + hour * 3_600_000 + 30 * 60_000);
const date = (day: number) => at(day, 12).toISOString().slice(0, 10);

type Op =
  | { k: 'order'; party: number }
  | { k: 'line'; o: number; planned: number }
  | { k: 'change'; l: number; to: number; customer: boolean }
  | { k: 'ship'; l: number; qty: number; day: number; hour: number }
  | { k: 'move'; s: number; day: number; hour: number }
  | { k: 'unship'; s: number }
  | { k: 'void'; o: number }
  | { k: 'party'; o: number }
  | { k: 'reconfirm'; o: number; day: number; hour: number }
  | { k: 'refresh' };

const day = fc.integer({ min: 0, max: 75 });
const hour = fc.integer({ min: 0, max: 23 });
const ix = fc.nat(20);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('order' as const), party: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ k: fc.constant('line' as const), o: ix, planned: day }),
  fc.record({ k: fc.constant('change' as const), l: ix, to: day, customer: fc.boolean() }),
  fc.record({ k: fc.constant('ship' as const), l: ix, qty: fc.integer({ min: 1, max: 999 }), day, hour }),
  fc.record({ k: fc.constant('ship' as const), l: ix, qty: fc.integer({ min: 1, max: 999 }), day, hour }),
  fc.record({ k: fc.constant('move' as const), s: ix, day, hour }),
  fc.record({ k: fc.constant('unship' as const), s: ix }),
  fc.record({ k: fc.constant('void' as const), o: ix }),
  fc.record({ k: fc.constant('party' as const), o: ix }),
  fc.record({ k: fc.constant('reconfirm' as const), o: ix, day, hour }),
  fc.record({ k: fc.constant('refresh' as const) }),
);

async function compare(db: Db, parties: string[]) {
  await repo.refreshOrderRollup(db, TZ);
  for (const period of [
    { from: '2025-09', to: '2025-10' },
    { from: '2025-08', to: '2025-11' },
  ]) {
    for (const partyIds of [null, [parties[0]!], parties]) {
      const next = period.to === '2025-10' ? '2025-11' : '2025-12';
      const scope: repo.Scope = {
        fromAt: new Date(`${period.from}-01T00:00:00+08:00`),
        toAt: new Date(`${next}-01T00:00:00+08:00`),
        fromDate: `${period.from}-01`,
        toDate: `${period.to}-31`,
        partyIds,
      };
      const [shipments, reconfirmed, rollup] = await Promise.all([
        repo.shipmentMonths(db, scope, TZ),
        repo.reconfirmedByMonth(db, scope, TZ),
        repo.orderRollupMonths(db, scope, period),
      ]);
      const byMonth = <T extends { month: string }>(xs: T[]) => [...xs].sort((a, b) => a.month.localeCompare(b.month));
      expect(
        byMonth(rollup).map((r) => ({ month: r.month, shipments: r.shipments, delivered: r.delivered, onTimeFirst: r.onTimeFirst, onTimeLast: r.onTimeLast })),
      ).toEqual(
        byMonth(shipments).map((r) => ({
          month: r.month,
          shipments: r.shipments,
          delivered: Number(r.delivered),
          onTimeFirst: r.onTimeFirst,
          onTimeLast: r.onTimeLast,
        })),
      );
      expect(byMonth(rollup.filter((r) => r.firstShipped > 0)).map((r) => ({ month: r.month, numerator: r.reconfirmed, denominator: r.firstShipped }))).toEqual(
        byMonth(reconfirmed).map((r) => ({ month: r.month, numerator: r.numerator, denominator: r.denominator })),
      );
    }
  }
}

describe.each(engines())('the KPI order rollup on %s', (engine) => {
  it('equals the full recomputation after any series of writes, refreshed incrementally', { timeout: 600_000 }, async () => {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const db = t.database.db;
    const [adminRow] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
    const adminId = adminRow!.id;
    const parties = [
      (await admin.post('/api/customers', { code: 'R-01', nameZh: '甲', grade: 'A', contacts: [{ name: '王' }] })).json().id as string,
      (await admin.post('/api/customers', { code: 'R-02', nameZh: '乙', grade: 'B', contacts: [{ name: 'Li' }] })).json().id as string,
    ];
    const [note] = await rows<{ id: string }>(
      db,
      sql`insert into communications (party_id, channel, direction, occurred_at, our_user_id, subject, content) values (${parties[0]}, 'email', 'out', now(), ${adminId}, 'n', 'n') returning id`,
    );
    let seq = 0;
    const x = (q: ReturnType<typeof sql>) => db.execute(q);

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40, size: 'medium' }), async (random) => {
        // every series starts from three orders with lines and shipments (one on each side of a month's edge), so the
        // random writes find something to change
        const start: Op[] = [
          { k: 'order', party: 0 },
          { k: 'order', party: 1 },
          { k: 'order', party: 0 },
          { k: 'line', o: 0, planned: 6 },
          { k: 'line', o: 1, planned: 36 },
          { k: 'line', o: 2, planned: 30 },
          { k: 'line', o: 0, planned: 40 },
          { k: 'ship', l: 0, qty: 10, day: 6, hour: 23 },
          { k: 'ship', l: 1, qty: 20, day: 36, hour: 7 },
          { k: 'ship', l: 2, qty: 30, day: 37, hour: 0 },
          { k: 'ship', l: 3, qty: 40, day: 67, hour: 12 },
          { k: 'refresh' },
        ];
        const ops = [...start, ...random];
        const orders: { id: string; party: number; voided: boolean; instance: string | null }[] = [];
        const lines: { id: string; orderId: string; revision: number }[] = [];
        const shipments: string[] = [];
        const pick = <T>(xs: T[], i: number) => (xs.length ? xs[i % xs.length]! : null);
        for (const o of ops) {
          switch (o.k) {
            case 'order': {
              const n = `RO-${engine}-${++seq}`;
              const [r] = await rows<{ id: string }>(
                db,
                sql`insert into orders (number, party_id, form, order_date, received_at, receiver_id, type, computed_type) values (${n}, ${parties[o.party]}, 'written', '2025-08-20', ${at(-5, 9)}, ${adminId}, 'contract', 'contract') returning id`,
              );
              orders.push({ id: r!.id, party: o.party, voided: false, instance: null });
              break;
            }
            case 'line': {
              const ord = pick(orders, o.o);
              if (!ord) break;
              const [l] = await rows<{ id: string }>(
                db,
                sql`insert into order_lines (order_id, line_no, model, quantity, requested_date) values (${ord.id}, ${lines.length + 1}, 'M', 100, ${date(o.planned)}) returning id`,
              );
              await x(sql`insert into order_delivery_dates (order_id, line_id, planned_date, revision) values (${ord.id}, ${l!.id}, ${date(o.planned)}, 1)`);
              lines.push({ id: l!.id, orderId: ord.id, revision: 1 });
              break;
            }
            case 'change': {
              const l = pick(lines, o.l);
              if (!l) break;
              l.revision++;
              await x(sql`insert into order_delivery_changes (order_id, line_id, revision, old_date, new_date, reason, approved_by, notify_communication_id)
                          select order_id, line_id, ${l.revision}, planned_date, ${date(o.to)}, ${o.customer ? 'customer-request' : 'capacity'}, ${adminId}, ${note!.id} from order_delivery_dates where line_id = ${l.id}`);
              await x(sql`update order_delivery_dates set planned_date = ${date(o.to)}, revision = ${l.revision} where line_id = ${l.id}`);
              break;
            }
            case 'ship': {
              const l = pick(lines, o.l);
              if (!l) break;
              const [s] = await rows<{ id: string }>(
                db,
                sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${l.orderId}, ${l.id}, ${o.qty}, ${at(o.day, o.hour)}) returning id`,
              );
              shipments.push(s!.id);
              break;
            }
            case 'move': {
              const s = pick(shipments, o.s);
              if (s) await x(sql`update order_shipments set shipped_at = ${at(o.day, o.hour)} where id = ${s}`);
              break;
            }
            case 'unship': {
              const s = pick(shipments, o.s);
              if (!s) break;
              await x(sql`delete from order_shipments where id = ${s}`);
              shipments.splice(shipments.indexOf(s), 1);
              break;
            }
            case 'void': {
              const ord = pick(orders, o.o);
              if (!ord) break;
              ord.voided = !ord.voided;
              await x(sql`update orders set voided_at = ${ord.voided ? new Date() : null} where id = ${ord.id}`);
              break;
            }
            case 'party': {
              const ord = pick(orders, o.o);
              if (!ord) break;
              ord.party = 1 - ord.party;
              await x(sql`update orders set party_id = ${parties[ord.party]} where id = ${ord.id}`);
              break;
            }
            case 'reconfirm': {
              const ord = pick(orders, o.o);
              if (!ord) break;
              if (!ord.instance) {
                const [i] = await rows<{ id: string }>(
                  db,
                  sql`insert into procedure_instances (ref_type, ref_id, procedure_id, procedure_version, state, started_at) values ('order', ${ord.id}, 'order', 1, 'x', ${at(-5, 9)}) returning id`,
                );
                ord.instance = i!.id;
              }
              await x(
                sql`insert into procedure_step_visits (instance_id, step_id, entered_at, left_at) values (${ord.instance}, 'reconfirmation', ${at(o.day, o.hour - 1)}, ${at(o.day, o.hour)})`,
              );
              break;
            }
            case 'refresh':
              await repo.refreshOrderRollup(db, TZ);
              break;
          }
        }
        await compare(db, parties);
      }),
      { numRuns: 15 },
    );

    // the incremental rows equal a rebuild from nothing
    const snapshot = () => rows(db, sql`select * from kpi_order_months order by order_id, month`);
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(0);
    await x(sql`update kpi_rollup_state set time_zone = 'UTC'`);
    await repo.refreshOrderRollup(db, TZ);
    expect(await snapshot()).toEqual(incremental);
    // a mark left by a write is taken by the next refresh, and only the marked order is recomputed
    const [one] = await rows<{ id: string }>(db, sql`select order_id::text as id from kpi_order_months limit 1`);
    await x(sql`update order_shipments set quantity = quantity + 1 where order_id = ${one!.id}`);
    expect(await rows(db, sql`select order_id::text as id from kpi_dirty_orders`)).toEqual([{ id: one!.id }]);
    expect(await repo.refreshOrderRollup(db, TZ)).toEqual({ rebuilt: false, orders: 1 });
    await compare(db, parties);
  });
});
