/**
 * Loads the demo company through the real services (users, customers with contacts, GM
 * acceptance, communications, corrections, follow-ups), so audit trail, search index and
 * last-contact dates are exactly what the application itself would have written.
 *
 * Deterministic: every customer draws from its own seeded stream, so the same customer looks
 * the same at any scale; only the dates move with the real "now" (the last 12 months).
 */
import os from 'node:os';
import path from 'node:path';
import { pinyin } from 'pinyin-pro';
import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateUserRequest } from '../../contracts/identity.js';
import { AcceptCustomerRequest, ContactInput, CreateCustomerRequest, type TCustomer } from '../../contracts/parties.js';
import { CreateCommunicationRequest, CompleteFollowUpRequest, UpdateCommunicationRequest } from '../../contracts/communications.js';
import { createUser, changePassword, login, logout, resolveSession, selectDepartments, selectUserForLogin } from '../identity/index.js';
import { acceptCustomer, addContact, createCustomer, getCustomer, selectCustomers } from '../parties/index.js';
import { completeFollowUp, correctCommunication, createCommunication } from '../communications/index.js';
import { instancesOf, performTransition } from '../procedures/index.js';
import { TransitionRequest } from '../../contracts/procedures.js';
import {
  DEMO_USER_PASSWORD,
  cnGivenNames,
  cnSurnames,
  defects,
  demoCustomers,
  demoUsers,
  foreignNames,
  hkNames,
  modelPrefixes,
  products,
  titles,
  type ContactRole,
  type DemoContactSpec,
  type DemoCustomer,
  type UserKey,
} from './demo.data.js';
import { Rng, hashSeed } from './prng.js';
import { loadDemoOrders, type DemoOrdersSummary } from './load-orders.js';
import { loadDemoWork, type DemoWorkSummary } from './load-work.js';
import { loadDemoRecords, type DemoRecordsSummary } from './load-records.js';
import { loadDemoService, type DemoServiceSummary } from './load-service.js';
import { correctionText, fmtQty, scenarios, type Channel, type CorrectionKind, type Scenario, type Text, type TextCtx } from './templates.js';

export const DEMO_SEED = 20260;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** the demo company works on Shanghai time (UTC+8, no daylight saving) */
const SITE_OFFSET = 8 * HOUR;

export interface LoadDemoOptions {
  /** the admin password, to sign in as admin and create the demo users */
  adminPassword: string;
  /** 1 = 30 customers and ~300 communications; 0.2 = the first 6 customers */
  scale?: number;
  /** password of every demo user */
  userPassword?: string;
  seed?: number;
  now?: Date;
  /** the data directory: the demo's scanned documents (signed sample records, evidence) are stored in it */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface DemoSummary {
  users: number;
  customers: number;
  contacts: number;
  communications: number;
  corrections: number;
  followUps: { open: number; overdue: number; done: number };
  /** incoming enquiries run the enquiry procedure: answered (closed or not) and still waiting */
  enquiries: { answered: number; closed: number; waiting: number };
  /** customer orders at the steps of a normal day, with their products */
  orders: DemoOrdersSummary;
  /** quotations, the satisfaction survey, visits, meetings and internal plans of the last days */
  work: DemoWorkSummary;
  /** samples, process questions, anomalies, the short 8D, the value segments */
  records: DemoRecordsSummary;
  /** after-sales service requests at their steps, the warranty rules */
  service: DemoServiceSummary;
  ms: number;
}

/** True when the organisation already has customers (then the demo is not loaded again). */
export async function hasCustomers(db: Db): Promise<boolean> {
  const { total } = await selectCustomers(db, { includeVoided: true, sort: 'code', limit: 1, offset: 0 });
  return total > 0;
}

/** The customers a given scale loads: the first N of the master list. */
export function demoCustomersAt(scale: number): DemoCustomer[] {
  return demoCustomers.slice(0, Math.min(demoCustomers.length, Math.max(3, Math.round(demoCustomers.length * scale))));
}

async function signIn(db: Db, username: string, password: string): Promise<AuthContext> {
  const { token } = await login(db, { username, password, ip: null, userAgent: 'accord demo loader' }, 2);
  const auth = await resolveSession(db, token);
  if (!auth) throw new Error(`demo: no session for ${username}`);
  return auth;
}

// ---- dates -----------------------------------------------------------------------------

/** A working-day moment `daysAgo` days before now, between 08:30 and 17:45 site time. */
function workTime(now: Date, daysAgo: number, rng: Rng, minutes?: number): Date {
  let local = new Date(now.getTime() + SITE_OFFSET - daysAgo * DAY);
  const dow = local.getUTCDay();
  if (dow === 0) local = new Date(local.getTime() - 2 * DAY);
  if (dow === 6) local = new Date(local.getTime() - DAY);
  const m = minutes ?? rng.int(8 * 60 + 30, 17 * 60 + 45);
  const at = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 0, m) - SITE_OFFSET;
  return new Date(Math.min(at, now.getTime() - 15 * 60_000));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function dayText(base: Date, offset: number, en: boolean): string {
  const d = new Date(base.getTime() + SITE_OFFSET + offset * DAY);
  return en ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
const localHour = (d: Date) => new Date(d.getTime() + SITE_OFFSET).getUTCHours();
const yymm = (d: Date) => {
  const l = new Date(d.getTime() + SITE_OFFSET);
  return `${String(l.getUTCFullYear()).slice(2)}${String(l.getUTCMonth() + 1).padStart(2, '0')}`;
};
const yymmdd = (d: Date) => `${yymm(d)}${String(new Date(d.getTime() + SITE_OFFSET).getUTCDate()).padStart(2, '0')}`;

/** Chinese dates sit directly in the sentence: "要求 3月5日 前到货" → "要求3月5日前到货". */
function tidyZh(text: Text): Text {
  const tidy = (v: string) => v.replace(/(?<=\p{Script=Han}) (?=\d{1,2}月\d{1,2}日)/gu, '').replace(/(\d{1,2}月\d{1,2}日) (?=\p{Script=Han})/gu, '$1');
  return { ...text, subject: tidy(text.subject), content: tidy(text.content), result: tidy(text.result) };
}

// ---- customers and contacts ------------------------------------------------------------

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
const isForeign = (c: DemoCustomer) => c.region === 'DE' || c.region === 'JP' || c.region === 'US';

function contactCount(rng: Rng, c: DemoCustomer): number {
  if (c.status === 'prospect') return rng.int(1, 2);
  return { A: rng.int(3, 4), B: rng.int(2, 3), C: rng.int(1, 3), D: rng.int(1, 2) }[c.grade];
}

type ContactPlan = z.input<typeof ContactInput> & { role: ContactRole };

function buildContacts(rng: Rng, c: DemoCustomer): ContactPlan[] {
  const roles: ContactRole[] = ['buy', 'qa', 'eng', 'mgmt'];
  const specs: DemoContactSpec[] = c.contacts ?? [];
  if (!specs.length) {
    const used = new Set<string>();
    const lang = isForeign(c) ? 'en' : 'zh';
    for (const role of roles.slice(0, contactCount(rng, c))) {
      let name = '';
      do {
        if (c.region === 'CN') name = rng.pick(cnSurnames) + rng.pick(cnGivenNames);
        else if (c.region === 'HK') {
          const n = rng.pick(hkNames);
          name = `${n.zh} ${n.en}`;
        } else name = rng.pick(foreignNames[c.region]);
      } while (used.has(name));
      used.add(name);
      specs.push({ name, role, title: rng.pick(titles[c.region === 'HK' && rng.chance(0.5) ? 'en' : lang][role]) });
    }
  }
  return specs.map((s, i) => {
    const contact: ContactPlan = { role: s.role, name: s.name, title: s.title, isPrimary: i === 0 };
    switch (c.region) {
      case 'CN': {
        const py = pinyin(s.name, { toneType: 'none', type: 'array' }).join('');
        contact.phone = `+86 ${c.area ?? '755'} ${c.area && c.area.length === 2 ? digits(rng, 4) : `${rng.int(2, 8)}${digits(rng, 3)}`} ${digits(rng, 4)}`;
        contact.mobile = `+86 1${rng.pick(['35', '38', '39', '58', '86', '89'])}${digits(rng, 1)} ${digits(rng, 4)} ${digits(rng, 4)}`;
        contact.email = `${py}@${c.domain}`;
        contact.im = `微信 ${py}${rng.int(10, 99)}`;
        contact.preferredChannel = rng.pick(['phone', 'im', 'im', 'email'] as const);
        break;
      }
      case 'HK': {
        const en = s.name.split(' ').slice(1).join('.').toLowerCase();
        contact.phone = `+852 ${rng.pick(['2', '3'])}${digits(rng, 3)} ${digits(rng, 4)}`;
        contact.mobile = `+852 ${rng.pick(['5', '6', '9'])}${digits(rng, 3)} ${digits(rng, 4)}`;
        contact.email = `${en}@${c.domain}`;
        contact.im = `WhatsApp ${contact.mobile}`;
        contact.preferredChannel = rng.pick(['im', 'email'] as const);
        break;
      }
      case 'DE': {
        const [first, last] = s.name.toLowerCase().replace('ü', 'ue').split(' ');
        contact.phone = `+49 ${c.area ?? '711'} ${digits(rng, 4)}-${rng.int(100, 399)}`;
        contact.mobile = rng.chance(0.5) ? `+49 17${rng.int(0, 9)} ${digits(rng, 7)}` : null;
        contact.email = `${first}.${last}@${c.domain}`;
        contact.im = rng.chance(0.5) ? `Teams ${first}.${last}@${c.domain}` : null;
        contact.preferredChannel = 'email';
        break;
      }
      case 'JP': {
        const [family, given] = s.name.toLowerCase().split(' ');
        contact.phone = `+81 ${c.area ?? '6'} ${digits(rng, 4)} ${digits(rng, 4)}`;
        contact.email = `${given!.charAt(0)}.${family}@${c.domain}`;
        contact.im = rng.chance(0.4) ? `LINE ${family}_${given!.charAt(0)}` : null;
        contact.preferredChannel = rng.pick(['fax', 'email'] as const);
        break;
      }
      case 'US': {
        const [first, last] = s.name.toLowerCase().split(' ');
        contact.phone = `+1 ${c.area ?? '312'} 555 01${digits(rng, 2)}`;
        contact.mobile = rng.chance(0.5) ? `+1 ${c.area ?? '312'} 555 01${digits(rng, 2)}` : null;
        contact.email = `${first!.charAt(0)}${last}@${c.domain}`;
        contact.preferredChannel = 'email';
        break;
      }
    }
    return contact;
  });
}

function buildModels(rng: Rng, c: DemoCustomer) {
  if (c.models) return c.models;
  const chosen = rng.sample(products[c.industry], rng.int(2, 3));
  const seen = new Set<string>();
  return chosen.map((p) => {
    let model = '';
    do model = `${rng.pick(modelPrefixes[c.industry])}-${rng.int(100, 4999)}${rng.chance(0.3) ? rng.pick(['A', 'B', 'C']) : ''}`;
    while (seen.has(model));
    seen.add(model);
    return { model, zh: p.zh, en: p.en };
  });
}

// ---- communications --------------------------------------------------------------------

type CommunicationInput = z.input<typeof CreateCommunicationRequest>;

interface Planned {
  actor: UserKey;
  input: CommunicationInput;
  /** a later correction (the earlier version stays in the history) */
  correction?: { reason: string; patch: Partial<CommunicationInput> };
  followUp?: 'open' | 'overdue' | 'done';
  /** scripted, or the wording names the channel: never changed by the channel balancing */
  fixed?: boolean;
  scenario?: Scenario;
}

interface LoadedCustomer {
  spec: DemoCustomer;
  customer: TCustomer;
  contacts: (ContactPlan & { id: string })[];
  models: { model: string; zh: string; en: string }[];
  rng: Rng;
}

const COUNTS = { A: 18, B: 11, C: 7, D: 4 } as const;
const FOLLOW_UP_FACTOR = 0.7;

function communicationCount(c: DemoCustomer): number {
  if (c.status === 'prospect') return 3;
  if (c.status === 'dormant') return 5;
  if (c.status === 'blocked') return 4;
  return COUNTS[c.grade];
}

/** How long ago the first and the most recent communication with this customer were. */
function span(rng: Rng, c: DemoCustomer): { first: number; last: number } {
  if (c.status === 'prospect') return { first: rng.int(30, 75), last: rng.int(1, 10) };
  if (c.status === 'dormant') return { first: 365, last: rng.int(150, 220) };
  if (c.status === 'blocked') return { first: 365, last: rng.int(100, 160) };
  const cadence = c.cadence ?? 30;
  return { first: 365, last: c.lapsed ? cadence + rng.int(5, 40) : rng.int(1, Math.max(2, Math.floor(cadence * 0.5))) };
}

function followUpState(rng: Rng, due: Date, now: Date): 'open' | 'overdue' | 'done' {
  const coin = rng.chance(0.5); // drawn every time, so the texts do not depend on today's date
  if (due.getTime() >= now.getTime()) return 'open';
  if (now.getTime() - due.getTime() > 90 * DAY) return 'done';
  return coin ? 'done' : 'overdue';
}

function planCustomer(lc: LoadedCustomer, names: Record<UserKey, string>, now: Date): Planned[] {
  const { spec, rng, contacts, models } = lc;
  const owner = spec.owner;
  const eligible = scenarios.filter((s) => {
    if (spec.status === 'prospect') return !!s.prospect;
    if (s.key === 'fax-order') return !isForeign(spec) || spec.region === 'JP';
    if (s.key === 'payment-reminder') return spec.status === 'blocked';
    return true;
  });
  const weight = (s: Scenario) => (s.key === 'payment-reminder' ? 8 : s.weight);
  const { first, last } = span(rng, spec);
  const count = communicationCount(spec);
  const plans: Planned[] = [];
  for (let i = 0; i < count; i++) {
    const daysAgo = i === 0 ? last : rng.int(last, first);
    const at = workTime(now, daysAgo, rng);
    const scenario = rng.weighted(eligible, weight);
    const channels = scenario.channels.filter((ch) => ch !== 'fax' || !isForeign(spec) || spec.region === 'JP');
    const channel: Channel = rng.pick(channels.length ? channels : scenario.channels);
    const contact = scenario.contact ? (contacts.find((x) => x.role === scenario.contact) ?? contacts[0]!) : null;
    const actor: UserKey =
      scenario.actor === 'owner'
        ? owner
        : scenario.actor === 'qa'
          ? 'zhao'
          : scenario.actor === 'planner'
            ? 'liu'
            : scenario.actor === 'engineer'
              ? 'huang'
              : rng.pick(['zhang', 'sun'] as const);
    const en = isForeign(spec) || (spec.region === 'HK' && rng.chance(0.3));
    const [m1, m2] = rng.sample(models, 2);
    const poDate = at;
    const po =
      spec.region === 'CN'
        ? `PO${yymm(poDate)}${rng.int(100, 999)}`
        : spec.region === 'HK'
          ? `${spec.code}-${yymm(poDate)}${rng.int(10, 99)}`
          : spec.region === 'DE'
            ? `4500${rng.int(100000, 999999)}`
            : spec.region === 'JP'
              ? `MS-${rng.int(10000, 99999)}`
              : `BL-${rng.int(10000, 99999)}`;
    const ctx: TextCtx = {
      rng,
      customer: en
        ? (spec.nameEn.split(/[ ,]/)[0] ?? spec.code)
        : spec.nameZh
            .replace(/^(深圳市|东莞市|苏州工业园区|苏州|宁波市|宁波北仑|无锡|厦门|香港|佛山市顺德区|重庆|天津滨海|杭州萧山|中山市|青岛|昆山)/, '')
            .replace(/(有限公司|株式会社|公司)$/, ''),
      contact: contact?.name ?? '',
      ours: names[actor],
      qa: names.zhao,
      planner: names.liu,
      engineer: names.huang,
      product: { zh: m1!.zh, en: m1!.en },
      model: m1!.model,
      model2: (m2 ?? m1)!.model,
      qty: rng.int(1, 40) * 500,
      po,
      lot: `L${yymmdd(new Date(at.getTime() - rng.int(5, 20) * DAY))}-${rng.int(1, 3)}`,
      defect: rng.pick(defects),
      prospect: spec.status === 'prospect',
      day: (offset) => dayText(at, offset, en),
    };
    const text = en ? scenario.en(ctx) : tidyZh(scenario.zh(ctx));
    const plan: Planned = {
      actor,
      scenario,
      fixed: !!text.channel,
      input: {
        partyId: lc.customer.id,
        channel: text.channel ?? channel,
        direction: scenario.direction,
        topic: scenario.topic,
        occurredAt: at.toISOString(),
        contactId: contact?.id ?? null,
        subject: text.subject,
        content: text.content,
        result: text.result,
      },
    };
    // recent work still has its follow-ups pending, so those are likelier to carry one
    if (rng.chance(Math.min(0.8, scenario.followUp * FOLLOW_UP_FACTOR * (daysAgo <= 21 ? 2.5 : 1)))) {
      const due = new Date(at.getTime() + rng.int(2, 10) * DAY);
      plan.input.followUpDue = due.toISOString();
      plan.followUp = followUpState(rng, due, now);
    }
    if (rng.chance(0.025)) {
      let kind: CorrectionKind = rng.pick(['contact', 'result', 'time'] as const);
      const others = contacts.filter((x) => x.id !== plan.input.contactId);
      if (kind === 'contact' && (!plan.input.contactId || !others.length)) kind = 'result';
      if (kind === 'time' && localHour(at) < 13) kind = 'result';
      const t = correctionText[kind];
      const reason = en ? t.en : t.zh;
      const other = kind === 'contact' ? rng.pick(others) : null;
      const was = contact?.name ?? '';
      const patch: Partial<CommunicationInput> = other
        ? { contactId: other.id, content: text.content.replaceAll(was, other.name), result: text.result.replaceAll(was, other.name) }
        : kind === 'time'
          ? { occurredAt: new Date(at.getTime() - 4 * HOUR).toISOString() }
          : { result: `${text.result}${en ? t.appendEn : t.appendZh}` };
      plan.correction = { reason, patch };
    }
    plans.push(plan);
  }
  return plans;
}

/** The scripted story of the key account SZ001: a crack complaint, its 8D and a correction. */
function showcase(lc: LoadedCustomer, now: Date): Planned[] {
  const rng = new Rng(hashSeed('showcase', DEMO_SEED));
  const buyer = lc.contacts.find((c) => c.role === 'buy')!;
  const qa = lc.contacts.find((c) => c.role === 'qa')!;
  const at = (daysAgo: number, minutes: number) => workTime(now, daysAgo, rng, minutes);
  const lot = `L${yymmdd(at(46, 600))}-2`;
  const base = { partyId: lc.customer.id, followUpDue: null };
  const complaintAt = at(41, 9 * 60 + 40);
  const d3At = at(40, 16 * 60 + 10);
  const reportAt = at(19, 14 * 60 + 20);
  const shipAt = at(3, 10 * 60 + 5);
  return [
    {
      actor: 'wang',
      fixed: true,
      input: {
        ...base,
        channel: 'fax',
        direction: 'in',
        occurredAt: at(55, 8 * 60 + 50).toISOString(),
        contactId: buyer.id,
        topic: 'order',
        subject: `传真订单 PO${yymm(at(55, 530))}207 型号不清楚`,
        content: `收到${buyer.name}传真订单 PO${yymm(at(55, 530))}207：第 1 项 HX-310A 电源适配器外壳 8,000 pcs；第 2 项型号字迹模糊，无法确认是 RY-2045 还是 RY-2046，数量 6,000 pcs。按程序需先与客户澄清后再评审。`,
        result: `已电话与${buyer.name}确认第 2 项为 RY-2045 散热片 6,000 pcs；澄清结果记录在订单上，转合同评审。`,
      },
    },
    {
      actor: 'wang',
      fixed: true,
      input: {
        ...base,
        channel: 'phone',
        direction: 'in',
        occurredAt: complaintAt.toISOString(),
        contactId: qa.id,
        topic: 'complaint',
        subject: '客户投诉：HX-310A 外壳卡扣开裂',
        content: `${qa.name}来电：IQC 检验发现 HX-310A 电源适配器外壳（批次 ${lot}）卡扣根部开裂，抽检 125 pcs 不良 73 pcs，整批 8,000 pcs 判退；要求 24 小时内回复临时措施，并提交 8D 报告。`,
        result: '已登记投诉，通知品质部赵敏负责分析；承诺 24 小时内回复临时措施。',
      },
      correction: {
        reason: '不良数量录入错误：73 应为 37（以客户检验报告为准）',
        patch: {
          content: `${qa.name}来电：IQC 检验发现 HX-310A 电源适配器外壳（批次 ${lot}）卡扣根部开裂，抽检 125 pcs 不良 37 pcs，整批 8,000 pcs 判退；要求 24 小时内回复临时措施，并提交 8D 报告。`,
        },
      },
    },
    {
      actor: 'zhao',
      fixed: true,
      followUp: 'done',
      input: {
        ...base,
        channel: 'email',
        direction: 'out',
        occurredAt: d3At.toISOString(),
        contactId: qa.id,
        topic: 'complaint',
        subject: '回复 HX-310A 开裂临时措施（D3）',
        content: '向客户回复临时措施：库存 12,000 pcs 及在途 3,000 pcs 全检，开裂品隔离；加急补货 8,000 pcs，随货附全检报告。',
        result: '客户同意全检后补货，要求 5 天内提交根本原因分析。',
        followUpDue: new Date(d3At.getTime() + 5 * DAY).toISOString(),
      },
    },
    {
      actor: 'zhao',
      fixed: true,
      input: {
        ...base,
        channel: 'visit',
        direction: 'out',
        occurredAt: at(33, 13 * 60 + 30).toISOString(),
        contactId: qa.id,
        topic: 'complaint',
        subject: '赴客户现场确认开裂不良品',
        content: '赵敏、王建国到客户现场确认开裂不良品，与客户共同分析：开裂集中在模穴 3、4，断口呈脆性断裂。',
        result: '初步判断为模温偏低及 PC 料烘料时间不足；取回 20 pcs 不良样品做分析。',
      },
    },
    {
      actor: 'zhao',
      fixed: true,
      followUp: 'overdue',
      input: {
        ...base,
        channel: 'email',
        direction: 'out',
        occurredAt: reportAt.toISOString(),
        contactId: qa.id,
        topic: 'complaint',
        subject: '提交 HX-310A 开裂 8D 报告',
        content:
          '提交 8D 报告：根本原因为 PC 料烘料时间不足（实际 2 h，标准 4 h）及模温偏低；纠正措施：烘料机加装定时联锁、模温机参数锁定、首件增加卡扣强度测试。',
        result: '客户接受 D1–D6，要求补充连续 3 批的 D7 验证数据后关闭 8D。',
        followUpDue: new Date(reportAt.getTime() + 5 * DAY).toISOString(),
      },
    },
    {
      actor: 'wang',
      fixed: true,
      followUp: 'open',
      input: {
        ...base,
        channel: 'phone',
        direction: 'out',
        occurredAt: shipAt.toISOString(),
        contactId: buyer.id,
        topic: 'order',
        subject: '出货前确认：RY-2045 散热片',
        content: `出货前与${buyer.name}确认：RY-2045 散热片 ${fmtQty(6000)} pcs 计划后天出货，规格和包装无变化；HX-310A 补货批次随货附全检报告。`,
        result: '客户确认出货时间和规格无变化；要求送货前一天传真送货单。',
        followUpDue: new Date(Math.max(shipAt.getTime(), now.getTime()) + 4 * DAY).toISOString(),
      },
    },
  ];
}

/** Every channel appears at least once: re-route a few unscripted records whose scenario allows it. */
function coverChannels(plans: Planned[], rng: Rng) {
  const all: Channel[] = ['phone', 'fax', 'email', 'meeting', 'visit', 'im', 'letter', 'portal'];
  for (const ch of all) {
    const counts = new Map<string, number>();
    for (const p of plans) counts.set(p.input.channel, (counts.get(p.input.channel) ?? 0) + 1);
    if (counts.has(ch)) continue;
    const candidates = plans.filter((p) => !p.fixed && p.scenario?.channels.includes(ch) && (counts.get(p.input.channel) ?? 0) > 1);
    if (candidates.length) rng.pick(candidates).input.channel = ch;
  }
}

// ---- the loader ------------------------------------------------------------------------

export async function loadDemo(db: Db, opts: LoadDemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const seed = opts.seed ?? DEMO_SEED;
  const password = opts.userPassword ?? DEMO_USER_PASSWORD;
  const log = opts.log ?? (() => undefined);

  let admin: AuthContext;
  try {
    admin = await signIn(db, 'admin', opts.adminPassword);
  } catch (err) {
    throw new Error(`demo: cannot sign in as admin with the given ADMIN_PASSWORD (${(err as Error).message}); use a new data directory`);
  }
  const sessions: AuthContext[] = [admin];

  // 1. our people
  const departments = new Map((await selectDepartments(db)).map((d) => [d.code, d.id]));
  const users = {} as Record<UserKey, AuthContext>;
  const names = {} as Record<UserKey, string>;
  for (const u of demoUsers) {
    if (!(await selectUserForLogin(db, u.username))) {
      await createUser(
        db,
        admin,
        CreateUserRequest.parse({
          username: u.username,
          displayName: u.displayName,
          workEmail: `${u.username}@accord-demo.example`,
          locale: u.locale,
          roles: u.roles,
          departmentIds: u.departments.map((code) => departments.get(code)!),
          password,
        }),
      );
    }
    const auth = await signIn(db, u.username, password);
    // the demo users keep the printed password instead of being asked to change it at first sign-in
    if (auth.mustChangePassword) await changePassword(db, auth, password, password);
    users[u.key] = auth;
    names[u.key] = u.displayName;
    sessions.push(auth);
  }
  log(`demo: ${demoUsers.length} users`);

  // 2. the customer master: created by the sales manager, accepted by the GM
  const loaded: LoadedCustomer[] = [];
  let contactCount = 0;
  for (const spec of demoCustomersAt(opts.scale ?? 1)) {
    const rng = new Rng(hashSeed(spec.code, seed));
    const contacts = buildContacts(rng, spec);
    const models = buildModels(rng, spec);
    // a customer with several contacts got its last one later (added on the customer page)
    const later = contacts.length >= 3 ? contacts[contacts.length - 1]! : null;
    const initial = later ? contacts.slice(0, -1) : contacts;
    const notes = isForeign(spec) ? (spec.notesEn ?? null) : (spec.notesZh ?? spec.notesEn ?? null);
    const customer = await createCustomer(
      db,
      users.wang,
      CreateCustomerRequest.parse({
        code: spec.code,
        nameZh: spec.nameZh,
        nameEn: spec.nameEn,
        grade: spec.grade,
        status: spec.status,
        ownerId: users[spec.owner].userId,
        contactCadenceDays: spec.cadence,
        preferredLanguage: isForeign(spec) ? 'en-US' : 'zh-CN',
        notes,
        contacts: initial.map(({ role: _r, ...c }) => c),
      }),
    );
    if (later) {
      const { role: _r, ...c } = later;
      await addContact(db, users.wang, customer.id, ContactInput.parse(c));
    }
    if (spec.status !== 'prospect') {
      await acceptCustomer(
        db,
        users.zhang,
        customer.id,
        AcceptCustomerRequest.parse({
          version: customer.version,
          reason: isForeign(spec) ? '合同评审通过，同意接纳（海外客户）' : '合同评审通过，同意接纳为客户',
        }),
      );
    }
    const full = await getCustomer(db, customer.id);
    const withIds = contacts.map((c) => ({ ...c, id: full.contacts.find((x) => x.name === c.name)!.id }));
    contactCount += withIds.length;
    loaded.push({ spec, customer: full, contacts: withIds, models, rng });
  }
  log(`demo: ${loaded.length} customers, ${contactCount} contacts`);

  // 3. the communication log, oldest first so numbers run with the calendar
  const plans: Planned[] = [];
  for (const lc of loaded) {
    if (lc.spec.code === 'SZ001') plans.push(...showcase(lc, now));
    plans.push(...planCustomer(lc, names, now));
  }
  coverChannels(plans, new Rng(hashSeed('channels', seed)));
  plans.sort((a, b) => a.input.occurredAt.localeCompare(b.input.occurredAt));

  const created: { plan: Planned; id: string; version: number }[] = [];
  for (const plan of plans) {
    const c = await createCommunication(db, users[plan.actor], CreateCommunicationRequest.parse(plan.input));
    created.push({ plan, id: c.id, version: c.version });
    if (created.length % 100 === 0) log(`demo: ${created.length}/${plans.length} communications`);
  }

  // 4. corrections (the earlier version stays in the history) and finished follow-ups
  let corrections = 0;
  const followUps = { open: 0, overdue: 0, done: 0 };
  for (const entry of created) {
    const { plan } = entry;
    if (plan.correction) {
      const input = { ...plan.input, ...plan.correction.patch };
      const { partyId: _p, ...fields } = input;
      const c = await correctCommunication(
        db,
        users[plan.actor],
        entry.id,
        UpdateCommunicationRequest.parse({ ...fields, version: entry.version, reason: plan.correction.reason }),
      );
      entry.version = c.version;
      corrections++;
    }
    if (plan.followUp) {
      followUps[plan.followUp]++;
      if (plan.followUp === 'done') {
        const c = await completeFollowUp(db, users[plan.actor], entry.id, CompleteFollowUpRequest.parse({ version: entry.version }));
        entry.version = c.version;
      }
    }
  }

  // 5. the enquiry procedure: older enquiries were answered (most within the day) and closed; recent ones wait
  const enquiries = { answered: 0, closed: 0, waiting: 0 };
  const replay = new Rng(hashSeed('enquiries', seed));
  for (const entry of created) {
    const { plan } = entry;
    if (plan.input.topic !== 'enquiry' || plan.input.direction !== 'in') continue;
    const [instance] = (await instancesOf(db, users[plan.actor], { type: 'communication', id: entry.id })).items;
    if (!instance) continue;
    const received = new Date(plan.input.occurredAt);
    // most are answered within the day, some days late; recent ones (and a forgotten few) still wait
    const answeredAt = new Date(received.getTime() + (replay.chance(0.12) ? replay.int(4 * 24, 8 * 24) : replay.int(1, 20)) * HOUR);
    const recent = received.getTime() > now.getTime() - 4 * DAY;
    if (answeredAt.getTime() > now.getTime() - HOUR || (recent && replay.chance(0.6)) || replay.chance(0.03)) {
      enquiries.waiting++;
      continue;
    }
    const answer = plan.input.result?.trim() || plan.input.content;
    let v = await performTransition(
      db,
      users[plan.actor],
      instance.id,
      TransitionRequest.parse({ version: instance.version, transitionId: 'answer', fields: { answer } }),
      answeredAt,
    );
    enquiries.answered++;
    if (replay.chance(0.85)) {
      v = await performTransition(
        db,
        users[plan.actor],
        instance.id,
        TransitionRequest.parse({ version: v.version, transitionId: 'close' }),
        new Date(Math.min(answeredAt.getTime() + replay.int(1, 48) * HOUR, now.getTime() - HOUR)),
      );
      enquiries.closed++;
    }
  }

  // 6. customer orders at their steps (the first customers of the list, each with its models)
  const orders = await loadDemoOrders(
    db,
    users,
    password,
    loaded.map((lc) => ({ code: lc.spec.code, id: lc.customer.id, owner: lc.spec.owner, contactIds: lc.contacts.map((c) => c.id), models: lc.models })),
    now,
    seed,
  );
  log(
    `demo: ${orders.orders} orders (${Object.entries(orders.states)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );

  // 7. quotations, the satisfaction survey, visits, meetings, internal plans
  const work = await loadDemoWork(
    db,
    users,
    password,
    loaded.map((lc) => ({
      code: lc.spec.code,
      id: lc.customer.id,
      owner: lc.spec.owner,
      contactIds: lc.contacts.map((c) => c.id),
      models: lc.models,
      accepted: lc.spec.status !== 'prospect',
      lapsed: !!lc.spec.lapsed,
      language: isForeign(lc.spec) ? ('en-US' as const) : ('zh-CN' as const),
    })),
    now,
    seed,
  );
  log(
    `demo: quotations (${Object.entries(work.quotations)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), survey ${work.survey.responses}/${work.survey.recipients} answered, visits, meetings, an internal plan`,
  );

  // 8. samples, process-design questions, anomalies, the short 8D, the value segments
  const records = await loadDemoRecords(
    db,
    users,
    password,
    opts.dataDir ?? path.join(os.tmpdir(), 'accord-demo-files'),
    loaded.map((lc) => ({ code: lc.spec.code, id: lc.customer.id, owner: lc.spec.owner, contactIds: lc.contacts.map((c) => c.id), models: lc.models })),
    orders.refs,
    now,
  );
  log(
    `demo: samples (${Object.entries(records.samples)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}), ${Object.values(records.questions).reduce((a, b) => a + b, 0)} process questions, ${Object.values(records.anomalies).reduce((a, b) => a + b, 0)} anomalies, short 8D, segments`,
  );

  // 9. after-sales service: the warranty rules and service requests at their steps
  const service = await loadDemoService(
    db,
    users,
    loaded.map((lc) => ({ code: lc.spec.code, id: lc.customer.id, owner: lc.spec.owner, contactIds: lc.contacts.map((c) => c.id), models: lc.models })),
    orders.refs,
    now,
  );
  log(
    `demo: service requests (${Object.entries(service.states)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), ${service.rules} warranty rule revisions`,
  );

  for (const s of sessions) await logout(db, s);
  const summary: DemoSummary = {
    users: demoUsers.length,
    customers: loaded.length,
    contacts: contactCount,
    communications: created.length,
    corrections,
    followUps,
    enquiries,
    orders,
    work,
    records,
    service,
    ms: Date.now() - started,
  };
  log(`demo: ${summary.communications} communications (${corrections} corrected) in ${(summary.ms / 1000).toFixed(1)} s`);
  return summary;
}
