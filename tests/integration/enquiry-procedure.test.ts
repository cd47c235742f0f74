import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { sweepClocks } from '../../server/procedures/index.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

/** Walkthrough of the shipped enquiry procedure (procedures/enquiry/v1.yaml), start to close, with its refusals. */
describe.each(engines())('enquiry procedure on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'qa', ['staff'], 'quality');
    const manager = await userWithRoles(t.app, admin, 'wang', ['manager'], 'sales');
    const gm = await userWithRoles(t.app, admin, 'boss', ['gm'], 'gm-office');
    const customer = (await admin.post('/api/customers', { code: 'NB-01', nameZh: '宁波汽车零部件有限公司', contacts: [{ name: '刘工' }] })).json();
    return { ...t, admin, clerk, qa, manager, gm, customer };
  }

  const enquiry = (partyId: string, occurredAt: string) => ({
    partyId,
    channel: 'email',
    direction: 'in',
    topic: 'enquiry',
    occurredAt,
    subject: '询问 RY-2045 交期',
    content: '请问 RY-2045 5000 件最快什么时候可以交货？',
  });

  it('starts on an incoming enquiry, times it on the working calendar, and runs to close with the refusals', async () => {
    const { app, database, clerk, qa, manager, customer } = await setup();
    // Wednesday 30 September 2026, 16:00 in Shanghai: National Day follows (1–7 Oct), Saturday 10 Oct is a working day (调休)
    const c = (await clerk.api.post('/api/communications', enquiry(customer.id, '2026-09-30T08:00:00.000Z'))).json();
    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items;
    expect(instance).toMatchObject({ procedureId: 'enquiry', procedureVersion: 1, state: 'received', status: 'open', version: 1 });
    // 24 working hours of 08:00–12:00 + 13:30–17:30: 1.5 h on 30 Sep, 8 h on 8 and 9 Oct, 6.5 h on Saturday 10 Oct → 16:00
    expect(instance.clock).toMatchObject({ dueAt: '2026-10-10T08:00:00.000Z', provisional: false, status: 'running' });
    expect(instance.actions.map((a: { transitionId: string }) => a.transitionId)).toEqual(['answer']);

    // an outgoing communication on the same topic starts nothing
    const out = (await clerk.api.post('/api/communications', { ...enquiry(customer.id, '2026-09-30T09:00:00.000Z'), direction: 'out' })).json();
    expect((await clerk.api.get(`/api/procedure-instances?refType=communication&refId=${out.id}`)).json().items).toEqual([]);

    const visits = async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from procedure_step_visits`))[0]!.n;
    const before = await visits();
    const url = `/api/procedure-instances/${instance.id}/transitions`;
    // wrong department
    expectProblem(await qa.api.post(url, { version: 1, transitionId: 'answer', fields: { answer: '10 月 20 日' } }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    // wrong role for withdrawing
    expectProblem(await clerk.api.post(url, { version: 1, transitionId: 'withdraw', reason: '重复' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    // wrong state
    expectProblem(await clerk.api.post(url, { version: 1, transitionId: 'close' }), 409, 'PROCEDURE_WRONG_STATE');
    // missing field, named
    const missing = expectProblem(await clerk.api.post(url, { version: 1, transitionId: 'answer', fields: { answer: '  ' } }), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(missing.errors!.map((e) => e.path)).toEqual(['body.fields.answer']);
    // a manager withdrawing must give a reason
    expectProblem(await manager.api.post(url, { version: 1, transitionId: 'withdraw' }), 422, 'REASON_REQUIRED');
    // stale version
    expectProblem(await clerk.api.post(url, { version: 7, transitionId: 'answer', fields: { answer: 'x' } }), 409, 'VERSION_CONFLICT');
    expect(await visits()).toBe(before);

    // answer: the reply is logged as an outgoing communication linked to the enquiry
    const answered = (await clerk.api.post(url, { version: 1, transitionId: 'answer', fields: { answer: '5000 件可于 10 月 20 日交货。' } })).json();
    expect(answered).toMatchObject({ state: 'answered', version: 2, clock: null });
    expect(answered.actions.map((a: { transitionId: string }) => a.transitionId)).toEqual(['close']);
    const replies = (await clerk.api.get(`/api/communications?linkType=communication&linkId=${c.id}`)).json().items;
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ direction: 'out', content: '5000 件可于 10 月 20 日交货。', ourUserName: 'clerk' });

    const closed = (await clerk.api.post(url, { version: 2, transitionId: 'close' })).json();
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', actions: [] });
    expect(closed.history.map((h: { stepId: string; transitionId: string | null }) => `${h.stepId}:${h.transitionId}`)).toEqual([
      'received:answer',
      'answered:close',
      'closed:null',
    ]);
    expectProblem(await clerk.api.post(url, { version: 3, transitionId: 'close' }), 409, 'PROCEDURE_WRONG_STATE');

    // the auditor's view: every move is in the record's history, with who and when
    const history = (await clerk.api.get(`/api/history/communication/${c.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'procedure.start', 'procedure.answer', 'procedure.close']);

    // the flowchart counts: nothing open any more
    const counts = (await clerk.api.get('/api/procedures/enquiry/counts')).json();
    expect(counts.steps.find((s: { stepId: string }) => s.stepId === 'received').open).toBe(0);
    void app;
  });

  it('escalates a late enquiry to the assignee, the sales manager, then VP/GM — once each, even with two sweepers', async () => {
    const { app, database, clerk, manager, gm, customer } = await setup();
    const c = (await clerk.api.post('/api/communications', enquiry(customer.id, '2026-11-02T01:00:00.000Z'))).json();
    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items;
    const due = new Date(instance.clock.dueAt);
    const started = new Date('2026-11-02T01:00:00.000Z');
    const at = (percent: number) => new Date(started.getTime() + ((due.getTime() - started.getTime()) * percent) / 100 + 1000);
    const inbox = async (api: typeof clerk.api) => (await api.get('/api/notifications')).json().items.map((n: { messageKey: string }) => n.messageKey);

    expect((await sweepClocks(database.db, at(50))).notified).toBe(0);
    await Promise.all([sweepClocks(database.db, at(85)), sweepClocks(database.db, at(85))]);
    expect(await inbox(clerk.api)).toEqual(['clock.dueSoon']);
    // the message names the procedure and its step (step ids repeat across procedures)
    expect((await clerk.api.get('/api/notifications')).json().items[0].params).toMatchObject({ procedure: 'enquiry', step: 'received', percent: '80' });
    expect(await inbox(manager.api)).toEqual([]);
    await sweepClocks(database.db, at(120));
    expect(await inbox(manager.api)).toEqual(['clock.overdue']);
    expect(await inbox(clerk.api)).toEqual(['clock.overdue', 'clock.dueSoon']);
    await sweepClocks(database.db, at(250));
    await sweepClocks(database.db, at(260));
    expect(await inbox(gm.api)).toEqual(['clock.escalated']);
    expect((await sweepClocks(database.db, at(900))).checked).toBe(0);
    // the overdue count shows on the flowchart
    const counts = (await clerk.api.get('/api/procedures/enquiry/counts')).json();
    expect(counts.steps.find((s: { stepId: string }) => s.stepId === 'received')).toMatchObject({ open: 1, overdue: 1 });
    // and on the workbench's one request for what is due across every procedure
    const dueList = (await clerk.api.get('/api/procedure-instances/due')).json();
    expect(dueList.total).toBe(1);
    expect(dueList.items).toEqual([
      expect.objectContaining({ procedureId: 'enquiry', stepId: 'received', ref: { type: 'communication', id: c.id }, dueAt: instance.clock.dueAt }),
    ]);
    await drainOutbox(database.db);
    void app;
  });

  it('pauses and resumes the clock with a reason; the deadline moves by the paused time', async () => {
    const { clerk, customer } = await setup();
    const c = (await clerk.api.post('/api/communications', enquiry(customer.id, new Date().toISOString()))).json();
    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items;
    const base = `/api/procedure-instances/${instance.id}/clock`;
    expectProblem(await clerk.api.post(`${base}/resume`, { version: 1 }), 409, 'CLOCK_NOT_PAUSED');
    expectProblem(await clerk.api.post(`${base}/pause`, { version: 1 }), 400, 'VALIDATION_FAILED');
    const paused = (await clerk.api.post(`${base}/pause`, { version: 1, reason: '等待客户提供图纸' })).json();
    expect(paused.clock).toMatchObject({ status: 'paused' });
    expectProblem(await clerk.api.post(`${base}/pause`, { version: 2, reason: 'again' }), 409, 'CLOCK_NOT_RUNNING');
    const resumed = (await clerk.api.post(`${base}/resume`, { version: 2, reason: '图纸已收到' })).json();
    expect(resumed.clock.status).toBe('running');
    expect(new Date(resumed.clock.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(instance.clock.dueAt).getTime());
    const history = (await clerk.api.get(`/api/history/communication/${c.id}`)).json();
    expect(history.entries.filter((e: { action: string }) => e.action.startsWith('clock.')).map((e: { reason: string }) => e.reason)).toEqual([
      '等待客户提供图纸',
      '图纸已收到',
    ]);
  });

  it('reports gross and net time per step: the paused span is left out of net, late answers are not on time', async () => {
    const { database, clerk, customer } = await setup();
    // one enquiry answered late, with two hours paused waiting for the customer; one still open
    const c = (await clerk.api.post('/api/communications', enquiry(customer.id, '2026-09-30T08:00:00.000Z'))).json();
    await clerk.api.post('/api/communications', enquiry(customer.id, '2026-10-12T02:00:00.000Z'));
    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items;
    const base = `/api/procedure-instances/${instance.id}`;
    expect((await clerk.api.post(`${base}/clock/pause`, { version: 1, reason: '等待客户确认型号' })).statusCode).toBe(200);
    // two hours pass while paused (the database row is what the clock reads)
    await database.db.execute(sql`update clocks set paused_since = paused_since - interval '120 minutes' where owner_id = ${instance.id}`);
    expect((await clerk.api.post(`${base}/clock/resume`, { version: 2, reason: '客户已确认' })).statusCode).toBe(200);
    const answered = (await clerk.api.post(`${base}/transitions`, { version: 3, transitionId: 'answer', fields: { answer: '可以交货' } })).json();
    const [received] = answered.history;
    expect(received.stepId).toBe('received');
    expect(received.grossMinutes - received.netMinutes).toBe(120);
    expect(received.grossMinutes).toBe(Math.round((Date.parse(received.leftAt) - Date.parse('2026-09-30T08:00:00.000Z')) / 60_000));

    const report = (await clerk.api.get('/api/procedures/enquiry/report?from=2026-09-01T00:00:00Z')).json();
    expect(report).toMatchObject({ procedureId: 'enquiry', started: 2, closed: 0 });
    expect(report.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['received', 'answered']);
    const step = report.steps[0];
    expect(step).toMatchObject({ entered: 2, completed: 1, timed: 1, onTime: 0, open: 1, pausedHours: 2 });
    expect(step.avgGrossHours - step.avgNetHours).toBeCloseTo(2, 1);
    expect(step.medianNetHours).toBeCloseTo(step.avgNetHours, 1);
    expect(report.steps[1]).toMatchObject({ entered: 1, completed: 0, open: 1, avgNetHours: null });
    // a period before anything happened is empty; a reversed period is refused
    const empty = (await clerk.api.get('/api/procedures/enquiry/report?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z')).json();
    expect(empty).toMatchObject({ started: 0, steps: [{ entered: 0, avgGrossHours: null }, { entered: 0 }] });
    expectProblem(await clerk.api.get('/api/procedures/enquiry/report?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 400, 'VALIDATION_FAILED');
    expectProblem(await clerk.api.get('/api/procedures/nothing/report'), 404, 'PROCEDURE_NOT_FOUND');
  });

  it('publishes the definition, its BPMN with lanes, and refuses unknown procedures', async () => {
    const { clerk } = await setup();
    const list = (await clerk.api.get('/api/procedures')).json();
    expect(list.items).toContainEqual(expect.objectContaining({ id: 'enquiry', documentNo: 'RY-B/Q/XS-02', versions: [1] }));
    const def = (await clerk.api.get('/api/procedures/enquiry')).json();
    expect(def.steps.map((s: { id: string }) => s.id)).toEqual(['received', 'answered', 'closed']);
    const bpmn = await clerk.api.get('/api/procedures/enquiry/bpmn');
    expect(bpmn.headers['content-type']).toContain('xml');
    expect(bpmn.body).toContain('<bpmn:lane');
    expect(bpmn.body).toContain('市场部（业务/发货）');
    expectProblem(await clerk.api.get('/api/procedures/nothing'), 404, 'PROCEDURE_NOT_FOUND');
  });
});
