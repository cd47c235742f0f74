/**
 * The demo's engineering and quality records with the customers [CC 5.3, 5.4, 5.6], the short 8D and the value
 * segments — after the orders and the week's work, so they can name them:
 *  - sample confirmations at every state: the key account's sample approved before its order was taken, a Hong Kong
 *    sample rejected (colour) and the second one approved before production started, the new product's first article
 *    awaiting the customer's answer (its order is in contract review), a Dongguan sample registered today;
 *  - process-design questions: signed by the contact before the key account's order went into production, answered
 *    (signature pending) on the Hong Kong order, open on the new product's drawing;
 *  - anomalies: the key account's cracked housings (incoming inspection, on the 8D, with the IQC and scrap reports), a
 *    noise found in use after delivery (closed with its conclusion), a Dongguan scratch linked to its complaint after;
 *  - two complaints on the short 8D (D0 recorded, at D3 containment and at D5/D6 correction);
 *  - the value segments computed from the orders (ABC, RFM, high value).
 * Every business date is set in story order and each record's procedure history is taken at those times (`at`): a
 * sample is answered after it was sent and before the production it allowed; a question is answered after it was
 * asked; the messages are logged at the time they came.
 */
import { Readable } from 'node:stream';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { receiveUpload, storeUpload } from '../platform/files/files.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import {
  AnomalyReportRequest,
  CloseAnomalyRequest,
  CreateAnomalyRequest,
  CreateProcessQuestionRequest,
  CreateSampleRequest,
  LinkAnomalyComplaintRequest,
  ProcessAnswerRequest,
  ProcessSignRequest,
  SampleAnswerRequest,
} from '../../contracts/engineering.js';
import {
  AssessmentRequest,
  ComplaintListQuery,
  ContainmentRowRequest,
  CorrectiveActionRequest,
  CreateComplaintRequest,
  RootCauseRequest,
  containmentLocations,
} from '../../contracts/complaints.js';
import { createCommunication } from '../communications/index.js';
import {
  addReport,
  answerQuestion,
  answerSample,
  closeAnomaly,
  createAnomaly,
  createQuestion,
  createSample,
  getAnomaly,
  getQuestion,
  getSample,
  linkAnomalyComplaint,
  signQuestion,
} from '../engineering/index.js';
import { addCorrectiveAction, createComplaint, getComplaint, listComplaints, recordAssessment, saveContainment, setRootCause } from '../complaints/index.js';
import { refreshSegments } from '../parties/index.js';

import type { UserKey } from './demo.data.js';
import { demoStory } from './story.js';
import type { DemoOrderCustomer, DemoOrderRefs } from './load-orders.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the calendar date on site (UTC+8) of a moment */
const civil = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
/** 10:00 site time on the day `days` after (before, when negative) a moment */
const morning = (d: Date, days: number) => new Date(`${civil(new Date(d.getTime() + days * DAY))}T02:00:00.000Z`);

export interface DemoRecordsSummary {
  /** sample confirmations by their procedure step */
  samples: Record<string, number>;
  /** process-design questions by status */
  questions: Record<string, number>;
  /** anomalies by status */
  anomalies: Record<string, number>;
  /** complaints on the short 8D by their procedure step */
  shortComplaints: Record<string, number>;
  /** the value segments computed from the orders */
  segments: { customers: number; A: number; B: number; C: number; highValue: number };
  /** communications these records logged (the customers' answers, the questions asked, the anomalies reported, the complaints) */
  communications: number;
}

export async function loadDemoRecords(
  db: Db,
  users: Record<UserKey, AuthContext>,
  password: string,
  dataDir: string,
  customers: DemoOrderCustomer[],
  orders: DemoOrderRefs,
  now: Date,
): Promise<DemoRecordsSummary> {
  const story = await demoStory(db, users, customers, now);
  const { cal, today, pick } = story;
  const key = pick('SZ001');
  const hk = pick('HK001');
  const dg = pick('DG001');
  const nb = pick('NB001');

  /** a scanned document (a small PDF) uploaded by the user who files it */
  const scan = async (who: UserKey, filename: string, text: string) => {
    const received = await receiveUpload(dataDir, { filename, stream: Readable.from([Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8')]) });
    return storeUpload(db, dataDir, users[who], received);
  };
  /** a message logged at the time it came (or went) */
  const message = async (
    who: UserKey,
    c: DemoOrderCustomer,
    at: Date,
    direction: 'in' | 'out',
    channel: 'email' | 'fax' | 'phone' | 'wechat',
    subject: string,
    content: string,
    topic: 'product-info' | 'complaint' = 'product-info',
  ) =>
    (
      await createCommunication(
        db,
        users[who],
        CreateCommunicationRequest.parse({
          partyId: c.id,
          channel,
          direction,
          topic,
          occurredAt: at.toISOString(),
          contactId: c.contactIds[0] ?? null,
          subject,
          content,
        }),
      )
    ).id;
  const move = (who: UserKey, type: string, id: string, transitionId: string, at?: Date, extra: Record<string, unknown> = {}) =>
    story.move(who, type, id, transitionId, extra, at);
  const state = (type: string, id: string) => story.state('zhao', type, id);

  // ---- sample confirmations [CC 5.4] -----------------------------------------------------------------
  const sampleIds: string[] = [];
  /** a sample sent on `sent`, dispatched two hours later; answered on `answered` (approved, or rejected with the reason) */
  const sample = async (
    c: DemoOrderCustomer,
    over: {
      model: string;
      quantity: number;
      orderId: string | null;
      description: string;
      sent: Date;
      answered?: Date;
      rejection?: string;
      dispatched?: boolean;
    },
  ) => {
    const s = await createSample(
      db,
      users.huang,
      CreateSampleRequest.parse({
        partyId: c.id,
        model: over.model,
        description: over.description,
        quantity: over.quantity,
        sentOn: civil(over.sent),
        shipVia: 'courier',
        trackingNo: `SF${1400000000 + sampleIds.length * 7919}`,
        orderId: over.orderId,
      }),
      over.sent,
    );
    sampleIds.push(s.id);
    if (over.dispatched === false) return s.id;
    await move('huang', 'sample', s.id, 'dispatch', new Date(over.sent.getTime() + 2 * HOUR));
    if (!over.answered) return s.id;
    const decision = over.rejection ? 'rejected' : 'approved';
    const file = await scan('huang', `样品${decision === 'approved' ? '承认书' : '报告'}-${s.number}.pdf`, `${s.number} ${decision}`);
    const content =
      decision === 'approved'
        ? `客户回传签认的样品承认书：${over.model} 样品承认，可按样品量产。`
        : `客户回传样品报告：${over.model} 不承认——${over.rejection}`;
    const communicationId = await message('huang', c, over.answered, 'in', 'fax', `${s.number} 样品${decision === 'approved' ? '承认' : '不承认'}`, content);
    await answerSample(
      db,
      users.huang,
      s.id,
      SampleAnswerRequest.parse({
        version: (await getSample(db, s.id)).version,
        decision,
        answeredOn: civil(over.answered),
        rejectionReason: over.rejection ?? null,
        answeredByContactId: c.contactIds[0] ?? null,
        attachmentIds: [file.id],
        communicationId,
      }),
      new Date(over.answered.getTime() + HOUR),
    );
    return s.id;
  };
  const m1 = key.models[0]!;
  // the key account's sample approved before the order it led to was taken
  await sample(key, {
    model: m1.model,
    quantity: 20,
    orderId: orders.closed.id,
    description: '新模首件 20 只，附全尺寸报告',
    sent: morning(orders.closed.receivedAt, -20),
    answered: morning(orders.closed.receivedAt, -12),
  });
  // Hong Kong: the first sample rejected for its colour, the second approved a week before production started
  const hkModel = hk.models[0]!.model;
  await sample(hk, {
    model: hkModel,
    quantity: 10,
    orderId: orders.production.id,
    description: '首次送样（黑色外壳）',
    sent: morning(orders.production.receivedAt, -25),
    answered: morning(orders.production.receivedAt, -21),
    rejection: '外壳颜色与色板 PANTONE Black 6C 偏差，ΔE > 1.5',
  });
  await sample(hk, {
    model: hkModel,
    quantity: 10,
    orderId: orders.production.id,
    description: '二次送样：外壳颜色按色板调整',
    sent: morning(orders.production.receivedAt, -18),
    answered: morning(orders.production.receivedAt, -10),
  });
  // the new product's first article: its order is in contract review, the customer's answer is awaited
  await sample(nb, {
    model: orders.newProduct.model,
    quantity: 5,
    orderId: orders.newProduct.id,
    description: '新产品首件，按评审会议要求送客户确认后量产',
    sent: new Date(orders.newProduct.receivedAt.getTime() + 6 * HOUR),
  });
  // Dongguan: a sample for a new colour registered today, not yet dispatched
  await sample(dg, {
    model: dg.models[0]!.model,
    quantity: 6,
    orderId: null,
    description: '新颜色（灰色）外壳样品',
    sent: new Date(now.getTime() - HOUR),
    dispatched: false,
  });
  const samples: Record<string, number> = {};
  for (const id of sampleIds) {
    const s = await state('sample', id);
    samples[s] = (samples[s] ?? 0) + 1;
  }

  // ---- process-design questions [CC 5.3] -------------------------------------------------------------
  const questionIds: string[] = [];
  const question = async (
    c: DemoOrderCustomer,
    q: { processData: string; model: string; orderId: string; question: string; asked: Date; answer?: { text: string; at: Date }; signedOn?: Date },
  ) => {
    const askedThrough = await message('huang', c, q.asked, 'out', 'email', `工艺设计疑问：${q.processData}`, q.question);
    const created = await createQuestion(
      db,
      users.huang,
      CreateProcessQuestionRequest.parse({
        partyId: c.id,
        processData: q.processData,
        model: q.model,
        orderId: q.orderId,
        question: q.question,
        askedOn: civil(q.asked),
        communicationId: askedThrough,
      }),
    );
    questionIds.push(created.id);
    if (!q.answer) return;
    const answerThrough = await message('huang', c, q.answer.at, 'in', 'email', `回复：工艺设计疑问 ${q.processData}`, q.answer.text);
    await answerQuestion(
      db,
      users.huang,
      created.id,
      ProcessAnswerRequest.parse({
        version: (await getQuestion(db, created.id)).version,
        answer: q.answer.text,
        answeredOn: civil(q.answer.at),
        communicationId: answerThrough,
      }),
    );
    if (!q.signedOn) return;
    await signQuestion(
      db,
      users.huang,
      created.id,
      ProcessSignRequest.parse({
        version: (await getQuestion(db, created.id)).version,
        signedByContactId: c.contactIds[0] ?? null,
        signedOn: civil(q.signedOn),
      }),
    );
  };
  await question(key, {
    processData: `${m1.model} 图纸 Rev.B / 工艺卡 WI-${m1.model}-03`,
    model: m1.model,
    orderId: orders.closed.id,
    question: '卡扣根部 R0.3 与注塑脱模冲突，建议改为 R0.5，是否同意？',
    asked: morning(orders.closed.receivedAt, -18),
    answer: { text: '同意改为 R0.5，请在图纸上标注并回传签认。', at: morning(orders.closed.receivedAt, -16) },
    signedOn: morning(orders.closed.receivedAt, -15),
  });
  await question(hk, {
    processData: `${hkModel} 包装规范 PK-07`,
    model: hkModel,
    orderId: orders.production.id,
    question: '每箱 50 只时毛重超过 15 kg 的限值，可否改为每箱 40 只？',
    asked: morning(orders.production.receivedAt, 1),
    answer: { text: 'OK to pack 40 pcs per carton; please update the packing list.', at: morning(orders.production.receivedAt, 2) },
  });
  await question(nb, {
    processData: `${orders.newProduct.model} 3D 数据 Rev.A`,
    model: orders.newProduct.model,
    orderId: orders.newProduct.id,
    question: '外壳拔模角未标注，按 1° 处理可否？',
    asked: new Date(orders.newProduct.receivedAt.getTime() + 5 * HOUR),
  });
  const questions: Record<string, number> = {};
  for (const id of questionIds) {
    const s = (await getQuestion(db, id)).status;
    questions[s] = (questions[s] ?? 0) + 1;
  }

  // ---- complaints the anomalies belong to ---------------------------------------------------------------
  // (load-work.ts: the key account's 37 cracked housings, Dongguan's 12 scratched units)
  const complaintOf = async (c: DemoOrderCustomer, defective: number) =>
    (await listComplaints(db, ComplaintListQuery.parse({ partyId: c.id, pageSize: 50 }))).items.find((x) => x.defectiveQuantity === defective) ?? null;
  const crack = await complaintOf(key, 37);
  const scratch = await complaintOf(dg, 12);

  // ---- anomalies [CC 5.6] -------------------------------------------------------------------------------
  const anomalyIds: string[] = [];
  const anomaly = async (
    who: UserKey,
    c: DemoOrderCustomer,
    a: {
      title: string;
      description: string;
      foundIn: 'verification' | 'use' | 'incoming';
      occurred: Date;
      model: string;
      lotNo?: string;
      quantity?: number;
      orderId?: string;
      complaintId?: string;
      reported: Date;
    },
  ) => {
    const reportedThrough = await message(who, c, a.reported, 'in', 'email', `异常通知：${a.title}`, a.description);
    const created = await createAnomaly(
      db,
      users[who],
      CreateAnomalyRequest.parse({
        partyId: c.id,
        title: a.title,
        description: a.description,
        foundIn: a.foundIn,
        occurredOn: civil(a.occurred),
        model: a.model,
        lotNo: a.lotNo ?? null,
        quantity: a.quantity ?? null,
        orderId: a.orderId ?? null,
        complaintId: a.complaintId ?? null,
        communicationId: reportedThrough,
      }),
    );
    anomalyIds.push(created.id);
    return created;
  };
  const report = async (who: UserKey, id: string, kind: 'inspection' | 'scrap' | 'anomaly', documentNo: string, note: string) =>
    addReport(db, users[who], id, AnomalyReportRequest.parse({ version: (await getAnomaly(db, id)).version, kind, documentNo, note }));
  if (crack) {
    const received = new Date(crack.receivedAt);
    const a = await anomaly('zhao', key, {
      title: `${m1.model} 外壳卡扣开裂`,
      description: `客户 IQC 抽检 ${m1.model} 批 ${crack.lot ?? ''}：卡扣开裂 37/5000，整批冻结。`,
      foundIn: 'incoming',
      occurred: new Date(received.getTime() - 2 * HOUR),
      model: m1.model,
      lotNo: crack.lot ?? undefined,
      quantity: 37,
      complaintId: crack.id,
      reported: received,
    });
    await report('zhao', a.id, 'inspection', `IQC-${today.replaceAll('-', '').slice(2)}-07`, '客户来料检验报告（扫描件随邮件）');
    await report('zhao', a.id, 'scrap', `SC-${today.slice(0, 4)}-041`, '客户处挑出的 37 只开裂品报废');
  }
  {
    const shipped = orders.closed.shippedAt;
    const occurred = new Date(Math.min(shipped.getTime() + 5 * DAY, now.getTime() - 2 * DAY));
    const a = await anomaly('zhao', key, {
      title: `${key.models[1]?.model ?? m1.model} 个别产品异响`,
      description: '客户装机后使用中 3 台有轻微异响，要求分析。',
      foundIn: 'use',
      occurred,
      model: key.models[1]?.model ?? m1.model,
      quantity: 3,
      orderId: orders.closed.id,
      reported: new Date(occurred.getTime() + 3 * HOUR),
    });
    await report('zhao', a.id, 'inspection', `QA-${today.slice(0, 4)}-118`, '退回 3 台复测：异响来自散热片松动');
    await report('huang', a.id, 'anomaly', `AN-${today.slice(0, 4)}-022`, '异常报告：散热片铆接扭力不足');
    await closeAnomaly(
      db,
      users.zhao,
      a.id,
      CloseAnomalyRequest.parse({ version: (await getAnomaly(db, a.id)).version, conclusion: '散热片铆接扭力不足；铆接工位加扭力点检，已书面回复客户。' }),
    );
  }
  if (scratch) {
    const received = new Date(scratch.receivedAt);
    const a = await anomaly('li', dg, {
      title: '表面划伤',
      description: '客户来电：12 只表面划伤，疑为包装摩擦。',
      foundIn: 'incoming',
      occurred: new Date(received.getTime() - HOUR),
      model: dg.models[0]!.model,
      quantity: 12,
      reported: received,
    });
    // registered from the customer's call first, linked to the complaint once Sales opened it
    await linkAnomalyComplaint(
      db,
      users.li,
      a.id,
      LinkAnomalyComplaintRequest.parse({ version: (await getAnomaly(db, a.id)).version, complaintId: scratch.id }),
    );
  }
  const anomalies: Record<string, number> = {};
  for (const id of anomalyIds) {
    const s = (await getAnomaly(db, id)).status;
    anomalies[s] = (anomalies[s] ?? 0) + 1;
  }

  // ---- the short 8D (D0 → D3 → D4 → D5/D6 → D8) -----------------------------------------------------
  const shortIds: string[] = [];
  const version = async (id: string) => (await getComplaint(db, id)).version;
  const shortComplaint = async (
    c: DemoOrderCustomer,
    who: UserKey,
    over: { model: string; received: Date; description: string; failureMode: string; delivered: number; defective: number; symptom: string; era: string },
  ) => {
    const created = await createComplaint(
      db,
      users[who],
      CreateComplaintRequest.parse({
        partyId: c.id,
        channel: 'email',
        receivedAt: over.received.toISOString(),
        contactId: c.contactIds[0] ?? null,
        model: over.model,
        deliveredQuantity: over.delivered,
        defectiveQuantity: over.defective,
        description: over.description,
        failureMode: over.failureMode,
        remedySought: ['replace'],
      }),
    );
    shortIds.push(created.id);
    await move(who, 'complaint', created.id, 'acknowledge', undefined, { fields: { acknowledgement: '已收到，品质部今天内回复处理方案。' } });
    await recordAssessment(
      db,
      users.zhao,
      created.id,
      AssessmentRequest.parse({
        version: await version(created.id),
        severity: 'minor',
        safetyRegulatory: false,
        customerImpact: ['sorting-at-customer'],
        path: 'short-8d',
        note: '影响有限、原因明确：简易 8D',
      }),
    );
    await move('zhao', 'complaint', created.id, 'submit-assessment');
    await move('sun', 'complaint', created.id, 'approve-8d', undefined, { password });
    await move('zhao', 'complaint', created.id, 'd0-short-8d', undefined, { fields: { symptom: over.symptom, emergencyResponse: over.era } });
    return created.id;
  };
  // Hong Kong: wrong carton labels — contained everywhere, root cause found, the correction under way (D5/D6)
  const label = await shortComplaint(hk, hk.owner, {
    model: hkModel,
    received: new Date(now.getTime() - 4 * DAY),
    description: 'Carton labels show the wrong model number on 3 cartons; customer relabelled them.',
    failureMode: '外箱标签错印',
    delivered: 1200,
    defective: 150,
    symptom: `外箱标签印 ${hkModel}-A，实物为 ${hkModel}`,
    era: '仓库在库 3 箱隔离复核标签；客户处派人更换标签',
  });
  for (const location of containmentLocations) {
    await saveContainment(
      db,
      users.zhao,
      label,
      null,
      ContainmentRowRequest.parse({
        version: await version(label),
        location,
        description: `${location === 'customer' ? '客户处更换标签' : '核对外箱标签与实物'}`,
        quantityChecked: location === 'customer' ? 150 : 100,
        quantityFound: location === 'customer' ? 150 : 0,
      }),
    );
  }
  await move('ma', 'complaint', label, 'short-approve-d3');
  const evidence = await scan('zhao', '标签模板比对.pdf', 'label template comparison');
  await setRootCause(
    db,
    users.zhao,
    label,
    RootCauseRequest.parse({
      version: await version(label),
      method: '5-why',
      occurrenceCause: '打印标签时选错模板（型号后缀 -A）',
      escapePoint: '包装检验未核对标签与实物型号',
      evidenceAttachmentIds: [evidence.id],
    }),
  );
  await move('ma', 'complaint', label, 'short-approve-d4');
  await addCorrectiveAction(
    db,
    users.zhao,
    label,
    CorrectiveActionRequest.parse({
      version: await version(label),
      title: '包装线加标签扫码比对',
      ownerId: users.zheng.userId,
      department: 'production',
      dueDate: cal.addWorkingDays(today, 5).date,
    }),
    today,
  );
  // Dongguan: a missing accessory — D0 done, containment under way (the customer's stock and the warehouse checked)
  const accessory = await shortComplaint(dg, dg.owner, {
    model: dg.models[0]!.model,
    received: new Date(now.getTime() - 26 * HOUR),
    description: '客户反馈：2 箱缺少安装螺丝包。',
    failureMode: '配件漏装',
    delivered: 600,
    defective: 100,
    symptom: '2 箱（100 只）缺少安装螺丝包',
    era: '当天快递补发螺丝包 100 套',
  });
  for (const location of ['customer', 'warehouse'] as const) {
    await saveContainment(
      db,
      users.zhao,
      accessory,
      null,
      ContainmentRowRequest.parse({
        version: await version(accessory),
        location,
        description: location === 'customer' ? '客户处清点螺丝包' : '成品仓开箱抽查',
        quantityChecked: location === 'customer' ? 600 : 300,
        quantityFound: location === 'customer' ? 100 : 0,
      }),
    );
  }
  const shortComplaints: Record<string, number> = {};
  for (const id of shortIds) {
    const s = await state('complaint', id);
    shortComplaints[s] = (shortComplaints[s] ?? 0) + 1;
  }

  // ---- value segments from the orders (what the nightly refresh would do) ---------------------------------
  const seg = await refreshSegments(db, users.wang.userId);

  return {
    samples,
    questions,
    anomalies,
    shortComplaints,
    segments: { customers: seg.customers, A: seg.counts.A, B: seg.counts.B, C: seg.counts.C, highValue: seg.counts.highValue },
    communications: await story.added(),
  };
}
