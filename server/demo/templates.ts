/**
 * Communication scenarios of a parts manufacturer, in Chinese and English. Each scenario
 * names its channels, direction, who on our side handles it and which of the customer's
 * contacts it concerns; the texts are filled from a context (customer, product, model,
 * quantity, PO, dates) so that no two records read the same.
 * Prices are confidential [SP 6.2.6]: no text here contains an amount.
 */
import type { channels } from '../../contracts/parties.js';
import type { directions, topics } from '../../contracts/communications.js';
import type { ContactRole, Defect } from './demo.data.js';
import type { Rng } from './prng.js';

export type Channel = (typeof channels)[number];
export type Direction = (typeof directions)[number];
export type Topic = (typeof topics)[number];
export type Actor = 'owner' | 'qa' | 'planner' | 'engineer' | 'exec';

export interface TextCtx {
  rng: Rng;
  customer: string;
  contact: string;
  ours: string;
  qa: string;
  planner: string;
  engineer: string;
  product: { zh: string; en: string };
  model: string;
  model2: string;
  qty: number;
  po: string;
  lot: string;
  defect: Defect;
  /** the customer is a prospect (no orders, no annual price review yet) */
  prospect: boolean;
  /** a date relative to the communication, e.g. day(3) = three days later */
  day: (offset: number) => string;
}

export interface Text {
  subject: string;
  content: string;
  result: string;
  /** when the wording implies the channel (a review meeting, a visit) */
  channel?: Channel;
}

export interface Scenario {
  key: string;
  /** what it is about (an incoming enquiry starts the enquiry procedure) */
  topic: Topic;
  weight: number;
  channels: Channel[];
  direction: Direction;
  actor: Actor;
  contact: ContactRole | null;
  /** probability of a follow-up with a due date */
  followUp: number;
  /** also happens with prospects (no orders yet) */
  prospect?: boolean;
  zh: (c: TextCtx) => Text;
  en: (c: TextCtx) => Text;
}

export const fmtQty = (n: number) => n.toLocaleString('en-US');
const half = (n: number) => fmtQty(Math.round(n / 2 / 100) * 100);

export const scenarios: Scenario[] = [
  {
    key: 'delivery-enquiry',
    topic: 'enquiry',
    weight: 14,
    channels: ['phone', 'email', 'im'],
    direction: 'in',
    actor: 'owner',
    contact: 'buy',
    followUp: 0.1,
    zh: (c) => ({
      subject: c.rng.pick([`询问 ${c.model} 交期`, `${c.po} 交期查询`, `催货：${c.product.zh} ${c.model}`]),
      content: c.rng.pick([
        `${c.contact}询问订单 ${c.po} 中${c.product.zh} ${c.model} 共 ${fmtQty(c.qty)} pcs 的交期，客户生产线计划 ${c.day(7)} 上线，要求 ${c.day(5)} 前到货。`,
        `${c.contact}询问 ${c.model} 剩余 ${fmtQty(c.qty)} pcs 何时可以出货，称客户库存只够用到 ${c.day(4)}。`,
        `客户催 ${c.po}（${c.model}，${fmtQty(c.qty)} pcs），希望本周内安排出货，并要求提供出货单号以便安排收货。`,
      ]),
      result: c.rng.pick([
        `已与计划部${c.planner}确认，${c.day(3)} 可出货 ${fmtQty(c.qty)} pcs，已回复${c.contact}。`,
        `计划部回复首批 ${half(c.qty)} pcs ${c.day(2)} 出货，余数 ${c.day(9)} 出货，客户同意分批交货。`,
        `电镀外协延误两天，已向客户说明原因，新交期 ${c.day(6)}，客户接受。`,
      ]),
    }),
    en: (c) => ({
      subject: c.rng.pick([`Delivery date enquiry – ${c.model}`, `PO ${c.po}: shipping date?`, `Expedite request: ${c.product.en} ${c.model}`]),
      content: c.rng.pick([
        `${c.contact} asked for the delivery date of ${fmtQty(c.qty)} pcs ${c.model} (${c.product.en}) on PO ${c.po}. Their line starts on ${c.day(7)}; they need the parts by ${c.day(5)}.`,
        `${c.contact} asked when the remaining ${fmtQty(c.qty)} pcs of ${c.model} will ship; their stock lasts until ${c.day(4)}.`,
        `Customer chased PO ${c.po} (${c.model}, ${fmtQty(c.qty)} pcs) and asked for the shipment to leave this week, with the B/L number in advance.`,
      ]),
      result: c.rng.pick([
        `Confirmed with Planning (${c.planner}): ${fmtQty(c.qty)} pcs ship on ${c.day(3)}. Replied to ${c.contact}.`,
        `Planning can ship a first lot of ${half(c.qty)} pcs on ${c.day(2)} and the balance on ${c.day(9)}; customer accepted the split delivery.`,
        `Plating subcontractor is two days late; new ETD ${c.day(6)} explained to ${c.contact}, accepted.`,
      ]),
    }),
  },
  {
    key: 'fax-order',
    topic: 'order',
    weight: 8,
    channels: ['fax'],
    direction: 'in',
    actor: 'owner',
    contact: 'buy',
    followUp: 0.15,
    zh: (c) =>
      c.rng.pick([
        {
          subject: `传真订单 ${c.po} 型号不清楚`,
          content: `收到客户传真订单 ${c.po}，第 2 项型号字迹模糊，无法确认是 ${c.model} 还是 ${c.model2}；数量 ${fmtQty(c.qty)} pcs，交期 ${c.day(14)}。按程序需先与客户澄清后再评审。`,
          result: `已电话与${c.contact}确认为 ${c.model}，数量不变；澄清结果已记录在订单上，转合同评审。`,
        },
        {
          subject: `传真订单 ${c.po} 数量确认`,
          content: `客户传真订单 ${c.po}：${c.product.zh} ${c.model} 数量写 ${fmtQty(c.qty)} pcs，但附件交货计划合计为 ${fmtQty(c.qty * 2)} pcs，两处不一致。`,
          result: `${c.contact}回电确认以订单数量 ${fmtQty(c.qty)} pcs 为准，交货计划为笔误，客户将重新传真盖章订单。`,
        },
        {
          subject: `传真订单 ${c.po}（${c.model}）`,
          content: `收到客户传真订单 ${c.po}：${c.product.zh} ${c.model} ${fmtQty(c.qty)} pcs，要求 ${c.day(12)} 交货，包装按上次要求（每箱 200 pcs，贴客户标签）。`,
          result: `订单内容清楚，属持续订单，已转计划部排产并回传签字确认。`,
        },
      ]),
    en: (c) =>
      c.rng.pick([
        {
          subject: `Fax order ${c.po}: part number illegible`,
          content: `Fax order ${c.po} received. The part number on line 2 cannot be read — ${c.model} or ${c.model2}? Quantity ${fmtQty(c.qty)} pcs, delivery ${c.day(14)}. To be clarified before contract review.`,
          result: `Confirmed with ${c.contact} by phone: it is ${c.model}, quantity unchanged. Clarification noted on the order; passed to contract review.`,
        },
        {
          subject: `Fax order ${c.po}: quantity to confirm`,
          content: `Fax order ${c.po}: ${c.model} shows ${fmtQty(c.qty)} pcs, but the attached delivery schedule adds up to ${fmtQty(c.qty * 2)} pcs.`,
          result: `${c.contact} confirmed ${fmtQty(c.qty)} pcs is correct; the schedule was a typo. A signed corrected order will follow by fax.`,
        },
      ]),
  },
  {
    key: 'portal-forecast',
    topic: 'order',
    weight: 5,
    channels: ['portal'],
    direction: 'in',
    actor: 'planner',
    contact: 'buy',
    followUp: 0.1,
    zh: (c) => ({
      ...c.rng.pick([
        {
          subject: `客户平台发布滚动需求预测`,
          content: `客户在供应商平台发布未来 12 周滚动预测：${c.model} 周需求约 ${fmtQty(c.qty)} pcs，比上期增加约 20%。`,
        },
        {
          subject: `供应商平台新订单 ${c.po}`,
          content: `供应商平台下达新订单 ${c.po}：${c.product.zh} ${c.model} ${fmtQty(c.qty)} pcs，要求 ${c.day(21)} 到货，需在平台上 48 小时内确认。`,
        },
      ]),
      result: c.rng.pick([`已在平台确认交期，计划部按预测备料。`, `已通知采购部提前备料，平台上已确认。`, `产能评估后回复可满足，已在平台确认。`]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `Rolling forecast published on the supplier portal`,
          content: `The customer published a 12-week rolling forecast on the supplier portal: about ${fmtQty(c.qty)} pcs/week of ${c.model}, up about 20% on the last one.`,
        },
        {
          subject: `New portal order ${c.po}`,
          content: `New order ${c.po} on the supplier portal: ${fmtQty(c.qty)} pcs ${c.model} (${c.product.en}) due ${c.day(21)}; confirmation required within 48 hours.`,
        },
      ]),
      result: c.rng.pick([`Delivery date confirmed on the portal; Planning buys material against the forecast.`, `Capacity checked; confirmed on the portal.`]),
    }),
  },
  {
    key: 'drawing-sample',
    topic: 'product-info',
    weight: 8,
    channels: ['email', 'visit'],
    direction: 'in',
    actor: 'engineer',
    contact: 'eng',
    followUp: 0.2,
    prospect: true,
    zh: (c) => ({
      ...c.rng.pick([
        {
          channel: 'email' as const,
          subject: `${c.model} 图纸变更（Rev.C）及样品要求`,
          content: `${c.contact}发来 ${c.model}（${c.product.zh}）新版图纸 Rev.C，主要变更：壁厚由 1.2 改为 1.5 mm，增加两处加强筋。要求提供样品 20 pcs 及全尺寸报告。`,
        },
        {
          subject: `新项目${c.product.zh}打样`,
          content: `客户新项目需要${c.product.zh}，提供 3D 图档和技术要求，要求 ${c.day(15)} 前交样品 10 pcs，材料需符合 RoHS。`,
        },
        {
          subject: `客户提供样品，要求开发${c.product.zh}`,
          content: `${c.contact}来访并带来客户现用的${c.product.zh}样品，希望我司按同样结构开发，年用量约 ${fmtQty(c.qty * 12)} pcs。`,
          channel: 'visit' as const,
        },
      ]),
      result: c.rng.pick([
        `已转工程部${c.engineer}评审可行性，预计 ${c.day(10)} 寄出样品，报价另行提交总经理审批。`,
        `工程部评审：模具需改两处镶件，样品 ${c.day(12)} 可交；已回复客户。`,
        `工程部提出公差 ±0.02 难以保证，建议放宽至 ±0.05，已发邮件请客户确认。`,
      ]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `${c.model} drawing change (Rev. C) and samples`,
          content: `${c.contact} sent drawing Rev. C of ${c.model} (${c.product.en}): wall thickness from 1.2 to 1.5 mm, two ribs added. 20 samples with a full dimensional report requested.`,
        },
        {
          subject: `Sample request: new ${c.product.en}`,
          content: `New project: ${c.contact} sent 3D data and specifications for a ${c.product.en}; 10 samples needed by ${c.day(15)}, RoHS-compliant material.`,
        },
      ]),
      result: c.rng.pick([
        `Passed to Engineering (${c.engineer}) for feasibility; samples expected to ship on ${c.day(10)}. Quotation to follow after GM approval.`,
        `Engineering: tolerance ±0.02 mm is not capable; proposed ±0.05 mm and asked ${c.contact} to confirm in writing.`,
      ]),
    }),
  },
  {
    key: 'price-enquiry',
    topic: 'enquiry',
    weight: 6,
    channels: ['email', 'phone'],
    direction: 'in',
    actor: 'owner',
    contact: 'buy',
    followUp: 0.3,
    prospect: true,
    zh: (c) => ({
      ...c.rng.pick([
        {
          subject: `询价：${c.product.zh} ${c.model}`,
          content: `${c.contact}询价${c.product.zh} ${c.model}，年用量约 ${fmtQty(c.qty * 10)} pcs，要求含包装和运费的报价，并注明模具费和交期。`,
        },
        ...(c.prospect
          ? []
          : [{ subject: `${c.model} 年度议价`, content: `客户启动年度议价，要求对 ${c.model}、${c.model2} 重新报价，并提供原材料价格变动依据。` }]),
      ]),
      result: c.rng.pick([
        `报价单已按程序报总经理审批，计划 ${c.day(2)} 发出（价格见报价记录，不在沟通记录中填写）。`,
        `已回复客户将于 3 个工作日内报价，财务部核算成本中。`,
      ]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `RFQ: ${c.product.en} ${c.model}`,
          content: `${c.contact} requested a quotation for ${c.model} (${c.product.en}), about ${fmtQty(c.qty * 10)} pcs a year, incl. packaging and freight, with tooling cost and lead time.`,
        },
        ...(c.prospect
          ? []
          : [
              {
                subject: `Annual price review for ${c.model}`,
                content: `The customer opened the annual price review for ${c.model} and ${c.model2} and asked for raw-material index evidence.`,
              },
            ]),
      ]),
      result: c.rng.pick([
        `Quotation submitted for GM approval; to be sent on ${c.day(2)} (prices are kept on the quotation, not in this log).`,
        `Promised a quotation within 3 working days; Finance is costing it.`,
      ]),
    }),
  },
  {
    key: 'quote-follow-up',
    topic: 'enquiry',
    weight: 4,
    channels: ['phone', 'email', 'im'],
    direction: 'out',
    actor: 'owner',
    contact: 'buy',
    followUp: 0.3,
    prospect: true,
    zh: (c) => ({
      subject: `报价跟进：${c.model}`,
      content: `报价已发出 3 个工作日未获确认，按程序与${c.contact}跟进${c.product.zh} ${c.model} 报价。`,
      result: c.rng.pick([
        `客户表示价格可以接受，正在走内部审批，预计下周下订单；已报财务部。`,
        `客户认为模具费偏高，希望分摊到单价，已报总经理决定。`,
        `客户仍在比较三家供应商，约定 ${c.day(5)} 再联系。`,
      ]),
    }),
    en: (c) => ({
      subject: `Quotation follow-up: ${c.model}`,
      content: `No answer 3 working days after our quotation for ${c.model} (${c.product.en}); followed up with ${c.contact} as the procedure requires.`,
      result: c.rng.pick([
        `Price accepted in principle; internal approval running, PO expected next week. Finance informed.`,
        `Customer finds the tooling cost high and asks to amortise it into the piece price; referred to the GM.`,
        `Still comparing three suppliers; agreed to talk again on ${c.day(5)}.`,
      ]),
    }),
  },
  {
    key: 'complaint',
    topic: 'complaint',
    weight: 9,
    channels: ['phone', 'email', 'fax', 'portal'],
    direction: 'in',
    actor: 'qa',
    contact: 'qa',
    followUp: 0.5,
    zh: (c) => ({
      ...c.rng.pick([
        {
          subject: `来料检验不合格：${c.model} ${c.defect.zh}`,
          content: `${c.contact}反映客户来料检验发现 ${c.model} 批次 ${c.lot} ${c.defect.zhDetail}，抽检 125 pcs 不良 ${c.rng.int(3, 18)} pcs，整批判退，要求 24 小时内回复临时措施。`,
        },
        {
          subject: `客户投诉：${c.model} ${c.defect.zh}导致停线`,
          content: `客户产线装配时发现${c.product.zh} ${c.model} ${c.defect.zhDetail}，已停线挑选，要求我司派人到现场处理并提交 8D 报告。`,
        },
        {
          subject: `${c.lot} 批次${c.defect.zh}（附不良照片）`,
          content: `${c.contact}提供不良照片：${c.model} ${c.defect.zhDetail}，涉及订单 ${c.po} 已到货 ${fmtQty(c.qty)} pcs。`,
        },
      ]),
      result: c.rng.pick([
        `已登记投诉，品质部${c.qa}负责分析；临时措施：库存品全检、在途品追回，24 小时内回复客户。`,
        `已安排${c.qa}明天到客户现场挑选，同时启动 8D，D3 临时措施已邮件回复客户。`,
        `初步判断为${c.defect.zh}发生在包装/运输环节，已回复临时措施，补货 ${half(c.qty)} pcs 加急出货。`,
      ]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `Incoming inspection reject: ${c.defect.en} on ${c.model}`,
          content: `${c.contact} reported ${c.defect.enDetail} on ${c.model}, lot ${c.lot}, found at incoming inspection: ${c.rng.int(3, 18)} of 125 samples rejected; lot on hold. Containment required within 24 hours.`,
        },
        {
          subject: `Complaint: line stop, ${c.defect.en} on ${c.model}`,
          content: `Line stop at the customer: ${c.defect.enDetail} found on ${c.model} (${c.product.en}). They ask for on-site sorting and an 8D report.`,
        },
        {
          subject: `Quality alert: ${c.model} ${c.defect.en} (photos)`,
          content: `Photos from ${c.contact}: ${c.defect.enDetail} on ${c.model}; ${fmtQty(c.qty)} pcs delivered against PO ${c.po} affected.`,
        },
      ]),
      result: c.rng.pick([
        `Complaint logged; QA (${c.qa}) leads the analysis. Containment: 100% check of stock and goods in transit; reply within 24 hours.`,
        `Third-party sorting arranged at the customer's site; 8D opened, D3 containment sent by e-mail.`,
      ]),
    }),
  },
  {
    key: '8d-report',
    topic: 'complaint',
    weight: 5,
    channels: ['email', 'meeting'],
    direction: 'out',
    actor: 'qa',
    contact: 'qa',
    followUp: 0.35,
    zh: (c) => ({
      ...c.rng.pick([
        {
          subject: `提交 ${c.model} ${c.defect.zh} 8D 报告`,
          content: `向${c.contact}提交 ${c.model} ${c.defect.zh}问题 8D 报告（D1–D8）。根本原因：模具冷却不均导致局部应力集中；纠正措施：修改冷却水路并增加首件检验项目。`,
          channel: 'email' as const,
        },
        {
          subject: `8D 评审会议：${c.lot} ${c.defect.zh}`,
          content: `与客户品质部召开 8D 评审会议，说明 ${c.lot} ${c.defect.zh}的根本原因分析（鱼骨图、5 Why）及纠正预防措施。`,
          channel: 'meeting' as const,
        },
      ]),
      result: c.rng.pick([
        `客户接受 D1–D6，要求 ${c.day(14)} 前提交 D7 验证数据（连续 3 批合格）。`,
        `客户确认 8D 关闭，要求将该项纳入控制计划和作业指导书。`,
        `客户认为根本原因分析不充分，要求补充模具温度验证数据后重新提交。`,
      ]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `8D report: ${c.defect.en} on ${c.model}`,
          content: `Sent the 8D report (D1–D8) on ${c.defect.en} of ${c.model} to ${c.contact}. Root cause: uneven mould cooling causing local stress; corrective action: cooling channels modified, first-article check extended.`,
          channel: 'email' as const,
        },
        {
          subject: `8D review meeting – lot ${c.lot}`,
          content: `8D review with the customer's quality team: root cause analysis (fishbone, 5 Why) and corrective/preventive actions for lot ${c.lot}.`,
          channel: 'meeting' as const,
        },
      ]),
      result: c.rng.pick([
        `D1–D6 accepted; D7 verification data (3 consecutive good lots) due ${c.day(14)}.`,
        `8D closed by the customer; the check is to be added to the control plan and work instruction.`,
        `Root cause not accepted as sufficient; mould temperature validation data requested before resubmission.`,
      ]),
    }),
  },
  {
    key: 'delivery-change',
    topic: 'order',
    weight: 8,
    channels: ['phone', 'email', 'im'],
    direction: 'in',
    actor: 'owner',
    contact: 'buy',
    followUp: 0.15,
    zh: (c) =>
      c.rng.pick([
        {
          subject: `交期变更：${c.po} 提前`,
          content: `${c.contact}来电要求订单 ${c.po}（${c.model}，${fmtQty(c.qty)} pcs）交期由 ${c.day(14)} 提前到 ${c.day(7)}，原因是其终端客户提前上市。`,
          result: `计划部${c.planner}评估产能后同意先交 ${half(c.qty)} pcs，余数按原交期；交货计划表已更新为新版本并回复客户。`,
        },
        {
          subject: `交期变更：${c.po} 推迟`,
          content: `客户通知 ${c.model} 因其产线改造，订单 ${c.po} 交期推迟两周至 ${c.day(21)}，询问我司能否暂存成品。`,
          result: `已确认可在货仓暂存两周，交货计划表已更新，货仓部已知悉。`,
        },
        {
          subject: `${c.model} 交期无法满足，与客户协商新交期`,
          content: `计划部通知 ${c.model} 因原材料到货延误无法按 ${c.day(3)} 交货，主动联系${c.contact}说明情况。`,
          result: `客户同意新交期 ${c.day(8)}，要求每天报告进度；交货计划已改版并报副总。`,
        },
      ]),
    en: (c) =>
      c.rng.pick([
        {
          subject: `Delivery change: pull-in of PO ${c.po}`,
          content: `${c.contact} asked to pull in PO ${c.po} (${fmtQty(c.qty)} pcs ${c.model}) from ${c.day(14)} to ${c.day(7)} because their customer launches earlier.`,
          result: `Planning (${c.planner}) can ship ${half(c.qty)} pcs early and the balance on the original date; delivery plan revised and sent to the customer.`,
        },
        {
          subject: `Delivery change: PO ${c.po} pushed out`,
          content: `The customer postponed PO ${c.po} (${c.model}) by two weeks to ${c.day(21)} due to a line rebuild and asked whether we can hold the finished goods.`,
          result: `We hold the goods in our warehouse for two weeks; delivery plan updated, Warehouse informed.`,
        },
      ]),
  },
  {
    key: 'pre-shipment',
    topic: 'order',
    weight: 12,
    channels: ['phone', 'im', 'email'],
    direction: 'out',
    actor: 'owner',
    contact: 'buy',
    followUp: 0,
    zh: (c) => ({
      subject: c.rng.pick([`出货前确认：${c.po}`, `${c.model} 出货前确认`, `出货通知及规格确认`]),
      content: c.rng.pick([
        `出货前与${c.contact}确认：订单 ${c.po}，${c.product.zh} ${c.model} ${fmtQty(c.qty)} pcs，计划 ${c.day(1)} 出货，规格、包装和送货地址是否有变化。`,
        `按程序出货前再确认：${c.model} ${fmtQty(c.qty)} pcs 明天送货，随货附出货检验报告和 RoHS 报告。`,
      ]),
      result: c.rng.pick([
        `客户确认出货时间和规格无变化，按计划出货。`,
        `客户要求改送二号仓，收货时间 9:00–16:00，已通知货仓部。`,
        `客户确认可以出货，另要求外箱标签增加批次条码，下批起执行。`,
      ]),
    }),
    en: (c) => ({
      subject: c.rng.pick([`Pre-shipment reconfirmation – PO ${c.po}`, `Shipping notice ${c.model}`]),
      content: c.rng.pick([
        `Before shipping, reconfirmed with ${c.contact}: PO ${c.po}, ${fmtQty(c.qty)} pcs ${c.model}, ETD ${c.day(1)}; specification, packing and ship-to unchanged?`,
        `Pre-shipment check: ${fmtQty(c.qty)} pcs ${c.model} leave tomorrow with the outgoing inspection report and RoHS declaration.`,
      ]),
      result: c.rng.pick([
        `Confirmed, no change; shipping as planned.`,
        `Customer asked to add a lot barcode on the carton labels from the next shipment; Warehouse informed.`,
        `Confirmed; forwarder booking sent to ${c.contact}.`,
      ]),
    }),
  },
  {
    key: 'customer-audit',
    topic: 'other',
    weight: 3,
    channels: ['visit'],
    direction: 'in',
    actor: 'exec',
    contact: 'qa',
    followUp: 0.6,
    zh: (c) => ({
      ...c.rng.pick([
        {
          subject: `客户验厂（年度二方审核）`,
          content: `${c.contact}一行 3 人来厂进行年度二方审核，范围：注塑/冲压过程、来料检验、不合格品控制、追溯。管理者代表陪同。`,
        },
        {
          subject: `客户来厂过程审核：${c.model} 量产前`,
          content: `客户来厂审核 ${c.model} 生产过程（VDA 6.3 过程审核），重点关注防错装置和首件检验记录。`,
        },
      ]),
      result: c.rng.pick([
        `审核得分 86 分（B 级），提出 3 项改善：标识、量具校准记录、防错点检；已分工，${c.day(30)} 前回复整改。`,
        `审核通过，1 项轻微不符合（作业指导书版本未更新），品质部负责 ${c.day(14)} 前关闭。`,
      ]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `Customer audit at our plant`,
          content: `${c.contact} and two colleagues audited our plant: moulding/stamping processes, incoming inspection, nonconforming product control, traceability. Management representative attended.`,
        },
        {
          subject: `Process audit (VDA 6.3) for ${c.model}`,
          content: `Process audit (VDA 6.3) for ${c.model} before series production; focus on error-proofing devices and first-article records.`,
        },
      ]),
      result: c.rng.pick([
        `Score 86% (B). Three improvement actions (identification, gauge calibration records, poka-yoke checks); responses due ${c.day(30)}.`,
        `Passed with one minor finding (outdated work instruction revision); QA to close by ${c.day(14)}.`,
      ]),
    }),
  },
  {
    key: 'our-visit',
    topic: 'other',
    weight: 4,
    channels: ['visit'],
    direction: 'out',
    actor: 'owner',
    contact: 'mgmt',
    followUp: 0.2,
    prospect: true,
    zh: (c) => ({
      ...c.rng.pick([
        {
          subject: `拜访${c.contact}，了解明年需求`,
          content: `拜访客户，与${c.contact}交流需求预测和新项目计划；客户提到明年有 2 个新机种需要${c.product.zh}。`,
          result: `客户希望进一步缩短交期；新项目资料下周发来，已告知工程部。`,
        },
        {
          subject: `客户关系维护拜访`,
          content: `定期拜访${c.contact}，了解客户对我司交付和质量的评价，并介绍新增的自动化冲压线。`,
          result: c.rng.pick([`客户对交付满意，包装仍有改进空间，已转品质部；约定下季度再访。`, `客户对质量稳定性表示认可，希望明年增加供货品种。`]),
        },
      ]),
    }),
    en: (c) => ({
      ...c.rng.pick([
        {
          subject: `Visit to ${c.contact}: next year's demand`,
          content: `Visited the customer; discussed the forecast and new projects with ${c.contact}. Two new programmes next year will need a ${c.product.en}.`,
          result: `They would like shorter lead times; project data to follow next week (Engineering informed).`,
        },
        {
          subject: `Relationship visit`,
          content: `Regular visit to ${c.contact}: feedback on our delivery and quality; presented our new automated stamping line.`,
          result: `Satisfied with delivery; packaging still needs improvement — passed to QA. Next visit next quarter.`,
        },
      ]),
    }),
  },
  {
    key: 'survey-return',
    topic: 'other',
    weight: 3,
    channels: ['letter', 'portal', 'email', 'fax'],
    direction: 'in',
    actor: 'qa',
    contact: 'qa',
    followUp: 0.4,
    zh: (c) => ({
      subject: `客户满意度调查表回收`,
      content: c.rng.pick([
        `客户寄回年度满意度调查表：质量 4 分、交付 4 分、服务 5 分、价格 3 分（5 分制），意见：希望缩短打样周期。`,
        `客户返回满意度调查表，总体评价“满意”，对包装防护和出货资料完整性提出改进建议。`,
      ]),
      result: c.rng.pick([`已录入调查结果并转品质部分析，改进措施确定后由业务回复客户。`, `品质部已分析，改进措施：打样流程增加快速通道；已回复客户。`]),
    }),
    en: (c) => ({
      subject: `Customer satisfaction survey returned`,
      content: c.rng.pick([
        `Annual survey returned: quality 4, delivery 4, service 5, price 3 (of 5). Comment: shorter sampling lead time wanted.`,
        `Survey returned, overall "satisfied"; suggestions on packaging protection and completeness of shipping documents.`,
      ]),
      result: c.rng.pick([
        `Results entered and passed to QA for analysis; Sales will reply with the improvements.`,
        `QA analysed it; improvement: fast track for samples. Reply sent to the customer.`,
      ]),
    }),
  },
  {
    key: 'business-review',
    topic: 'other',
    weight: 3,
    channels: ['meeting'],
    direction: 'out',
    actor: 'exec',
    contact: 'mgmt',
    followUp: 0.3,
    zh: (c) => ({
      subject: c.rng.pick([`季度业务回顾会议`, `年度供应商绩效沟通会`]),
      content: `与${c.contact}召开业务回顾会议：交付准时率、质量 PPM、投诉处理情况、下季度需求和新项目进度。`,
      result: c.rng.pick([`客户对投诉响应速度认可，要求 PPM 降到 200 以下；会议记要已发各部门。`, `确认下季度需求增加约 15%，计划部评估产能后回复。`]),
    }),
    en: (c) => ({
      subject: c.rng.pick([`Quarterly business review`, `Annual supplier performance review`]),
      content: `Business review with ${c.contact}: on-time delivery, quality PPM, complaint handling, next quarter's demand and new projects.`,
      result: c.rng.pick([
        `Complaint response praised; PPM target below 200. Minutes sent to all departments.`,
        `Demand up about 15% next quarter; Planning to confirm capacity.`,
      ]),
    }),
  },
  {
    key: 'customer-letter',
    topic: 'product-info',
    weight: 2,
    channels: ['letter', 'email'],
    direction: 'in',
    actor: 'owner',
    contact: 'mgmt',
    followUp: 0.3,
    zh: (c) =>
      c.rng.pick([
        {
          subject: `客户来函：质量协议更新`,
          content: `客户寄来新版供应商质量协议，要求 ${c.day(30)} 前签字盖章寄回。`,
          result: `已转品质部和财务部评审，总经理审批后回函。`,
        },
        {
          subject: `客户来函：包装规范变更`,
          content: `客户通知自下月起执行新包装规范：每箱不超过 15 kg，需使用防静电袋。`,
          result: `已通知工程部更新包装作业指导书，下批起执行。`,
        },
        { subject: `客户来函：年度降价要求`, content: `客户来函提出年度降价要求，希望我司提交成本分析和降本方案。`, result: `已报总经理，约定下月面谈。` },
      ]),
    en: (c) =>
      c.rng.pick([
        {
          subject: `Letter: updated supplier quality agreement`,
          content: `The customer sent a new supplier quality agreement to be signed and returned by ${c.day(30)}.`,
          result: `Passed to QA and Finance for review; reply after GM approval.`,
        },
        {
          subject: `Letter: new packaging specification`,
          content: `New packaging specification from next month: cartons below 15 kg, ESD bags required.`,
          result: `Engineering to update the packing instruction; applies from the next shipment.`,
        },
      ]),
  },
  {
    key: 'internal-coordination',
    topic: 'other',
    weight: 2,
    channels: ['meeting', 'im'],
    direction: 'internal',
    actor: 'planner',
    contact: null,
    followUp: 0.3,
    zh: (c) => ({
      subject: `内部协调：${c.customer} ${c.model} 交期与产能`,
      content: `计划部、生产部、品质部、业务部协调${c.customer} ${c.model} 订单 ${c.po} 的排产：注塑机 7 号机模具保养与交期冲突。`,
      result: `决定模具保养推迟到周末，周六加班一班；业务负责通知客户。`,
    }),
    en: (c) => ({
      subject: `Internal: capacity for ${c.customer} ${c.model}`,
      content: `Planning, Production, QA and Sales aligned on PO ${c.po} (${c.model}): mould maintenance on press 7 conflicts with the delivery date.`,
      result: `Maintenance moved to the weekend, one extra Saturday shift; Sales informs the customer.`,
    }),
  },
  {
    key: 'payment-reminder',
    topic: 'other',
    weight: 0,
    channels: ['phone', 'letter'],
    direction: 'out',
    actor: 'owner',
    contact: 'mgmt',
    followUp: 0.3,
    zh: (c) => ({
      subject: `货款催收`,
      content: c.rng.pick([`就逾期货款与${c.contact}沟通，客户称资金紧张，希望分期支付。`, `向客户寄出逾期货款催收函（财务部出具对账单）。`]),
      result: c.rng.pick([`客户承诺本月底前支付一半，余款下月；已报财务部和总经理。`, `客户未回复，财务部建议暂停接单。`]),
    }),
    en: (c) => ({
      subject: `Overdue payment reminder`,
      content: `Discussed overdue invoices with ${c.contact}.`,
      result: `Customer promised partial payment by month end; Finance and GM informed.`,
    }),
  },
];

export const correctionKinds = ['contact', 'result', 'time'] as const;
export type CorrectionKind = (typeof correctionKinds)[number];

export const correctionText: Record<CorrectionKind, { zh: string; en: string; appendZh?: string; appendEn?: string }> = {
  contact: { zh: '联系人选错，已更正为实际沟通的联系人', en: 'Wrong contact person selected; corrected' },
  result: {
    zh: '补充结果：客户已书面确认',
    en: 'Result completed: customer confirmed in writing',
    appendZh: '（补充：客户已邮件书面确认。）',
    appendEn: ' (Added: customer confirmed in writing by e-mail.)',
  },
  time: { zh: '沟通时间录入错误：实际为上午', en: 'Time entered wrongly: it was in the morning' },
};
