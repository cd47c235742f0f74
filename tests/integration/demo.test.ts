import { describe, expect, it } from 'vitest';
import { channels } from '../../contracts/parties.js';
import { DEMO_USER_PASSWORD, demoUsers } from '../../server/demo/demo.data.js';
import { hasCustomers, loadDemo } from '../../server/demo/load-demo.js';
import { ADMIN_PASSWORD, adminClient, client, engines, signIn, testApp } from '../support/harness.js';

interface CustomerItem {
  id: string;
  code: string;
  nameZh: string;
  status: string;
  acceptedByGm: boolean;
  lastContactAt: string | null;
  contactDue: boolean;
}
interface CommunicationItem {
  id: string;
  channel: string;
  direction: string;
  subject: string;
  partyCode: string;
  followUpDue: string | null;
  followUpDoneAt: string | null;
}

type Api = Awaited<ReturnType<typeof adminClient>>['api'];
type Visit = { stepId: string; enteredAt: string; leftAt: string | null; transitionId: string | null };
const historyOf = async (api: Api, type: string, id: string) =>
  ((await api.get(`/api/procedure-instances?refType=${type}&refId=${id}`)).json() as { items: { history: Visit[] }[] }).items[0]!.history;
const siteDate = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A record's step history reads forwards and ends before now: each step left after it was entered, the next entered after that. */
function expectForwards(visits: Visit[], what: string) {
  const now = Date.now();
  let last = 0;
  for (const v of visits) {
    const entered = Date.parse(v.enteredAt);
    expect(entered, `${what}: ${v.stepId} entered before the previous step`).toBeGreaterThanOrEqual(last);
    expect(entered, `${what}: ${v.stepId} entered in the future`).toBeLessThanOrEqual(now);
    if (v.leftAt) expect(Date.parse(v.leftAt), `${what}: ${v.stepId} left before it was entered`).toBeGreaterThanOrEqual(entered);
    last = v.leftAt ? Date.parse(v.leftAt) : entered;
  }
}
const leftBy = (visits: Visit[], transitionId: string) => visits.find((v) => v.transitionId === transitionId)?.leftAt ?? null;

/**
 * The demo's story timestamps agree: no approval, confirmation or task sheet dated after production started; no
 * sample answered before it was sent (nor approved after the production it allowed); no reply before the question;
 * no anomaly reported before it happened; a short 8D's D0 after the complaint came in — and every step history forwards.
 */
async function expectStoryInOrder(api: Api, keyAccountId: string) {
  const today = siteDate(new Date().toISOString());
  // orders: approval → confirmation → task sheet signed → production start
  const orders = (await api.get('/api/orders?pageSize=50')).json() as { items: { id: string; number: string; receivedAt: string }[] };
  const productionStart = new Map<string, number>();
  let started = 0;
  for (const o of orders.items) {
    const order = (await api.get(`/api/orders/${o.id}`)).json() as {
      receivedAt: string;
      confirmation: { confirmedAt: string } | null;
      taskSheets: { productionStart: string; preparedAt: string; signedAt: string | null; status: string }[];
    };
    const visits = await historyOf(api, 'order', o.id);
    expectForwards(visits, o.number);
    expect(Date.parse(visits[0]!.enteredAt), `${o.number} started before it was received`).toBeGreaterThanOrEqual(Date.parse(order.receivedAt));
    const sheet = order.taskSheets.find((x) => x.status === 'signed');
    if (!sheet) continue;
    started++;
    const start = Date.parse(sheet.productionStart);
    productionStart.set(o.id, start);
    const approved = leftBy(visits, 'approve');
    expect(approved, `${o.number} approved`).not.toBeNull();
    expect(Date.parse(approved!), `${o.number} approved after production started`).toBeLessThan(start);
    expect(Date.parse(order.confirmation!.confirmedAt), `${o.number} confirmed before its approval`).toBeGreaterThanOrEqual(Date.parse(approved!));
    expect(Date.parse(order.confirmation!.confirmedAt), `${o.number} confirmed after production started`).toBeLessThan(start);
    expect(Date.parse(sheet.signedAt!), `${o.number} task sheet signed after production started`).toBeLessThan(start);
    expect(Date.parse(sheet.preparedAt)).toBeLessThanOrEqual(Date.parse(sheet.signedAt!));
    expect(Date.parse(leftBy(visits, 'sign-task-sheet')!)).toBe(Date.parse(sheet.signedAt!));
  }
  expect(started).toBeGreaterThanOrEqual(2);

  // samples: sent → answered (not in the future), an approval before the production of its order
  const samples = (await api.get('/api/samples')).json() as {
    items: {
      id: string;
      number: string;
      sentOn: string;
      answeredOn: string | null;
      decision: string | null;
      state: string;
      order: { id: string } | null;
      answerCommunication: { id: string } | null;
    }[];
  };
  expect(new Set(samples.items.map((x) => x.state))).toEqual(new Set(['approved', 'rejected', 'awaiting-customer', 'sent']));
  for (const x of samples.items) {
    const visits = await historyOf(api, 'sample', x.id);
    expectForwards(visits, x.number);
    expect(siteDate(visits[0]!.enteredAt), `${x.number} registered on its dispatch day`).toBe(x.sentOn);
    if (!x.decision) continue;
    expect(x.answeredOn! >= x.sentOn && x.answeredOn! <= today, `${x.number} answered ${x.answeredOn}, sent ${x.sentOn}`).toBe(true);
    const answer = (await api.get(`/api/communications/${x.answerCommunication!.id}`)).json() as { occurredAt: string; direction: string };
    expect(answer.direction).toBe('in');
    expect(siteDate(answer.occurredAt)).toBe(x.answeredOn);
    const closedAt = Date.parse(visits.at(-1)!.enteredAt);
    expect(closedAt).toBeGreaterThanOrEqual(Date.parse(answer.occurredAt));
    const start = x.order ? productionStart.get(x.order.id) : undefined;
    if (x.decision === 'approved' && start) expect(closedAt, `${x.number} approved after its order's production started`).toBeLessThan(start);
  }

  // process-design questions: asked → answered → signed, the messages in that order
  const questions = (await api.get('/api/process-questions')).json() as {
    items: {
      number: string;
      askedOn: string;
      answeredOn: string | null;
      signedOn: string | null;
      askedThrough: { id: string };
      answerCommunication: { id: string } | null;
      order: { id: string } | null;
    }[];
  };
  expect(questions.items.length).toBe(3);
  expect(questions.items.every((q) => q.order)).toBe(true);
  for (const q of questions.items) {
    const asked = (await api.get(`/api/communications/${q.askedThrough.id}`)).json() as { occurredAt: string; direction: string };
    expect(asked.direction).toBe('out');
    expect(siteDate(asked.occurredAt)).toBe(q.askedOn);
    if (!q.answeredOn) continue;
    expect(q.answeredOn >= q.askedOn, `${q.number} answered before it was asked`).toBe(true);
    const reply = (await api.get(`/api/communications/${q.answerCommunication!.id}`)).json() as { occurredAt: string; direction: string };
    expect(reply.direction).toBe('in');
    expect(Date.parse(reply.occurredAt), `${q.number}: the reply before the question`).toBeGreaterThan(Date.parse(asked.occurredAt));
    if (q.signedOn) expect(q.signedOn >= q.answeredOn && q.signedOn <= today).toBe(true);
  }

  // anomalies: reported on or after the day they happened, the closed one with its reports; one on a complaint
  const anomalies = (await api.get('/api/anomalies')).json() as {
    items: {
      id: string;
      number: string;
      occurredOn: string;
      status: string;
      reportCount: number;
      complaint: { id: string } | null;
      reportedThrough: { id: string };
    }[];
  };
  for (const a of anomalies.items) {
    const reported = (await api.get(`/api/communications/${a.reportedThrough.id}`)).json() as { occurredAt: string };
    expect(siteDate(reported.occurredAt) >= a.occurredOn && a.occurredOn <= today, `${a.number} reported before it happened`).toBe(true);
    if (a.status === 'closed') expect(a.reportCount).toBeGreaterThanOrEqual(1);
  }
  expect(anomalies.items.filter((a) => a.complaint).length).toBe(2);

  // the short 8D: D0 recorded after the complaint came in, its own steps
  const complaints = (await api.get('/api/complaints?pageSize=50')).json() as {
    items: { id: string; number: string; path: string | null; receivedAt: string }[];
  };
  const short = complaints.items.filter((c) => c.path === 'short-8d');
  expect(short).toHaveLength(2);
  for (const c of short) {
    const detail = (await api.get(`/api/complaints/${c.id}`)).json() as { emergency: { at: string } | null };
    expect(Date.parse(detail.emergency!.at)).toBeGreaterThanOrEqual(Date.parse(c.receivedAt));
    const visits = await historyOf(api, 'complaint', c.id);
    expectForwards(visits, c.number);
    expect(visits.map((v) => v.stepId)).toContain('d0-emergency');
    expect(Date.parse(visits[0]!.enteredAt)).toBeGreaterThanOrEqual(Date.parse(c.receivedAt));
  }

  // service requests: received through the customer's message, then answered, assessed, done and confirmed in that order
  type Service = {
    id: string;
    number: string;
    kind: string;
    state: string;
    receivedAt: string;
    receivedThrough: { id: string } | null;
    assessedAt: string | null;
    workDoneOn: string | null;
    confirmedOn: string | null;
    confirmationCommunication: { id: string } | null;
    warranty: { status: string };
  };
  const services = (await api.get('/api/service-requests')).json() as { items: Service[] };
  expect(new Set(services.items.map((x) => x.state))).toEqual(new Set(['received', 'assessment', 'approval', 'service', 'customer-confirmation', 'closed']));
  expect(new Set(services.items.map((x) => x.kind))).toEqual(new Set(['repair', 'technical-support', 'installation', 'return']));
  expect(services.items.some((x) => x.warranty.status === 'in') && services.items.some((x) => x.warranty.status === 'out')).toBe(true);
  for (const x of services.items) {
    const visits = await historyOf(api, 'service-request', x.id);
    expectForwards(visits, x.number);
    expect(Date.parse(visits[0]!.enteredAt), `${x.number} started when it was received`).toBe(Date.parse(x.receivedAt));
    const through = (await api.get(`/api/communications/${x.receivedThrough!.id}`)).json() as { occurredAt: string; direction: string };
    expect(through.direction).toBe('in');
    expect(Date.parse(through.occurredAt), `${x.number} received when the customer's message came`).toBe(Date.parse(x.receivedAt));
    if (!x.assessedAt) continue;
    const assessed = Date.parse(x.assessedAt);
    expect(assessed, `${x.number} assessed before it was answered`).toBeGreaterThanOrEqual(Date.parse(leftBy(visits, 'acknowledge')!));
    const decided = leftBy(visits, 'decide-service') ?? leftBy(visits, 'submit-return');
    if (decided) expect(Date.parse(decided), `${x.number} decided before it was assessed`).toBeGreaterThanOrEqual(assessed);
    if (!x.workDoneOn) continue;
    expect(x.workDoneOn >= siteDate(x.assessedAt) && x.workDoneOn <= today, `${x.number} done ${x.workDoneOn}, assessed ${x.assessedAt}`).toBe(true);
    expect(siteDate(leftBy(visits, 'service-done')!) >= x.workDoneOn, `${x.number} reported done before the work`).toBe(true);
    if (!x.confirmedOn) continue;
    const confirmation = (await api.get(`/api/communications/${x.confirmationCommunication!.id}`)).json() as { occurredAt: string; direction: string };
    expect(confirmation.direction).toBe('in');
    expect(siteDate(confirmation.occurredAt)).toBe(x.confirmedOn);
    expect(x.confirmedOn >= x.workDoneOn, `${x.number} confirmed before the work was done`).toBe(true);
    expect(Date.parse(leftBy(visits, 'confirm')!), `${x.number} closed before the customer confirmed`).toBeGreaterThanOrEqual(
      Date.parse(confirmation.occurredAt),
    );
  }

  // the value segments are computed: the key account is classed, and the list filters by class
  const segment = (await api.get(`/api/customers/${keyAccountId}/segment`)).json() as { segment: { abcClass: string | null } | null };
  expect(segment.segment?.abcClass).toMatch(/^[ABC]$/);
  const classA = (await api.get('/api/customers?segment=A&pageSize=50')).json() as { total: number };
  expect(classA.total).toBeGreaterThanOrEqual(1);
}

describe.each(engines())('demo company on %s', (engine) => {
  // loading a company through the services is the slowest test there is: a wider limit than the rest (with the
  // engineering records, the short 8D and the story checks it took 410 s on PGlite on a 2-core machine under 7 other runs)
  it('loads a living company through the services: customers, contacts, every channel, search, history, follow-ups', { timeout: 600_000 }, async () => {
    const { app, database, dataDir } = await testApp(engine);
    expect(await hasCustomers(database.db)).toBe(false);
    const summary = await loadDemo(database.db, { adminPassword: ADMIN_PASSWORD, scale: 0.2, dataDir });
    expect(summary.customers).toBe(6);
    expect(summary.users).toBe(demoUsers.length);
    expect(summary.communications).toBeGreaterThan(50);
    expect(summary.corrections).toBeGreaterThanOrEqual(1);
    // orders at the steps of a normal day, through the order procedure v2
    expect(summary.orders.states).toEqual({ closed: 1, 'continuous-review': 1, production: 1, clarification: 1, 'contract-review': 1, shipment: 1 });
    expect(await hasCustomers(database.db)).toBe(true);
    // the rest of the week: quotations at each step, the survey, visits, meetings, an internal plan
    expect(summary.work.quotations).toEqual({ accepted: 1, sent: 1, approval: 1, draft: 1 });
    // every accepted customer but the lapsed one is surveyed; all but the last answered
    expect(summary.work.survey.recipients).toBe(4);
    expect(summary.work.survey.responses).toBe(3);
    expect(summary.work.visits).toEqual({ notice: 1, closed: 1 });
    // the key account's 8D at D3 (containment under way), a new complaint waiting for QA's assessment
    expect(summary.work.complaints).toEqual({ 'd3-containment': 1, assessment: 1 });
    expect(summary.work.plans).toEqual({ feedback: 1 });
    // the engineering and quality records at their states, the short 8D, the segments computed
    expect(summary.records.samples).toEqual({ approved: 2, rejected: 1, 'awaiting-customer': 1, sent: 1 });
    expect(summary.records.questions).toEqual({ signed: 1, answered: 1, open: 1 });
    expect(summary.records.anomalies).toEqual({ open: 2, closed: 1 });
    expect(summary.records.shortComplaints).toEqual({ 'short-d5-correction': 1, 'short-d3-containment': 1 });
    expect(summary.records.segments.customers).toBeGreaterThanOrEqual(4);
    expect(summary.records.segments.A).toBeGreaterThanOrEqual(1);
    // after-sales service: a request at each step of the procedure, of every kind, in and out of warranty; the rules
    expect(summary.service.states).toEqual({ received: 1, assessment: 1, approval: 1, service: 1, 'customer-confirmation': 1, closed: 1 });
    expect(summary.service.kinds).toEqual({ repair: 3, 'technical-support': 1, installation: 1, return: 1 });
    expect(summary.service.warranty.out).toBe(1);
    expect(summary.service.warranty.in).toBeGreaterThanOrEqual(3);
    expect(summary.service.rules).toBe(3);

    const { api } = await adminClient(app);

    // the first customers of the master list, with the scripted key account SZ001
    const customers = (await api.get('/api/customers?pageSize=50')).json() as { total: number; items: CustomerItem[] };
    expect(customers.total).toBe(6);
    expect(customers.items.map((c) => c.code)).toEqual(['DE001', 'DG001', 'HK001', 'NB001', 'SU001', 'SZ001']);
    const keyAccount = customers.items.find((c) => c.code === 'SZ001')!;
    expect(keyAccount).toMatchObject({ nameZh: '深圳市恒信电子有限公司', status: 'active', acceptedByGm: true, contactDue: false });
    const prospect = customers.items.find((c) => c.code === 'NB001')!;
    expect(prospect).toMatchObject({ status: 'prospect', acceptedByGm: false });
    for (const c of customers.items) {
      const detail = (await api.get(`/api/customers/${c.id}`)).json() as {
        contacts: { name: string; phone?: string | null; isPrimary: boolean }[];
        lastContactAt: string | null;
      };
      expect(detail.contacts.length, c.code).toBeGreaterThanOrEqual(1);
      expect(detail.contacts.filter((x) => x.isPrimary)).toHaveLength(1);
      expect(detail.lastContactAt, c.code).not.toBeNull();
    }
    const key = (await api.get(`/api/customers/${keyAccount.id}`)).json() as { contacts: { name: string; title: string; email: string }[] };
    expect(key.contacts.map((c) => c.name).sort()).toEqual(['刘建明', '郑伟', '黄晓燕'].sort());
    expect(key.contacts.find((c) => c.name === '刘建明')).toMatchObject({ title: '采购经理', email: 'liujianming@hengxin-elec.example' });

    // a customer not contacted within its cadence is due (SU001 is the lapsed one)
    const due = (await api.get('/api/customers?contactDue=true&pageSize=50')).json() as { items: CustomerItem[] };
    expect(due.items.map((c) => c.code)).toContain('SU001');
    expect(due.items.every((c) => c.contactDue)).toBe(true);

    // the communication log covers all eight channels and both directions
    const comms = (await api.get('/api/communications?pageSize=200')).json() as { total: number; items: CommunicationItem[] };
    // each answered enquiry logged its answer as a communication too
    expect(comms.total).toBe(
      summary.communications +
        summary.enquiries.answered +
        summary.orders.communications +
        summary.work.communications +
        summary.records.communications +
        summary.service.communications,
    );
    // each service request: the customer's message, and our answer once answered; the customer's confirmation when closed
    expect(summary.service.communications).toBe(6 + 5 + 1);
    expect(summary.work.communications).toBeGreaterThanOrEqual(6);
    expect(new Set(comms.items.map((c) => c.channel))).toEqual(new Set(channels));
    expect(comms.items.some((c) => c.direction === 'in') && comms.items.some((c) => c.direction === 'out')).toBe(true);
    // English for the foreign OEM, Chinese for the domestic ones
    // (what the procedures log — survey links, visit notices — carries bilingual subjects: "满意度调查 Customer satisfaction survey")
    const german = comms.items.filter((c) => c.partyCode === 'DE001');
    expect(german.every((c) => /[A-Za-z]{3}/.test(c.subject))).toBe(true);
    expect(german.filter((c) => /^[\x20-\x7e–äöüÄÖÜß]+$/.test(c.subject)).length).toBeGreaterThan(german.length / 2);
    expect(comms.items.filter((c) => c.partyCode === 'DG001').some((c) => /\p{Script=Han}/u.test(c.subject))).toBe(true);

    // a Chinese word finds the complaint and its 8D
    const search = (await api.get(`/api/search?q=${encodeURIComponent('开裂')}`)).json() as { hits: { ref: { type: string; id: string }; title: string }[] };
    const found = search.hits.filter((h) => h.ref.type === 'communication');
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found.some((h) => h.title.includes('HX-310A'))).toBe(true);

    // the corrected complaint keeps its first version in the history, with the reason
    const complaint = comms.items.find((c) => c.subject === '客户投诉：HX-310A 外壳卡扣开裂')!;
    const history = (await api.get(`/api/history/communication/${complaint.id}`)).json() as {
      entries: { action: string; reason: string | null; before: { content?: string } | null; after: { content?: string } | null }[];
    };
    expect(history.entries.map((e) => e.action)).toEqual(['create', 'correct']);
    const correction = history.entries[1]!;
    expect(correction.reason).toMatch(/73 应为 37/);
    expect(correction.before?.content).toContain('不良 73 pcs');
    expect(correction.after?.content).toContain('不良 37 pcs');

    // follow-ups: some overdue, some still ahead, some done
    const overdue = (await api.get('/api/communications?followUp=overdue&pageSize=200')).json() as { items: CommunicationItem[] };
    expect(overdue.items.some((c) => c.subject === '提交 HX-310A 开裂 8D 报告')).toBe(true);
    const open = (await api.get('/api/communications?followUp=open&pageSize=200')).json() as { items: CommunicationItem[] };
    expect(open.items.some((c) => c.followUpDue && new Date(c.followUpDue) > new Date())).toBe(true);
    expect(comms.items.some((c) => c.followUpDoneAt)).toBe(true);

    // enquiries ran the enquiry procedure: answered ones (mostly within the deadline), waiting ones open on the flowchart
    expect(summary.enquiries.answered).toBeGreaterThan(0);
    expect(summary.enquiries.closed).toBeLessThanOrEqual(summary.enquiries.answered);
    const report = (await api.get('/api/procedures/enquiry/report?from=2000-01-01T00:00:00Z')).json() as {
      started: number;
      steps: { stepId: string; completed: number; timed: number; onTime: number; avgGrossHours: number }[];
    };
    expect(report.started).toBe(summary.enquiries.answered + summary.enquiries.waiting);
    const received = report.steps.find((x) => x.stepId === 'received')!;
    expect(received.completed).toBe(summary.enquiries.answered);
    expect(received.onTime).toBeGreaterThan(0);
    expect(received.avgGrossHours).toBeGreaterThan(0);
    const counts = (await api.get('/api/procedures/enquiry/counts')).json() as { steps: { stepId: string; open: number }[] };
    expect(counts.steps.find((x) => x.stepId === 'received')!.open).toBe(summary.enquiries.waiting);

    // each person finds the demo's work waiting on them: the GM a quote to approve, engineering the audit notice
    // and the meeting's action, QA (the management representative) the survey's improvement step
    type Work = { items: { kind: string; ref: { type: string } }[] };
    const workOf = async (username: string) =>
      (await client(app, await signIn(app, username, DEMO_USER_PASSWORD)).get('/api/my-work?pageSize=200')).json() as Work;
    const gmWork = await workOf('zhanggq');
    expect(gmWork.items.some((i) => i.kind === 'step' && i.ref.type === 'quotation')).toBe(true);
    const engWork = await workOf('huangwei');
    expect(engWork.items.some((i) => i.kind === 'acknowledge' && i.ref.type === 'visit')).toBe(true);
    expect(engWork.items.some((i) => i.kind === 'action')).toBe(true);
    expect(engWork.items.some((i) => i.kind === 'reply' && i.ref.type === 'communication-plan')).toBe(true);
    const quotes = (await api.get('/api/quotations?pageSize=50')).json() as { total: number };
    expect(quotes.total).toBe(4);
    const campaigns = (await api.get('/api/survey-campaigns')).json() as { items: { id: string }[] };
    const analysis = (await api.get(`/api/survey-campaigns/${campaigns.items[0]!.id}/analysis`)).json() as { overall: { responses: number } };
    expect(analysis.overall.responses).toBe(3);

    await expectStoryInOrder(api, keyAccount.id);

    // the VP finds the return to approve; the after-sales KPI has a value, the late repair among its failing steps
    const vpWork = await workOf('sunli');
    expect(vpWork.items.some((i) => i.kind === 'step' && i.ref.type === 'service-request')).toBe(true);
    const month = (daysAgo: number) => siteDate(new Date(Date.now() - daysAgo * 86_400_000).toISOString()).slice(0, 7);
    const kpi = (await api.get(`/api/kpis/service-steps-late/records?from=${month(62)}&to=${month(0)}`)).json() as {
      kpi: { total: { value: number | null } };
      items: { failing: boolean; detail: string | null; title: string; partyName: string | null }[];
    };
    expect(kpi.kpi.total.value).toBeGreaterThan(0);
    expect(kpi.items.some((i) => i.failing && i.detail?.startsWith('service:'))).toBe(true);
    // each row names its service request and customer (the drill-down an auditor clicks)
    expect(kpi.items.length).toBeGreaterThan(0);
    for (const i of kpi.items) {
      expect(i.title).toMatch(/^SR-\d{4}-\d+ · /);
      expect(i.partyName).toBeTruthy();
    }

    // the GM's acceptance is in the customer's history
    const accepted = (await api.get(`/api/history/customer/${keyAccount.id}`)).json() as { entries: { action: string; actorName: string | null }[] };
    expect(accepted.entries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'accept', actorName: '张国强' })]));
  });

  // it loads the company too (scale 0.1): the wider limit of the loading test
  it('lets every demo user sign in with the printed password, without a forced password change', { timeout: 300_000 }, async () => {
    const { app, database } = await testApp(engine);
    await loadDemo(database.db, { adminPassword: ADMIN_PASSWORD, scale: 0.1 });
    for (const u of demoUsers) {
      const session = await signIn(app, u.username, DEMO_USER_PASSWORD);
      const me = (await client(app, session).get('/api/auth/me')).json() as { roles: string[]; mustChangePassword: boolean; locale: string };
      expect([...me.roles].sort(), u.username).toEqual([...u.roles].sort());
      expect(me.mustChangePassword, u.username).toBe(false);
      expect(me.locale).toBe(u.locale);
    }
    // Sales (manager and clerk, with the sales duty role) see the contacts' personal data, Production does not
    const manager = client(app, await signIn(app, 'wangjg', DEMO_USER_PASSWORD));
    const clerk = client(app, await signIn(app, 'zhenghai', DEMO_USER_PASSWORD));
    const salesClerk = client(app, await signIn(app, 'lina', DEMO_USER_PASSWORD));
    const list = (await manager.get('/api/customers?pageSize=5')).json() as { items: { id: string }[] };
    const id = list.items[0]!.id;
    const asManager = (await manager.get(`/api/customers/${id}`)).json() as { contacts: { phone?: string | null }[] };
    const asClerk = (await clerk.get(`/api/customers/${id}`)).json() as { contacts: { phone?: string | null }[] };
    expect(asManager.contacts[0]!.phone).toMatch(/^\+\d+ /);
    expect(asClerk.contacts[0]!.phone ?? null).toBeNull();
    const asSalesClerk = (await salesClerk.get(`/api/customers/${id}`)).json() as { contacts: { phone?: string | null }[] };
    expect(asSalesClerk.contacts[0]!.phone).toMatch(/^\+\d+ /);
  });

  it('refuses to load with a wrong admin password', async () => {
    const { database } = await testApp(engine);
    await expect(loadDemo(database.db, { adminPassword: 'not-the-password', scale: 0.1 })).rejects.toThrow(/cannot sign in as admin/);
    expect(await hasCustomers(database.db)).toBe(false);
  });
});
