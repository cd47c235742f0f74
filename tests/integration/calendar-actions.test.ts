import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR, WorkingCalendar, recomputeProvisionalClocks } from '../../server/calendar/index.js';
import { siteToday } from '../../server/actions/index.js';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

describe.each(engines())('working calendar API on %s', (engine) => {
  it('adds working days over holidays and 调休, lists days with names, and refuses bad ranges', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    expect((await api.get('/api/calendar/working-days/add?start=2026-09-30&days=1')).json()).toEqual({ date: '2026-10-08', provisional: false });
    expect((await api.get('/api/calendar/working-days/add?start=2026-10-09&days=1')).json()).toEqual({ date: '2026-10-10', provisional: false });
    expect((await api.get('/api/calendar/working-days/add?start=2027-03-01&days=3')).json()).toMatchObject({ provisional: true });
    const days = (await api.get('/api/calendar/days?from=2026-10-01&to=2026-10-10')).json();
    expect(days.days.map((d: { working: boolean }) => d.working)).toEqual([false, false, false, false, false, false, false, true, true, true]);
    expect(days.days[0]).toMatchObject({ type: 'holiday', name: { zh: '国庆节' } });
    expect(days.days[9]).toMatchObject({ date: '2026-10-10', type: 'adjusted-workday' });
    expectProblem(await api.get('/api/calendar/days?from=2026-01-01&to=2027-12-31'), 400, 'CALENDAR_RANGE_TOO_LARGE');
    expectProblem(await api.get('/api/calendar/working-days/add?start=2026-02-30&days=1'), 400, 'VALIDATION_FAILED');
    const settings = (await api.get('/api/calendar/settings')).json();
    expect(settings).toMatchObject({
      timeZone: 'Asia/Shanghai',
      workingHours: [
        { start: '08:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      publishedYears: [2025, 2026],
    });
    expect(settings.sources[1].source).toContain('2025-11-04');
  });

  it('a site shutdown moves open deadlines, logged on their records; only calendar managers may add one', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    const customer = (await admin.post('/api/customers', { code: 'CAL1', nameZh: '日历客户' })).json();
    // Friday 4 Dec 2026 16:00 → 24 working hours → Wednesday 9 Dec 16:00
    const c = (
      await clerk.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        topic: 'enquiry',
        occurredAt: '2026-12-04T08:00:00.000Z',
        subject: '询价',
        content: '询价',
      })
    ).json();
    const dueOf = async () => (await clerk.api.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items[0].clock.dueAt;
    expect(await dueOf()).toBe('2026-12-09T08:00:00.000Z');
    expectProblem(
      await clerk.api.post('/api/calendar/overrides', { date: '2026-12-07', type: 'shutdown', nameZh: '停电', nameEn: 'Power cut' }),
      403,
      'FORBIDDEN',
    );
    const shutdown = (
      await admin.post('/api/calendar/overrides', {
        date: '2026-12-07',
        type: 'shutdown',
        nameZh: '停电检修',
        nameEn: 'Power maintenance',
        reason: '供电局通知',
      })
    ).json();
    expect(await dueOf()).toBe('2026-12-10T08:00:00.000Z');
    const history = (await admin.get(`/api/history/communication/${c.id}`)).json();
    const recomputed = history.entries.find((e: { action: string }) => e.action === 'clock.recomputed');
    expect(recomputed).toMatchObject({ before: { dueAt: '2026-12-09T08:00:00.000Z' }, after: { dueAt: '2026-12-10T08:00:00.000Z' } });
    expect((await admin.get('/api/calendar/days?from=2026-12-07&to=2026-12-07')).json().days[0]).toMatchObject({ type: 'shutdown', working: false });
    await admin.post(`/api/calendar/overrides/${shutdown.id}/void`, { version: shutdown.version, reason: '取消停电' });
    expect(await dueOf()).toBe('2026-12-09T08:00:00.000Z');
  });

  it('marks deadlines in an unpublished year provisional and recomputes them when the data arrives', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const customer = (await admin.post('/api/customers', { code: 'CAL2', nameZh: '跨年客户' })).json();
    const c = (
      await admin.post('/api/communications', {
        partyId: customer.id,
        channel: 'email',
        direction: 'in',
        topic: 'enquiry',
        occurredAt: '2026-12-31T08:00:00.000Z',
        subject: '年底询价',
        content: '元旦前后询价',
      })
    ).json();
    const clockOf = async () => (await admin.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items[0].clock;
    const before = await clockOf();
    expect(before.provisional).toBe(true);
    // the 2027 notice arrives: 1–3 January off
    const cn2027 = {
      year: 2027,
      version: 'cn-2027.1',
      source: { issuer: '国务院办公厅', title: '2027 test notice', published: '2026-11-20' },
      days: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, type: 'holiday' as const, name: { zh: '元旦', en: "New Year's Day" } })),
    };
    const calendar = new WorkingCalendar({ national: [...CN_NATIONAL_CALENDAR, cn2027] });
    const changed = await database.db.transaction((tx) => recomputeProvisionalClocks(tx, calendar));
    expect(changed).toBe(1);
    const after = await clockOf();
    expect(after).toMatchObject({ provisional: false, calendarVersion: calendar.version });
    // 31 Dec 16:00: 1.5 h, then Monday 4 Jan 8 h, Tuesday 5 Jan 8 h, Wednesday 6 Jan 6.5 h → 16:00
    expect(after.dueAt).toBe('2027-01-06T08:00:00.000Z');
    const history = (await admin.get(`/api/history/communication/${c.id}`)).json();
    expect(history.entries.at(-1)).toMatchObject({ action: 'clock.recomputed', before: { provisional: true }, after: { provisional: false } });
  });
});

describe.each(engines())('national holiday notices on %s', (engine) => {
  const range = (from: string, to: string, zh: string, en: string) => {
    const out: { date: string; type: 'holiday'; name: { zh: string; en: string } }[] = [];
    for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
      out.push({ date: d, type: 'holiday', name: { zh, en } });
    return out;
  };
  const work = (date: string, zh: string, en: string) => ({ date, type: 'workday' as const, name: { zh, en } });
  // a 2027 notice as the State Council might publish it (test data)
  const notice2027 = {
    year: 2027,
    source: {
      issuer: '国务院办公厅',
      title: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
      documentNumber: '国办发明电〔2026〕99号',
      published: '2026-11-20',
    },
    days: [
      ...range('2027-01-01', '2027-01-03', '元旦', "New Year's Day"),
      ...range('2027-02-05', '2027-02-13', '春节', 'Spring Festival'),
      work('2027-02-20', '春节', 'Spring Festival'),
      ...range('2027-04-03', '2027-04-05', '清明节', 'Qingming Festival'),
      ...range('2027-05-01', '2027-05-05', '劳动节', 'Labour Day'),
      work('2027-04-25', '劳动节', 'Labour Day'),
      ...range('2027-06-09', '2027-06-09', '端午节', 'Dragon Boat Festival'),
      ...range('2027-09-15', '2027-09-15', '中秋节', 'Mid-Autumn Festival'),
      ...range('2027-10-01', '2027-10-07', '国庆节', 'National Day'),
      work('2027-09-26', '国庆节', 'National Day'),
      work('2027-10-09', '国庆节', 'National Day'),
    ],
  };

  it('estimates an unpublished year from the holiday law, imports its notice, and recomputes the provisional deadlines', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'xiaoliu', ['staff'], 'sales');
    const customer = (await admin.post('/api/customers', { code: 'NAT1', nameZh: '跨年客户' })).json();
    // 元旦 2027 is a statutory holiday: not a working day even before the notice
    expect((await admin.get('/api/calendar/days?from=2027-01-01&to=2027-01-01')).json().days[0]).toMatchObject({
      type: 'holiday',
      working: false,
      provisional: true,
      name: { zh: '元旦' },
    });
    const years = (await admin.get('/api/calendar/national')).json();
    expect(years.items.slice(0, 3).map((y: { year: number; status: string }) => [y.year, y.status])).toEqual([
      [2025, 'shipped'],
      [2026, 'shipped'],
      [2027, 'provisional'],
    ]);
    // an enquiry on Thursday 2027-02-04 16:00: 24 working hours over the estimated 春节 (02-05…08 and the make-up days 02-09/10)
    const c = (
      await admin.post('/api/communications', {
        partyId: customer.id,
        channel: 'email',
        direction: 'in',
        topic: 'enquiry',
        occurredAt: '2027-02-04T08:00:00.000Z',
        subject: '节前询价',
        content: '春节前询价',
      })
    ).json();
    const clockOf = async () => (await admin.get(`/api/procedure-instances?refType=communication&refId=${c.id}`)).json().items[0].clock;
    expect(await clockOf()).toMatchObject({ dueAt: '2027-02-15T08:00:00.000Z', provisional: true });
    // My work says the deadline is provisional
    const workItem = async () =>
      ((await clerk.api.get('/api/my-work')).json().items as { ref: { id: string }; dueAt: string; provisional: boolean }[]).find((w) => w.ref.id === c.id);
    expect(await workItem()).toMatchObject({ dueAt: '2027-02-15T08:00:00.000Z', provisional: true });

    // refusals: not an administrator; a statutory day left out; a weekday declared a 调休 working day
    expectProblem(await clerk.api.post('/api/calendar/national', notice2027), 403, 'FORBIDDEN');
    const missing = await admin.post('/api/calendar/national', { ...notice2027, days: notice2027.days.filter((d) => d.date !== '2027-06-09') });
    expectProblem(missing, 422, 'CALENDAR_NOTICE_MISSING_STATUTORY');
    expect(missing.json().errors[0].message).toContain('2027-06-09');
    const weekday = await admin.post('/api/calendar/national', { ...notice2027, days: [...notice2027.days, work('2027-03-03', '春节', 'Spring Festival')] });
    expectProblem(weekday, 422, 'CALENDAR_NOTICE_INVALID');
    expect(weekday.json().errors[0].path).toBe(`body.days.${notice2027.days.length}.date`);
    expect((await admin.get('/api/calendar/national')).json().items[2].status).toBe('provisional');

    const imported = (await admin.post('/api/calendar/national', notice2027)).json();
    expect(imported).toMatchObject({ year: 2027, dataVersion: 'cn-2027.i1', recomputed: 1 });
    expect(imported.calendarVersion).toContain('cn-2027.i1');
    // the notice gives 02-05…13 off: the deadline moves to Wednesday 02-17 and is final
    expect(await clockOf()).toMatchObject({ dueAt: '2027-02-17T08:00:00.000Z', provisional: false });
    expect(await workItem()).toMatchObject({ dueAt: '2027-02-17T08:00:00.000Z', provisional: false });
    const history = (await admin.get(`/api/history/communication/${c.id}`)).json();
    expect(history.entries.at(-1)).toMatchObject({
      action: 'clock.recomputed',
      before: { dueAt: '2027-02-15T08:00:00.000Z', provisional: true },
      after: { dueAt: '2027-02-17T08:00:00.000Z', provisional: false },
    });
    expect((await admin.get('/api/calendar/days?from=2027-02-20&to=2027-02-20')).json().days[0]).toMatchObject({
      type: 'adjusted-workday',
      working: true,
      provisional: false,
    });
    const after = (await admin.get('/api/calendar/national')).json().items.find((y: { year: number }) => y.year === 2027);
    expect(after).toMatchObject({ status: 'imported', dataVersion: 'cn-2027.i1', version: 1, source: { documentNumber: '国办发明电〔2026〕99号' } });
    expect((await admin.get('/api/calendar/settings')).json().publishedYears).toEqual([2025, 2026, 2027]);

    // a correction needs the version read and a reason
    expectProblem(await admin.post('/api/calendar/national', notice2027), 409, 'CALENDAR_NOTICE_EXISTS');
    expectProblem(await admin.post('/api/calendar/national', { ...notice2027, version: 1 }), 422, 'REASON_REQUIRED');
    const corrected = (
      await admin.post('/api/calendar/national', {
        ...notice2027,
        days: notice2027.days.filter((d) => d.date !== '2027-02-20'),
        version: 1,
        reason: '通知更正：2月20日不调休',
      })
    ).json();
    expect(corrected).toMatchObject({ dataVersion: 'cn-2027.i2' });
    expect((await admin.get('/api/calendar/days?from=2027-02-20&to=2027-02-20')).json().days[0]).toMatchObject({ type: 'weekend', working: false });
    const audit = await rows<{ action: string; reason: string | null }>(
      database.db,
      sql`select action, reason from audit_log where ref_type = 'calendar' and action like 'national.%' order by id`,
    );
    expect(audit).toEqual([
      { action: 'national.import', reason: null },
      { action: 'national.replace', reason: '通知更正：2月20日不调休' },
    ]);
  });
});

describe.each(engines())('action items on %s', (engine) => {
  it('assigns, completes with evidence, verifies; not effective reopens; refusals named', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const manager = await userWithRoles(app, admin, 'wang', ['manager'], 'quality');
    const owner = await userWithRoles(app, admin, 'li', ['staff'], 'quality');
    const verifier = await userWithRoles(app, admin, 'zhao', ['staff'], 'quality');
    const customer = (await admin.post('/api/customers', { code: 'ACT1', nameZh: '措施客户' })).json();
    const base = { sourceType: 'customer', sourceId: customer.id, title: '更新包装作业指导书', ownerId: owner.id, department: 'quality' };
    // dates relative to today, so the test holds whenever it runs
    const today = siteToday('Asia/Shanghai');
    const due = (await admin.get(`/api/calendar/working-days/add?start=${today}&days=10`)).json().date as string;
    const later = (await admin.get(`/api/calendar/working-days/add?start=${today}&days=40`)).json().date as string;
    const days = (await admin.get(`/api/calendar/days?from=${today}&to=${later}`)).json().days as { date: string; working: boolean }[];
    const dayOff = days.find((d) => !d.working && d.date > today)!.date;
    expectProblem(await owner.api.post('/api/actions', { ...base, dueDate: due }), 403, 'FORBIDDEN');
    expectProblem(await manager.api.post('/api/actions', { ...base, dueDate: '2026-10-09' }), 422, 'DUE_DATE_IN_PAST');
    const weekend = expectProblem(await manager.api.post('/api/actions', { ...base, dueDate: dayOff }), 422, 'DUE_DATE_NOT_WORKING_DAY');
    expect(weekend.errors![0]!.path).toBe('body.dueDate');
    expectProblem(await manager.api.post('/api/actions', { ...base, dueDate: due, department: 'nowhere' }), 422, 'LINKED_RECORD_NOT_FOUND');

    const created = (
      await manager.api.post('/api/actions', {
        ...base,
        dueDate: due,
        verification: { method: '抽查 3 批出货包装', criterion: '无破损', date: later, verifierId: verifier.id },
      })
    ).json();
    expect(created).toMatchObject({ number: 'A00001', status: 'open', ownerName: 'li', dueAt: `${due}T09:30:00.000Z`, source: { title: 'ACT1 措施客户' } });
    expect((await owner.api.get(`/api/actions?ownerId=${owner.id}`)).json().total).toBe(1);

    expectProblem(await verifier.api.post(`/api/actions/${created.id}/complete`, { version: 1, evidence: 'x' }), 403, 'NOT_ACTION_OWNER');
    expectProblem(await verifier.api.post(`/api/actions/${created.id}/verify`, { version: 1, result: 'effective', note: 'ok' }), 409, 'ACTION_WRONG_STATUS');
    const done = (await owner.api.post(`/api/actions/${created.id}/complete`, { version: 1, evidence: 'WI-PK-003 rev.B 已发布' })).json();
    expect(done).toMatchObject({ status: 'done', evidence: 'WI-PK-003 rev.B 已发布' });
    expectProblem(await owner.api.post(`/api/actions/${created.id}/verify`, { version: 2, result: 'effective', note: 'ok' }), 403, 'NOT_VERIFIER');
    const reopened = (await verifier.api.post(`/api/actions/${created.id}/verify`, { version: 2, result: 'not-effective', note: '第二批仍有破损' })).json();
    expect(reopened).toMatchObject({ status: 'open', verificationResult: 'not-effective', completedAt: null });
    await owner.api.post(`/api/actions/${created.id}/complete`, { version: 3, evidence: '改用加厚纸箱' });
    const verified = (await verifier.api.post(`/api/actions/${created.id}/verify`, { version: 4, result: 'effective', note: '三批无破损' })).json();
    expect(verified).toMatchObject({ status: 'verified', verificationResult: 'effective' });
    const history = (await admin.get(`/api/history/action/${created.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'complete', 'reopen', 'complete', 'verify']);
    expectProblem(await manager.api.post(`/api/actions/${created.id}/cancel`, { version: 5, reason: 'too late' }), 409, 'ACTION_WRONG_STATUS');
  });
});
