import type { Executor } from '../platform/db/client.js';
import type { WorkingCalendar } from '../calendar/index.js';
import * as repo from './kpis.repository.js';
import { kpiEventTypes } from '../../contracts/kpis.js';

/**
 * The named calculations KPI files refer to (`calculation:`). Each returns facts: one per counted record, with its
 * month, its share of the numerator and denominator, and whether it is one of the failing ones (the drill-down).
 * The aggregate turns a month's facts into its value:
 * - ratio: Σ numerator / Σ denominator × scale (percent 100, ppm 1 000 000)
 * - sum:   Σ numerator (counts, costs)
 * - mean:  Σ numerator / number of facts (lead times, scores)
 * Facts about records still inside their deadline are left out (neither on time nor late yet).
 */
export interface Fact {
  month: string;
  ref: { type: string; id: string };
  title: string;
  partyId: string | null;
  numerator: number;
  denominator: number;
  failing: boolean;
  detail?: string | null;
}

export type Params = Record<string, string | number | boolean>;
export interface CalcContext {
  db: Executor;
  cal: WorkingCalendar;
  scope: repo.Scope;
  /** the first and last month asked for ('YYYY-MM'), local to the calendar */
  period: { from: string; to: string };
  now: Date;
  params: Params;
  target: number;
  direction: 'higher-better' | 'lower-better';
  /** one load per KPI pack: calculations reading the same rows (shipments, survey responses, events) share them */
  shared<T>(key: string, load: () => Promise<T>): Promise<T>;
}
export interface Calculation {
  aggregate: 'ratio' | 'sum' | 'mean';
  scale: number;
  run(ctx: CalcContext): Promise<Fact[]>;
  /**
   * The month sums computed in SQL, for the values only (the drill-down always reads `run`'s rows): for the large
   * tables (shipments), where reading every row into the app costs more than the arithmetic. Must agree with `run`.
   */
  byMonth?(ctx: CalcContext): Promise<repo.MonthAggregate[]>;
}

const registry = new Map<string, Calculation>();
export const registerCalculation = (name: string, c: Calculation) => registry.set(name, c);
export const calculation = (name: string) => registry.get(name);
export const calculationNames = () => new Set(registry.keys());

const inst = (x: Date | string) => (x instanceof Date ? x : new Date(x));
const monthOf = (cal: WorkingCalendar, x: Date | string) => cal.localDate(inst(x)).slice(0, 7);
const str = (p: Params, k: string, d: string) => (typeof p[k] === 'string' ? (p[k] as string) : d);
const num = (p: Params, k: string, d: number) => (typeof p[k] === 'number' ? (p[k] as number) : d);
const round1 = (x: number) => Math.round(x * 10) / 10;
/** worse than the target, for a record's own value (lead times, scores) */
const worse = (ctx: CalcContext, v: number) => (ctx.direction === 'higher-better' ? v < ctx.target : v > ctx.target);

/** Elapsed time in a unit: working hours / days follow the site calendar (holidays, 调休, working hours). */
function elapsed(cal: WorkingCalendar, from: Date, to: Date, unit: string): number {
  switch (unit) {
    case 'workingHours':
      return cal.elapsedWorkingMinutes(from, to) / 60;
    case 'workingDays':
      return cal.countWorkingDays(cal.localDate(from), cal.localDate(to));
    case 'calendarDays':
      return (to.getTime() - from.getTime()) / 86_400_000;
    default:
      return (to.getTime() - from.getTime()) / 3_600_000;
  }
}
/**
 * The order-side month sums (shipments on time against the first / last date, parts delivered, orders first shipped and
 * reconfirmed before) from the rollup `kpi_order_months`, refreshed first for the orders written since the last pack:
 * one refresh and one small statement shared by the delivery, PPM and reconfirmation KPIs of a pack. The same figures
 * as the raw statements `repo.shipmentMonths` / `repo.reconfirmedByMonth` (tests/integration/kpi-rollup.test.ts).
 */
const orderMonths = (ctx: CalcContext) =>
  ctx.shared('order-months', async () => {
    await repo.refreshOrderRollup(ctx.db, ctx.cal.timeZone);
    return repo.orderRollupMonths(ctx.db, ctx.scope, ctx.period);
  });
const allEvents = (ctx: CalcContext) => ctx.shared('events', () => repo.eventsInScope(ctx.db, ctx.scope, kpiEventTypes));
const unitText = (unit: string) => ({ workingHours: 'h (working)', workingDays: 'working days', calendarDays: 'days', calendarHours: 'h' })[unit] ?? unit;

export function registerCalculations() {
  // 投诉处理及时率 [CM 5.1]: a complaint is on time when no clock of its steps ran late (paused time excluded)
  registerCalculation('complaint-timeliness', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      const r = await repo.complaintTimeliness(ctx.db, ctx.scope, ctx.now);
      return r.map((c) => ({
        month: monthOf(ctx.cal, c.receivedAt),
        ref: { type: 'complaint', id: c.id },
        title: c.number,
        partyId: c.partyId,
        numerator: c.late + c.runningLate === 0 ? 1 : 0,
        denominator: 1,
        failing: c.late + c.runningLate > 0,
        detail: c.late + c.runningLate > 0 ? `late steps: ${c.late + c.runningLate}` : null,
      }));
    },
    byMonth: (ctx) => repo.complaintTimelinessMonths(ctx.db, ctx.scope, ctx.now, ctx.cal.timeZone),
  });

  // time from receipt to the acknowledgement, within `amount` of `unit` (working hours by default: 国庆 does not count)
  registerCalculation('complaint-acknowledged-within', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      const unit = str(ctx.params, 'unit', 'workingHours');
      const amount = num(ctx.params, 'amount', 24);
      const out: Fact[] = [];
      for (const c of await repo.complaintAcknowledgements(ctx.db, ctx.scope)) {
        const took = elapsed(ctx.cal, inst(c.receivedAt), c.acknowledgedAt ? inst(c.acknowledgedAt) : ctx.now, unit);
        if (!c.acknowledgedAt && took <= amount) continue; // still inside its time
        const ok = c.acknowledgedAt !== null && took <= amount;
        out.push({
          month: monthOf(ctx.cal, c.receivedAt),
          ref: { type: 'complaint', id: c.id },
          title: c.number,
          partyId: c.partyId,
          numerator: ok ? 1 : 0,
          denominator: 1,
          failing: !ok,
          detail: `${round1(took)} ${unitText(unit)}${c.acknowledgedAt ? '' : ' (open)'}`,
        });
      }
      return out;
    },
    /**
     * In working or clock hours: the complaints acknowledged within that many hours of the clock are on time whatever
     * the calendar (working time never runs faster than the clock) and are counted in SQL; the calendar is asked only
     * for the others. Other units: from the rows.
     */
    async byMonth(ctx) {
      const unit = str(ctx.params, 'unit', 'workingHours');
      const amount = num(ctx.params, 'amount', 24);
      if (unit !== 'workingHours' && unit !== 'calendarHours') {
        return (await registry.get('complaint-acknowledged-within')!.run(ctx)).map((f) => ({
          month: f.month,
          numerator: f.numerator,
          denominator: f.denominator,
          n: 1,
        }));
      }
      const [sure, rest] = await Promise.all([
        repo.complaintsAcknowledgedWithinMonths(ctx.db, ctx.scope, amount, ctx.cal.timeZone),
        repo.complaintAcknowledgementsBeyond(ctx.db, ctx.scope, amount, ctx.now),
      ]);
      const out: repo.MonthAggregate[] = [...sure];
      for (const c of rest) {
        const took = elapsed(ctx.cal, inst(c.receivedAt), c.acknowledgedAt ? inst(c.acknowledgedAt) : ctx.now, unit);
        if (!c.acknowledgedAt && took <= amount) continue;
        const ok = c.acknowledgedAt !== null && took <= amount;
        out.push({ month: monthOf(ctx.cal, c.receivedAt), numerator: ok ? 1 : 0, denominator: 1, n: 1 });
      }
      return out;
    },
  });

  // a procedure step left within `amount` of `unit` from entering it (the enquiry answered ≤ 24 working hours)
  registerCalculation('step-within', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      const unit = str(ctx.params, 'unit', 'workingHours');
      const amount = num(ctx.params, 'amount', 24);
      const out: Fact[] = [];
      for (const s of await repo.stepStays(ctx.db, ctx.scope, str(ctx.params, 'procedure', ''), str(ctx.params, 'step', ''))) {
        const took = elapsed(ctx.cal, inst(s.enteredAt), s.leftAt ? inst(s.leftAt) : ctx.now, unit);
        if (!s.leftAt && took <= amount) continue;
        const ok = s.leftAt !== null && took <= amount;
        out.push({
          month: monthOf(ctx.cal, s.enteredAt),
          ref: { type: s.refType, id: s.refId },
          title: s.title ?? s.refId,
          partyId: s.partyId,
          numerator: ok ? 1 : 0,
          denominator: 1,
          failing: !ok,
          detail: `${round1(took)} ${unitText(unit)}${s.leftAt ? '' : ' (open)'}`,
        });
      }
      return out;
    },
  });

  // step clocks late (8D D3 / D4 / D8…): rate of step clocks stopped after their due time; the lateness in working days
  registerCalculation('step-clocks-late', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      const steps = str(ctx.params, 'steps', '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const out: Fact[] = [];
      for (const k of await repo.stepClocks(ctx.db, ctx.scope, str(ctx.params, 'procedure', ''), steps)) {
        const due = inst(k.dueAt);
        const end = k.stoppedAt ? inst(k.stoppedAt) : ctx.now;
        if (!k.stoppedAt && end <= due) continue;
        const late = end > due;
        const days = late ? Math.max(1, ctx.cal.countWorkingDays(ctx.cal.localDate(due), ctx.cal.localDate(end))) : 0;
        out.push({
          month: monthOf(ctx.cal, k.startedAt),
          ref: { type: k.refType, id: k.refId },
          title: `${k.title ?? k.refId} · ${k.stepId}`,
          partyId: k.partyId,
          numerator: late ? 1 : 0,
          denominator: 1,
          failing: late,
          detail: late ? `${k.stepId}: ${days} working day(s) late${k.stoppedAt ? '' : ' (open)'}` : k.stepId,
        });
      }
      return out;
    },
    byMonth(ctx) {
      const steps = str(ctx.params, 'steps', '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      return repo.stepClockMonths(ctx.db, ctx.scope, str(ctx.params, 'procedure', ''), steps, ctx.now, ctx.cal.timeZone);
    },
  });

  // action items (all, or one purpose: quotation follow-ups) done by their working-day due date
  registerCalculation('actions-on-time', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      const today = ctx.cal.localDate(ctx.now);
      const src = str(ctx.params, 'sourceType', '');
      const purpose = str(ctx.params, 'purpose', '');
      const out: Fact[] = [];
      for (const a of await repo.actionsDue(ctx.db, ctx.scope, { ...(src ? { sourceType: src } : {}), ...(purpose ? { purpose } : {}) })) {
        const done = a.completedAt ? ctx.cal.localDate(inst(a.completedAt)) : null;
        if (!done && a.dueDate >= today) continue;
        const ok = done !== null && done <= a.dueDate;
        out.push({
          month: a.dueDate.slice(0, 7),
          ref: { type: 'action', id: a.id },
          title: `A${String(a.seq).padStart(5, '0')} ${a.title}`,
          partyId: a.partyId,
          numerator: ok ? 1 : 0,
          denominator: 1,
          failing: !ok,
          detail: `due ${a.dueDate}, ${done ? `done ${done}` : 'open'}`,
        });
      }
      return out;
    },
    byMonth(ctx) {
      const src = str(ctx.params, 'sourceType', '');
      const purpose = str(ctx.params, 'purpose', '');
      return repo.actionsDueMonths(
        ctx.db,
        ctx.scope,
        { ...(src ? { sourceType: src } : {}), ...(purpose ? { purpose } : {}) },
        ctx.cal.localDate(ctx.now),
        ctx.cal.timeZone,
      );
    },
  });

  registerCalculation('actions-verified-effective', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      return (await repo.actionsVerified(ctx.db, ctx.scope)).map((a) => ({
        month: monthOf(ctx.cal, a.verifiedAt),
        ref: { type: 'action', id: a.id },
        title: `A${String(a.seq).padStart(5, '0')} ${a.title}`,
        partyId: a.partyId,
        numerator: a.result === 'effective' ? 1 : 0,
        denominator: 1,
        failing: a.result !== 'effective',
        detail: a.result,
      }));
    },
    byMonth: (ctx) => repo.actionsVerifiedMonths(ctx.db, ctx.scope, ctx.cal.timeZone),
  });

  // contract review lead time: working days from the order's receipt to the review's end
  registerCalculation('contract-review-lead-time', {
    aggregate: 'mean',
    scale: 1,
    async run(ctx) {
      return (await repo.contractReviews(ctx.db, ctx.scope)).map((o) => {
        const days = ctx.cal.countWorkingDays(ctx.cal.localDate(inst(o.receivedAt)), ctx.cal.localDate(inst(o.reviewedAt)));
        return {
          month: monthOf(ctx.cal, o.reviewedAt),
          ref: { type: 'order', id: o.id },
          title: o.number,
          partyId: o.partyId,
          numerator: days,
          denominator: 1,
          failing: worse(ctx, days),
          detail: `${days} working day(s)`,
        };
      });
    },
    // the working days counted once per (received, reviewed) pair of local days, not once per order
    async byMonth(ctx) {
      return (await repo.contractReviewDays(ctx.db, ctx.scope, ctx.cal.timeZone)).map((p) => {
        const days = ctx.cal.countWorkingDays(p.receivedOn, p.reviewedOn);
        return { month: p.reviewedOn.slice(0, 7), numerator: days * p.n, denominator: p.n, n: p.n };
      });
    },
  });

  // on-time delivery per shipment against the first or the last agreed date; the changes and who caused them
  registerCalculation('delivery-on-time', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      const against = str(ctx.params, 'against', 'last');
      return (await ctx.shared('shipments', () => repo.shipmentsWithDates(ctx.db, ctx.scope))).map((s) => {
        const shipped = ctx.cal.localDate(inst(s.shippedAt));
        const date = against === 'first' ? s.firstDate : s.lastDate;
        const ok = date !== null && shipped <= date;
        const changes = s.changes ? `; ${s.changes} change(s), ${s.customerChanges} by the customer, ${s.changes - s.customerChanges} by us` : '';
        return {
          month: shipped.slice(0, 7),
          ref: { type: 'order', id: s.orderId },
          title: `${s.number} #${s.lineNo}`,
          partyId: s.partyId,
          numerator: ok ? 1 : 0,
          denominator: 1,
          failing: !ok,
          detail: `shipped ${shipped}, agreed ${date ?? '—'}${changes}`,
        };
      });
    },
    async byMonth(ctx) {
      const first = str(ctx.params, 'against', 'last') === 'first';
      return (await orderMonths(ctx)).map((m) => ({
        month: m.month,
        numerator: first ? m.onTimeFirst : m.onTimeLast,
        denominator: m.shipments,
        n: m.shipments,
      }));
    },
  });

  registerCalculation('reconfirmation-before-shipment', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      return (await repo.firstShipments(ctx.db, ctx.scope)).map((o) => {
        const ok = o.reconfirmedAt !== null && inst(o.reconfirmedAt) <= inst(o.firstShippedAt);
        return {
          month: monthOf(ctx.cal, o.firstShippedAt),
          ref: { type: 'order', id: o.id },
          title: o.number,
          partyId: o.partyId,
          numerator: ok ? 1 : 0,
          denominator: 1,
          failing: !ok,
          detail: ok ? null : 'no reconfirmation before the first shipment',
        };
      });
    },
    byMonth: async (ctx) => (await orderMonths(ctx)).map((m) => ({ month: m.month, numerator: m.reconfirmed, denominator: m.firstShipped, n: m.firstShipped })),
  });

  // repeat complaint: the same customer reported the same failure mode within `months` before
  registerCalculation('repeat-complaints', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      return (await repo.repeatComplaints(ctx.db, ctx.scope, num(ctx.params, 'months', 12))).map((c) => ({
        month: monthOf(ctx.cal, c.receivedAt),
        ref: { type: 'complaint', id: c.id },
        title: c.number,
        partyId: c.partyId,
        numerator: c.earlier ? 1 : 0,
        denominator: 1,
        failing: c.earlier !== null,
        detail: c.earlier ? `${c.failureMode} — earlier ${c.earlier}` : c.failureMode,
      }));
    },
    byMonth: (ctx) => repo.repeatComplaintMonths(ctx.db, ctx.scope, num(ctx.params, 'months', 12), ctx.cal.timeZone),
  });

  // customer PPM: defective parts the customer reported (complaints, returns) per million delivered (shipments)
  registerCalculation('customer-ppm', {
    aggregate: 'ratio',
    scale: 1_000_000,
    async run(ctx) {
      const [bad, shipped] = await Promise.all([
        repo.defectiveQuantities(ctx.db, ctx.scope),
        ctx.shared('shipments', () => repo.shipmentsWithDates(ctx.db, ctx.scope)),
      ]);
      return [
        ...bad.map((c) => ({
          month: monthOf(ctx.cal, c.receivedAt),
          ref: { type: 'complaint', id: c.id },
          title: c.number,
          partyId: c.partyId,
          numerator: c.defective,
          denominator: 0,
          failing: c.defective > 0,
          detail: `${c.defective} defective`,
        })),
        ...shipped.map((s) => ({
          month: monthOf(ctx.cal, s.shippedAt),
          ref: { type: 'order', id: s.orderId },
          title: `${s.number} #${s.lineNo}`,
          partyId: s.partyId,
          numerator: 0,
          denominator: s.quantity,
          failing: false,
          detail: `${s.quantity} delivered`,
        })),
      ];
    },
    async byMonth(ctx) {
      const [bad, delivered] = await Promise.all([repo.defectiveMonths(ctx.db, ctx.scope, ctx.cal.timeZone), orderMonths(ctx)]);
      return [...bad, ...delivered.map((d) => ({ month: d.month, numerator: 0, denominator: Number(d.delivered), n: d.shipments }))];
    },
  });

  // events: counted (premium freight incidents, disruptions, notifications), costed, or scored (the customer's rating)
  registerCalculation('events', {
    aggregate: 'sum',
    scale: 1,
    async run(ctx) {
      const types = str(ctx.params, 'types', '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const measure = str(ctx.params, 'measure', 'count');
      return (await allEvents(ctx))
        .filter((e) => types.includes(e.type))
        .map((e) => ({
          month: e.occurredOn.slice(0, 7),
          ref: { type: 'kpi-event', id: e.id },
          title: `${e.type} ${e.occurredOn}`,
          partyId: e.partyId,
          numerator: measure === 'cost' ? Number(e.cost ?? 0) : 1,
          denominator: 1,
          failing: true,
          detail: e.cause,
        }));
    },
  });
  registerCalculation('customer-rating', {
    aggregate: 'mean',
    scale: 1,
    async run(ctx) {
      return (await allEvents(ctx))
        .filter((e) => e.type === 'customer-rating')
        .filter((e) => e.score !== null)
        .map((e) => ({
          month: e.occurredOn.slice(0, 7),
          ref: { type: 'kpi-event', id: e.id },
          title: `customer-rating ${e.occurredOn}`,
          partyId: e.partyId,
          numerator: Number(e.score),
          denominator: 1,
          failing: worse(ctx, Number(e.score)),
          detail: e.cause,
        }));
    },
  });

  // satisfaction [standards G 42]: CSAT % = scores 4–5 / all scores; NPS = % 9–10 − % 0–6; index mean; response rate
  registerCalculation('survey-csat', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      return (await ctx.shared('survey-responses', () => repo.surveyResponses(ctx.db, ctx.scope))).map((r) => {
        const scores = Object.values(typeof r.scores === 'string' ? (JSON.parse(r.scores) as Record<string, number>) : r.scores);
        const good = scores.filter((s) => s >= 4).length;
        return {
          month: monthOf(ctx.cal, r.respondedAt),
          ref: { type: 'survey-campaign', id: r.campaignId },
          title: r.number,
          partyId: r.partyId,
          numerator: good,
          denominator: scores.length,
          failing: scores.length > 0 && (good / scores.length) * 100 < ctx.target,
          detail: `${good}/${scores.length} scores 4–5`,
        };
      });
    },
  });
  registerCalculation('survey-nps', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      return (await ctx.shared('survey-responses', () => repo.surveyResponses(ctx.db, ctx.scope)))
        .filter((r) => r.recommend !== null)
        .map((r) => {
          const n = r.recommend!;
          return {
            month: monthOf(ctx.cal, r.respondedAt),
            ref: { type: 'survey-campaign', id: r.campaignId },
            title: r.number,
            partyId: r.partyId,
            numerator: n >= 9 ? 1 : n <= 6 ? -1 : 0,
            denominator: 1,
            failing: n <= 6,
            detail: `recommend ${n}`,
          };
        });
    },
  });
  registerCalculation('survey-index', {
    aggregate: 'mean',
    scale: 1,
    async run(ctx) {
      return (await ctx.shared('survey-responses', () => repo.surveyResponses(ctx.db, ctx.scope))).map((r) => {
        const v = Number(r.satisfactionIndex);
        return {
          month: monthOf(ctx.cal, r.respondedAt),
          ref: { type: 'survey-campaign', id: r.campaignId },
          title: r.number,
          partyId: r.partyId,
          numerator: v,
          denominator: 1,
          failing: worse(ctx, v),
          detail: `index ${round1(v)}`,
        };
      });
    },
  });
  registerCalculation('survey-response-rate', {
    aggregate: 'ratio',
    scale: 100,
    async run(ctx) {
      return (await repo.surveyRecipients(ctx.db, ctx.scope)).map((r) => ({
        month: monthOf(ctx.cal, r.sentAt),
        ref: { type: 'survey-campaign', id: r.campaignId },
        title: r.number,
        partyId: r.partyId,
        numerator: r.respondedAt ? 1 : 0,
        denominator: 1,
        failing: !r.respondedAt,
        detail: r.respondedAt ? null : 'no answer',
      }));
    },
  });
}
