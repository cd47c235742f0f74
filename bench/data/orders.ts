/**
 * 5,000 customer orders per scale unit over the dataset's year, 1–4 lines each, with the order
 * procedure's instance in the state an order of that age is in (recent ones open at intake, review,
 * notice, delivery plan, production or shipment; older ones closed, a few cancelled), the delivery
 * plan and shipments of the orders past those steps, and the audit and search rows createOrder writes.
 * Numbers are SO-<year>-NNNN as the app gives them; the app's gapless counter starts above them
 * (nextNumber's floor reads the highest number used).
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { reasonText } from '../../server/orders/orders.service.js';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, SITE_OFFSET, workMoment, type GenContext, type GenCustomer, type Generator } from './context.js';
import { insertAuditRows, insertSearchRows, searchRow, type AuditRow } from './rows.js';

const CHUNK = 2000;
const civil = (d: Date) => new Date(d.getTime() + SITE_OFFSET).toISOString().slice(0, 10);

const col = (name: string, type: string): Column => ({ name, type });
const orderColumns: Column[] = [
  col('id', 'uuid'), col('seq', 'bigint'), col('number', 'text'), col('party_id', 'uuid'), col('customer_po', 'text'), col('form', 'text'),
  col('order_date', 'date'), col('received_at', 'timestamptz'), col('receiver_id', 'uuid'), col('contact_id', 'uuid'), col('notes', 'text'),
  col('written_order_on_file', 'boolean'), col('written_order_at', 'timestamptz'), col('requirements_confirmed_at', 'timestamptz'),
  col('type', 'text'), col('computed_type', 'text'), { name: 'classification_reasons', type: 'jsonb' },
  col('reviewed_at', 'timestamptz'), col('reviewed_by', 'uuid'), col('voided_at', 'timestamptz'), col('void_reason', 'text'),
  col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid'),
];
const lineColumns: Column[] = [
  col('id', 'uuid'), col('order_id', 'uuid'), col('line_no', 'integer'), col('model', 'text'), col('spec', 'text'), col('quantity', 'integer'),
  col('unit', 'text'), col('requested_date', 'date'), col('use', 'text'), col('quality_standard', 'text'), col('hsf_requirement', 'text'),
  col('acceptance_basis', 'text'), col('unit_price', 'numeric'), col('currency', 'text'),
  col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid'),
];
const planColumns: Column[] = [
  col('order_id', 'uuid'), col('line_id', 'uuid'), col('planned_date', 'date'),
  col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid'),
];
const shipmentColumns: Column[] = [
  col('order_id', 'uuid'), col('line_id', 'uuid'), col('quantity', 'integer'), col('shipped_at', 'timestamptz'),
  col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid'),
];
const instanceColumns: Column[] = [
  col('id', 'uuid'), col('ref_type', 'text'), col('ref_id', 'text'), col('procedure_id', 'text'), col('procedure_version', 'integer'),
  col('state', 'text'), col('status', 'text'), col('assignee_id', 'uuid'), col('started_at', 'timestamptz'), col('closed_at', 'timestamptz'),
  col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid'),
];
const visitColumns: Column[] = [col('instance_id', 'uuid'), col('step_id', 'text'), col('entered_at', 'timestamptz'), col('entered_by', 'uuid')];

/** Where an order of this age (days since received) stands in `procedures/order/v1.yaml`. */
function stateAt(age: number, type: 'contract' | 'continuous', r: number): string {
  if (age < 1) return r < 0.85 ? 'intake' : 'clarification';
  if (age < 3) return type === 'contract' ? (r < 0.5 ? 'contract-review' : 'approval') : 'continuous-review';
  if (age < 6) return r < 0.5 ? 'production-notice' : r < 0.8 ? 'notice-acknowledgement' : 'delivery-plan';
  if (age < 30) return r < 0.93 ? 'production' : 'date-renegotiation';
  if (age < 40) return r < 0.3 ? 'reconfirmation' : r < 0.6 ? 'shipment' : 'shipped';
  return 'closed';
}

export const ordersGenerator: Generator = {
  name: 'orders',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('orders');
    const n = Math.max(5, Math.round(5000 * ctx.scale));
    const customers = ctx.customers.filter((c) => !c.prospect);
    const cum: number[] = [];
    let total = 0;
    for (const c of customers) cum.push((total += c.weight));
    const pickCustomer = (): GenCustomer => {
      const r = rng.float() * total;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      return customers[lo]!;
    };
    const managers = ctx.users.filter((u) => u.role === 'manager' || u.role === 'gm');
    const ts = new Float64Array(n);
    for (let i = 0; i < n; i++) ts[i] = rng.float();
    ts.sort();
    const [top] = await rows<{ max: string }>(ctx.db, sql`select coalesce(max(seq), 0)::bigint as max from orders`);
    let seq = Number(top?.max ?? 0);
    const perYear = new Map<string, number>();
    /** customer + model → the last reviewed price (a repeat at the same price is a continuous order) */
    const reviewed = new Map<string, { price: string; number: string }>();
    const counts = { orders: 0, order_lines: 0, order_delivery_dates: 0, order_shipments: 0, procedure_instances: 0, procedure_step_visits: 0, audit_log: 0, search_index: 0 };

    for (let from = 0; from < n; from += CHUNK) {
      const orderRows: Record<string, unknown>[] = [];
      const lineRows: Record<string, unknown>[] = [];
      const planRows: Record<string, unknown>[] = [];
      const shipRows: Record<string, unknown>[] = [];
      const instRows: Record<string, unknown>[] = [];
      const visitRows: Record<string, unknown>[] = [];
      const audit: AuditRow[] = [];
      const search: ReturnType<typeof searchRow>[] = [];
      for (let i = from; i < Math.min(n, from + CHUNK); i++) {
        const customer = pickCustomer();
        const receivedAt = workMoment(ctx, ts[i]!, rng);
        const age = (ctx.end.getTime() - receivedAt.getTime()) / DAY;
        const orderDate = civil(new Date(receivedAt.getTime() - rng.int(0, 2) * DAY));
        const year = orderDate.slice(0, 4);
        const k = (perYear.get(year) ?? 0) + 1;
        perYear.set(year, k);
        const number = `SO-${year}-${String(k).padStart(4, '0')}`;
        const id = ctx.uuid(rng);
        seq++;
        const foreign = customer.region === 'DE' || customer.region === 'JP' || customer.region === 'US';
        const form = rng.weighted(['po', 'fax', 'email', 'note', 'oral'] as const, (f) => ({ po: 50, fax: foreign ? 2 : 20, email: 20, note: 5, oral: foreign ? 1 : 5 })[f]);
        const receiver = customer.ownerId;
        const contact = customer.contacts.find((c) => c.role === 'buy') ?? customer.contacts[0]!;
        const po = customer.region === 'CN' ? `PO${orderDate.slice(2, 4)}${orderDate.slice(5, 7)}${rng.int(100, 999)}` : customer.region === 'DE' ? `4500${rng.int(100000, 999999)}` : `${customer.code}-${rng.int(10000, 99999)}`;
        const currency = foreign ? 'USD' : 'CNY';
        const nLines = rng.weighted([1, 2, 3, 4], (x) => [55, 25, 12, 8][x - 1]!);
        const models = rng.sample(customer.models, Math.min(nLines, customer.models.length));
        const reasons: { code: string; lineNo: number | null; text: { zh: string; en: string } }[] = [];
        const lines = models.map((m, j) => {
          const lineNo = j + 1;
          const key = `${customer.id}|${m.model}`;
          const prev = reviewed.get(key);
          const base = prev ? Number(prev.price) : rng.int(50, 5000) / 100;
          const price = (prev && rng.chance(0.9) ? base : base * (1 + rng.int(-8, 8) / 100)).toFixed(4);
          if (!prev) reasons.push({ code: 'no-previous-review', lineNo, text: reasonText['no-previous-review'](lineNo, m.model) });
          else if (prev.price !== price) reasons.push({ code: 'price-changed', lineNo, text: reasonText['price-changed'](lineNo, m.model, prev.number) });
          return {
            id: ctx.uuid(rng),
            order_id: id,
            line_no: lineNo,
            model: m.model,
            spec: foreign ? m.en : m.zh,
            quantity: rng.int(1, 60) * 500,
            unit: 'pcs',
            requested_date: civil(new Date(receivedAt.getTime() + rng.int(15, 45) * DAY)),
            use: null as string | null,
            quality_standard: rng.chance(0.3) ? 'AQL 0.65' : null,
            hsf_requirement: rng.chance(0.5) ? 'RoHS 2.0 / REACH' : null,
            acceptance_basis: !prev && rng.chance(0.15) ? 'approval-sheet' : 'standard',
            unit_price: price,
            currency,
            created_at: receivedAt.toISOString(),
            created_by: receiver,
            updated_at: receivedAt.toISOString(),
            updated_by: receiver,
          };
        });
        const type = reasons.length ? ('contract' as const) : ('continuous' as const);
        if (!reasons.length) reasons.push({ code: 'repeat-order', lineNo: null, text: reasonText['repeat-order']() });
        let state = stateAt(age, type, rng.float());
        if (state === 'closed' && rng.chance(0.03)) state = 'cancelled';
        const passedReview = !['intake', 'clarification', 'contract-review', 'approval', 'continuous-review', 'cancelled'].includes(state);
        const reviewedAt = passedReview ? new Date(receivedAt.getTime() + rng.int(2, 40) * 3_600_000) : null;
        if (reviewedAt) for (const l of lines) reviewed.set(`${customer.id}|${l.model}`, { price: l.unit_price, number });
        const written = form !== 'oral';
        const created = receivedAt.toISOString();
        orderRows.push({
          id, seq, number, party_id: customer.id, customer_po: form === 'oral' ? null : po, form, order_date: orderDate, received_at: created,
          receiver_id: receiver, contact_id: contact.id, notes: null, written_order_on_file: written || passedReview, written_order_at: written ? created : reviewedAt?.toISOString() ?? null,
          requirements_confirmed_at: form === 'oral' ? created : null, type, computed_type: type, classification_reasons: reasons,
          reviewed_at: reviewedAt?.toISOString() ?? null, reviewed_by: reviewedAt ? (type === 'contract' ? rng.pick(managers).id : receiver) : null,
          voided_at: null, void_reason: null, created_at: created, created_by: receiver, updated_at: reviewedAt?.toISOString() ?? created, updated_by: receiver,
        });
        lineRows.push(...lines);
        const planned = !['intake', 'clarification', 'contract-review', 'approval', 'continuous-review', 'production-notice', 'notice-acknowledgement', 'cancelled'].includes(state);
        if (planned) {
          for (const l of lines) {
            const at = new Date(receivedAt.getTime() + rng.int(3, 6) * DAY).toISOString();
            planRows.push({ order_id: id, line_id: l.id, planned_date: l.requested_date, created_at: at, created_by: receiver, updated_at: at, updated_by: receiver });
          }
        }
        if (state === 'shipped' || state === 'closed') {
          for (const l of lines) {
            const at = new Date(Math.min(receivedAt.getTime() + rng.int(14, 40) * DAY, ctx.end.getTime())).toISOString();
            shipRows.push({ order_id: id, line_id: l.id, quantity: l.quantity, shipped_at: at, created_at: at, created_by: receiver, updated_at: at, updated_by: receiver });
          }
        }
        const ended = state === 'closed' || state === 'cancelled';
        const enteredAt = new Date(Math.min(receivedAt.getTime() + (state === 'intake' ? 0 : Math.min(age, 45) * 0.8 * DAY), ctx.end.getTime())).toISOString();
        const instanceId = ctx.uuid(rng);
        instRows.push({
          id: instanceId, ref_type: 'order', ref_id: id, procedure_id: 'order', procedure_version: 1, state, status: ended ? 'closed' : 'open',
          assignee_id: receiver, started_at: created, closed_at: ended ? enteredAt : null, created_at: created, created_by: receiver, updated_at: enteredAt, updated_by: receiver,
        });
        if (state !== 'intake') visitRows.push({ instance_id: instanceId, step_id: 'intake', entered_at: created, entered_by: receiver });
        visitRows.push({ instance_id: instanceId, step_id: state, entered_at: enteredAt, entered_by: receiver });
        audit.push({
          at: created, actor_id: receiver, ref_type: 'order', ref_id: id, action: 'create',
          after: { number, partyId: customer.id, customerPo: form === 'oral' ? null : po, form, orderDate, type, lines: lines.map((l) => ({ lineNo: l.line_no, model: l.model, quantity: l.quantity, requestedDate: l.requested_date, unitPrice: l.unit_price, currency })) },
        });
        search.push(
          searchRow({
            refType: 'order', refId: id, partyId: customer.id, permission: 'orders.read',
            title: `${number}${form === 'oral' ? '' : ` PO ${po}`} — ${customer.nameZh}`,
            body: ['', ...lines.map((l) => [l.model, l.spec ?? '', '', ''].join(' '))].join('\n'),
            codes: [number, customer.code, ...(form === 'oral' ? [] : [po]), ...lines.map((l) => l.model)],
            at: receivedAt,
          }),
        );
      }
      await bulkInsert(ctx.db, 'orders', orderColumns, orderRows, 1000);
      await bulkInsert(ctx.db, 'order_lines', lineColumns, lineRows, 1000);
      await bulkInsert(ctx.db, 'order_delivery_dates', planColumns, planRows, 1000);
      await bulkInsert(ctx.db, 'order_shipments', shipmentColumns, shipRows, 1000);
      await bulkInsert(ctx.db, 'procedure_instances', instanceColumns, instRows, 1000);
      await bulkInsert(ctx.db, 'procedure_step_visits', visitColumns, visitRows, 1000);
      await insertAuditRows(ctx.db, audit);
      await insertSearchRows(ctx.db, search);
      counts.orders += orderRows.length;
      counts.order_lines += lineRows.length;
      counts.order_delivery_dates += planRows.length;
      counts.order_shipments += shipRows.length;
      counts.procedure_instances += instRows.length;
      counts.procedure_step_visits += visitRows.length;
      counts.audit_log += audit.length;
      counts.search_index += search.length;
    }
    await ctx.db.execute(sql`select setval(pg_get_serial_sequence('orders', 'seq'), ${Math.max(seq, 1)})`);
    return counts;
  },
};
