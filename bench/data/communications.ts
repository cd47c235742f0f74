/**
 * 50,000 communications per scale unit over the dataset's year, in the demo company's mixed
 * Chinese/English wording, with the audit row and search row createCommunication writes.
 * Customers get them Zipf-like, so the largest account has thousands (the timeline benchmark).
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { defects } from '../../server/demo/demo.data.js';
import { scenarios, type Scenario, type Text, type TextCtx } from '../../server/demo/templates.js';
import { communicationNumber } from '../../server/communications/communications.service.js';
import { bulkInsert, type Column } from '../lib/db.js';
import { DAY, SITE_OFFSET, workMoment, type GenContext, type GenCustomer, type Generator, type GenUser } from './context.js';
import { insertAuditRows, insertSearchRows, searchRow, type AuditRow } from './rows.js';
import { extraScenarios, scenarioTopic } from './words.js';

const CHUNK = 5000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const local = (d: Date) => new Date(d.getTime() + SITE_OFFSET);
const yymm = (d: Date) => `${String(local(d).getUTCFullYear()).slice(2)}${String(local(d).getUTCMonth() + 1).padStart(2, '0')}`;
const yymmdd = (d: Date) => `${yymm(d)}${String(local(d).getUTCDate()).padStart(2, '0')}`;
function dayText(base: Date, offset: number, en: boolean): string {
  const d = local(new Date(base.getTime() + offset * DAY));
  return en ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
/** as the demo loader: Chinese dates sit directly in the sentence */
function tidyZh(text: Text): Text {
  const tidy = (v: string) => v.replace(/(?<=\p{Script=Han}) (?=\d{1,2}月\d{1,2}日)/gu, '').replace(/(\d{1,2}月\d{1,2}日) (?=\p{Script=Han})/gu, '$1');
  return { ...text, subject: tidy(text.subject), content: tidy(text.content), result: tidy(text.result) };
}

const columns: Column[] = [
  { name: 'id', type: 'uuid' }, { name: 'seq', type: 'bigint' }, { name: 'party_id', type: 'uuid' }, { name: 'channel', type: 'text' },
  { name: 'direction', type: 'text' }, { name: 'topic', type: 'text' }, { name: 'occurred_at', type: 'timestamptz' }, { name: 'our_user_id', type: 'uuid' },
  { name: 'contact_id', type: 'uuid' }, { name: 'subject', type: 'text' }, { name: 'content', type: 'text' }, { name: 'result', type: 'text' },
  { name: 'follow_up_due', type: 'timestamptz' }, { name: 'follow_up_done_at', type: 'timestamptz' },
  { name: 'created_at', type: 'timestamptz' }, { name: 'created_by', type: 'uuid' }, { name: 'updated_at', type: 'timestamptz' }, { name: 'updated_by', type: 'uuid' },
];

export const communicationsGenerator: Generator = {
  name: 'communications',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('communications');
    const n = Math.max(10, Math.round(50_000 * ctx.scale));
    const all: Scenario[] = [...scenarios, ...extraScenarios];
    const byDept = (d: string) => ctx.users.filter((u) => u.department === d && u.role === 'staff');
    const qa = byDept('quality');
    const pmc = byDept('planning');
    const eng = byDept('engineering');
    const execs = ctx.users.filter((u) => u.role === 'gm' || u.role === 'manager');
    const userById = new Map(ctx.users.map((u) => [u.id, u]));
    const cum: number[] = [];
    let total = 0;
    for (const c of ctx.customers) cum.push((total += c.weight));
    const pickCustomer = (): GenCustomer => {
      const r = rng.float() * total;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      return ctx.customers[lo]!;
    };
    // the moments first, sorted, so numbers (seq) follow time as they do in use
    const ts = new Float64Array(n);
    for (let i = 0; i < n; i++) ts[i] = rng.float();
    ts.sort();
    const [top] = await rows<{ max: string }>(ctx.db, sql`select coalesce(max(seq), 0)::bigint as max from communications`);
    let seq = Number(top?.max ?? 0);
    const lastContact = new Map<string, string>();
    let followUps = 0;
    let audits = 0;

    for (let from = 0; from < n; from += CHUNK) {
      const comms: Record<string, unknown>[] = [];
      const audit: AuditRow[] = [];
      const search: ReturnType<typeof searchRow>[] = [];
      for (let i = from; i < Math.min(n, from + CHUNK); i++) {
        const customer = pickCustomer();
        const at = workMoment(ctx, ts[i]!, rng);
        const eligible = customer.prospect ? all.filter((s) => s.prospect) : all;
        const scenario = rng.weighted(eligible.length ? eligible : all, (s) => s.weight);
        const foreign = customer.region === 'DE' || customer.region === 'JP' || customer.region === 'US';
        const channels = scenario.channels.filter((ch) => ch !== 'fax' || !foreign || customer.region === 'JP');
        const contact = scenario.contact ? (customer.contacts.find((x) => x.role === scenario.contact) ?? customer.contacts[0]!) : null;
        const owner = userById.get(customer.ownerId)!;
        const actor: GenUser =
          scenario.actor === 'owner' ? owner : scenario.actor === 'qa' ? rng.pick(qa) : scenario.actor === 'planner' ? rng.pick(pmc) : scenario.actor === 'engineer' ? rng.pick(eng) : rng.pick(execs);
        const en = foreign || (customer.region === 'HK' && rng.chance(0.3)) || (customer.region === 'CN' && rng.chance(0.08));
        const [m1, m2] = rng.sample(customer.models, 2);
        const po =
          customer.region === 'CN' ? `PO${yymm(at)}${rng.int(100, 999)}`
          : customer.region === 'HK' ? `${customer.code}-${yymm(at)}${rng.int(10, 99)}`
          : customer.region === 'DE' ? `4500${rng.int(100000, 999999)}`
          : customer.region === 'JP' ? `MS-${rng.int(10000, 99999)}`
          : `BL-${rng.int(10000, 99999)}`;
        const tctx: TextCtx = {
          rng,
          customer: en ? (foreign ? customer.nameEn.split(' ')[0]! : customer.nameEn.split(' ').slice(-4, -3)[0] ?? customer.code) : customer.nameZh.replace(/^(深圳市|东莞市|苏州|宁波市|无锡|厦门|佛山市|重庆|天津|杭州|中山市|青岛|昆山|常州|惠州市|温州|香港)/, '').replace(/(有限公司|株式会社|公司)$/, ''),
          contact: contact?.name ?? '',
          ours: actor.displayName,
          qa: rng.pick(qa).displayName,
          planner: rng.pick(pmc).displayName,
          engineer: rng.pick(eng).displayName,
          product: { zh: m1!.zh, en: m1!.en },
          model: m1!.model,
          model2: (m2 ?? m1)!.model,
          qty: rng.int(1, 40) * 500,
          po,
          lot: `L${yymmdd(new Date(at.getTime() - rng.int(5, 20) * DAY))}-${rng.int(1, 3)}`,
          defect: rng.pick(defects),
          prospect: customer.prospect,
          day: (offset) => dayText(at, offset, en),
        };
        const text = en ? scenario.en(tctx) : tidyZh(scenario.zh(tctx));
        const channel = text.channel ?? rng.pick(channels.length ? channels : scenario.channels);
        const id = ctx.uuid(rng);
        seq++;
        const number = communicationNumber(seq);
        const created = new Date(Math.min(at.getTime() + rng.int(5, 240) * 60_000, ctx.end.getTime()));
        let followUpDue: string | null = null;
        let followUpDoneAt: string | null = null;
        if (rng.chance(scenario.followUp)) {
          const due = new Date(at.getTime() + rng.int(2, 10) * DAY);
          followUpDue = due.toISOString();
          followUps++;
          if (due.getTime() < ctx.end.getTime() - 3 * DAY && rng.chance(0.92)) followUpDoneAt = new Date(Math.min(due.getTime() - rng.int(0, 2) * DAY, ctx.end.getTime())).toISOString();
        }
        const row = {
          id,
          seq,
          party_id: customer.id,
          channel,
          direction: scenario.direction,
          topic: ('topic' in scenario && typeof scenario.topic === 'string' ? scenario.topic : undefined) ?? scenarioTopic[scenario.key] ?? 'other',
          occurred_at: at.toISOString(),
          our_user_id: actor.id,
          contact_id: contact?.id ?? null,
          subject: text.subject.slice(0, 200),
          content: text.content,
          result: text.result || null,
          follow_up_due: followUpDue,
          follow_up_done_at: followUpDoneAt,
          created_at: created.toISOString(),
          created_by: actor.id,
          updated_at: (followUpDoneAt ?? created.toISOString()),
          updated_by: actor.id,
        };
        comms.push(row);
        lastContact.set(customer.id, row.occurred_at);
        // the snapshot createCommunication keeps in the audit trail
        audit.push({
          at: row.created_at,
          actor_id: actor.id,
          ref_type: 'communication',
          ref_id: id,
          action: 'create',
          after: {
            number, partyId: customer.id, partyName: customer.nameZh, channel, direction: row.direction, topic: row.topic, occurredAt: row.occurred_at,
            ourUserId: actor.id, ourUserName: actor.displayName, contactId: row.contact_id, contactName: contact?.name ?? null,
            subject: row.subject, content: row.content, result: row.result, followUpDue, followUpDoneAt: null, links: [], attachments: [], voided: false, voidReason: null,
          },
        });
        if (followUpDoneAt) audit.push({ at: followUpDoneAt, actor_id: actor.id, ref_type: 'communication', ref_id: id, action: 'follow-up.done', after: { followUpDoneAt } });
        search.push(
          searchRow({
            refType: 'communication',
            refId: id,
            partyId: customer.id,
            permission: 'communications.read',
            title: `${number} ${row.subject} — ${customer.nameZh}`,
            body: [row.content, row.result ?? '', contact?.name ?? '', customer.code].join('\n'),
            codes: [number, customer.code],
            at,
          }),
        );
      }
      await bulkInsert(ctx.db, 'communications', columns, comms, 1000);
      await insertAuditRows(ctx.db, audit);
      await insertSearchRows(ctx.db, search);
      audits += audit.length;
      if (n > CHUNK) ctx.log(`  communications ${Math.min(n, from + CHUNK).toLocaleString('en')} / ${n.toLocaleString('en')}`);
    }
    await ctx.db.execute(sql`select setval(pg_get_serial_sequence('communications', 'seq'), ${seq})`);
    const last = [...lastContact].map(([id, at]) => ({ id, at }));
    await ctx.db.execute(
      sql`update parties p set last_contact_at = x.at from json_to_recordset(${JSON.stringify(last)}::json) as x(id uuid, at timestamptz) where p.id = x.id`,
    );
    return { communications: n, follow_ups: followUps, audit_log: audits, search_index: n };
  },
};
