/**
 * The rest of a normal week in the demo company, after its customers, communications and orders:
 * quotations at each step (waiting for the GM, sent with a follow-up, accepted, a new customer's quote held
 * until the GM accepts them), a satisfaction survey answered by most customers and analysed by QA with the
 * improvement actions it raised, an incoming customer audit announced to the departments, our own visit
 * to the key account closed with its minutes, a weekly quality meeting with minutes distributed and an open
 * action carried into this week's meeting, and an internal communication plan waiting for a department's reply.
 *
 * Everything goes through the services and the engine, so numbers, audit trail, search, notifications,
 * My work and the flowchart counts are what the application itself writes. The services stamp "now" on what
 * they create, so these stories happen in the last days and stay in order (nothing is approved before it
 * was asked for).
 */
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { CreateQuotationRequest, RecordFollowUpRequest } from '../../contracts/quotations.js';
import { CreateSurveyCampaignRequest, SubmitSurveyRequest, defaultSurveyTemplate, CreateSurveyTemplateRequest } from '../../contracts/surveys.js';
import { AcknowledgeRequest, CreateVisitRequest, InformCustomerRequest, VisitMinutesRequest } from '../../contracts/visits.js';
import {
  CreateCommunicationPlanRequest,
  CreateMeetingRequest,
  CreateMeetingSeriesRequest,
  DistributeMeetingRequest,
  MeetingActionRequest,
  PlanReplyRequest,
  UpdateMeetingRequest,
} from '../../contracts/internal.js';

import { AssessmentRequest, ContainmentRowRequest, CreateComplaintRequest, ProblemRequest, TeamRequest } from '../../contracts/complaints.js';
import { createComplaint, getComplaint, recordAssessment, saveContainment, setProblem, setTeam } from '../complaints/index.js';
import { createQuotation, getQuotation, recordFollowUp } from '../quotations/index.js';
import { createCampaign, createTemplate, submitSurvey } from '../surveys/index.js';
import { acknowledgeNotice, createVisit, getVisit, informCustomer, recordMinutes } from '../visits/index.js';
import {
  acknowledgeMeeting,
  addMeetingAction,
  createMeeting,
  createPlan,
  createSeries,
  distributeMeeting,
  getMeeting,
  replyToPlan,
  updateMeeting,
} from '../internal/index.js';
import type { UserKey } from './demo.data.js';
import { demoStory } from './story.js';
import type { DemoOrderCustomer } from './load-orders.js';
import { Rng, hashSeed } from './prng.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoWorkSummary {
  /** quotations by their procedure step */
  quotations: Record<string, number>;
  survey: { recipients: number; responses: number };
  visits: Record<string, number>;
  /** complaints by their procedure step */
  complaints: Record<string, number>;
  meetings: number;
  plans: Record<string, number>;
  /** communications these procedures logged (quotes sent and followed up, survey links, the visit, the customer informed) */
  communications: number;
}

export async function loadDemoWork(
  db: Db,
  users: Record<UserKey, AuthContext>,
  password: string,
  customers: (DemoOrderCustomer & { accepted: boolean; lapsed: boolean; language: 'zh-CN' | 'en-US' })[],
  now: Date,
  seed: number,
): Promise<DemoWorkSummary> {
  const rng = new Rng(hashSeed('work', seed));
  const story = await demoStory(db, users, customers, now);
  const { cal, today, pick, move, state } = story;
  const workingDaysAhead = (n: number) => cal.addWorkingDays(today, n).date;

  // ---- quotations (SP 6.2) ---------------------------------------------------------------
  const quoteLines = (c: DemoOrderCustomer, n: number) =>
    c.models.slice(0, n).map((m, i) => ({
      model: m.model,
      quantity: [3000, 5000, 10000][i % 3]!,
      unitPrice: Math.round(rng.int(450, 3800)) / 100,
      breaks: [{ minQuantity: 20000, unitPrice: Math.round(rng.int(400, 3500)) / 100 }],
    }));
  const quote = (who: UserKey, c: DemoOrderCustomer, over: Record<string, unknown>) =>
    createQuotation(
      db,
      users[who],
      CreateQuotationRequest.parse({
        partyId: c.id,
        contactId: c.contactIds[0] ?? null,
        issueDate: today,
        validUntil: cal.addWorkingDays(today, 40).date,
        currency: 'CNY',
        terms: '含税 13%，含运费；月结 30 天；交期：收到订单后 25 天',
        lines: quoteLines(c, 2),
        priceChangeReason: '2027 年度调价：铜材与塑料粒子上涨，经总经理批准',
        ...over,
      }),
    );
  const quoteIds: { who: UserKey; id: string }[] = [];

  // 1. the key account countersigned last week's quote
  const key = pick('SZ001');
  const q1 = await quote(key.owner, key, { requestAt: new Date(now.getTime() - 6 * DAY).toISOString(), notes: '年度议价：HX 系列 2027 年价格' });
  await move(key.owner, 'quotation', q1.id, 'submit-for-approval');
  await move('zhang', 'quotation', q1.id, 'approve', { password });
  await move(key.owner, 'quotation', q1.id, 'send', { fields: { sendNote: '刘经理：附上 2027 年度报价，请查收并回签。', channel: 'email' } });
  const q1now = await getQuotation(db, q1.id);
  await recordFollowUp(
    db,
    users[key.owner],
    q1.id,
    RecordFollowUpRequest.parse({
      version: q1now.version,
      channel: 'phone',
      contactId: key.contactIds[0] ?? null,
      followedAt: new Date().toISOString(),
      content: '电话确认报价是否收到、有无疑问',
      result: '客户同意价格，今天回签',
    }),
  );
  await move(key.owner, 'quotation', q1.id, 'accept', { fields: { customerConfirmation: '客户回签报价单（邮件附件）', channel: 'email' } });
  quoteIds.push({ who: key.owner, id: q1.id });

  // 2. Hong Kong: sent, the follow-up ahead
  const hk = pick('HK001');
  const q2 = await quote(hk.owner, hk, {
    requestAt: new Date(now.getTime() - 2 * DAY).toISOString(),
    currency: 'USD',
    terms: 'FOB Shenzhen; T/T 30 days; lead time 25 days after PO',
  });
  await move(hk.owner, 'quotation', q2.id, 'submit-for-approval');
  await move('zhang', 'quotation', q2.id, 'approve', { password });
  await move(hk.owner, 'quotation', q2.id, 'send', { fields: { sendNote: 'Dear Sir, please find our quotation attached.', channel: 'email' } });
  quoteIds.push({ who: hk.owner, id: q2.id });

  // 3. Dongguan: waiting for the GM's approval
  const dg = pick('DG001');
  const q3 = await quote(dg.owner, dg, { requestAt: new Date(now.getTime() - 5 * HOUR).toISOString(), notes: '客户要求 10k 阶梯价' });
  await move(dg.owner, 'quotation', q3.id, 'submit-for-approval');
  quoteIds.push({ who: dg.owner, id: q3.id });

  // 4. a prospect's first quote: drafted, held until the GM accepts the new customer
  const prospect = customers.find((c) => !c.accepted);
  if (prospect) {
    const q4 = await quote(prospect.owner, prospect, { notes: '新客户首次报价：待总经理接纳客户后提交审批', lines: quoteLines(prospect, 1) });
    quoteIds.push({ who: prospect.owner, id: q4.id });
  }
  const quotations: Record<string, number> = {};
  for (const q of quoteIds) {
    const s = await state(q.who, 'quotation', q.id);
    quotations[s] = (quotations[s] ?? 0) + 1;
  }

  // ---- the satisfaction survey (QP-14): answered, analysed, improvement actions raised ---------
  const template = await createTemplate(db, users.wang, CreateSurveyTemplateRequest.parse(defaultSurveyTemplate));
  // a customer we have lost touch with (contact due) is not surveyed: the invitation would count as a contact
  const surveyed = customers.filter((c) => c.accepted && !c.lapsed && c.contactIds.length);
  const periodYear = Number(today.slice(0, 4));
  const created = await createCampaign(
    db,
    users.wang,
    CreateSurveyCampaignRequest.parse({
      title: `${periodYear} 年下半年顾客满意度调查`,
      templateId: template.id,
      periodFrom: `${periodYear}-07-01`,
      periodTo: `${periodYear}-12-31`,
      sentAt: new Date(now.getTime() - 12 * DAY).toISOString(),
      responseDeadline: workingDaysAhead(5),
      channel: 'email',
      recipients: surveyed.map((c) => ({ partyId: c.id, contactId: c.contactIds[0]!, language: c.language })),
    }),
  );
  // every customer but the last answers; delivery is the weak point (a low score raises an action for Planning)
  let responses = 0;
  for (const [i, link] of created.links.entries()) {
    if (i === created.links.length - 1 && created.links.length > 2) continue;
    const c = surveyed[i]!;
    const en = c.language === 'en-US';
    const low = i === 1;
    await submitSurvey(
      db,
      link.token,
      SubmitSurveyRequest.parse({
        scores: { quality: rng.int(4, 5), delivery: low ? 2 : rng.int(3, 5), service: rng.int(4, 5), pricing: rng.int(3, 4), communication: rng.int(4, 5) },
        recommend: low ? 6 : rng.int(8, 10),
        comments: low ? (en ? 'Two late deliveries this half year.' : '下半年两次交货延误，希望改善。') : null,
        language: c.language,
      }),
      c.language,
    );
    responses++;
  }
  await move('wang', 'survey-campaign', created.campaign.id, 'route-to-qa');
  await move('zhou', 'survey-campaign', created.campaign.id, 'analysed', {
    fields: { analysisSummary: '整体满意；交货准时为薄弱项（个别客户评 2 分），计划部改善排程与交期回复。' },
  });

  // ---- visits: an incoming customer audit next week, our visit to the key account last week ----
  const foreign = customers.find((c) => c.language === 'en-US') ?? key;
  const audit = await createVisit(
    db,
    users[foreign.owner],
    CreateVisitRequest.parse({
      partyId: foreign.id,
      direction: 'incoming',
      kind: 'audit',
      purpose: 'IATF 16949 过程审核（年度供应商审核）/ Annual IATF 16949 process audit',
      visitors: 'SQE ×2, Purchasing ×1',
      startDate: workingDaysAhead(6),
      endDate: workingDaysAhead(7),
      focusItems: '注塑过程控制、来料检验、追溯 / moulding process control, incoming inspection, traceability',
      ndaRequired: true,
      restrictedAreas: '其他客户的模具区 / other customers’ tooling area',
      noticeDepartments: ['quality', 'production', 'engineering'],
      accompanyingIds: [users.zhao.userId],
    }),
  );
  await move(foreign.owner, 'visit', audit.id, 'issue-notice');
  await acknowledgeNotice(db, users.zhao, audit.id, AcknowledgeRequest.parse({ department: 'quality', comment: '品质部赵敏全程陪同，准备控制计划与检验记录' }));
  await acknowledgeNotice(db, users.zheng, audit.id, AcknowledgeRequest.parse({ department: 'production' }));
  // engineering has not acknowledged yet: it is on Huang Wei's list

  const own = await createVisit(
    db,
    users[key.owner],
    CreateVisitRequest.parse({
      partyId: key.id,
      direction: 'outgoing',
      kind: 'visit',
      purpose: '拜访恒信电子：2027 年需求预测与新品导入',
      startDate: cal.addWorkingDays(today, -4).date,
      endDate: cal.addWorkingDays(today, -4).date,
      accompanyingIds: [users.huang.userId],
      noticeDepartments: ['engineering'],
    }),
  );
  await move(key.owner, 'visit', own.id, 'issue-notice');
  await acknowledgeNotice(db, users.huang, own.id, AcknowledgeRequest.parse({ department: 'engineering', comment: '黄伟同行，带新品规格书' }));
  await move(key.owner, 'visit', own.id, 'held');
  const ownNow = await getVisit(db, own.id);
  await recordMinutes(
    db,
    users[key.owner],
    own.id,
    VisitMinutesRequest.parse({
      version: ownNow.version,
      minutes: '客户 2027 年预测：HX 系列月均 2 万件；二季度导入新型电源模块，需我司 3 月前提供样品。',
      outcomes: '样品 3 月前送样；年度价格已回签',
    }),
  );
  await informCustomer(
    db,
    users[key.owner],
    own.id,
    InformCustomerRequest.parse({
      channel: 'email',
      contactId: key.contactIds[0] ?? null,
      subject: '拜访纪要确认',
      content: '刘经理您好：附上本次拜访纪要，请确认。',
    }),
  );
  await move(key.owner, 'visit', own.id, 'close');
  const visits: Record<string, number> = {};
  for (const v of [audit, own]) {
    const s = await state(foreign.owner, 'visit', v.id);
    visits[s] = (visits[s] ?? 0) + 1;
  }

  // ---- complaints: the key account's cracked housings in the 8D at D3, a Dongguan complaint waiting for QA ----------
  const complaintIds: string[] = [];
  const m0 = key.models[0]!;
  const crack = await createComplaint(
    db,
    users[key.owner],
    CreateComplaintRequest.parse({
      partyId: key.id,
      channel: 'email',
      receivedAt: new Date(now.getTime() - 3 * DAY).toISOString(),
      contactId: key.contactIds[0] ?? null,
      model: m0.model,
      lot: `L${today.slice(2, 4)}${today.slice(5, 7)}-03`,
      deliveredQuantity: 5000,
      defectiveQuantity: 37,
      description: `客户来料检验发现 ${m0.model} 外壳卡扣开裂 37 只，要求 8D 报告并补货。`,
      failureMode: '外壳卡扣开裂',
      remedySought: ['replace', '8d-report'],
    }),
  );
  complaintIds.push(crack.id);
  await move(key.owner, 'complaint', crack.id, 'acknowledge', { fields: { acknowledgement: '已收到投诉，品质部 24 小时内回复初步分析与临时措施。' } });
  await recordAssessment(
    db,
    users.zhao,
    crack.id,
    AssessmentRequest.parse({
      version: (await getComplaint(db, crack.id)).version,
      severity: 'major',
      safetyRegulatory: false,
      customerImpact: ['sorting-at-customer'],
      path: 'full-8d',
      note: '客户处挑选，需 8D',
    }),
  );
  await move('zhao', 'complaint', crack.id, 'submit-assessment');
  await move('sun', 'complaint', crack.id, 'approve-8d', { password });
  await move('zhao', 'complaint', crack.id, 'd0-full-8d', {
    fields: { symptom: '客户 IQC 发现外壳卡扣开裂 37/5000', emergencyResponse: '在库品冻结，派 2 人到客户处挑选，补货 500 只' },
  });
  await setTeam(
    db,
    users.zhao,
    crack.id,
    TeamRequest.parse({
      version: (await getComplaint(db, crack.id)).version,
      leaderId: users.ma.userId,
      members: [
        { userId: users.zhao.userId, role: 'QE' },
        { userId: users.huang.userId, role: '工程' },
        { userId: users.zheng.userId, role: '生产' },
      ],
    }),
  );
  await move('ma', 'complaint', crack.id, 'approve-d1');
  await setProblem(
    db,
    users.zhao,
    crack.id,
    ProblemRequest.parse({
      version: (await getComplaint(db, crack.id)).version,
      what: '外壳卡扣开裂',
      where: '客户来料检验',
      when: '本周一',
      who: '客户 IQC',
      why: '影响客户装配',
      how: '装配卡扣时断裂',
      howMany: '37/5000',
    }),
  );
  await move('ma', 'complaint', crack.id, 'approve-d2');
  // D3 under way: the customer's stock and our warehouse checked, transit and WIP still open
  for (const [location, checked, found] of [
    ['customer', 5000, 37],
    ['warehouse', 2000, 6],
  ] as const) {
    await saveContainment(
      db,
      users.zhao,
      crack.id,
      null,
      ContainmentRowRequest.parse({
        version: (await getComplaint(db, crack.id)).version,
        location,
        description: `${location === 'customer' ? '客户处' : '成品仓'}全检卡扣`,
        quantityChecked: checked,
        quantityFound: found,
      }),
    );
  }
  const dg2 = pick('DG001');
  const scratch = await createComplaint(
    db,
    users[dg2.owner],
    CreateComplaintRequest.parse({
      partyId: dg2.id,
      channel: 'phone',
      receivedAt: new Date(now.getTime() - 5 * HOUR).toISOString(),
      contactId: dg2.contactIds[0] ?? null,
      model: dg2.models[0]!.model,
      deliveredQuantity: 600,
      defectiveQuantity: 12,
      description: '客户电话：12 只表面划伤，要求换货。',
      failureMode: '表面划伤',
      remedySought: ['replace'],
    }),
  );
  complaintIds.push(scratch.id);
  await move(dg2.owner, 'complaint', scratch.id, 'acknowledge', { fields: { acknowledgement: '已收到，品质部今天内评估并安排换货。' } });
  const complaints: Record<string, number> = {};
  for (const id of complaintIds) {
    const s = await state('zhao', 'complaint', id);
    complaints[s] = (complaints[s] ?? 0) + 1;
  }

  // ---- the weekly quality meeting: last week's minutes distributed, an open action carried over ----
  const series = (await createSeries(db, users.zhao, CreateMeetingSeriesRequest.parse({ title: '每周品质例会', cadence: 'weekly' }))).items[0]!;
  const lastWeek = new Date(now.getTime() - 7 * DAY);
  lastWeek.setUTCHours(6, 0, 0, 0);
  const participants = [users.zhao.userId, users.zheng.userId, users.liu.userId, users.li.userId, users.huang.userId];
  const base = { seriesId: series.id, place: '一楼会议室', chairId: users.zhao.userId, participantIds: participants };
  const m1 = await createMeeting(
    db,
    users.zhao,
    CreateMeetingRequest.parse({
      ...base,
      title: '品质例会（上周）',
      heldAt: lastWeek.toISOString(),
      agenda: '1. 客户投诉 HX-310A 开裂 2. 来料不良 3. 满意度调查回收',
    }),
  );
  await addMeetingAction(
    db,
    users.zhao,
    m1.id,
    MeetingActionRequest.parse({
      title: '修订外壳卡扣注塑工艺参数并验证',
      ownerId: users.huang.userId,
      department: 'engineering',
      dueDate: workingDaysAhead(3),
    }),
    today,
  );
  let m1now = await getMeeting(db, users.zhao, m1.id);
  m1now = await updateMeeting(
    db,
    users.zhao,
    m1.id,
    UpdateMeetingRequest.parse({
      ...base,
      title: m1now.title,
      heldAt: m1now.heldAt,
      agenda: m1now.agenda,
      version: m1now.version,
      minutes: '1. HX-310A 开裂：8D 进行中，工程部修订卡扣注塑参数。2. 来料不良两批已退供应商。3. 满意度调查回收过半。',
      decisions: '工艺参数修订完成前，出货前 100% 检验卡扣。',
      attendance: participants.map((userId) => ({ userId, attendance: userId === users.li.userId ? 'excused' : 'present' })),
    }),
  );
  await distributeMeeting(db, users.zhao, m1.id, DistributeMeetingRequest.parse({ version: m1now.version }));
  await acknowledgeMeeting(db, users.zheng, m1.id);
  await acknowledgeMeeting(db, users.liu, m1.id);
  const thisWeek = new Date(now.getTime() + 2 * HOUR);
  await createMeeting(
    db,
    users.zhao,
    CreateMeetingRequest.parse({ ...base, title: '品质例会（本周）', heldAt: thisWeek.toISOString(), agenda: '1. 上周遗留事项 2. 客户审核准备' }),
  );

  // ---- an internal communication plan about the key account's cracked housings ----------------
  const plan = await createPlan(
    db,
    users[key.owner],
    CreateCommunicationPlanRequest.parse({ title: 'HX-310A 开裂投诉内部沟通', departments: ['quality', 'engineering'] }),
  );
  await move(key.owner, 'communication-plan', plan.id, 'set-goal', { fields: { goal: 'solve', objective: '三天内给客户临时措施和原因初判' } });
  await move(key.owner, 'communication-plan', plan.id, 'choose-channel', { fields: { channel: 'meeting' } });
  await move(key.owner, 'communication-plan', plan.id, 'make-plan', {
    fields: {
      scheduledAt: new Date(now.getTime() - 2 * DAY).toISOString(),
      place: '二楼会议室',
      participants: '品质部、工程部',
      content: '客户投诉照片、出货记录',
      form: '现场会议',
    },
  });
  await move(key.owner, 'communication-plan', plan.id, 'communicated', {
    fields: { communicationNote: '已说明客户投诉，请品质部、工程部 3 日内反馈原因与措施' },
  });
  await replyToPlan(db, users.zhao, plan.id, PlanReplyRequest.parse({ department: 'quality', content: '出货前 100% 检验卡扣；库存 2,000 件已隔离复检。' }));
  // engineering's reply is still due: the plan waits in the feedback step
  const plans = { [await state(key.owner, 'communication-plan', plan.id)]: 1 };

  return {
    communications: await story.added(),
    quotations,
    complaints,
    survey: { recipients: created.links.length, responses },
    visits,
    meetings: 2,
    plans,
  };
}
