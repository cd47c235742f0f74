/**
 * The demo's after-sales service [CS 2.5–2.6, service standards 5–6] — after the orders, so a request can name the
 * order line it was delivered on:
 *  - the warranty rules: the standard 12 months from shipment, and the German OEM's quality agreement (18 months from
 *    delivery, revised to 24 with its reason — the earlier revision stays in the history);
 *  - six service requests, each received through the customer's message and at a step of the procedure:
 *    the German OEM's repair closed with the customer's confirmation (in warranty only by its agreement; the repair
 *    itself ran late waiting for spare connectors, so the KPI has a late step to show), the key account's repair on
 *    the delivered order line waiting for the customer's confirmation, a Hong Kong repair out of warranty and
 *    chargeable, in Engineering's hands, a Dongguan return waiting for the VP's approval, the German OEM's
 *    commissioning waiting for QA's assessment, and the key account's technical question received a moment ago.
 * Every time is set in story order on working days (received → answered → assessed → done → confirmed), each step
 * taken at its time (`at`), and nothing after now.
 */
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import {
  AssessServiceRequest,
  CreateServiceRequest,
  SaveWarrantyRuleRequest,
  ServiceConfirmationRequest,
  ServiceWorkRequest,
  type TServiceRequest,
} from '../../contracts/service.js';
import { createCommunication } from '../communications/index.js';
import {
  addMonths,
  assessServiceRequest,
  confirmServiceRequest,
  createServiceRequest,
  getServiceRequest,
  recordServiceWork,
  saveWarrantyRule,
} from '../service/index.js';
import { getOrder } from '../orders/index.js';
import type { UserKey } from './demo.data.js';
import { demoStory } from './story.js';
import type { DemoOrderCustomer, DemoOrderRefs } from './load-orders.js';

const MINUTE = 60_000;

export interface DemoServiceSummary {
  /** service requests by their procedure step */
  states: Record<string, number>;
  /** service requests by kind */
  kinds: Record<string, number>;
  /** the warranty each request was received in */
  warranty: Record<string, number>;
  /** warranty rule revisions written (current and superseded) */
  rules: number;
  /** communications the requests logged (the customers' messages, our answers, the confirmations) */
  communications: number;
}

type Channel = 'email' | 'phone' | 'fax' | 'im';

export async function loadDemoService(
  db: Db,
  users: Record<UserKey, AuthContext>,
  customers: DemoOrderCustomer[],
  orders: DemoOrderRefs,
  now: Date,
): Promise<DemoServiceSummary> {
  const story = await demoStory(db, users, customers, now);
  const { cal, today, pick } = story;
  const key = pick('SZ001');
  const de = pick('DE001');
  const hk = pick('HK001');
  const dg = pick('DG001');

  /** hh:mm site time on the n-th working day before today (never later than a few minutes ago) */
  const workday = (n: number, hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    const at = cal.toInstant(cal.addWorkingDays(today, -n).date, h * 60 + m);
    return new Date(Math.min(at.getTime(), now.getTime() - 5 * MINUTE));
  };
  const later = (d: Date, minutes: number) => new Date(Math.min(d.getTime() + minutes * MINUTE, now.getTime() - 2 * MINUTE));
  const dateOf = (d: Date) => cal.localDate(d);

  // ---- warranty rules (保修条款) [service standard 5]: the GM sets them ------------------------------------
  let rules = 0;
  const rule = async (input: Record<string, unknown>) => {
    await saveWarrantyRule(db, users.zhang, SaveWarrantyRuleRequest.parse(input));
    rules++;
  };
  await rule({ months: 12, basis: 'shipment', note: '标准保修：自出货日起 12 个月（无出货记录时自交付日起算） Standard: 12 months from shipment' });
  // the German OEM's agreement, renewed with a longer warranty (the first revision stays in the history)
  await rule({ partyId: de.id, months: 18, basis: 'delivery', note: 'Quality agreement: 18 months from delivery to the customer' });
  await rule({
    partyId: de.id,
    months: 24,
    basis: 'delivery',
    note: 'Quality agreement (renewed): 24 months from delivery to the customer',
    reason: '质量协议续签：保修延长至交付后 24 个月 Agreement renewed: 24 months',
  });

  // ---- the requests ---------------------------------------------------------------------------------------
  const ids: string[] = [];
  const receivedWarranty: TServiceRequest['warranty']['status'][] = [];
  const message = async (
    who: UserKey,
    c: DemoOrderCustomer,
    at: Date,
    direction: 'in' | 'out',
    channel: Channel,
    subject: string,
    content: string,
    contactId?: string | null,
  ) =>
    (
      await createCommunication(
        db,
        users[who],
        CreateCommunicationRequest.parse({
          partyId: c.id,
          channel,
          direction,
          topic: 'other',
          occurredAt: at.toISOString(),
          contactId: contactId ?? c.contactIds[0] ?? null,
          subject,
          content,
        }),
      )
    ).id;
  const move = (who: UserKey, id: string, transitionId: string, at: Date, extra: Record<string, unknown> = {}) =>
    story.move(who, 'service-request', id, transitionId, extra, at);
  const version = async (id: string) => (await getServiceRequest(db, id)).version;

  /** registered by the customer's owner from the message that reported it (received when the message came) */
  const receive = async (
    c: DemoOrderCustomer,
    r: {
      kind: string;
      model: string;
      serialNo?: string;
      lotNo?: string;
      orderLineId?: string | null;
      deliveredOn?: string | null;
      quantity?: number;
      description: string;
      at: Date;
      channel: Channel;
      subject: string;
      content?: string;
      contactId?: string | null;
    },
  ) => {
    const contactId = r.contactId ?? c.contactIds[0] ?? null;
    const communicationId = await message(c.owner, c, r.at, 'in', r.channel, r.subject, r.content ?? r.description, contactId);
    const sr = await createServiceRequest(
      db,
      users[c.owner],
      CreateServiceRequest.parse({
        partyId: c.id,
        contactId,
        kind: r.kind,
        model: r.model,
        serialNo: r.serialNo ?? null,
        lotNo: r.lotNo ?? null,
        orderLineId: r.orderLineId ?? null,
        deliveredOn: r.deliveredOn ?? null,
        quantity: r.quantity ?? null,
        description: r.description,
        communicationId,
      }),
    );
    ids.push(sr.id);
    receivedWarranty.push(sr.warranty.status);
    return sr.id;
  };
  /** Sales answers the customer (logged as an outgoing communication by the procedure) */
  const acknowledge = (c: DemoOrderCustomer, id: string, at: Date, acknowledgement: string, channel: Channel) =>
    move(c.owner, id, 'acknowledge', at, { fields: { acknowledgement, channel } });
  /** QA's assessment against the warranty, then the way it goes on (service, or the return's approval) */
  const assess = async (
    id: string,
    at: Date,
    a: { chargeDecision: 'free' | 'chargeable'; decisionReason?: string; plannedAction: string },
    next: 'decide-service' | 'submit-return',
  ) => {
    await assessServiceRequest(
      db,
      users.zhao,
      id,
      AssessServiceRequest.parse({
        version: await version(id),
        chargeDecision: a.chargeDecision,
        decisionReason: a.decisionReason ?? null,
        plannedAction: a.plannedAction,
      }),
      at,
    );
    await move('zhao', id, next, later(at, 10));
  };
  /** Engineering's service report, then the customer is asked to confirm */
  const serviceDone = async (id: string, at: Date, workReport: string) => {
    await recordServiceWork(db, users.huang, id, ServiceWorkRequest.parse({ version: await version(id), workReport, workDoneOn: dateOf(at) }));
    await move('huang', id, 'service-done', at);
  };

  // 1. the German OEM's repair — in warranty by its 24-month agreement (the standard 12 would have ended), closed;
  //    the repair took three working days over its five, waiting for spare connectors
  {
    const model = de.models[0]!.model;
    const received = workday(14, '09:15');
    const id = await receive(de, {
      kind: 'repair',
      model,
      serialNo: 'KS-2411-0087, KS-2411-0093, KS-2411-0102',
      quantity: 3,
      deliveredOn: addMonths(dateOf(received), -14),
      description: `3 units of ${model} returned from the field: intermittent signal at the connector. Please repair them under our quality agreement.`,
      at: received,
      channel: 'email',
      subject: `Service request: ${model} intermittent signal (3 units)`,
    });
    await acknowledge(
      de,
      id,
      later(received, 95),
      'Received. Please send the 3 units to our Shenzhen plant; QA will assess them within two working days.',
      'email',
    );
    await assess(
      id,
      workday(13, '10:30'),
      { chargeDecision: 'free', plannedAction: 'Repair at the factory: replace the connector, 100 % electrical test and 4 h burn-in, return by courier.' },
      'decide-service',
    );
    await serviceDone(
      id,
      workday(5, '16:30'),
      'Connectors replaced on all 3 units (spare connectors arrived 3 working days late from the supplier); electrical test and 4 h burn-in passed; returned by DHL.',
    );
    const confirmed = workday(3, '15:20');
    const through = await message(
      de.owner,
      de,
      confirmed,
      'in',
      'email',
      `Re: repaired ${model} units received`,
      'All 3 repaired units passed our incoming test and are back on the line. Thank you.',
    );
    await confirmServiceRequest(
      db,
      users[de.owner],
      id,
      ServiceConfirmationRequest.parse({
        version: await version(id),
        confirmedOn: dateOf(confirmed),
        confirmedByContactId: de.contactIds[0] ?? null,
        note: 'Customer confirmed by e-mail: all 3 units OK.',
        communicationId: through,
      }),
      later(confirmed, 40),
    );
  }

  // 2. the key account: a repair on the delivered order line (in warranty from its shipment), done; the customer to confirm
  {
    const closed = await getOrder(db, orders.closed.id);
    const line = closed.lines[1] ?? closed.lines[0]!;
    const received = workday(4, '10:20');
    // the line's shipment (ten days ago) dates the warranty — linked when it shipped before the request came
    const shipped = dateOf(orders.closed.shippedAt) < dateOf(received);
    const id = await receive(key, {
      kind: 'repair',
      model: line.model,
      lotNo: `L${dateOf(orders.closed.shippedAt).replaceAll('-', '').slice(2)}-2`,
      quantity: 2,
      orderLineId: shipped ? line.id : null,
      description: `客户产线 ICT 测试发现 2 只 ${line.model} 输出端子虚焊，寄回返修。`,
      at: received,
      channel: 'phone',
      subject: `返修申请：${line.model} 端子虚焊 2 只`,
    });
    await acknowledge(key, id, later(received, 50), '已收到，请将 2 只不良品随下次送货车带回；品质部明天评估，工程部返修。', 'phone');
    await assess(
      id,
      workday(3, '09:40'),
      { chargeDecision: 'free', plannedAction: '保修期内免费返修：重新焊接输出端子，100% 功能测试后送回' },
      'decide-service',
    );
    await serviceDone(id, workday(2, '16:00'), '2 只输出端子重新焊接，100% 功能测试及外观检验合格，已随送货车送回客户。');
  }

  // 3. Hong Kong: a repair out of warranty (delivered 20 months ago), chargeable with the reason; Engineering repairs it
  {
    const model = hk.models[0]!.model;
    const received = workday(4, '14:10');
    const delivered = addMonths(dateOf(received), -20);
    const id = await receive(hk, {
      kind: 'repair',
      model,
      lotNo: `L${delivered.replaceAll('-', '').slice(2)}-1`,
      quantity: 20,
      deliveredOn: delivered,
      description: `客户退回 20 只 ${model}：外壳卡扣断裂，要求维修后退回（${delivered.slice(0, 7)} 交付的批次）。`,
      at: received,
      channel: 'email',
      subject: `Repair request: ${model} broken clips (20 pcs)`,
    });
    await acknowledge(hk, id, later(received, 80), '已收到，请将 20 只寄回我司；该批次已超出保修期，品质部评估后报维修费用。', 'email');
    await assess(
      id,
      workday(3, '10:20'),
      {
        chargeDecision: 'chargeable',
        decisionReason: `超出保修期：${delivered.slice(0, 7)} 交付，标准保修 12 个月；客户已同意按报价收费维修`,
        plannedAction: '返厂维修：更换断裂卡扣的外壳，功能测试后寄回；维修费按报价单收取',
      },
      'decide-service',
    );
  }

  // 4. Dongguan: unused goods returned for a refund (delivered five weeks ago, in warranty), waiting for the VP
  {
    const model = dg.models[0]!.model;
    const received = workday(2, '09:40');
    const id = await receive(dg, {
      kind: 'return',
      model,
      quantity: 300,
      deliveredOn: cal.addWorkingDays(dateOf(received), -25).date,
      description: `客户项目取消，要求退回未使用的 300 只 ${model}（原包装未拆封）并退款。`,
      at: received,
      channel: 'phone',
      subject: `退货退款申请：${model} 300 只（原包装）`,
    });
    await acknowledge(dg, id, later(received, 45), '已收到退货申请，品质部评估后报副总审批，审批结果明天答复。', 'phone');
    await assess(
      id,
      workday(1, '09:50'),
      { chargeDecision: 'free', plannedAction: '接受退货 300 只（原包装未拆封），仓库收货检验后按原价开具贷项通知单退款' },
      'submit-return',
    );
  }

  // 5. the German OEM's commissioning: answered, waiting for QA's assessment
  {
    const model = (de.models[1] ?? de.models[0]!).model;
    const received = workday(1, '15:30');
    const id = await receive(de, {
      kind: 'installation',
      model,
      quantity: 1,
      deliveredOn: cal.addWorkingDays(dateOf(received), -8).date,
      description: `Commissioning support requested: first ${model} assembly station on the customer's new line; an engineer on site for the start-up.`,
      at: received,
      channel: 'email',
      subject: `Commissioning support for ${model} on the new line`,
    });
    await acknowledge(
      de,
      id,
      later(received, 40),
      'Received. QA and Engineering will confirm the date of the on-site commissioning within two working days.',
      'email',
    );
  }

  // 6. the key account's technical question, received a moment ago (not answered yet)
  {
    const model = key.models[0]!.model;
    await receive(key, {
      kind: 'technical-support',
      model,
      description: `客户研发咨询 ${model} 的推荐安装扭矩和导热硅脂涂布量，用于新产品装配作业指导书。`,
      at: new Date(now.getTime() - 40 * MINUTE),
      channel: 'email',
      subject: `技术支持：${model} 安装扭矩咨询`,
      contactId: key.contactIds[2] ?? key.contactIds[0] ?? null,
    });
  }

  const states: Record<string, number> = {};
  const kinds: Record<string, number> = {};
  for (const id of ids) {
    const r = await getServiceRequest(db, id);
    const s = r.state ?? 'none';
    states[s] = (states[s] ?? 0) + 1;
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  }
  const warranty: Record<string, number> = {};
  for (const w of receivedWarranty) warranty[w] = (warranty[w] ?? 0) + 1;
  return { states, kinds, warranty, rules, communications: await story.added() };
}
