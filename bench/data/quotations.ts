/**
 * 1,500 quotations per scale unit over the dataset's year (QT-<year>-nnnn as the app numbers them), 1–3 lines
 * each on the customer's models (price, quantity breaks on some), and the `quotation` procedure instance at the
 * step of the quote's age: the last days' quotes in draft, approval or approved; sent ones waiting for an answer
 * with their next follow-up due 3 working days after sending or the last follow-up (on the site calendar);
 * older ones accepted, rejected or expired. Audit and search rows as the app writes them (never prices in search).
 */
import { sql } from 'drizzle-orm';
import { siteCalendar } from '../../server/calendar/index.js';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, HOUR, workMoment, type GenContext, type Generator } from './context.js';
import { insertAuditRows, insertSearchRows, searchRow, type AuditRow } from './rows.js';

const col = (name: string, type: string): Column => ({ name, type });
const tracked = [col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid')];
const quotationColumns: Column[] = [
  col('id', 'uuid'), col('seq', 'bigint'), col('number', 'text'), col('revision', 'integer'), col('party_id', 'uuid'), col('contact_id', 'uuid'), col('request_at', 'timestamptz'),
  col('salesperson_id', 'uuid'), col('issue_date', 'date'), col('valid_until', 'date'), col('currency', 'text'), col('terms', 'text'), col('notes', 'text'),
  col('approved_by', 'uuid'), col('approved_at', 'timestamptz'), col('sent_at', 'timestamptz'), col('follow_up_due', 'date'), col('follow_up_count', 'integer'),
  col('result', 'text'), col('result_reason', 'text'), col('result_at', 'timestamptz'), ...tracked,
];
const lineColumns: Column[] = [
  col('quotation_id', 'uuid'), col('line_no', 'integer'), col('model', 'text'), col('description', 'text'), col('quantity', 'integer'), col('unit', 'text'),
  col('unit_price', 'numeric'), { name: 'breaks', type: 'jsonb' }, col('discount', 'numeric'), col('cost', 'numeric'), ...tracked,
];
const instanceColumns: Column[] = [
  col('id', 'uuid'), col('ref_type', 'text'), col('ref_id', 'text'), col('procedure_id', 'text'), col('procedure_version', 'integer'),
  col('state', 'text'), col('status', 'text'), col('assignee_id', 'uuid'), col('started_at', 'timestamptz'), col('closed_at', 'timestamptz'), ...tracked,
];
const visitColumns: Column[] = [col('instance_id', 'uuid'), col('step_id', 'text'), col('entered_at', 'timestamptz'), col('entered_by', 'uuid')];

const terms = ['含税含运费，交货地：客户工厂。Incl. VAT and freight, delivered to the customer plant.', '不含税，FOB 深圳。Excl. VAT, FOB Shenzhen.', '月结 60 天。Payment 60 days end of month.'];
const lost = ['价格高于竞争对手 price above the competitor', '交期不满足 lead time too long', '项目取消 project cancelled'];

export const quotationsGenerator: Generator = {
  name: 'quotations',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('quotations');
    const cal = await siteCalendar(ctx.db);
    const n = Math.max(1, Math.round(1500 * ctx.scale));
    const gm = ctx.users.find((u) => u.role === 'gm')!;
    const byId = new Map(ctx.users.map((u) => [u.id, u]));
    const customers = ctx.customers.filter((c) => c.models.length);
    const perYear = new Map<string, number>();
    const quotes: Record<string, unknown>[] = [];
    const lines: Record<string, unknown>[] = [];
    const instances: Record<string, unknown>[] = [];
    const visits: Record<string, unknown>[] = [];
    const audit: AuditRow[] = [];
    const search: ReturnType<typeof searchRow>[] = [];
    const moments = Array.from({ length: n }, (_, i) => workMoment(ctx, (i + rng.float() * 0.9) / n, rng)).sort((a, b) => a.getTime() - b.getTime());
    for (const requestAt of moments) {
      const c = rng.weighted(customers, (x) => x.weight);
      const sales = byId.get(c.ownerId)!;
      const id = ctx.uuid(rng);
      const issueDate = cal.localDate(new Date(requestAt.getTime() + rng.int(2, 30) * HOUR));
      const year = issueDate.slice(0, 4);
      const k = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, k);
      const number = `QT-${year}-${String(k).padStart(4, '0')}`;
      const age = (ctx.end.getTime() - requestAt.getTime()) / DAY;
      // the path of a quote of this age: draft (a day) → approval (a day) → approved → sent → answer within ~30 days
      const state = age < 1 ? 'draft' : age < 2 ? (rng.chance(0.7) ? 'approval' : 'draft') : age < 3 ? (rng.chance(0.6) ? 'approved' : 'approval')
        : age < 30 ? (rng.chance(Math.min(0.9, age / 40)) ? rng.pick(['accepted', 'accepted', 'rejected'] as const) : 'sent')
          : rng.weighted(['accepted', 'rejected', 'expired'] as const, (s) => ({ accepted: 45, rejected: 25, expired: 30 })[s]);
      const path = ['draft', 'approval', 'approved', 'sent', state].filter((s, j, a) => a.indexOf(s) === j);
      const stepIndex = path.indexOf(state);
      const at = [requestAt, new Date(requestAt.getTime() + 0.6 * DAY), new Date(requestAt.getTime() + 1.5 * DAY), new Date(requestAt.getTime() + 2.2 * DAY)];
      const sentAt = stepIndex >= 3 ? at[3]! : null;
      const resultAt = ['accepted', 'rejected', 'expired'].includes(state) ? new Date(Math.min(sentAt!.getTime() + rng.int(3, age < 30 ? Math.max(4, Math.floor(age - 3)) : 35) * DAY, ctx.end.getTime() - HOUR)) : null;
      at[4] = resultAt ?? at[3]!;
      // follow-ups every 3 working days after sending until today (the last one's next due date is what is open)
      let followUpDue: string | null = null;
      let followUps = 0;
      if (state === 'sent') {
        followUpDue = cal.addWorkingDays(cal.localDate(sentAt!), 3).date;
        const today = cal.localDate(ctx.end);
        while (followUpDue < today && rng.chance(0.7)) {
          followUps++;
          followUpDue = cal.addWorkingDays(followUpDue, 3).date;
        }
      }
      const currency = c.region === 'CN' ? 'CNY' : 'USD';
      const approved = stepIndex >= 2;
      const created = requestAt.toISOString();
      const updated = at[stepIndex]!.toISOString();
      quotes.push({
        id, seq: quotes.length + 1, number, revision: 1, party_id: c.id, contact_id: c.contacts.find((x) => x.role === 'buy')?.id ?? c.contacts[0]?.id ?? null, request_at: created,
        salesperson_id: sales.id, issue_date: issueDate, valid_until: cal.localDate(new Date(requestAt.getTime() + 45 * DAY)), currency, terms: rng.pick(terms), notes: null,
        approved_by: approved ? gm.id : null, approved_at: approved ? at[2]!.toISOString() : null, sent_at: sentAt?.toISOString() ?? null, follow_up_due: followUpDue, follow_up_count: followUps,
        result: resultAt ? state : null, result_reason: state === 'rejected' ? rng.pick(lost) : null, result_at: resultAt?.toISOString() ?? null,
        created_at: created, created_by: sales.id, updated_at: updated, updated_by: sales.id,
      });
      const models = rng.sample(c.models, Math.min(c.models.length, rng.int(1, 3)));
      for (const [j, m] of models.entries()) {
        const price = (rng.int(50, 5000) / 100) * (currency === 'USD' ? 0.14 : 1);
        const breaks = rng.chance(0.3) ? [{ minQuantity: 5000, unitPrice: (price * 0.95).toFixed(4) }, { minQuantity: 20000, unitPrice: (price * 0.9).toFixed(4) }] : [];
        lines.push({
          quotation_id: id, line_no: j + 1, model: m.model, description: c.region === 'CN' ? m.zh : m.en, quantity: rng.int(1, 40) * 500, unit: 'pcs',
          unit_price: price.toFixed(4), breaks, discount: null, cost: (price * 0.7).toFixed(4), created_at: created, created_by: sales.id, updated_at: created, updated_by: sales.id,
        });
      }
      const instanceId = ctx.uuid(rng);
      const ended = ['accepted', 'rejected', 'expired'].includes(state);
      const assignee = state === 'approval' ? gm.id : sales.id;
      instances.push({
        id: instanceId, ref_type: 'quotation', ref_id: id, procedure_id: 'quotation', procedure_version: 1, state, status: ended ? 'closed' : 'open', assignee_id: assignee,
        started_at: created, closed_at: ended ? updated : null, created_at: created, created_by: sales.id, updated_at: updated, updated_by: sales.id,
      });
      for (let j = 0; j <= stepIndex; j++) visits.push({ instance_id: instanceId, step_id: path[j], entered_at: at[j]!.toISOString(), entered_by: j === 2 ? gm.id : sales.id });
      audit.push({ at: created, actor_id: sales.id, ref_type: 'quotation', ref_id: id, action: 'create', after: { number: `${number} R1`, issueDate, currency, lines: models.map((m, j) => ({ lineNo: j + 1, model: m.model })) } });
      search.push(searchRow({
        refType: 'quotation', refId: id, partyId: c.id, permission: 'quotations.read', title: `${number} R1 — ${c.nameZh}`,
        body: [quotes.at(-1)!.terms as string, '', ...models.map((m) => `${m.model} ${c.region === 'CN' ? m.zh : m.en}`)].join('\n'),
        codes: [number, c.code, ...models.map((m) => m.model)], at: requestAt,
      }));
    }
    await bulkInsert(ctx.db, 'quotations', quotationColumns, quotes, 1000);
    await bulkInsert(ctx.db, 'quotation_lines', lineColumns, lines, 1000);
    await bulkInsert(ctx.db, 'procedure_instances', instanceColumns, instances, 1000);
    await bulkInsert(ctx.db, 'procedure_step_visits', visitColumns, visits, 1000);
    await insertAuditRows(ctx.db, audit);
    await insertSearchRows(ctx.db, search);
    await ctx.db.execute(sql`select setval(pg_get_serial_sequence('quotations', 'seq'), ${Math.max(quotes.length, 1)})`);
    return { quotations: quotes.length, quotation_lines: lines.length, procedure_instances: instances.length, procedure_step_visits: visits.length, audit_log: audit.length, search_index: search.length };
  },
};
