/**
 * 2,000 customer complaints per scale unit over the dataset's year (CC-<year>-nnnn, gapless per year as the
 * app numbers them), weighted like the communications (big customers complain more), on their models:
 * channel, quantities, description and failure mode from a small bilingual vocabulary, remedy sought, the
 * acknowledgement time (most within the 24 hours), QA's assessment, and the complaint procedure instance in
 * the state of the complaint's age (older ones closed after a full 8D or a quick fix, recent ones at their step;
 * a quarter stall, taking three times as long, so their current step is overdue).
 */
import { sql } from 'drizzle-orm';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, HOUR, SITE_OFFSET, workMoment, type GenContext, type Generator } from './context.js';
import { insertAuditRows, insertSearchRows, searchRow, type AuditRow } from './rows.js';

const col = (name: string, type: string): Column => ({ name, type });
const tracked = [col('created_at', 'timestamptz'), col('created_by', 'uuid'), col('updated_at', 'timestamptz'), col('updated_by', 'uuid')];
const complaintColumns: Column[] = [
  col('id', 'uuid'), col('seq', 'bigint'), col('number', 'text'), col('kind', 'text'), col('party_id', 'uuid'), col('channel', 'text'), col('received_at', 'timestamptz'),
  col('receiver_id', 'uuid'), col('contact_id', 'uuid'), col('model', 'text'), col('lot', 'text'), col('delivered_quantity', 'integer'), col('defective_quantity', 'integer'),
  col('description', 'text'), col('failure_mode', 'text'), col('remedy_sought', 'jsonb'), col('acknowledged_at', 'timestamptz'), col('assessment', 'jsonb'), ...tracked,
];
const instanceColumns: Column[] = [
  col('id', 'uuid'), col('ref_type', 'text'), col('ref_id', 'text'), col('procedure_id', 'text'), col('procedure_version', 'integer'),
  col('state', 'text'), col('status', 'text'), col('assignee_id', 'uuid'), col('started_at', 'timestamptz'), col('closed_at', 'timestamptz'), ...tracked,
];
const visitColumns: Column[] = [col('instance_id', 'uuid'), col('step_id', 'text'), col('entered_at', 'timestamptz'), col('entered_by', 'uuid')];

const failures = [
  { mode: '输出电压偏低 low output voltage', text: '客户 IQC 抽检发现输出电压低于下限。Customer IQC found the output voltage below the lower limit.' },
  { mode: '外壳开裂 cracked housing', text: '装配时外壳卡扣处开裂。The housing cracked at the snap fit during assembly.' },
  { mode: '标签错误 wrong label', text: '外箱标签型号与实物不符。The carton label does not match the parts inside.' },
  { mode: '尺寸超差 out of tolerance', text: '孔距超出图纸公差 0.15 mm。Hole pitch 0.15 mm out of the drawing tolerance.' },
  { mode: '异物 foreign matter', text: '产品内发现异物。Foreign matter found inside the product.' },
  { mode: '包装破损 damaged packaging', text: '到货外箱破损，部分产品划伤。Cartons arrived damaged, some parts scratched.' },
];
const channels = ['phone', 'email', 'fax', 'email', 'phone', 'portal'] as const;
const remedies = [['8d-report'], ['replace', '8d-report'], ['rework'], ['credit'], ['sorting', '8d-report']];
const CLOSED_8D = ['acknowledge', 'assessment', 'vp-review', 'd1-team', 'd2-problem', 'd3-containment', 'd4-root-cause', 'd5-actions', 'd6-implementation', 'd7-prevention', 'effectiveness', 'customer-confirmation', 'closed'];

export const complaintsGenerator: Generator = {
  name: 'complaints',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('complaints');
    const n = Math.max(1, Math.round(2000 * ctx.scale));
    const qa = ctx.users.filter((u) => u.department === 'quality');
    const sales = ctx.users.filter((u) => u.department === 'sales');
    const customers = ctx.customers.filter((c) => !c.prospect && c.models.length);
    const perYear = new Map<string, number>();
    const complaints: Record<string, unknown>[] = [];
    const instances: Record<string, unknown>[] = [];
    const visits: Record<string, unknown>[] = [];
    const audit: AuditRow[] = [];
    const search: ReturnType<typeof searchRow>[] = [];
    const moments = Array.from({ length: n }, (_, i) => workMoment(ctx, (i + rng.float() * 0.9) / n, rng)).sort((a, b) => a.getTime() - b.getTime());
    for (const [i, receivedAt] of moments.entries()) {
      const c = rng.weighted(customers, (x) => x.weight);
      const m = rng.pick(c.models);
      const f = rng.pick(failures);
      const year = new Date(receivedAt.getTime() + SITE_OFFSET).toISOString().slice(0, 4);
      const k = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, k);
      const number = `CC-${year}-${String(k).padStart(4, '0')}`;
      const id = ctx.uuid(rng);
      const receiver = rng.pick(sales);
      const engineer = rng.pick(qa);
      const delivered = rng.int(5, 200) * 100;
      const defective = rng.int(1, Math.max(2, Math.round(delivered * 0.02)));
      const age = (ctx.end.getTime() - receivedAt.getTime()) / DAY;
      const ackAt = age * 24 < 2 && rng.chance(0.5) ? null : new Date(receivedAt.getTime() + (rng.chance(0.9) ? rng.int(1, 20) : rng.int(25, 60)) * HOUR);
      const quick = rng.chance(0.35);
      const path = quick ? ['acknowledge', 'assessment', 'vp-review', 'quick-fix', 'customer-confirmation', 'closed'] : CLOSED_8D;
      // the step reached by its age: a full 8D takes ~60 days, a quick fix ~10; every fourth one stalls (three times as
      // long, so it sits in its step past the deadline: the overdue clocks My work and the escalation sweep see)
      const span = (quick ? 10 : 60) * (i % 4 === 3 ? 3 : 1);
      const reached = Math.min(path.length - 1, Math.floor((age / span) * (path.length - 1)));
      const state = ackAt ? path[Math.max(1, reached)]! : 'acknowledge';
      const stepIndex = path.indexOf(state);
      const at = (j: number) => new Date(receivedAt.getTime() + (j / (path.length - 1)) * span * DAY);
      const closed = state === 'closed';
      const received = receivedAt.toISOString();
      complaints.push({
        id, seq: complaints.length + 1, number, kind: rng.chance(0.2) ? 'return' : 'complaint', party_id: c.id, channel: rng.pick([...channels]), received_at: received,
        receiver_id: receiver.id, contact_id: c.contacts.find((x) => x.role === 'qa')?.id ?? c.contacts[0]?.id ?? null, model: m.model, lot: `L${year.slice(2)}${String(rng.int(1, 52)).padStart(2, '0')}-${rng.int(10, 99)}`,
        delivered_quantity: delivered, defective_quantity: defective, description: f.text, failure_mode: f.mode, remedy_sought: rng.pick(remedies), acknowledged_at: ackAt?.toISOString() ?? null,
        assessment: stepIndex >= 2
          ? { severity: rng.weighted(['minor', 'major', 'critical'] as const, (s) => ({ minor: 50, major: 40, critical: 10 })[s]), safetyRegulatory: rng.chance(0.05), customerImpact: rng.chance(0.2) ? ['line-stop'] : [], path: quick ? 'quick-fix' : rng.chance(0.5) ? 'full-8d' : 'short-8d', note: null, at: at(1).toISOString(), by: engineer.id }
          : null,
        created_at: received, created_by: receiver.id, updated_at: at(stepIndex).toISOString(), updated_by: engineer.id,
      });
      const instanceId = ctx.uuid(rng);
      instances.push({
        id: instanceId, ref_type: 'complaint', ref_id: id, procedure_id: 'complaint', procedure_version: 1, state, status: closed ? 'closed' : 'open', assignee_id: stepIndex === 0 ? receiver.id : engineer.id,
        started_at: received, closed_at: closed ? at(stepIndex).toISOString() : null, created_at: received, created_by: receiver.id, updated_at: at(stepIndex).toISOString(), updated_by: engineer.id,
      });
      for (let j = 0; j <= stepIndex; j++) visits.push({ instance_id: instanceId, step_id: path[j], entered_at: (j === 0 ? receivedAt : j === 1 && ackAt ? ackAt : at(j)).toISOString(), entered_by: j === 0 ? receiver.id : engineer.id });
      audit.push({ at: received, actor_id: receiver.id, ref_type: 'complaint', ref_id: id, action: 'create', after: { number, model: m.model, defectiveQuantity: defective, failureMode: f.mode } });
      search.push(searchRow({ refType: 'complaint', refId: id, partyId: c.id, permission: 'complaints.read', title: `${number} ${c.nameZh} ${m.model}`, body: `${f.mode}\n${f.text}`, codes: [number, m.model], at: receivedAt }));
      if (i % 500 === 499) ctx.log(`complaints: ${i + 1}/${n}`);
    }
    await bulkInsert(ctx.db, 'complaints', complaintColumns, complaints, 500);
    await bulkInsert(ctx.db, 'procedure_instances', instanceColumns, instances, 1000);
    await bulkInsert(ctx.db, 'procedure_step_visits', visitColumns, visits, 1000);
    await insertAuditRows(ctx.db, audit);
    await insertSearchRows(ctx.db, search);
    await ctx.db.execute(sql`select setval(pg_get_serial_sequence('complaints', 'seq'), ${Math.max(complaints.length, 1)})`);
    return { complaints: complaints.length, procedure_instances: instances.length, procedure_step_visits: visits.length, audit_log: audit.length, search_index: search.length };
  },
};
