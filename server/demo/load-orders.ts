/**
 * The demo's orders: a handful of customer orders at the steps a sales office sees on a normal
 * day — one delivered and closed, one in production with an outsourced line, one waiting for the
 * customer's answer to a question, one in contract review, an oral order held at shipment until
 * its written order arrives, a repeat order in the continuous-order review. Loaded through the
 * services and the engine with the times they happened (`performTransition(…, at)`, `signOff(…, at)`),
 * so the flowchart counts, the time report and each order's history read like a real month.
 */
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateProductRequest } from '../../contracts/products.js';
import {
  ConfirmRequirementsRequest,
  SetStatutoryItemRequest,
  statutoryItems,
  CreateClarificationRequest,
  CreateOrderRequest,
  RecordReviewMeetingRequest,
  RecordShipmentRequest,
  SetDeliveryPlanRequest,
} from '../../contracts/orders.js';
import { ConfirmVendorDeliveryRequest, CreateCuttingSheetRequest, CreateVendorRequest } from '../../contracts/outsourcing.js';
import { SignoffRequest, TransitionRequest } from '../../contracts/procedures.js';
import { createProduct } from '../products/index.js';
import {
  askClarification,
  confirmRequirements,
  createOrder,
  getOrder,
  recordReviewMeeting,
  recordShipment,
  setDeliveryPlan,
  setStatutoryItem,
} from '../orders/index.js';
import { confirmVendorDelivery, createSheet, createVendor } from '../outsourcing/index.js';
import { instancesOf, performTransition, signOff } from '../procedures/index.js';
import type { UserKey } from './demo.data.js';
import { Rng, hashSeed } from './prng.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoOrderCustomer {
  code: string;
  id: string;
  owner: UserKey;
  contactIds: string[];
  models: { model: string; zh: string; en: string }[];
}

/** The orders the later stories name (samples, process questions, anomalies): ids and when things happened. */
export interface DemoOrderRefs {
  /** the key account's order, delivered and closed */
  closed: { id: string; receivedAt: Date; shippedAt: Date };
  /** the Hong Kong order in production */
  production: { id: string; receivedAt: Date };
  /** the new product's order in contract review */
  newProduct: { id: string; receivedAt: Date; model: string };
}

export interface DemoOrdersSummary {
  products: number;
  orders: number;
  /** communications the order procedure wrote (clarifications, plan replies, reconfirmations, confirmations) */
  communications: number;
  states: Record<string, number>;
  refs: DemoOrderRefs;
}

/** Who signs for each department in the demo company. */
const signer: Record<string, UserKey> = {
  sales: 'li',
  engineering: 'huang',
  development: 'huang',
  quality: 'zhao',
  planning: 'liu',
  warehouse: 'wu',
  production: 'zheng',
  purchasing: 'feng',
  finance: 'qian',
  'gm-office': 'zhang',
};
const REVIEW = ['sales', 'engineering', 'quality', 'planning', 'warehouse', 'production', 'purchasing', 'finance'];
const NOTICE = ['engineering', 'quality', 'planning', 'warehouse', 'production', 'purchasing', 'finance'];
const PLAN_ACK = ['planning', 'production', 'warehouse', 'purchasing', 'quality'];
const CONTINUOUS = ['sales', 'planning', 'warehouse', 'production', 'finance'];
const PLAN_DISTRIBUTION = ['production', 'quality', 'purchasing', 'gm-office'];

const civil = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);

export async function loadDemoOrders(
  db: Db,
  users: Record<UserKey, AuthContext>,
  password: string,
  customers: DemoOrderCustomer[],
  now: Date,
  seed: number,
): Promise<DemoOrdersSummary> {
  const rng = new Rng(hashSeed('orders', seed));
  let communications = 0;
  const byCode = new Map(customers.map((c) => [c.code, c]));
  const pick = (code: string) => byCode.get(code) ?? customers[0]!;

  // the catalogue: every model a customer buys; the first customer's last model is new (not in the BOM yet)
  let products = 0;
  const newModel = 'NB-NEW-01';
  for (const c of customers) {
    for (const m of c.models) {
      await createProduct(db, users.wang, CreateProductRequest.parse({ model: m.model, nameZh: m.zh, nameEn: m.en, inBom: true }));
      products++;
    }
  }
  await createProduct(
    db,
    users.wang,
    CreateProductRequest.parse({ model: newModel, nameZh: '新型电源模块（试产）', nameEn: 'New power module (pilot)', inBom: false }),
  );
  products++;

  const move = async (who: UserKey, orderId: string, transitionId: string, at: Date, extra: Record<string, unknown> = {}, type = 'order') => {
    const [instance] = (await instancesOf(db, users[who], { type, id: orderId })).items;
    await performTransition(db, users[who], instance!.id, TransitionRequest.parse({ version: instance!.version, transitionId, ...extra }), at);
  };
  const sign = async (orderId: string, departments: string[], from: Date, comments: Record<string, string> = {}) => {
    for (const [i, department] of departments.entries()) {
      const who = signer[department]!;
      const [instance] = (await instancesOf(db, users[who], { type: 'order', id: orderId })).items;
      const comment = comments[department];
      await signOff(
        db,
        users[who],
        instance!.id,
        SignoffRequest.parse({ version: instance!.version, department, opinion: comment ? 'conditional' : 'accept', ...(comment ? { comment } : {}) }),
        new Date(from.getTime() + i * 40 * 60_000),
      );
    }
  };
  const line = (m: { model: string }, quantity: number, requested: Date, price: number) => ({
    model: m.model,
    quantity,
    requestedDate: civil(requested),
    qualityStandard: 'GB/T 2828.1 AQL 0.65',
    hsfRequirement: 'RoHS 2.0',
    unitPrice: price,
    currency: 'CNY',
  });
  const order = async (who: UserKey, c: DemoOrderCustomer, received: Date, over: Record<string, unknown>) =>
    createOrder(
      db,
      users[who],
      CreateOrderRequest.parse({ partyId: c.id, orderDate: civil(received), receivedAt: received.toISOString(), contactId: c.contactIds[0] ?? null, ...over }),
    );
  /** review, approval, notice and its acknowledgements, the plan replied and signed for: the order goes into production */
  const toProduction = async (who: UserKey, id: string, t: Date, planned: Date) => {
    await statutory(who, id);
    await move(who, id, 'submit-contract-review', new Date(t.getTime() + HOUR));
    await sign(id, REVIEW, new Date(t.getTime() + 3 * HOUR), { engineering: '包装按客户 2026 版包装规范执行，每箱 50 只' });
    await move('zhang', id, 'approve', new Date(t.getTime() + DAY), { password });
    // CS 2.4: delivery address and payment method confirmed with the customer
    const confirmedAt = new Date(t.getTime() + DAY + HOUR);
    await move(who, id, 'confirm-order', confirmedAt, {
      fields: {
        deliveryAddress: '客户工厂收货仓（按采购订单地址）',
        paymentMethod: '月结 60 天电汇',
        confirmedBy: '采购经理',
        confirmedAt: confirmedAt.toISOString(),
        confirmationChannel: 'email',
      },
    });
    communications++;
    await move(who, id, 'issue-notice', new Date(t.getTime() + DAY + 2 * HOUR));
    await sign(id, NOTICE, new Date(t.getTime() + DAY + 3 * HOUR));
    const o = await getOrder(db, id);
    await setDeliveryPlan(
      db,
      users[who],
      id,
      SetDeliveryPlanRequest.parse({ version: o.version, lines: o.lines.map((l) => ({ lineId: l.id, plannedDate: civil(planned) })) }),
    );
    await move(who, id, 'reply-delivery-plan', new Date(t.getTime() + 2 * DAY), {
      fields: { deliveryPlanReply: `按计划 ${civil(planned)} 出货，如有变化提前通知。`, channel: 'email' },
    });
    communications++;
    await sign(id, PLAN_ACK, new Date(t.getTime() + 2 * DAY + 2 * HOUR));
    // SP 5.3 / 6.3.1.2: PMC's task sheet signed by the GM, the production plan acknowledged by the departments
    await move('liu', id, 'prepare-task-sheet', new Date(t.getTime() + 2 * DAY + 6 * HOUR), {
      fields: {
        productionStart: new Date(t.getTime() + 4 * DAY).toISOString(),
        productionFinish: new Date(planned.getTime() - 3 * DAY).toISOString(),
        taskSheetInstructions: '二车间装配线；每箱 50 只，按客户包装规范',
      },
    });
    await move('zhang', id, 'sign-task-sheet', new Date(t.getTime() + 3 * DAY), { password });
    await sign(id, PLAN_DISTRIBUTION, new Date(t.getTime() + 3 * DAY + HOUR));
  };
  /** QC 4.2.1: RoHS applies (reviewed by QA with the report), the other requirements decided as not applicable */
  const statutory = async (who: UserKey, id: string) => {
    for (const item of statutoryItems) {
      const current = (await getOrder(db, id)).statutory.find((x) => x.item === item)!;
      const rohs = item === 'rohs';
      await setStatutoryItem(
        db,
        users[rohs ? 'zhao' : who],
        id,
        item,
        SetStatutoryItemRequest.parse({
          version: current.version,
          applicable: rohs ? 'yes' : 'na',
          evidence: rohs ? 'SGS RoHS 2.0 检测报告（年度）' : null,
          reviewed: rohs,
        }),
      );
    }
  };
  const price = () => Math.round(rng.int(300, 4500)) / 100;

  // 1. the key account: delivered and closed last month
  const key = pick('SZ001');
  const t1 = new Date(now.getTime() - 40 * DAY);
  t1.setUTCHours(1, 30, 0, 0);
  const planned1 = new Date(t1.getTime() + 30 * DAY);
  const m1 = key.models[0]!;
  const p1 = price();
  const o1 = await order(key.owner, key, t1, {
    customerPo: `HX-PO-${rng.int(24000, 24999)}`,
    form: 'po',
    lines: [line(m1, 5000, planned1, p1), line(key.models[1] ?? m1, 2000, planned1, price())],
  });
  await toProduction(key.owner, o1.id, t1, planned1);
  await move('liu', o1.id, 'ready-to-ship', new Date(planned1.getTime() - 3 * DAY));
  await move(key.owner, o1.id, 'reconfirm', new Date(planned1.getTime() - 2 * DAY), {
    fields: { reconfirmation: `已与客户确认 ${civil(planned1)} 出货，规格、包装不变。`, channel: 'phone' },
  });
  communications++;
  const s1 = await getOrder(db, o1.id);
  await recordShipment(
    db,
    users[key.owner],
    o1.id,
    RecordShipmentRequest.parse({
      version: s1.version,
      shippedAt: planned1.toISOString(),
      lines: s1.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })),
      note: '顺丰物流，单号 SF1402278811',
    }),
  );
  await move(key.owner, o1.id, 'ship', new Date(planned1.getTime() + HOUR));
  await move(key.owner, o1.id, 'close', new Date(planned1.getTime() + 2 * DAY));

  // 2. a repeat of the same model at the same price: a continuous order, planning has signed
  const t2 = new Date(now.getTime() - 3 * HOUR);
  const o2 = await order(key.owner, key, t2, {
    customerPo: `HX-PO-${rng.int(25000, 25999)}`,
    form: 'fax',
    lines: [line(m1, 3000, new Date(now.getTime() + 25 * DAY), p1)],
  });
  const continuous = o2.type === 'continuous';
  await move(key.owner, o2.id, continuous ? 'submit-continuous-review' : 'submit-contract-review', new Date(t2.getTime() + HOUR));
  await sign(
    o2.id,
    (continuous ? CONTINUOUS : REVIEW).filter((d) => d === 'sales' || d === 'planning'),
    new Date(t2.getTime() + 90 * 60_000),
  );

  // 3. a Hong Kong fax order in production, one line outsourced on a cutting sheet waiting for the VP
  const hk = pick('HK001');
  const t3 = new Date(now.getTime() - 18 * DAY);
  t3.setUTCHours(2, 0, 0, 0);
  const planned3 = new Date(now.getTime() + 12 * DAY);
  const o3 = await order(hk.owner, hk, t3, {
    customerPo: `HK-${rng.int(8000, 8999)}`,
    form: 'fax',
    lines: [line(hk.models[0]!, 8000, planned3, price()), line(hk.models[1] ?? hk.models[0]!, 1200, planned3, price())],
  });
  await toProduction(hk.owner, o3.id, t3, planned3);
  const vendor = await createVendor(
    db,
    users.wang,
    CreateVendorRequest.parse({
      code: 'V-001',
      nameZh: '东莞精裁加工厂',
      nameEn: 'Dongguan Precision Cutting',
      scope: '布料、绝缘片裁剪',
      status: 'qualified',
    }),
  );
  await createVendor(
    db,
    users.wang,
    CreateVendorRequest.parse({
      code: 'V-002',
      nameZh: '深圳快裁工作室',
      nameEn: 'Shenzhen QuickCut Studio',
      status: 'suspended',
      notes: '来料检验连续两批不合格，暂停外发（2026-09）',
    }),
  );
  const o3now = await getOrder(db, o3.id);
  const sheet = await createSheet(
    db,
    users[hk.owner],
    o3.id,
    CreateCuttingSheetRequest.parse({
      lineId: o3now.lines[1]!.id,
      vendorId: vendor.id,
      quantity: 1200,
      material: '黑色 PET 绝缘片 0.3 mm（客供）',
      cuttingSpec: '按图裁切，公差 ±0.2 mm；每 100 片一包',
      requiredDate: civil(new Date(planned3.getTime() - 4 * DAY)),
    }),
  );
  await confirmVendorDelivery(
    db,
    users[hk.owner],
    sheet.id,
    ConfirmVendorDeliveryRequest.parse({
      version: sheet.version,
      vendorDeliveryDate: civil(new Date(planned3.getTime() - 5 * DAY)),
      note: '外包商陈厂长电话确认',
    }),
  );
  await move(hk.owner, sheet.id, 'submit-for-review', new Date(now.getTime() - 2 * HOUR), {}, 'cutting-sheet');

  // 4. a fax with an illegible line: the question is with the customer
  const dg = pick('DG001');
  const t4 = new Date(now.getTime() - 26 * HOUR);
  const o4 = await order(dg.owner, dg, t4, {
    customerPo: `DG-${rng.int(100, 999)}`,
    form: 'fax',
    lines: [
      line(dg.models[0]!, 600, new Date(now.getTime() + 20 * DAY), price()),
      {
        ...line(dg.models[1] ?? dg.models[0]!, 300, new Date(now.getTime() + 20 * DAY), price()),
        unclear: true,
        unclearNote: '传真上数量看不清：300 还是 800？',
      },
    ],
  });
  await move(dg.owner, o4.id, 'clarify', new Date(t4.getTime() + HOUR));
  await askClarification(
    db,
    users[dg.owner],
    o4.id,
    CreateClarificationRequest.parse({
      lineId: o4.lines[1]!.id,
      question: '第 2 行数量传真不清，请确认是 300 还是 800 件？',
      contactId: dg.contactIds[0] ?? null,
      channel: 'phone',
      askedAt: new Date(t4.getTime() + 2 * HOUR).toISOString(),
    }),
  );
  communications++;

  // 5. a new product: a major contract reviewed in a meeting, the departments are signing
  const nb = pick('NB001');
  const t5 = new Date(now.getTime() - 30 * HOUR);
  const o5 = await order(nb.owner, nb, t5, {
    customerPo: `NB-2026-${rng.int(10, 99)}`,
    form: 'email',
    lines: [line({ model: newModel }, 20000, new Date(now.getTime() + 45 * DAY), 38.5)],
  });
  await move(nb.owner, o5.id, 'submit-contract-review', new Date(t5.getTime() + HOUR));
  const o5now = await getOrder(db, o5.id);
  await recordReviewMeeting(
    db,
    users[nb.owner],
    o5.id,
    RecordReviewMeetingRequest.parse({
      version: o5now.version,
      heldAt: new Date(t5.getTime() + 4 * HOUR).toISOString(),
      attendees: '业务 李娜、工程 黄伟、品质 赵敏、计划 刘洋、采购 冯敏、财务 钱芳；副总孙丽主持',
      minutes: '新产品 NB-NEW-01：工程确认可生产，需新开治具 10 天；品质要求首件送客户确认；采购确认主要物料交期 20 天；结论：有条件接受，交期按 45 天回复。',
    }),
  );
  await sign(o5.id, ['sales', 'engineering', 'quality', 'finance'], new Date(t5.getTime() + 5 * HOUR), {
    engineering: '需新开治具 10 天，首件送客户确认后量产',
  });

  // 6. an oral order taken by phone: produced, but held at shipment until the written order arrives
  const su = pick('DG001');
  const t6 = new Date(now.getTime() - 16 * DAY);
  t6.setUTCHours(6, 0, 0, 0);
  const planned6 = new Date(now.getTime() + 1 * DAY);
  const o6 = await order(su.owner, su, t6, {
    customerPo: null,
    form: 'oral',
    notes: '客户电话下单，答应补传真订单',
    lines: [line(su.models[0]!, 1500, planned6, price())],
  });
  const o6now = await getOrder(db, o6.id);
  await confirmRequirements(
    db,
    users[su.owner],
    o6.id,
    ConfirmRequirementsRequest.parse({
      version: o6now.version,
      channel: 'phone',
      contactId: su.contactIds[0] ?? null,
      confirmedAt: new Date(t6.getTime() + 30 * 60_000).toISOString(),
      content: `电话复述：${su.models[0]!.model} 1500 件，${civil(planned6)} 交货，RoHS 2.0，客户确认无误。`,
    }),
  );
  communications++;
  await toProduction(su.owner, o6.id, t6, planned6);
  await move('liu', o6.id, 'ready-to-ship', new Date(now.getTime() - 2 * DAY));
  await move(su.owner, o6.id, 'reconfirm', new Date(now.getTime() - 1 * DAY), {
    fields: { reconfirmation: '已与客户确认明天出货；提醒客户补传书面订单。', channel: 'phone' },
  });
  communications++;

  const states: Record<string, number> = {};
  for (const o of [o1, o2, o3, o4, o5, o6]) {
    const s = (await getOrder(db, o.id)).status ?? 'none';
    states[s] = (states[s] ?? 0) + 1;
  }
  const refs: DemoOrderRefs = {
    closed: { id: o1.id, receivedAt: t1, shippedAt: planned1 },
    production: { id: o3.id, receivedAt: t3 },
    newProduct: { id: o5.id, receivedAt: t5, model: newModel },
  };
  return { products, orders: 6, communications, states, refs };
}
